"""The exemplars API: scoped list without unconsented names; figures as of a date."""

import datetime as dt

import pytest
import time_machine

from danvan.accounts.services import issue_api_token
from tests.exemplars.conftest import TODAY, recognized, register
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, raw = issue_api_token(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def models(network, province_officer, province_leader):
    with time_machine.travel(TODAY, tick=False):
        recognized(
            network,
            province_officer,
            province_leader,
            on=dt.date(2026, 4, 1),
            kind="individual",
            holder_name="Phạm Văn Kín",
            subfields=[],
        )
        register(network, name="Mô hình đường hoa xanh")
        register(
            network,
            officer=user_with(network.commune_b1, Role.OFFICER),
            organization=network.commune_b1,
            name="Mô hình ở Tuyên Quang",
        )


def test_staff_list_their_scope_and_search_without_diacritics(network, models, client):
    auth = _auth(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    body = client.get("/api/v1/exemplars", **auth).json()
    assert body["count"] == 2
    assert "Phạm Văn Kín" not in str(body)  # no consent: no name
    found = client.get("/api/v1/exemplars", {"q": "duong hoa xanh"}, **auth).json()
    assert [e["name"] for e in found["items"]] == ["Mô hình đường hoa xanh"]
    recognized_only = client.get("/api/v1/exemplars", {"state": "recognized"}, **auth).json()
    assert recognized_only["count"] == 1


def test_figures_as_of_a_date(network, models, client):
    auth = _auth(user_with(network.commune_a2, Role.OFFICER))
    body = client.get(
        "/api/v1/exemplars/figures", {"as_of": "2026-11-23", "by": "kind"}, **auth
    ).json()
    assert body["total"] == 1 and body["rows"] == [
        {"key": "individual", "label": body["rows"][0]["label"], "count": 1}
    ]
    before = client.get("/api/v1/exemplars/figures", {"as_of": "2026-03-31"}, **auth).json()
    assert before["total"] == 0 and before["rows"] == []


def test_a_bad_dimension_is_a_json_422(network, client):
    auth = _auth(user_with(network.commune_a2, Role.OFFICER))
    response = client.get("/api/v1/exemplars/figures", {"by": "colour"}, **auth)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_citizens_get_403_and_strangers_401(client, db):
    assert client.get("/api/v1/exemplars").status_code == 401
    assert client.get("/api/v1/exemplars", **_auth(UserFactory())).status_code == 403
