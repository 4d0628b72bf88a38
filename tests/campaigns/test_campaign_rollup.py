"""The roll-up: a body's progress counts what it and the bodies under it achieved — results
reported here and receipts marked with the campaign in the funds they keep — in a handful of
queries however many bodies; and the campaigns figures for reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danvan.campaigns.models import Measure, Method
from danvan.campaigns.selectors import campaigns as select
from danvan.campaigns.services import campaigns as services
from danvan.campaigns.services import ledger
from danvan.lib import figures
from tests.factories import make_org

from .campaign_fixtures import *  # noqa: F403 - the fixtures
from .campaign_fixtures import make_campaign, receipt

pytestmark = pytest.mark.django_db
LAND, MONEY, GOODS = Measure.LAND, Measure.MONEY, Measure.IN_KIND
D = Decimal


def land(d, body, qty, day=dt.date(2026, 3, 1)):  # type: ignore[no-untyped-def]
    return services.report_result(
        actor=None,
        campaign=d.campaign,
        organization=body,
        measure=LAND,
        quantity=qty,
        achieved_on=day,
    )


def test_commune_results_roll_up_to_the_city(drive):
    w = drive.w
    land(drive, w.c1_front, "3.000")
    land(drive, w.c2_front, "2.500")
    land(drive, w.city_front, "500")
    r = select.rollup(drive.campaign)
    city, c1, c2 = (r.row_of(b.pk) for b in (w.city_front, w.c1_front, w.c2_front))
    assert city.cell(LAND).achieved == D(6000)
    assert city.cell(LAND).percent == D("60.0")
    assert c1.cell(LAND).achieved == D(3000) and c1.cell(LAND).percent == D("75.0")
    assert c2.cell(LAND).achieved == D(2500) and c2.cell(LAND).percent == D("50.0")
    assert r.total.cell(LAND).achieved == D(6000)
    # The whole campaign's target is the top body's, not the sum of every level.
    assert r.total.cell(LAND).target == D(10000)


def test_the_tree_puts_the_communes_under_the_city(drive):
    w = drive.w
    r = select.rollup(drive.campaign)
    assert [(row.organization, row.depth) for row in r.rows] == [
        (w.city_front, 0),
        *sorted([(w.c1_front, 1), (w.c2_front, 1)], key=lambda p: p[0].name),
    ]


def test_corrections_are_deducted(drive):
    w = drive.w
    r1 = land(drive, w.c1_front, "3.000")
    services.correct_result(actor=None, result=r1, reason="Nhầm")
    land(drive, w.c1_front, "300")
    assert select.rollup(drive.campaign).row_of(w.c1_front.pk).cell(LAND).achieved == D(300)


def test_money_comes_from_the_funds_receipts_marked_with_the_campaign(drive):
    w, c = drive.w, drive.campaign
    receipt(w.c1_fund, c, 5_000_000)
    receipt(w.c1_fund, c, 3_000_000, method=Method.TRANSFER)
    goods = receipt(w.c2_fund, c, 2_000_000, method=Method.IN_KIND)
    receipt(w.city_fund, c, 10_000_000)
    receipt(w.c1_fund, None, 7_000_000)  # not for this campaign
    receipt(w.other_fund, c, 1_000_000)  # another province's fund: the campaign's total only
    r = select.rollup(c)
    c1, c2, city = r.row_of(w.c1_front.pk), r.row_of(w.c2_front.pk), r.row_of(w.city_front.pk)
    assert c1.cell(MONEY).achieved == D(8_000_000)
    assert c1.cell(MONEY).percent == D("40.0")
    assert c2.cell(MONEY).achieved == 0 and c2.cell(GOODS).achieved == D(2_000_000)
    assert city.cell(MONEY).achieved == D(18_000_000)
    assert city.cell(GOODS).achieved == D(2_000_000)
    assert r.total.cell(MONEY).achieved == D(19_000_000)
    # A reversed gift of goods leaves the goods, not the money.
    ledger.reverse_entry(actor=None, entry=goods, reason="Ghi trùng")
    r = select.rollup(c)
    assert r.row_of(w.city_front.pk).cell(GOODS).achieved == 0
    assert r.row_of(w.city_front.pk).cell(MONEY).achieved == D(18_000_000)


def test_a_fund_kept_under_a_participating_body_counts_for_it(drive):
    w = drive.w
    village = make_org(unit=w.c1_unit, parent=w.c1_front, name="Ban công tác Mặt trận thôn Đông")
    fund = ledger.open_fund(
        actor=None,
        keeper=village,
        spec=ledger.FundSpec(name="Quỹ thôn", kind="other", opened_on=dt.date(2026, 1, 5)),
    )
    receipt(fund, drive.campaign, 1_000_000)
    r = select.rollup(drive.campaign)
    assert r.row_of(w.c1_front.pk).cell(MONEY).achieved == D(1_000_000)
    assert r.row_of(w.city_front.pk).cell(MONEY).achieved == D(1_000_000)


def test_the_rollup_takes_a_handful_of_queries_however_many_bodies(
    welfare, django_assert_max_num_queries
):
    w = welfare
    bodies = [w.city_front, w.c1_front, w.c2_front] + [
        make_org(unit=w.c1_unit, parent=w.c1_front, name=f"Chi hội {i}") for i in range(15)
    ]
    c = make_campaign(w.city_front, bodies, targets={(b.pk, LAND): "100" for b in bodies})
    for b in bodies:
        services.report_result(
            actor=None,
            campaign=c,
            organization=b,
            measure=LAND,
            quantity="10",
            achieved_on=dt.date(2026, 3, 1),
        )
        receipt(w.c1_fund, c, 1_000)
    with django_assert_max_num_queries(9):
        r = select.rollup(c)
    assert r.row_of(w.c1_front.pk).cell(LAND).achieved == D(160)
    assert r.row_of(w.city_front.pk).cell(LAND).achieved == D(180)


def test_several_campaigns_are_rolled_up_together(drive, django_assert_max_num_queries):
    w = drive.w
    other = make_campaign(w.c1_front, [w.c1_front], name="Tết vì người nghèo")
    land(drive, w.c1_front, "100")
    with django_assert_max_num_queries(9):
        made = select.rollups([drive.campaign, other])
    assert made[drive.campaign.pk].total.cell(LAND).achieved == D(100)
    assert made[other.pk].total.cell(LAND).achieved == 0


# ---- figures ------------------------------------------------------------------------------

MARCH = figures.Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
KEYS = ["campaigns.land", "campaigns.money", "campaigns.in_kind", "campaigns.road"]


def test_the_campaigns_figures_count_a_bodys_subtree_in_the_window(drive):
    w, c = drive.w, drive.campaign
    land(drive, w.c1_front, "3.000")
    land(drive, w.c2_front, "1.000", day=dt.date(2026, 2, 20))  # before the window
    receipt(w.c1_fund, c, 5_000_000)
    receipt(w.c1_fund, c, 2_000_000, method=Method.IN_KIND)
    receipt(w.c1_fund, None, 9_000_000)  # no campaign: not counted
    city = figures.count(KEYS, w.city_front.pk, MARCH)
    assert city == {
        "campaigns.land": D(3000),
        "campaigns.money": D(5_000_000),
        "campaigns.in_kind": D(2_000_000),
        "campaigns.road": D(0),
    }
    assert figures.count(KEYS, w.c2_front.pk, MARCH)["campaigns.land"] == 0
    february = figures.Window(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert figures.count(KEYS, w.city_front.pk, february)["campaigns.land"] == D(1000)


def test_every_measure_is_a_registered_figure_with_a_records_address(drive):
    keys = {k for k in figures.sources() if k.startswith("campaigns.")}
    assert {f"campaigns.{m}" for m in Measure.values} <= keys
    url = figures.records_url("campaigns.land", drive.w.city_front.pk, MARCH)
    assert url.startswith("/cuoc-van-dong/?") and "figure=campaigns.land" in url
