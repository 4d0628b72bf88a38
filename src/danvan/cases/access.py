"""Who may do what with a citizen matter: decided here only, from current assignments.

Every view, endpoint, export, admin page and task reaches matters through this module:

- `cases_for(user, action)`: the list filter (the inbox, the API list, exports, bulk actions,
  duplicate suggestions, the admin's changelist);
- `may(user, case, action)`: the object rule (the rules in rules.py call it);
- `case_for(user, code, action)`: fetch one matter for a user (Healthchecks'
  `_get_check_for_user`): 404 when there is no such matter, 403 when it is not theirs.

Both the filter and the rule are built from the same grants (`scopes.grants_for`: the
assignments in force today), so they cannot disagree (tests/security/test_case_access_matrix
checks them against each other). Being the matter's assigned officer grants nothing on its own:
an officer whose assignment ended, or who moved to another body, loses the matter with the
assignment; being assigned only widens what an officer who may act on the matter sees (its
sender, below).

A matter belongs to the body handling it; one that no body handles yet belongs to whoever
covers its province (or the whole country).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role, Scope, User
from danvan.accounts.predicates import STAFF_ROLES, SUPERVISOR_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import AdminLevel

from .models import Case, CaseMonthlyFigure

HANDLER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
ASSIGNER_ROLES = frozenset({Role.LEADER, Role.UNIT_ADMIN})


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"  # classify, accept, answer, notes, documents, forward
    ASSIGN = "assign"  # give the matter to another officer
    HISTORY = "history"  # the change history of the record


ROLES: dict[Action, frozenset[str]] = {
    Action.VIEW: STAFF_ROLES,
    Action.CHANGE: HANDLER_ROLES,
    Action.ASSIGN: ASSIGNER_ROLES,
    Action.HISTORY: SUPERVISOR_ROLES,
}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _superuser(user: Any) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


# --- The object rule ------------------------------------------------------------------------


def _covers_unrouted(grant: scopes.Grant, case: Case) -> bool:
    return grant.scope == Scope.SUBTREE and (
        grant.unit_id is None
        or (grant.unit_level == AdminLevel.PROVINCE and grant.province_id == case.province_id)
    )


def grant_covers(grant: scopes.Grant, case: Case) -> bool:
    if case.organization_id is None:
        return _covers_unrouted(grant, case)
    return grant.covers(case.organization)  # type: ignore[arg-type]


def may(user: Any, case: Case | None, action: Action | str = Action.VIEW) -> bool:
    """Whether `user` may take `action` on `case` (no case: whether they may on any)."""
    wanted = ROLES[Action(action)]
    if case is None:
        return scopes.has_role(user, wanted)
    if _superuser(user):
        return True
    return any(g.role in wanted and grant_covers(g, case) for g in scopes.grants_for(user))


def may_see_petitioner(user: Any, case: Case | None) -> bool:
    """The sender's identity: the assigned officer while they may still handle the matter,
    and the leaders over its body — not administrators, and not superusers for being
    superusers (a denouncer's identity is secret by law, Luật Tố cáo 2018 Art. 56)."""
    if case is None or not _active(user) or case.organization_id is None:
        return False
    assigned = case.assigned_to_id is not None and case.assigned_to_id == user.pk
    return any(
        grant_covers(g, case) and (g.role == Role.LEADER or (assigned and g.role in HANDLER_ROLES))
        for g in scopes.grants_for(user)
    )


# --- The list filter ------------------------------------------------------------------------


def _scope_q(user: User, roles: frozenset[str]) -> Q | None:
    """The same coverage as `may`, on the matter's own indexed columns (scopes.columns_q).
    None: nothing; an empty Q: everything."""
    if not _active(user):
        return None
    return scopes.columns_q(user, roles, province="province_id", body="organization_id")


def cases_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Case]:
    """The matters on which `user` may take `action`."""
    q = _scope_q(user, ROLES[Action(action)])
    if q is None:
        return Case.objects.none()
    if not q:  # an empty Q: the whole country
        return Case.objects.all()
    return Case.objects.filter(q)


def figures_for(user: Any) -> QuerySet[CaseMonthlyFigure]:
    """The monthly figures of the matters `user` may see: the same coverage as the matters'
    list filter, on the same two columns (province, handling body)."""
    q = _scope_q(user, ROLES[Action.VIEW])
    if q is None:
        return CaseMonthlyFigure.objects.none()
    return CaseMonthlyFigure.objects.filter(q) if q else CaseMonthlyFigure.objects.all()


# --- One matter for a user ------------------------------------------------------------------


def case_for(
    user: Any,
    code: str,
    action: Action | str = Action.VIEW,
    queryset: QuerySet[Case] | None = None,
) -> Case:
    """The matter with this tracking code, for a user who may take `action` on it."""
    qs = queryset if queryset is not None else Case.objects.all()
    return fetch_allowed(qs, lambda c: may(user, c, action), tracking_code=code.strip().upper())
