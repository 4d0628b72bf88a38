"""GET /api/v1/me: the caller and their current assignments; sign-in required."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.accounts import services
from danvan.accounts.models import Role, Scope
from tests.factories import UserFactory, grant, user_with

from .helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/me"


def test_anonymous_me_is_a_json_401_naming_the_bearer_scheme(client):
    response = client.get(URL)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_session_sign_in_is_enough_for_me(client, network):
    user = user_with(network.commune_a1, Role.OFFICER, full_name="Trần Thị Bình")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.pk
    assert body["username"] == user.username
    assert body["full_name"] == "Trần Thị Bình"
    assert body["assignments"] == [
        {
            "organization": {
                "id": network.commune_a1.pk,
                "code": network.commune_a1.code,
                "name": network.commune_a1.name,
            },
            "role": "officer",
            "scope": "unit",
            "title": "",
            "valid_from": None,
            "valid_to": None,
        }
    ]


def test_me_lists_only_assignments_in_force_today(client, network):
    user = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    ended = grant(user, network.province_b, Role.OFFICER)
    services.end_assignment(actor=None, assignment=ended, on=dt.date(2025, 1, 1))
    client.force_login(user)
    body = client.get(URL).json()
    assert [(a["organization"]["id"], a["role"], a["scope"]) for a in body["assignments"]] == [
        (network.province_a.pk, "leader", "subtree")
    ]


def test_a_citizen_has_no_assignments(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(URL).json()["assignments"] == []


def test_an_inactive_users_session_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save()
    assert_error(client.get(URL), 401, "not_authenticated")
