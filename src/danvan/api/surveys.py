"""Surveys over HTTP: the surveys the caller reads with what each asks (enough for another
system to draw the answer form), their results, the satisfaction index as the index page shows
it, the question library, and answering an open survey by its public key.

Who sees what is decided by `danvan.surveys.access` only, as on the pages: a survey the caller
may not read is answered 404, as if it did not exist. Answering goes through
`services.answering.submit_response`, the one reading of an answer sheet: each answer checked
against its question, display conditions applied, nothing kept when anything is wrong, the
same `key` sent twice kept once. No response names a person.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from collections.abc import Sequence
from typing import Any

from allauth.core import ratelimit
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import Throttled
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.lib.dates import day_start
from danvan.org.models import AdminLevel, AdminUnit, Organization
from danvan.org.selectors import organization_subtree
from danvan.surveys import access
from danvan.surveys.library import library
from danvan.surveys.models import Channel, QuestionKind, Survey, SurveyVersion
from danvan.surveys.satisfaction import Estimate, min_responses
from danvan.surveys.selectors.index import IndexRow, Period, index_table
from danvan.surveys.selectors.results import QuestionResult, results
from danvan.surveys.services.answering import submit_response

from .auth import AUTHENTICATED, OPTIONAL_TOKEN, staff_user
from .errors import refused
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.surveys import (
    IndexFilters,
    IndexOut,
    LibraryOut,
    ResponseIn,
    ResponseOut,
    ResultsFilters,
    ResultsOut,
    SurveyDetailOut,
    SurveyFilters,
    SurveyOut,
)

router = Router(tags=["surveys"])


# --- Reading helpers over the access module ---------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "surveys")


def _survey(user: User, survey_id: int) -> Survey:
    try:
        return access.survey_for(user, survey_id)
    except PermissionDenied:
        # The API does not say whether a survey out of the caller's reach exists.
        raise Http404 from None


def _latest(survey: Survey) -> SurveyVersion | None:
    return survey.versions.order_by("-number").first()


def _listed(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    return surveys.select_related("owner").annotate(
        response_count=Count("responses"), last_response=Max("responses__submitted_at")
    )


# --- The satisfaction index -----------------------------------------------------------------------


def _estimate(e: Estimate) -> dict[str, Any]:
    return {"n": e.n, "value": e.value, "margin": e.margin, "low": e.low, "high": e.high}


def _period(period: Period) -> dict[str, Any]:
    return {
        "year": period.year,
        "quarter": period.quarter,
        "label": period.label,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
    }


def _index_row(row: IndexRow, criteria: list[str]) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "index": _estimate(row.index),
        "criteria": [{"criterion": c, **_estimate(row.of(c))} for c in criteria],
        "matters": {"rated": row.matters.rated, "mean": row.matters.mean}
        if row.matters is not None
        else None,
    }


@router.get(
    "/index",
    response={200: IndexOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The satisfaction index for what the caller covers, as the index page shows it: "
    "by province for the whole country, by body below, each criterion beside it",
    description=(
        "Figures from fewer responses than `minimum` are hidden: their value, margin, low and "
        "high are null (their count n is given). Without `year`, the current quarter."
    ),
    operation_id="get_satisfaction_index",
    auth=AUTHENTICATED,
)
def get_index(request: HttpRequest, filters: Query[IndexFilters]) -> dict[str, Any]:
    user = _staff(request)
    period = Period.current() if filters.year is None else Period(filters.year, filters.quarter)
    province = None
    if filters.province is not None:
        if not access.sees_nation(user):
            raise PermissionDenied(_("Only staff covering the whole country choose a province."))
        province = (
            AdminUnit.objects.current()
            .filter(pk=filters.province, level=AdminLevel.PROVINCE)
            .first()
        )
        if province is None:
            raise ValidationError({"province": _("Choose a province or city in force today.")})
    table = index_table(user, period=period, province=province)
    codes = [c.code for c in table.criteria]
    return {
        "period": _period(table.period),
        "by": table.by,
        "scope": table.scope_label,
        "minimum": min_responses(),
        "criteria": [
            {"code": c.code, "family": c.family, "title": c.title, "short": c.short}
            for c in table.criteria
        ],
        "rows": [_index_row(r, codes) for r in table.rows],
        "total": _index_row(table.total, codes),
        "previous": _estimate(table.previous),
        "trend": [{"period": _period(p), "index": _estimate(e)} for p, e in table.trend],
        "matters_until": table.matters_until,
    }


# --- The question library -------------------------------------------------------------------------


@router.get(
    "/library",
    response={200: LibraryOut},
    summary="The question library the satisfaction index reads: SIPAS's criteria and PAPI's "
    "dimensions, each item a rating with its code",
    operation_id="get_survey_library",
)
def get_library(request: HttpRequest) -> dict[str, Any]:
    found = library()
    return {
        "scale_max": found.scale_max,
        "low_label": found.low_label,
        "high_label": found.high_label,
        "criteria": [
            {
                "code": c.code,
                "family": c.family,
                "title": c.title,
                "short": c.short,
                "items": [{"code": c.item_code(n), "text": t} for n, t in enumerate(c.items, 1)],
            }
            for c in found.criteria
        ],
    }


# --- The surveys --------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[SurveyOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The surveys whose results the caller reads, newest first",
    operation_id="list_surveys",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_surveys(request: HttpRequest, filters: Query[SurveyFilters]) -> Any:
    user = _staff(request)
    surveys = access.surveys_for(user)
    if filters.state:
        surveys = surveys.filter(state=filters.state)
    if filters.owner:
        surveys = surveys.filter(owner_id=filters.owner)
    return _listed(surveys).order_by("-created_at", "-pk")


def _condition(question: Any) -> dict[str, Any] | None:
    if question.shown_if_id is None or not question.shown_if_kind:
        return None
    return {
        "question_id": question.shown_if_id,
        "kind": question.shown_if_kind,
        "choice_id": question.shown_if_choice_id,
    }


def _decimal(value: Any) -> str | None:
    return None if value is None else str(value)


def _question(question: Any, number: int) -> dict[str, Any]:
    name = f"q{question.pk}"
    rating = question.kind == QuestionKind.RATING
    return {
        "id": question.pk,
        "number": number,
        "section_id": question.section_id,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "name": name,
        "scale_max": question.scale_max if rating else None,
        "low_label": question.low_label if rating else "",
        "high_label": question.high_label if rating else "",
        "min_value": _decimal(question.min_value),
        "max_value": _decimal(question.max_value),
        "max_choices": question.max_choices,
        "code": question.code,
        "shown_if": _condition(question),
        "choices": [
            {"id": c.pk, "position": c.position, "text": c.text, "free_text": c.free_text}
            for c in question.choices.all()
        ],
        "rows": [
            {"id": r.pk, "position": r.position, "text": r.text, "name": f"{name}-r{r.pk}"}
            for r in question.rows.all()
        ],
    }


@router.get(
    "/{survey_id}",
    response={200: SurveyDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One survey with what its latest version asks: sections, questions, choices, "
    "matrix rows and display conditions, with the answer sheet's names",
    operation_id="get_survey",
    auth=AUTHENTICATED,
)
def get_survey(request: HttpRequest, survey_id: Id) -> Survey:
    user = _staff(request)
    survey = _survey(user, survey_id)
    annotated = _listed(Survey.objects.filter(pk=survey.pk)).get()
    version = _latest(survey)
    sections: list[Any] = []
    questions: list[Any] = []
    if version is not None:
        sections = list(version.sections.order_by("position", "pk"))
        questions = list(
            version.questions.prefetch_related("choices", "rows").order_by("position", "pk")
        )
    annotated.version = version.number if version is not None else None  # type: ignore[attr-defined]
    annotated.sections = sections  # type: ignore[attr-defined]
    annotated.questions = [_question(q, n) for n, q in enumerate(questions, start=1)]  # type: ignore[attr-defined]
    return annotated


# --- Results --------------------------------------------------------------------------------------


def _result(found: QuestionResult, number: int) -> dict[str, Any]:
    question = found.question
    return {
        "question_id": question.pk,
        "number": number,
        "kind": question.kind,
        "text": question.text,
        "answered": found.answered,
        "counts": [
            {"choice_id": choice, "row_id": row, "count": n}
            for (choice, row), n in sorted(
                found.counts.items(), key=lambda kv: (kv[0][1] or 0, kv[0][0])
            )
        ],
        "distribution": [
            {"rating": rating, "count": found.distribution.get(rating, 0)}
            for rating in range(1, question.scale_max + 1)
        ]
        if question.kind == QuestionKind.RATING
        else [],
        "mean": None if found.mean is None else round(float(found.mean), 2),
        "rated": found.rated,
        "satisfied": found.satisfied if question.kind == QuestionKind.RATING else 0,
        "satisfied_share": found.satisfied_share if question.kind == QuestionKind.RATING else 0.0,
        "places": [
            {"choice_id": choice, "mean_place": round(float(mean), 2)}
            for choice, mean in sorted(found.mean_place.items(), key=lambda kv: kv[1])
            if mean is not None
        ],
        "words": found.words,
        "groups": [
            {"label": g.label, "count": g.count, "examples": g.examples} for g in found.groups
        ],
        "grouped_from": found.grouped_from,
    }


@router.get(
    "/{survey_id}/results",
    response={200: ResultsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A survey's results (its latest version), as the results page shows them, over "
    "the responses about a body and within days the filters keep",
    operation_id="get_survey_results",
    auth=AUTHENTICATED,
)
def get_results(
    request: HttpRequest, survey_id: Id, filters: Query[ResultsFilters]
) -> dict[str, Any]:
    user = _staff(request)
    survey = _survey(user, survey_id)
    body = None
    if filters.body is not None:
        if filters.body not in organization_subtree(survey.owner_id):
            raise ValidationError({"body": _("Choose the survey's own body or a body under it.")})
        body = Organization.objects.get(pk=filters.body)
    version = _latest(survey)
    if version is None:
        raise Http404
    found = results(
        survey,
        version=version,
        body=body,
        since=day_start(filters.since) if filters.since and filters.since.year > 1 else None,
        until=_day_after(filters.until),
    )
    return {
        "survey_id": survey.pk,
        "version": found.version.number,
        "responses": found.responses,
        "questions": [_result(r, n) for n, r in enumerate(found.questions, start=1)],
    }


def _day_after(day: dt.date | None) -> dt.datetime | None:
    """The first moment after `day` (an "until" bound, the day included); none for the last
    day a date can hold."""
    if day is None or day >= dt.date.max:
        return None
    return day_start(day + dt.timedelta(days=1))


# --- Answering by the public key ------------------------------------------------------------------


def _sheet_value(value: Any) -> str:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))  # 5.0: a rating of 5
        # A program's decimal point, written as the Vietnamese comma parse_vn_number reads.
        return repr(value).replace(".", ",")
    return str(value)


def _sheet(answers: dict[str, Any]) -> dict[str, list[str]]:
    sheet: dict[str, list[str]] = {}
    for name, value in answers.items():
        values: Sequence[Any] = value if isinstance(value, list) else [value]
        sheet[name] = [_sheet_value(v) for v in values]
    return sheet


def _refused(error: ValidationError) -> JsonResponse:
    """The service's refusal as a 400: one error per question ("q<id>", under answers) or
    field (code, key); a refusal of the whole sheet as its detail."""
    return refused(
        error,
        where=lambda name: ["body", "answers", name] if name.startswith("q") else ["body", name],
        detail=_("Some answers are not valid: see each question's error."),
    )


@router.post(
    "/public/{key}/responses",
    response={
        200: ResponseOut,
        201: ResponseOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Answer an open survey by its public key, with no account",
    description=(
        "The body is an answer sheet (see GET /api/v1/surveys/{id} for the questions and their "
        "names). Each answer is checked against its question and the display conditions are "
        "applied; anything wrong is answered 400 with one error per question, and nothing is "
        "kept. Send the same `key` again: the response first kept is returned (200). A survey "
        "answered by one-time code only takes channel `code` with its `code`. Limited per "
        "address, as the public form."
    ),
    operation_id="submit_survey_response",
    auth=OPTIONAL_TOKEN,
)
def submit(request: HttpRequest, key: str, payload: ResponseIn) -> JsonResponse:
    survey = Survey.objects.select_related("owner").filter(key=key[:20]).first()
    if survey is None:
        raise Http404
    if not ratelimit.consume(request, action="survey_answer"):
        raise Throttled(None)
    version = _latest(survey)
    if version is None:
        return _refused(ValidationError(_("This survey is not open for answers.")))
    channel = Channel.CODE if payload.channel == "code" else Channel.LINK
    before = survey.responses.filter(key=payload.key).values_list("pk", flat=True).first()
    try:
        response = submit_response(
            survey=survey,
            version=version,
            sheet=_sheet(payload.answers),
            channel=channel,
            key=payload.key,
            code=payload.code.strip() if channel == Channel.CODE else "",
        )
    except ValidationError as error:
        return _refused(error)
    created = before is None
    body = {
        "id": response.pk,
        "survey_id": survey.pk,
        "version": response.version.number,
        "channel": response.channel,
        "submitted_at": response.submitted_at.isoformat(),
        "created": created,
    }
    return JsonResponse(
        body, status=201 if created else 200, json_dumps_params={"ensure_ascii": False}
    )
