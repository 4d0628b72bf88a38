"""Reads of a matter's deadlines and decisions as the officer's and the citizen's pages show
them: what each step is, from when it counts, until when, on which basis, and where it stands
(met on time or late, closed, suspended, overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from danvan.deadlines.models import DayType, Step
from danvan.lib.dates import format_vn_date, today

from .models import Case, CaseDeadline, CaseDecision, DeadlineBasis, DecisionKind


class DueStatus(TextChoices):
    RUNNING = "running", _("Running")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUSPENDED = "suspended", _("Suspended")
    MET = "met", _("Met on time")
    MET_LATE = "met_late", _("Met late")
    CLOSED = "closed", _("No longer applies")


DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class DeadlineRow:
    step: str
    label: str
    body: str
    start: dt.date
    due: dt.date
    limit: str
    basis: str
    is_target: bool
    status: DueStatus
    paused_days: int
    paused_since: dt.date | None
    current: bool

    @property
    def pause_note(self) -> str:
        if self.paused_since:
            return str(
                _("Suspended since %(day)s: the clock is stopped until the resumption.")
                % {"day": format_vn_date(self.paused_since)}
            )
        if self.paused_days:
            return ngettext(
                "Includes %(n)d day of suspension, which does not count.",
                "Includes %(n)d days of suspension, which do not count.",
                self.paused_days,
            ) % {"n": self.paused_days}
        return ""


def step_label(step: str, basis: str) -> str:
    if basis == DeadlineBasis.TARGET:
        return str(_("Answer (the province's target, not a legal limit)"))
    try:
        return str(Step(step).label)
    except ValueError:
        return step


def _limit(d: CaseDeadline) -> str:
    if d.day_type == DayType.WORKING:
        text = ngettext("%(n)d working day", "%(n)d working days", d.days)
    else:
        text = ngettext("%(n)d day", "%(n)d days", d.days)
    return text % {"n": d.days}


def _status(d: CaseDeadline, on: dt.date) -> DueStatus:
    if d.met_at is not None:
        return DueStatus.MET if timezone.localdate(d.met_at) <= d.due_date else DueStatus.MET_LATE
    if d.closed_at is not None:
        return DueStatus.CLOSED
    if d.paused_since is not None:
        return DueStatus.SUSPENDED
    if d.due_date < on:
        return DueStatus.OVERDUE
    if (d.due_date - on).days <= DUE_SOON_DAYS:
        return DueStatus.DUE_SOON
    return DueStatus.RUNNING


def deadline_rows(case: Case, *, on: dt.date | None = None) -> list[DeadlineRow]:
    """Every body's deadlines for the matter, the current body's last; one query."""
    on = on or today()
    rows = []
    for d in case.deadlines.select_related("organization").order_by("leg", "due_date", "id"):
        rows.append(
            DeadlineRow(
                step=d.step,
                label=step_label(d.step, d.basis),
                body=d.organization.name if d.organization else "",
                start=d.start_date,
                due=d.due_date,
                limit=_limit(d),
                basis=d.legal_basis,
                is_target=d.basis == DeadlineBasis.TARGET,
                status=_status(d, on),
                paused_days=d.paused_days,
                paused_since=d.paused_since,
                current=d.leg == case.leg,
            )
        )
    return rows


def withdrawn_parts(case: Case) -> list[CaseDecision]:
    return [
        d
        for d in case.decisions.filter(kind=DecisionKind.WITHDRAWAL, whole=False)
        if d.withdrawn_part
    ]


def decisions_of(case: Case) -> list[CaseDecision]:
    return list(case.decisions.select_related("actor"))
