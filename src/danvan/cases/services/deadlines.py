"""A matter's due dates: its plan of steps, the legal rules in force, and its decisions.

The plan (decision 0015) says which steps apply to the matter now, and from which day each
counts; the rules table says how long each step may take (the row in force on that day);
the decisions on the matter (extensions, suspensions) change the limit as the laws say.

- Every letter: handling (xử lý đơn) from the day the handling body received it.
- Complaint (first or second): acceptance from receipt; after acceptance, resolution from
  the acceptance day, for its complexity and area, lengthened by finished suspensions.
- Denunciation: initial processing from receipt (longer with checks in several places);
  after acceptance, resolution from the acceptance day, whose complexity comes from the
  recorded extensions only (Luật Tố cáo 2018 Art. 30: no extension decision, no longer limit).
- Feedback and proposals: after acceptance, the province's target for the field, if any.
- Outside the body's competence (denunciation, feedback, proposal): forwarding from receipt.
- Received in person: the reply to the citizen (Luật Tiếp công dân 2013 Art. 28), by the body
  the citizen came to; telling them the matter was forwarded is that reply.

Each body that holds the matter has its own rows (`Case.leg`); this module only ever
touches the current body's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.deadlines.calendar import WorkCalendar, work_calendar
from danvan.deadlines.models import Complexity, DayType, DeadlineRule, Matter, Step
from danvan.deadlines.selectors import Due, add_days, due_dates

from ..models import (
    Case,
    CaseDeadline,
    CaseDecision,
    CaseKind,
    Channel,
    ComplaintRound,
    DeadlineBasis,
    DecisionKind,
    ServiceTarget,
)
from ..models.cases import OPEN_STATES


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


@dataclass(frozen=True)
class PlannedStep:
    matter: str
    step: str
    start: dt.date
    complexity: str = Complexity.NORMAL


# Which rows set the forwarding limit of a matter sent on because it is outside the body's
# competence (Luật Tố cáo 2018 Art. 24.2; NĐ 20/2008 Art. 9): complaints have none (the body
# guides the complainant), so forwarding one meets its handling step.
FORWARDING_MATTER: dict[str, str] = {
    CaseKind.DENUNCIATION: Matter.DENUNCIATION,
    CaseKind.FEEDBACK: Matter.FEEDBACK,
    CaseKind.PROPOSAL: Matter.FEEDBACK,
}


def _handled_since(case: Case) -> dt.date:
    return local_day(case.handled_since or case.received_at)


def denunciation_complexity(extensions: int) -> str:
    """Art. 30: 30 days; one extension (complex) 60; two (especially complex) 90."""
    return [Complexity.NORMAL, Complexity.COMPLEX, Complexity.ESPECIALLY_COMPLEX][
        min(extensions, 2)
    ]


def plan(case: Case, decisions: Sequence[CaseDecision] = ()) -> list[PlannedStep]:
    """The legal steps that apply to the matter at its current body, and their start days."""
    received = _handled_since(case)
    accepted = local_day(case.accepted_at) if case.accepted_at else None
    steps = [PlannedStep(Matter.LETTER, Step.HANDLING, received)]
    complaint = (
        Matter.COMPLAINT_SECOND
        if case.complaint_round == ComplaintRound.SECOND
        else Matter.COMPLAINT_FIRST
    )
    # The steps before acceptance are planned only before it: a matter reclassified once
    # accepted must not grow a step it can no longer take (met rows stay as the record).
    if not accepted:
        if case.outside_competence and case.kind in FORWARDING_MATTER:
            steps.append(PlannedStep(FORWARDING_MATTER[case.kind], Step.FORWARDING, received))
        if case.kind == CaseKind.COMPLAINT:
            steps.append(PlannedStep(complaint, Step.ACCEPTANCE, received))
        elif case.kind == CaseKind.DENUNCIATION and not case.outside_competence:
            steps.append(PlannedStep(Matter.DENUNCIATION, Step.INITIAL_PROCESSING, received))
    if case.kind == CaseKind.COMPLAINT and accepted:
        steps.append(PlannedStep(complaint, Step.RESOLUTION, accepted, case.complexity))
    if case.kind == CaseKind.DENUNCIATION and accepted:
        extensions = sum(1 for d in decisions if d.kind == DecisionKind.EXTENSION)
        complexity = denunciation_complexity(extensions)
        steps.append(PlannedStep(Matter.DENUNCIATION, Step.RESOLUTION, accepted, complexity))
    # The reply is owed by the body the citizen came to (Luật Tiếp công dân 2013 Art. 28),
    # not by a body the matter is forwarded to.
    if case.channel == Channel.IN_PERSON and case.leg == 0:
        steps.append(PlannedStep(Matter.CITIZEN_RECEPTION, Step.REPLY, received))
    return steps


def pauses_of(
    decisions: Iterable[CaseDecision],
) -> tuple[list[tuple[dt.date, dt.date]], dt.date | None]:
    """The finished suspensions (from, to) and the day an unfinished one began."""
    finished: list[tuple[dt.date, dt.date]] = []
    since: dt.date | None = None
    for decision in decisions:
        if decision.kind == DecisionKind.SUSPENSION and since is None:
            since = decision.effective_on
        elif decision.kind == DecisionKind.RESUMPTION and since is not None:
            finished.append((since, decision.effective_on))
            since = None
    return finished, since


def deadline_of(case: Case, due: Due, *, paused_since: dt.date | None = None) -> CaseDeadline:
    """The current body's row for a computed due date (unsaved)."""
    return CaseDeadline(
        case=case,
        leg=case.leg,
        organization_id=case.organization_id,
        step=due.step,
        due_date=due.due_date,
        start_date=due.start,
        days=due.days,
        day_type=due.day_type,
        legal_basis=due.legal_basis,
        rule_id=due.rule_id,
        paused_days=due.paused_days,
        paused_since=paused_since,
    )


