"""Who may do what with periodic reports: decided here only, from current assignments.

Every view, endpoint, export, admin page and task reaches reports through this module:
`reports_for(user, action)` (the list filter), `may(user, report, action)` (the object rule;
rules.py calls it) and `report_for(user, pk, action)` (one report: 404, or 403 when not
theirs); bodies through `may_act_for` / `bodies_for`.

Two sides:
- the reporting body's own staff: grants that cover the body at its own level (a unit grant
  on it, or a territorial grant of the same level: the commune's bodies for a commune
  body). A province's grant covers its communes' bodies, but a draft is the commune's own
  work: the province sees a report once it has been submitted, as its receiver.
- the receiving side: grants that cover the receiving body (its own staff, and the levels
  above it, for the drill-down from the nation to a commune), on reports submitted at
  least once. Returning and accepting are for the receiver's own staff.

A commune therefore never sees another commune's report, a province sees its communes'
submitted reports and consolidates them, and nobody edits a submitted report (the services
refuse every change outside the editable states).
"""

from __future__ import annotations

import enum
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization

from .models import Report, ReportState

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
LEADER_ROLES = frozenset({Role.LEADER})
MANAGER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"  # figures, texts, files
    APPROVE = "approve"
    SUBMIT = "submit"
    REVIEW = "review"  # return or accept (the receiver)


# (roles, side): "own" = the reporter's own staff; "receiver" = over the receiving body;
# "receiver_own" = the receiving body's own staff.
RULES: dict[Action, tuple[tuple[frozenset[str], str], ...]] = {
    Action.VIEW: ((STAFF_ROLES, "own"), (STAFF_ROLES, "receiver")),
    Action.EDIT: ((WRITER_ROLES, "own"),),
    Action.APPROVE: ((LEADER_ROLES, "own"),),
    Action.SUBMIT: ((WRITER_ROLES, "own"),),
    Action.REVIEW: ((WRITER_ROLES, "receiver_own"),),
}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _superuser(user: Any) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


own_level = scopes.own_level
_own_q = scopes.own_level_q


def may_act_for(user: Any, org: Organization | None, roles: frozenset[str] = MANAGER_ROLES) -> bool:
    """Whether the user works for `org` at its own level in one of `roles` (templates it
    defines, obligations it receives, its consolidated drafts)."""
    if _superuser(user):
        return True
    if org is None or not _active(user):
        return False
    return any(g.role in roles and own_level(g, org) for g in scopes.grants_for(user))


def may_oversee(user: Any, org: Organization | None) -> bool:
    """Whether the user's grants cover `org` (its own staff or a level above): the board of
    the reports it receives and its consolidated table (submitted reports only)."""
    if _superuser(user):
        return True
    return org is not None and scopes.covers(user, org, STAFF_ROLES)


def bodies_for(user: Any, roles: frozenset[str] = MANAGER_ROLES) -> QuerySet[Organization]:
    """The bodies the user works for at their own level."""
    if _superuser(user):
        return Organization.objects.all()
    parts = [_own_q(g, "") for g in scopes.grants_for(user) if g.role in roles]
    if not parts:
        return Organization.objects.none()
    return Organization.objects.filter(reduce(or_, parts))


def _side_ok(grant: scopes.Grant, report: Report, side: str) -> bool:
    match side:
        case "own":
            return own_level(grant, report.reporter)
        case "receiver":
            return report.first_submitted_at is not None and grant.covers(report.receiver)
        case "receiver_own":
            return report.first_submitted_at is not None and own_level(grant, report.receiver)
    return False


def may(user: Any, report: Report | None, action: Action | str = Action.VIEW) -> bool:
    action = Action(action)
    if not _active(user):
        return False
    if report is None:
        return _superuser(user) or scopes.has_role(
            user, frozenset().union(*(roles for roles, _side in RULES[action]))
        )
    if _superuser(user):
        return True
    grants = scopes.grants_for(user)
    return any(
        g.role in roles and _side_ok(g, report, side)
        for roles, side in RULES[action]
        for g in grants
    )


def _side_q(grant: scopes.Grant, side: str) -> Q:
    submitted = Q(first_submitted_at__isnull=False)
    match side:
        case "own":
            return _own_q(grant, "reporter__")
        case "receiver":
            return grant.as_q("receiver__") & submitted
        case _:
            return _own_q(grant, "receiver__") & submitted


def reports_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Report]:
    action = Action(action)
    reports = Report.objects.all()
    if _superuser(user):
        return reports
    if not _active(user):
        return reports.none()
    parts = [
        _side_q(g, side)
        for roles, side in RULES[action]
        for g in scopes.grants_for(user)
        if g.role in roles
    ]
    if not parts:
        return reports.none()
    return reports.filter(reduce(or_, parts))


def report_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Report:
    return fetch_allowed(
        Report.objects.select_related(
            "reporter", "receiver", "period", "version", "template", "obligation"
        ),
        lambda r: may(user, r, action),
        pk=pk,
    )


EDITABLE_STATES = (ReportState.DRAFT, ReportState.APPROVED, ReportState.RETURNED)
