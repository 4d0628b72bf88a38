"""The funds' figures for reports add up to the ledger: by a body's subtree, over a window
of whole months (from the month sums) or any days (from the entries), corrections netted,
transfers between levels not counted as receipts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from danvan.campaigns import figures_funds
from danvan.campaigns.models import EntryKind, LedgerEntry, Method, Purpose
from danvan.campaigns.services import ledger
from danvan.lib import figures

from .fund_page_fixtures import DAY, clock, give, household  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

MARCH = figures.Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
CUT = figures.Window(dt.date(2026, 2, 15), dt.date(2026, 3, 14))  # NĐ 09/2019's month
FEB_10 = dt.date(2026, 2, 10)
KEYS = sorted(figures_funds.known_keys())


def _activity(w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund, 20_000_000)
    wrong = give(w.c1_fund, 3_000_000)
    give(w.c1_fund, 4_000_000, method=Method.IN_KIND, in_kind_items="100 bao gạo")
    give(w.c2_fund, 6_000_000, method=Method.TRANSFER)
    give(w.c2_fund, 9_000_000, entry_date=FEB_10)  # before both windows
    give(w.other_fund, 50_000_000)  # another province: never counted for Hà Nội
    ledger.reverse_entry(actor=None, entry=wrong, reason="Ghi nhầm", on=DAY)
    h1, h2 = household(w, "HN-1"), household(w, "HN-2")
    for h, purpose in ((h1, Purpose.HOUSE_REPAIR), (h1, Purpose.GIFTS), (h2, Purpose.GIFTS)):
        ledger.request_disbursement(
            actor=None,
            fund=w.c1_fund,
            spec=ledger.DisbursementSpec(
                amount=1_000_000, purpose=purpose, household=h, paid_on=DAY
            ),
        )
    undone = ledger.request_disbursement(
        actor=None,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(
            amount=500_000, purpose=Purpose.SCHOLARSHIP, household=household(w, "HN-3"), paid_on=DAY
        ),
    )
    ledger.reverse_entry(actor=None, entry=undone.entry, reason="Trả lại", on=DAY)
    ledger.send_transfer(
        actor=None, from_fund=w.c1_fund, to_fund=w.city_fund, amount=5_000_000, sent_on=DAY
    )


def _ledger_sum(w, window: figures.Window, **q: object) -> int:  # type: ignore[no-untyped-def]
    rows = LedgerEntry.objects.filter(
        fund__in=[w.city_fund, w.c1_fund, w.c2_fund],
        entry_date__gte=window.starts_on,
        entry_date__lte=window.ends_on,
        **q,
    )
    return int(rows.aggregate(s=Sum("amount"))["s"] or 0)


@pytest.mark.parametrize("window", [MARCH, CUT], ids=["whole-month", "15th-to-14th"])
def test_the_figures_add_up_to_the_ledger(welfare, window) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    _activity(w)
    got = figures.count(KEYS, w.city_front.pk, window)
    received = _ledger_sum(w, window, flow=EntryKind.RECEIPT)
    assert got["funds.received"] == Decimal(received) == Decimal(20_000_000 + 4_000_000 + 6_000_000)
    assert got["funds.received_cash"] == 26_000_000
    assert got["funds.received_in_kind"] == 4_000_000
    disbursed = -_ledger_sum(w, window, flow=EntryKind.DISBURSEMENT)
    assert got["funds.disbursed"] == disbursed == 3_000_000
    assert got["funds.disbursed.gifts"] == 2_000_000
    assert got["funds.disbursed.house_repair"] == 1_000_000
    assert got["funds.disbursed.scholarship"] == 0  # paid, then reversed
    assert got["funds.households_helped"] == 2


def test_a_commune_counts_its_own_funds_only(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    _activity(w)
    got = figures.count(["funds.received", "funds.disbursed"], w.c2_front.pk, MARCH)
    assert got == {"funds.received": 6_000_000, "funds.disbursed": 0}
    feb = figures.Window(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert figures.count(["funds.received"], w.c2_front.pk, feb)["funds.received"] == 9_000_000


def test_the_sources_are_registered_as_money_and_counts(welfare) -> None:  # type: ignore[no-untyped-def]
    sources = figures.sources()
    assert sources["funds.received"].value_type == "money"
    assert sources["funds.households_helped"].value_type == "count"
    assert all(f"funds.disbursed.{p}" in sources for p in Purpose.values)
    assert "org=" in figures.records_url("funds.received", welfare.city_front.pk, MARCH)
    assert figures.count(["funds.nonsense"], welfare.city_front.pk, MARCH) == {}
