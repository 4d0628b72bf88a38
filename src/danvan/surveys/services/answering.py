"""Answering a survey: every answer checked against the question it answers, display
conditions applied (an answer to a question not shown is dropped, a required one is required
only when shown), all stored at once, and the same submission sent twice kept once.

The answer sheet is what a form posts, or the API sends, keyed by question:
"q<id>" → the rating, the number, the words, the choice's id, the chosen ids (several), the
ids in ranked order; "q<id>-other" → the words of a choice that asks for them; "q<id>-r<row
id>" → a matrix row's chosen column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import require
from danvan.lib.dates import today
from danvan.lib.numbers import format_vn_number, parse_vn_number
from danvan.org.models import Organization
from danvan.org.selectors import organization_subtree

from .. import satisfaction
from ..models import (
    Answer,
    Channel,
    Choice,
    ConditionKind,
    Question,
    QuestionKind,
    Response,
    ResponseScore,
    Survey,
    SurveyState,
    SurveyVersion,
)
from . import invitations

SHORT_TEXT_MOST = 300
LONG_TEXT_MOST = 5000
Sheet = Mapping[str, Sequence[str]]


def is_open(survey: Survey, on: dt.date | None = None) -> bool:
    day = on or today()
    return (
        survey.state == SurveyState.OPEN
        and (survey.opens_on is None or survey.opens_on <= day)
        and (survey.closes_on is None or day <= survey.closes_on)
    )


@dataclass
class _Read:
    """One question's answers as rows, and what the conditions of later questions test."""

    rows: list[Answer]
    choices: set[int]


def _values(sheet: Sheet, name: str) -> list[str]:
    return [v.strip() for v in sheet.get(name, ()) if v is not None and str(v).strip()]


def _choice(question: Question, raw: str, by_id: dict[int, Choice]) -> Choice:
    choice = by_id.get(int(raw)) if raw.isdigit() else None
    if choice is None or choice.question_id != question.pk:
        raise ValueError(_("Choose one of the choices given."))
    return choice


def _read(question: Question, sheet: Sheet, by_id: dict[int, Choice]) -> _Read:
    """The question's answer rows (none when unanswered); ValueError with what is wrong."""
    name = f"q{question.pk}"
    values = _values(sheet, name)
    kind = question.kind
    if kind == QuestionKind.MATRIX:
        rows = []
        for row in question.rows.all():
            given = _values(sheet, f"{name}-r{row.pk}")
            if given:
                rows.append(
                    Answer(question=question, row=row, choice=_choice(question, given[0], by_id))
                )
        if question.required and len(rows) < len(question.rows.all()):
            raise ValueError(_("Answer every row."))
        return _Read(rows, set())
    if not values:
        return _Read([], set())
    if kind == QuestionKind.RATING:
        if (
            len(values) != 1
            or not values[0].isdigit()
            or not 1 <= int(values[0]) <= question.scale_max
        ):
            raise ValueError(_("Choose a rating from 1 to %(n)s.") % {"n": question.scale_max})
        return _Read([Answer(question=question, number=Decimal(values[0]))], set())
    if kind == QuestionKind.NUMBER:
        try:
            number = parse_vn_number(values[0])
        except ValueError:
            raise ValueError(_("Write a number, e.g. 3.545 or 12,5.")) from None
        assert number is not None
        if question.min_value is not None and number < question.min_value:
            raise ValueError(_("At least %(n)s.") % {"n": format_vn_number(question.min_value)})
        if question.max_value is not None and number > question.max_value:
            raise ValueError(_("At most %(n)s.") % {"n": format_vn_number(question.max_value)})
        if abs(number) >= Decimal("1e12"):
            raise ValueError(_("The number is too large."))
        return _Read([Answer(question=question, number=round(number, 2))], set())
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        most = SHORT_TEXT_MOST if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MOST
        text = values[0]
        if len(text) > most:
            raise ValueError(_("At most %(n)s characters.") % {"n": most})
        return _Read([Answer(question=question, text=text)], set())
    if kind == QuestionKind.SINGLE and len(values) != 1:
        raise ValueError(_("Choose one."))
    picked = [_choice(question, v, by_id) for v in values]
    if len({c.pk for c in picked}) != len(picked):
        raise ValueError(_("Each choice once."))
    if (
        kind == QuestionKind.MULTIPLE
        and question.max_choices
        and len(picked) > question.max_choices
    ):
        raise ValueError(_("Choose at most %(n)s.") % {"n": question.max_choices})
    if kind == QuestionKind.RANKING:
        if len(picked) != len(question.choices.all()):
            raise ValueError(_("Put every choice in order."))
        return _Read(
            [
                Answer(question=question, choice=c, number=Decimal(i))
                for i, c in enumerate(picked, 1)
            ],
            {c.pk for c in picked},
        )
    other = _values(sheet, f"{name}-other")
    rows = []
    for c in picked:
        words = other[0][:SHORT_TEXT_MOST] if c.free_text and other else ""
        rows.append(Answer(question=question, choice=c, text=words))
    return _Read(rows, {c.pk for c in picked})


