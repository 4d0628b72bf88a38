"""Plans at work: targets, the task tree, progress reports and the roll-up of progress to the
parent tasks. A task's progress is reported by its lead body (or its responsible officer); a
parent's is computed from its children by the plan's rule, and what was reported on the
parent itself is kept beside it, never overwritten. Every change is audited (the tasks keep
their history; people's changes also go to the audit log)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date, today
from danvan.lib.spreadsheets import ImportFileError, RowError
from danvan.lib.uploads import DOCUMENTS, check_uploads
from danvan.org.models import Organization

from .. import sheets
from ..models import (
    PLAN_KINDS,
    Document,
    ProgressRule,
    Target,
    Task,
    TaskEvidence,
    TaskState,
    TaskUpdate,
    Workplan,
)

MAX_DEPTH = 4
_HUNDRED = Decimal(100)


@transaction.atomic
def open_workplan(
    *,
    document: Document,
    progress_rule: str = ProgressRule.WEIGHTED,
    goals: str = "",
    actor: User | None = None,
) -> Workplan:
    """The plan's working part (targets, tasks); again for the same document, the same."""
    if document.kind not in PLAN_KINDS or document.issuer_id is None:
        raise ValidationError(
            _("Only a programme or plan issued by a body of the network has tasks.")
        )
    require(actor, "directives.plan", document.issuer)
    if progress_rule not in ProgressRule.values:
        raise ValidationError({"progress_rule": _("Choose how a task's progress is counted.")})
    workplan, made = Workplan.objects.get_or_create(
        document=document,
        defaults={
            "body_id": document.issuer_id,
            "progress_rule": progress_rule,
            "goals": goals.strip(),
            "created_by": actor,
        },
    )
    if made:
        audit(actor, workplan, ADDITION)
    return workplan


@transaction.atomic
def add_target(
    *,
    workplan: Workplan,
    name: str,
    unit: str,
    target_value: Decimal,
    actor: User | None = None,
) -> Target:
    require(actor, "directives.plan", workplan.body)
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the target.")
    if not unit.strip():
        errors["unit"] = _("Give the unit of measure (%, hộ, xã…).")
    if target_value <= 0:
        errors["target_value"] = _("The target value is a number above zero.")
    if errors:
        raise ValidationError(errors)
    last = workplan.targets.aggregate(m=Max("position"))["m"] or 0
    target = Target.objects.create(
        workplan=workplan,
        position=last + 1,
        name=name.strip(),
        unit=unit.strip(),
        target_value=target_value,
    )
    audit(actor, workplan, CHANGE, _("Target added: %(name)s.") % {"name": target.name})
    return target


@transaction.atomic
def report_target(
    *,
    target: Target,
    achieved_value: Decimal,
    achieved_on: dt.date | None = None,
    actor: User | None = None,
) -> Target:
    require(actor, "directives.plan", target.workplan.body)
    if achieved_value < 0:
        raise ValidationError({"achieved_value": _("A result is not below zero.")})
    day = achieved_on or today()
    if day > today():
        raise ValidationError({"achieved_on": _("A result is reported once it is reached.")})
    target.achieved_value = achieved_value
    target.achieved_on = day
    target.save(update_fields=["achieved_value", "achieved_on"])
    audit(
        actor,
        target.workplan,
        CHANGE,
        _("%(target)s: %(value)s as of %(day)s.")
        % {"target": target.name, "value": achieved_value, "day": format_vn_date(day)},
    )
    return target


@dataclass(frozen=True)
class TaskSpec:
    title: str
    lead_body: Organization
    due_on: dt.date
    starts_on: dt.date | None = None
    expected_output: str = ""
    weight: int = 1
    officer: User | None = None
    coordinators: Sequence[Organization] = ()


