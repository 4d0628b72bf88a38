"""Two-factor sign-in wherever a session authenticates: pages, the admin and the API.

Before, an administrator who had not enrolled TOTP was redirected on every page but read
`/api/v1/cases` and wrote (`POST /api/v1/emulation/registrations` → 201) with the same
password-only session; and the Django admin's own password form opened a session without the
second factor for anyone.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from tests.factories import PASSWORD, Role, Scope, sign_in, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_without_totp(network):
    return user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)


def test_an_administrator_without_totp_cannot_read_the_api_with_a_session(
    admin_without_totp, client
):
    client.force_login(admin_without_totp)
    response = client.get("/api/v1/cases")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_not_set_up"


def test_an_administrator_without_totp_cannot_write_through_the_api(admin_without_totp, client):
    from danvan.emulation.models import Registration

    client.force_login(admin_without_totp)
    response = client.post("/api/v1/emulation/registrations", {}, content_type="application/json")
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_session_that_skipped_an_enrolled_second_factor_is_ended(network, client):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)  # a session opened without the code
    page = client.get(reverse("portal:home"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    client.force_login(admin)
    assert client.get("/api/v1/cases").status_code == 401
    assert "_auth_user_id" not in client.session


def test_the_django_admin_password_form_is_not_a_way_in(network, client):
    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE, username="root1")
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    login = client.get("/admin/login/?next=/admin/")
    assert login.status_code == 302 and login["Location"].startswith(reverse("account_login"))
    client.post("/admin/login/?next=/admin/", {"username": "root1", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_with_the_second_factor_the_administrator_works_everywhere(network, client):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    sign_in(client, admin)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get("/api/v1/cases").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_officers_without_totp_and_machine_tokens_keep_working(network, client):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    client.force_login(officer)
    assert client.get("/api/v1/cases").status_code == 200
    client.logout()
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    _token, raw = issue_api_token(user=admin, name="máy chủ báo cáo")
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_another_authorization_scheme_does_not_skip_the_session_check(admin_without_totp, client):
    client.force_login(admin_without_totp)
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_not_set_up"
