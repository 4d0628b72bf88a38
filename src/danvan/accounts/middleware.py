"""Administrators must use two-factor sign-in (TOTP) before they can do anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors

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
