"""Background tasks (django-tasks). Thin: the work is in services.reminders."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .services import intake, reminders


@task()
def remind_before_due(case_id: int, step: str, due: str) -> int:
    return reminders.send_reminder(case_id=case_id, step=step, due=dt.date.fromisoformat(due))


@task()
def escalate_overdue(case_id: int, step: str, due: str) -> int:
    return reminders.escalate(case_id=case_id, step=step, due=dt.date.fromisoformat(due))


@task()
def register_submissions() -> int:
    """Turn waiting receipts into matters; queue itself again while a backlog remains."""
    taken = intake.register_pending()
    if taken >= intake.REGISTER_BATCH:
        register_submissions.enqueue()
    return taken
