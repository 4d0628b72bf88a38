"""One weekly series' forecast and its back-test (decision 0029): pure numbers, no database.

The model is statsmodels' ETS (`ETSModel`): additive errors, an additive damped trend, and an
additive yearly season (52 weeks) when the series has at least two years of history; its
prediction intervals are the exact ones of that model (Hyndman et al., class 1).

The back-test is a rolling origin over the last `backtest_weeks` weeks of history:

- the model's parameters and initial states are estimated once, on the history *before* the
  back-test window (nothing of the weeks being tested leaks into them);
- the model then runs forward over the window with those parameters, and from every week of
  the window it forecasts the next 1…`horizon` weeks that are still inside the window, as it
  would have on that day;
- the naive forecast on the same weeks is the count of the same week a year before when the
  origin has 52 weeks of history behind it, else the mean of the last 4 weeks;
- MAE is over every (origin, week ahead) pair; MASE divides it by the in-sample error of the
  naive one-season-back (or one-week-back, under a year) forecast over the training part; the
  coverage is the share of those weeks whose count fell inside the interval.

The forecast itself runs on from the end of the history with the same parameters, its interval
scaled by the one-step error over the whole history. Counts are not negative: means and lower
bounds are cut at zero.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

SEASON = 52
MIN_WEEKS = 16  # below this a series gets no forecast: too little to tell trend from noise
MIN_TRAIN = 12  # weeks the back-test keeps before its window
NAIVE_WINDOW = 4


@dataclass(frozen=True)
class Settings:
    horizon: int = 8
    level: float = 0.8
    backtest_weeks: int = 26
    min_weeks: int = MIN_WEEKS


@dataclass
class Point:
    step: int  # 1: the week after the last observed one
    mean: float
    lower: float
    upper: float


@dataclass
class Outcome:
    method: str  # "ets-AAdA" / "ets-AAdN" / "constant" / "" (no forecast)
    history_weeks: int
    points: list[Point] = field(default_factory=list)
    reason: str = ""  # why there is no forecast: "short" / "failed"
    folds: int = 0  # back-test origins
    errors: int = 0  # back-test (origin, week ahead) pairs
    abs_error: float = 0.0  # sums over those pairs, for pooling across series
    naive_abs_error: float = 0.0
    covered: int = 0
    scale: float | None = None  # in-sample naive error (MASE's denominator)
    seasonal_naive: bool = False  # the naive forecast was last year's week (else 4-week mean)

    @property
    def mae(self) -> float | None:
        return self.abs_error / self.errors if self.errors else None

    @property
    def naive_mae(self) -> float | None:
        return self.naive_abs_error / self.errors if self.errors else None

    @property
    def mase(self) -> float | None:
        mae = self.mae
        if mae is None or not self.scale:
            return None
        return mae / self.scale

    @property
    def coverage(self) -> float | None:
        return self.covered / self.errors if self.errors else None


def naive_forecast(history: np.ndarray, steps: int) -> np.ndarray:
    """The naive baseline from the end of `history`: the same weeks a year before when there is
    a year of history, else the mean of the last 4 weeks."""
    n = len(history)
    if n >= SEASON:
        return np.array([history[n - SEASON + k] for k in range(steps)], dtype=float)
    window = history[-NAIVE_WINDOW:] if n else np.zeros(1)
    return np.full(steps, float(np.mean(window)))


def _naive_scale(train: np.ndarray) -> float | None:
    lag = SEASON if len(train) > SEASON else 1
    if len(train) <= lag:
        return None
    scale = float(np.mean(np.abs(train[lag:] - train[:-lag])))
    return scale or None


def _spec(length: int) -> dict[str, Any]:
    seasonal = length >= 2 * SEASON
    return {
        "error": "add",
        "trend": "add",
        "damped_trend": True,
        "seasonal": "add" if seasonal else None,
        "seasonal_periods": SEASON if seasonal else None,
    }


def _method(spec: dict[str, Any]) -> str:
    return "ets-AAdA" if spec["seasonal"] else "ets-AAdN"


def forecast(values: Iterable[float], settings: Settings | None = None) -> Outcome:
    """Forecast the weeks after `values` (weekly counts, oldest first, zero-filled) and
    back-test the model on their last weeks."""
    settings = settings or Settings()
    y = np.asarray(list(values), dtype=float)
    n = len(y)
    outcome = Outcome(method="", history_weeks=n)
    if n < settings.min_weeks:
        outcome.reason = "short"
        return outcome
    if np.all(y == y[0]):
        # Nothing moves (often: no text at all): the model has nothing to fit; the history is
        # the forecast, and the back-test is exact by construction, so none is claimed.
        outcome.method = "constant"
        outcome.points = [
            Point(step=k + 1, mean=y[0], lower=y[0], upper=y[0]) for k in range(settings.horizon)
        ]
        return outcome
    window = min(settings.backtest_weeks, n - MIN_TRAIN)
    train = y[: n - window] if window > 0 else y
    z = float(norm.ppf(0.5 + settings.level / 2))
    try:
        with warnings.catch_warnings():
            # Convergence chatter on short or flat series; the result is checked below.
            warnings.simplefilter("ignore")
            from statsmodels.tsa.exponential_smoothing.ets import ETSModel

            spec = _spec(len(train))
            fit = ETSModel(pd.Series(train), initialization_method="heuristic", **spec).fit(
                disp=False, maxiter=300
            )
            known: dict[str, Any] = {
                "initialization_method": "known",
                "initial_level": fit.initial_level,
            }
            known["initial_trend"] = fit.initial_trend
            if spec["seasonal"]:
                known["initial_seasonal"] = fit.initial_seasonal
            run = ETSModel(pd.Series(y), **known, **spec).smooth(np.asarray(fit.params))
            train_mse = float(fit.mse)
            full_mse = float(run.mse)
            if not (math.isfinite(train_mse) and math.isfinite(full_mse)) or full_mse <= 0:
                raise ValueError("degenerate fit")
            if window > 0:
                _backtest(outcome, run, y, n - window, settings, z, train_mse / full_mse)
            outcome.scale = _naive_scale(train)
            ahead = run.get_prediction(start=n, end=n + settings.horizon - 1)
            means = np.asarray(ahead.predicted_mean, dtype=float)
            spread = z * np.sqrt(np.asarray(ahead.forecast_variance, dtype=float))
    except (ValueError, np.linalg.LinAlgError, FloatingPointError):
        outcome.reason = "failed"
        outcome.points = []
        return outcome
    if not np.all(np.isfinite(means)) or not np.all(np.isfinite(spread)):
        outcome.reason = "failed"
        return outcome
    outcome.method = _method(spec)
    outcome.points = [
        Point(
            step=k + 1,
            mean=max(0.0, float(means[k])),
            lower=max(0.0, float(means[k] - spread[k])),
            upper=max(0.0, float(means[k] + spread[k])),
        )
        for k in range(settings.horizon)
    ]
    return outcome


def _backtest(
    outcome: Outcome,
    run: Any,
    y: np.ndarray,
    start: int,
    settings: Settings,
    z: float,
    variance_ratio: float,
) -> None:
    n = len(y)
    outcome.seasonal_naive = start >= SEASON
    for origin in range(start, n):
        steps = min(settings.horizon, n - origin)
        path = run.get_prediction(start=origin, end=origin + steps - 1, dynamic=0)
        means = np.maximum(np.asarray(path.predicted_mean, dtype=float), 0.0)
        # Interval width from the training part's one-step error only (no leak of the window).
        spread = z * np.sqrt(np.asarray(path.forecast_variance, dtype=float) * variance_ratio)
        actual = y[origin : origin + steps]
        naive = naive_forecast(y[:origin], steps)
        outcome.folds += 1
        outcome.errors += steps
        outcome.abs_error += float(np.sum(np.abs(actual - means)))
        outcome.naive_abs_error += float(np.sum(np.abs(actual - naive)))
        outcome.covered += int(
            np.sum((actual >= means - spread - 1e-9) & (actual <= means + spread + 1e-9))
        )


def _one(args: tuple[list[float], Settings]) -> Outcome:
    return forecast(args[0], args[1])


def forecast_many(
    series: list[list[float]], settings: Settings, *, workers: int = 1
) -> Iterator[Outcome]:
    """Outcomes in the order of `series`, over `workers` processes when more than one (each
    series is independent and the work is numerical: threads would not help)."""
    if workers <= 1 or len(series) < 8:
        for values in series:
            yield forecast(values, settings)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_one, [(values, settings) for values in series], chunksize=8)
