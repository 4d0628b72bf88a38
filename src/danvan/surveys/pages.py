"""What every surveys page starts with: the signed-in officer (refused to anyone without a
staff role) and the breadcrumb steps from the list."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.access import user_allowed

from .models import Survey


def staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "surveys"))


def crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Surveys"), reverse("surveys:list")), *steps]


def of(survey: Survey) -> tuple[str, str]:
    return survey.title, reverse("surveys:survey", args=[survey.pk])
