"""Sign-in limits slow an attacker without locking the real user out (docs/decisions/0014)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.adapters import _account_key, backoff_wait
from tests.factories import PASSWORD, Role, Scope, user_with

pytestmark = pytest.mark.django_db

WRONG = "sai-mat-khau-roi"


def _login(client: Client, login: str, password: str, ip: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_from_one_address_do_not_stop_the_owner_signing_in_from_another(network):
    user_with(network.commune_a1, Role.OFFICER, username="canbo")
    attacker = Client()
    for _ in range(5):
        _login(attacker, "canbo", WRONG, "203.0.113.7")
    # The address that failed is throttled, even with the right password...
    refused = _login(attacker, "canbo", PASSWORD, "203.0.113.7")
    assert not _signed_in(attacker)
    assert refused.status_code in (200, 429)
    # ...but the officer, from their own address, signs in at once.
    owner = Client()
    response = _login(owner, "canbo", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert _signed_in(owner)


def test_typing_the_email_instead_of_the_username_does_not_buy_more_tries(network):
    user_with(network.commune_a1, Role.OFFICER, username="canbo", email="canbo@xa.gov.vn")
    attacker = Client()
    for login in ["canbo", "canbo@xa.gov.vn"] * 3:
        _login(attacker, login, WRONG, "203.0.113.7")
    _login(attacker, "canbo@xa.gov.vn", PASSWORD, "203.0.113.7")
    assert not _signed_in(attacker)


def test_an_address_trying_many_accounts_is_capped_per_hour(network):
    user_with(network.commune_a1, Role.OFFICER, username="canbo")
    attacker = Client()
    start = timezone.now()
    # Spread out so that the per-minute burst limit never trips: only the hourly cap can.
    for i in range(100):
        with time_machine.travel(start + timedelta(seconds=30 * i), tick=False):
            _login(attacker, f"nguoi{i}", WRONG, "203.0.113.7")
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        _login(attacker, "canbo", PASSWORD, "203.0.113.7")
        assert not _signed_in(attacker)
        owner = Client()
        _login(owner, "canbo", PASSWORD, "198.51.100.20")
        assert _signed_in(owner)


def test_failures_spread_over_many_addresses_slow_the_account_but_do_not_lock_it(network):
    user_with(network.commune_a1, Role.OFFICER, username="canbo")
    account = _account_key({"username": "canbo"})
    owner = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for i in range(12):
            clock.shift(backoff_wait(account, time.time()))  # a patient attacker: each try lands
            _login(Client(), "canbo", WRONG, f"203.0.113.{i + 1}")
        # Twelve failures: the account waits 2^(12 - 10) = 4 seconds after the last one.
        response = _login(owner, "canbo", PASSWORD, "198.51.100.20")
        assert not _signed_in(owner)
        assert "Chờ 4 giây" in response.content.decode()
        clock.shift(4)
        response = _login(owner, "canbo", PASSWORD, "198.51.100.20")
        assert response.status_code == 302
        assert _signed_in(owner)


def test_a_browser_that_signed_in_before_skips_the_account_wide_backoff(network):
    user_with(network.commune_a1, Role.OFFICER, username="canbo")
    owner = Client()
    _login(owner, "canbo", PASSWORD, "198.51.100.20")
    owner.post(reverse("account_logout"))
    assert not _signed_in(owner)
    # The clock stands still: on a slow machine the backoff's seconds would otherwise pass
    # while the failures are being sent, and the last assertion would depend on the load.
    with time_machine.travel(timezone.now(), tick=False):
        for i in range(40):
            _login(Client(), "canbo", WRONG, f"203.0.113.{i + 1}")
        # From a new address (a phone on the road), the known browser goes straight in.
        _login(owner, "canbo", PASSWORD, "192.0.2.55")
        assert _signed_in(owner)
        # A browser that never signed in to the account waits.
        stranger = Client()
        _login(stranger, "canbo", PASSWORD, "192.0.2.56")
        assert not _signed_in(stranger)


def test_the_backoff_doubles_with_each_failure_up_to_the_cap(network):
    user_with(network.commune_a1, Role.OFFICER, username="canbo")
    account = _account_key({"username": "canbo"})
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for i in range(25):
            _login(Client(), "canbo", WRONG, f"203.0.113.{i + 1}")
            waits.append(backoff_wait(account, time.time()))
            clock.shift(waits[-1])  # the next try comes as soon as it may
    assert waits[:9] == [0] * 9
    assert waits[9:14] == [1, 2, 4, 8, 16]
    assert waits[-1] == 300


def test_the_admin_sign_in_form_is_not_a_way_around_the_limits_and_second_factor(network):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE, username="quantri")
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.post("/admin/login/?next=/admin/", {"username": "quantri", "password": PASSWORD})
    assert not _signed_in(client)
