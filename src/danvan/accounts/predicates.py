"""django-rules predicates built on scopes: the vocabulary every app's rules.py speaks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import rules

from danvan.org.models import Organization

from . import scopes
from .models import Role

STAFF_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
SUPERVISOR_ROLES = frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
ADMIN_ROLES = frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})


def in_scope(
    name: str, roles: Iterable[str], organization_of: Callable[[Any], Organization | None]
) -> rules.Predicate:
    """True when the user holds one of `roles` over the object's organization.

    With no object (a list page, the admin index) it asks only whether the user holds one
    of the roles anywhere; lists are then narrowed with `scopes.organizations_q`.
    """
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return scopes.has_role(user, wanted)
        return scopes.covers(user, organization_of(obj), wanted)

    return rules.Predicate(check, name=name)


def has_any_role(name: str, roles: Iterable[str]) -> rules.Predicate:
    wanted = frozenset(roles)
    return rules.Predicate(lambda user: scopes.has_role(user, wanted), name=name)


is_system_admin = has_any_role("is_system_admin", {Role.SYSTEM_ADMIN})
