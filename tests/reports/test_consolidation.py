"""Consolidation rules, one by one on hand-built indicators, and the consolidated table of a
receiver: only submitted and accepted reports count; the others are listed as missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danvan.reports import consolidation
from danvan.reports.consolidation import consolidate
from danvan.reports.models import Consolidation, Indicator, Report, ReportState, ValueType
from danvan.reports.services import filling, obligations, workflow
from danvan.reports.services.instances import open_reports
from tests.factories import Role, make_org, user_with

N = Decimal


def _ind(rule, value_type=ValueType.COUNT, code="x", **links):
    # Unsaved indicators: consolidate reads only codes, rules, types and links.
    return Indicator(code=code, consolidation=rule, value_type=value_type, **links)


def test_sum_adds_the_figures_given():
    x = _ind(Consolidation.SUM)
    assert consolidate(x, [{"x": N(3)}, {"x": N(4)}, {"x": None}, {}]) == N(7)
    assert consolidate(x, [{"x": N(0)}, {}]) == N(0)  # a zero given is a figure


def test_min_and_max():
    values = [{"x": N(7)}, {"x": N(-2)}, {"x": None}, {"x": N(5)}]
    assert consolidate(_ind(Consolidation.MINIMUM), values) == N(-2)
    assert consolidate(_ind(Consolidation.MAXIMUM), values) == N(7)


def test_count_yes_counts_the_ones():
    x = _ind(Consolidation.COUNT_YES, ValueType.YES_NO)
    assert consolidate(x, [{"x": N(1)}, {"x": N(0)}, {"x": N(1)}, {"x": None}]) == N(2)
    assert consolidate(x, [{"x": N(0)}, {"x": N(0)}]) == N(0)


def test_latest_takes_the_last_submitted_that_gave_a_figure():
    x = _ind(Consolidation.LATEST)
    values = [{"x": N(10)}, {"x": N(30)}, {"x": N(20)}, {"x": None}]
    assert consolidate(x, values, order=[100.0, 300.0, 200.0, 400.0]) == N(30)
    # Without times, the list's order.
    assert consolidate(x, [{"x": N(10)}, {"x": N(20)}]) == N(20)
    assert consolidate(x, [{"x": N(10)}, {"x": None}]) == N(10)


def test_weighted_average_weighs_each_figure_and_skips_children_without_a_weight():
    weight = _ind(Consolidation.SUM, code="w")
    x = _ind(Consolidation.WEIGHTED_AVERAGE, ValueType.DECIMAL, weight=weight)
    values = [
        {"x": N(4), "w": N(10)},
        {"x": N(5), "w": N(30)},
        {"x": N(1), "w": None},  # no weight: left out
        {"x": None, "w": N(50)},  # no figure: left out
    ]
    assert consolidate(x, values) == N("4.75")  # (40 + 150) / 40
    # Rounded to the indicator's type: two places, or whole for counts.
    assert consolidate(x, [{"x": N(1), "w": N(1)}, {"x": N(2), "w": N(2)}]) == N("1.67")
    whole = _ind(Consolidation.WEIGHTED_AVERAGE, ValueType.COUNT, weight=weight)
    assert consolidate(whole, [{"x": N(1), "w": N(1)}, {"x": N(2), "w": N(1)}]) == N(2)
    # A total weight of zero: no average.
    assert consolidate(x, [{"x": N(4), "w": N(0)}]) is None


def test_ratio_divides_the_sums_and_scales_a_percentage():
    num, den = _ind(Consolidation.SUM, code="n"), _ind(Consolidation.SUM, code="d")
    percent = _ind(Consolidation.RATIO, ValueType.PERCENT, numerator=num, denominator=den)
    values = [{"n": N(9), "d": N(12)}, {"n": N(3), "d": N(8)}]
    assert consolidate(percent, values) == N("60.00")  # 12 / 20
    plain = _ind(Consolidation.RATIO, ValueType.DECIMAL, numerator=num, denominator=den)
    assert consolidate(plain, values) == N("0.60")
    assert consolidate(percent, [{"n": N(1), "d": N(3)}]) == N("33.33")
    assert consolidate(percent, [{"n": N(5), "d": N(0)}]) is None


def test_ratio_leaves_out_a_child_that_gave_only_one_term():
    num, den = _ind(Consolidation.SUM, code="n"), _ind(Consolidation.SUM, code="d")
    percent = _ind(Consolidation.RATIO, ValueType.PERCENT, numerator=num, denominator=den)
    # One child assigned 5 of its 5 bodies; the other gave 10 assigned but no total.
    values = [{"n": N(5), "d": N(5)}, {"n": N(10), "d": None}]
    assert consolidate(percent, values) == N("100.00")  # not 300 %


RULES = [
    Consolidation.SUM,
    Consolidation.WEIGHTED_AVERAGE,
    Consolidation.MINIMUM,
    Consolidation.MAXIMUM,
    Consolidation.LATEST,
    Consolidation.RATIO,
    Consolidation.COUNT_YES,
]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("values", [[], [{}], [{"x": None, "w": None, "n": None, "d": None}] * 2])
def test_every_rule_gives_none_when_no_child_gave_a_figure(rule, values):
    links = {
        "weight": _ind(Consolidation.SUM, code="w"),
        "numerator": _ind(Consolidation.SUM, code="n"),
        "denominator": _ind(Consolidation.SUM, code="d"),
    }
    x = _ind(rule, ValueType.PERCENT if rule == Consolidation.RATIO else ValueType.COUNT, **links)
    assert consolidate(x, values, order=[1.0] * len(values)) is None


def test_every_rule_is_covered():
    assert set(RULES) == set(Consolidation)


# --- The table -------------------------------------------------------------------------------

TYPED = {
    "don_kien_nghi": "0",
    "doi_thoai": "2",
    "co_doi_thoai": "1",
    "cq_tong": "12",
    "cq_phan_cong": "9",
    "ty_le_phan_cong": "75",
}


def _send(report, officer, leader, typed):
    filling.fill_platform_figures(report=report, actor=officer)
    filling.save_report(report=report, actor=officer, figures_typed=typed)
    workflow.approve(report=report, actor=leader)
    workflow.submit(report=report, actor=officer)


@pytest.fixture
def four_children(reporting):
    """Commune A1 sends; A2 sends and is returned; A3 has its report open (a draft); A4
    reports from a day after the period was opened (no report at all)."""
    net = reporting.network
    period = reporting.period
    a3 = make_org(unit=net.commune_a1.unit, parent=net.province_a, code="ZZ-A3")
    a4 = make_org(unit=net.commune_a2.unit, parent=net.province_a, code="ZZ-A4")
    obligations.add_obligation(
        template=reporting.template, reporter=a3, receiver=net.province_a, on=dt.date(2026, 1, 1)
    )
    open_reports(period=period)
    obligations.add_obligation(
        template=reporting.template, reporter=a4, receiver=net.province_a, on=dt.date(2026, 1, 1)
    )
    a1 = Report.objects.get(reporter=net.commune_a1, period=period)
    a2 = Report.objects.get(reporter=net.commune_a2, period=period)
    _send(a1, reporting.commune_officer, reporting.commune_leader, TYPED)
    a2_leader = user_with(net.commune_a2, Role.LEADER)
    other = {**TYPED, "doi_thoai": "40", "co_doi_thoai": "0", "cq_tong": "10", "cq_phan_cong": "1"}
    _send(a2, reporting.other_commune_officer, a2_leader, other)
    workflow.return_report(
        report=a2, actor=reporting.province_officer, comments=[workflow.Comment("Sai số liệu")]
    )
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4}


@pytest.mark.django_db
def test_the_table_counts_only_submitted_reports_and_lists_the_missing(reporting, four_children):
    net = reporting.network
    result = consolidation.table(net.province_a, reporting.template, reporting.period)
    by_org = {c.organization.pk: c for c in result.children}
    assert set(by_org) == {
        net.commune_a1.pk,
        net.commune_a2.pk,
        four_children["a3"].pk,
        four_children["a4"].pk,
    }
    assert result.counted == 1
    assert {c.organization.pk for c in result.missing} == {
        net.commune_a2.pk,
        four_children["a3"].pk,
        four_children["a4"].pk,
    }
    assert by_org[net.commune_a2.pk].status == ReportState.RETURNED
    # A draft never sent is no business of the receiver: it reads as no report at all.
    assert by_org[four_children["a3"].pk].status == "none"
    assert by_org[four_children["a4"].pk].status == "none"
    rows = {r.indicator.code: r for r in result.rows}
    # Commune A1's figures only: the returned report's 40 sessions are not added.
    assert rows["doi_thoai"].total == N(2)
    assert rows["co_doi_thoai"].total == N(1)
    assert rows["cq_tong"].total == N(12)
    assert rows["ty_le_phan_cong"].total == N("75.00")
    a1_column = [c.organization.pk for c in result.children].index(net.commune_a1.pk)
    for row in result.rows:
        assert [v for i, v in enumerate(row.cells) if i != a1_column] == [None] * 3
    assert rows["doi_thoai"].cells[a1_column] == N(2)
    # Once accepted it still counts; once A2 sends again it counts too.
    workflow.accept(report=four_children["a1"], actor=reporting.province_officer)
    a2 = four_children["a2"]
    workflow.approve(report=a2, actor=user_with(net.commune_a2, Role.LEADER))
    workflow.submit(report=a2, actor=reporting.other_commune_officer)
    result = consolidation.table(net.province_a, reporting.template, reporting.period)
    rows = {r.indicator.code: r for r in result.rows}
    assert result.counted == 2
    assert rows["doi_thoai"].total == N(42)
    assert rows["co_doi_thoai"].total == N(1)
    assert rows["ty_le_phan_cong"].total == N("45.45")  # (9 + 1) / (12 + 10)


@pytest.mark.django_db
def test_with_no_child_counted_every_total_is_none(reporting, four_children):
    net = reporting.network
    Report.objects.filter(pk=four_children["a1"].pk).update(state=ReportState.RETURNED)
    result = consolidation.table(net.province_a, reporting.template, reporting.period)
    assert result.counted == 0 and len(result.missing) == 4
    assert result.rows and all(r.total is None for r in result.rows)
    assert all(cell is None for r in result.rows for cell in r.cells)
