"""Background tasks of supervision (django-tasks). Thin: the work is in
services.supervision_reminders; each is idempotent (a reminder is kept once per person,
kind and due date)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .services import supervision_reminders as reminders


@task()
def remind_recommendation(recommendation_id: int, kind: str, due: str) -> int:
    return reminders.remind_recommendation(
        recommendation_id=recommendation_id, kind=kind, due=dt.date.fromisoformat(due)
    )


@task()
def remind_critique(critique_id: int, kind: str, due: str) -> int:
    return reminders.remind_critique(
        critique_id=critique_id, kind=kind, due=dt.date.fromisoformat(due)
    )


@task()
def sweep_reminders() -> int:
    """Run daily (the deployment's scheduler queues it): everything near or past due."""
    return reminders.sweep()
