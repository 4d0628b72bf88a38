"""Reporting periods from the cut-off rules in force (Nghị định 09/2019/NĐ-CP, Điều 12: a
monthly figure runs from the 15th of the previous month to the 14th; quarterly, 6-month,
9-month and annual figures from the 15th of the month before the period — 15/12 of the year
before for a period starting in January — to the 14th of its last month)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date

from ..models import CutoffRule, PeriodKind, ReportingPeriod

DEFAULT_START_DAY = 15
NUMBERS: dict[str, tuple[int, ...]] = {
    PeriodKind.MONTH: tuple(range(1, 13)),
    PeriodKind.QUARTER: (1, 2, 3, 4),
    PeriodKind.HALF_YEAR: (1, 2),
    PeriodKind.NINE_MONTHS: (1,),
    PeriodKind.YEAR: (1,),
}


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
    return bounds_under(CutoffRule.objects.filter(kind=kind), kind, year, number)


def bounds_under(
    rules: Iterable[CutoffRule], kind: str, year: int, number: int
) -> tuple[dt.date, dt.date]:
    """`bounds` with the kind's rules already read."""
    first, last = months_of(kind, number)
    for rule in sorted(rules, key=lambda r: r.effective_from, reverse=True):
        start, end = _bounds(year, first, last, rule.start_day, rule.starts_month_before)
        if rule.effective_from <= end:
            return start, end
    return _bounds(year, first, last, DEFAULT_START_DAY, True)


def upcoming(kinds: Iterable[str], *, on: dt.date, count: int = 12) -> list[ReportingPeriod]:
    """The next `count` periods of each kind whose figures end on or after `on`, dated by
    the rules (one query for the rules; the periods are not saved)."""
    wanted = [k for k in dict.fromkeys(kinds) if k in NUMBERS]
    by_kind: dict[str, list[CutoffRule]] = {k: [] for k in wanted}
    for rule in CutoffRule.objects.filter(kind__in=wanted):
        by_kind[rule.kind].append(rule)
    found: list[ReportingPeriod] = []
    for kind in wanted:
        made = 0
        for year in range(on.year - 1, on.year + 3):
            for number in NUMBERS[kind]:
                start, end = bounds_under(by_kind[kind], kind, year, number)
                if end >= on and made < count:
                    found.append(
                        ReportingPeriod(
                            kind=kind, year=year, number=number, starts_on=start, ends_on=end
                        )
                    )
                    made += 1
    return found


def rules_in_use() -> dict[int, dt.date]:
    """The cut-off rules that periods already made follow: {rule id: the last day of the
    latest such period}. A period follows the latest rule of its kind in force on its last
    day (as `bounds` chose when it was made)."""
    rules: dict[str, list[CutoffRule]] = {}
    for rule in CutoffRule.objects.order_by("kind", "effective_from"):
        rules.setdefault(rule.kind, []).append(rule)
    used: dict[int, dt.date] = {}
    ends = (
        ReportingPeriod.objects.filter(kind__in=list(rules))
        .values_list("kind", "ends_on")
        .order_by("ends_on")
    )
    for kind, ends_on in ends:
        ruling = [r for r in rules[kind] if r.effective_from <= ends_on]
        if ruling:
            used[ruling[-1].pk] = ends_on
    return used


def made_until(kind: str) -> dt.date | None:
    """The last day of the latest period of `kind` already made."""
    return ReportingPeriod.objects.filter(kind=kind).aggregate(m=Max("ends_on"))["m"]


def _check_rule(
    kind: str, start_day: int, effective_from: dt.date, pk: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in NUMBERS:
        errors["kind"] = _("Ad hoc periods have their own dates: choose another kind of period.")
        return errors
    if not 1 <= start_day <= 28:
        errors["start_day"] = _("Write a day from 1 to 28.")
    if (
        CutoffRule.objects.filter(kind=kind, effective_from=effective_from)
        .exclude(pk=pk or 0)
        .exists()
    ):
        errors["effective_from"] = _(
            "A rule for this kind of period already applies from this day: change that one."
        )
    last = made_until(kind)
    if last is not None and effective_from <= last:
        errors["effective_from"] = _(
            "Periods of this kind up to %(day)s are already made and keep their dates: a new "
            "rule applies to periods ending after that day."
        ) % {"day": format_vn_date(last)}
    return errors


@transaction.atomic
def add_cutoff_rule(
    *,
    kind: str,
    start_day: int,
    starts_month_before: bool,
    effective_from: dt.date,
    legal_basis: str = "",
    actor: User | None,
) -> CutoffRule:
    """A new rule for a kind of period, for the periods ending on or after `effective_from`.
    The rules in force stay as they are: the periods made under them keep their dates, and
    so do the reports opened for those periods."""
    require(actor, "reports.add_cutoffrule")
    # One change of the rules at a time (two clicks: the second finds the first's row).
    list(CutoffRule.objects.select_for_update().filter(kind=kind))
    if errors := _check_rule(kind, start_day, effective_from, None):
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # a request at the same moment added the same day
            rule = CutoffRule.objects.create(
                kind=kind,
                start_day=start_day,
                starts_month_before=starts_month_before,
                effective_from=effective_from,
                legal_basis=legal_basis,
            )
    except IntegrityError:
        raise ValidationError(
            _check_rule(kind, start_day, effective_from, None)
            or {
                "effective_from": _(
                    "A rule for this kind of period already applies from this day: change that one."
                )
            }
        ) from None
    audit(
        actor,
        rule,
        ADDITION,
        _("Applies to periods ending on or after %(day)s.")
        % {"day": format_vn_date(effective_from)},
    )
    return rule


@transaction.atomic
def change_cutoff_rule(
    *,
    rule: CutoffRule,
    start_day: int,
    starts_month_before: bool,
    effective_from: dt.date,
    legal_basis: str = "",
    actor: User | None,
) -> CutoffRule:
    """Correct a rule. A rule that periods already follow keeps its dates (only its legal
    basis can be corrected): a change of the cut-off is a new rule from a later date."""
    require(actor, "reports.change_cutoffrule", rule)
    list(CutoffRule.objects.select_for_update().filter(kind=rule.kind))
    locked = CutoffRule.objects.get(pk=rule.pk)
    dates = (start_day, starts_month_before, effective_from)
    before = (locked.start_day, locked.starts_month_before, locked.effective_from)
    before_basis = locked.legal_basis
    used = rules_in_use().get(locked.pk)
    if dates != before:
        if used is not None:
            raise ValidationError(
                _(
                    "Periods already follow this rule (the latest ends on %(day)s): its dates "
                    "cannot change. Add a new rule from a later date instead."
                )
                % {"day": format_vn_date(used)}
            )
        if errors := _check_rule(locked.kind, start_day, effective_from, locked.pk):
            raise ValidationError(errors)
    locked.start_day, locked.starts_month_before, locked.effective_from = dates
    locked.legal_basis = legal_basis
    locked.save()
    audit(
        actor,
        locked,
        CHANGE,
        _("Was: from day %(day)s, applying from %(since)s; legal basis: %(basis)s.")
        % {
            "day": before[0],
            "since": format_vn_date(before[2]),
            "basis": before_basis or "—",
        },
    )
    return locked


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
