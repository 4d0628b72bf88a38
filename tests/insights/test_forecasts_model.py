"""The forecasting model on synthetic weekly series (no database): it must beat the naive
seasonal baseline where there is a trend and a season, and its intervals must cover about
their nominal rate."""

from __future__ import annotations

import numpy as np
import pytest

from danvan.insights.forecasting.model import (
    MIN_WEEKS,
    SEASON,
    Settings,
    forecast,
    naive_forecast,
)


def seasonal_series(seed: int, weeks: int = 156) -> np.ndarray:
    """Three years of weekly counts: level 30, a rise of 0.08 a week, a yearly wave of ±10
    and Gaussian noise (σ 3), rounded and never negative."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks)
    return np.maximum(
        0, np.round(30 + 0.08 * t + 10 * np.sin(2 * np.pi * t / SEASON) + rng.normal(0, 3, weeks))
    )


def test_the_model_beats_the_naive_seasonal_forecast_on_a_seasonal_series_with_a_trend() -> None:
    outcome = forecast(seasonal_series(seed=11), Settings(horizon=8, backtest_weeks=26))
    assert outcome.method == "ets-AAdA"  # three years: the yearly season is modelled
    assert outcome.seasonal_naive  # the baseline is last year's same week
    assert outcome.folds == 26 and outcome.errors > 26
    assert outcome.mae is not None and outcome.naive_mae is not None
    assert outcome.mae < outcome.naive_mae
    assert outcome.mase is not None and outcome.mase < 1


def test_across_seeds_the_model_beats_the_naive_forecast_every_time() -> None:
    ratios = []
    for seed in range(6):
        o = forecast(seasonal_series(seed=seed), Settings())
        assert o.mae is not None and o.naive_mae
        ratios.append(o.mae / o.naive_mae)
    assert max(ratios) < 1.0
    assert float(np.mean(ratios)) < 0.8


def test_the_80_percent_intervals_cover_between_60_and_95_percent_of_the_back_tested_weeks() -> (
    None
):
    # Pooled over 8 seeded series × 180 back-tested weeks each. The bound is loose on purpose:
    # the intervals ignore the parameters' own uncertainty, so they run a little narrow
    # (measured: ~73 % at a nominal 80 %); a broken interval (no width, or the wrong scale)
    # falls far outside it.
    covered = errors = 0
    for seed in range(8):
        o = forecast(seasonal_series(seed=100 + seed), Settings(level=0.8))
        covered += o.covered
        errors += o.errors
    assert 0.60 <= covered / errors <= 0.95


def test_wider_nominal_intervals_cover_more() -> None:
    y = seasonal_series(seed=5)
    narrow = forecast(y, Settings(level=0.5)).coverage
    wide = forecast(y, Settings(level=0.95)).coverage
    assert narrow is not None and wide is not None
    assert narrow < wide


def test_the_forecast_runs_the_horizon_with_intervals_around_the_mean() -> None:
    o = forecast(seasonal_series(seed=3), Settings(horizon=6))
    assert [p.step for p in o.points] == [1, 2, 3, 4, 5, 6]
    for p in o.points:
        assert 0 <= p.lower <= p.mean <= p.upper
    # Later weeks are less certain.
    assert o.points[-1].upper - o.points[-1].lower > o.points[0].upper - o.points[0].lower


def test_a_short_series_gets_no_forecast_and_says_why() -> None:
    o = forecast([3, 4, 5, 2, 6, 4, 3, 5, 4, 6, 5, 4, 3, 5, 6][: MIN_WEEKS - 1])
    assert o.points == []
    assert o.reason == "short"
    assert o.method == ""
    assert o.history_weeks == MIN_WEEKS - 1


def test_under_two_years_the_model_has_no_season() -> None:
    o = forecast(seasonal_series(seed=2, weeks=80))
    assert o.method == "ets-AAdN"
    assert o.points


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        (list(range(60)), [8.0, 9.0, 10.0]),  # a year of history: the same weeks a year before
        ([1, 2, 3, 4, 5, 6, 7, 8], [6.5, 6.5, 6.5]),  # under a year: the last 4 weeks' mean
    ],
)
def test_the_naive_baseline_is_last_years_week_or_the_last_four_weeks_mean(
    history: list[int], expected: list[float]
) -> None:
    assert naive_forecast(np.asarray(history, dtype=float), 3).tolist() == expected


def test_a_series_that_never_moves_is_carried_forward_without_a_back_test() -> None:
    o = forecast([0.0] * 40)
    assert o.method == "constant"
    assert {p.mean for p in o.points} == {0.0}
    assert o.errors == 0 and o.mae is None
