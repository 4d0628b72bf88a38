"""Who may do what with a contest, its rounds and its teams: decided here only.

Every view, endpoint, export and admin page reaches these records through this module:

- `contests_for`, `rounds_for`, `teams_for(user, action)`: the list filters;
- `may(user, record, action)`: the object rule (the rules in rules.py call it);
- `contest_for`, `round_for`, `team_for(user, pk, action)`: fetch one record for a user:
  404 when there is no such record, 403 when it is not theirs.

Organizing (a grant covering the organizing body) and a team's body (a grant covering it) come
from the user's current assignments (`scopes.grants_for`). A judge is whom the organizer
chose (a `Judge` row), and the row confers something only while the person holds a staff role
today. The filters and the rule are built from the same grants and rows, so they cannot
disagree (tests/security/test_contests_access_cast checks them against each other).
"""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization

from .models import Contest, ContestStatus, Judge, Round, RoundState, Team

ORGANIZER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
TEAM_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
JUDGE_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})


class Action(enum.StrEnum):
    VIEW = "view"  # a contest's staff page (organizers, its judges); a team's page
    CHANGE = "change"  # set a contest or a round up; a team's details and members
    RESULTS = "results"  # a contest's results: public once published, organizers before
    JUDGE = "judge"  # score a round
    CLOSE = "close"  # a round: close it, reopen a sheet, read any judge's sheet
    SUMMARY = "summary"  # a round's summary sheet with every judge's scores


# Whether the user may on some record (no record given), by model and action.
ANY_ROLES: dict[tuple[type[Model], Action], frozenset[str]] = {
    (Contest, Action.VIEW): JUDGE_ROLES,
    (Contest, Action.CHANGE): ORGANIZER_ROLES,
    (Contest, Action.RESULTS): ORGANIZER_ROLES,
    (Round, Action.CHANGE): ORGANIZER_ROLES,
    (Round, Action.JUDGE): frozenset(),  # a judge of no round in particular judges nothing
    (Round, Action.CLOSE): ORGANIZER_ROLES,
    (Round, Action.SUMMARY): ORGANIZER_ROLES,
    (Team, Action.VIEW): TEAM_ROLES,
    (Team, Action.CHANGE): TEAM_ROLES,
}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _judges(user: Any) -> bool:
    """Whether the user's judge rows count: while they hold a staff role."""
    return _active(user) and scopes.has_role(user, JUDGE_ROLES)


def contest_of(obj: Any) -> Contest:
    if isinstance(obj, Contest):
        return obj
    if isinstance(obj, Round | Team):
        return obj.contest
    if isinstance(obj, Judge):
        return obj.round.contest
    raise TypeError(obj)


# --- The object rule ------------------------------------------------------------------------


def organizes(user: Any, contest: Contest) -> bool:
    return scopes.covers(user, contest.organizer, ORGANIZER_ROLES)


def acts_for(user: Any, body: Organization) -> bool:
    """Whether the user acts for `body` as its staff (registers and edits its team)."""
    return scopes.covers(user, body, TEAM_ROLES)


def judge_of(user: Any, round_: Round) -> Judge | None:
    """The user's judge assignment in the round (one query), while they hold a staff role:
    a judge row names whom the organizer chose, and confers nothing once the person's own
    assignments have ended."""
    if not _judges(user):
        return None
    return Judge.objects.filter(round=round_, user=user).first()


def _may_contest(user: Any, contest: Contest, action: Action) -> bool:
    if action == Action.RESULTS and contest.status == ContestStatus.PUBLISHED:
        return True
    if organizes(user, contest):
        return action in (Action.VIEW, Action.CHANGE, Action.RESULTS)
    if action == Action.VIEW and _judges(user):
        return Judge.objects.filter(user=user, round__contest=contest).exists()
    return False


def _may_round(user: Any, round_: Round, action: Action) -> bool:
    if action != Action.JUDGE and organizes(user, round_.contest):
        return True
    if action == Action.CHANGE:
        return False
    judge = judge_of(user, round_)
    if judge is None:
        return False
    if action == Action.JUDGE:
        return True
    if action == Action.CLOSE:
        return judge.is_head
    return judge.is_head or round_.state == RoundState.CLOSED  # SUMMARY


def _may_team(user: Any, team: Team, action: Action) -> bool:
    if acts_for(user, team.organization):
        return True
    return action == Action.VIEW and organizes(user, team.contest)


