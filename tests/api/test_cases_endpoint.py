import pytest

from danvan.accounts.services import issue_api_token
from danvan.cases.models import Case, SubmissionReceipt
from danvan.cases.services.intake import register_pending
from tests.api.helpers import case_payload
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def test_anyone_submits_and_a_replay_with_the_same_key_returns_the_same_matter(network, client):
    first = client.post(
        "/api/v1/cases",
        case_payload(network),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="app-123",
    )
    again = client.post(
        "/api/v1/cases",
        case_payload(network),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="app-123",
    )
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    assert first.json()["secret"] == again.json()["secret"]
    assert first.json()["state"] == "received"
    # Answered once the receipt is stored; the worker makes the matter moments later.
    assert SubmissionReceipt.objects.count() == 1 and Case.objects.count() == 0
    assert register_pending() == 1
    case = Case.objects.get()
    assert case.channel == "api" and case.tracking_code == first.json()["tracking_code"]
    assert case.petitioner.data()["phone"] == "0933111222"


def test_a_bad_submission_is_a_json_422_and_changes_nothing(network, client):
    response = client.post(
        "/api/v1/cases", case_payload(network, consent=False), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Case.objects.count() == 0 and SubmissionReceipt.objects.count() == 0


def test_officer_lists_only_matters_in_scope_and_never_personal_data(network, client):
    client.post("/api/v1/cases", case_payload(network), content_type="application/json")
    client.post(
        "/api/v1/cases",
        case_payload(network, unit_id=network.commune_b1.unit_id),
        content_type="application/json",
    )
    register_pending()
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    _token, raw = issue_api_token(user=officer, name="test")
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert "0933111222" not in response.content.decode()
    assert "Võ Văn Gửi" not in response.content.decode()


def test_detail_shows_deadlines_and_refuses_other_communes(network, client):
    code = client.post(
        "/api/v1/cases", case_payload(network), content_type="application/json"
    ).json()["tracking_code"]
    register_pending()
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    client.force_login(leader)
    (handling,) = client.get(f"/api/v1/cases/{code}").json()["deadlines"]
    assert (handling["step"], handling["basis"], handling["met_at"]) == ("handling", "law", None)
    assert handling["legal_basis"] == "Thông tư 05/2021/TT-TTCP"
    client.force_login(user_with(network.commune_b1, Role.OFFICER, Scope.SUBTREE))
    assert client.get(f"/api/v1/cases/{code}").status_code == 403


def test_listing_requires_authentication(client, db):
    assert client.get("/api/v1/cases").status_code == 401
