import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


def test_password_reset_sends_a_mail_to_a_known_address(network, client):
    from danvan.accounts.services import create_user

    create_user(username="nguoidan", email="nguoidan@example.vn", password="mat-khau-rat-dai-1")
    response = client.post(reverse("account_reset_password"), {"email": "nguoidan@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nguoidan@example.vn"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_reveals_nothing(network, client):
    user_with(network.commune_a1, Role.OFFICER)
    response = client.post(reverse("account_reset_password"), {"email": "khongco@example.vn"})
    assert response.status_code == 302  # same answer as for a known address
