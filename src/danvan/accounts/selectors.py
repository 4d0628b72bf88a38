"""Reads about users: their assignments, roles, and what they must do next."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from . import scopes
from .models import ADMINISTRATOR_ROLES, Assignment, User


def must_set_up_mfa(user: User) -> bool:
    """True for an administrator (unit or system, or a superuser) with no TOTP authenticator."""
    is_admin = user.is_superuser or any(
        g.role in ADMINISTRATOR_ROLES for g in scopes.grants_for(user)
    )
    if not is_admin:
        return False
    cache_attr = "_danvan_has_totp"
    if not hasattr(user, cache_attr):
        setattr(
            user,
            cache_attr,
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        )
    return not getattr(user, cache_attr)


def current_assignments(user: User) -> QuerySet[Assignment]:
    return (
        Assignment.objects.current()
        .filter(user=user)
        .select_related("organization__unit", "organization__current_unit", "organization__parent")
        .order_by("organization__code")
    )
