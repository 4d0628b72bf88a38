"""Writes to the deadline rules and the calendar. Every function: keyword-only, one
transaction, the actor recorded in the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment, Role, User
from danvan.org.models.validity import valid_on

from .calendar import CalendarException, ExceptionKind
from .models import DeadlineRule

EDITABLE_FIELDS = (
    "days",
    "day_type",
    "complexity",
    "remote_area",
    "several_places",
    "effective_from",
    "effective_to",
    "legal_basis",
    "note",
)


def _save(obj: DeadlineRule | CalendarException, actor: User | None, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor  # type: ignore[union-attr]
    obj._change_reason = reason  # type: ignore[union-attr]
    obj.save()


@transaction.atomic
def update_rule(
    *, actor: User | None, rule: DeadlineRule, reason: str = "update", **changes: Any
) -> DeadlineRule:
    """Correct a row (a typo, a wrong article). A change in the law is `amend_rule`."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(rule, name, value)
    _save(rule, actor, reason)
    return rule


@transaction.atomic
def amend_rule(
    *,
    actor: User | None,
    rule: DeadlineRule,
    effective_from: dt.date,
    days: int,
    legal_basis: str,
    note: str = "",
) -> DeadlineRule:
    """A new limit from `effective_from`: the old row ends the day before, so matters
    received earlier keep the limit they started under."""
    last_day = effective_from - dt.timedelta(days=1)
    update_rule(actor=actor, rule=rule, reason="amended", effective_to=last_day)
    new = DeadlineRule(
        matter=rule.matter,
        step=rule.step,
        complexity=rule.complexity,
        remote_area=rule.remote_area,
        several_places=rule.several_places,
        day_type=rule.day_type,
        days=days,
        effective_from=effective_from,
        legal_basis=legal_basis,
        note=note,
    )
    _save(new, actor, "amendment")
    return new


@transaction.atomic
def set_calendar_exception(
    *,
    actor: User | None,
    date: dt.date,
    kind: ExceptionKind | str,
    name: str,
    legal_basis: str = "",
) -> CalendarException:
    """Record an announced swap day; a second announcement for the same date replaces it."""
    exception = CalendarException.objects.filter(date=date).first() or CalendarException(date=date)
    exception.kind = kind
    exception.name = name
    exception.legal_basis = legal_basis
    _save(exception, actor, "update" if exception.pk else "create")
    return exception


# The Government announces next year's swaps in the autumn (Tết in October, New Year in
# December): from this day on, a year without rows is worth a reminder.
REMIND_FROM = (10, 1)  # (month, day)
# Long enough to cover the day of the key; the weekday test keeps it to Mondays.
_REMINDER_KEY_TIMEOUT = 2 * 24 * 3600


def swap_days_missing(*, today: dt.date) -> list[int]:
    """The years whose swap days should be in the table by `today` and have no row: the
    current year always, the next one from 1 October."""
    years = [today.year]
    if (today.month, today.day) >= REMIND_FROM:
        years.append(today.year + 1)
    entered = set(
        CalendarException.objects.filter(date__year__in=years)
        .values_list("date__year", flat=True)
        .distinct()
    )
    return [year for year in years if year not in entered]


def system_admins(*, on: dt.date) -> list[User]:
    """Active users holding the system administrator role on `on`, with an e-mail address."""
    holders = (
        Assignment.objects.as_of(on)
        .filter(role=Role.SYSTEM_ADMIN)
        .filter(valid_on(on, "organization__"))
        .values("user_id")
    )
    return list(
        User.objects.filter(pk__in=holders, is_active=True).exclude(email="").order_by("pk")
    )


def remind_next_year(*, today: dt.date) -> int:
    """E-mail the system administrators to enter next year's swap days, when none is entered
    yet: every Monday from 1 October to 31 December, once that day. Returns the number of
    e-mails sent.

    Called often (the worker's housekeeping, hourly), so it must be cheap and idempotent: the
    date tests come first, then one query, and the shared cache's `add` lets one call per day
    through, whatever the number of workers.
    """
    if (today.month, today.day) < REMIND_FROM or today.weekday() != 0:  # Mondays only
        return 0
    year = today.year + 1
    if CalendarException.objects.filter(date__year=year).exists():
        return 0
    key = f"deadlines:swap-reminder:{year}:{today.isoformat()}"
    if not cache.add(key, 1, timeout=_REMINDER_KEY_TIMEOUT):
        return 0
    try:
        recipients = system_admins(on=today)
        # The worker has no request and so no active language: the officers read Vietnamese.
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Enter the swap days of %(year)d") % {"year": year}
            body = _(
                "The working calendar has no swap days for %(year)d yet (days off moved and "
                "Saturdays worked). The Government announces them each autumn, for the "
                "Lunar New Year and the other holidays of the coming year. Once they are "
                "announced, enter them on the calendar exceptions page: %(url)s\n\n"
                "Until then, due dates in %(year)d count only weekends and public holidays. "
                "This reminder comes every Monday until a day of %(year)d is entered."
            ) % {
                "year": year,
                "url": settings.SITE_ROOT + reverse("admin:deadlines_calendarexception_changelist"),
            }
        # One message each: administrators' addresses are not shown to one another.
        mails = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in recipients]
        return send_mass_mail(mails) if mails else 0
    except Exception:
        # Let a later run of the same day try again.
        cache.delete(key)
        raise
