"""What the fund pages' tests share: a frozen clock, money in a fund, a household on the
first commune's list."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.campaigns.models import DonorKind, Fund, Household, HouseholdCategory, Method
from danvan.campaigns.services import ledger
from tests.factories import unit

DAY = dt.date(2026, 3, 9)


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def give(fund: Fund, amount: int = 5_000_000, **kw: object) -> object:
    values: dict = {
        "amount": amount,
        "entry_date": DAY,
        "method": Method.CASH,
        "donor_kind": DonorKind.PERSON,
        "donor_name": "Nguyễn Văn An",
        **kw,
    }
    return ledger.record_receipt(actor=None, fund=fund, spec=ledger.ReceiptSpec(**values))


def household(w, code: str = "HN-0001", village: str = "Thôn Đông") -> Household:  # type: ignore[no-untyped-def]
    return Household.objects.create(
        keeper=w.c1_front,
        commune=w.c1_unit,
        province=unit("01"),
        code=code,
        category=HouseholdCategory.POOR,
        list_year=2026,
        village=village,
    )
