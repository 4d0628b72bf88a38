"""Two-factor sign-in wherever a session authenticates, and history rows that name officers.

`TwoFactorMiddleware` holds every request made with a session (pages, the admin, the API's
session authentication) to two rules:

- a user who has an authenticator must have passed it in this session: a session that was
  opened some other way (a password-only form such as the Django admin's own) is ended;
- an administrator with no authenticator yet does nothing until they set one up: pages send
  them to the set-up page, the API answers 403.

Machine clients that send an API token are not sessions and are not concerned: tokens are
issued by administrators and carry no password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from . import scopes, selectors

# Pages an administrator without TOTP may still open: sign-in and -out, MFA set-up, assets.
_SET_UP_PREFIXES = ("/accounts/", "/static/", "/i18n/")
_API_PREFIX = "/api/"


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        api = request.path.startswith(_API_PREFIX)
        if api and request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer "):
            # A token: api.auth checks it and never falls back to the session. Any other
            # Authorization scheme leaves the session in play, so it is checked here.
            return self.get_response(request)
        if not selectors.session_passed_second_factor(request, user):
            logout(request)
            message = _("Your sign-in did not use your second factor: sign in again.")
            if api:
                return _api_error(message, "second_factor_required", 401)
            messages.warning(request, message)
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if selectors.must_set_up_mfa(user):
            message = _(
                "Administrator accounts must use two-factor sign-in. "
                "Set up an authenticator app to continue."
            )
            if api:
                return _api_error(message, "second_factor_not_set_up", 403)
            if not request.path.startswith(_SET_UP_PREFIXES):
                messages.warning(request, message)
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _api_error(detail: str, code: str, status: int) -> JsonResponse:
    # The API's error shape (api.errors.error_body), built here: accounts sits below the API.
    return JsonResponse(
        {"detail": detail, "code": code, "errors": []},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


class OfficerHistoryMiddleware:
    """simple_history's HistoryRequestMiddleware, for officers only: history rows name the
    officer who changed a record, and never a citizen (a denouncer's identity is secret, so a
    citizen's own request — sending, rating — must leave no account on any history row)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not scopes.acts_for_a_body(user):
            return self.get_response(request)
        HistoricalRecords.context.request = request
        try:
            return self.get_response(request)
        finally:
            with contextlib.suppress(AttributeError):
                del HistoricalRecords.context.request
