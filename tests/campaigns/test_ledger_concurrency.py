"""Two officers disbursing against one balance at the same moment never overspend; receipts
recorded at once are all kept, numbered without gaps; transfers crossing in opposite
directions do not deadlock (PostgreSQL: each thread on its own connection, as under the web
server)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from danvan.campaigns.models import DonorKind, LedgerEntry, Method, Purpose, RequestState
from danvan.campaigns.services import ledger
from tests.campaigns.conftest import make_welfare

pytestmark = [
    pytest.mark.flushes_db,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL"
    ),
]
DAY = dt.date(2026, 3, 9)
THREADS = 8


@pytest.fixture
def welfare(reference_data):  # type: ignore[no-untyped-def]
    return make_welfare()


def at_once(work: Callable[[int], Any], n: int = THREADS) -> list[Any]:
    """Run `work(i)` in n threads released together; each result, or the exception raised."""
    start = threading.Barrier(n)

    def one(i: int) -> Any:
        try:
            start.wait()
            return work(i)
        except Exception as exc:  # the caller inspects what each thread met
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def gift(amount: int) -> ledger.ReceiptSpec:
    return ledger.ReceiptSpec(
        amount=amount, entry_date=DAY, method=Method.CASH, donor_kind=DonorKind.ANONYMOUS
    )


def test_disbursements_at_the_same_moment_never_spend_the_same_money(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=None, fund=w.c1_fund, spec=gift(1_000_000))

    def disburse(i: int) -> Any:
        return ledger.request_disbursement(
            actor=w.c1_officer if i % 2 else w.c1_second_officer,
            fund=w.c1_fund,
            spec=ledger.DisbursementSpec(
                amount=600_000, purpose=Purpose.SCHOLARSHIP, beneficiary=f"Học sinh {i}"
            ),
        )

    outcomes = at_once(disburse)
    paid = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(paid) == 1 and len(refused) == THREADS - 1, outcomes
    w.c1_fund.refresh_from_db()
    total = LedgerEntry.objects.filter(fund=w.c1_fund).aggregate(s=Sum("amount"))["s"]
    assert w.c1_fund.balance == total == 400_000


def test_board_approvals_at_the_same_moment_never_overspend(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=None, fund=w.c1_fund, spec=gift(50_000_000))
    requests = [
        ledger.request_disbursement(
            actor=w.c1_officer,
            fund=w.c1_fund,
            spec=ledger.DisbursementSpec(
                amount=20_000_000,
                purpose=Purpose.HOUSE_BUILDING,
                beneficiary=f"Hộ {i}",
                decision_number=f"{i}/QĐ-MTTQ",
            ),
        )
        for i in range(4)
    ]
    assert {r.state for r in requests} == {RequestState.PENDING}
    outcomes = at_once(
        lambda i: ledger.approve_disbursement(actor=w.c1_board, request=requests[i % 4]), n=8
    )
    paid = {o.pk for o in outcomes if not isinstance(o, Exception)}
    assert len(paid) == 2  # 2 × 20 million out of 50: the third would overspend
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 10_000_000
    assert LedgerEntry.objects.filter(fund=w.c1_fund, kind="disbursement").count() == 2


def test_receipts_recorded_at_once_are_all_kept_and_numbered_without_gaps(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare

    def record(i: int) -> list[int]:
        return [
            ledger.record_receipt(
                actor=w.c1_officer,
                fund=w.c1_fund,
                spec=gift(1_000 * (i + 1)),
                idempotency_key=f"t{i}-{n}",
            ).seq
            for n in range(10)
        ]

    outcomes = at_once(record)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    seqs = sorted(s for o in outcomes for s in o)
    assert seqs == list(range(1, THREADS * 10 + 1))
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == sum(10 * 1_000 * (i + 1) for i in range(THREADS))


def test_transfers_crossing_in_opposite_directions_both_complete(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=None, fund=w.c1_fund, spec=gift(5_000_000))
    ledger.record_receipt(actor=None, fund=w.city_fund, spec=gift(5_000_000))

    def send(i: int) -> Any:
        up = i % 2 == 0
        return ledger.send_transfer(
            actor=None,
            from_fund=w.c1_fund if up else w.city_fund,
            to_fund=w.city_fund if up else w.c1_fund,
            amount=100_000,
            sent_on=DAY,
        )

    outcomes = at_once(send)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    w.c1_fund.refresh_from_db()
    w.city_fund.refresh_from_db()
    assert w.c1_fund.balance == w.city_fund.balance == 5_000_000
