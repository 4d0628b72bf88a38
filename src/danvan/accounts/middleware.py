"""Administrators must use two-factor sign-in (TOTP) before they can do anything else."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from . import scopes, selectors

# Pages an administrator without TOTP may still open: sign-in and -out, MFA set-up, assets.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/")


class RequireMFAForAdministratorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and selectors.must_set_up_mfa(user)
        ):
            messages.warning(
                request,
                _(
                    "Administrator accounts must use two-factor sign-in. "
                    "Set up an authenticator app to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


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
