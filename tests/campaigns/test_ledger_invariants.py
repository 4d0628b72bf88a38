"""The ledger's invariants: the balance is the sum of the entries; no balance goes below
zero; a transfer is one entry on each side or none; entries are never changed, only
reversed; a receipt or a payment sent twice is recorded once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from danvan.campaigns.models import (
    DonorKind,
    EntryKind,
    FundMonth,
    LedgerEntry,
    Method,
    Purpose,
    RequestState,
    Transfer,
    TransferState,
)
from danvan.campaigns.services import ledger

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def gift(amount: object = 5_000_000, **kw: object) -> ledger.ReceiptSpec:
    values: dict = {
        "amount": amount,
        "entry_date": DAY,
        "method": Method.CASH,
        "donor_kind": DonorKind.PERSON,
        "donor_name": "Nguyễn Văn An",
        **kw,
    }
    return ledger.ReceiptSpec(**values)


def pay(amount: object, **kw: object) -> ledger.DisbursementSpec:
    values: dict = {
        "amount": amount,
        "purpose": Purpose.SCHOLARSHIP,
        "beneficiary": "Trường Tiểu học số 1",
        "decision_number": "12/QĐ-MTTQ",
        **kw,
    }
    return ledger.DisbursementSpec(**values)


def ledger_sum(fund) -> int:  # type: ignore[no-untyped-def]
    return int(LedgerEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or 0)


def test_balance_is_the_sum_of_entries_after_every_kind_of_entry(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift("7.500.000"))
    receipt = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(2_000_000))
    ledger.request_disbursement(actor=w.c1_officer, fund=w.c1_fund, spec=pay(1_500_000))
    ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=1_000_000, sent_on=DAY
    )
    ledger.reverse_entry(actor=w.c1_officer, entry=receipt, reason="Ghi nhầm số tiền")
    for fund in (w.c1_fund, w.city_fund):
        fund.refresh_from_db()
        assert fund.balance == ledger_sum(fund) == ledger.balance_from_entries(fund)
    assert w.c1_fund.balance == 7_500_000 + 2_000_000 - 1_500_000 - 1_000_000 - 2_000_000
    # Each entry carries the balance after it, and the numbers run without gaps.
    entries = list(LedgerEntry.objects.filter(fund=w.c1_fund).order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    running = 0
    for e in entries:
        running += e.amount
        assert e.balance_after == running


def test_month_sums_agree_with_the_ledger(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(3_000_000))
    r = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(500_000))
    ledger.request_disbursement(actor=w.c1_officer, fund=w.c1_fund, spec=pay(1_000_000))
    ledger.reverse_entry(actor=w.c1_officer, entry=r, reason="Trả lại người ủng hộ", on=DAY)
    by_month = FundMonth.objects.filter(fund=w.c1_fund).aggregate(s=Sum("amount"))["s"]
    assert by_month == ledger_sum(w.c1_fund) == 2_000_000
    # A reversal counts in its original's flow: receipts net to nothing.
    receipts = FundMonth.objects.filter(fund=w.c1_fund, flow=EntryKind.RECEIPT)
    assert receipts.aggregate(s=Sum("amount"))["s"] == 3_000_000


def test_a_disbursement_beyond_the_balance_is_refused_and_changes_nothing(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(1_000_000))
    with pytest.raises(ValidationError) as refused:
        ledger.request_disbursement(actor=w.c1_officer, fund=w.c1_fund, spec=pay(1_000_001))
    assert "1.000.000" in str(refused.value)
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 1_000_000
    assert LedgerEntry.objects.filter(fund=w.c1_fund).count() == 1


def test_the_database_refuses_a_negative_balance_even_past_the_service(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            fund=w.c1_fund,
            seq=1,
            kind=EntryKind.DISBURSEMENT,
            flow=EntryKind.DISBURSEMENT,
            amount=-5,
            balance_after=-5,
            entry_date=DAY,
        )


def test_an_entry_cannot_be_changed_in_the_database(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    entry = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(1_000_000))
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=9_000_000)
    entry.refresh_from_db()
    assert entry.amount == 1_000_000


def test_a_transfer_is_one_entry_on_each_side(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(4_000_000))
    t = ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=2_500_000, sent_on=DAY
    )
    sides = {(e.fund_id, e.kind, e.amount) for e in t.entries.all()}
    assert sides == {
        (w.c1_fund.pk, EntryKind.TRANSFER_OUT, -2_500_000),
        (w.city_fund.pk, EntryKind.TRANSFER_IN, 2_500_000),
    }


def test_a_transfer_beyond_the_balance_writes_neither_side(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(1_000_000))
    with pytest.raises(ValidationError):
        ledger.send_transfer(
            actor=w.c1_officer,
            from_fund=w.c1_fund,
            to_fund=w.city_fund,
            amount=2_000_000,
            sent_on=DAY,
        )
    assert not Transfer.objects.exists()
    assert not LedgerEntry.objects.filter(fund=w.city_fund).exists()


def test_the_receiver_reconciles_and_a_mistaken_transfer_is_reversed_on_both_sides(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(3_000_000))
    t = ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=1_000_000, sent_on=DAY
    )
    with pytest.raises(PermissionDenied):
        ledger.reconcile_transfer(actor=w.c1_officer, transfer=t)
    ledger.reconcile_transfer(actor=w.city_officer, transfer=t, receipt_number="PT-15")
    t.refresh_from_db()
    assert t.state == TransferState.RECONCILED
    wrong = ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=500_000, sent_on=DAY
    )
    ledger.reverse_transfer(actor=w.c1_officer, transfer=wrong, reason="Chuyển nhầm")
    w.c1_fund.refresh_from_db()
    w.city_fund.refresh_from_db()
    assert (w.c1_fund.balance, w.city_fund.balance) == (2_000_000, 1_000_000)
    assert wrong.entries.count() == 4


def test_a_receipt_sent_twice_is_recorded_once(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    first = ledger.record_receipt(
        actor=w.c1_officer, fund=w.c1_fund, spec=gift(1_000_000), idempotency_key="k1"
    )
    again = ledger.record_receipt(
        actor=w.c1_officer, fund=w.c1_fund, spec=gift(1_000_000), idempotency_key="k1"
    )
    assert first.pk == again.pk
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 1_000_000


def test_an_entry_is_reversed_once_and_a_reversal_not_at_all(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    r = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(1_000_000))
    back = ledger.reverse_entry(actor=w.c1_officer, entry=r, reason="Sai")
    with pytest.raises(ValidationError):
        ledger.reverse_entry(actor=w.c1_officer, entry=r, reason="Sai lần nữa")
    with pytest.raises(ValidationError):
        ledger.reverse_entry(actor=w.c1_officer, entry=back, reason="Đảo lại")


def test_a_spent_receipt_cannot_be_reversed_below_zero(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    r = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(2_000_000))
    ledger.request_disbursement(actor=w.c1_officer, fund=w.c1_fund, spec=pay(1_500_000))
    with pytest.raises(ValidationError):
        ledger.reverse_entry(actor=w.c1_officer, entry=r, reason="Ghi nhầm")


@pytest.mark.parametrize("raw", ["", "abc", "-5", "0", "1.000,5", 10**13])
def test_bad_amounts_are_refused_in_vietnamese(welfare, raw) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    with pytest.raises(ValidationError) as refused:
        ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(raw))
    assert "amount" in refused.value.message_dict
    assert not LedgerEntry.objects.exists()


def test_above_the_threshold_the_board_approves_and_not_the_requester(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(50_000_000))
    request = ledger.request_disbursement(
        actor=w.c1_officer,
        fund=w.c1_fund,
        spec=pay(40_000_000, purpose=Purpose.HOUSE_BUILDING, beneficiary="Hộ ông Lò Văn Bình"),
    )
    assert request.state == RequestState.PENDING and request.entry is None
    for stranger in (w.c1_officer, w.c1_second_officer, w.city_leader):
        with pytest.raises(PermissionDenied):
            ledger.approve_disbursement(actor=stranger, request=request)
    ledger.approve_disbursement(actor=w.c1_board, request=request, note="Đồng ý")
    request.refresh_from_db()
    assert request.state == RequestState.PAID and request.entry.approved_by == w.c1_board
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 10_000_000
    with pytest.raises(ValidationError):
        ledger.approve_disbursement(actor=w.c1_board, request=request)


def test_only_the_keeping_body_records_into_its_fund(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    for outsider in (w.c2_officer, w.city_leader, w.c1_committee_officer, w.citizen):
        with pytest.raises(PermissionDenied):
            ledger.record_receipt(actor=outsider, fund=w.c1_fund, spec=gift())
    assert not LedgerEntry.objects.exists()


def test_donor_names_are_published_only_with_consent(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    named = ledger.record_receipt(
        actor=w.c1_officer, fund=w.c1_fund, spec=gift(publish_name=True, donor_name="Trần Thị Hoa")
    )
    quiet = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift())
    anonymous = ledger.record_receipt(
        actor=w.c1_officer,
        fund=w.c1_fund,
        spec=gift(donor_kind=DonorKind.ANONYMOUS, donor_name="should not be kept"),
    )
    assert named.donor_public_name == "Trần Thị Hoa" and named.donor_consent_at
    assert quiet.donor_public_name == "" and "Nguyễn" not in quiet.donor_name_enc
    assert ledger.donor_name(actor=w.c1_officer, entry=quiet) == "Nguyễn Văn An"
    assert anonymous.donor_name_enc == "" and anonymous.donor_public_name == ""


def place_sums() -> dict[tuple[int, str], int]:
    from danvan.campaigns.models import PlaceMonth

    out: dict[tuple[int, str], int] = {}
    for row in PlaceMonth.objects.values("province_id", "flow").annotate(s=Sum("amount")):
        if row["s"]:
            out[(row["province_id"], row["flow"])] = row["s"]
    return out


def ledger_place_sums(funds) -> dict[tuple[int, str], int]:  # type: ignore[no-untyped-def]
    out: dict[tuple[int, str], int] = {}
    rows = (
        LedgerEntry.objects.filter(fund__in=funds)
        .values("fund__province_id", "flow")
        .annotate(s=Sum("amount"))
    )
    for row in rows:
        if row["s"]:
            out[(row["fund__province_id"] or 0, row["flow"])] = row["s"]
    return out


def test_place_sums_follow_the_published_funds_ledgers(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    ledger.publish_fund(actor=w.c1_officer, fund=w.c1_fund, published=True)
    ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(6_000_000))
    ledger.record_receipt(actor=w.c2_officer, fund=w.c2_fund, spec=gift(9_000_000))  # unpublished
    ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=1_000_000, sent_on=DAY
    )
    r = ledger.record_receipt(actor=w.c1_officer, fund=w.c1_fund, spec=gift(700_000))
    ledger.reverse_entry(actor=w.c1_officer, entry=r, reason="Sai")
    assert place_sums() == ledger_place_sums([w.c1_fund])
    # Publishing a fund brings its whole past in; withdrawing takes it out again.
    ledger.publish_fund(actor=w.c2_officer, fund=w.c2_fund, published=True)
    ledger.publish_fund(actor=w.city_officer, fund=w.city_fund, published=True)
    assert place_sums() == ledger_place_sums([w.c1_fund, w.c2_fund, w.city_fund])
    ledger.publish_fund(actor=w.c1_officer, fund=w.c1_fund, published=False)
    assert place_sums() == ledger_place_sums([w.c2_fund, w.city_fund])
    ledger.publish_fund(actor=w.c2_officer, fund=w.c2_fund, published=True)  # again: no change
    assert place_sums() == ledger_place_sums([w.c2_fund, w.city_fund])
