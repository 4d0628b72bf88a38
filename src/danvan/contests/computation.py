"""The contest's arithmetic, as pure functions (no database): combining the judges' scores,
weighted totals, ranking with tie-breaks, who advances and who wins which prize.

Rules (docs/decisions/0006-contests.md):

- Per team and criterion, the judges' scores are combined by the contest's rule: the plain
  mean, or — with at least `min_judges` scores — the mean after dropping the single highest
  and the single lowest score. When several judges gave the highest (or lowest) score, the
  first of them in the judges' order is the one marked as dropped (the mean is the same).
- Aggregates and totals are rounded to 2 decimals (half up) *before* ranking: the ranking
  follows the figures printed on the summary sheet, which anyone can check by hand.
- Total = Σ weight × aggregate.
- Ranking: higher total first; equal totals are separated by the tie-break criteria in their
  order (higher aggregate first), then — if the contest says so — by the best judge's total
  (each judge's weighted total for the team; with trimming, the highest and lowest judge
  totals are dropped first, so it is the best *trimmed* judge total). Teams still equal share
  the rank, and the next rank skips (1, 1, 3).
- Advancing: every team ranked N or better. A tie at the cut that the tie-breaks cannot
  separate lets all the tied teams advance.
- Prizes by rank: ranks 1..a get first prizes, the next b ranks second, then third, then
  consolation. A shared rank takes the prize of the rank it shares (two teams tied first with
  one first prize both get it; the team ranked 3 then gets what rank 3 gets).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise

CENT = Decimal("0.01")
BEST_JUDGE = "best_judge"


def criterion_key(criterion_id: int) -> str:
    return f"criterion:{criterion_id}"


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    max_score: Decimal
    weight: Decimal = Decimal(1)
    tie_break: int | None = None


@dataclass(frozen=True)
class Rule:
    trimmed: bool = True
    min_judges: int = 5
    best_judge: bool = True

    def trims(self, count: int) -> bool:
        return self.trimmed and count >= max(self.min_judges, 3)


@dataclass(frozen=True)
class Aggregate:
    value: Decimal
    count: int
    dropped: tuple[int, ...] = ()  # the judges whose score was left out


def _extremes(values: Sequence[Decimal]) -> tuple[int, int]:
    """Indexes of the first highest and the first lowest value (never the same index)."""
    high = values.index(max(values))
    rest = [i for i in range(len(values)) if i != high]
    low = min(rest, key=lambda i: (values[i], i))
    return high, low


def aggregate(scores: Mapping[int, Decimal], rule: Rule) -> Aggregate:
    """The judges' scores for one criterion (judge id → score, in the judges' order)."""
    if not scores:
        raise ValueError("no scores")
    judges = list(scores)
    values = [Decimal(scores[j]) for j in judges]
    dropped: tuple[int, ...] = ()
    kept = values
    if rule.trims(len(values)):
        high, low = _extremes(values)
        dropped = (judges[high], judges[low])
        kept = [v for i, v in enumerate(values) if i not in (high, low)]
    return Aggregate(quantize(sum(kept, Decimal(0)) / len(kept)), len(values), dropped)


@dataclass(frozen=True)
class TeamScore:
    team_id: int
    total: Decimal
    aggregates: dict[int, Aggregate]  # criterion id → aggregate
    judge_totals: dict[int, Decimal]  # judge id → the judge's weighted total
    best_judge: Decimal


def best_judge_total(totals: Sequence[Decimal], rule: Rule) -> Decimal:
    """The best judge's total; with trimming, after dropping the highest and lowest."""
    if not totals:
        return Decimal(0)
    values = list(totals)
    if rule.trims(len(values)):
        high, low = _extremes(values)
        values = [v for i, v in enumerate(values) if i not in (high, low)]
    return max(values)


def score_team(
    team_id: int,
    sheet: Mapping[int, Mapping[int, Decimal]],
    criteria: Sequence[CriterionSpec],
    rule: Rule,
) -> TeamScore:
    """One team's scores (judge id → criterion id → score, judges in their order)."""
    aggregates: dict[int, Aggregate] = {}
    for c in criteria:
        given = {j: s[c.id] for j, s in sheet.items() if c.id in s}
        aggregates[c.id] = aggregate(given, rule)
    total = quantize(sum((c.weight * aggregates[c.id].value for c in criteria), Decimal(0)))
    judge_totals = {
        j: quantize(sum((c.weight * s[c.id] for c in criteria), Decimal(0)))
        for j, s in sheet.items()
        if all(c.id in s for c in criteria)
    }
    return TeamScore(
        team_id,
        total,
        aggregates,
        judge_totals,
        best_judge_total(list(judge_totals.values()), rule),
    )


