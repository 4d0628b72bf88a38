"""allauth's hooks: who may sign up, and sign-in limits that slow an attacker without locking
the real user out (docs/decisions/0014).

allauth counts failed sign-ins per address and per "key" (settings.ACCOUNT_RATE_LIMITS). Its
key is the login alone, so five wrong passwords from anywhere locked the account itself; here
the key is the account *and* the address, so failures from elsewhere never block the real
user's own address. Across all addresses, failures on one account pile up into a delay that
doubles with each failure (settings.SIGN_IN_BACKOFF) — not a lockout: the real user waits at
most `max_delay`, and not at all from a browser that has signed in to the account before
(a signed "known device" cookie, after OWASP's device cookies).
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

DEVICE_COOKIE = "danvan_device"
_DEVICE_SALT = "danvan.accounts.device"
_DEVICE_AGE = 180 * 24 * 3600
_DEVICE_ACCOUNTS = 5  # accounts remembered per browser (shared office computers)


def _account_key(credentials: dict[str, Any]) -> str:
    """One key per account whichever login (username or e-mail) was typed; the typed login
    itself when no account has it, so that guessing names costs the same."""
    login = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
    pk = (
        get_user_model()
        .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .values_list("pk", flat=True)
        .first()
        if login
        else None
    )
    return _digest(f"user:{pk}" if pk is not None else f"login:{login}")


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def _failures_key(account: str) -> str:
    return f"danvan:signin:failures:{account}"


def _recent_failures(account: str, now: float) -> list[float]:
    window = settings.SIGN_IN_BACKOFF["window"]
    return [t for t in cache.get(_failures_key(account), []) if t > now - window]


def backoff_wait(account: str, now: float) -> int:
    """Seconds before the account may be tried again from an unknown browser (0: now)."""
    policy = settings.SIGN_IN_BACKOFF
    failures = _recent_failures(account, now)
    if len(failures) < policy["free"]:
        return 0
    delay = min(2 ** (len(failures) - policy["free"]), policy["max_delay"])
    return max(0, math.ceil(max(failures) + delay - now))


def _known_accounts(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default="", salt=_DEVICE_SALT, max_age=_DEVICE_AGE
    )
    return [a for a in (value or "").split(",") if a]


class AccountAdapter(DefaultAccountAdapter):
    """Citizens may sign up themselves; officers' accounts are made by administrators."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True))

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's per-"key" limit on failed sign-ins: the account from this address.
        return f"{_account_key(credentials)}:{get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Checked before allauth counts the attempt: one refused here checks no password, so
        # it costs the address nothing (allauth's "login" limit still caps raw requests).
        account = _account_key(credentials)
        if account not in _known_accounts(request):
            wait = backoff_wait(account, time.time())
            if wait:
                raise forms.ValidationError(
                    ngettext(
                        "Many wrong passwords have been tried on this account. Wait %(n)d "
                        "second and try again, or sign in from a device you have used before.",
                        "Many wrong passwords have been tried on this account. Wait %(n)d "
                        "seconds and try again, or sign in from a device you have used before.",
                        wait,
                    )
                    % {"n": wait}
                )
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        account = _account_key(credentials)
        now = time.time()
        failures = [*_recent_failures(account, now), now][-200:]
        cache.set(_failures_key(account), failures, settings.SIGN_IN_BACKOFF["window"])

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # A completed password reset: the guesses were at the old password.
        super()._delete_login_attempts_cached_email(request, **credentials)
        cache.delete(_failures_key(_account_key(credentials)))

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        # This browser now knows the account: it skips the account-wide backoff from now on.
        account = _digest(f"user:{user.pk}")
        known = [account, *(a for a in _known_accounts(request) if a != account)]
        response.set_signed_cookie(
            DEVICE_COOKIE,
            ",".join(known[:_DEVICE_ACCOUNTS]),
            salt=_DEVICE_SALT,
            max_age=_DEVICE_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
        return response
