"""Who may do what with "Dân vận khéo" models, by role and scope.

- Register and update a model, record its results, replications and reviews: officers,
  leaders and unit administrators of the registering body (or over it).
- Evaluate (thẩm định): officers and leaders of a body *above* the registering one — their
  grant covers it as a subtree and is not on the registering body itself.
- Recognize (công nhận): leaders of such a body; the level of recognition is the level of the
  body that decides (a commune body for commune level, a provincial one for province, central
  for central).
- View: staff in scope; recognized models are public in the showcase.

Each answered by `access` (the one place that decides).
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.models import Role
from danvan.accounts.predicates import has_any_role

from . import access
from .access import EVALUATOR_ROLES, OWNER_ROLES, RECOGNIZER_ROLES, acts_above


def _over_exemplar(name: str, action: access.Action) -> rules.Predicate:
    def check(user: Any, exemplar: Any = None) -> bool:
        return access.may(user, exemplar, action)

    return rules.Predicate(check, name=name)


staff_over_exemplar = _over_exemplar("staff_over_exemplar", access.Action.VIEW)
owner_over_exemplar = _over_exemplar("owner_over_exemplar", access.Action.CHANGE)
evaluator_above = _over_exemplar("evaluator_above", access.Action.EVALUATE)
recognizer_above = _over_exemplar("recognizer_above", access.Action.RECOGNIZE)

rules.add_perm("exemplars.view_exemplar", staff_over_exemplar)
rules.add_perm("exemplars.add_exemplar", has_any_role("registers_exemplars", OWNER_ROLES))
rules.add_perm("exemplars.change_exemplar", owner_over_exemplar)
rules.add_perm("exemplars.evaluate_exemplar", evaluator_above)
rules.add_perm("exemplars.recognize_exemplar", recognizer_above)
rules.add_perm("exemplars.delete_exemplar", rules.always_deny)
rules.add_perm(
    "exemplars", has_any_role("administers_exemplars", {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
)

__all__ = ["EVALUATOR_ROLES", "OWNER_ROLES", "RECOGNIZER_ROLES", "acts_above"]