@dataclass(frozen=True)
class Ranked:
    team_id: int
    total: Decimal
    rank: int
    key: tuple[Decimal, ...]
    # What separated this team from a team with the same total: criterion_key(id) or
    # BEST_JUDGE; empty when its total alone placed it, or when it shares the rank.
    decided_by: str = ""
    tied: bool = False  # shares its rank with another team


def tie_break_order(criteria: Sequence[CriterionSpec]) -> list[CriterionSpec]:
    return sorted((c for c in criteria if c.tie_break is not None), key=lambda c: c.tie_break or 0)


def rank(
    scores: Sequence[TeamScore],
    criteria: Sequence[CriterionSpec],
    rule: Rule,
    order: Mapping[int, int] | None = None,
) -> list[Ranked]:
    """Teams best first, with competition ranks (1, 1, 3). `order` (team id → position, e.g.
    by name) only orders teams that share a rank."""
    breakers = tie_break_order(criteria)
    labels = ("total", *(criterion_key(c.id) for c in breakers))
    if rule.best_judge:
        labels = (*labels, BEST_JUDGE)

    def key(s: TeamScore) -> tuple[Decimal, ...]:
        parts = [s.total, *(s.aggregates[c.id].value for c in breakers)]
        if rule.best_judge:
            parts.append(s.best_judge)
        return tuple(parts)

    position = order or {}
    keyed = sorted(
        ((key(s), s) for s in scores),
        key=lambda ks: (tuple(-v for v in ks[0]), position.get(ks[1].team_id, 0), ks[1].team_id),
    )
    decided: dict[int, str] = {}
    for (k1, s1), (k2, s2) in pairwise(keyed):
        if k1[0] == k2[0] and k1 != k2:
            first = next(i for i in range(len(k1)) if k1[i] != k2[i])
            for s in (s1, s2):
                if s.team_id not in decided or labels.index(decided[s.team_id]) > first:
                    decided[s.team_id] = labels[first]
    keys = [k for k, _s in keyed]
    ranked = []
    for k, s in keyed:
        shared = keys.index(k) + 1
        tied = keys.count(k) > 1
        ranked.append(
            Ranked(s.team_id, s.total, shared, k, "" if tied else decided.get(s.team_id, ""), tied)
        )
    return ranked


def advancing(ranked: Sequence[Ranked], count: int) -> frozenset[int]:
    """The teams ranked `count` or better (all the teams tied at the cut)."""
    return frozenset(r.team_id for r in ranked if r.rank <= count)


def prizes(ranked: Sequence[Ranked], counts: Sequence[int]) -> dict[int, str]:
    """Team id → "first", "second", "third", "consolation" or "" by rank; `counts` are the
    numbers of first, second, third and consolation prizes."""
    names = ("first", "second", "third", "consolation")
    bounds = []
    upper = 0
    for n in counts:
        upper += n
        bounds.append(upper)
    result = {}
    for r in ranked:
        result[r.team_id] = next(
            (name for name, bound in zip(names, bounds, strict=False) if r.rank <= bound), ""
        )
    return result


def clean_score(raw: object, max_score: Decimal) -> Decimal:
    """A score as typed ("8,5", "8.50", 9): a number with at most 2 decimals between 0 and
    the criterion's maximum; ValueError("number" | "decimals" | "range") otherwise."""
    text = str(raw).strip().replace(",", ".") if raw is not None else ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("number") from None
    if not value.is_finite():
        raise ValueError("number")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError("decimals")
    if not Decimal(0) <= value <= max_score:
        raise ValueError("range")
    return value.quantize(CENT)


__all__ = [
    "BEST_JUDGE",
    "Aggregate",
    "CriterionSpec",
    "Ranked",
    "Rule",
    "TeamScore",
    "advancing",
    "aggregate",
    "best_judge_total",
    "clean_score",
    "criterion_key",
    "prizes",
    "rank",
    "score_team",
    "tie_break_order",
]
