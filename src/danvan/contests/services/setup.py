"""Setting a contest up and moving it on: settings, criteria, rounds, judges, and the steps
draft → registration open → preliminary rounds → final → results published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.text import fold
from danvan.org.models import EmulationCluster, Organization

from ..access import JUDGE_ROLES
from ..models import (
    Aggregation,
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    Judge,
    Round,
    RoundKind,
    RoundResult,
    RoundState,
)
from .common import require, require_status, save

EDITABLE = (ContestStatus.DRAFT, ContestStatus.REGISTRATION)
MAX_POINTS = Decimal("999.99")


@dataclass(frozen=True)
class ContestSettings:
    name: str
    year: int
    description: str = ""
    aggregation: str = Aggregation.TRIMMED
    trim_min_judges: int = 5
    tie_break_best_judge: bool = True
    advance_count: int = 2
    first_prizes: int = 1
    second_prizes: int = 1
    third_prizes: int = 1
    consolation_prizes: int = 2
    registration_deadline: dt.date | None = None


def _apply(contest: Contest, s: ContestSettings) -> None:
    errors: dict[str, list[str]] = {}
    name = s.name.strip()
    if not name:
        errors.setdefault("name", []).append(_("Give the contest a name."))
    if not 2000 <= s.year <= today().year + 1:
        errors.setdefault("year", []).append(_("Give the year of the contest."))
    if s.aggregation not in Aggregation.values:
        errors.setdefault("aggregation", []).append(_("Choose how the scores are combined."))
    if s.trim_min_judges < 3:
        errors.setdefault("trim_min_judges", []).append(
            _("Dropping the highest and lowest score needs at least 3 judges.")
        )
    if s.advance_count < 1:
        errors.setdefault("advance_count", []).append(
            _("At least one team advances from each preliminary round.")
        )
    if s.first_prizes < 1:
        errors.setdefault("first_prizes", []).append(_("There is at least one first prize."))
    for name_, value in (
        ("second_prizes", s.second_prizes),
        ("third_prizes", s.third_prizes),
        ("consolation_prizes", s.consolation_prizes),
    ):
        if value < 0:
            errors.setdefault(name_, []).append(_("The number of prizes cannot be negative."))
    if errors:
        raise ValidationError(errors)
    contest.name = name
    contest.year = s.year
    contest.description = s.description.strip()
    contest.aggregation = s.aggregation
    contest.trim_min_judges = s.trim_min_judges
    contest.tie_break_best_judge = s.tie_break_best_judge
    contest.advance_count = s.advance_count
    contest.first_prizes = s.first_prizes
    contest.second_prizes = s.second_prizes
    contest.third_prizes = s.third_prizes
    contest.consolation_prizes = s.consolation_prizes
    contest.registration_deadline = s.registration_deadline


@transaction.atomic
def create_contest(*, actor: User, organizer: Organization, settings: ContestSettings) -> Contest:
    """A new contest in draft, organized by `organizer` (whose staff the actor is)."""
    contest = Contest(organizer=organizer, created_by=actor)
    require(actor, "contests.change_contest", contest, _("You do not act for the organizing body."))
    _apply(contest, settings)
    save(contest, actor)
    return contest


@transaction.atomic
def update_contest(*, actor: User, contest: Contest, settings: ContestSettings) -> Contest:
    """The settings and scoring rules, until the preliminary rounds start."""
    require(actor, "contests.change_contest", contest)
    require_status(contest, EDITABLE)
    _apply(contest, settings)
    save(contest, actor)
    return contest


@dataclass(frozen=True)
class CriterionInput:
    name: str
    max_score: object
    weight: object = 1
    tie_break: int | None = None


def _points(raw: object) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01"), ROUND_HALF_UP):
        return None
    if not Decimal(0) < value <= MAX_POINTS:
        return None
    return value


@transaction.atomic
def set_criteria(
    *, actor: User, contest: Contest, criteria: Sequence[CriterionInput]
) -> list[Criterion]:
    """Replace the scoring criteria (nothing is scored before the preliminary rounds)."""
    require(actor, "contests.change_contest", contest)
    require_status(contest, EDITABLE)
    errors: list[str] = []
    rows: list[Criterion] = []
    seen: set[str] = set()
    orders: set[int] = set()
    if not criteria:
        errors.append(_("Give at least one criterion."))
    for position, c in enumerate(criteria, start=1):
        name = c.name.strip()
        if not name:
            errors.append(_("Criterion %(n)d has no name.") % {"n": position})
            continue
        if fold(name) in seen:
            errors.append(_("“%(name)s” is listed twice.") % {"name": name})
        seen.add(fold(name))
        max_score, weight = _points(c.max_score), _points(c.weight)
        if max_score is None:
            errors.append(
                _("“%(name)s”: the highest score is a number above 0, with at most 2 decimals.")
                % {"name": name}
            )
        if weight is None:
            errors.append(
                _("“%(name)s”: the weight is a number above 0, with at most 2 decimals.")
                % {"name": name}
            )
        if c.tie_break is not None:
            if c.tie_break < 1 or c.tie_break in orders:
                errors.append(
                    _("“%(name)s”: each tie-break order is a different number from 1.")
                    % {"name": name}
                )
            orders.add(c.tie_break)
        if max_score is not None and weight is not None:
            rows.append(
                Criterion(
                    contest=contest,
                    name=name,
                    max_score=max_score,
                    weight=weight,
                    position=position,
                    tie_break=c.tie_break,
                )
            )
    if errors:
        raise ValidationError({"criteria": errors})
    for old in contest.criteria.all():
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    for row in rows:
        save(row, actor)
    return rows


# Rounds ---------------------------------------------------------------------------------------


@transaction.atomic
def add_round(
    *,
    actor: User,
    contest: Contest,
    kind: str,
    name: str,
    cluster: EmulationCluster | None = None,
    bodies: Iterable[Organization] = (),
    held_on: dt.date | None = None,
    place: str = "",
) -> Round:
    """A preliminary round for a cluster or a named group of bodies, or the final."""
    require(actor, "contests.change_contest", contest)
    if kind == RoundKind.FINAL:
        require_status(contest, (*EDITABLE, ContestStatus.PRELIMINARY))
    else:
        require_status(contest, EDITABLE)
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if kind not in RoundKind.values:
        errors.setdefault("kind", []).append(_("Choose a preliminary round or the final."))
    if not name:
        errors.setdefault("name", []).append(_("Give the round a name."))
    elif contest.rounds.filter(name=name).exists():
        errors.setdefault("name", []).append(_("Another round has this name."))
    if kind == RoundKind.FINAL and contest.rounds.filter(kind=RoundKind.FINAL).exists():
        errors.setdefault("kind", []).append(_("The contest already has its final."))
    chosen = list(bodies)
    if kind == RoundKind.FINAL and (cluster or chosen):
        errors.setdefault("cluster", []).append(
            _("The final gathers the teams that advance: it has no cluster or group.")
        )
    if cluster is not None and cluster.year != contest.year:
        errors.setdefault("cluster", []).append(
            _("Choose an emulation cluster of the contest's year.")
        )
    if errors:
        raise ValidationError(errors)
    round_ = Round(
        contest=contest, kind=kind, name=name, cluster=cluster, held_on=held_on, place=place.strip()
    )
    save(round_, actor)
    round_.bodies.set(chosen)
    return round_


@transaction.atomic
def update_round(
    *, actor: User, round: Round, name: str, held_on: dt.date | None, place: str
) -> Round:
    require(actor, "contests.change_contest", round.contest)
    if not round.is_open:
        raise ValidationError(_("This round is closed."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the round a name.")})
    if round.contest.rounds.filter(name=name).exclude(pk=round.pk).exists():
        raise ValidationError({"name": _("Another round has this name.")})
    round.name, round.held_on, round.place = name, held_on, place.strip()
    save(round, actor)
    return round


def _require_open_round(round_: Round) -> None:
    if not round_.is_open or round_.contest.status == ContestStatus.PUBLISHED:
        raise ValidationError(_("This round is closed."))


@transaction.atomic
def assign_judge(
    *,
    actor: User,
    round: Round,
    user: User,
    is_head: bool = False,
    organization: Organization | None = None,
) -> Judge:
    """Assign a staff user as a judge of the round (and, if asked, its head judge). The
    judge's body (by default the first body the user acts for) is theirs for conflicts of
    interest, as is every body they act for."""
    require(actor, "contests.change_contest", round.contest)
    _require_open_round(round)
    if not user.is_active or not scopes.has_role(user, JUDGE_ROLES):
        raise ValidationError({"user": _("Judges are staff accounts of the platform.")})
    if round.judges.filter(user=user).exists():
        raise ValidationError({"user": _("This person already judges this round.")})
    if organization is None:
        grants = scopes.grants_for(user)
        if grants:
            organization = Organization.objects.get(pk=grants[0].organization_id)
    if is_head:
        _demote_head(round, actor)
    judge = Judge(
        round=round,
        user=user,
        organization=organization,
        is_head=is_head,
        position=round.judges.count() + 1,
    )
    save(judge, actor)
    return judge


def _demote_head(round_: Round, actor: User) -> None:
    for head in round_.judges.filter(is_head=True):
        head.is_head = False
        save(head, actor)


@transaction.atomic
def set_head_judge(*, actor: User, judge: Judge) -> Judge:
    require(actor, "contests.change_contest", judge.round.contest)
    _require_open_round(judge.round)
    _demote_head(judge.round, actor)
    judge.is_head = True
    save(judge, actor)
    return judge


@transaction.atomic
def remove_judge(*, actor: User, judge: Judge) -> None:
    require(actor, "contests.change_contest", judge.round.contest)
    _require_open_round(judge.round)
    if judge.scores.exists():
        raise ValidationError(_("This judge has scored already: the scores stay."))
    judge._history_user = actor  # type: ignore[attr-defined]
    judge.delete()


# Steps ----------------------------------------------------------------------------------------


def _move(contest: Contest, actor: User, status: str) -> Contest:
    contest.status = status
    save(contest, actor)
    return contest


@transaction.atomic
def open_registration(*, actor: User, contest: Contest) -> Contest:
    """Draft → registration open: the criteria and at least one preliminary round exist."""
    require(actor, "contests.change_contest", contest)
    require_status(contest, (ContestStatus.DRAFT,))
    errors = []
    if not contest.criteria.exists():
        errors.append(_("Set the scoring criteria first."))
    if not contest.rounds.filter(kind=RoundKind.PRELIMINARY).exists():
        errors.append(_("Add the preliminary rounds first."))
    if errors:
        raise ValidationError(errors)
    return _move(contest, actor, ContestStatus.REGISTRATION)


def _judging_problems(rounds: Iterable[Round]) -> list[str]:
    errors = []
    for r in rounds:
        if not r.n_judges:  # type: ignore[attr-defined]
            errors.append(_("%(round)s has no judges.") % {"round": r.name})
        elif not r.n_heads:  # type: ignore[attr-defined]
            errors.append(_("%(round)s has no head judge.") % {"round": r.name})
    return errors


def _with_counts(rounds: Iterable[Round]) -> list[Round]:
    return list(
        Round.objects.filter(pk__in=[r.pk for r in rounds])
        .annotate(
            n_judges=Count("judges", distinct=True),
            n_heads=Count("judges", filter=Q(judges__is_head=True), distinct=True),
            n_teams=Count("entries", distinct=True),
        )
        .order_by("name")
    )


@transaction.atomic
def start_preliminary(*, actor: User, contest: Contest) -> Contest:
    """Registration closes and the preliminary rounds start: every team is placed in a
    round, and every round has teams, judges and a head judge."""
    require(actor, "contests.change_contest", contest)
    require_status(contest, (ContestStatus.REGISTRATION,))
    errors = []
    if not contest.teams.exists():
        errors.append(_("No team has registered."))
    unplaced = contest.teams.exclude(entries__kind=RoundKind.PRELIMINARY).order_by("name")
    errors += [
        _("%(team)s is not placed in a preliminary round.") % {"team": t.name} for t in unplaced
    ]
    rounds = _with_counts(contest.rounds.filter(kind=RoundKind.PRELIMINARY))
    errors += [_("%(round)s has no teams.") % {"round": r.name} for r in rounds if not r.n_teams]  # type: ignore[attr-defined]
    errors += _judging_problems(rounds)
    if errors:
        raise ValidationError(errors)
    return _move(contest, actor, ContestStatus.PRELIMINARY)


@transaction.atomic
def advance_to_final(*, actor: User, contest: Contest) -> list[Entry]:
    """Every preliminary round closed: the teams that advance are entered in the final, in
    the order of their rounds and ranks; the contest moves to the final."""
    require(actor, "contests.change_contest", contest)
    require_status(contest, (ContestStatus.PRELIMINARY,))
    errors = [
        _("%(round)s is not closed yet.") % {"round": r.name}
        for r in contest.rounds.filter(kind=RoundKind.PRELIMINARY, state=RoundState.OPEN)
    ]
    final = contest.rounds.filter(kind=RoundKind.FINAL).first()
    if final is None:
        errors.append(_("Add the final round first."))
    else:
        errors += _judging_problems(_with_counts([final]))
    if errors:
        raise ValidationError(errors)
    assert final is not None
    advancing = (
        RoundResult.objects.filter(round__contest=contest, advances=True)
        .select_related("round")
        .order_by("round__name", "rank", "team__name")
    )
    entries = [
        Entry(round=final, team_id=r.team_id, kind=RoundKind.FINAL, order=i)
        for i, r in enumerate(advancing, start=1)
    ]
    Entry.objects.bulk_create(entries)
    _move(contest, actor, ContestStatus.FINAL)
    return entries


@transaction.atomic
def publish_results(*, actor: User, contest: Contest) -> Contest:
    """The final closed: the results of every round become public."""
    require(actor, "contests.change_contest", contest)
    require_status(contest, (ContestStatus.FINAL,))
    if contest.rounds.filter(kind=RoundKind.FINAL, state=RoundState.OPEN).exists():
        raise ValidationError(_("Close the final before publishing the results."))
    contest.published_at = timezone.now()
    return _move(contest, actor, ContestStatus.PUBLISHED)
