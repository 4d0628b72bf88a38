"""Machine channels answer once the receipt is stored; a background task makes the matter."""

from __future__ import annotations

import json

import pytest
from django_tasks_db.models import DBTaskResult

from danvan.cases import tasks
from danvan.cases.models import Case, SubmissionReceipt
from danvan.cases.services import intake
from danvan.cases.services.intake import client_key, receive, register_pending, submit
from tests.cases.conftest import submission
from tests.factories import UserFactory
from tests.open311.conftest import REQUEST_KEYS

pytestmark = pytest.mark.django_db

PHONE = "0912 345 678"


def _api(client, network, key="k-1", **extra):
    body = {
        "title": "Đèn đường hỏng",
        "content": "Cả dãy đèn đường trên trục chính của xã đã tắt hơn một tuần nay.",
        "unit_id": network.commune_a1.unit_id,
        "person": {"full_name": "Trần Thị Gửi", "phone": PHONE},
        "consent": True,
        **extra,
    }
    return client.post(
        "/api/v1/cases", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_the_receipt_keeps_personal_data_encrypted_and_apart_from_the_text(network, client):
    assert _api(client, network).status_code == 201
    receipt = SubmissionReceipt.objects.get()
    assert receipt.case is None and receipt.is_pending
    assert "Gửi" not in receipt.personal and "345" not in receipt.personal
    stored = json.dumps(receipt.payload, ensure_ascii=False)
    assert "Đèn đường hỏng" in stored
    assert "Gửi" not in stored and "345" not in stored


def test_registration_makes_the_matter_and_empties_the_receipt(network, client):
    code = _api(client, network).json()["tracking_code"]
    assert register_pending() == 1
    case = Case.objects.select_related("organization").get(tracking_code=code)
    assert case.organization == network.commune_a1_committee
    assert case.petitioner.data()["full_name"] == "Trần Thị Gửi"
    assert case.events.filter(kind="submitted").count() == 1
    receipt = SubmissionReceipt.objects.get()
    assert receipt.case == case and not receipt.is_pending
    assert receipt.payload == {} and receipt.personal == ""
    assert register_pending() == 0


def test_a_retry_after_registration_answers_with_the_matters_state(network, client):
    first = _api(client, network).json()
    register_pending()
    again = _api(client, network)
    assert again.status_code == 200
    assert again.json()["tracking_code"] == first["tracking_code"]
    assert again.json()["secret"] == first["secret"]
    assert Case.objects.count() == 1


def test_the_key_of_an_api_receipt_does_not_open_it_from_the_web_form(network, client):
    answer = _api(client, network, key="shared").json()
    result = submit(submission=submission(network), client="web:other", idempotency_key="shared")
    assert result.created and result.case.tracking_code != answer["tracking_code"]
    assert result.secret != answer["secret"]
    assert register_pending() == 1 and Case.objects.count() == 2


def test_a_receipt_that_cannot_be_registered_keeps_its_error_and_frees_the_queue(network, client):
    _api(client, network, key="bad")
    _api(client, network, key="good")
    bad = SubmissionReceipt.objects.get(idempotency_key=client_key("bad", client="anonymous"))
    bad.payload = {**bad.payload, "unit_id": -1}  # no such place any more
    bad.save()
    assert register_pending() == 2
    bad.refresh_from_db()
    assert bad.error and bad.is_pending and bad.case is None
    assert Case.objects.get().receipt.idempotency_key == client_key("good", client="anonymous")
    assert register_pending() == 0


def test_submitting_queues_one_registration_task_for_a_burst(
    network, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert _api(client, network, key=f"burst-{n}").status_code == 201
    queued = DBTaskResult.objects.filter(task_path__endswith="register_submissions")
    assert queued.count() == 1
    assert queued.get().run_after is not None


def test_the_task_queues_itself_again_while_a_backlog_remains(network, client, monkeypatch):
    monkeypatch.setattr(intake, "REGISTER_BATCH", 1)
    monkeypatch.setattr(intake.register_pending, "__kwdefaults__", {"limit": 1})
    _api(client, network, key="a")
    _api(client, network, key="b")
    assert tasks.register_submissions.call() == 1
    assert Case.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="register_submissions").exists()


def test_a_citizen_with_code_and_secret_learns_a_waiting_matter_is_being_registered(
    network, client
):
    created = _api(client, network).json()
    code, secret = created["tracking_code"], created["secret"]
    response = client.post("/phan-anh/tra-cuu/", {"tracking_code": code, "secret": secret})
    assert response.status_code == 200
    page = response.content.decode()
    assert code in page and 'role="status"' in page and 'role="alert"' not in page
    register_pending()
    response = client.post("/phan-anh/tra-cuu/", {"tracking_code": code, "secret": secret})
    assert response.status_code == 302 and response["Location"].endswith(f"/phan-anh/{code}/")


def test_a_wrong_secret_reveals_nothing_about_a_waiting_receipt(network, client):
    code = _api(client, network).json()["tracking_code"]
    response = client.post("/phan-anh/tra-cuu/", {"tracking_code": code, "secret": "AAAAAAAAAA"})
    page = response.content.decode()
    assert 'role="alert"' in page and 'role="status"' not in page


def test_open311_shows_a_waiting_request_as_open_with_the_georeport_fields(network, client):
    code = _api(client, network).json()["tracking_code"]
    response = client.get(f"/open311/v2/requests/{code}.json")
    assert response.status_code == 200
    [body] = response.json()
    assert set(body) == REQUEST_KEYS
    assert body["status"] == "open" and body["service_request_id"] == code


def test_a_signed_in_citizen_sees_a_waiting_submission_in_their_list(network, client):
    citizen = UserFactory()
    code = receive(
        submission=submission(network, channel="api"),
        client="test",
        idempotency_key="mine",
        account=citizen,
    ).tracking_code
    client.force_login(citizen)
    assert code in client.get("/phan-anh/cua-toi/").content.decode()


def test_a_batch_is_registered_in_a_few_queries_whatever_its_size(
    network, client, django_assert_max_num_queries
):
    for n in range(12):
        _api(client, network, key=f"many-{n}")
    # 14 for the matters themselves, 3 for their letter-handling deadlines (the rules and the
    # calendar read once, one insert), whatever the batch's size.
    with django_assert_max_num_queries(17):
        assert register_pending() == 12
    assert Case.objects.filter(organization=network.commune_a1_committee).count() == 12


def test_when_the_batch_fails_each_receipt_is_tried_alone(network, client):
    codes = [_api(client, network, key=f"alone-{n}").json()["tracking_code"] for n in range(3)]
    # A matter already holds the second code (it cannot happen by intake; a restore might).
    clash = submit(submission=submission(network), client="test", idempotency_key="other").case
    Case.objects.filter(pk=clash.pk).update(tracking_code=codes[1])
    assert register_pending() == 3
    assert set(Case.objects.values_list("tracking_code", flat=True)) == set(codes)
    failed = SubmissionReceipt.objects.get(tracking_code=codes[1])
    assert failed.error and failed.is_pending
