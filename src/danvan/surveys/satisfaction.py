"""The satisfaction index's rule, in one place (decision 0025).

- An answer to a rating question is *satisfied* when it lies above the middle of its scale:
  4 and 5 on 1–5 ("hài lòng", "rất hài lòng", as SIPAS counts them).
- A response's score on a criterion is the share of that criterion's items it answered
  satisfied (0–1); a criterion it did not answer has no score.
- A response's index is the mean of its scores on the SIPAS criteria it answered, each
  criterion weighing the same.
- A body's index (or a criterion's) over a period is the mean of its responses' scores, in
  per cent, with a 95 % confidence interval from their spread (mean ± 1.96·s/√n): the
  response, not the item, is the unit sampled, so items answered by one person together do
  not narrow the interval.
- Fewer than SATISFACTION_MIN_RESPONSES responses: the figure is hidden, everywhere.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from .library import INDEX_FAMILY, criterion_of

Z95 = 1.96


def satisfied_from(scale_max: int) -> int:
    """The lowest satisfied rating of a 1…scale_max scale: above its middle."""
    return math.floor((scale_max + 1) / 2) + 1


def min_responses() -> int:
    return int(getattr(settings, "SATISFACTION_MIN_RESPONSES", 30))


def response_scores(ratings: Iterable[tuple[str, int, int]]) -> dict[str, float]:
    """One response's scores from its ratings of library items, given as (item code, rating,
    scale's top): {criterion: share satisfied, …, "sipas": the response's index}."""
    hits: dict[str, list[int]] = defaultdict(list)
    for code, rating, top in ratings:
        criterion = criterion_of(code)
        if criterion:
            hits[criterion].append(1 if rating >= satisfied_from(top) else 0)
    scores = {c: sum(h) / len(h) for c, h in hits.items()}
    index_parts = [s for c, s in scores.items() if c.startswith(INDEX_FAMILY + ".")]
    if index_parts:
        scores[INDEX_FAMILY] = sum(index_parts) / len(index_parts)
    return scores


@dataclass(frozen=True)
class Estimate:
    """A mean of scores in per cent with its 95 % interval, or hidden (too few responses)."""

    n: int
    total: float = 0.0  # sum of scores (0–1)
    squares: float = 0.0  # sum of squared scores

    @property
    def hidden(self) -> bool:
        return self.n < min_responses()

    @property
    def value(self) -> float | None:
        return None if self.hidden else round(100 * self.total / self.n, 1)

    @property
    def margin(self) -> float | None:
        """Half the 95 % interval, in points of per cent."""
        if self.hidden or self.n < 2:
            return None
        mean = self.total / self.n
        variance = max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1))
        return round(100 * Z95 * math.sqrt(variance / self.n), 1)

    @property
    def low(self) -> float | None:
        if self.value is None or self.margin is None:
            return None
        return round(max(0.0, self.value - self.margin), 1)

    @property
    def high(self) -> float | None:
        if self.value is None or self.margin is None:
            return None
        return round(min(100.0, self.value + self.margin), 1)

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(self.n + other.n, self.total + other.total, self.squares + other.squares)
