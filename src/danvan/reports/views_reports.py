"""A body's periodic reports: the list of its own, and one report's page, where officers
fill it, the leader approves, an officer sends it, and the receiver returns or accepts it."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.pagination import page_of

from . import access, documents, selectors, selectors_situation
from .models import Report, ReportState
from .services import filling, workflow


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm("reports.view_report"):
        raise PermissionDenied
    from django.core.paginator import Paginator

    own = selectors.own_reports(user)
    page, query = page_of(request, Paginator(own, 25))
    return render(
        request,
        "reports/list.html",
        {
            "page": page,
            "query": query,
            "to_do": own.filter(state__in=selectors.TO_DO).count(),
            # The worker's reminders (services.instances.remind) and what is already late.
            "reminded": own.filter(
                state__in=selectors.TO_DO, reminded_on__isnull=False, due_on__gte=today()
            ).count(),
            "overdue": own.filter(state__in=selectors.TO_DO, due_on__lt=today()).count(),
            "received": selectors.received(user),
        },
    )


def _stepper(report: Report) -> list[dict[str, Any]]:
    order: list[str] = [
        ReportState.DRAFT,
        ReportState.APPROVED,
        ReportState.SUBMITTED,
        ReportState.ACCEPTED,
    ]
    labels: dict[str, str] = {
        ReportState.DRAFT: _("Written"),
        ReportState.APPROVED: _("Approved by the leader"),
        ReportState.SUBMITTED: _("Sent to the receiver"),
        ReportState.ACCEPTED: pgettext("report", "Accepted"),
    }
    here = ReportState.DRAFT if report.state == ReportState.RETURNED else report.state
    at = order.index(here)
    steps = []
    for i, state in enumerate(order):
        status = (
            "done"
            if i < at or report.state == ReportState.ACCEPTED
            else "current"
            if i == at
            else "todo"
        )
        steps.append({"label": labels[state], "state": status, "date": None})
    return steps


def _typed(request: HttpRequest) -> tuple[dict[str, str], dict[str, str], dict[int, str]]:
    figures: dict[str, str] = {}
    reasons: dict[str, str] = {}
    texts: dict[int, str] = {}
    for key, value in request.POST.items():
        value = str(value)
        if key.startswith("fig-"):
            figures[key[4:]] = value
        elif key.startswith("reason-"):
            reasons[key[7:]] = value
        elif key.startswith("text-") and key[5:].isdigit():
            texts[int(key[5:])] = value
    return figures, reasons, texts


def _never_counted(user: User, report: Report) -> bool:
    return (
        report.state in access.EDITABLE_STATES
        and access.may(user, report, access.Action.EDIT)
        and report.version.indicators.exclude(source="").exists()
        and not report.values.filter(counted_at__isnull=False).exists()
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.report_for(user, pk, access.Action.VIEW)
    errors: dict[str, str] = {}
    typed: tuple[dict[str, str], dict[str, str], dict[int, str]] = ({}, {}, {})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            match action:
                case "save":
                    typed = _typed(request)
                    filling.save_report(
                        report=report,
                        actor=user,
                        figures_typed=typed[0],
                        reasons=typed[1],
                        texts=typed[2],
                    )
                    messages.success(request, _("The report was saved."))
                case "count":
                    n = filling.fill_platform_figures(report=report, actor=user)
                    messages.success(request, _("%(n)s figures were counted again.") % {"n": n})
                case "from_children":
                    n = filling.fill_from_children(report=report, actor=user)
                    messages.success(
                        request,
                        _("%(n)s figures and sections were filled from the reports received.")
                        % {"n": n},
                    )
                case "attach":
                    filling.attach(report=report, actor=user, files=request.FILES.getlist("files"))
                    messages.success(request, _("The files were attached."))
                case "approve":
                    workflow.approve(report=report, actor=user)
                    messages.success(request, _("The report was approved: it can be sent."))
                case "submit":
                    version = workflow.submit(
                        report=report, actor=user, number=request.POST.get("number", "")
                    )
                    messages.success(
                        request,
                        _("Version %(n)s was sent to %(to)s.")
                        % {"n": version.number, "to": report.receiver.name},
                    )
                case "return":
                    comments = [workflow.Comment(request.POST.get("comment", ""))]
                    for key, raw in request.POST.items():
                        value = str(raw)
                        if key.startswith("comment-section-") and key[16:].isdigit():
                            comments.append(workflow.Comment(value, section_id=int(key[16:])))
                        elif key.startswith("comment-figure-") and key[15:].isdigit():
                            comments.append(workflow.Comment(value, indicator_id=int(key[15:])))
                    workflow.return_report(report=report, actor=user, comments=comments)
                    messages.success(request, _("The report was returned with your comments."))
                case "accept":
                    workflow.accept(report=report, actor=user)
                    messages.success(request, _("The report was accepted."))
                case _:
                    return HttpResponse(_("Unknown action."), status=400)
            return redirect("reports:detail", pk=report.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {k: " ".join(v) for k, v in error.message_dict.items()}
            else:
                messages.error(request, " ".join(error.messages))
            if errors:
                messages.error(request, _("Nothing was saved: correct the marked figures."))
            report.refresh_from_db()
    elif _never_counted(user, report):
        # The officer opens the report with the figures the platform knows already in it.
        filling.fill_platform_figures(report=report, actor=user)
    blocks, general = selectors.page(report)
    figures_typed, reasons_typed, texts_typed = typed
    for block in blocks:
        if block.section.pk in texts_typed:
            block.text = texts_typed[block.section.pk]
        for line in block.figures:
            code = line.indicator.code
            line.typed = figures_typed.get(code, "")
            if code in reasons_typed:
                line.reason = reasons_typed[code]
    editable = report.state in access.EDITABLE_STATES and access.may(
        user, report, access.Action.EDIT
    )
    # A report on the people's situation: its table of issues (2 queries however many rows).
    issues = (
        [(row, selectors_situation.sources(row)) for row in selectors_situation.issue_rows(report)]
        if any(b.section.issue_table for b in blocks)
        else []
    )
    versions = list(report.versions.order_by("-number").select_related("submitted_by"))
    changed = (
        workflow.changes(versions[1].content, versions[0].content) if len(versions) > 1 else None
    )
    labels = {line.indicator.code: line.indicator.label for b in blocks for line in b.figures}
    titles = {str(b.section.pk): b.section.title for b in blocks}
    commented = [b for b in blocks if b.comments or any(line.comments for line in b.figures)]
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "blocks": blocks,
            "issues": issues,
            "general_comments": general,
            "errors": errors,
            "editable": editable,
            "can_approve": report.state in workflow.APPROVABLE
            and access.may(user, report, access.Action.APPROVE),
            "can_submit": report.state == ReportState.APPROVED
            and access.may(user, report, access.Action.SUBMIT),
            "can_review": report.state == ReportState.SUBMITTED
            and access.may(user, report, access.Action.REVIEW),
            "has_children": editable and selectors.has_children(report),
            "steps": _stepper(report),
            "versions": versions,
            "changed": changed,
            "changed_figures": [labels.get(c, c) for c in (changed or {}).get("figures", [])],
            "changed_sections": [
                titles.get(str(t), str(t)) for t in (changed or {}).get("texts", [])
            ],
            "commented": commented,
            "comment_count": len(general)
            + sum(len(b.comments) + sum(len(x.comments) for x in b.figures) for b in blocks),
            "events": report.events.select_related("actor").order_by("-at", "-pk")[:30],
            "attachments": report.attachments.all(),
            "problem_count": sum(len(line.problems) for b in blocks for line in b.figures),
        },
    )


@login_required
def docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as the official paper (.docx) in its body's layout: whoever may read the
    report may download it."""
    report = access.report_for(_user(request), pk, access.Action.VIEW)
    response = HttpResponse(
        documents.report_docx(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(report)}"'
    return response
