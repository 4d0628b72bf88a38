"""The officer's bodies on their dashboard: each assignment's body, unit, role and scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment, Scope, User
from danvan.accounts.selectors import current_assignments
from danvan.org.models import AdminUnit, Organization


@dataclass
class Workspace:
    assignment: Assignment
    organization: Organization
    unit: AdminUnit | None
    scope_text: str


def _scope_text(assignment: Assignment, unit: AdminUnit | None) -> str:
    if assignment.scope == Scope.UNIT:
        return _("This organization only")
    if unit is None:
        return _("Every organization in the country")
    return _("Every organization in %(unit)s and the units under it") % {"unit": unit.name}


def workspaces_for(user: User) -> list[Workspace]:
    """One query, whatever the number of assignments (the units come with them)."""
    result = []
    for assignment in current_assignments(user).select_related(
        "organization__current_unit__parent"
    ):
        org = assignment.organization
        unit = org.current_unit
        result.append(Workspace(assignment, org, unit, _scope_text(assignment, unit)))
    return result
