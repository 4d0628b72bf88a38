"""Is this week's count well above the series' own past?

The test, stated (it is shown, in plain words, on every hotspot's page):

- A *series* is one count per week: a topic in a province, all texts of a commune, the
  complaints and denunciations about one body.
- Its *baseline* is the mean of its previous `INSIGHTS_HOTSPOT_BASELINE_WEEKS` (8) weeks,
  floored at `INSIGHTS_HOTSPOT_BASELINE_FLOOR` (1.0 a week): a commune that wrote nothing for
  two months is not "infinitely" above its past when three letters arrive.
- Under "nothing changed", this week's count X follows a Poisson law of mean λ = baseline; the
  one-sided p-value is P(X ≥ x) = `poisson.sf(x - 1, λ)`. When the baseline weeks vary more
  than a Poisson law allows (sample variance above 1.5 × the mean, at least four weeks), the
  law is the negative binomial of the same mean and the observed variance, so a series that
  always swings is not flagged for swinging.
- A series is only a candidate when x ≥ `INSIGHTS_HOTSPOT_MIN_COUNT` (5) and x ≥
  `INSIGHTS_HOTSPOT_MIN_RATIO` (2) × λ: "well above", not a statistically detectable 10 %.
  The other series still count in the correction below (their p-value is taken as 1).
- The p-values of every series of the scan — all kinds, all places — are corrected together
  with Benjamini–Hochberg (false discovery rate, `statsmodels` `multipletests`, method
  "fdr_bh"); a series is raised when its corrected p-value is below `INSIGHTS_HOTSPOT_ALPHA`
  (0.01). With 3,321 communes tested, a 1-in-1,000 week in one commune is expected three
  times a week by chance alone: the correction is what keeps flat data quiet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from scipy import stats
from statsmodels.stats.multitest import multipletests

OVERDISPERSED = 1.5  # variance / mean above which the baseline is read as negative binomial


@dataclass(frozen=True)
class Settings:
    baseline_weeks: int = 8
    floor: float = 1.0
    min_count: int = 5
    min_ratio: float = 2.0
    alpha: float = 0.01
    method: str = "fdr_bh"

    @classmethod
    def from_django(cls) -> Settings:
        return cls(
            baseline_weeks=int(getattr(settings, "INSIGHTS_HOTSPOT_BASELINE_WEEKS", 8)),
            floor=float(getattr(settings, "INSIGHTS_HOTSPOT_BASELINE_FLOOR", 1.0)),
            min_count=int(getattr(settings, "INSIGHTS_HOTSPOT_MIN_COUNT", 5)),
            min_ratio=float(getattr(settings, "INSIGHTS_HOTSPOT_MIN_RATIO", 2.0)),
            alpha=float(getattr(settings, "INSIGHTS_HOTSPOT_ALPHA", 0.01)),
            method=str(getattr(settings, "INSIGHTS_HOTSPOT_CORRECTION", "fdr_bh")),
        )


@dataclass(frozen=True)
class SeriesTest:
    """One series' test: its week, its baseline (floored mean), the law used, the p-value."""

    observed: int
    baseline: float
    variance: float
    law: str  # "poisson" or "negative_binomial"
    p_value: float
    candidate: bool


def assess(observed: int, history: Sequence[int], conf: Settings) -> SeriesTest:
    """Test one series' week against its previous weeks (`history`, zeros included)."""
    weeks = np.asarray(history, dtype=float)
    mean = float(weeks.mean()) if len(weeks) else 0.0
    variance = float(weeks.var(ddof=1)) if len(weeks) > 1 else mean
    lam = max(mean, conf.floor)
    candidate = observed >= conf.min_count and observed >= conf.min_ratio * lam
    law = "poisson"
    if len(weeks) >= 4 and mean > 0 and variance > OVERDISPERSED * mean and variance > lam:
        law = "negative_binomial"
    if not candidate:
        return SeriesTest(observed, lam, variance, law, 1.0, False)
    if law == "negative_binomial":
        # Mean λ, variance s²: n = λ² / (s² − λ), p = λ / s².
        n = lam * lam / (variance - lam)
        p = lam / variance
        p_value = float(stats.nbinom.sf(observed - 1, n, p))
    else:
        p_value = float(stats.poisson.sf(observed - 1, lam))
    return SeriesTest(observed, lam, variance, law, p_value, True)


def correct(p_values: Sequence[float], conf: Settings) -> tuple[list[bool], list[float]]:
    """Which tests are raised after the correction for their number, and the corrected
    p-values (same order)."""
    if not p_values:
        return [], []
    reject, adjusted, _, _ = multipletests(
        np.asarray(p_values, dtype=float), alpha=conf.alpha, method=conf.method
    )
    return [bool(r) for r in reject], [float(a) for a in adjusted]


def clusters(
    groups: dict[tuple[object, ...], tuple[int, set[str]]], *, min_texts: int, min_people: int
) -> dict[tuple[object, ...], tuple[int, int]]:
    """The cluster rule: a group (one commune, one issue, one week) is a cluster when it holds
    at least `min_texts` texts from at least `min_people` different senders. `groups` maps a
    group to (its texts, the senders' blind-index digests); returns group → (texts, people)."""
    return {
        key: (texts, len(people))
        for key, (texts, people) in groups.items()
        if texts >= min_texts and len(people) >= min_people
    }
