"""Bearer tokens for machine clients: only the digest is stored; revoked tokens are refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from danvan.accounts import services
from danvan.accounts.models import ApiToken
from tests.factories import UserFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/me"


@pytest.fixture
def issued():  # type: ignore[no-untyped-def]
    user = UserFactory(full_name="Lê Văn Cường")
    token, raw = services.issue_api_token(user=user, name="Đồng bộ báo cáo")
    return user, token, raw


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_valid_token_authenticates_the_client(client, issued):
    user, _token, raw = issued
    response = client.get(URL, headers=bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert response.json()["full_name"] == "Lê Văn Cường"


def test_only_the_digest_of_the_token_is_stored(issued):
    _user, token, raw = issued
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.digest, stored.prefix, stored.name}
    assert len(stored.digest) == 64


def test_a_wrong_token_is_401_invalid_token(client, issued):
    _user, _token, raw = issued
    response = client.get(URL, headers=bearer(raw + "x"))
    assert_error(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_revoked_token_is_401(client, issued):
    _user, token, raw = issued
    services.revoke_api_token(token=token)
    assert_error(client.get(URL, headers=bearer(raw)), 401, "invalid_token")


def test_a_token_of_an_inactive_user_is_401(client, issued):
    user, _token, raw = issued
    user.is_active = False
    user.save()
    assert_error(client.get(URL, headers=bearer(raw)), 401, "invalid_token")


def test_a_wrong_token_is_refused_even_with_a_signed_in_session(client, issued):
    # A client that sends a bad token must learn so, not silently act as the session's user.
    user, _token, _raw = issued
    client.force_login(user)
    assert_error(client.get(URL, headers=bearer("dv_not-a-token")), 401, "invalid_token")


def test_another_authorization_scheme_is_not_a_token(client, issued):
    response = client.get(URL, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert_error(response, 401, "not_authenticated")


def test_a_token_is_not_needed_for_public_reference_data(client, issued):
    _user, _token, raw = issued
    assert client.get("/api/v1/units", {"page_size": 1}).status_code == 200
    assert client.get("/api/v1/units", {"page_size": 1}, headers=bearer(raw)).status_code == 200


def test_last_used_at_is_written_at_most_once_a_minute(client, issued):
    _user, token, raw = issued
    start = timezone.now().replace(microsecond=0)

    def last_used() -> dt.datetime | None:
        return ApiToken.objects.get(pk=token.pk).last_used_at

    with time_machine.travel(start, tick=False):
        client.get(URL, headers=bearer(raw))
    assert last_used() == start

    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        client.get(URL, headers=bearer(raw))
    assert last_used() == start

    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        client.get(URL, headers=bearer(raw))
    assert last_used() == start + dt.timedelta(seconds=61)


def test_a_token_request_within_the_minute_makes_no_write(
    client, issued, django_assert_num_queries
):
    _user, _token, raw = issued
    client.get(URL, headers=bearer(raw))
    # The token (with its user) and the assignments: nothing else, and no UPDATE.
    with django_assert_num_queries(2) as captured:
        client.get(URL, headers=bearer(raw))
    assert not any(q["sql"].startswith("UPDATE") for q in captured.captured_queries)
