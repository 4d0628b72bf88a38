"""What every directives page starts with: the signed-in officer (refused to anyone without a
staff role) and the breadcrumb steps from the registry."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import User

from .models import Document


def staff(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not user.has_perm("directives"):
        raise PermissionDenied
    return user


def crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Directing documents"), reverse("directives:registry")), *steps]


def of(document: Document) -> tuple[str, str]:
    return document.symbol, reverse("directives:document", args=[document.pk])
