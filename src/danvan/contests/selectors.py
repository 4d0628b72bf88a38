"""Reads for contests: the lists each user sees, the published results, and the sheets
(a judge's scoring sheet, a round's summary with every judge's scores)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import parse_vn_date
from danvan.lib.figures import Window

from . import access, computation
from .models import (
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    Judge,
    Prize,
    Round,
    RoundKind,
    RoundResult,
    Score,
    Team,
    TeamMember,
)
from .services.scoring import rule_of, specs, team_scores


def scope_q(contest: Contest, prefix: str = "") -> Q:
    """A filter for the bodies in the contest's territory (who may compete)."""
    from .services.common import scope_grant

    return scope_grant(contest).as_q(prefix)


def organized_contests(user: User) -> QuerySet[Contest]:
    return access.contests_for(user, access.Action.CHANGE)


@dataclass(frozen=True)
class ContestFilters:
    """The contests behind a report's figure: those a body (and the bodies under it)
    organized, over the figure's period."""

    organization: int | None = None
    figure: str = ""
    figure_window: tuple[dt.date, dt.date] | None = None

    @classmethod
    def from_query(cls, g: Any) -> ContestFilters:
        org = g.get("org", "").strip()
        figure, window = g.get("figure", "")[:80], None
        if figure:
            try:
                window = (
                    parse_vn_date(g.get("figure_from", "")),
                    parse_vn_date(g.get("figure_to", "")),
                )
            except ValueError:
                window = None  # a figure without its period lists nothing (staff_contests)
        return cls(
            organization=int(org) if org.isdigit() and len(org) < 10 else None,
            figure=figure,
            figure_window=window,
        )

    @property
    def active(self) -> bool:
        return bool(self.organization or self.figure)


def staff_contests(user: User, filters: ContestFilters | None = None) -> QuerySet[Contest]:
    """The contests the user organizes or judges in (while they hold a staff role). Behind a
    figure: those where it counts something, each with what it counts (`n_counted`), by the
    same expression as the count (figure_sources.per_contest); a figure that is not one, or
    without its period, lists nothing rather than everything."""
    qs = access.contests_for(user, access.Action.VIEW)
    if filters is not None and filters.organization is not None:
        from .figure_sources import organized_by

        qs = qs.filter(organized_by(filters.organization))
    if filters is not None and filters.figure:
        from .figure_sources import per_contest

        window = Window(*filters.figure_window) if filters.figure_window else None
        counted = per_contest(filters.figure, window) if window else None
        if counted is None:
            return qs.none()
        qs = qs.annotate(n_counted=counted).filter(n_counted__gt=0)
    return qs.select_related("organizer").order_by("-year", "-id")


def open_contests() -> QuerySet[Contest]:
    """Contests open for registration (not secret: every body's staff may look)."""
    return (
        Contest.objects.filter(status=ContestStatus.REGISTRATION)
        .select_related("organizer")
        .order_by("-year", "-id")
    )


def public_contests() -> QuerySet[Contest]:
    return (
        Contest.objects.filter(status=ContestStatus.PUBLISHED)
        .select_related("organizer")
        .order_by("-year", "-published_at", "-id")
    )


def judged_rounds(user: User) -> QuerySet[Judge]:
    """The user's judge assignments, with their rounds and contests."""
    return (
        Judge.objects.filter(user=user)
        .select_related("round__contest")
        .order_by("-round__contest__year", "round__name")
    )


def outcome(row_advances: bool, prize: str) -> str:
    """A team's outcome in a round, as the summary and its sheet say it."""
    if prize:
        return str(Prize(prize).label)
    return _("Advances to the final") if row_advances else ""


@dataclass
class RoundResults:
    round: Round
    results: list[RoundResult]


def results(contest: Contest, criteria: Sequence[Criterion] = ()) -> list[RoundResults]:
    """Each closed round's results, the final last, with the teams, bodies and members:
    four queries whatever the number of rounds and teams. Each result gets
    `decided_label`: what broke a tie on its total (a criterion's name, or the best judge)."""
    members = Prefetch("team__members", queryset=TeamMember.objects.order_by("order", "id"))
    rows = Prefetch(
        "results",
        queryset=RoundResult.objects.select_related("team__organization")
        .prefetch_related(members)
        .order_by("rank", "team__name"),
    )
    rounds = contest.rounds.filter(state="closed").prefetch_related(rows)
    ordered = sorted(rounds, key=lambda r: (r.kind == RoundKind.FINAL, r.name))
    blocks = [RoundResults(r, list(r.results.all())) for r in ordered]
    for block in blocks:
        for result in block.results:
            result.decided_label = decided_label(result.decided_by, criteria)  # type: ignore[attr-defined]
    return blocks


def criteria_of(contest: Contest) -> list[Criterion]:
    return list(contest.criteria.order_by("position", "id"))