def forwarding_deadline(case: Case) -> CaseDeadline | None:
    """The current body's forwarding deadline, planned or not yet (unsaved then); None when no
    rule sets one for this kind of matter (forwarding then meets the handling step)."""
    planned = case.deadlines.filter(leg=case.leg, step=Step.FORWARDING).first()
    if planned is not None or case.kind not in FORWARDING_MATTER:
        return planned
    start = _handled_since(case)
    dues = due_dates(matter=FORWARDING_MATTER[case.kind], start=start, steps=[Step.FORWARDING])
    return deadline_of(case, dues[0]) if dues else None


def target_deadline(
    case: Case,
    start: dt.date,
    calendar: WorkCalendar,
    targets: Sequence[ServiceTarget] | None = None,
) -> CaseDeadline | None:
    """The province's target for answering feedback or a proposal in the matter's field
    (unsaved, without its matter). `targets`, when given, are rows already read (of any
    province, field and version): no query then."""
    if case.kind not in (CaseKind.FEEDBACK, CaseKind.PROPOSAL) or case.province_id is None:
        return None
    if targets is None:
        targets = list(
            ServiceTarget.objects.filter(
                Q(field_id=case.field_id) | Q(field__isnull=True), province_id=case.province_id
            )
        )
    rows = [
        r
        for r in targets
        if r.province_id == case.province_id
        and r.field_id in (case.field_id, None)
        and r.effective_from <= start
        and (r.effective_to is None or r.effective_to >= start)
    ]
    if not rows:
        return None
    # The field's own target wins over the province's general one; then the latest version.
    row = max(rows, key=lambda r: (r.field_id is not None, r.effective_from))
    due = add_days(calendar, DayType(row.day_type), start, row.days)
    return CaseDeadline(
        step="target",
        basis=DeadlineBasis.TARGET,
        due_date=due,
        start_date=start,
        days=row.days,
        day_type=row.day_type,
        legal_basis=row.source[:200],
    )


def wanted_deadlines(
    case: Case,
    decisions: Sequence[CaseDecision] = (),
    calendar: WorkCalendar | None = None,
) -> dict[str, CaseDeadline]:
    """The current body's deadlines as they should be now (unsaved), by step."""
    calendar = calendar or work_calendar()
    finished, since = pauses_of(decisions)
    wanted: dict[str, CaseDeadline] = {}
    for planned in plan(case, decisions):
        for due in due_dates(
            matter=planned.matter,
            start=planned.start,
            complexity=planned.complexity,
            remote_area=case.remote_area,
            several_places=case.several_places,
            steps=[planned.step],
            calendar=calendar,
            pauses=finished if planned.step == Step.RESOLUTION else (),
        ):
            wanted[due.step] = deadline_of(
                case, due, paused_since=since if due.step == Step.RESOLUTION else None
            )
    if case.accepted_at:
        target = target_deadline(case, local_day(case.accepted_at), calendar)
        if target is not None:
            target.case, target.leg, target.organization_id = case, case.leg, case.organization_id
            wanted[target.step] = target
    return wanted


_COPIED = (
    "organization_id",
    "basis",
    "due_date",
    "start_date",
    "days",
    "day_type",
    "legal_basis",
    "rule_id",
    "paused_days",
    "paused_since",
)


