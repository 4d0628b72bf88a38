import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.cases.models import Case
from danvan.cases.services import workflow
from tests.cases.conftest import submission

from .conftest import (
    DESCRIPTION,
    EMAIL,
    NAME_FIRST,
    NAME_LAST,
    PHONE,
    REQUEST_KEYS,
    REQUESTS,
    assert_error,
    make_cases,
)

pytestmark = pytest.mark.django_db


def _one(client, code):
    response = client.get(f"/open311/v2/requests/{code}.json")
    assert response.status_code == 200
    [item] = response.json()
    assert set(item) == REQUEST_KEYS
    return item


def _case(post, **overrides) -> Case:
    code = post(**overrides).json()[0]["service_request_id"]
    return Case.objects.get(tracking_code=code)


def test_a_request_has_exactly_the_georeport_fields(client, post, network, place):
    case = _case(post, publish_content="true")
    item = _one(client, case.tracking_code)
    assert item["service_request_id"] == case.tracking_code
    assert item["status"] == "open"
    assert item["status_notes"] is None
    assert (item["service_code"], item["service_name"]) == ("giao-thong", "Giao thông")
    assert item["description"] == DESCRIPTION
    assert item["agency_responsible"] == network.commune_a1_committee.name
    assert item["service_notice"]
    assert item["requested_datetime"].endswith("+07:00")
    assert dt.datetime.fromisoformat(item["requested_datetime"]) == case.received_at.replace(
        microsecond=0
    )
    assert item["updated_datetime"].endswith("+07:00")
    # Every matter has its letter-handling limit from receipt (10 working days).
    assert item["expected_datetime"] == f"{case.next_due_date.isoformat()}T23:59:59+07:00"
    assert item["address"] == place.name  # no street address given: the commune
    assert item["address_id"] is None and item["zipcode"] is None and item["media_url"] is None
    assert item["lat"] == pytest.approx(place.latitude + 0.0003)
    assert item["long"] == pytest.approx(place.longitude + 0.0003)


def test_an_unknown_request_is_404_in_georeport_shape(client):
    assert_error(client.get("/open311/v2/requests/DV0000XXXXXX.json"), 404)


def test_no_personal_data_is_ever_listed(client, post):
    post(address_string="Số 5 Hàng Bông, Phường Hàng Gai, Quận Hoàn Kiếm", publish_content="true")
    text = client.get(REQUESTS).content.decode()
    for value in (NAME_FIRST, NAME_LAST, PHONE, "0912", EMAIL, "example.vn"):
        assert value not in text
    assert DESCRIPTION in text


def test_complaint_classification_gives_an_expected_datetime(client, post, officer):
    case = _case(post)
    workflow.classify(actor=officer, case=case, kind="complaint", field=case.field)
    assert case.next_due_date is not None
    item = _one(client, case.tracking_code)
    assert item["expected_datetime"] == f"{case.next_due_date.isoformat()}T23:59:59+07:00"
    assert item["status"] == "open"


def test_an_answered_matter_is_closed_with_its_answer_as_status_notes(client, post, officer):
    case = _case(post, publish_content="true")
    workflow.classify(actor=officer, case=case, kind="feedback", field=case.field)
    workflow.accept(actor=officer, case=case)
    assert _one(client, case.tracking_code)["status"] == "open"
    answer = "Đã khơi thông cống, tình trạng ngập đã hết."
    workflow.answer(actor=officer, case=case, text=answer)
    item = _one(client, case.tracking_code)
    assert item["status"] == "closed"
    assert item["status_notes"] == answer
    assert item["expected_datetime"] is None
    open_codes = [r["service_request_id"] for r in client.get(REQUESTS, {"status": "open"}).json()]
    closed = [r["service_request_id"] for r in client.get(REQUESTS, {"status": "closed"}).json()]
    assert (open_codes, closed) == ([], [case.tracking_code])
    both = client.get(REQUESTS, {"status": "open,closed"}).json()
    assert [r["service_request_id"] for r in both] == [case.tracking_code]


def test_a_denunciations_text_and_street_address_are_withheld(client, post, officer, place):
    case = _case(post)
    workflow.classify(actor=officer, case=case, kind="denunciation", field=case.field)
    item = _one(client, case.tracking_code)
    assert item["description"] is None and item["status_notes"] is None
    assert item["address"] == place.name
    assert (item["lat"], item["long"]) == (place.latitude, place.longitude)


