"""Reporting periods from the cut-off rules in force (Nghị định 09/2019/NĐ-CP, Điều 12: a
monthly figure runs from the 15th of the previous month to the 14th; quarterly, 6-month,
9-month and annual figures from the 15th of the month before the period — 15/12 of the year
before for a period starting in January — to the 14th of its last month)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import CutoffRule, PeriodKind, ReportingPeriod

DEFAULT_START_DAY = 15


def months_of(kind: str, number: int) -> tuple[int, int]:
    """The calendar months a period covers: (first, last)."""
    match kind:
        case PeriodKind.MONTH if 1 <= number <= 12:
            return number, number
        case PeriodKind.QUARTER if 1 <= number <= 4:
            return 3 * number - 2, 3 * number
        case PeriodKind.HALF_YEAR if number in (1, 2):
            return (1, 6) if number == 1 else (7, 12)
        case PeriodKind.NINE_MONTHS if number == 1:
            return 1, 9
        case PeriodKind.YEAR if number == 1:
            return 1, 12
    raise ValueError(
        _("There is no such period: %(kind)s %(number)s.") % {"kind": kind, "number": number}
    )


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _bounds(
    year: int, first: int, last: int, start_day: int, month_before: bool
) -> tuple[dt.date, dt.date]:
    if start_day == 1:
        start = dt.date(year, first, 1)
        end_year, end_month = _shift(year, last, 1)
        return start, dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
    start_year, start_month = _shift(year, first, -1) if month_before else (year, first)
    end_year, end_month = (year, last) if month_before else _shift(year, last, 1)
    return dt.date(start_year, start_month, start_day), dt.date(end_year, end_month, start_day - 1)


def bounds(kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a period's figures under the rule in force for it: the
    latest rule whose `effective_from` is not after the period's last day."""
    first, last = months_of(kind, number)
    for rule in CutoffRule.objects.filter(kind=kind).order_by("-effective_from"):
        start, end = _bounds(year, first, last, rule.start_day, rule.starts_month_before)
        if rule.effective_from <= end:
            return start, end
    return _bounds(year, first, last, DEFAULT_START_DAY, True)


@transaction.atomic
def ensure_period(*, kind: str, year: int, number: int) -> ReportingPeriod:
    """The period, made from the cut-off rule in force if it does not exist yet (a period
    made once keeps its dates: editing a rule later does not move reports already open)."""
    period = ReportingPeriod.objects.filter(kind=kind, year=year, number=number).first()
    if period is not None:
        return period
    start, end = bounds(kind, year, number)
    period, _created = ReportingPeriod.objects.get_or_create(
        kind=kind, year=year, number=number, defaults={"starts_on": start, "ends_on": end}
    )
    return period


@transaction.atomic
def create_ad_hoc_period(*, label: str, starts_on: dt.date, ends_on: dt.date) -> ReportingPeriod:
    if ends_on < starts_on:
        raise ValueError(_("The period ends before it starts."))
    number = ReportingPeriod.objects.filter(kind=PeriodKind.AD_HOC, year=ends_on.year).count() + 1
    return ReportingPeriod.objects.create(
        kind=PeriodKind.AD_HOC,
        year=ends_on.year,
        number=number,
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def numbers_containing(kind: str, day: dt.date) -> list[tuple[int, int]]:
    """(year, number) of the periods of `kind` whose figures include `day` (under the default
    cut-off: checked against the rules by the caller through `bounds`)."""
    candidates: list[tuple[int, int]] = []
    for year in (day.year, day.year + 1):
        match kind:
            case PeriodKind.MONTH:
                candidates += [(year, m) for m in range(1, 13)]
            case PeriodKind.QUARTER:
                candidates += [(year, q) for q in range(1, 5)]
            case PeriodKind.HALF_YEAR:
                candidates += [(year, 1), (year, 2)]
            case PeriodKind.NINE_MONTHS | PeriodKind.YEAR:
                candidates.append((year, 1))
    return [(y, n) for y, n in candidates if (b := bounds(kind, y, n))[0] <= day <= b[1]]
