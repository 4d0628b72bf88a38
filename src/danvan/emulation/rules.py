"""Who may do what with movements, registrations, scoring, proposals and decisions.

- Movements: officers and leaders of the launching body (or over it) create, edit, launch and
  close them. A launched movement is seen by the staff over the launcher and by the staff of
  every body inside the launcher's territory (they register for it).
- Registrations: the registering body's staff (officer, leader, unit administrator).
- Scoring in a cluster: a member body's staff enter its self-assessment; officers and leaders
  over the cluster's organizing body (its own, or a subtree grant above it) enter the assessed
  scores; its leaders close the sheet.
- Proposals: the proposing body's staff draft, edit and submit; officers and leaders over the
  granting body return a proposal for more documents; its leaders reject it or issue the
  decision (approve).
- Decisions: seen (and downloaded as .docx) by the staff over the granting body or the
  proposing body; the honor roll is public.
- Award kinds are national reference data: system administrators edit them in the admin.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES, has_any_role, in_scope, is_system_admin
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

OWNER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
WORKER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
LEADER_ROLES = frozenset({Role.LEADER})


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


def _movement_visible(user: Any, movement: Any = None) -> bool:
    if movement is None:
        return scopes.has_role(user, STAFF_ROLES)
    org = movement.organization
    if scopes.covers(user, org, STAFF_ROLES):
        return True
    return movement.status != "draft" and inside_territory(user, org, STAFF_ROLES)


def _registration_visible(user: Any, registration: Any = None) -> bool:
    if registration is None:
        return scopes.has_role(user, STAFF_ROLES)
    return scopes.covers(user, registration.organization, STAFF_ROLES) or scopes.covers(
        user, registration.movement.organization, STAFF_ROLES
    )


def _scoring_visible(user: Any, scoring: Any = None) -> bool:
    if scoring is None:
        return scopes.has_role(user, STAFF_ROLES)
    cluster = scoring.cluster
    if scopes.covers(user, cluster.organizer, STAFF_ROLES):
        return True
    return any(scopes.covers(user, m, STAFF_ROLES) for m in cluster.members.all())


def _self_assessor(user: Any, target: Any = None) -> bool:
    """`target` is (scoring, member): the member's own staff, or the assessors."""
    if target is None:
        return scopes.has_role(user, OWNER_ROLES)
    scoring, member = target
    return scopes.covers(user, member, OWNER_ROLES) or scopes.covers(
        user, scoring.cluster.organizer, WORKER_ROLES
    )


def _proposal_visible(user: Any, proposal: Any = None) -> bool:
    if proposal is None:
        return scopes.has_role(user, STAFF_ROLES)
    if scopes.covers(user, proposal.proposer, STAFF_ROLES):
        return True
    # The granting body sees what was sent to it, not the proposer's drafts.
    return proposal.state != "draft" and scopes.covers(user, proposal.authority, STAFF_ROLES)


def _decision_visible(user: Any, decision: Any = None) -> bool:
    if decision is None:
        return scopes.has_role(user, STAFF_ROLES)
    if scopes.covers(user, decision.authority, STAFF_ROLES):
        return True
    proposal = decision.proposal
    return proposal is not None and scopes.covers(user, proposal.proposer, STAFF_ROLES)


def _movement_org(movement: Any) -> Organization:
    return movement.organization


def _registration_org(registration: Any) -> Organization:
    return registration.organization


def _organizer(scoring: Any) -> Organization:
    return scoring.cluster.organizer


def _proposer(proposal: Any) -> Organization:
    return proposal.proposer


def _authority(obj: Any) -> Organization:
    return obj.authority


view_movement = rules.Predicate(_movement_visible, name="view_movement")
worker_over_launcher = in_scope("worker_over_launcher", WORKER_ROLES, _movement_org)
owner_over_registrant = in_scope("owner_over_registrant", OWNER_ROLES, _registration_org)
worker_over_organizer = in_scope("worker_over_organizer", WORKER_ROLES, _organizer)
leader_over_organizer = in_scope("leader_over_organizer", LEADER_ROLES, _organizer)
owner_over_proposer = in_scope("owner_over_proposer", OWNER_ROLES, _proposer)
worker_over_authority = in_scope("worker_over_authority", WORKER_ROLES, _authority)
leader_over_authority = in_scope("leader_over_authority", LEADER_ROLES, _authority)

rules.add_perm("emulation.view_movement", view_movement)
rules.add_perm("emulation.add_movement", has_any_role("launches_movements", WORKER_ROLES))
rules.add_perm("emulation.change_movement", worker_over_launcher)
rules.add_perm("emulation.delete_movement", rules.always_deny)

rules.add_perm("emulation.view_registration", rules.Predicate(_registration_visible))
rules.add_perm("emulation.add_registration", has_any_role("registers", OWNER_ROLES))
rules.add_perm("emulation.change_registration", owner_over_registrant)
rules.add_perm("emulation.delete_registration", rules.always_deny)

rules.add_perm("emulation.view_clusterscoring", rules.Predicate(_scoring_visible))
rules.add_perm("emulation.self_assess", rules.Predicate(_self_assessor))
rules.add_perm("emulation.assess_clusterscoring", worker_over_organizer)
rules.add_perm("emulation.close_clusterscoring", leader_over_organizer)
rules.add_perm("emulation.delete_clusterscoring", rules.always_deny)

rules.add_perm("emulation.view_proposal", rules.Predicate(_proposal_visible))
rules.add_perm("emulation.add_proposal", has_any_role("proposes_awards", OWNER_ROLES))
rules.add_perm("emulation.change_proposal", owner_over_proposer)
rules.add_perm("emulation.return_proposal", worker_over_authority)
rules.add_perm("emulation.decide_proposal", leader_over_authority)
rules.add_perm("emulation.delete_proposal", rules.always_deny)

rules.add_perm("emulation.view_awarddecision", rules.Predicate(_decision_visible))
rules.add_perm("emulation.add_awarddecision", has_any_role("issues_decisions", LEADER_ROLES))
rules.add_perm("emulation.issue_awarddecision", leader_over_authority)
rules.add_perm("emulation.change_awarddecision", rules.always_deny)
rules.add_perm("emulation.delete_awarddecision", rules.always_deny)

rules.add_perm("emulation.view_awardkind", has_any_role("reads_award_kinds", STAFF_ROLES))
rules.add_perm("emulation.add_awardkind", is_system_admin)
rules.add_perm("emulation.change_awardkind", is_system_admin)
rules.add_perm("emulation.delete_awardkind", rules.always_deny)

# The admin site's app list asks for the app itself ("module" permission).
rules.add_perm(
    "emulation", has_any_role("administers_emulation", {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
)
