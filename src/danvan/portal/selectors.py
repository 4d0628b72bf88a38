"""What the officer's home page shows: each assignment's unit, scope and subtree."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import Assignment, Scope, User
from danvan.accounts.selectors import current_assignments
from danvan.org.models import AdminLevel, AdminUnit, Organization

SUBTREE_PREVIEW = 50


@dataclass
class Workspace:
    assignment: Assignment
    organization: Organization
    unit: AdminUnit | None
    scope_text: str
    subtree_units: list[AdminUnit] | None
    subtree_count: int
    organizations: list[Organization]
    org_count: int


def _scope_text(assignment: Assignment, unit: AdminUnit | None) -> str:
    if assignment.scope == Scope.UNIT:
        return _("This organization only")
    if unit is None:
        return _("Every organization in the country")
    return _("Every organization in %(unit)s and the units under it") % {"unit": unit.name}


def _subtree_units(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return (
        AdminUnit.objects.current()
        .filter(parent=unit)
        .annotate(n_orgs=Count("organizations", filter=Q(organizations__valid_to__isnull=True)))
        .order_by("code")
    )


def workspaces_for(user: User) -> list[Workspace]:
    result = []
    for assignment in current_assignments(user):
        org = assignment.organization
        unit = org.current_unit
        grant = next(
            (
                g
                for g in scopes.grants_for(user)
                if g.organization_id == org.pk
                and g.role == assignment.role
                and g.scope == assignment.scope
            ),
            None,
        )
        covered = Organization.objects.current().filter(grant.as_q() if grant else Q(pk=org.pk))
        subtree: list[AdminUnit] | None = None
        subtree_count = 0
        if (
            assignment.scope == Scope.SUBTREE
            and unit is not None
            and unit.level == AdminLevel.PROVINCE
        ):
            qs = _subtree_units(unit)
            subtree_count = qs.count()
            subtree = list(qs[:SUBTREE_PREVIEW])
        result.append(
            Workspace(
                assignment=assignment,
                organization=org,
                unit=unit,
                scope_text=_scope_text(assignment, unit),
                subtree_units=subtree,
                subtree_count=subtree_count,
                organizations=list(covered.order_by("level", "code")[:20]),
                org_count=covered.count(),
            )
        )
    return result