def refresh_deadlines(case: Case) -> list[CaseDeadline]:
    """Recompute and store the current body's due dates (idempotent); set the matter's next
    due date. A step that no longer applies is removed while open; a met or closed step is
    kept as the record of what happened."""
    decisions = list(case.decisions.all())
    wanted = wanted_deadlines(case, decisions)
    existing = {d.step: d for d in case.deadlines.filter(leg=case.leg)}
    changed: list[CaseDeadline] = []  # new or moved: their reminders are queued
    for step, deadline in wanted.items():
        old = existing.pop(step, None)
        if old is None:
            deadline.save()
            changed.append(deadline)
        elif old.is_open and any(getattr(old, name) != getattr(deadline, name) for name in _COPIED):
            for name in _COPIED:
                setattr(old, name, getattr(deadline, name))
            old.save()
            changed.append(old)
    for stale in existing.values():
        if stale.is_open:
            stale.delete()
    set_next_due_date(case)
    if changed:
        from .reminders import schedule_deadlines

        schedule_deadlines(changed)
    return list(case.deadlines.all())


def recompute_open_matters(
    *, batch: int = 500, progress: Callable[[int], object] | None = None
) -> int:
    """Every open matter's deadlines again, one transaction per matter (a long run holds no
    lock on the others); returns how many."""
    done = 0
    for case in Case.objects.filter(state__in=OPEN_STATES).order_by("pk").iterator(batch):
        with transaction.atomic():
            refresh_deadlines(case)
        done += 1
        if progress is not None:
            progress(1)
    return done


def open_deadlines(case: Case) -> QuerySet[CaseDeadline]:
    return case.deadlines.filter(met_at__isnull=True, closed_at__isnull=True)


def set_next_due_date(case: Case) -> None:
    """The soonest open due date whose clock runs (a suspended step has none)."""
    dues = list(
        open_deadlines(case).filter(paused_since__isnull=True).values_list("due_date", flat=True)
    )
    case.next_due_date = min(dues) if dues else None
    Case.objects.filter(pk=case.pk).update(next_due_date=case.next_due_date)


def meet(case: Case, steps: Iterable[str] | None = None, *, at: dt.datetime | None = None) -> None:
    """The body did what the steps asked (accepted, answered, forwarded...)."""
    rows = open_deadlines(case).filter(leg=case.leg)
    if steps is not None:
        rows = rows.filter(step__in=list(steps))
    rows.update(met_at=at or timezone.now())


def close_open(case: Case, *, at: dt.datetime | None = None) -> None:
    """The steps no longer apply (withdrawn, not processable, moved on): neither met nor
    missed."""
    open_deadlines(case).update(closed_at=at or timezone.now())
    set_next_due_date(case)


def letter_handling_due(received_at: dt.datetime) -> dt.date | None:
    """The letter-handling due date of a letter received at `received_at` (10 working days,
    the rule in force that day), before it is registered as a matter: a submission waiting
    in the registration queue is already received, and its clock already runs."""
    dues = due_dates(matter=Matter.LETTER, start=local_day(received_at), steps=[Step.HANDLING])
    return dues[0].due_date if dues else None


def planned_deadlines(
    cases: Sequence[Case],
    calendar: WorkCalendar | None = None,
    rules: Sequence[DeadlineRule] | None = None,
) -> list[CaseDeadline]:
    """The due dates of the planned steps of many matters at once, before any decision on
    their period and without the province's targets (registration in bulk; the demo's past
    matters): two queries at most whatever their number. Sets each matter's next due date;
    the rows still need their matter's primary key."""
    if not cases:
        return []
    calendar = calendar or work_calendar()
    if rules is None:
        rules = list(DeadlineRule.objects.all())
    made = []
    for case in cases:
        mine = [
            deadline_of(case, due)
            for planned in plan(case)
            for due in due_dates(
                matter=planned.matter,
                start=planned.start,
                complexity=planned.complexity,
                remote_area=case.remote_area,
                several_places=case.several_places,
                steps=[planned.step],
                calendar=calendar,
                rules=rules,
            )
        ]
        case.next_due_date = min((d.due_date for d in mine), default=None)
        made += mine
    return made


def handling_deadlines(
    cases: Sequence[Case], calendar: WorkCalendar | None = None
) -> list[CaseDeadline]:
    """The first deadlines of new matters (handling, and the reply to a visit)."""
    rules = list(
        DeadlineRule.objects.filter(
            matter__in=[Matter.LETTER, Matter.CITIZEN_RECEPTION],
            step__in=[Step.HANDLING, Step.REPLY],
        )
    )
    return planned_deadlines(cases, calendar, rules)
