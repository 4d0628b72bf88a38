"""Writes to the deadline rules and the calendar. Every function: keyword-only, one
transaction, the actor recorded in the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from danvan.accounts.models import User

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
