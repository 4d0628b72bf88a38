"""Background tasks (django-tasks). Thin: the work is in the services (cases.services.reminders,
surveys.services.after_matters)."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from danvan.surveys.services import after_matters

from .services import intake, reminders


def _ids(case_ids: int | list[int]) -> list[int]:
    # A single id: tasks queued before reminders were grouped per due date.
    return [case_ids] if isinstance(case_ids, int) else list(case_ids)


@task()
def remind_before_due(case_ids: int | list[int], step: str, due: str) -> int:
    day = dt.date.fromisoformat(due)
    return sum(reminders.send_reminder(case_id=i, step=step, due=day) for i in _ids(case_ids))


@task()
def invite_to_survey(case_id: int) -> bool:
    """The closed matter's sender, if they agreed, gets a one-time survey code by e-mail."""
    return after_matters.invite_after_close(case_id=case_id)


@task()
def escalate_overdue(case_ids: int | list[int], step: str, due: str) -> int:
    day = dt.date.fromisoformat(due)
    return sum(reminders.escalate(case_id=i, step=step, due=day) for i in _ids(case_ids))


# While a rush lasts, one chain of follow-up tasks waits it out and keeps this mark fresh; tasks
# queued by the web processes meanwhile see the mark and end. Should that chain be lost, the
# mark lapses and the next task queued by the web starts another.
RUSH_MARK = "cases:registration-waits"


@task()
def register_submissions(follow_up: bool = False) -> int:
    """Turn waiting receipts into matters; queue itself again while a backlog remains.

    During a rush it registers nothing and comes back after a pause (see RUSH_MARK)."""
    if intake.registration_should_wait():
        mark_ttl = 10 * intake.RUSH_PAUSE.total_seconds()
        if follow_up:
            cache.set(RUSH_MARK, 1, timeout=mark_ttl)
        elif not cache.add(RUSH_MARK, 1, timeout=mark_ttl):
            return 0  # a chain already waits this rush out
        register_submissions.using(run_after=timezone.now() + intake.RUSH_PAUSE).enqueue(
            follow_up=True
        )
        return 0
    if follow_up:
        cache.delete(RUSH_MARK)
    taken = intake.register_pending()
    if taken >= intake.REGISTER_BATCH:
        register_submissions.enqueue()
    return taken
