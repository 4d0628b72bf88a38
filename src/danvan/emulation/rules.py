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

Each answered by `access` (the one place that decides).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Model

from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES, has_any_role, is_system_admin

from . import access
from .access import LEADER_ROLES, OWNER_ROLES, WORKER_ROLES, inside_territory, within
from .models import AwardDecision, ClusterScoring, Movement, Proposal, Registration


def _over(model: type[Model], action: access.Action) -> rules.Predicate:
    def check(user: Any, record: Any = None) -> bool:
        return access.may(user, record, action, model)

    return rules.Predicate(check, name=f"{model._meta.model_name}_{action}")


def _self_assessor(user: Any, target: Any = None) -> bool:
    """`target` is (scoring, member): the member's own staff, or the assessors."""
    if target is None:
        return access.may_self_assess(user, None, None)  # type: ignore[arg-type]
    scoring, member = target
    return access.may_self_assess(user, scoring, member)


view_movement = _over(Movement, access.Action.VIEW)
worker_over_launcher = _over(Movement, access.Action.CHANGE)
owner_over_registrant = _over(Registration, access.Action.CHANGE)
worker_over_organizer = _over(ClusterScoring, access.Action.ASSESS)
leader_over_organizer = _over(ClusterScoring, access.Action.CLOSE)
owner_over_proposer = _over(Proposal, access.Action.CHANGE)
worker_over_authority = _over(Proposal, access.Action.RETURN)
leader_over_authority = _over(Proposal, access.Action.DECIDE)

rules.add_perm("emulation.view_movement", view_movement)
rules.add_perm("emulation.add_movement", has_any_role("launches_movements", WORKER_ROLES))
rules.add_perm("emulation.change_movement", worker_over_launcher)
rules.add_perm("emulation.delete_movement", rules.always_deny)

rules.add_perm("emulation.view_registration", _over(Registration, access.Action.VIEW))
rules.add_perm("emulation.add_registration", has_any_role("registers", OWNER_ROLES))
rules.add_perm("emulation.change_registration", owner_over_registrant)
rules.add_perm("emulation.delete_registration", rules.always_deny)

rules.add_perm("emulation.view_clusterscoring", _over(ClusterScoring, access.Action.VIEW))
rules.add_perm("emulation.self_assess", rules.Predicate(_self_assessor))
rules.add_perm("emulation.assess_clusterscoring", worker_over_organizer)
rules.add_perm("emulation.close_clusterscoring", leader_over_organizer)
rules.add_perm("emulation.delete_clusterscoring", rules.always_deny)

rules.add_perm("emulation.view_proposal", _over(Proposal, access.Action.VIEW))
rules.add_perm("emulation.add_proposal", has_any_role("proposes_awards", OWNER_ROLES))
rules.add_perm("emulation.change_proposal", owner_over_proposer)
rules.add_perm("emulation.return_proposal", worker_over_authority)
rules.add_perm("emulation.decide_proposal", leader_over_authority)
rules.add_perm("emulation.delete_proposal", rules.always_deny)

rules.add_perm("emulation.view_awarddecision", _over(AwardDecision, access.Action.VIEW))
rules.add_perm("emulation.add_awarddecision", has_any_role("issues_decisions", LEADER_ROLES))
rules.add_perm("emulation.issue_awarddecision", _over(AwardDecision, access.Action.DECIDE))
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

__all__ = [
    "LEADER_ROLES",
    "OWNER_ROLES",
    "WORKER_ROLES",
    "inside_territory",
    "within",
]