def teams_of(round_: Round) -> list[Team]:
    """The round's teams in their order of performance, with their bodies."""
    entries = Entry.objects.filter(round=round_).select_related("team__organization")
    return [e.team for e in entries.order_by("order", "team__name")]


# The judge's sheet ------------------------------------------------------------------------------


@dataclass
class SheetRow:
    team: Team
    values: list[Decimal | None]
    total: Decimal | None
    conflicted: bool


@dataclass
class JudgeSheet:
    round: Round
    judge: Judge | None
    criteria: list[Criterion]
    rows: list[SheetRow]

    @property
    def complete(self) -> bool:
        return all(r.conflicted or None not in r.values for r in self.rows)


def judge_sheet(round_: Round, judge: Judge | None, *, blank: bool = False) -> JudgeSheet:
    """A judge's sheet: each team of the round, each criterion, the scores given (none when
    `blank`, or for a blank sheet to print without a judge)."""
    from .services.scoring import conflicted

    criteria = criteria_of(round_.contest)
    teams = teams_of(round_)
    given: dict[tuple[int, int], Decimal] = {}
    if judge is not None and not blank:
        for team_id, criterion_id, value in Score.objects.filter(judge=judge).values_list(
            "team_id", "criterion_id", "value"
        ):
            given[(team_id, criterion_id)] = value
    rows = []
    for t in teams:
        values = [given.get((t.pk, c.pk)) for c in criteria]
        total = (
            computation.quantize(
                sum(
                    (c.weight * v for c, v in zip(criteria, values, strict=True) if v is not None),
                    Decimal(0),
                )
            )
            if values and None not in values
            else None
        )
        rows.append(SheetRow(t, values, total, judge is not None and conflicted(judge, t)))
    return JudgeSheet(round_, judge, criteria, rows)


# The round's summary ----------------------------------------------------------------------------


@dataclass
class Cell:
    value: Decimal | None
    dropped: bool = False


@dataclass
class SummaryRow:
    team: Team
    cells: list[list[Cell]]  # per criterion, per judge
    aggregates: list[Decimal | None]
    total: Decimal | None = None
    rank: int | None = None
    advances: bool = False
    prize: str = ""
    decided_by: str = ""  # the label of what broke a tie on the total

    @property
    def groups(self) -> list[tuple[list[Cell], Decimal | None]]:
        """Per criterion: the judges' cells and the aggregate."""
        return list(zip(self.cells, self.aggregates, strict=True))

    @property
    def outcome(self) -> str:
        return outcome(self.advances, self.prize)


@dataclass
class Summary:
    round: Round
    contest: Contest
    criteria: list[Criterion]
    judges: list[Judge]
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(r.total is not None for r in self.rows)


def decided_label(code: str, criteria: Sequence[Criterion]) -> str:
    if code == computation.BEST_JUDGE:
        return _("the best judge's total")
    for c in criteria:
        if code == computation.criterion_key(c.pk):
            return c.name
    return ""


def summary(round_: Round) -> Summary:
    """Every judge's scores for every team, the dropped ones marked, the aggregates, totals,
    ranks and outcome, computed as closing the round does (a fixed number of queries)."""
    contest = round_.contest
    criteria = criteria_of(contest)
    judges = list(round_.judges.select_related("user", "organization").order_by("position", "id"))
    teams = teams_of(round_)
    computed, sheets = team_scores(round_, criteria)
    rule = rule_of(contest)
    ranked = {
        r.team_id: r
        for r in computation.rank(
            [computed[t.pk] for t in teams if t.pk in computed],
            specs(criteria),
            rule,
            {t.pk: i for i, t in enumerate(sorted(teams, key=lambda t: (t.name, t.pk)))},
        )
    }
    ranking = list(ranked.values())
    advancing = (
        computation.advancing(ranking, contest.advance_count)
        if round_.kind == RoundKind.PRELIMINARY
        else frozenset()
    )
    prizes = computation.prizes(ranking, contest.prize_counts) if round_.is_final else {}
    rows = []
    for t in teams:
        sheet = sheets.get(t.pk, {})
        score = computed.get(t.pk)
        cells = []
        for c in criteria:
            dropped = set(score.aggregates[c.pk].dropped) if score else set()
            cells.append([Cell(sheet.get(j.pk, {}).get(c.pk), j.pk in dropped) for j in judges])
        r = ranked.get(t.pk)
        rows.append(
            SummaryRow(
                team=t,
                cells=cells,
                aggregates=[score.aggregates[c.pk].value if score else None for c in criteria],
                total=score.total if score else None,
                rank=r.rank if r else None,
                advances=t.pk in advancing,
                prize=prizes.get(t.pk, ""),
                decided_by=decided_label(r.decided_by, criteria) if r and r.decided_by else "",
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.team.name))
    return Summary(round_, contest, criteria, judges, rows)
