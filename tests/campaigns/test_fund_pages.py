"""The officers' fund pages: who opens which page (a matrix of role × page), money recorded
through the forms (bad input refused beside the field with nothing written, a double submit
recorded once, a repeat of help confirmed before it is paid), the board's queue, transfers,
corrections, the board and publication; the list and the ledger cost a bounded number of
queries however many rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.campaigns.models import (
    BoardMember,
    DisbursementRequest,
    EntryKind,
    Fund,
    LedgerEntry,
    Purpose,
    RequestState,
    Transfer,
    TransferState,
)
from danvan.campaigns.services import ledger
from tests.factories import sign_in_with_totp

from .fund_page_fixtures import DAY, clock, give, household  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

C = "campaigns:"


def _url(name: str, w, *extra: object) -> str:  # type: ignore[no-untyped-def]
    if name in ("funds", "approvals", "fund_new"):
        return reverse(C + name)
    if name == "fund_export":
        return reverse(C + name, args=[w.c1_fund.pk, "csv"])
    return reverse(C + name, args=[w.c1_fund.pk, *extra])


# role → page → status, for the first commune's fund.
MATRIX = [
    ("c1_officer", "fund", 200),
    ("c1_officer", "receipt_new", 200),
    ("c1_officer", "disbursement_new", 200),
    ("c1_officer", "transfer_new", 200),
    ("c1_officer", "fund_edit", 200),
    ("c1_officer", "fund_export", 200),
    ("c1_officer", "fund_new", 200),
    ("city_leader", "fund", 200),
    ("city_leader", "fund_export", 200),
    ("city_leader", "receipt_new", 403),
    ("city_leader", "disbursement_new", 403),
    ("city_leader", "fund_edit", 403),
    ("c1_board", "fund", 200),
    ("c1_board", "approvals", 200),
    ("c1_board", "receipt_new", 403),
    ("c2_officer", "fund", 403),
    ("c2_officer", "fund_export", 403),
    ("c2_officer", "receipt_new", 403),
    ("other_officer", "fund", 403),
    ("other_officer", "transfer_new", 403),
    ("citizen", "funds", 403),
    ("citizen", "fund", 403),
    ("citizen", "approvals", 403),
    ("citizen", "fund_new", 403),
]


@pytest.mark.parametrize(("role", "page", "status"), MATRIX)
def test_who_opens_which_fund_page(client, welfare, role, page, status) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, getattr(welfare, role))
    assert client.get(_url(page, welfare)).status_code == status


def test_a_fund_that_does_not_exist_is_404(client, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    assert client.get(reverse(C + "fund", args=[999_999])).status_code == 404
    assert client.get(reverse(C + "receipt_new", args=[999_999])).status_code == 404


@pytest.mark.parametrize(
    ("role", "sees", "hidden"),
    [
        ("c1_officer", ["c1_fund"], ["c2_fund", "other_fund"]),
        ("city_leader", ["c1_fund", "c2_fund", "city_fund"], ["other_fund"]),
        ("other_officer", ["other_fund"], ["c1_fund", "c2_fund"]),
        ("c1_board", ["c1_fund"], ["c2_fund"]),
    ],
)
def test_the_list_shows_the_funds_one_reads(client, welfare, role, sees, hidden) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, getattr(welfare, role))
    page = client.get(reverse(C + "funds"))
    assert page.status_code == 200
    shown = {f.pk for f in page.context["page"].object_list}
    assert {getattr(welfare, n).pk for n in sees} <= shown
    assert not {getattr(welfare, n).pk for n in hidden} & shown


def test_the_list_filters_and_adds_up_the_year(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 3_000_000)
    give(w.c2_fund, 1_000_000)
    sign_in_with_totp(client, w.city_leader)
    url = reverse(C + "funds")
    page = client.get(url)
    assert page.context["totals"].balance == 4_000_000
    assert page.context["totals"].year_in == 4_000_000
    rows = {f.pk: f for f in page.context["page"].object_list}
    assert rows[w.c1_fund.pk].year_in == 3_000_000
    commune = client.get(url, {"level": "commune"})
    assert {f.pk for f in commune.context["page"].object_list} == {w.c1_fund.pk, w.c2_fund.pk}
    # Without diacritics, on the keeper's name as well.
    name = w.c1_unit.name.split()[-1]
    found = client.get(url, {"q": name})
    assert w.c1_fund.pk in {f.pk for f in found.context["page"].object_list}
    nothing = client.get(url, {"q": "khongcogi"})
    assert (
        not nothing.context["page"].object_list
        and 'data-testid="empty"' in nothing.content.decode()
    )
    assert client.get(url, {"kind": "nonsense"}).status_code == 400


def test_the_empty_list_offers_to_open_a_fund_to_those_who_keep_a_body(client, welfare) -> None:  # type: ignore[no-untyped-def]
    Fund.objects.filter(pk=welfare.c1_fund.pk).update(keeper=welfare.c2_front)
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.get(reverse(C + "funds")).content.decode()
    assert 'data-testid="empty"' in page and reverse(C + "fund_new") in page


def test_opening_a_fund_for_a_body_one_keeps(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "fund_new")
    bad = client.post(url, {"keeper": w.c1_front.pk, "name": "", "kind": "x", "opened_on": "1"})
    assert bad.status_code == 400 and {"name", "kind", "opened_on"} <= set(
        bad.context["form"].errors
    )
    foreign = client.post(
        url, {"keeper": w.c2_front.pk, "name": "Quỹ", "kind": "relief", "opened_on": "01/03/2026"}
    )
    assert foreign.status_code == 400 and "keeper" in foreign.context["form"].errors
    done = client.post(
        url,
        {
            "keeper": w.c1_front.pk,
            "name": "Quỹ cứu trợ xã",
            "kind": "relief",
            "opened_on": "01/03/2026",
            "approval_threshold": "20.000.000",
        },
    )
    fund = Fund.objects.get(name="Quỹ cứu trợ xã")
    assert done.status_code == 302 and fund.keeper == w.c1_front
    assert fund.approval_threshold == 20_000_000


def _receipt(**kw: object) -> dict:
    return {
        "amount": "2.500.000",
        "entry_date": "09/03/2026",
        "method": "cash",
        "donor_kind": "person",
        "donor_name": "Trần Thị Hoa",
        "receipt_number": "PT-01",
        "idempotency_key": "key-1",
        **kw,
    }


@pytest.mark.parametrize("amount", ["", "abc", "0", "-5", "1.000,5", "99999999999999"])
def test_a_bad_amount_is_refused_beside_the_field_and_nothing_is_written(
    client, welfare, amount
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.post(
        reverse(C + "receipt_new", args=[welfare.c1_fund.pk]), _receipt(amount=amount)
    )
    assert page.status_code == 400
    assert "amount" in page.context["form"].errors
    assert 'id="id_amount-error"' in page.content.decode()
    assert not LedgerEntry.objects.exists()


def test_a_receipt_submitted_twice_is_recorded_once(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "receipt_new", args=[w.c1_fund.pk])
    form = client.get(url)
    key = form.context["form"].initial["idempotency_key"]
    assert key and f'value="{key}"' in form.content.decode()
    first = client.post(url, _receipt(idempotency_key=key, publish_name="on"))
    again = client.post(url, _receipt(idempotency_key=key, publish_name="on"))
    assert first.status_code == again.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.amount == 2_500_000 and entry.donor_public_name == "Trần Thị Hoa"
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 2_500_000


def test_the_ledger_shows_entries_newest_first_and_donors_only_as_published(
    client, welfare
) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 1_000_000, donor_name="Lê Văn Kín")
    give(w.c1_fund, 2_000_000, donor_name="Phạm Thị Công Khai", publish_name=True)
    sign_in_with_totp(client, w.city_leader)
    page = client.get(reverse(C + "fund", args=[w.c1_fund.pk]))
    html = page.content.decode()
    assert [e.seq for e in page.context["page"].object_list] == [2, 1]
    assert "Phạm Thị Công Khai" in html and "Lê Văn Kín" not in html
    assert 'data-testid="record-receipt"' not in html  # reads, does not record
    by_kind = client.get(reverse(C + "fund", args=[w.c1_fund.pk]), {"kind": "disbursement"})
    assert not by_kind.context["page"].object_list
    assert (
        client.get(
            reverse(C + "fund", args=[w.c1_fund.pk]), {"date_from": "99/99/2026"}
        ).status_code
        == 400
    )


def _pay(**kw: object) -> dict:
    return {
        "amount": "2.000.000",
        "purpose": Purpose.HOUSE_REPAIR,
        "decision_number": "05/QĐ-MTTQ",
        "idempotency_key": "",
        **kw,
    }


def test_help_repeated_for_a_household_is_paid_only_once_confirmed(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 10_000_000)
    h = household(w)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "disbursement_new", args=[w.c1_fund.pk])
    form = client.get(url)
    options = form.content.decode()
    assert "HN-0001" in options and "Thôn Đông" in options
    first = client.post(url, _pay(household=h.pk, idempotency_key="p1"))
    assert first.status_code == 302
    again = client.post(url, _pay(household=h.pk, idempotency_key="p2"))
    assert again.status_code == 400 and "confirm_repeat" in again.context["form"].errors
    assert 'data-testid="confirm-repeat"' in again.content.decode()
    assert LedgerEntry.objects.filter(kind=EntryKind.DISBURSEMENT).count() == 1
    confirmed = client.post(url, _pay(household=h.pk, idempotency_key="p2", confirm_repeat="on"))
    assert confirmed.status_code == 302
    assert LedgerEntry.objects.filter(kind=EntryKind.DISBURSEMENT, household=h).count() == 2


def test_a_disbursement_beyond_the_balance_is_refused_on_the_amount(client, welfare) -> None:  # type: ignore[no-untyped-def]
    give(welfare.c1_fund, 1_000_000)
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.post(
        reverse(C + "disbursement_new", args=[welfare.c1_fund.pk]),
        _pay(beneficiary="Trường Tiểu học", purpose=Purpose.SCHOLARSHIP),
    )
    assert page.status_code == 400 and "amount" in page.context["form"].errors
    assert not DisbursementRequest.objects.exists()


def test_the_board_approves_from_its_queue(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 50_000_000)
    h = household(w)
    sign_in_with_totp(client, w.c1_officer)
    asked = client.post(
        reverse(C + "disbursement_new", args=[w.c1_fund.pk]),
        _pay(
            amount="40.000.000",
            purpose=Purpose.HOUSE_BUILDING,
            household=h.pk,
            idempotency_key="big",
        ),
    )
    assert asked.status_code == 302
    request = DisbursementRequest.objects.get()
    assert request.state == RequestState.PENDING
    # The asker sees an empty queue (not on the board) and cannot approve.
    assert not client.get(reverse(C + "approvals")).context["queue"]
    assert client.post(reverse(C + "request_approve", args=[request.pk])).status_code == 403
    sign_in_with_totp(client, w.c1_board)
    queue = client.get(reverse(C + "approvals"))
    assert [i.request.pk for i in queue.context["queue"]] == [request.pk]
    assert 'data-testid="earlier"' in queue.content.decode()
    no_reason = client.post(reverse(C + "request_reject", args=[request.pk]), {"note": ""})
    assert no_reason.status_code == 400 and "note" in no_reason.context["form"].errors
    done = client.post(reverse(C + "request_approve", args=[request.pk]), {"note": "Đồng ý"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.PAID and request.entry.approved_by == w.c1_board
    assert not client.get(reverse(C + "approvals")).context["queue"]


def test_the_keeper_withdraws_a_waiting_request(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 50_000_000)
    request = ledger.request_disbursement(
        actor=w.c1_officer,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(
            amount=30_000_000,
            purpose=Purpose.LIVELIHOOD,
            beneficiary="Tổ hợp tác",
            decision_number="7",
        ),
    )
    sign_in_with_totp(client, w.city_leader)
    assert client.post(reverse(C + "request_withdraw", args=[request.pk])).status_code == 403
    sign_in_with_totp(client, w.c1_second_officer)
    assert client.post(reverse(C + "request_withdraw", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN


def test_a_transfer_sent_to_the_city_is_reconciled_by_the_city(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 5_000_000)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "transfer_new", args=[w.c1_fund.pk])
    targets = {f.pk for f in client.get(url).context["form"].fields["to_fund"].queryset}
    assert w.city_fund.pk in targets and w.c1_fund.pk not in targets
    assert w.other_fund.pk not in targets
    data = {
        "to_fund": w.city_fund.pk,
        "amount": "1.000.000",
        "sent_on": "09/03/2026",
        "reference": "UNC 12",
        "idempotency_key": "t1",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice, recorded once
    transfer = Transfer.objects.get()
    reconcile = reverse(C + "transfer_reconcile", args=[transfer.pk])
    assert client.post(reconcile).status_code == 403  # the sender does not reconcile
    sign_in_with_totp(client, w.city_officer)
    city = client.get(reverse(C + "fund", args=[w.city_fund.pk]))
    assert [t.pk for t in city.context["incoming"]] == [transfer.pk]
    assert client.post(reconcile, {"receipt_number": "PT-9"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == TransferState.RECONCILED


def test_a_mistaken_transfer_is_reversed_by_the_sender_with_a_reason(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 5_000_000)
    t = ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=2_000_000, sent_on=DAY
    )
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "transfer_reverse", args=[t.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Chuyển nhầm"}).status_code == 302
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 5_000_000


def test_an_entry_is_corrected_by_a_reversing_entry(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    entry = give(w.c1_fund, 1_000_000)
    sign_in_with_totp(client, w.city_leader)
    url = reverse(C + "entry_reverse", args=[w.c1_fund.pk, entry.pk])  # type: ignore[attr-defined]
    assert client.post(url, {"reason": "Ghi nhầm"}).status_code == 403
    sign_in_with_totp(client, w.c1_officer)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Ghi nhầm"}).status_code == 302
    again = client.post(url, {"reason": "Lần nữa"})
    assert again.status_code == 400  # already reversed: said on the form, not a 500
    assert LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 1
    page = client.get(reverse(C + "fund", args=[w.c1_fund.pk]))
    assert page.context["page"].object_list[1].is_reversed


def test_the_board_is_managed_by_the_keepers(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "board_seat_new", args=[w.c1_fund.pk])
    unknown = client.post(
        url, {"username": "nobody", "position": "member", "starts_on": "01/03/2026"}
    )
    assert unknown.status_code == 400 and "username" in unknown.context["form"].errors
    done = client.post(
        url,
        {
            "username": w.c1_committee_officer.username,
            "position": "member",
            "starts_on": "01/03/2026",
        },
    )
    assert done.status_code == 302
    seat = BoardMember.objects.get(user=w.c1_committee_officer)
    end = reverse(C + "board_seat_end", args=[w.c1_fund.pk, seat.pk])
    assert client.post(end, {"ends_on": "01/01/2026"}).status_code == 400  # before it began
    assert client.post(end, {"ends_on": "09/03/2026"}).status_code == 302
    seat.refresh_from_db()
    assert seat.ends_on is not None
    sign_in_with_totp(client, w.city_leader)
    assert client.get(url).status_code == 403


def test_publishing_the_fund(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    url = reverse(C + "fund_publish", args=[w.c1_fund.pk])
    sign_in_with_totp(client, w.city_leader)
    assert client.post(url, {"action": "publish"}).status_code == 403
    sign_in_with_totp(client, w.c1_officer)
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "bogus"}).status_code == 400
    assert client.post(url, {"action": "publish"}).status_code == 302
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.published_at is not None
    page = client.get(reverse(C + "fund", args=[w.c1_fund.pk])).content.decode()
    assert 'data-testid="published"' in page
    client.post(url, {"action": "unpublish"})
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.published_at is None


def test_the_settings_change_the_threshold(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "fund_edit", args=[w.c1_fund.pk])
    form = client.get(url).context["form"]
    data = {k: form[k].value() or "" for k in form.fields}
    data["opened_on"] = "05/01/2026"
    assert client.post(url, {**data, "approval_threshold": "abc"}).status_code == 400
    assert client.post(url, {**data, "approval_threshold": "5.000.000"}).status_code == 302
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.approval_threshold == 5_000_000


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_list_costs_the_same_queries_for_many_funds(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.city_leader)
    url = reverse(C + "funds")
    give(w.c1_fund)
    _queries(client, url)  # warm the session and caches
    few = _queries(client, url)
    for i in range(8):
        fund = ledger.open_fund(
            actor=None,
            keeper=w.c2_front,
            spec=ledger.FundSpec(name=f"Quỹ {i}", kind="relief", opened_on=DAY),
        )
        give(fund, 1_000_000 + i)
    assert _queries(client, url) == few
    assert few <= 25


def test_the_ledger_page_costs_the_same_queries_for_many_entries(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    give(w.c1_fund, 50_000_000)
    ledger.request_disbursement(
        actor=w.c1_officer,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(
            amount=30_000_000, purpose=Purpose.LIVELIHOOD, beneficiary="Tổ", decision_number="7"
        ),
    )
    sign_in_with_totp(client, w.c1_officer)
    url = reverse(C + "fund", args=[w.c1_fund.pk])
    _queries(client, url)
    few = _queries(client, url)
    h = household(w)
    for i in range(12):
        give(w.c1_fund, 100_000 + i, publish_name=bool(i % 2))
    ledger.request_disbursement(
        actor=w.c1_officer,
        fund=w.c1_fund,
        spec=ledger.DisbursementSpec(amount=100_000, purpose=Purpose.GIFTS, household=h),
    )
    ledger.send_transfer(
        actor=w.c1_officer, from_fund=w.c1_fund, to_fund=w.city_fund, amount=10_000, sent_on=DAY
    )
    assert _queries(client, url) == few
    assert few <= 30