def may(
    user: Any, record: Any, action: Action | str = Action.VIEW, model: type[Model] | None = None
) -> bool:
    """Whether `user` may take `action` on `record` (no record: whether they may on any
    record of `model`)."""
    action = Action(action)
    kind = model or type(record)
    if (kind, action) not in ANY_ROLES:
        return False
    if record is None:
        roles = ANY_ROLES[(kind, action)]
        return bool(roles) and _active(user) and scopes.has_role(user, roles)
    if kind is Contest:
        return _may_contest(user, contest_of(record), action)
    if kind is Round:
        return _may_round(user, record, action)
    return _may_team(user, record, action)


# --- The list filters -----------------------------------------------------------------------


def _or(*parts: Q | None) -> Q | None:
    """Filters joined by OR. None: nothing; an empty Q: everything (kept so, where Django
    would drop it from an OR)."""
    found = [p for p in parts if p is not None]
    if not found:
        return None
    if any(not p for p in found):
        return Q()
    q = found[0]
    for part in found[1:]:
        q |= part
    return q


def _filtered(model: type[Model], q: Q | None) -> QuerySet:
    manager = model._default_manager
    if q is None:
        return manager.none()
    return manager.filter(q) if q else manager.all()


def _judge_rows(user: Any) -> QuerySet[Judge] | None:
    return Judge.objects.filter(user=user) if _judges(user) else None


def contests_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Contest]:
    action = Action(action)
    if (Contest, action) not in ANY_ROLES:
        return Contest.objects.none()
    organizer = scopes.organizations_q(user, ORGANIZER_ROLES, "organizer__")
    if action == Action.CHANGE:
        return _filtered(Contest, organizer)
    if action == Action.RESULTS:
        return _filtered(Contest, _or(organizer, Q(status=ContestStatus.PUBLISHED)))
    rows = _judge_rows(user)
    judged = None if rows is None else Q(pk__in=rows.values("round__contest"))
    return _filtered(Contest, _or(organizer, judged))


def rounds_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Round]:
    action = Action(action)
    if (Round, action) not in ANY_ROLES:
        return Round.objects.none()
    organizer = None
    if action != Action.JUDGE:
        organizer = scopes.organizations_q(user, ORGANIZER_ROLES, "contest__organizer__")
    rows = _judge_rows(user)
    judged: Q | None = None
    if rows is not None and action != Action.CHANGE:
        if action == Action.CLOSE:
            judged = Q(pk__in=rows.filter(is_head=True).values("round"))
        elif action == Action.SUMMARY:
            judged = Q(pk__in=rows.filter(is_head=True).values("round")) | Q(
                pk__in=rows.values("round"), state=RoundState.CLOSED
            )
        else:
            judged = Q(pk__in=rows.values("round"))
    return _filtered(Round, _or(organizer, judged))


def teams_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Team]:
    action = Action(action)
    if (Team, action) not in ANY_ROLES:
        return Team.objects.none()
    body = scopes.organizations_q(user, TEAM_ROLES, "organization__")
    if action == Action.CHANGE:
        return _filtered(Team, body)
    organizer = scopes.organizations_q(user, ORGANIZER_ROLES, "contest__organizer__")
    return _filtered(Team, _or(body, organizer))


# --- One record for a user ------------------------------------------------------------------


def _fetch(queryset: QuerySet, user: Any, pk: Any, action: Action | str) -> Any:
    return fetch_allowed(queryset, lambda r: may(user, r, action, queryset.model), pk=pk)


def contest_for(
    user: Any, pk: Any, action: Action | str = Action.VIEW, queryset: QuerySet | None = None
) -> Contest:
    qs = queryset if queryset is not None else Contest.objects.select_related("organizer")
    return _fetch(qs, user, pk, action)


def round_for(user: Any, pk: Any, action: Action | str, queryset: QuerySet | None = None) -> Round:
    qs = (
        queryset
        if queryset is not None
        else Round.objects.select_related("contest__organizer", "cluster")
    )
    return _fetch(qs, user, pk, action)


def team_for(
    user: Any, pk: Any, action: Action | str = Action.VIEW, queryset: QuerySet | None = None
) -> Team:
    qs = (
        queryset
        if queryset is not None
        else Team.objects.select_related("contest__organizer", "organization")
    )
    return _fetch(qs, user, pk, action)


def judge_for(user: Any, pk: Any, queryset: QuerySet | None = None) -> tuple[Round, Judge]:
    """The round `pk` and the user's judge row in it, for a judge of that round (one query
    for the row, as `judge_of`)."""
    qs = (
        queryset
        if queryset is not None
        else Round.objects.select_related("contest__organizer", "cluster")
    )
    round_ = qs.filter(pk=pk).first()
    if round_ is None:
        raise Http404
    judge = judge_of(user, round_)
    if judge is None:
        raise PermissionDenied
    return round_, judge
