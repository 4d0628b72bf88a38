"""Who may do what with movements, registrations, scoring sheets, proposals and award
decisions: decided here only, from current assignments.

Every view, endpoint, export and admin page reaches these records through this module:

- `<records>_for(user, action)` (`movements_for`, `proposals_for`, …): the list filter;
- `may(user, record, action)`: the object rule (the rules in rules.py call it);
- `<record>_for(user, pk, action)` (`movement_for`, `proposal_for`, …): fetch one record
  for a user: 404 when there is no such record, 403 when it is not theirs.

Each (model, action) is a list of clauses — "one of these roles over the organization at this
path" — and both the rule and the filter are built from the same clauses and the same grants
(`scopes.grants_for`: the assignments in force today), so they cannot disagree
(tests/security/test_emulation_access_cast checks them against each other). Having created a
record, issued a decision or entered a score grants nothing on its own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from .models import AwardDecision, ClusterScoring, Movement, Proposal, Registration

OWNER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
WORKER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
LEADER_ROLES = frozenset({Role.LEADER})

DRAFT = "draft"  # MovementStatus.DRAFT and ProposalState.DRAFT


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"  # a movement, a registration, a proposal (its proposing body)
    ASSESS = "assess"  # a scoring sheet's assessed scores
    CLOSE = "close"  # a scoring sheet
    RETURN = "return"  # a proposal, for more documents (its granting body)
    DECIDE = "decide"  # a proposal: reject it or issue its decision; a decision: issue it


@dataclass(frozen=True)
class Clause:
    """One of `roles` over the organization at `path` (foreign keys, ORM style)."""

    roles: frozenset[str]
    path: str
    # The record's status field: the clause does not open drafts (the launcher's or the
    # proposer's own work, not yet sent out).
    not_draft: str = ""
    # Not over the organization but inside its territory (whoever registers for a movement).
    territory: bool = False
    # The last step of `path` is a many-to-many (a cluster's members).
    many: bool = False


def _c(roles: frozenset[str], path: str, **kw: Any) -> tuple[Clause, ...]:
    return (Clause(roles, path, **kw),)


RULES: dict[type[Model], dict[Action, tuple[Clause, ...]]] = {
    Movement: {
        Action.VIEW: (
            Clause(STAFF_ROLES, "organization"),
            Clause(STAFF_ROLES, "organization", not_draft="status", territory=True),
        ),
        Action.CHANGE: _c(WORKER_ROLES, "organization"),
    },
    Registration: {
        Action.VIEW: (
            Clause(STAFF_ROLES, "organization"),
            Clause(STAFF_ROLES, "movement__organization"),
        ),
        Action.CHANGE: _c(OWNER_ROLES, "organization"),
    },
    ClusterScoring: {
        Action.VIEW: (
            Clause(STAFF_ROLES, "cluster__organizer"),
            Clause(STAFF_ROLES, "cluster__members", many=True),
        ),
        Action.ASSESS: _c(WORKER_ROLES, "cluster__organizer"),
        Action.CLOSE: _c(LEADER_ROLES, "cluster__organizer"),
    },
    Proposal: {
        Action.VIEW: (
            Clause(STAFF_ROLES, "proposer"),
            # The granting body sees what was sent to it, not the proposer's drafts.
            Clause(STAFF_ROLES, "authority", not_draft="state"),
        ),
        Action.CHANGE: _c(OWNER_ROLES, "proposer"),
        Action.RETURN: _c(WORKER_ROLES, "authority"),
        Action.DECIDE: _c(LEADER_ROLES, "authority"),
    },
    AwardDecision: {
        Action.VIEW: (
            Clause(STAFF_ROLES, "authority"),
            Clause(STAFF_ROLES, "proposal__proposer"),
        ),
        Action.DECIDE: _c(LEADER_ROLES, "authority"),
    },
}


def _clauses(model: type[Model], action: Action | str) -> tuple[Clause, ...]:
    return RULES[model][Action(action)]


def _superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


# --- The object rule ------------------------------------------------------------------------


def inside_territory(user: Any, org: Organization, roles: frozenset[str]) -> bool:
    """Whether the user holds one of `roles` for a body inside `org`'s territory (a central
    body's territory is the country)."""
    for g in scopes.grants_for(user):
        if g.role not in roles:
            continue
        if org.level == OrganizationLevel.CENTRAL:
            return True
        if org.level == OrganizationLevel.PROVINCE and g.province_id == org.province_id:
            return True
        if g.unit_id is not None and g.unit_id == org.current_unit_id:
            return True
    return False


def within(outer: Organization, org: Organization) -> bool:
    """Whether `org` lies in `outer`'s territory (a central body's territory is the country)."""
    if outer.level == OrganizationLevel.CENTRAL:
        return True
    if outer.level == OrganizationLevel.PROVINCE:
        return org.province_id == outer.province_id
    return org.current_unit_id == outer.current_unit_id


def _organizations(record: Any, clause: Clause) -> list[Organization]:
    *steps, last = clause.path.split("__")
    node = record
    for step in steps:
        node = getattr(node, step)
        if node is None:
            return []
    end = getattr(node, last)
    if clause.many:
        return list(end.all())
    return [] if end is None else [end]


