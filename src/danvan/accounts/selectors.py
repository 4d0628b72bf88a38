"""Reads about users: their assignments, roles, and what they must do next."""

from __future__ import annotations

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django.http import HttpRequest

from . import scopes
from .models import ADMINISTRATOR_ROLES, Assignment, User


def _authenticators(user: User) -> list[Authenticator]:
    cache_attr = "_danvan_authenticators"
    if not hasattr(user, cache_attr):
        setattr(user, cache_attr, list(Authenticator.objects.filter(user=user)))
    return getattr(user, cache_attr)


_NO_SECOND_FACTOR = "danvan_no_second_factor"


def session_passed_second_factor(request: HttpRequest, user: User) -> bool:
    """Whether this session passed the user's second factor, if they have one: allauth
    records each step of a sign-in in the session; enrolling an authenticator in this session
    (after a fresh password check, with a code from the app) counts as passing it."""
    records = get_authentication_records(request, user)
    if any(r.get("method") == "mfa" for r in records):
        return True
    if request.session.get(_NO_SECOND_FACTOR) == user.pk:
        return True  # checked once in this session: the user had none when it was opened
    enrolled = [a for a in _authenticators(user) if a.type == Authenticator.Type.TOTP]
    if not enrolled:
        request.session[_NO_SECOND_FACTOR] = user.pk
        return True
    started = min((r.get("at", 0.0) for r in records), default=None)
    return started is not None and any(a.created_at.timestamp() >= started for a in enrolled)


def must_set_up_mfa(user: User) -> bool:
    """True for an administrator (unit or system, or a superuser) with no TOTP authenticator."""
    is_admin = user.is_superuser or any(
        g.role in ADMINISTRATOR_ROLES for g in scopes.grants_for(user)
    )
    if not is_admin:
        return False
    return not any(a.type == Authenticator.Type.TOTP for a in _authenticators(user))


def current_assignments(user: User) -> QuerySet[Assignment]:
    return (
        Assignment.objects.current()
        .filter(user=user)
        .select_related("organization__unit", "organization__current_unit", "organization__parent")
        .order_by("organization__code")
    )