def _shown(question: Question, read: dict[int, _Read]) -> bool:
    if question.shown_if_id is None:
        return True
    source = read.get(question.shown_if_id)
    answered = bool(source and source.rows)
    kind = question.shown_if_kind
    if kind == ConditionKind.ANSWERED:
        return answered
    if kind == ConditionKind.NOT_ANSWERED:
        return not answered
    has = bool(source and question.shown_if_choice_id in source.choices)
    return has if kind == ConditionKind.EQUALS else not has


def read_sheet(version: SurveyVersion, sheet: Sheet) -> list[Answer]:
    """The answer rows of a sheet, or ValidationError naming each question ("q<id>") wrong."""
    questions = list(version.questions.prefetch_related("choices", "rows").order_by("position"))
    by_id = {c.pk: c for q in questions for c in q.choices.all()}
    read: dict[int, _Read] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if not _shown(question, read):
            continue  # an answer to a question not shown is dropped
        try:
            read[question.pk] = _read(question, sheet, by_id)
        except ValueError as error:
            errors[f"q{question.pk}"] = str(error)
            continue
        if question.required and not read[question.pk].rows:
            errors[f"q{question.pk}"] = _("This question needs an answer.")
    if errors:
        raise ValidationError(errors)
    return [row for r in read.values() for row in r.rows]


def _score(response: Response, answers: list[Answer]) -> None:
    """The response's scores on the library's criteria, kept beside it for the index."""
    scores = satisfaction.response_scores(
        (a.question.code, int(a.number), a.question.scale_max)
        for a in answers
        if a.question.kind == QuestionKind.RATING and a.question.code and a.number is not None
    )
    if not scores:
        return
    body = response.body
    day = timezone.localdate(response.submitted_at)
    ResponseScore.objects.bulk_create(
        ResponseScore(
            response=response,
            criterion=criterion,
            body=body,
            province_id=body.province_id,
            day=day,
            score=score,
        )
        for criterion, score in scores.items()
    )


def submit_response(
    *,
    survey: Survey,
    version: SurveyVersion,
    sheet: Sheet,
    channel: str,
    key: str,
    body: Organization | None = None,
    entered_by: User | None = None,
    code: str = "",
) -> Response:
    """Keep one person's answers. `key` identifies the submission (the form's, the API
    caller's): sent again, the answers first kept are returned and nothing is added."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if channel == Channel.PAPER:
        require(entered_by, "surveys.enter_paper", survey)
    elif channel == Channel.CODE:
        if not code:
            raise ValidationError({"code": _("Type the code you were given.")})
    elif not survey.public_link:
        raise ValidationError(_("This survey is answered with a one-time code only."))
    if not key or len(key) > 64:
        raise ValidationError({"key": _("The submission has no key: open the form again.")})
    if version.survey_id != survey.pk:
        raise ValidationError(_("These questions are not this survey's: open the form again."))
    if (same := Response.objects.filter(survey=survey, key=key).first()) is not None:
        return same
    if not is_open(survey):
        raise ValidationError(_("This survey is not open for answers."))
    if body is not None and body.pk not in organization_subtree(survey.owner_id):
        raise ValidationError(
            {"body": _("A response is about the conducting body or one under it.")}
        )
    answers = read_sheet(version, sheet)
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    try:
        with transaction.atomic():
            if channel == Channel.CODE:
                invitations.spend(survey=survey, code=code)  # one answer per code
            SurveyVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
                frozen_at=timezone.now()
            )
            response = Response.objects.create(
                survey=survey,
                version=version,
                body=body or survey.owner,
                channel=channel,
                key=key,
                entered_by=entered_by if channel == Channel.PAPER else None,
                submitted_at=timezone.now(),
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
            _score(response, answers)
    except IntegrityError:
        # The same key at the same moment (a double tap): the other one was kept.
        return Response.objects.get(survey=survey, key=key)
    return response
