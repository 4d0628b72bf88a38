"""Plans at work: a plan's targets and task tree with progress, adding and changing tasks,
reporting progress on a task (made for a phone), the XLSX round trip, "My tasks" and a
body's task board. Who may do what is `access`'s; every write is a service."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib import charts
from danvan.lib.dates import format_vn_date, today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE, ImportFileError
from danvan.org.models import Organization

from . import access, sheets
from .forms import ImportForm, ProgressForm, TargetForm, TargetResultForm, TaskForm
from .models import Document, Target, Task, TaskEvidence, TaskStatus, Workplan
from .pages import crumbs, of, staff
from .selectors import plans as selectors
from .services import plans as services


def _workplan(request: HttpRequest, pk: int, *, change: bool = False) -> tuple[User, Workplan]:
    user = staff(request)
    document = access.document_for(user, pk)
    workplan = Workplan.objects.select_related("body").filter(document=document).first()
    if workplan is None:
        raise Http404
    workplan.document = document
    if change and not access.may_plan(user, workplan.body):
        raise PermissionDenied
    return user, workplan


_COLORS = {
    TaskStatus.DONE: "#009E73",
    TaskStatus.DONE_LATE: "#E69F00",
    TaskStatus.OVERDUE: "#D55E00",
    TaskStatus.IN_PROGRESS: "#0072B2",
    TaskStatus.NOT_STARTED: "#56B4E9",
    TaskStatus.CANCELLED: "#999999",
}


@login_required
def workplan_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk)
    workplan = Workplan.objects.select_related("body").filter(document=document).first()
    if workplan is None:
        can_open = (
            document.issuer is not None
            and document.kind in ("plan", "programme")
            and access.may_plan(user, document.issuer)
        )
        if not can_open:
            raise Http404
        if request.method == "POST":
            services.open_workplan(document=document, actor=user)
            return redirect("directives:workplan", pk=pk)
        return render(
            request,
            "directives/workplan_open.html",
            {"document": document, "crumbs": _doc_crumbs(document)},
        )
    day = today()
    lines = selectors.tree(workplan, day)
    counts = selectors.counts(lines)
    shown = [s for s in TaskStatus.values if counts[s]]
    chart = charts.Chart(
        key="tasks",
        kind="doughnut",
        title=_("Tasks by status"),
        caption=_("As of %(day)s") % {"day": format_vn_date(day)},
        labels=[str(TaskStatus(s).label) for s in shown],
        series=[charts.Series(_("Tasks"), [counts[s] for s in shown])],
        colors=[_COLORS[TaskStatus(s)] for s in shown],
    )
    return render(
        request,
        "directives/workplan.html",
        {
            "document": document,
            "workplan": workplan,
            "lines": lines,
            "percent": selectors.percent(lines),
            "counts": counts,
            "overdue": counts[TaskStatus.OVERDUE],
            "chart": chart,
            "targets": list(workplan.targets.all()),
            "can_plan": access.may_plan(user, workplan.body),
            "crumbs": _doc_crumbs(document),
            "import_form": ImportForm(),
        },
    )


def _bodies_for_tasks(workplan: Workplan) -> Any:
    """A task is led by the plan's body or a body of its territory (its agencies, its
    communes); the Front and its organizations coordinate."""
    body = workplan.body
    bodies = Organization.objects.current()
    if body.province_id is not None:
        bodies = bodies.filter(province_id=body.province_id)
    return bodies


def _officers(workplan: Workplan) -> Any:
    return (
        User.objects.filter(
            is_active=True,
            assignments__organization__province_id=workplan.body.province_id,
            assignments__valid_to__isnull=True,
        )
        .distinct()
        .order_by("first_name", "username")[:300]
    )


@login_required
def task_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, workplan = _workplan(request, pk, change=True)
    parent = None
    if raw := request.GET.get("parent") or request.POST.get("parent"):
        parent = Task.objects.filter(pk=int(raw) if raw.isdigit() else 0, workplan=workplan).first()
        if parent is None:
            raise Http404
    form = TaskForm(
        request.POST or None,
        bodies=_bodies_for_tasks(workplan),
        officers=User.objects.filter(pk__in=_officers(workplan).values("pk")),
        initial={"lead_body": workplan.body_id, "due_on": parent.due_on if parent else None},
    )

    def save(d: dict[str, Any]) -> str:
        services.add_task(workplan=workplan, spec=form.spec(), parent=parent, actor=user)
        messages.success(request, _("The task is added."))
        return reverse("directives:workplan", args=[pk])

    title = (
        _("A sub-task of %(number)s. %(title)s")
        % {"number": parent.number, "title": parent.title[:60]}
        if parent
        else _("A task of %(plan)s") % {"plan": workplan.document.symbol}
    )
    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": title,
            "crumbs": _doc_crumbs(workplan.document),
            "back": reverse("directives:workplan", args=[pk]),
            "submit": _("Add the task"),
            "hidden": {"parent": parent.pk} if parent else {},
        },
    )


@login_required
def task_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    task = access.task_for(user, pk)
    if not access.may_plan(user, task.workplan.body):
        raise PermissionDenied
    workplan = task.workplan
    form = TaskForm(
        request.POST or None,
        bodies=_bodies_for_tasks(workplan),
        officers=User.objects.filter(pk__in=_officers(workplan).values("pk")),
        initial={
            "title": task.title,
            "lead_body": task.lead_body_id,
            "coordinators": list(task.coordinators.values_list("pk", flat=True)),
            "officer": task.officer_id,
            "starts_on": task.starts_on,
            "due_on": task.due_on,
            "expected_output": task.expected_output,
            "weight": task.weight,
        },
    )

    def save(d: dict[str, Any]) -> str:
        services.change_task(task=task, spec=form.spec(), actor=user)
        messages.success(request, _("The task is changed."))
        return reverse("directives:task", args=[task.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Change task %(number)s") % {"number": task.number},
            "crumbs": _doc_crumbs(workplan.document),
            "back": reverse("directives:task", args=[task.pk]),
            "submit": _("Save"),
        },
    )


@login_required
def task_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A task, its history of progress reports, and the form to report (a phone's page)."""
    user = staff(request)
    task = access.task_for(user, pk)
    may_report = access.may_report(user, task)
    form = ProgressForm(request.POST or None, request.FILES or None) if may_report else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.report_progress(
                    task=task,
                    percent=d["percent"],
                    state=d["state"],
                    narrative=d["narrative"],
                    files=services.check_evidence(d["evidence"]),
                    actor=user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The progress is recorded."))
                return redirect("directives:task", pk=pk)
        status = 400
    elif form is not None:
        form.initial = {"percent": task.reported_percent or 0}
    day = today()
    return render(
        request,
        "directives/task.html",
        {
            "task": task,
            "status": task.status_on(day),
            "status_label": TaskStatus(task.status_on(day)).label,
            "updates": task.updates.select_related("created_by").prefetch_related("files")[:30],
            "children": task.children.select_related("lead_body").order_by("path"),
            "coordinators": task.coordinators.all(),
            "form": form,
            "can_plan": access.may_plan(user, task.workplan.body),
            "crumbs": [
                *_doc_crumbs(task.workplan.document),
                (_("Tasks"), reverse("directives:workplan", args=[task.workplan.document_id])),
            ],
        },
        status=status,
    )


@login_required
def evidence_view(request: HttpRequest, pk: int, fid: int) -> FileResponse:
    user = staff(request)
    task = access.task_for(user, pk)
    evidence = TaskEvidence.objects.filter(pk=fid, update__task=task).first()
    if evidence is None:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def target_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, workplan = _workplan(request, pk, change=True)
    form = TargetForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        services.add_target(
            workplan=workplan,
            name=d["name"],
            unit=d["unit"],
            target_value=d["target_value"],
            actor=user,
        )
        messages.success(request, _("The target is added."))
        return reverse("directives:workplan", args=[pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("A target of %(plan)s") % {"plan": workplan.document.symbol},
            "crumbs": _doc_crumbs(workplan.document),
            "back": reverse("directives:workplan", args=[pk]),
            "submit": _("Add the target"),
        },
    )


@login_required
def target_result_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    target = (
        Target.objects.select_related("workplan__body", "workplan__document").filter(pk=pk).first()
    )
    if target is None or not access.may_see_document(user, target.workplan.document):
        raise Http404
    if not access.may_plan(user, target.workplan.body):
        raise PermissionDenied
    form = TargetResultForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        services.report_target(
            target=target,
            achieved_value=d["achieved_value"],
            achieved_on=d["achieved_on"],
            actor=user,
        )
        messages.success(request, _("The result is recorded."))
        return reverse("directives:workplan", args=[target.workplan.document_id])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Result of: %(target)s") % {"target": target.name},
            "crumbs": _doc_crumbs(target.workplan.document),
            "back": reverse("directives:workplan", args=[target.workplan.document_id]),
            "submit": _("Record"),
        },
    )


