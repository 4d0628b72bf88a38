"""A matter received and not yet classified already has its due date: the letter-handling limit
(xử lý đơn, 10 working days) runs from the day it was received. It shows on the officer's and
the citizen's pages and as Open311's expected_datetime — also while the submission still waits
in the registration queue.

Received Mon 05/10/2026 09:00 (Asia/Ho_Chi_Minh): 10 working days -> Mon 19/10/2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.cases.models import Case, CaseKind, CaseState
from danvan.cases.services.intake import receive as receive_receipt
from danvan.cases.services.intake import record, register_pending
from tests.cases.conftest import submission
from tests.cases.test_deadline_defects import at, end_of, frozen, officer_of, open311_item, receive
from tests.cases.test_deadline_labels import cell, label_of, row_of
from tests.cases.test_deadline_situations import citizen_page, officer_page

from .conftest import REQUESTS, request_data

pytestmark = pytest.mark.django_db

DUE = "2026-10-19T23:59:59+07:00"


def test_an_unclassified_web_matter_shows_its_handling_due_date_everywhere(network, client):
    case, secret = receive(network, at(2026, 10, 5), "u-web")
    assert (case.kind, case.state) == (CaseKind.UNCLASSIFIED, CaseState.RECEIVED)
    with frozen(at(2026, 10, 6)):
        officer = row_of(officer_page(client, network, case), "handling")
        citizen = row_of(citizen_page(client, case, secret), "handling")
        item = open311_item(client, case)
    assert label_of(officer) == label_of(citizen) == "Hạn xử lý đơn"
    assert "<strong>19/10/2026</strong>" in officer
    assert "Thông tư 05/2021/TT-TTCP" in cell(officer, "source")
    assert cell(citizen, "plain") == (
        f"{network.commune_a1_committee.name} phải xem xét, xử lý đơn của bạn chậm nhất vào "
        "ngày 19/10/2026."
    )
    assert (item["status"], item["expected_datetime"]) == ("open", DUE)


def test_an_open311_request_waiting_to_be_registered_already_has_its_expected_datetime(
    client, place
):
    with frozen(at(2026, 10, 5)):
        created = client.post(REQUESTS, request_data(place))
        assert created.status_code == 201, created.content
        [body] = created.json()
        code = body["service_request_id"]
        assert not Case.objects.filter(tracking_code=code).exists()  # still in the queue
    with frozen(at(2026, 10, 5, 9, 1)):
        waiting = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    assert (waiting["status"], waiting["expected_datetime"]) == ("open", DUE)
    with frozen(at(2026, 10, 5, 9, 2)):
        register_pending()
        registered = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    case = Case.objects.get(tracking_code=code)
    assert case.kind == CaseKind.UNCLASSIFIED
    assert case.next_due_date == dt.date(2026, 10, 19)
    assert registered["expected_datetime"] == waiting["expected_datetime"] == DUE


def test_a_waiting_api_submission_received_late_in_the_evening_counts_from_that_day(
    network, client
):
    """23:30 in Hà Nội is still Friday 09/10 (16:30 UTC): 10 working days -> Fri 23/10."""
    with frozen(at(2026, 10, 9, 23, 30)):
        result = receive_receipt(
            submission=submission(network, channel="api"), idempotency_key="u-late", client="t"
        )
        waiting = client.get(f"/open311/v2/requests/{result.tracking_code}.json").json()[0]
    assert waiting["expected_datetime"] == end_of(dt.date(2026, 10, 23))


def test_a_letter_recorded_days_after_it_arrived_counts_from_its_arrival(network, client):
    """Received Thu 01/10, recorded Mon 05/10: 02/10 (1), 05–09 (6), 12–15 (10) -> 15/10."""
    with frozen(at(2026, 10, 5, 10)):
        case = record(
            actor=officer_of(network),
            submission=submission(network, channel="letter", received_at=at(2026, 10, 1, 15)),
            organization=network.commune_a1_committee,
        ).case
    assert case.kind == CaseKind.UNCLASSIFIED
    with frozen(at(2026, 10, 5, 11)):
        officer = row_of(officer_page(client, network, case), "handling")
        item = open311_item(client, case)
    assert "<strong>15/10/2026</strong>" in officer
    assert item["expected_datetime"] == end_of(dt.date(2026, 10, 15))
