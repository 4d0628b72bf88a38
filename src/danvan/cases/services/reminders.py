"""Reminders before a due date and escalation after it, run as background tasks.

When a matter's deadlines change, one reminder task per open deadline is queued to run on the
morning REMIND_WORKING_DAYS working days before it, and one escalation task on the morning of
the first working day after it (never on a weekend or a holiday, when nobody reads them);
each task checks again when it runs, so a met, closed, suspended or moved deadline makes it a
no-op.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import Assignment, Role, Scope, User
from danvan.deadlines.calendar import WorkCalendar, work_calendar
from danvan.lib.dates import today
from danvan.org.models.validity import valid_on

from .. import access, queue
from ..models import Case, CaseDeadline, Notification, NotificationKind
from ..models.cases import OPEN_STATES

REMIND_WORKING_DAYS = 2
_LOCAL = ZoneInfo(settings.TIME_ZONE)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=_LOCAL)


def reminder_day(calendar: WorkCalendar, due: dt.date) -> dt.date:
    """REMIND_WORKING_DAYS working days before `due`."""
    day = due
    for _i in range(REMIND_WORKING_DAYS):
        day -= dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def escalation_day(calendar: WorkCalendar, due: dt.date) -> dt.date:
    """The first working day after `due`."""
    return calendar.next_working_day(due)


def _open(deadlines: QuerySet[CaseDeadline]) -> QuerySet[CaseDeadline]:
    return deadlines.filter(met_at__isnull=True, closed_at__isnull=True, paused_since__isnull=True)


def schedule(
    case: Case,
    calendar: WorkCalendar | None = None,
    deadlines: list[CaseDeadline] | None = None,
) -> None:
    """Queue the tasks for the matter's open deadlines (or `deadlines`), after the
    transaction commits."""
    if deadlines is None:
        deadlines = list(_open(case.deadlines.filter(leg=case.leg)))
    schedule_deadlines(deadlines, calendar)


def schedule_deadlines(
    deadlines: Sequence[CaseDeadline], calendar: WorkCalendar | None = None
) -> None:
    """Queue one reminder and one escalation task per step and due date, for all the matters
    that share them (a registration batch: a couple of task rows, not two per matter), after
    the transaction commits. Each task checks every matter again when it runs."""
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for d in deadlines:
        if d.met_at is None and d.closed_at is None and d.paused_since is None:
            groups[(d.step, d.due_date)].append(d.case_id)
    if not groups:
        return
    calendar = calendar or work_calendar()
    timings = [
        (ids, step, due, reminder_day(calendar, due), escalation_day(calendar, due))
        for (step, due), ids in groups.items()
    ]

    def enqueue() -> None:
        for ids, step, due, remind_on, escalate_on in timings:
            args = (ids, step, due.isoformat())
            queue.enqueue(queue.REMIND_BEFORE_DUE, *args, run_after=_at(remind_on, 8))
            queue.enqueue(queue.ESCALATE_OVERDUE, *args, run_after=_at(escalate_on, 8))

    transaction.on_commit(enqueue)


def _still_due(case_id: int, step: str, due: dt.date) -> tuple[Case, CaseDeadline] | None:
    deadline = (
        CaseDeadline.objects.select_related("case__organization", "case__assigned_to")
        .filter(case_id=case_id, step=step, due_date=due)
        .filter(met_at__isnull=True, closed_at__isnull=True, paused_since__isnull=True)
        .first()
    )
    if (
        deadline is None
        or deadline.case.state not in OPEN_STATES
        or deadline.leg != deadline.case.leg
    ):
        return None
    return deadline.case, deadline


def leaders_over(case: Case) -> list[User]:
    """The leaders who may act on the matter now (access, from their current grants): of its
    body, and those whose subtree in its province covers it. Central leaders cover every
    matter too, but are not written to about each one."""
    org = case.organization
    if org is None:
        return []
    body = Q(organization_id__in={org.pk, org.current_id or org.pk})
    above = Q(scope=Scope.SUBTREE, organization__province_id=org.province_id)
    rows = (
        Assignment.objects.current()
        .filter(body | above, role=Role.LEADER, user__is_active=True)
        .filter(valid_on(today(), "organization__"))
        .select_related("user", "organization__current_unit")
    )
    return list({a.user for a in rows if access.grant_covers(scopes.grant_of(a), case)})


def _assignee(case: Case) -> User | None:
    """The assigned officer, while they may still handle the matter."""
    officer = case.assigned_to
    if officer is None or not officer.is_active:
        return None
    return officer if access.may(officer, case, access.Action.CHANGE) else None


def _notify(case: Case, deadline: CaseDeadline, kind: str, users: list[User]) -> int:
    made, mails = 0, []
    for user in users:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user=user, case=case, kind=kind, step=deadline.step, due_date=deadline.due_date
                )
        except IntegrityError:
            continue  # already notified by an earlier run of the same task
        made += 1
        if user.email:
            subject = (
                _("Deadline approaching: %(code)s")
                if kind == NotificationKind.REMINDER
                else _("Deadline missed: %(code)s")
            ) % {"code": case.tracking_code}
            body = _("%(title)s — due %(date)s. Open the matter: %(url)s") % {
                "title": case.title,
                "date": deadline.due_date.strftime("%d/%m/%Y"),
                "url": f"{settings.SITE_ROOT}/cases/{case.tracking_code}/",
            }
            mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if mails:
        send_mass_mail(mails, fail_silently=True)
    return made


def send_reminder(*, case_id: int, step: str, due: dt.date) -> int:
    found = _still_due(case_id, step, due)
    if found is None:
        return 0
    case, deadline = found
    officer = _assignee(case)
    users = [officer] if officer is not None else leaders_over(case)
    return _notify(case, deadline, NotificationKind.REMINDER, users)


def escalate(*, case_id: int, step: str, due: dt.date) -> int:
    found = _still_due(case_id, step, due)
    if found is None:
        return 0
    case, deadline = found
    return _notify(case, deadline, NotificationKind.ESCALATION, leaders_over(case))
