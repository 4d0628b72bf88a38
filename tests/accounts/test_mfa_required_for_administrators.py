import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD, Role, Scope, sign_in, user_with

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.SYSTEM_ADMIN])
def test_administrator_without_totp_is_sent_to_set_it_up(network, client, role):
    admin = user_with(network.province_a, role, Scope.SUBTREE)
    client.force_login(admin)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_administrator_signing_in_is_taken_to_totp_set_up_and_can_open_it(network, client):
    user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE, username="quantri1")
    response = client.post(
        reverse("account_login"), {"login": "quantri1", "password": PASSWORD}, follow=True
    )
    # allauth asks for the password once more before a second factor is enrolled.
    assert [url for url, _ in response.redirect_chain][-2:] == [
        reverse("mfa_activate_totp"),
        reverse("account_reauthenticate") + "?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "totp_svg" in response.context or b"<svg" in response.content


def test_administrator_with_totp_reaches_the_workspace(network, client):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    TOTP.activate(admin, generate_totp_secret())
    sign_in(client, admin)  # with the code, as allauth's sign-in asks for it
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER])
def test_officers_and_leaders_are_not_forced_to_use_totp(network, client, role):
    client.force_login(user_with(network.province_a, role, Scope.SUBTREE))
    assert client.get(reverse("portal:home")).status_code == 200
