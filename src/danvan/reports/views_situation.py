"""The table of issues of a report on the people's situation: adding a row, correcting or
removing one, merging rows (a consolidating body), and the table as .xlsx. Writes go
through services.situation; who may do what is decided by `access` (EDIT for the writes,
VIEW for the download), and the services refuse a report that has been sent."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.accounts.models import User
from danvan.lib.forms import form_page

from . import access, exports_situation, selectors_situation
from .forms_situation import IssueForm
from .models import Report, SituationIssue
from .services import situation


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _report(request: HttpRequest, pk: int) -> Report:
    report = access.report_for(_user(request), pk, access.Action.EDIT)
    if not selectors_situation.issue_sections(report):
        raise Http404
    return report


def _back(report: Report) -> str:
    return reverse("reports:detail", args=[report.pk]) + "#issues"


def _closed(request: HttpRequest, report: Report) -> HttpResponse | None:
    """A sent report: back to its page with why nothing changed."""
    if report.state in access.EDITABLE_STATES:
        return None
    messages.error(request, _("A submitted report cannot change: ask the receiver to return it."))
    return redirect(_back(report))


def _page(
    request: HttpRequest,
    report: Report,
    form: IssueForm,
    save: Any,
    *,
    title: str,
    submit: str,
    issue: SituationIssue | None = None,
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template="reports/issue_form.html",
        context={
            "report": report,
            "title": title,
            "submit": submit,
            "issue": issue,
            "back": _back(report),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if closed := _closed(request, report):
        return closed
    form = IssueForm(
        request.POST or None,
        places=selectors_situation.places_for(report),
        initial={"token": uuid.uuid4()},
    )

    def save(d: dict[str, Any]) -> str:
        situation.add_issue(
            report=report, actor=_user(request), fields=form.fields_given(), token=d.get("token")
        )
        messages.success(request, _("The issue was added to the report."))
        return _back(report)

    return _page(request, report, form, save, title=_("Add an issue"), submit=_("Add the issue"))


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit_view(request: HttpRequest, pk: int, issue: int) -> HttpResponse:
    report = _report(request, pk)
    row = get_object_or_404(
        SituationIssue.objects.select_related("place"),
        report=report,
        pk=issue,
        merged_into__isnull=True,
    )
    if closed := _closed(request, report):
        return closed
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            if situation.remove_issue(issue=row, actor=_user(request)):
                messages.success(request, _("The issue was removed from the report."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(_back(report))
    fields = ("topic", "place", "people_affected", "severity", "trend", "handling", "details")
    initial = {n: getattr(row, n) for n in fields}
    form = IssueForm(
        request.POST or None,
        places=selectors_situation.places_for(report, keep=row.place),
        initial=initial,
    )

    def save(_d: dict[str, Any]) -> str:
        situation.update_issue(issue=row, actor=_user(request), fields=form.fields_given())
        messages.success(request, _("The issue was saved."))
        return _back(report)

    return _page(
        request,
        report,
        form,
        save,
        title=_("Correct the issue"),
        submit=_("Save"),
        issue=row,
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if closed := _closed(request, report):
        return closed
    rows = selectors_situation.issue_rows(report)
    error = ""
    chosen: set[int] = set()
    status = 200
    if request.method == "POST":
        raw = request.POST.getlist("issues")
        chosen = {int(x) for x in raw if str(x).isdigit()}
        try:
            if len(chosen) != len(raw):
                raise ValidationError(_("Choose two or more issues of this report to merge."))
            kept = situation.merge_issues(
                report=report, actor=_user(request), issue_ids=sorted(chosen)
            )
            messages.success(
                request, _("The issues were merged into “%(topic)s”.") % {"topic": kept.topic}
            )
            return redirect(_back(report))
        except ValidationError as problem:
            error, status = " ".join(problem.messages), 400
    return render(
        request,
        "reports/issue_merge.html",
        {
            "report": report,
            "rows": [(r, selectors_situation.sources(r)) for r in rows],
            "chosen": chosen,
            "error": error,
            "back": _back(report),
        },
        status=status,
    )


@login_required
def issues_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    """The report's table of issues as .xlsx: whoever may read the report."""
    report = access.report_for(_user(request), pk, access.Action.VIEW)
    if not selectors_situation.issue_sections(report):
        raise Http404
    return FileResponse(
        exports_situation.issues_xlsx(report),
        as_attachment=True,
        filename=exports_situation.filename(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
