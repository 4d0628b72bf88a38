"""Reporting periods cut off as Nghị định 09/2019/NĐ-CP, Điều 12 says (the rules seeded by
migration reports/0002), a later rule applying only to later periods, and their titles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from danvan.reports.models import CutoffRule, PeriodKind, ReportingPeriod
from danvan.reports.services import periods

pytestmark = pytest.mark.django_db

D = dt.date


def test_the_decree_rules_are_seeded_for_every_kind_of_period():
    rules = {r.kind: r for r in CutoffRule.objects.all()}
    assert set(rules) == {"month", "quarter", "half_year", "nine_months", "year"}
    for rule in rules.values():
        assert (rule.start_day, rule.starts_month_before) == (15, True)
        assert rule.effective_from == D(2019, 3, 12)
        assert "09/2019" in rule.legal_basis


@pytest.mark.parametrize(
    ("kind", "year", "number", "starts_on", "ends_on"),
    [
        (PeriodKind.MONTH, 2026, 11, D(2026, 10, 15), D(2026, 11, 14)),
        (PeriodKind.MONTH, 2027, 1, D(2026, 12, 15), D(2027, 1, 14)),
        (PeriodKind.MONTH, 2026, 3, D(2026, 2, 15), D(2026, 3, 14)),
        (PeriodKind.QUARTER, 2027, 1, D(2026, 12, 15), D(2027, 3, 14)),
        (PeriodKind.QUARTER, 2026, 4, D(2026, 9, 15), D(2026, 12, 14)),
        (PeriodKind.HALF_YEAR, 2026, 1, D(2025, 12, 15), D(2026, 6, 14)),
        (PeriodKind.HALF_YEAR, 2026, 2, D(2026, 6, 15), D(2026, 12, 14)),
        (PeriodKind.NINE_MONTHS, 2026, 1, D(2025, 12, 15), D(2026, 9, 14)),
        (PeriodKind.YEAR, 2026, 1, D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_periods_are_cut_off_from_the_15th_to_the_14th(kind, year, number, starts_on, ends_on):
    assert periods.bounds(kind, year, number) == (starts_on, ends_on)
    period = periods.ensure_period(kind=kind, year=year, number=number)
    assert (period.starts_on, period.ends_on) == (starts_on, ends_on)
    assert ReportingPeriod.objects.get(kind=kind, year=year, number=number).pk == period.pk


@pytest.fixture
def calendar_months_from_2027():
    return CutoffRule.objects.create(
        kind=PeriodKind.MONTH,
        start_day=1,
        starts_month_before=False,
        effective_from=D(2027, 1, 1),
        legal_basis="Quy định mới (thử nghiệm)",
    )


def test_a_newer_rule_applies_to_later_periods_only(calendar_months_from_2027):
    # Periods ending on or after 01/01/2027: calendar months.
    assert periods.bounds(PeriodKind.MONTH, 2027, 1) == (D(2027, 1, 1), D(2027, 1, 31))
    assert periods.bounds(PeriodKind.MONTH, 2027, 2) == (D(2027, 2, 1), D(2027, 2, 28))
    assert periods.bounds(PeriodKind.MONTH, 2028, 2) == (D(2028, 2, 1), D(2028, 2, 29))
    # Earlier periods keep the decree's dates.
    assert periods.bounds(PeriodKind.MONTH, 2026, 12) == (D(2026, 11, 15), D(2026, 12, 14))
    assert periods.bounds(PeriodKind.MONTH, 2026, 11) == (D(2026, 10, 15), D(2026, 11, 14))
    # The rule is for months only: quarters still follow the decree.
    assert periods.bounds(PeriodKind.QUARTER, 2027, 1) == (D(2026, 12, 15), D(2027, 3, 14))


def test_a_rule_starting_in_the_period_itself_at_another_day():
    CutoffRule.objects.create(
        kind=PeriodKind.QUARTER,
        start_day=20,
        starts_month_before=False,
        effective_from=D(2027, 1, 1),
    )
    # Quarter I covers January to March: from 20/01 to 19/04.
    assert periods.bounds(PeriodKind.QUARTER, 2027, 1) == (D(2027, 1, 20), D(2027, 4, 19))
    # "Ending on or after" is judged on the end under the newer rule: quarter IV/2026 would
    # end on 19/01/2027, so it takes the newer rule; quarter III/2026 keeps the decree's.
    assert periods.bounds(PeriodKind.QUARTER, 2026, 4) == (D(2026, 10, 20), D(2027, 1, 19))
    assert periods.bounds(PeriodKind.QUARTER, 2026, 3) == (D(2026, 6, 15), D(2026, 9, 14))


def test_ensure_period_does_not_move_a_period_already_made(calendar_months_from_2027):
    CutoffRule.objects.filter(pk=calendar_months_from_2027.pk).delete()
    made = periods.ensure_period(kind=PeriodKind.MONTH, year=2027, number=1)
    assert (made.starts_on, made.ends_on) == (D(2026, 12, 15), D(2027, 1, 14))
    CutoffRule.objects.create(
        kind=PeriodKind.MONTH, start_day=1, starts_month_before=False, effective_from=D(2027, 1, 1)
    )
    assert periods.bounds(PeriodKind.MONTH, 2027, 1) == (D(2027, 1, 1), D(2027, 1, 31))
    again = periods.ensure_period(kind=PeriodKind.MONTH, year=2027, number=1)
    again.refresh_from_db()
    assert again.pk == made.pk
    assert (again.starts_on, again.ends_on) == (D(2026, 12, 15), D(2027, 1, 14))
    assert ReportingPeriod.objects.filter(kind=PeriodKind.MONTH, year=2027, number=1).count() == 1
    # A period not made yet follows the new rule.
    feb = periods.ensure_period(kind=PeriodKind.MONTH, year=2027, number=2)
    assert (feb.starts_on, feb.ends_on) == (D(2027, 2, 1), D(2027, 2, 28))


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (PeriodKind.MONTH, D(2026, 11, 14), [(2026, 11)]),
        (PeriodKind.MONTH, D(2026, 11, 15), [(2026, 12)]),
        (PeriodKind.MONTH, D(2026, 12, 20), [(2027, 1)]),
        (PeriodKind.MONTH, D(2026, 1, 10), [(2026, 1)]),
        (PeriodKind.QUARTER, D(2026, 12, 14), [(2026, 4)]),
        (PeriodKind.QUARTER, D(2026, 12, 15), [(2027, 1)]),
        (PeriodKind.HALF_YEAR, D(2026, 6, 14), [(2026, 1)]),
        (PeriodKind.HALF_YEAR, D(2026, 6, 15), [(2026, 2)]),
        (PeriodKind.NINE_MONTHS, D(2026, 9, 14), [(2026, 1)]),
        (PeriodKind.NINE_MONTHS, D(2026, 9, 15), []),  # after the 9 months, before next year's
        (PeriodKind.NINE_MONTHS, D(2026, 12, 15), [(2027, 1)]),
        (PeriodKind.YEAR, D(2026, 12, 14), [(2026, 1)]),
        (PeriodKind.YEAR, D(2026, 12, 15), [(2027, 1)]),
    ],
)
def test_numbers_containing_a_day(kind, day, expected):
    assert periods.numbers_containing(kind, day) == expected


def test_numbers_containing_follows_a_newer_rule(calendar_months_from_2027):
    assert periods.numbers_containing(PeriodKind.MONTH, D(2027, 1, 20)) == [(2027, 1)]
    assert periods.numbers_containing(PeriodKind.MONTH, D(2027, 1, 31)) == [(2027, 1)]
    assert periods.numbers_containing(PeriodKind.MONTH, D(2026, 12, 1)) == [(2026, 12)]


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (PeriodKind.MONTH, 0),
        (PeriodKind.MONTH, 13),
        (PeriodKind.QUARTER, 0),
        (PeriodKind.QUARTER, 5),
        (PeriodKind.HALF_YEAR, 3),
        (PeriodKind.NINE_MONTHS, 2),
        (PeriodKind.YEAR, 2),
        (PeriodKind.AD_HOC, 1),
        ("fortnight", 1),
    ],
)
def test_a_number_that_is_no_period_is_refused(kind, number):
    with pytest.raises(ValueError):
        periods.bounds(kind, 2026, number)
    with pytest.raises(ValueError):
        periods.ensure_period(kind=kind, year=2026, number=number)
    assert not ReportingPeriod.objects.filter(kind=kind, number=number).exists()


@pytest.mark.parametrize(
    ("kind", "number", "title"),
    [
        (PeriodKind.MONTH, 11, "Month 11/2026"),
        (PeriodKind.QUARTER, 4, "Quarter IV/2026"),
        (PeriodKind.QUARTER, 1, "Quarter I/2026"),
        (PeriodKind.HALF_YEAR, 1, "First 6 months of 2026"),
        (PeriodKind.HALF_YEAR, 2, "Last 6 months of 2026"),
        (PeriodKind.NINE_MONTHS, 1, "9 months of 2026"),
        (PeriodKind.YEAR, 1, "Year 2026"),
    ],
)
def test_period_titles(kind, number, title):
    period = periods.ensure_period(kind=kind, year=2026, number=number)
    with translation.override("en"):
        assert period.title == title
        assert str(period) == title


def test_an_ad_hoc_period_is_named_by_its_label_and_numbered_in_its_year():
    first = periods.create_ad_hoc_period(
        label="Báo cáo chuyên đề bão số 3", starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 30)
    )
    second = periods.create_ad_hoc_period(
        label="Báo cáo nhanh", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 1)
    )
    assert (first.number, second.number) == (1, 2)
    assert first.title == "Báo cáo chuyên đề bão số 3"
    with pytest.raises(ValueError):
        periods.create_ad_hoc_period(label="Sai", starts_on=D(2026, 10, 2), ends_on=D(2026, 10, 1))
