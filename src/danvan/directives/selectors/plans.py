"""Reads of plans at work: the task tree with each task's status as of a day, the whole
plan's progress, an officer's open tasks, a body's board, and a leader's overdue tasks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from danvan.org.models import Organization

from ..models import OPEN_TASK_STATES, Task, TaskState, TaskStatus, Workplan


@dataclass(frozen=True)
class Line:
    task: Task
    depth: int
    status: str

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)


def tree(workplan: Workplan, on: dt.date) -> list[Line]:
    """Every task in its place ("1", "1.1", "1.2", "2"), two queries whatever the size."""
    tasks = (
        Task.objects.filter(workplan=workplan)
        .select_related("lead_body", "officer", "workplan")
        .prefetch_related(Prefetch("coordinators", queryset=Organization.objects.only("name")))
        .order_by("path", "pk")
    )
    return [Line(t, t.path.count("."), t.status_on(on)) for t in tasks]


def percent(lines: list[Line]) -> Decimal | None:
    """The plan's progress: the weighted average of its top tasks, cancelled ones left out."""
    tops = [ln.task for ln in lines if ln.depth == 0 and ln.task.state != TaskState.CANCELLED]
    weight = sum(t.weight for t in tops)
    if not weight:
        return None
    total = sum((t.effective_percent * t.weight for t in tops), Decimal(0))
    return (total / weight).quantize(Decimal("0.1"))


def counts(lines: list[Line]) -> dict[str, int]:
    found = Counter(ln.status for ln in lines)
    return {status: found.get(status, 0) for status in TaskStatus.values}


def open_tasks(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return (
        tasks.filter(state__in=OPEN_TASK_STATES)
        .select_related("workplan__document", "lead_body")
        .order_by("due_on", "pk")
    )


def overdue(tasks: QuerySet[Task], on: dt.date) -> QuerySet[Task]:
    return open_tasks(tasks).filter(due_on__lt=on)
