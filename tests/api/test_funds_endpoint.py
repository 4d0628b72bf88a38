"""The funds' ledgers over HTTP (staff only): who reads and keeps what, as a matrix of person ×
(list, read, ledger, balance, record) — 404 for a fund the caller does not read, 403 for one
they read but may not keep, 401 anonymous; receipts, disbursements with the board's approval,
transfers and their reconciliation, reversals; 400 per field with nothing changed; one entry
for a request sent twice with one Idempotency-Key; the balance the sum of the ledger; never a
donor's name without consent nor a household's name; lists that cost the same queries
whatever the page size."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from danvan.accounts.services import issue_api_token
from danvan.campaigns.models import (
    DisbursementRequest,
    DonorKind,
    EntryKind,
    Fund,
    LedgerEntry,
    Method,
    Purpose,
    RequestState,
    Transfer,
    TransferState,
)
from danvan.campaigns.services import ledger
from danvan.lib.text import fold
from tests.api.helpers import assert_error, error_fields
from tests.campaigns.conftest import Welfare, make_welfare
from tests.campaigns.household_fixtures import NAME, add

pytestmark = pytest.mark.django_db

URL = "/api/v1/funds"
NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
CODES = {400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found"}
DONOR = "Trần Thị Hảo Tâm"


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def w(db) -> Welfare:  # type: ignore[no-untyped-def]
    return make_welfare()


def auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if user is None:
        return {}
    _token, raw = issue_api_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body, headers, key: str = ""):  # type: ignore[no-untyped-def]
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, body, content_type="application/json", **headers, **extra)


def expect(response, status: int) -> None:  # type: ignore[no-untyped-def]
    if status < 400:
        assert response.status_code == status, response.content
    else:
        assert_error(response, status, CODES[status])


def receipt_body(**extra: object) -> dict[str, object]:
    return {
        "amount": 50_000_000,
        "entry_date": "01/03/2026",
        "method": Method.TRANSFER,
        "donor_kind": DonorKind.PERSON,
        "donor_name": DONOR,
        "receipt_number": "PT-0001",
        **extra,
    }


def give(
    fund: Fund, amount: int = 50_000_000, day: dt.date = dt.date(2026, 3, 1), **kw
) -> LedgerEntry:  # type: ignore[no-untyped-def]
    spec = ledger.ReceiptSpec(
        amount=amount, entry_date=day, method=Method.CASH, donor_kind=DonorKind.ANONYMOUS, **kw
    )
    return ledger.record_receipt(actor=None, fund=fund, spec=spec)


def balance(fund: Fund) -> int:
    return Fund.objects.get(pk=fund.pk).balance


# --- Who reads and keeps what -------------------------------------------------------------------

# person → (lists the commune's fund, reads it, its ledger, its balance, records a receipt)
MATRIX = [
    ("c1_officer", (True, 200, 200, 200, 201)),  # the keeping body's own officers
    ("c1_second_officer", (True, 200, 200, 200, 201)),
    ("c1_board", (True, 200, 200, 200, 403)),  # a seat on the board: reads, approves only
    ("city_leader", (True, 200, 200, 200, 403)),  # subtree over the city: reads, never keeps
    ("central_leader", (True, 200, 200, 200, 403)),
    ("city_officer", (False, 404, 404, 404, 404)),  # a unit grant at the city's Front
    ("c1_committee_officer", (False, 404, 404, 404, 404)),  # the commune's People's Committee
    ("c2_officer", (False, 404, 404, 404, 404)),  # another commune
    ("other_officer", (False, 404, 404, 404, 404)),  # another province
    ("citizen", (None, 403, 403, 403, 403)),  # no staff role
    ("anonymous", (None, 401, 401, 401, 401)),
]


@pytest.mark.parametrize(("who", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_who_lists_reads_and_keeps_a_commune_fund(client, w, who, expected) -> None:  # type: ignore[no-untyped-def]
    listed, detail, entries, money, records = expected
    user = None if who == "anonymous" else getattr(w, who)
    headers = auth(user)
    fund = w.c1_fund
    found = client.get(URL, **headers)
    if listed is None:
        expect(found, 401 if user is None else 403)
    else:
        assert (fund.pk in [f["id"] for f in found.json()["items"]]) is listed
    expect(client.get(f"{URL}/{fund.pk}", **headers), detail)
    expect(client.get(f"{URL}/{fund.pk}/ledger", **headers), entries)
    expect(client.get(f"{URL}/{fund.pk}/balance", **headers), money)
    expect(post(client, f"{URL}/{fund.pk}/receipts", receipt_body(), headers), records)
    assert LedgerEntry.objects.filter(fund=fund).count() == (1 if records == 201 else 0)
    assert balance(fund) == (50_000_000 if records == 201 else 0)


STAFF_ENDPOINTS = [
    ("get", ""),
    ("get", "/requests"),
    ("get", "/{fund}"),
    ("get", "/{fund}/ledger"),
    ("get", "/{fund}/balance"),
    ("get", "/{fund}/months"),
    ("post", "/{fund}/receipts"),
    ("post", "/{fund}/disbursements"),
    ("post", "/{fund}/transfers"),
    ("post", "/transfers/1/reconcile"),
    ("post", "/requests/1/approve"),
    ("post", "/requests/1/reject"),
    ("post", "/entries/1/reverse"),
]


@pytest.mark.parametrize(("method", "path"), STAFF_ENDPOINTS)
def test_every_funds_endpoint_needs_a_signed_in_caller(client, w, method, path) -> None:  # type: ignore[no-untyped-def]
    url = URL + path.format(fund=w.c1_fund.pk)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {}, content_type="application/json")
    assert_error(response, 401, "not_authenticated")


def test_the_list_filters_by_kind_province_level_and_words(client, w) -> None:  # type: ignore[no-untyped-def]
    headers = auth(w.central_leader)

    def ids(**params: object) -> set[int]:
        response = client.get(URL, params, **headers)
        assert response.status_code == 200, response.content
        return {f["id"] for f in response.json()["items"]}

    everything = {w.city_fund.pk, w.c1_fund.pk, w.c2_fund.pk, w.other_fund.pk}
    assert ids() == everything
    assert ids(province="01") == {w.city_fund.pk, w.c1_fund.pk, w.c2_fund.pk}
    assert ids(province="99") == set()  # no such province: nothing, not an error
    assert ids(level="province") == {w.city_fund.pk}
    assert ids(level="commune", province="01") == {w.c1_fund.pk, w.c2_fund.pk}
    assert ids(kind="relief") == set()
    assert ids(q=fold(w.c1_unit.name)) == {w.c1_fund.pk}  # without diacritics
    assert_error(client.get(URL, {"level": "galaxy"}, **headers), 422, "invalid")


def test_a_fund_shows_its_balance_keeper_board_and_this_year(client, w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund, 30_000_000)
    ledger.request_disbursement(
        actor=None,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(
            amount=4_000_000, purpose=Purpose.SCHOLARSHIP, beneficiary="Trường Tiểu học"
        ),
    )
    listed = client.get(URL, {"province": "01"}, **auth(w.c1_officer)).json()["items"]
    row = next(f for f in listed if f["id"] == w.c1_fund.pk)
    assert row["balance"] == 26_000_000
    assert row["keeper"]["id"] == w.c1_front.pk
    assert (row["year_in"], row["year_out"]) == (30_000_000, 4_000_000)
    body = client.get(f"{URL}/{w.c1_fund.pk}", **auth(w.c1_officer)).json()
    assert body["balance"] == 26_000_000
    assert body["approval_threshold"] == 10_000_000
    assert body["published"] is False
    assert body["board_seats"] == 1
    assert body["board"][0]["user_id"] == w.c1_board.pk
    assert (body["year_in"], body["year_out"]) == (30_000_000, 4_000_000)
    assert body["totals"] == {
        "received": 30_000_000,
        "transferred_in": 0,
        "transferred_out": 0,
        "spent": 4_000_000,
        "balance": 26_000_000,
    }
    assert body["may_keep"] is True and body["may_approve"] is False
    assert body["ledger_xlsx_url"].endswith(".xlsx")
    board = client.get(f"{URL}/{w.c1_fund.pk}", **auth(w.c1_board)).json()
    assert board["may_keep"] is False and board["may_approve"] is True


# --- Receipts -----------------------------------------------------------------------------------


def test_a_receipt_sent_twice_with_one_key_is_one_entry(client, w) -> None:  # type: ignore[no-untyped-def]
    url = f"{URL}/{w.c1_fund.pk}/receipts"
    headers = auth(w.c1_officer)
    first = post(client, url, receipt_body(), headers, key="9b2f7c1e-receipt")
    again = post(client, url, receipt_body(), headers, key="9b2f7c1e-receipt")
    assert first.status_code == 201, first.content
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["seq"] == 1 and first.json()["balance_after"] == 50_000_000
    assert LedgerEntry.objects.filter(fund=w.c1_fund).count() == 1
    assert balance(w.c1_fund) == 50_000_000
    # Keys belong to their caller: another officer's same key is another receipt.
    other = post(client, url, receipt_body(), auth(w.c1_second_officer), key="9b2f7c1e-receipt")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert balance(w.c1_fund) == 100_000_000


def test_an_idempotency_key_too_long_is_refused_beside_the_header(client, w) -> None:  # type: ignore[no-untyped-def]
    url = f"{URL}/{w.c1_fund.pk}/receipts"
    body = assert_error(
        post(client, url, receipt_body(), auth(w.c1_officer), key="k" * 201), 400, "invalid"
    )
    assert body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5_000}, "amount"),
        ({"amount": 10**13}, "amount"),
        ({"entry_date": "11/03/2026"}, "entry_date"),  # tomorrow in Hà Nội
        ({"donor_name": ""}, "donor_name"),
        ({"method": Method.IN_KIND}, "in_kind_items"),
        ({"donor_kind": DonorKind.ANONYMOUS, "publish_name": True}, "publish_name"),
        ({"campaign": 999_999}, "campaign"),
        ({"donor_organization": 999_999}, "donor_organization"),
    ],
)
def test_a_refused_receipt_is_400_beside_its_field_and_changes_nothing(
    client, w, change, field
) -> None:  # type: ignore[no-untyped-def]
    response = post(
        client, f"{URL}/{w.c1_fund.pk}/receipts", receipt_body(**change), auth(w.c1_officer)
    )
    body = assert_error(response, 400, "invalid")
    assert field in error_fields(body)
    assert all(e["message"].strip() for e in body["errors"])
    assert response["Content-Language"] == "vi"
    assert not LedgerEntry.objects.exists()
    assert balance(w.c1_fund) == 0


def test_a_malformed_receipt_is_422(client, w) -> None:  # type: ignore[no-untyped-def]
    url = f"{URL}/{w.c1_fund.pk}/receipts"
    for change in ({"amount": 1.5}, {"entry_date": "2026-13-01"}, {"method": "cheque"}):
        assert_error(post(client, url, receipt_body(**change), auth(w.c1_officer)), 422, "invalid")
    assert not LedgerEntry.objects.exists()


def test_the_ledger_shows_a_donor_by_name_only_with_consent(client, w) -> None:  # type: ignore[no-untyped-def]
    url = f"{URL}/{w.c1_fund.pk}/receipts"
    headers = auth(w.c1_officer)
    hidden = post(client, url, receipt_body(), headers)
    named = post(
        client, url, receipt_body(donor_name="Công ty Hòa Bình", publish_name=True), headers
    )
    assert hidden.status_code == 201 and named.status_code == 201
    assert hidden.json()["donor_public_name"] == ""
    assert named.json()["donor_public_name"] == "Công ty Hòa Bình"
    for reader in (w.c1_officer, w.city_leader, w.c1_board):
        page = client.get(f"{URL}/{w.c1_fund.pk}/ledger", **auth(reader))
        assert page.status_code == 200
        text = page.content.decode()
        assert DONOR not in text
        assert "Công ty Hòa Bình" in text


# --- The ledger, the balance, the months -------------------------------------------------------


@pytest.fixture
def booked(w):  # type: ignore[no-untyped-def]
    """Receipts on 10/01, 15/02 and 01/03/2026, a payment on 05/03: 37.000.000 đồng left."""
    give(w.c1_fund, 10_000_000, dt.date(2026, 1, 10))
    give(w.c1_fund, 20_000_000, dt.date(2026, 2, 15))
    give(w.c1_fund, 15_000_000, dt.date(2026, 3, 1))
    ledger.request_disbursement(
        actor=None,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(
            amount=8_000_000,
            purpose=Purpose.HEALTH_INSURANCE,
            beneficiary="Thẻ BHYT cho 10 người",
            paid_on=dt.date(2026, 3, 5),
        ),
    )
    return w


def test_the_ledger_is_newest_first_and_filters_by_dates_and_kind(client, booked) -> None:  # type: ignore[no-untyped-def]
    headers = auth(booked.c1_officer)
    url = f"{URL}/{booked.c1_fund.pk}/ledger"

    def seqs(**params: object) -> list[int]:
        response = client.get(url, params, **headers)
        assert response.status_code == 200, response.content
        return [e["seq"] for e in response.json()["items"]]

    assert seqs() == [4, 3, 2, 1]
    assert seqs(**{"from": "01/02/2026", "to": "2026-03-01"}) == [3, 2]
    assert seqs(kind=EntryKind.DISBURSEMENT) == [4]
    assert seqs(purpose=Purpose.HEALTH_INSURANCE) == [4]
    newest = client.get(url, **headers).json()["items"][0]
    assert newest["amount"] == -8_000_000 and newest["balance_after"] == 37_000_000
    assert_error(client.get(url, {"from": "31/02/2026"}, **headers), 422, "invalid")


def test_the_balance_is_the_sum_of_the_ledger_today_and_on_a_day(client, booked) -> None:  # type: ignore[no-untyped-def]
    headers = auth(booked.city_leader)
    url = f"{URL}/{booked.c1_fund.pk}/balance"
    today = client.get(url, **headers).json()
    assert today == {
        "fund_id": booked.c1_fund.pk,
        "as_of": "2026-03-10",
        "balance": 37_000_000,
        "entries": 4,
        "balance_from_ledger": 37_000_000,
    }
    february = client.get(url, {"on": "28/02/2026"}, **headers).json()
    assert (february["as_of"], february["balance"], february["entries"]) == (
        "2026-02-28",
        30_000_000,
        2,
    )
    assert february["balance_from_ledger"] == 30_000_000
    months = client.get(f"{URL}/{booked.c1_fund.pk}/months", **headers).json()["items"]
    assert sum(m["amount"] for m in months) == 37_000_000
    assert sum(m["entries"] for m in months) == 4
    assert months[0]["month"] == "2026-03-01"
    assert {m["month"] for m in months} == {"2026-01-01", "2026-02-01", "2026-03-01"}


# --- Disbursements and the board ---------------------------------------------------------------


def disburse(client, w, headers, key: str = "", **extra):  # type: ignore[no-untyped-def]
    body = {
        "amount": 5_000_000,
        "purpose": Purpose.HOUSE_REPAIR,
        "beneficiary": "Hộ ông Lò Văn Sáng",
        **extra,
    }
    return post(client, f"{URL}/{w.c1_fund.pk}/disbursements", body, headers, key)


def test_a_payment_to_a_household_is_paid_at_once_and_never_names_it(client, w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund)
    household = add(w.c1_front)
    headers = auth(w.c1_officer)
    paid = disburse(client, w, headers, household=household.pk, beneficiary="", key="pay-1")
    again = disburse(client, w, headers, household=household.pk, beneficiary="", key="pay-1")
    assert paid.status_code == 201, paid.content
    assert again.status_code == 200 and again.json()["id"] == paid.json()["id"]
    body = paid.json()
    assert body["state"] == RequestState.PAID and body["entry_id"]
    assert body["household"] == {
        "id": household.pk,
        "code": household.code,
        "village": household.village,
        "category": household.category,
    }
    assert balance(w.c1_fund) == 45_000_000
    assert DisbursementRequest.objects.count() == 1
    for response in (
        paid,
        client.get(f"{URL}/{w.c1_fund.pk}/ledger", **headers),
        client.get(f"{URL}/requests", **headers),
    ):
        assert NAME not in response.content.decode()
    # The same purpose again soon: asked to confirm, then paid.
    repeat = disburse(client, w, headers, household=household.pk, beneficiary="")
    assert "confirm_repeat" in error_fields(assert_error(repeat, 400, "invalid"))
    assert balance(w.c1_fund) == 45_000_000
    confirmed = disburse(
        client, w, headers, household=household.pk, beneficiary="", confirm_repeat=True
    )
    assert confirmed.status_code == 201, confirmed.content
    assert balance(w.c1_fund) == 40_000_000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": 9_000_000}, "amount"),  # paid at once, but more than the fund holds
        ({"amount": 12_000_000}, "decision_number"),  # above the threshold, no document
        ({"beneficiary": ""}, "beneficiary"),
        ({"household": "other"}, "household"),  # another commune's list
        ({"paid_on": "11/03/2026"}, "entry_date"),  # tomorrow
    ],
)
def test_a_refused_payment_is_400_beside_its_field_and_changes_nothing(
    client, w, change, field
) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund, 8_000_000)
    if change.get("household") == "other":
        change = {"household": add(w.c2_front, "HN2-001").pk}
    body = assert_error(disburse(client, w, auth(w.c1_officer), **change), 400, "invalid")
    assert field in error_fields(body)
    assert balance(w.c1_fund) == 8_000_000
    assert not DisbursementRequest.objects.exists()
    assert LedgerEntry.objects.count() == 1


def test_above_the_threshold_the_board_approves_and_the_money_is_paid(client, w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund)
    asked = disburse(client, w, auth(w.c1_officer), amount=20_000_000, decision_number="15/QĐ-MTTQ")
    assert asked.status_code == 201, asked.content
    req = asked.json()
    assert req["state"] == RequestState.PENDING and req["entry_id"] is None
    assert balance(w.c1_fund) == 50_000_000
    queue = client.get(f"{URL}/requests", {"awaiting_me": True}, **auth(w.c1_board)).json()
    assert [r["id"] for r in queue["items"]] == [req["id"]]
    assert queue["items"][0]["may_approve"] is True
    assert (
        client.get(f"{URL}/requests", {"awaiting_me": True}, **auth(w.c1_officer)).json()["count"]
        == 0
    )
    mine = client.get(f"{URL}/requests", {"state": "pending"}, **auth(w.c1_officer)).json()
    assert [r["id"] for r in mine["items"]] == [req["id"]] and not mine["items"][0]["may_approve"]
    approve = f"{URL}/requests/{req['id']}/approve"
    expect(post(client, approve, {}, auth(w.c1_officer)), 403)  # reads, is not on the board
    expect(post(client, approve, {}, auth(w.city_leader)), 403)
    expect(post(client, approve, {}, auth(w.c2_officer)), 404)  # does not read the fund
    assert balance(w.c1_fund) == 50_000_000
    done = post(client, approve, {"note": "Đúng đối tượng."}, auth(w.c1_board))
    assert done.status_code == 200, done.content
    assert done.json()["state"] == RequestState.PAID and done.json()["entry_id"]
    assert balance(w.c1_fund) == 30_000_000
    # Decided once: a second approval is refused, nothing paid twice.
    expect(post(client, approve, {}, auth(w.c1_board)), 400)
    assert balance(w.c1_fund) == 30_000_000


def test_the_board_rejects_a_request_saying_why(client, w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund)
    req = disburse(client, w, auth(w.c1_officer), amount=20_000_000, decision_number="16/QĐ")
    reject = f"{URL}/requests/{req.json()['id']}/reject"
    assert "note" in error_fields(
        assert_error(post(client, reject, {}, auth(w.c1_board)), 400, "invalid")
    )
    expect(post(client, reject, {"note": "Trùng"}, auth(w.c1_officer)), 403)
    done = post(client, reject, {"note": "Trùng với hỗ trợ của xã."}, auth(w.c1_board))
    assert done.status_code == 200 and done.json()["state"] == RequestState.REJECTED
    assert balance(w.c1_fund) == 50_000_000
    assert LedgerEntry.objects.filter(fund=w.c1_fund).count() == 1


# --- Transfers ----------------------------------------------------------------------------------


def test_a_transfer_up_a_level_is_sent_once_and_reconciled_by_the_receiver(client, w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund, 10_000_000)
    url = f"{URL}/{w.c1_fund.pk}/transfers"
    body = {"to_fund": w.city_fund.pk, "amount": 4_000_000, "sent_on": "09/03/2026"}
    headers = auth(w.c1_officer)
    sent = post(client, url, body, headers, key="tr-1")
    again = post(client, url, body, headers, key="tr-1")
    assert sent.status_code == 201, sent.content
    assert again.status_code == 200 and again.json()["id"] == sent.json()["id"]
    assert Transfer.objects.count() == 1
    assert (balance(w.c1_fund), balance(w.city_fund)) == (6_000_000, 4_000_000)
    assert sent.json()["state"] == TransferState.SENT
    reconcile = f"{URL}/transfers/{sent.json()['id']}/reconcile"
    expect(post(client, reconcile, {}, headers), 403)  # the sender reads it, does not receive it
    expect(post(client, reconcile, {}, auth(w.c2_officer)), 404)
    done = post(client, reconcile, {"receipt_number": "PT-77"}, auth(w.city_officer))
    assert done.status_code == 200, done.content
    assert done.json()["state"] == TransferState.RECONCILED
    assert done.json()["receiver_receipt_number"] == "PT-77"
    expect(post(client, reconcile, {}, auth(w.city_officer)), 400)  # once


def test_a_transfer_goes_only_to_a_fund_it_may_send_to(client, w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund, 10_000_000)
    url = f"{URL}/{w.c1_fund.pk}/transfers"
    headers = auth(w.c1_officer)
    for to_fund, field in ((w.c2_fund.pk, "to_fund"), (w.other_fund.pk, "to_fund")):
        body = {"to_fund": to_fund, "amount": 1_000_000, "sent_on": "09/03/2026"}
        assert field in error_fields(assert_error(post(client, url, body, headers), 400, "invalid"))
    too_much = {"to_fund": w.city_fund.pk, "amount": 11_000_000, "sent_on": "09/03/2026"}
    assert "amount" in error_fields(
        assert_error(post(client, url, too_much, headers), 400, "invalid")
    )
    assert not Transfer.objects.exists()
    assert (balance(w.c1_fund), balance(w.city_fund)) == (10_000_000, 0)


# --- Reversals ----------------------------------------------------------------------------------


def test_an_entry_is_corrected_by_a_reversing_entry_once(client, w) -> None:  # type: ignore[no-untyped-def]
    entry = give(w.c1_fund, 7_000_000)
    url = f"{URL}/entries/{entry.pk}/reverse"
    expect(post(client, url, {"reason": "Nhập nhầm"}, auth(w.c2_officer)), 404)
    expect(post(client, url, {"reason": "Nhập nhầm"}, auth(w.city_leader)), 403)
    blank = assert_error(post(client, url, {"reason": " "}, auth(w.c1_officer)), 400, "invalid")
    assert "reason" in error_fields(blank)
    assert balance(w.c1_fund) == 7_000_000
    done = post(client, url, {"reason": "Nhập nhầm số tiền"}, auth(w.c1_officer))
    assert done.status_code == 201, done.content
    assert done.json()["kind"] == EntryKind.REVERSAL and done.json()["reverses_id"] == entry.pk
    assert balance(w.c1_fund) == 0
    expect(post(client, url, {"reason": "Lần nữa"}, auth(w.c1_officer)), 400)
    listed = client.get(f"{URL}/{w.c1_fund.pk}/ledger", **auth(w.c1_officer)).json()["items"]
    assert [(e["seq"], e["reversed"]) for e in listed] == [(2, False), (1, True)]
    expect(post(client, f"{URL}/entries/999999/reverse", {"reason": "x"}, auth(w.c1_officer)), 404)


# --- Lists cost the same whatever the page size ------------------------------------------------


def _queries(client, django_assert_max_num_queries, url, headers, **params):  # type: ignore[no-untyped-def]
    client.get(url, params, **headers)  # the token's first use of the minute is written down
    with django_assert_max_num_queries(20) as captured:
        response = client.get(url, params, **headers)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), len(response.json()["items"])


def test_fund_lists_cost_the_same_queries_whatever_the_page_size(
    client, w, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(6):
        give(w.c1_fund, 1_000_000 + i, donor_name=f"Người thứ {i}")
    give(w.city_fund, 3_000_000)
    ledger.request_disbursement(
        actor=None,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(amount=1_000_000, purpose=Purpose.GIFTS, beneficiary="Tết"),
    )
    for i in range(3):
        ledger.request_disbursement(
            actor=None,
            fund=w.c1_fund,
            spec=ledger.DisbursementSpec(
                amount=11_000_000 + i,
                purpose=Purpose.HOUSE_BUILDING,
                beneficiary=f"Hộ {i}",
                decision_number=f"{i}/QĐ",
            ),
        )
    headers = auth(w.central_leader)
    board = auth(w.c1_board)
    for url, who, large in (
        (URL, headers, 4),
        (f"{URL}/{w.c1_fund.pk}/ledger", headers, 7),
        (f"{URL}/{w.c1_fund.pk}/months", headers, 2),
        (f"{URL}/requests", board, 4),
    ):
        small = _queries(client, django_assert_max_num_queries, url, who, page_size=1)
        big = _queries(client, django_assert_max_num_queries, url, who, page_size=50)
        assert (small[1], big[1]) == (1, large), url
        assert small[0] == big[0], url


def test_responses_are_json_in_utf8(client, w) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"{URL}/{w.c1_fund.pk}", **auth(w.c1_officer))
    assert "Quỹ Vì người nghèo" in response.content.decode()
    assert json.loads(response.content)["keeper"]["name"] == w.c1_front.name
