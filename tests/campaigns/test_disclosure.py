"""The public disclosure adds up to the ledger to the đồng: every figure of the national,
province, fund and campaign pages against a SUM over the ledger's entries computed here
independently (by the entries' kinds, not the month sums' flows)."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.campaigns.models import EntryKind, LedgerEntry, Method, Purpose
from danvan.campaigns.selectors import disclosure as select
from danvan.campaigns.services import ledger
from danvan.lib.text import fold
from tests.campaigns.disclosure_fixtures import (
    clock,
    entries,
    of_kind,
    received,
    spent,
    tell,
    total,
    transferred_in,
    transferred_out,
)
from tests.factories import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(welfare):  # type: ignore[no-untyped-def]
    with clock():
        yield tell(welfare)


def test_national_totals_equal_the_ledger_of_published_funds(welfare, story) -> None:  # type: ignore[no-untyped-def]
    published = [f.pk for f in story.published]
    s = select.summary()
    assert (
        s.totals.received
        == received(fund__in=published)
        == 5_000_000 + 3_000_000 + 1_250_000 + 2_000_000 + 600_000 + 4_000_000 + 20_000_000
    )
    assert s.totals.spent == spent(fund__in=published) == 8_000_000 + 2_500_000 + 500_000
    balances = sum(f.balance for f in story.published)
    assert s.totals.balance == balances == total(entries(fund__in=published))
    # The balance is what came in, plus what moved in from unpublished funds, less what went.
    assert s.totals.balance == s.totals.received + s.totals.net_transfers - s.totals.spent
    assert s.totals.net_transfers == -300_000  # sent to the unpublished fund
    assert s.funds == 3


def test_transfers_between_levels_are_neither_received_nor_spent_nationally(welfare, story) -> None:  # type: ignore[no-untyped-def]
    before = select.summary().totals
    with clock():
        ledger.send_transfer(
            actor=None,
            from_fund=welfare.c2_fund,
            to_fund=welfare.city_fund,
            amount=1_000_000,
            sent_on=dt.date(2026, 4, 14),
        )
    after = select.summary().totals
    assert (after.received, after.spent, after.balance) == (
        before.received,
        before.spent,
        before.balance,
    )
    published = [f.pk for f in story.published]
    transfers = total(entries(fund__in=published, kind=EntryKind.TRANSFER_IN))
    assert transfers > 0
    assert after.received == total(entries(fund__in=published).filter(of_kind(EntryKind.RECEIPT)))


def test_national_page_by_province_purpose_and_month_equal_the_ledger(welfare, story) -> None:  # type: ignore[no-untyped-def]
    published = [f.pk for f in story.published]
    s = select.summary()
    hanoi = unit("01")
    by_place = {row.unit.code if row.unit else None: row for row in s.places}
    assert set(by_place) == {"01"}  # the unpublished Tuyên Quang fund is nowhere
    assert by_place["01"].flows.received == received(fund__in=published, province=hanoi)
    assert by_place["01"].flows.spent == spent(fund__in=published, province=hanoi)
    assert by_place["01"].flows.balance == total(entries(fund__in=published, province=hanoi))
    assert by_place["01"].funds == 3
    purposes = {p.purpose: p.spent for p in s.purposes}
    for purpose in Purpose.values:
        expected = spent(fund__in=published, purpose=purpose)
        assert purposes.get(purpose, 0) == expected
    assert Purpose.SCHOLARSHIP not in purposes  # paid and reversed: nets to nothing
    months = {m.month: m.flows for m in s.months}
    assert len(months) == 12 and min(months) == dt.date(2025, 5, 1)
    for month, flows in months.items():
        end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        window = {"fund__in": published, "entry_date__gte": month, "entry_date__lt": end}
        assert flows.received == received(**window), month
        assert flows.spent == spent(**window), month


def test_province_page_by_commune_equals_the_ledger(welfare, story) -> None:  # type: ignore[no-untyped-def]
    published = [f.pk for f in story.published]
    s = select.summary(province=unit("01"))
    rows = {row.unit.pk: row for row in s.places if row.unit}
    for fund in story.published:
        assert rows[fund.unit_id].flows.received == received(fund__in=published, unit=fund.unit_id)
        assert rows[fund.unit_id].flows.spent == spent(fund__in=published, unit=fund.unit_id)
        assert rows[fund.unit_id].flows.balance == fund.balance
    assert select.summary(province=unit("08")).totals.received == 0  # unpublished there


@pytest.mark.parametrize("which", ["c1_fund", "city_fund", "c2_fund"])
def test_a_funds_page_equals_its_ledger(welfare, story, which) -> None:  # type: ignore[no-untyped-def]
    fund = getattr(welfare, which)
    s = select.fund_summary(fund)
    assert s.totals.received == received(fund=fund)
    assert s.totals.transferred_in == transferred_in(fund=fund)
    assert s.totals.transferred_out == transferred_out(fund=fund)
    assert s.totals.spent == spent(fund=fund)
    assert s.balance == fund.balance == s.totals.balance == total(entries(fund=fund))
    for row in s.purposes:
        assert row.spent == spent(fund=fund, purpose=row.purpose)


def test_the_first_communes_figures_are_the_ones_told(welfare, story) -> None:  # type: ignore[no-untyped-def]
    s = select.fund_summary(welfare.c1_fund)
    assert s.totals.received == 5_000_000 + 3_000_000 + 1_250_000 + 2_000_000 + 600_000
    assert s.totals.transferred_in == 6_000_000
    assert s.totals.transferred_out == 300_000
    assert s.totals.spent == 8_000_000 + 500_000
    assert s.balance == 11_850_000 + 6_000_000 - 300_000 - 8_500_000


def test_donor_list_adds_up_to_what_was_received(welfare, story) -> None:  # type: ignore[no-untyped-def]
    fund = welfare.c1_fund
    got = received(fund=fund)
    ack = select.acknowledgement(fund, select.fund_summary(fund).totals.received)
    named = select.donors(select.named_donors(fund))
    assert ack.adds_up and ack.received == got
    assert sum(d.amount for d in named) == ack.named_total
    assert ack.named_total + ack.others_total == got
    # The unconsented and the anonymous gifts, one line; the reversed gift nowhere.
    assert (ack.others_count, ack.others_total) == (2, 3_000_000 + 1_250_000)
    assert {d.name for d in named} == {
        "Nguyễn Văn An",
        "Hợp tác xã Thành Công",
        '=HYPERLINK("http://x","y")',
    }
    assert any(d.in_kind for d in named)


def test_decisions_list_adds_up_and_shows_a_household_only_by_village_and_category(
    welfare, story
) -> None:  # type: ignore[no-untyped-def]
    fund = welfare.c1_fund
    rows = select.decisions(select.decision_entries(fund))
    assert sum(r.amount for r in rows) == spent(fund=fund)
    house = next(r for r in rows if r.decision_number == "07/QĐ-MTTQ")
    assert "Thôn Đông" in house.beneficiary
    assert "Lê Văn" not in house.beneficiary
    assert house.decision_date == dt.date(2026, 2, 28)
    assert house.campaign == story.campaign.name
    assert all(r.beneficiary != "Trường Tiểu học số 1" for r in rows)  # reversed


def test_campaign_totals_count_published_funds_only(welfare, story) -> None:  # type: ignore[no-untyped-def]
    published = [f.pk for f in story.published]
    c = story.campaign
    s = select.campaign_summary(c)
    assert (
        s.received == received(fund__in=published, campaign=c) == 5_000_000 + 2_000_000 + 20_000_000
    )
    in_kind = total(
        entries(fund__in=published, campaign=c).filter(
            of_kind(EntryKind.RECEIPT), method__in=[Method.IN_KIND]
        )
    ) + total(
        entries(
            fund__in=published, campaign=c, kind=EntryKind.REVERSAL, reverses__method=Method.IN_KIND
        )
    )
    assert s.in_kind == in_kind == 2_000_000
    assert s.money == s.received - s.in_kind
    assert s.spent == spent(fund__in=published, campaign=c) == 8_000_000
    assert {p.purpose: p.spent for p in s.purposes} == {Purpose.HOUSE_REPAIR: 8_000_000}
    assert {f.fund.pk for f in s.funds} == {welfare.c1_fund.pk, welfare.city_fund.pk}
    assert sum(f.received for f in s.funds) == s.received
    land = {r.measure: r for r in s.results}["land"]
    assert land.result == 150 + 40 - 10 and land.target == 500
    assert select.received_by_campaign([c.pk]) == {c.pk: s.received}


def test_unpublished_funds_are_absent_from_every_total(welfare, story) -> None:  # type: ignore[no-untyped-def]
    hidden = welfare.other_fund
    assert total(entries(fund=hidden)) > 0
    s = select.summary()
    assert s.totals.received == received(fund__in=[f.pk for f in story.published])
    assert hidden.pk not in set(select.funds().values_list("pk", flat=True))
    # Unpublishing the city's fund takes it out of the country's figures at once.
    ledger.publish_fund(actor=None, fund=welfare.city_fund, published=False)
    left = [welfare.c1_fund.pk, welfare.c2_fund.pk]
    assert select.summary().totals.received == received(fund__in=left)


def test_the_fund_search_ignores_accents(welfare, story) -> None:  # type: ignore[no-untyped-def]
    qs = select.funds().order_by("name", "pk")
    assert set(select.search_funds(qs, "quy vi nguoi ngheo")) == {f.pk for f in story.published}
    # The place counts too: a commune's name finds its fund, a province's every fund in it.
    assert select.search_funds(qs, "quy " + fold(welfare.c1_unit.name)) == [welfare.c1_fund.pk]
    assert len(select.search_funds(qs, "thanh pho ha noi")) == 3
    assert select.search_funds(qs, "khong co quy nay") == []


def test_last_months_run_across_the_year() -> None:
    months = select.last_months(dt.date(2026, 2, 17), 3)
    assert months == [dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]


def test_every_entry_counts_once_in_the_month_sums(welfare, story) -> None:  # type: ignore[no-untyped-def]
    # The selectors trust FundMonth: it must hold each entry once, in its original's flow.
    from django.db.models import Sum

    from danvan.campaigns.models import FundMonth

    for fund in story.published:
        by_month = FundMonth.objects.filter(fund=fund).aggregate(s=Sum("entries"))["s"]
        assert by_month == LedgerEntry.objects.filter(fund=fund).count()
