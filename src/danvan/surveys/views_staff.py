"""The officers' pages: their surveys, building one, opening and closing it, its results
while it is open, and typing in paper forms. Who may do what is `access`'s; every write is
a service; bad input comes back with status 400 and the error beside the field."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from danvan.lib import charts
from danvan.lib.dates import day_start, format_vn_date, today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.lib.uploads import DOCX
from danvan.org.models import Organization
from danvan.org.selectors import organization_subtree

from . import access, exports, sheet
from .forms import CodesForm, LibraryForm, QuestionEditForm, QuestionForm, ResultsFilter, SurveyForm
from .models import Channel, Choice, Question, QuestionKind, Survey
from .pages import crumbs, of, staff
from .selectors.results import QuestionResult, filtered, results
from .services import building, invitations
from .services.answering import is_open, submit_response


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    surveys = (
        access.surveys_for(user)
        .select_related("owner")
        .annotate(answers=Count("responses"), last=Max("responses__submitted_at"))
        .order_by("-created_at", "-pk")
    )
    page, query = page_of(request, Paginator(surveys, 25))
    return render(
        request,
        "surveys/list.html",
        {"page": page, "query": query, "can_add": access.bodies_q_nonempty(user)},
    )


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    owners = access.bodies_for(user)
    if not owners.exists():
        raise PermissionDenied
    form = SurveyForm(request.POST or None, owners=owners)

    def save(d: dict[str, Any]) -> str:
        survey = building.create_survey(
            owner=d["owner"],
            title=d["title"],
            description=d["description"],
            public_link=d["public_link"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            actor=user,
        )
        messages.success(request, _("The survey is created: add its questions."))
        return reverse("surveys:survey", args=[survey.pk])

    return form_page(
        request,
        form,
        save,
        template="surveys/form.html",
        context={
            "title": _("New survey"),
            "submit": _("Create the survey"),
            "back": reverse("surveys:list"),
            "crumbs": crumbs(),
        },
    )


def _latest(survey: Survey) -> Any:
    return survey.versions.order_by("-number").first()


@login_required
def survey_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey as its builder sees it: its questions, a form to add one, its state."""
    user = staff(request)
    survey = access.survey_for(user, pk)
    can_build = access.may(user, survey, access.Action.EDIT)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_build:
            raise PermissionDenied
        if form.is_valid():
            try:
                building.add_question(survey=survey, spec=form.spec(), actor=user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The question is added."))
                return redirect(reverse("surveys:survey", args=[pk]) + "#add")
        status = 400
    version = _latest(survey)
    answers = survey.responses.count()
    return render(
        request,
        "surveys/survey.html",
        {
            "survey": survey,
            "version": version,
            "fields": sheet.fields(version) if version else [],
            "form": form,
            "can_build": can_build,
            "answers": answers,
            "is_open": is_open(survey),
            "public_url": request.build_absolute_uri(
                reverse("surveys_public:answer", args=[survey.key])
            ),
            "crumbs": crumbs(),
        },
        status=status,
    )


@login_required
@require_POST
def remove_question_view(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    user = staff(request)
    survey = access.survey_for(user, pk, access.Action.EDIT)
    found = Question.objects.filter(pk=question, version__survey=survey).first()
    if found is None:
        raise Http404
    building.remove_question(question=found, actor=user)
    messages.success(request, _("The question is removed."))
    return redirect("surveys:survey", pk=pk)


@login_required
@require_POST
def state_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = staff(request)
    survey = access.survey_for(user, pk, access.Action.EDIT)
    try:
        if action == "open":
            building.open_survey(survey=survey, actor=user)
            messages.success(request, _("The survey is open for answers."))
        else:
            building.close_survey(survey=survey, actor=user)
            messages.success(request, _("The survey is closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:survey", pk=pk)


def _chart(result: QuestionResult, caption: str) -> charts.Chart | None:
    q = result.question
    if q.kind == QuestionKind.RATING:
        labels = [str(i) for i in range(1, q.scale_max + 1)]
        if q.low_label:
            labels[0] = f"1 — {q.low_label}"
        if q.high_label:
            labels[-1] = f"{q.scale_max} — {q.high_label}"
        values: list[float | int | None] = [
            result.distribution.get(i, 0) for i in range(1, q.scale_max + 1)
        ]
        return charts.Chart(
            key=f"q{q.pk}",
            kind="bar",
            title=_("Answers by rating"),
            caption=caption,
            labels=labels,
            series=[charts.Series(_("Answers"), values)],
        )
    if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = list(q.choices.all())
        return charts.Chart(
            key=f"q{q.pk}",
            kind="hbar",
            title=_("Answers by choice"),
            caption=caption,
            labels=[c.text for c in choices],
            series=[
                charts.Series(_("Answers"), [result.counts.get((c.pk, None), 0) for c in choices])
            ],
            tall=len(choices) > 8,
        )
    if q.kind == QuestionKind.MATRIX:
        rows, columns = list(q.rows.all()), list(q.choices.all())
        return charts.Chart(
            key=f"q{q.pk}",
            kind="hbar",
            title=_("Answers by row"),
            caption=caption,
            labels=[r.text for r in rows],
            series=[
                charts.Series(c.text, [result.counts.get((c.pk, r.pk), 0) for r in rows])
                for c in columns
            ],
            stacked=True,
        )
    return None


def _filters(request: HttpRequest, survey: Survey) -> tuple[ResultsFilter, dict[str, Any]]:
    """The results' filter from the query string, and what it keeps (body, since, until)."""
    bodies = Organization.objects.filter(pk__in=organization_subtree(survey.owner_id))
    filters = ResultsFilter(request.GET or None, bodies=bodies)
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        d = filters.cleaned_data
        chosen["body"] = d["body"]
        chosen["since"] = day_start(d["since"]) if d["since"] else None
        chosen["until"] = day_start(d["until"] + dt.timedelta(days=1)) if d["until"] else None
    return filters, chosen


@login_required
def export_view(request: HttpRequest, pk: int, kind: str) -> FileResponse | HttpResponse:
    """The answers as .xlsx (raw) or the results as .docx (summary), filtered as the page."""
    user = staff(request)
    survey = access.survey_for(user, pk)
    filters, chosen = _filters(request, survey)
    if filters.is_bound and not filters.is_valid():
        return HttpResponse(
            _("The filter is not valid: correct it on the results page."), status=400
        )
    version = _latest(survey)
    stamp = today().strftime("%Y%m%d")
    if kind == "xlsx":
        responses = filtered(survey, version=version, **chosen)
        return FileResponse(
            exports.xlsx(version, responses),
            as_attachment=True,
            filename=f"khao-sat-{survey.pk}-{stamp}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
    found = results(survey, version=version, **chosen)
    return HttpResponse(
        exports.summary_docx(found),
        content_type=DOCX,
        headers={
            "Content-Disposition": f'attachment; filename="khao-sat-{survey.pk}-{stamp}.docx"'
        },
    )


@login_required
def results_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    survey = access.survey_for(user, pk)
    filters, chosen = _filters(request, survey)
    version = _latest(survey)
    found = results(survey, version=version, **chosen)
    body = chosen.get("body")
    place = body.name if body else survey.owner.name
    caption = _("%(place)s, %(n)s responses, as of %(day)s") % {
        "place": place,
        "n": found.responses,
        "day": format_vn_date(today()),
    }
    shown = [(r, _chart(r, caption)) for r in found.questions]
    ratings = [r for r in found.questions if r.question.kind == QuestionKind.RATING and r.answered]
    overview = None
    if ratings:
        overview = charts.Chart(
            key="satisfied",
            kind="hbar",
            title=_("Satisfied (ratings above the middle of the scale), by question"),
            caption=caption,
            labels=[
                f"{i}. {r.question.text}" for i, r in enumerate(found.questions, 1) if r in ratings
            ],
            series=[charts.Series(_("Satisfied"), [r.satisfied_share for r in ratings])],
            links=[f"#r{r.question.pk}" for r in ratings],
            percent=True,
        )
    everyone = [r.satisfied_share for r in ratings]
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "found": found,
            "shown": shown,
            "overview": overview,
            "satisfied": round(sum(everyone) / len(everyone), 1) if everyone else None,
            "filters": filters,
            "crumbs": crumbs(of(survey)),
        },
        status=200 if not filters.is_bound or filters.is_valid() else 400,
    )


@login_required
def paper_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer types in a paper form: the same questions and checks as online."""
    user = staff(request)
    survey = access.survey_for(user, pk)
    if not user.has_perm("surveys.enter_paper", survey):
        raise PermissionDenied
    version = _latest(survey)
    errors: dict[str, str] = {}
    given: dict[str, list[str]] = {}
    status = 200
    key = secrets.token_urlsafe(16)
    if request.method == "POST":
        given = sheet.posted(request.POST)
        key = request.POST.get("key", "")[:64]
        try:
            submit_response(
                survey=survey,
                version=version,
                sheet=given,
                channel=Channel.PAPER,
                key=key,
                entered_by=user,
            )
        except ValidationError as error:
            errors = {k: " ".join(v) for k, v in getattr(error, "message_dict", {}).items()}
            if not errors:
                messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("The paper form is entered. Next form:"))
            return redirect("surveys:paper", pk=pk)
    return render(
        request,
        "surveys/paper.html",
        {
            "survey": survey,
            "version": version,
            "fields": sheet.fields(version, given, errors),
            "errors": errors,
            "key": key,
            "crumbs": crumbs(of(survey)),
            "open": is_open(survey),
        },
        status=status,
    )


@login_required
def library_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add criteria of the question library (SIPAS, PAPI) as sections of coded ratings."""
    user = staff(request)
    survey = access.survey_for(user, pk, access.Action.EDIT)
    form = LibraryForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        added = building.add_from_library(survey=survey, criteria=d["criteria"], actor=user)
        if added:
            messages.success(
                request,
                ngettext(
                    "%(n)s question added from the library.",
                    "%(n)s questions added from the library.",
                    added,
                )
                % {"n": added},
            )
        else:
            messages.info(request, _("The survey already asks these criteria: nothing added."))
        return reverse("surveys:survey", args=[survey.pk])

    return form_page(
        request,
        form,
        save,
        template="surveys/form.html",
        context={
            "title": _("Add from the question library"),
            "intro": _(
                "The library follows the criteria of SIPAS (the Ministry of Home Affairs' "
                "satisfaction index, Quyết định 1001/QĐ-BNV) and PAPI's dimensions. The "
                "satisfaction index is computed from these questions only."
            ),
            "submit": _("Add the questions"),
            "back": reverse("surveys:survey", args=[survey.pk]),
            "crumbs": crumbs(of(survey)),
        },
    )


@login_required
def codes_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue one-time codes; they are shown once, here, to print or send."""
    user = staff(request)
    survey = access.survey_for(user, pk, access.Action.EDIT)
    form = CodesForm(request.POST or None)
    codes: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                codes = invitations.issue_codes(
                    survey=survey,
                    count=form.cleaned_data["count"],
                    batch=form.cleaned_data["batch"],
                    actor=user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
        else:
            status = 400
    link = request.build_absolute_uri(reverse("surveys_public:answer", args=[survey.key]))
    counts = survey.invitations.aggregate(
        issued=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
    )
    return render(
        request,
        "surveys/codes.html",
        {
            "survey": survey,
            "form": form,
            "codes": [(code, f"{link}?{urlencode({'ma': code})}") for code in codes],
            "counts": counts,
            "crumbs": crumbs(of(survey)),
        },
        status=status,
    )


_CONDITION_FIELDS = {
    "depends_on": "shown_if",
    "kind": "shown_if_kind",
    "choice": "shown_if_choice",
}


@login_required
def edit_question_view(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    """Change a question and when it is shown. Once the survey has answers the change goes
    to a new version (services.building)."""
    user = staff(request)
    survey = access.survey_for(user, pk, access.Action.EDIT)
    found = (
        Question.objects.filter(pk=question, version__survey=survey)
        .select_related("version__survey")
        .first()
    )
    if found is None:
        raise Http404
    form = QuestionEditForm(request.POST or None, question=found)

    def save(d: dict[str, Any]) -> str:
        with transaction.atomic():
            changed = building.change_question(question=found, spec=form.spec(), actor=user)
            source = form.earlier.get(d["shown_if"]) if d["shown_if"] else None
            choice = (
                Choice.objects.filter(pk=d["shown_if_choice"], question=source).first()
                if source is not None and d["shown_if_choice"]
                else None
            )
            try:
                building.set_condition(
                    question=changed,
                    depends_on=source,
                    kind=d["shown_if_kind"] if source is not None else "",
                    choice=choice,
                    actor=user,
                )
            except ValidationError as error:  # named as this form names the fields
                raise ValidationError(
                    {_CONDITION_FIELDS.get(k, k): v for k, v in error.message_dict.items()}
                ) from None
        messages.success(request, _("The question is changed."))
        return reverse("surveys:survey", args=[pk])

    return form_page(
        request,
        form,
        save,
        template="surveys/form.html",
        context={
            "title": _("Change question %(n)s") % {"n": found.position},
            "submit": _("Save the question"),
            "back": reverse("surveys:survey", args=[pk]),
            "crumbs": crumbs(of(survey)),
        },
    )
