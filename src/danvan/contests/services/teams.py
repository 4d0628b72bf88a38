"""Teams: registered by a body's staff while registration is open, with their members;
placed by the organizers in a preliminary round."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.org.models import Organization

from ..models import (
    Contest,
    ContestStatus,
    Entry,
    MemberRole,
    Round,
    RoundKind,
    Team,
    TeamMember,
)
from .common import in_scope, require, require_status, save

MAX_MEMBERS = 30


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    position: str = ""
    role: str = MemberRole.MEMBER


def _check(name: str, performance_title: str, members: Sequence[MemberInput]) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Give the team a name."))
    if not performance_title.strip():
        errors.setdefault("performance_title", []).append(_("Give the title of the performance."))
    people = [m for m in members if m.full_name.strip()]
    if not people:
        errors.setdefault("members", []).append(_("List the members of the team."))
    if len(people) > MAX_MEMBERS:
        errors.setdefault("members", []).append(
            _("A team has at most %(n)d members.") % {"n": MAX_MEMBERS}
        )
    if any(m.role not in MemberRole.values for m in people):
        errors.setdefault("members", []).append(_("Choose each member's role in the team."))
    if sum(m.role == MemberRole.CAPTAIN for m in people) > 1:
        errors.setdefault("members", []).append(_("A team has one captain."))
    if errors:
        raise ValidationError(errors)


def _set_members(team: Team, members: Sequence[MemberInput]) -> None:
    team.members.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(
            team=team,
            full_name=m.full_name.strip()[:150],
            position=m.position.strip()[:200],
            role=m.role,
            order=i,
        )
        for i, m in enumerate((m for m in members if m.full_name.strip()), start=1)
    )


def _require_registration(contest: Contest) -> None:
    require_status(contest, (ContestStatus.REGISTRATION,))
    deadline = contest.registration_deadline
    if deadline is not None and today() > deadline:
        raise ValidationError(
            _("Registration closed on %(date)s.") % {"date": deadline.strftime("%d/%m/%Y")}
        )


def round_for(contest: Contest, body: Organization) -> Round | None:
    """The one preliminary round whose cluster or group holds the body, if exactly one."""
    ids = [body.pk] + ([body.current_id] if body.current_id else [])
    matches = list(
        contest.rounds.filter(kind=RoundKind.PRELIMINARY)
        .filter(Q(cluster__members__in=ids) | Q(bodies__in=ids))
        .distinct()[:2]
    )
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def register_team(
    *,
    actor: User,
    contest: Contest,
    organization: Organization,
    name: str,
    performance_title: str,
    members: Sequence[MemberInput],
) -> Team:
    """One team per body per contest, by the body's staff, while registration is open; the
    team is placed in the preliminary round of its cluster or group when there is one."""
    require(
        actor,
        "contests.register_team",
        organization,
        _("You do not act for this body."),
    )
    _require_registration(contest)
    if not in_scope(contest, organization):
        raise ValidationError(
            {"organization": _("This body is outside the territory of the contest.")}
        )
    if contest.teams.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This body has registered a team already.")})
    _check(name, performance_title, members)
    team = Team(
        contest=contest,
        organization=organization,
        name=name.strip(),
        performance_title=performance_title.strip(),
        registered_by=actor,
    )
    save(team, actor)
    _set_members(team, members)
    round_ = round_for(contest, organization)
    if round_ is not None:
        Entry.objects.create(round=round_, team=team, kind=RoundKind.PRELIMINARY)
    return team


@transaction.atomic
def update_team(
    *,
    actor: User,
    team: Team,
    name: str,
    performance_title: str,
    members: Sequence[MemberInput],
) -> Team:
    require(actor, "contests.change_team", team, _("You do not act for this body."))
    _require_registration(team.contest)
    _check(name, performance_title, members)
    team.name, team.performance_title = name.strip(), performance_title.strip()
    save(team, actor)
    _set_members(team, members)
    return team


@transaction.atomic
def withdraw_team(*, actor: User, team: Team) -> None:
    """The body withdraws its team while registration is open."""
    require(actor, "contests.change_team", team, _("You do not act for this body."))
    _require_registration(team.contest)
    team._history_user = actor  # type: ignore[attr-defined]
    team.delete()


@transaction.atomic
def enter_team(*, actor: User, round: Round, team: Team) -> Entry:
    """Place (or move) a team in a preliminary round, before it has been scored."""
    contest = round.contest
    require(actor, "contests.change_contest", contest)
    require_status(contest, (ContestStatus.REGISTRATION, ContestStatus.PRELIMINARY))
    if team.contest_id != contest.pk:
        raise PermissionDenied(_("This team is in another contest."))
    if round.kind != RoundKind.PRELIMINARY or not round.is_open:
        raise ValidationError(_("Teams are placed in open preliminary rounds."))
    current = team.entries.filter(kind=RoundKind.PRELIMINARY).select_related("round").first()
    if current is not None:
        if current.round_id == round.pk:
            return current
        if team.scores.filter(round_id=current.round_id).exists():
            raise ValidationError(_("This team has been scored in its round: it stays there."))
        current.delete()
    order = round.entries.count() + 1
    return Entry.objects.create(round=round, team=team, kind=RoundKind.PRELIMINARY, order=order)
