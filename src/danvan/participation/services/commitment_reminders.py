"""Reminders about the commitments made to the people: a few days before the due date
("due soon") to the responsible body's officers and leaders, and after it ("overdue") to them
and the host body's. The hourly worker sweeps (`sweep`); each commitment, kind and person is
reminded once per due date (models.CommitmentReminder), and a commitment done or withdrawn
meanwhile is left alone."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today

from ..access_meetings import WRITER_ROLES
from ..models import Commitment, CommitmentReminder, CommitmentState
from ..reminding import officers, officers_by_body, send_once

DEFAULT_REMIND_DAYS = 7

Kind = CommitmentReminder.Kind


def remind_days() -> int:
    return int(getattr(settings, "COMMITMENT_REMIND_DAYS", DEFAULT_REMIND_DAYS))


def remind(
    *,
    commitment: Commitment,
    day: dt.date | None = None,
    staff: dict[int, list[User]] | None = None,
) -> int:
    """Remind about one open commitment if it is due within the reminder days or overdue
    (`staff`: the bodies' officers, when the sweep read them for all at once)."""
    day = day or today()
    if commitment.state != CommitmentState.OPEN:
        return 0
    due = commitment.due_on
    if due < day:
        kind = Kind.OVERDUE
        users = officers([commitment.owner_id, commitment.meeting.host_id], WRITER_ROLES, staff)
        subject = _("Commitment overdue: %(body)s") % {"body": commitment.owner.name}
    elif due <= day + dt.timedelta(days=remind_days()):
        kind = Kind.APPROACHING
        users = officers([commitment.owner_id], WRITER_ROLES, staff)
        subject = _("Commitment due soon: %(body)s") % {"body": commitment.owner.name}
    else:
        return 0

    def remember(user: User) -> object:
        return CommitmentReminder.objects.create(
            user=user, commitment=commitment, kind=kind, due_on=due
        )

    url = reverse("participation:commitment", args=[commitment.pk])
    return send_once(
        users, remember=remember, subject=subject, text=commitment.text, due=due, url=url
    )


def _reminded(kind: str) -> Exists:
    return Exists(
        CommitmentReminder.objects.filter(
            commitment=OuterRef("pk"), due_on=OuterRef("due_on"), kind=kind
        )
    )


def sweep(*, day: dt.date | None = None) -> int:
    """Every open commitment due within the reminder days or past due, but not those already
    reminded of that kind for that due date (so an hourly sweep reads little)."""
    day = day or today()
    due = (
        Commitment.objects.filter(
            state=CommitmentState.OPEN, due_on__lte=day + dt.timedelta(days=remind_days())
        )
        .exclude(Q(due_on__lt=day), _reminded(Kind.OVERDUE))
        .exclude(Q(due_on__gte=day), _reminded(Kind.APPROACHING))
        .select_related("owner", "meeting")
    )
    found = list(due)
    staff = officers_by_body(
        [c.owner_id for c in found] + [c.meeting.host_id for c in found], WRITER_ROLES
    )
    return sum(remind(commitment=c, day=day, staff=staff) for c in found)
