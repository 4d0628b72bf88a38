"""A matter's due dates, from the legal rules in force on the day each period starts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danvan.deadlines.models import Matter, Step
from danvan.deadlines.selectors import due_dates

from ..models import Case, CaseDeadline, CaseKind, Channel


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _plan(case: Case) -> list[tuple[str, list[str], dt.date]]:
    """(matter, steps, counted-from day) for what applies to this matter now."""
    received = _local_day(case.received_at)
    accepted = _local_day(case.accepted_at)
    assert received is not None
    plan: list[tuple[str, list[str], dt.date]] = []
    if case.kind == CaseKind.COMPLAINT:
        plan.append((Matter.COMPLAINT_FIRST, [Step.ACCEPTANCE], received))
        if accepted:
            plan.append((Matter.COMPLAINT_FIRST, [Step.RESOLUTION], accepted))
    elif case.kind == CaseKind.DENUNCIATION:
        plan.append((Matter.DENUNCIATION, [Step.INITIAL_PROCESSING], received))
        if accepted:
            plan.append((Matter.DENUNCIATION, [Step.RESOLUTION], accepted))
    if case.channel == Channel.IN_PERSON:
        plan.append((Matter.CITIZEN_RECEPTION, [Step.REPLY], received))
    return plan


def refresh_deadlines(case: Case) -> list[CaseDeadline]:
    """Recompute and store the due dates (idempotent); set the matter's next due date."""
    wanted: dict[str, CaseDeadline] = {}
    for matter, steps, start in _plan(case):
        for due in due_dates(
            matter=matter,
            start=start,
            complexity=case.complexity,
            remote_area=case.remote_area,
            steps=steps,
        ):
            wanted[due.step] = CaseDeadline(
                case=case,
                step=due.step,
                due_date=due.due_date,
                start_date=start,
                days=due.days,
                day_type=due.day_type,
                legal_basis=due.legal_basis,
                rule_id=due.rule_id,
            )
    existing = {d.step: d for d in case.deadlines.all()}
    for step, deadline in wanted.items():
        old = existing.pop(step, None)
        if old is None:
            deadline.save()
        elif (old.due_date, old.rule_id) != (deadline.due_date, deadline.rule_id):
            for name in ("due_date", "start_date", "days", "day_type", "legal_basis", "rule_id"):
                setattr(old, name, getattr(deadline, name))
            old.save()
    for stale in existing.values():
        stale.delete()
    open_dues = [d.due_date for d in case.deadlines.filter(met_at__isnull=True)]
    case.next_due_date = min(open_dues) if open_dues else None
    Case.objects.filter(pk=case.pk).update(next_due_date=case.next_due_date)
    if wanted:
        from .reminders import schedule

        schedule(case)
    return list(case.deadlines.all())
