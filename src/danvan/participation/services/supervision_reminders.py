"""Reminders about recommendations awaiting a response and critiques awaiting the drafter's
reply: a few days before the due date ("due soon") and after it ("overdue").

When a recommendation is sent (or a critique document), two tasks are queued after the
commit: one on the morning REMIND_DAYS days before the due date, one on the morning after
it. A daily sweep (`sweep`) does the same for everything open, so a lost task costs at most a
day. Each run checks again, so an answered record is left alone, and a SupervisionReminder
row per person, kind and due date (unique) makes a second run send nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today

from .. import access_supervision as access
from .. import queue_supervision as queue
from ..models import (
    Critique,
    CritiqueState,
    Recommendation,
    RecommendationState,
    ReminderKind,
    SupervisionReminder,
)
from ..reminding import officers, send_once

DEFAULT_REMIND_DAYS = 5
_LOCAL = ZoneInfo(settings.TIME_ZONE)


def remind_days() -> int:
    return int(getattr(settings, "SUPERVISION_REMIND_DAYS", DEFAULT_REMIND_DAYS))


def _morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8), tzinfo=_LOCAL)


def _timings(due: dt.date) -> list[tuple[str, dt.datetime]]:
    return [
        (ReminderKind.APPROACHING, _morning(due - dt.timedelta(days=remind_days()))),
        (ReminderKind.OVERDUE, _morning(due + dt.timedelta(days=1))),
    ]


def schedule_recommendation(rec: Recommendation) -> None:
    pk, due = rec.pk, rec.due_on

    def enqueue() -> None:
        for kind, when in _timings(due):
            queue.enqueue(queue.REMIND_RECOMMENDATION, pk, kind, due.isoformat(), run_after=when)

    transaction.on_commit(enqueue)


def schedule_critique(critique: Critique) -> None:
    pk, due = critique.pk, critique.reply_due_on
    if due is None:
        return

    def enqueue() -> None:
        for kind, when in _timings(due):
            queue.enqueue(queue.REMIND_CRITIQUE, pk, kind, due.isoformat(), run_after=when)

    transaction.on_commit(enqueue)


def _officers(body_id: int) -> list[User]:
    return officers([body_id], access.WRITER_ROLES)


def _due_now(kind: str, due: dt.date) -> bool:
    if kind == ReminderKind.APPROACHING:
        return today() <= due <= today() + dt.timedelta(days=remind_days())
    return due < today()


def _send(
    users: list[User], kind: str, due: dt.date, subject: str, text: str, url: str, **subject_of
) -> int:
    def remember(user: User) -> object:
        return SupervisionReminder.objects.create(user=user, kind=kind, due_on=due, **subject_of)

    return send_once(users, remember=remember, subject=subject, text=text, due=due, url=url)


def remind_recommendation(*, recommendation_id: int, kind: str, due: dt.date) -> int:
    """Remind the addressed body's officers (and, once overdue, the conducting body's) about
    a recommendation still awaiting a response with this due date."""
    rec = (
        Recommendation.objects.select_related("programme__organizer", "addressed_to")
        .filter(pk=recommendation_id, due_on=due, state=RecommendationState.SENT)
        .first()
    )
    if rec is None or not _due_now(kind, due):
        return 0
    users = _officers(rec.addressed_to_id)
    if kind == ReminderKind.OVERDUE:
        users += [u for u in _officers(rec.programme.organizer_id) if u not in users]
        subject = _("Recommendation overdue: %(body)s") % {"body": rec.addressed_to.name}
    else:
        subject = _("Response due soon: %(body)s") % {"body": rec.addressed_to.name}
    url = reverse("participation:supervision_recommendation", args=[rec.pk])
    return _send(users, kind, due, subject, rec.text, url, recommendation=rec)


def remind_critique(*, critique_id: int, kind: str, due: dt.date) -> int:
    c = (
        Critique.objects.select_related("organizer", "drafting_body")
        .filter(pk=critique_id, reply_due_on=due, state=CritiqueState.SENT)
        .first()
    )
    if c is None or not _due_now(kind, due):
        return 0
    users = _officers(c.drafting_body_id)
    if kind == ReminderKind.OVERDUE:
        users += [u for u in _officers(c.organizer_id) if u not in users]
        subject = _("Reply to a critique overdue: %(draft)s") % {"draft": c.draft_title[:80]}
    else:
        subject = _("Reply to a critique due soon: %(draft)s") % {"draft": c.draft_title[:80]}
    url = reverse("participation:supervision_critique", args=[c.pk])
    return _send(users, kind, due, subject, c.draft_title, url, critique=c)


def sweep() -> int:
    """Everything open whose due date is near or past: remind once per person and kind."""
    day, soon = today(), today() + dt.timedelta(days=remind_days())
    sent = 0
    open_recs = Recommendation.objects.filter(
        state=RecommendationState.SENT, due_on__lte=soon
    ).values_list("pk", "due_on")
    for pk, due in open_recs.iterator():
        kind = ReminderKind.OVERDUE if due < day else ReminderKind.APPROACHING
        sent += remind_recommendation(recommendation_id=pk, kind=kind, due=due)
    open_critiques = Critique.objects.filter(
        state=CritiqueState.SENT, reply_due_on__lte=soon
    ).values_list("pk", "reply_due_on")
    for pk, reply_due in open_critiques.iterator():
        if reply_due is None:
            continue
        kind = ReminderKind.OVERDUE if reply_due < day else ReminderKind.APPROACHING
        sent += remind_critique(critique_id=pk, kind=kind, due=reply_due)
    return sent