def test_an_unclassified_matter_from_the_web_form_shows_no_text(client, network):
    from danvan.cases.services.intake import submit

    case = submit(submission=submission(network), client="test", idempotency_key="web-1").case
    item = _one(client, case.tracking_code)
    assert item["description"] is None
    assert item["address"] == network.commune_a1.unit.name


def test_filters_by_id_service_and_date(client, post, place):
    first = _case(post)
    second = _case(post, service_code="moi-truong")
    old = make_cases(place, 1)[0]
    Case.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=120))

    def codes(**query):
        response = client.get(REQUESTS, query)
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    # Newest first, the last 90 days by default.
    assert codes() == [second.tracking_code, first.tracking_code]
    assert codes(service_code="moi-truong") == [second.tracking_code]
    assert codes(service_code="moi-truong,giao-thong") == [
        second.tracking_code,
        first.tracking_code,
    ]
    # service_request_id overrides every other filter, the 90 days included.
    ids = f"{old.tracking_code},{first.tracking_code.lower()}"
    assert set(codes(service_request_id=ids, service_code="moi-truong")) == {
        old.tracking_code,
        first.tracking_code,
    }
    start = timezone.localtime() - dt.timedelta(days=130)
    assert codes(
        start_date=start.isoformat(), end_date=(start + dt.timedelta(days=20)).isoformat()
    ) == [old.tracking_code]
    assert codes(start_date=start.date().isoformat()) == [old.tracking_code]
    assert codes(end_date=timezone.localdate().isoformat()) == [
        second.tracking_code,
        first.tracking_code,
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "2025-01-01T00:00:00+07:00", "end_date": "2025-06-01T00:00:00+07:00"},
        {"start_date": "2025-06-01", "end_date": "2025-05-01"},
        {"start_date": "hôm qua"},
        {"status": "pending"},
        {"page": "0"},
        {"limit": "1001"},
        {"limit": "-5"},
        {"limit": "²"},
        {"page": "99999999999999999999999"},
    ],
)
def test_invalid_list_parameters_are_400(client, query):
    assert_error(client.get(REQUESTS, query), 400)


def test_pages(client, place):
    cases = make_cases(place, 5)
    newest_first = [c.tracking_code for c in sorted(cases, key=lambda c: (c.received_at, c.pk))][
        ::-1
    ]

    def page(n):
        return [
            r["service_request_id"] for r in client.get(REQUESTS, {"limit": 2, "page": n}).json()
        ]

    assert page(1) + page(2) + page(3) == newest_first
    assert page(4) == []


def test_the_list_takes_the_same_queries_for_5_or_30_matters(
    client, place, django_assert_num_queries
):
    make_cases(place, 5)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(REQUESTS).json()) == 5
    make_cases(place, 25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(REQUESTS).json()) == 30
    # One query for the page; nothing per matter.
    assert len(few.captured_queries) == 1


def test_without_the_citizens_consent_only_field_place_and_state_are_public(
    client, post, officer, place
):
    case = _case(post)
    workflow.classify(actor=officer, case=case, kind="feedback", field=case.field)
    workflow.accept(actor=officer, case=case)
    workflow.answer(actor=officer, case=case, text="Đã khơi thông cống.")
    item = _one(client, case.tracking_code)
    assert item["description"] is None and item["status_notes"] is None
    assert (item["service_code"], item["status"], item["address"]) == (
        "giao-thong",
        "closed",
        place.name,
    )
    assert (item["lat"], item["long"]) == (place.latitude, place.longitude)
    assert DESCRIPTION not in client.get(REQUESTS).content.decode()


def test_a_paper_letter_is_never_published_in_full_without_a_recorded_consent(
    client, network, officer
):
    from danvan.cases.models import Publication
    from danvan.cases.services.intake import PersonData, Submission, record

    letter = record(
        actor=officer,
        submission=Submission(
            title="Đơn đề nghị",
            content="Mẹ tôi thuộc diện bảo trợ xã hội nhưng chưa được nhận trợ cấp tháng này.",
            channel="letter",
            unit=network.commune_a1.unit,
            person=PersonData(full_name="Lê Văn Thư", phone="0911222333", consent=True),
        ),
    ).case
    assert letter.publication == Publication.SUMMARY and letter.publication_consent_at is None
    workflow.classify(actor=officer, case=letter, kind="proposal", field=None)
    assert _one(client, letter.tracking_code)["description"] is None