def _check_spec(spec: TaskSpec, workplan: Workplan) -> None:
    errors: dict[str, str] = {}
    if not spec.title.strip():
        errors["title"] = _("Say what the task is.")
    if spec.starts_on is not None and spec.starts_on > spec.due_on:
        errors["due_on"] = _("The due date comes after the start (%(day)s).") % {
            "day": format_vn_date(spec.starts_on)
        }
    if spec.due_on < workplan.document.signed_on:
        errors["due_on"] = _("The due date cannot be before the plan (%(day)s).") % {
            "day": format_vn_date(workplan.document.signed_on)
        }
    if not 1 <= spec.weight <= 100:
        errors["weight"] = _("A weight is a whole number from 1 to 100.")
    if any(o.pk == spec.lead_body.pk for o in spec.coordinators):
        errors["coordinators"] = _("The lead body is not also a coordinating body.")
    if errors:
        raise ValidationError(errors)


def _number(parent: Task | None, position: int) -> tuple[str, str]:
    if parent is None:
        return str(position), f"{position:04d}"
    return f"{parent.number}.{position}", f"{parent.path}.{position:04d}"


@transaction.atomic
def add_task(
    *,
    workplan: Workplan,
    spec: TaskSpec,
    parent: Task | None = None,
    actor: User | None = None,
) -> Task:
    require(actor, "directives.plan", workplan.body)
    _check_spec(spec, workplan)
    # One addition at a time per plan: two at once would take the same number.
    Workplan.objects.select_for_update().filter(pk=workplan.pk).first()
    if parent is not None:
        if parent.workplan_id != workplan.pk:
            raise ValidationError({"parent": _("Choose a task of this plan.")})
        if parent.path.count(".") + 1 >= MAX_DEPTH:
            raise ValidationError(
                {"parent": _("Tasks nest at most %(n)s levels deep.") % {"n": MAX_DEPTH}}
            )
    siblings = Task.objects.filter(workplan=workplan, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    number, path = _number(parent, position)
    task = Task.objects.create(
        workplan=workplan,
        parent=parent,
        position=position,
        number=number,
        path=path,
        title=spec.title.strip(),
        lead_body=spec.lead_body,
        officer=spec.officer,
        starts_on=spec.starts_on,
        due_on=spec.due_on,
        expected_output=spec.expected_output.strip(),
        weight=spec.weight,
    )
    if spec.coordinators:
        task.coordinators.set(spec.coordinators)
    if parent is not None:
        _roll_up(parent)
    audit(actor, task, ADDITION)
    return task


@transaction.atomic
def change_task(*, task: Task, spec: TaskSpec, actor: User | None = None) -> Task:
    require(actor, "directives.plan", task.workplan.body)
    _check_spec(spec, task.workplan)
    locked = Task.objects.select_for_update().select_related("workplan").get(pk=task.pk)
    locked.title = spec.title.strip()
    locked.lead_body = spec.lead_body
    locked.officer = spec.officer
    locked.starts_on = spec.starts_on
    locked.due_on = spec.due_on
    locked.expected_output = spec.expected_output.strip()
    weight_changed = locked.weight != spec.weight
    locked.weight = spec.weight
    locked.save()
    locked.coordinators.set(spec.coordinators)
    if weight_changed and locked.parent_id is not None:
        _roll_up(locked.parent)
    audit(actor, locked, CHANGE)
    return locked


def check_evidence(files: Sequence[UploadedFile]) -> list:
    return check_uploads(files, field="evidence", accepted=DOCUMENTS, max_files=5)


@transaction.atomic
def report_progress(
    *,
    task: Task,
    percent: int,
    state: str = "",
    narrative: str = "",
    files: Sequence = (),
    on: dt.date | None = None,
    actor: User | None = None,
) -> TaskUpdate:
    """The lead body's report on a task: the percent done, the state (done at 100% unless
    told otherwise), what was done and the evidence. The parents' computed progress follows."""
    require(actor, "directives.report_task", task)
    locked = Task.objects.select_for_update().select_related("workplan").get(pk=task.pk)
    day = on or today()
    errors: dict[str, str] = {}
    if not 0 <= percent <= 100:
        errors["percent"] = _("Progress is a whole number from 0 to 100.")
    if locked.state == TaskState.CANCELLED:
        errors["state"] = _("This task was cancelled: nothing more is reported on it.")
    state = state or (
        TaskState.DONE if percent == 100 else TaskState.IN_PROGRESS if percent > 0 else locked.state
    )
    if state not in TaskState.values or state == TaskState.CANCELLED:
        errors["state"] = _("Choose the state: not started, in progress or done.")
    elif state == TaskState.DONE and percent != 100:
        errors["percent"] = _("A task done is 100 percent done.")
    elif state == TaskState.NOT_STARTED and percent > 0:
        errors["state"] = _("A task with progress has started.")
    if day > today():
        errors["percent"] = _("Progress is reported as of today or an earlier day.")
    if errors:
        raise ValidationError(errors)
    last = locked.updates.first()
    if (
        last is not None
        and (last.percent, last.state, last.narrative) == (percent, state, narrative.strip())
        and not files
    ):
        return last  # the same report sent twice
    update = TaskUpdate.objects.create(
        task=locked, percent=percent, state=state, narrative=narrative.strip(), created_by=actor
    )
    for checked in files:
        TaskEvidence.objects.create(
            update=update,
            file=checked.upload,
            original_name=checked.upload.name or "",
            content_type=checked.content_type,
            size=checked.upload.size or 0,
            sha256=checked.sha256,
        )
    locked.reported_percent = percent
    locked.state = state
    locked.done_on = day if state == TaskState.DONE else None
    locked.save(update_fields=["reported_percent", "state", "done_on", "updated_at"])
    if locked.parent_id is not None:
        _roll_up(locked.parent)
    audit(actor, locked, CHANGE, _("Progress %(percent)s%%.") % {"percent": percent})
    return update


@transaction.atomic
def cancel_task(*, task: Task, reason: str, actor: User | None = None) -> Task:
    require(actor, "directives.plan", task.workplan.body)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is cancelled.")})
    locked = Task.objects.select_for_update().select_related("workplan").get(pk=task.pk)
    locked.state = TaskState.CANCELLED
    locked.done_on = None
    locked.save(update_fields=["state", "done_on", "updated_at"])
    if locked.parent_id is not None:
        _roll_up(locked.parent)
    audit(actor, locked, CHANGE, _("Cancelled: %(reason)s") % {"reason": reason.strip()})
    return locked


def _roll_up(task: Task | None) -> None:
    """The weighted average of the children (cancelled ones left out), up to the root: one
    query per level."""
    while task is not None:
        children = [c for c in Task.objects.filter(parent=task) if c.state != TaskState.CANCELLED]
        weight = sum(c.weight for c in children)
        total = sum((c.effective_percent * c.weight for c in children), Decimal(0))
        computed = (
            (total / weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if weight else None
        )
        Task.objects.filter(pk=task.pk).update(computed_percent=computed)
        task = Task.objects.filter(pk=task.parent_id).first() if task.parent_id else None


@transaction.atomic
def import_progress(*, workplan: Workplan, path: Path | str, actor: User | None = None) -> int:
    """The progress written in a downloaded task list, all or nothing: every row is checked
    (its task is in this plan, the person may report on it, the figures hold); one error and
    nothing changes (ImportFileError with the rows). Rows left as downloaded change nothing.
    Returns the number of tasks updated."""
    rows, errors = sheets.read(path)
    tasks = {t.pk: t for t in Task.objects.filter(workplan=workplan).select_related("workplan")}
    code = _("Code (do not edit)")
    changed = 0
    for row in rows:
        task = tasks.get(row.task_id)
        if task is None:
            errors.append(RowError(row.row, code, _("No task of this plan has this code.")))
            continue
        same = (row.percent, row.state) == (task.reported_percent or 0, task.state)
        if same and not row.narrative:
            continue
        if actor is not None and not actor.has_perm("directives.report_task", task):
            errors.append(RowError(row.row, code, _("You may not report on this task.")))
            continue
        try:
            with transaction.atomic():
                report_progress(
                    task=task,
                    percent=row.percent,
                    # A state left as it was follows the percent (60% has started).
                    state="" if row.state == task.state else row.state,
                    narrative=row.narrative,
                    actor=actor,
                )
        except ValidationError as error:
            errors.append(RowError(row.row, code, " ".join(error.messages)))
            continue
        changed += 1
    if errors:
        raise ImportFileError(
            _("Nothing was changed: %(n)s rows need correcting.") % {"n": len(errors)}, errors
        )
    return changed