def _holds(user: Any, record: Any, clause: Clause) -> bool:
    if clause.not_draft and getattr(record, clause.not_draft) == DRAFT:
        return False
    if clause.territory:
        return any(inside_territory(user, o, clause.roles) for o in _organizations(record, clause))
    return any(scopes.covers(user, o, clause.roles) for o in _organizations(record, clause))


def may(
    user: Any, record: Any, action: Action | str = Action.VIEW, model: type[Model] | None = None
) -> bool:
    """Whether `user` may take `action` on `record` (no record: whether they may on any
    record of `model`)."""
    clauses = _clauses(model or type(record), action)
    if record is None:
        return scopes.has_role(user, set().union(*(c.roles for c in clauses)))
    if _superuser(user):
        return True
    return any(_holds(user, record, c) for c in clauses)


def may_self_assess(user: Any, scoring: ClusterScoring, member: Organization | None) -> bool:
    """A member's self-assessment: its own staff, or the sheet's assessors."""
    if member is None:
        return scopes.has_role(user, OWNER_ROLES)
    return scopes.covers(user, member, OWNER_ROLES) or may(user, scoring, Action.ASSESS)


# --- The list filter ------------------------------------------------------------------------


def _territories_q(user: Any, roles: frozenset[str], prefix: str) -> Q | None:
    """The same test as `inside_territory`, as a filter on Organization (through `prefix`)."""
    grants = [g for g in scopes.grants_for(user) if g.role in roles]
    if not grants:
        return None
    provinces = {g.province_id for g in grants if g.province_id is not None}
    units = {g.unit_id for g in grants if g.unit_id is not None}
    q = Q(**{f"{prefix}level": OrganizationLevel.CENTRAL})
    if provinces:
        q |= Q(
            **{f"{prefix}level": OrganizationLevel.PROVINCE, f"{prefix}province_id__in": provinces}
        )
    if units:
        q |= Q(**{f"{prefix}current_unit_id__in": units})
    return q


def _clause_q(user: Any, clause: Clause) -> Q | None:
    """None: no record; an empty Q: every record."""
    prefix = f"{clause.path}__"
    if clause.territory:
        q = _territories_q(user, clause.roles, prefix)
    else:
        q = scopes.organizations_q(user, clause.roles, prefix)
    if q is None or not clause.not_draft:
        return q
    return q & ~Q(**{clause.not_draft: DRAFT})


M = TypeVar("M", bound=Model)


def records_for(model: type[M], user: Any, action: Action | str = Action.VIEW) -> QuerySet[M]:
    """The records of `model` on which `user` may take `action`."""
    manager = model._default_manager
    if _superuser(user):
        return manager.all()
    clauses = _clauses(model, action)
    parts: list[Q] = []
    for clause in clauses:
        q = _clause_q(user, clause)
        if q is None:
            continue
        if not q:  # an empty Q would vanish in an OR: it means every record
            return manager.all()
        parts.append(q)
    if not parts:
        return manager.none()
    qs = manager.filter(reduce(or_, parts))
    if any(c.many for c in clauses):
        # The join through a many-to-many repeats records: filter by their keys instead.
        return manager.filter(pk__in=qs.values("pk"))
    return qs


def movements_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Movement]:
    return records_for(Movement, user, action)


def registrations_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Registration]:
    return records_for(Registration, user, action)


def scorings_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[ClusterScoring]:
    return records_for(ClusterScoring, user, action)


def proposals_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Proposal]:
    return records_for(Proposal, user, action)


def decisions_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[AwardDecision]:
    return records_for(AwardDecision, user, action)


# --- One record for a user ------------------------------------------------------------------


def record_for(queryset: QuerySet[M], user: Any, pk: Any, action: Action | str) -> M:
    """The record `pk` of `queryset`, for a user who may take `action` on it."""
    return fetch_allowed(queryset, lambda r: may(user, r, action, queryset.model), pk=pk)


def movement_for(
    user: Any, pk: Any, action: Action | str = Action.VIEW, queryset: QuerySet | None = None
) -> Movement:
    qs = queryset if queryset is not None else Movement.objects.select_related("organization")
    return record_for(qs, user, pk, action)


def scoring_for(
    user: Any, pk: Any, action: Action | str = Action.VIEW, queryset: QuerySet | None = None
) -> ClusterScoring:
    qs = (
        queryset
        if queryset is not None
        else ClusterScoring.objects.select_related("movement", "cluster", "cluster__organizer")
    )
    return record_for(qs, user, pk, action)


def proposal_for(
    user: Any, pk: Any, action: Action | str = Action.VIEW, queryset: QuerySet | None = None
) -> Proposal:
    qs = (
        queryset
        if queryset is not None
        else Proposal.objects.select_related("proposer", "authority", "award_kind")
    )
    return record_for(qs, user, pk, action)


def decision_for(
    user: Any, pk: Any, action: Action | str = Action.VIEW, queryset: QuerySet | None = None
) -> AwardDecision:
    qs = (
        queryset
        if queryset is not None
        else AwardDecision.objects.select_related("authority", "award_kind", "proposal__proposer")
    )
    return record_for(qs, user, pk, action)
