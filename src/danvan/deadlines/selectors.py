"""Reads of the deadline rules: which provision applies, and the due dates it gives.

The rule in force is the one in force on the start date (the day the matter was received,
or, for the filing limit, the day the complainant learned of the act): a later amendment
never moves the limits of a matter already under way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import ngettext

from danvan.lib.dates import format_vn_date

from .calendar import WorkCalendar, work_calendar
from .models import COMPLEXITY_RANK, Complexity, DayType, DeadlineRule, Matter, Step


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
) -> list[Due]:
    """One `Due` per step that has a rule for `matter` on `start`, in `steps` order (or the
    order of `Step`). Steps without a rule are left out. Two queries at most, whatever the
    number of steps: the rules, and the calendar when none is given.

    Every step counts from `start`, but the laws start the clocks on different days:
    acceptance, initial processing and forwarding from receipt, resolution from acceptance
    (thụ lý), the filing limit from when the act became known. Ask for the steps that share
    the day you pass (the rule's note says which day it is).
    """
    rows = list(rules_in_force(matter=matter, on=start))
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
        if day_type == DayType.WORKING:
            due = calendar.add_working_days(start, rule.days)
        else:
            due = calendar.add_calendar_days(start, rule.days)
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
            )
        )
    return result


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
