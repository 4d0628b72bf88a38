"""Reads of the deadline rules: which provision applies, and the due dates it gives.

Which version applies (decision 0015): for each step, the row in force on the day that step
starts — the day the handling body received the letter for handling, acceptance, initial
processing, forwarding and the reply; the day of acceptance (thụ lý) for resolution; the day
the act became known for the filing limit. A later amendment never moves a step already
under way; where a law's transitional article says otherwise, that is entered as rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import ngettext

from danvan.lib.dates import format_vn_date

from .calendar import WorkCalendar, work_calendar
from .models import (
    COMPLEXITY_RANK,
    Complexity,
    DayType,
    DeadlineRule,
    Matter,
    RemoteCommune,
    Step,
)


@dataclass(frozen=True)
class Due:
    step: Step
    start: dt.date
    due_date: dt.date
    days: int
    day_type: DayType
    rule_id: int
    legal_basis: str
    effective_from: dt.date
    paused_days: int = 0


def rules_in_force(*, matter: Matter | str, on: dt.date) -> QuerySet[DeadlineRule]:
    return DeadlineRule.objects.filter(matter=matter, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def _keep_flag(rows: list[DeadlineRule], field: str, wanted: bool) -> list[DeadlineRule]:
    # A flagged provision applies when there is one; otherwise the general one does.
    if wanted:
        flagged = [row for row in rows if getattr(row, field)]
        if flagged:
            return flagged
    return [row for row in rows if not getattr(row, field)]


def pick_rule(
    rows: Iterable[DeadlineRule],
    *,
    step: Step | str,
    on: dt.date,
    complexity: Complexity | str = Complexity.NORMAL,
    remote_area: bool = False,
    several_places: bool = False,
) -> DeadlineRule | None:
    """The applicable row among `rows` (pure: no query).

    Flags first: a remote-area (or several-places) row when one exists, else the general
    row. Then the greatest complexity not above the one asked for (an especially complex
    complaint gets the complex limit), then the latest version.
    """
    rank = COMPLEXITY_RANK[Complexity(complexity)]
    candidates = [
        row
        for row in rows
        if row.step == step
        and row.effective_from <= on
        and (row.effective_to is None or on <= row.effective_to)
        and COMPLEXITY_RANK[Complexity(row.complexity)] <= rank
    ]
    candidates = _keep_flag(candidates, "remote_area", remote_area)
    candidates = _keep_flag(candidates, "several_places", several_places)
    return max(
        candidates,
        key=lambda row: (COMPLEXITY_RANK[Complexity(row.complexity)], row.effective_from),
        default=None,
    )


def rule_for(
    *,
    matter: Matter | str,
    step: Step | str,
    on: dt.date,
    complexity: Complexity | str = Complexity.NORMAL,
    remote_area: bool = False,
    several_places: bool = False,
) -> DeadlineRule | None:
    return pick_rule(
        rules_in_force(matter=matter, on=on).filter(step=step),
        step=step,
        on=on,
        complexity=complexity,
        remote_area=remote_area,
        several_places=several_places,
    )


def due_dates(
    *,
    matter: Matter | str,
    start: dt.date,
    complexity: Complexity | str = Complexity.NORMAL,
    remote_area: bool = False,
    several_places: bool = False,
    steps: Sequence[Step | str] | None = None,
    calendar: WorkCalendar | None = None,
    pauses: Sequence[tuple[dt.date, dt.date]] = (),
    rules: Sequence[DeadlineRule] | None = None,
) -> list[Due]:
    """One `Due` per step that has a rule for `matter` on `start`, in `steps` order (or the
    order of `Step`). Steps without a rule are left out. Two queries at most, whatever the
    number of steps: the rules, and the calendar when none is given.

    Every step counts from `start`, but the laws start the clocks on different days:
    acceptance, initial processing and forwarding from receipt, resolution from acceptance
    (thụ lý), the filing limit from when the act became known. Ask for the steps that share
    the day you pass (the rule's note says which day it is).

    `pauses` are finished suspensions (from the day of the decision to suspend to the day of
    the decision to resume, Luật 136/2025/QH15): their days do not count, so the limit is
    lengthened by the calendar days (or the working days) they covered after `start`.

    `rules`, when given, are rows already read (of any version and matter): no query then.
    """
    if rules is None:
        rows = list(rules_in_force(matter=matter, on=start))
    else:
        rows = [row for row in rules if row.matter == matter]
    wanted = [Step(step) for step in steps] if steps is not None else list(Step)
    if calendar is None:
        calendar = work_calendar()
    result = []
    for step in wanted:
        rule = pick_rule(
            rows,
            step=step,
            on=start,
            complexity=complexity,
            remote_area=remote_area,
            several_places=several_places,
        )
        if rule is None:
            continue
        day_type = DayType(rule.day_type)
        paused = paused_length(calendar, day_type, start, pauses)
        due = add_days(calendar, day_type, start, rule.days + paused)
        result.append(
            Due(
                step=step,
                start=start,
                due_date=due,
                days=rule.days,
                day_type=day_type,
                rule_id=rule.pk,
                legal_basis=rule.legal_basis,
                effective_from=rule.effective_from,
                paused_days=paused,
            )
        )
    return result


def add_days(calendar: WorkCalendar, day_type: DayType, start: dt.date, n: int) -> dt.date:
    """The last day of a limit of `n` days of `day_type` counted from `start`."""
    if day_type == DayType.WORKING:
        return calendar.add_working_days(start, n)
    return calendar.add_calendar_days(start, n)


def paused_length(
    calendar: WorkCalendar,
    day_type: DayType,
    start: dt.date,
    pauses: Sequence[tuple[dt.date, dt.date]],
) -> int:
    """The days of `pauses` after `start` that the limit does not count: the days from the
    suspension up to the day before the resumption (calendar days, or working days for a
    limit in working days)."""
    total = 0
    for since, until in pauses:
        day = max(since, start + dt.timedelta(days=1))
        while day < until:
            if day_type == DayType.CALENDAR or calendar.is_working_day(day):
                total += 1
            day += dt.timedelta(days=1)
    return total


def is_remote(*, unit_id: int | None, on: dt.date) -> bool:
    """Whether the commune is on the list of remote communes in force on `on`."""
    if unit_id is None:
        return False
    return (
        RemoteCommune.objects.filter(unit_id=unit_id, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .exists()
    )


def explain(due: Due) -> str:
    """How the date was reached, in the reader's language: days, from when, and why."""
    values = {
        "days": due.days,
        "start": format_vn_date(due.start),
        "basis": due.legal_basis,
    }
    if due.day_type == DayType.WORKING:
        return (
            ngettext(
                "%(days)d working day from %(start)s (%(basis)s)",
                "%(days)d working days from %(start)s (%(basis)s)",
                due.days,
            )
            % values
        )
    return (
        ngettext(
            "%(days)d day from %(start)s (%(basis)s)",
            "%(days)d days from %(start)s (%(basis)s)",
            due.days,
        )
        % values
    )
