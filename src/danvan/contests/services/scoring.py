"""Judging: a judge scores the teams of their round per criterion, corrects until they
submit their sheet; the head judge (or an organizer) reopens a sheet or closes the round,
which computes and stores the results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import User

from .. import computation
from ..access import judge_of
from ..models import (
    Aggregation,
    Contest,
    Criterion,
    Judge,
    Round,
    RoundKind,
    RoundResult,
    RoundState,
    Score,
    Team,
)
from .common import require, require_scoring, save


def rule_of(contest: Contest) -> computation.Rule:
    return computation.Rule(
        trimmed=contest.aggregation == Aggregation.TRIMMED,
        min_judges=contest.trim_min_judges,
        best_judge=contest.tie_break_best_judge,
    )


def specs(criteria: list[Criterion]) -> list[computation.CriterionSpec]:
    return [computation.CriterionSpec(c.pk, c.max_score, c.weight, c.tie_break) for c in criteria]


def conflicted(judge: Judge, team: Team) -> bool:
    """A judge does not score the team of their own body: the body recorded on their
    assignment or any body they act for (or whose successor it is)."""
    bodies = {judge.organization_id} | {g.organization_id for g in scopes.grants_for(judge.user)}
    bodies.discard(None)
    return team.organization_id in bodies or team.organization.current_id in bodies


def _judge(actor: User, round_: Round) -> Judge:
    judge = judge_of(actor, round_)
    if judge is None:
        raise PermissionDenied(_("You are not a judge of this round."))
    judge.user = actor  # the same account, with its grants already read
    return judge


def _team_in_round(round_: Round, team: Team) -> None:
    if not round_.entries.filter(team=team).exists():
        raise ValidationError(_("This team does not compete in this round."))


SCORE_ERRORS = {
    "number": "“%(name)s”: write a number.",
    "decimals": "“%(name)s”: at most 2 decimals.",
    "range": "“%(name)s”: the score is between 0 and %(max)s.",
}


@transaction.atomic
def record_scores(
    *, actor: User, round: Round, team: Team, scores: Mapping[int, object]
) -> list[Score]:
    """Enter or correct the judge's scores for a team (criterion id → score; a blank value
    leaves that criterion as it is)."""
    judge = _judge(actor, round)
    require_scoring(round)
    if judge.submitted:
        raise ValidationError(
            _("You have submitted your sheet: ask the head judge to reopen it to correct it.")
        )
    _team_in_round(round, team)
    if conflicted(judge, team):
        raise PermissionDenied(_("You cannot score the team of your own body."))
    criteria = {c.pk: c for c in round.contest.criteria.all()}
    errors: list[str] = []
    values: dict[int, Decimal] = {}
    for key, raw in scores.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            errors.append(_("Unknown criterion."))
            continue
        if raw is None or str(raw).strip() == "":
            continue
        try:
            values[criterion.pk] = computation.clean_score(raw, criterion.max_score)
        except ValueError as exc:
            errors.append(
                _(SCORE_ERRORS[str(exc)])
                % {"name": criterion.name, "max": f"{criterion.max_score.normalize():f}"}
            )
    if errors:
        raise ValidationError({"scores": errors})
    saved = []
    existing = {
        s.criterion_id: s for s in Score.objects.filter(judge=judge, team=team, round=round)
    }
    for criterion_id, value in values.items():
        score = existing.get(criterion_id) or Score(
            round=round, judge=judge, team=team, criterion_id=criterion_id
        )
        if score.pk is None or score.value != value:
            score.value = value
            save(score, actor)
        saved.append(score)
    return saved


def missing_scores(judge: Judge, round_: Round) -> list[str]:
    """The teams the judge still has to score (names), conflicts of interest excepted."""
    criteria = set(round_.contest.criteria.values_list("pk", flat=True))
    given: dict[int, set[int]] = defaultdict(set)
    for team_id, criterion_id in Score.objects.filter(judge=judge).values_list(
        "team_id", "criterion_id"
    ):
        given[team_id].add(criterion_id)
    teams = Team.objects.filter(entries__round=round_).select_related("organization")
    return [
        t.name
        for t in teams.order_by("entries__order", "name")
        if not conflicted(judge, t) and not criteria <= given[t.pk]
    ]


@transaction.atomic
def submit_sheet(*, actor: User, round: Round) -> Judge:
    """The judge locks their sheet: every team they may score, on every criterion."""
    judge = _judge(actor, round)
    require_scoring(round)
    if judge.submitted:
        return judge
    missing = missing_scores(judge, round)
    if missing:
        raise ValidationError(
            _("Score every criterion of: %(teams)s.") % {"teams": ", ".join(missing)}
        )
    judge.submitted_at = timezone.now()
    save(judge, actor)
    return judge


@transaction.atomic
def reopen_sheet(*, actor: User, judge: Judge) -> Judge:
    """The head judge (or an organizer) lets a judge correct a submitted sheet."""
    require(actor, "contests.close_round", judge.round, _("Only the head judge reopens a sheet."))
    require_scoring(judge.round)
    judge.submitted_at = None
    save(judge, actor)
    return judge


def team_scores(
    round_: Round, criteria: list[Criterion]
) -> tuple[dict[int, computation.TeamScore], dict[int, dict[int, dict[int, Decimal]]]]:
    """Every team's computed score in the round, and the raw sheet (team → judge →
    criterion → score, judges in their order). Two queries."""
    order = {
        j: i
        for i, j in enumerate(round_.judges.order_by("position", "id").values_list("pk", flat=True))
    }
    sheets: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(dict)
    rows = Score.objects.filter(round=round_).values_list(
        "team_id", "judge_id", "criterion_id", "value"
    )
    for team_id, judge_id, criterion_id, value in sorted(rows, key=lambda r: order.get(r[1], 0)):
        sheets[team_id].setdefault(judge_id, {})[criterion_id] = value
    rule = rule_of(round_.contest)
    cs = specs(criteria)
    computed = {}
    for team_id, sheet in sheets.items():
        if all(any(c.id in s for s in sheet.values()) for c in cs):
            computed[team_id] = computation.score_team(team_id, sheet, cs, rule)
    return computed, dict(sheets)


@transaction.atomic
def close_round(*, actor: User, round: Round) -> list[RoundResult]:
    """Every judge has submitted: rank the teams, mark those that advance (preliminary) or
    the prizes (final), store the results and close the round."""
    require(
        actor,
        "contests.close_round",
        round,
        _("Only the head judge or an organizer closes a round."),
    )
    require_scoring(round)
    contest = round.contest
    judges = list(round.judges.select_related("user").order_by("position", "id"))
    errors = [] if judges else [_("The round has no judges.")]
    errors += [
        _("%(judge)s has not submitted their sheet.") % {"judge": j.user}
        for j in judges
        if not j.submitted
    ]
    if errors:
        raise ValidationError(errors)
    criteria = list(contest.criteria.all())
    computed, _sheets = team_scores(round, criteria)
    teams = list(Team.objects.filter(entries__round=round).order_by("name", "pk"))
    unscored = [t.name for t in teams if t.pk not in computed]
    if unscored:
        raise ValidationError(
            _("No judge could score every criterion of: %(teams)s.")
            % {"teams": ", ".join(unscored)}
        )
    rule = rule_of(contest)
    names = {t.pk: i for i, t in enumerate(teams)}
    ranked = computation.rank([computed[t.pk] for t in teams], specs(criteria), rule, names)
    if round.kind == RoundKind.PRELIMINARY:
        advancing = computation.advancing(ranked, contest.advance_count)
        prizes: dict[int, str] = {}
    else:
        advancing = frozenset()
        prizes = computation.prizes(ranked, contest.prize_counts)
    results = [
        RoundResult(
            round=round,
            team_id=r.team_id,
            total=r.total,
            rank=r.rank,
            advances=r.team_id in advancing,
            prize=prizes.get(r.team_id, ""),
            aggregates={
                str(cid): str(a.value) for cid, a in computed[r.team_id].aggregates.items()
            },
            decided_by=r.decided_by,
        )
        for r in ranked
    ]
    RoundResult.objects.filter(round=round).delete()
    RoundResult.objects.bulk_create(results)
    round.state = RoundState.CLOSED
    round.closed_at = timezone.now()
    round.closed_by = actor
    save(round, actor)
    return results
