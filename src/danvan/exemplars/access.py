"""Who may do what with a "Dân vận khéo" model: decided here only, from current assignments.

Every view, endpoint, export and admin page reaches models through this module:

- `exemplars_for(user, action)`: the list filter (the registry, its export, the API list, the
  admin's changelist);
- `may(user, exemplar, action)`: the object rule (the rules in rules.py call it);
- `exemplar_for(user, pk, action)`, `evidence_for`, `inquiry_for`: fetch one record for a
  user: 404 when there is no such record, 403 when it is not theirs.

Both are built from the same grants (`scopes.grants_for`: the assignments in force today), so
they cannot disagree (tests/security/test_exemplars_access_cast checks them against each
other). Having registered a model, uploaded its files or asked a question grants nothing.

A model belongs to the body that registered it. Staff of that body (or over it) see and change
it; evaluating and recognizing are done from above: a SUBTREE grant that covers the body and
is not on the body itself (nor on its successor).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role, Scope
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization

from .models import EvidenceFile, Exemplar, Inquiry

OWNER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
EVALUATOR_ROLES = frozenset({Role.OFFICER, Role.LEADER})
RECOGNIZER_ROLES = frozenset({Role.LEADER})


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"  # update, results, build, review, evidence, answer questions
    EVALUATE = "evaluate"  # from a body above
    RECOGNIZE = "recognize"  # from a body above


ROLES: dict[Action, frozenset[str]] = {
    Action.VIEW: STAFF_ROLES,
    Action.CHANGE: OWNER_ROLES,
    Action.EVALUATE: EVALUATOR_ROLES,
    Action.RECOGNIZE: RECOGNIZER_ROLES,
}
FROM_ABOVE = frozenset({Action.EVALUATE, Action.RECOGNIZE})


def _superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


# --- The object rule ------------------------------------------------------------------------


def _above(grant: scopes.Grant, org: Organization) -> bool:
    """A subtree grant covering `org` from a body other than `org` (or its successor)."""
    return (
        grant.scope == Scope.SUBTREE
        and grant.organization_id not in (org.pk, org.current_id)
        and grant.covers(org)
    )


def grants_above(user: Any, org: Organization, roles: frozenset[str]) -> list[scopes.Grant]:
    """The user's grants in one of `roles` acting on `org` from above."""
    return [g for g in scopes.grants_for(user) if g.role in roles and _above(g, org)]


def acts_above(
    user: Any, org: Organization, roles: frozenset[str], body_id: int | None = None
) -> bool:
    """Whether the user holds one of `roles` over `org` from above — on `body_id` when given."""
    if _superuser(user):
        return True
    return any(
        body_id is None or g.organization_id == body_id for g in grants_above(user, org, roles)
    )


def may(user: Any, exemplar: Exemplar | None, action: Action | str = Action.VIEW) -> bool:
    """Whether `user` may take `action` on `exemplar` (no model: whether they may on any)."""
    action = Action(action)
    wanted = ROLES[action]
    if exemplar is None:
        return scopes.has_role(user, wanted)
    if action in FROM_ABOVE:
        return acts_above(user, exemplar.organization, wanted)
    return scopes.covers(user, exemplar.organization, wanted)


# --- The list filter ------------------------------------------------------------------------


def _scope_q(user: Any, action: Action) -> Q | None:
    """The same coverage as `may`, as a filter on models. None: nothing; empty Q: all."""
    wanted = ROLES[action]
    if action not in FROM_ABOVE:
        return scopes.organizations_q(user, wanted, "organization__")
    if _superuser(user):
        return Q()
    q: Q | None = None
    for g in scopes.grants_for(user):
        if g.role not in wanted or g.scope != Scope.SUBTREE:
            continue
        part = g.as_q("organization__") & ~Q(organization_id=g.organization_id)
        part &= ~Q(organization__current_id=g.organization_id)
        q = part if q is None else q | part
    return q


def exemplars_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Exemplar]:
    """The models on which `user` may take `action`."""
    q = _scope_q(user, Action(action))
    if q is None:
        return Exemplar.objects.none()
    return Exemplar.objects.filter(q) if q else Exemplar.objects.all()


# --- One record for a user ------------------------------------------------------------------


def exemplar_for(
    user: Any,
    pk: int,
    action: Action | str = Action.VIEW,
    queryset: QuerySet[Exemplar] | None = None,
) -> Exemplar:
    """The model `pk`, for a user who may take `action` on it."""
    qs = queryset if queryset is not None else Exemplar.objects.select_related("organization")
    return fetch_allowed(qs, lambda e: may(user, e, action), pk=pk)


def evidence_for(user: Any, pk: int, fid: int, action: Action | str = Action.VIEW) -> EvidenceFile:
    """A file of the model `pk`, for a user who may take `action` on the model."""
    qs = EvidenceFile.objects.select_related("exemplar__organization")
    return fetch_allowed(qs, lambda e: may(user, e.exemplar, action), pk=fid, exemplar_id=pk)


def inquiry_for(user: Any, pk: int, iid: int, action: Action | str = Action.CHANGE) -> Inquiry:
    """A question about the model `pk`, for a user who may take `action` on the model."""
    qs = Inquiry.objects.select_related("exemplar__organization")
    return fetch_allowed(qs, lambda i: may(user, i.exemplar, action), pk=iid, exemplar_id=pk)