@login_required
def export_view(request: HttpRequest, pk: int) -> FileResponse:
    user, workplan = _workplan(request, pk)
    tasks = access.tasks_for(user).filter(workplan=workplan)
    name = f"nhiem-vu-{workplan.document.symbol.replace('/', '-')}.xlsx"
    return FileResponse(
        sheets.export(tasks, _("Tasks")),
        as_attachment=True,
        filename=name,
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_POST
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, workplan = _workplan(request, pk)
    form = ImportForm(request.POST, request.FILES)
    errors: list[Any] = []
    message = ""
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx") or upload.size > 5 * 1024 * 1024:
            message = _("Send the .xlsx file the download gave, under 5 MB.")
        else:
            with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
                for chunk in upload.chunks():
                    copy.write(chunk)
                copy.flush()
                try:
                    changed = services.import_progress(
                        workplan=workplan, path=copy.name, actor=user
                    )
                except ImportFileError as error:
                    message, errors = str(error), error.errors
                else:
                    messages.success(
                        request,
                        _("%(n)s tasks updated from the file.") % {"n": changed},
                    )
                    return redirect("directives:workplan", pk=pk)
    else:
        message = _("Choose the file.")
    return render(
        request,
        "directives/import_report.html",
        {
            "workplan": workplan,
            "message": message,
            "errors": errors,
            "crumbs": _doc_crumbs(workplan.document),
        },
        status=400,
    )


@login_required
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    day = today()
    bodies = access.my_bodies(user)
    mine = selectors.open_tasks(access.my_tasks(user, bodies))
    page, query = page_of(request, Paginator(mine, 25))
    oversee = (
        selectors.overdue(access.subtree_tasks(user), day)
        .exclude(lead_body_id__in=bodies)
        .exclude(officer=user)[:30]
    )
    return render(
        request,
        "directives/my_tasks.html",
        {
            "page": page,
            "query": query,
            "rows": [
                (t, t.status_on(day), TaskStatus(t.status_on(day)).label) for t in page.object_list
            ],
            "oversee": [(t, TaskStatus.OVERDUE.label) for t in oversee],
            "crumbs": [(_("Directing documents"), reverse("directives:registry"))],
        },
    )


@login_required
def board_view(request: HttpRequest, body: int) -> HttpResponse:
    """A body's tasks as a board: a column per status."""
    user = staff(request)
    org = Organization.objects.filter(pk=body).first()
    if org is None:
        raise Http404
    visible = access.tasks_for(user).filter(lead_body=org)
    if not (access.may_see_body_tasks(user, org) or visible.exists()):
        raise Http404
    day = today()
    tasks = visible.select_related("workplan__document", "workplan").order_by("due_on", "pk")[:300]
    columns: dict[str, list[Task]] = {s: [] for s in TaskStatus.values}
    for t in tasks:
        columns[t.status_on(day)].append(t)
    return render(
        request,
        "directives/board.html",
        {
            "body": org,
            "columns": [(s, TaskStatus(s).label, columns[s]) for s in TaskStatus.values],
            "crumbs": [(_("My tasks"), reverse("directives:my_tasks"))],
        },
    )


def _doc_crumbs(document: Document) -> list[tuple[str, str]]:
    return crumbs(of(document))
