import pytest
from django.urls import reverse

from tests.factories import PASSWORD, Role, user_with

pytestmark = pytest.mark.django_db


def _login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_officer_signs_in_with_username_and_lands_on_workspace(network, client):
    user_with(network.commune_a1, Role.OFFICER, username="canbo1")
    response = _login(client, "canbo1", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_officer_signs_in_with_email(network, client):
    user_with(network.commune_a1, Role.OFFICER, username="canbo2", email="canbo2@xa.gov.vn")
    assert _login(client, "canbo2@xa.gov.vn", PASSWORD).status_code == 302


def test_wrong_password_is_refused_and_does_not_sign_in(network, client):
    user_with(network.commune_a1, Role.OFFICER, username="canbo3")
    response = _login(client, "canbo3", "sai-mat-khau")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited_even_with_the_right_password_afterwards(network, client):
    user_with(network.commune_a1, Role.OFFICER, username="canbo4")
    for _ in range(5):
        _login(client, "canbo4", "sai-mat-khau")
    response = _login(client, "canbo4", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_sign_in_page_is_vietnamese_by_default(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()
