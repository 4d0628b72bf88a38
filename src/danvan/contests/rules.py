"""Who may do what in a contest (django-rules).

- Organizers: officers and leaders of the organizing body, or over it (a grant covering it).
  They set the contest up, assign judges, place teams, move the contest on and publish.
- Judges: users assigned to a round (`Judge`); they score that round only. The head judge of
  a round (or an organizer) closes it and reads its summary sheet.
- Teams: registered by the staff of the body (officer, leader, unit administrator, of that
  body or over it).
- Results: public once published; organizers see them before.

Each answered by `access` (the one place that decides).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Model

from danvan.org.models import Organization

from . import access
from .access import JUDGE_ROLES, ORGANIZER_ROLES, TEAM_ROLES, contest_of, judge_of
from .models import Contest, Round, Team


def _over(model: type[Model], action: access.Action) -> rules.Predicate:
    def check(user: Any, record: Any = None) -> bool:
        return access.may(user, record, action, model)

    return rules.Predicate(check, name=f"{model._meta.model_name}_{action}")


@rules.predicate
def may_register_team(user: Any, body: Organization | None = None) -> bool:
    """Registering a team for `body`: its staff."""
    if body is None:
        return access.may(user, None, access.Action.CHANGE, Team)
    return access.acts_for(user, body)


organizes = _over(Contest, access.Action.CHANGE)

rules.add_perm("contests.add_contest", organizes)
rules.add_perm("contests.change_contest", organizes)
rules.add_perm("contests.view_contest", _over(Contest, access.Action.VIEW))
rules.add_perm("contests.delete_contest", rules.always_deny)
rules.add_perm("contests.judge_round", _over(Round, access.Action.JUDGE))
rules.add_perm("contests.close_round", _over(Round, access.Action.CLOSE))
rules.add_perm("contests.view_summary", _over(Round, access.Action.SUMMARY))
rules.add_perm("contests.register_team", may_register_team)
rules.add_perm("contests.change_team", _over(Team, access.Action.CHANGE))
rules.add_perm("contests.view_team", _over(Team, access.Action.VIEW))
rules.add_perm("contests.view_results", _over(Contest, access.Action.RESULTS))
rules.add_perm("contests", organizes)

__all__ = ["JUDGE_ROLES", "ORGANIZER_ROLES", "TEAM_ROLES", "contest_of", "judge_of"]
