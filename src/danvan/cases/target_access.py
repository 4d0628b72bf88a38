"""Who may see and set a province's targets for feedback (the one accessor for ServiceTarget).

Every officer may read them (they are shown on matters); a province sets its own: its unit
administrators at the province level, and the system administrators for any province. From
current assignments only (scopes.grants_for)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.org.models import AdminLevel

from .models import ServiceTarget


def provinces_set_by(user: Any) -> set[int] | None:
    """The provinces whose targets the user sets; None for every province."""
    grants = scopes.grants_for(user)
    if any(g.role == Role.SYSTEM_ADMIN for g in grants):
        return None
    return {
        g.province_id
        for g in grants
        if g.role == Role.UNIT_ADMIN
        and g.unit_level == AdminLevel.PROVINCE
        and g.province_id is not None
    }


def may_set(user: Any, target: ServiceTarget | None = None) -> bool:
    provinces = provinces_set_by(user)
    if provinces is None:
        return True
    if target is None:
        return bool(provinces)
    return target.province_id in provinces


def may_view(user: Any) -> bool:
    return scopes.has_role(user, STAFF_ROLES)


def targets_for(user: Any) -> QuerySet[ServiceTarget]:
    if not may_view(user):
        return ServiceTarget.objects.none()
    return ServiceTarget.objects.select_related("province", "field")
