"""Who may do what with "Dân vận khéo" models, by role and scope.

- Register and update a model, record its results, replications and reviews: officers,
  leaders and unit administrators of the registering body (or over it).
- Evaluate (thẩm định): officers and leaders of a body *above* the registering one — their
  grant covers it as a subtree and is not on the registering body itself.
- Recognize (công nhận): leaders of such a body; the level of recognition is the level of the
  body that decides (a commune body for commune level, a provincial one for province, central
  for central).
- View: staff in scope; recognized models are public in the showcase.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts import scopes
from danvan.accounts.models import Role, Scope
from danvan.accounts.predicates import STAFF_ROLES, has_any_role, in_scope

OWNER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
EVALUATOR_ROLES = frozenset({Role.OFFICER, Role.LEADER})
RECOGNIZER_ROLES = frozenset({Role.LEADER})


def acts_above(user: Any, org: Any, roles: frozenset[str], body_id: int | None = None) -> bool:
    """Whether the user holds one of `roles` as a subtree grant that covers `org` from a body
    other than `org` itself (the level above) — on `body_id` when given."""
    if getattr(user, "is_active", False) and getattr(user, "is_superuser", False):
        return True
    return any(
        g.role in roles
        and g.scope == Scope.SUBTREE
        and g.organization_id not in (org.pk, org.current_id)
        and (body_id is None or g.organization_id == body_id)
        and g.covers(org)
        for g in scopes.grants_for(user)
    )


def _from_above(name: str, roles: frozenset[str]) -> rules.Predicate:
    def check(user: Any, exemplar: Any = None) -> bool:
        if exemplar is None:
            return scopes.has_role(user, roles)
        return acts_above(user, exemplar.organization, roles)

    return rules.Predicate(check, name=name)


def _organization(exemplar: Any) -> Any:
    return exemplar.organization


staff_over_exemplar = in_scope("staff_over_exemplar", STAFF_ROLES, _organization)
owner_over_exemplar = in_scope("owner_over_exemplar", OWNER_ROLES, _organization)
evaluator_above = _from_above("evaluator_above", EVALUATOR_ROLES)
recognizer_above = _from_above("recognizer_above", RECOGNIZER_ROLES)

rules.add_perm("exemplars.view_exemplar", staff_over_exemplar)
rules.add_perm("exemplars.add_exemplar", has_any_role("registers_exemplars", OWNER_ROLES))
rules.add_perm("exemplars.change_exemplar", owner_over_exemplar)
rules.add_perm("exemplars.evaluate_exemplar", evaluator_above)
rules.add_perm("exemplars.recognize_exemplar", recognizer_above)
rules.add_perm("exemplars.delete_exemplar", rules.always_deny)
rules.add_perm(
    "exemplars", has_any_role("administers_exemplars", {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
)
