"""Who may do what in a contest (django-rules).

- Organizers: officers and leaders of the organizing body, or over it (a grant covering it).
  They set the contest up, assign judges, place teams, move the contest on and publish.
- Judges: users assigned to a round (`Judge`); they score that round only. The head judge of
  a round (or an organizer) closes it and reads its summary sheet.
- Teams: registered by the staff of the body (officer, leader, unit administrator, of that
  body or over it).
- Results: public once published; organizers see them before.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.org.models import Organization

from .models import Contest, ContestStatus, Judge, Round, RoundState, Team

ORGANIZER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
TEAM_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
JUDGE_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})


def contest_of(obj: Any) -> Contest:
    if isinstance(obj, Contest):
        return obj
    if isinstance(obj, Round | Team):
        return obj.contest
    if isinstance(obj, Judge):
        return obj.round.contest
    raise TypeError(obj)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


@rules.predicate
def is_organizer(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return scopes.has_role(user, ORGANIZER_ROLES)
    return scopes.covers(user, contest_of(obj).organizer, ORGANIZER_ROLES)


def judge_of(user: Any, round_: Round) -> Judge | None:
    """The user's judge assignment in the round (one query), while they hold a staff role:
    a judge row names whom the organizer chose, and confers nothing once the person's own
    assignments have ended."""
    if not _authenticated(user) or not scopes.has_role(user, JUDGE_ROLES):
        return None
    return Judge.objects.filter(round=round_, user=user).first()


@rules.predicate
def is_judge_of_round(user: Any, round_: Round | None = None) -> bool:
    return round_ is not None and judge_of(user, round_) is not None


@rules.predicate
def is_head_judge_of_round(user: Any, round_: Round | None = None) -> bool:
    judge = judge_of(user, round_) if round_ is not None else None
    return judge is not None and judge.is_head


@rules.predicate
def is_judge_in_contest(user: Any, obj: Any = None) -> bool:
    if not _authenticated(user):
        return False
    if not scopes.has_role(user, JUDGE_ROLES):
        return False  # judges are staff while their assignments last
    if obj is None:
        return True  # no query for the menu of every page
    return Judge.objects.filter(user=user, round__contest=contest_of(obj)).exists()


@rules.predicate
def round_is_closed(user: Any, round_: Round | None = None) -> bool:
    return round_ is not None and round_.state == RoundState.CLOSED


@rules.predicate
def is_team_staff(user: Any, obj: Team | Organization | None = None) -> bool:
    if obj is None:
        return scopes.has_role(user, TEAM_ROLES)
    body = obj.organization if isinstance(obj, Team) else obj
    return scopes.covers(user, body, TEAM_ROLES)


@rules.predicate
def is_published(user: Any, obj: Any = None) -> bool:
    return obj is not None and contest_of(obj).status == ContestStatus.PUBLISHED


rules.add_perm("contests.add_contest", is_organizer)
rules.add_perm("contests.change_contest", is_organizer)
rules.add_perm("contests.view_contest", is_organizer | is_judge_in_contest)
rules.add_perm("contests.delete_contest", rules.always_deny)
rules.add_perm("contests.judge_round", is_judge_of_round)
rules.add_perm("contests.close_round", is_organizer | is_head_judge_of_round)
rules.add_perm(
    "contests.view_summary",
    is_organizer | is_head_judge_of_round | (is_judge_of_round & round_is_closed),
)
rules.add_perm("contests.register_team", is_team_staff)
rules.add_perm("contests.change_team", is_team_staff)
rules.add_perm("contests.view_team", is_team_staff | is_organizer)
rules.add_perm("contests.view_results", is_published | is_organizer)
rules.add_perm("contests", is_organizer)
