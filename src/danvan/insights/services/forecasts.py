"""Writes of the forecasts (decision 0029): a refresh of every series of a scope, with its
back-test summary, and an officer's own assessment beside the model's."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import ADDITION
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.lib.audit import audit
from danvan.org.models import AdminUnit

from .. import access
from ..forecasting import series as series_mod
from ..forecasting.model import Outcome, Settings, forecast_many
from ..models import Assessment, Backtest, Forecast, ForecastPoint, Topic, Trend
from ..selectors.forecasts import assessing_body

WEEK = dt.timedelta(days=7)


def model_settings() -> Settings:
    return Settings(
        horizon=int(getattr(settings, "INSIGHTS_FORECAST_HORIZON", 8)),
        level=float(getattr(settings, "INSIGHTS_FORECAST_LEVEL", 0.8)),
        backtest_weeks=int(getattr(settings, "INSIGHTS_FORECAST_BACKTEST_WEEKS", 26)),
    )


def _workers() -> int:
    return int(getattr(settings, "INSIGHTS_FORECAST_WORKERS", min(2, os.cpu_count() or 1)))


@dataclass
class SeriesResult:
    key: series_mod.Key
    outcome: Outcome


@dataclass
class RefreshResult:
    backtest: Backtest | None
    results: list[SeriesResult] = field(default_factory=list)
    seconds: float = 0.0
    short: int = 0
    failed: int = 0


def run_forecasts(
    *,
    province: AdminUnit | None,
    now: dt.datetime,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[SeriesResult], dt.date]:
    """Forecast every series of the scope, writing nothing (the command's dry run uses it)."""
    end = series_mod.last_complete_week(now)
    found = series_mod.weekly_series(
        end=end,
        province_id=province.pk if province else None,
        topic_model=series_mod.active_topic_model(),
    )
    keys = sorted(found, key=lambda k: (k.province_id or 0, k.topic_id or 0))
    outcomes = forecast_many(
        [found[k].values for k in keys],
        model_settings(),
        workers=_workers() if workers is None else workers,
    )
    results = []
    for i, (key, outcome) in enumerate(zip(keys, outcomes, strict=True), start=1):
        results.append(SeriesResult(key=key, outcome=outcome))
        if progress is not None:
            progress(i, len(keys))
    return results, end


def refresh_forecasts(
    *,
    actor: Any = None,
    province: AdminUnit | None = None,
    now: dt.datetime | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RefreshResult:
    """Forecast every series of a province (or of the whole country: None) and make the new
    forecasts the current ones; the back-test of the whole run is kept as one `Backtest`.

    The numbers are computed before the transaction (minutes for the whole country); the
    writes replace the scope's current forecasts at once."""
    now = now or timezone.now()
    started = time.perf_counter()
    results, end = run_forecasts(province=province, now=now, workers=workers, progress=progress)
    seconds = time.perf_counter() - started
    config = model_settings()
    start = end - WEEK * (series_mod.history_weeks() - 1)
    with transaction.atomic():
        current = Forecast.objects.filter(current=True)
        if province is not None:
            current = current.filter(province=province)
        current.update(current=False)
        forecasts = Forecast.objects.bulk_create(
            [_forecast_row(r, made_at=now, end=end) for r in results]
        )
        ForecastPoint.objects.bulk_create(
            ForecastPoint(
                forecast=f,
                week=end + WEEK * p.step,
                mean=p.mean,
                lower=p.lower,
                upper=p.upper,
            )
            for f, r in zip(forecasts, results, strict=True)
            for p in r.outcome.points
        )
        backtest = _backtest_row(
            results, config=config, made_at=now, seconds=seconds, scope=province
        )
        # Counting sensitive texts is a use of them (Luật 91/2025/QH15): logged, never shown.
        access.log_sensitive(
            actor,
            purpose="forecasts",
            texts=series_mod.sensitive_counted(
                start=start, end=end, province_id=province.pk if province else None
            ),
            scope_id=province.pk if province else None,
        )
    return RefreshResult(
        backtest=backtest,
        results=results,
        seconds=seconds,
        short=sum(1 for r in results if r.outcome.reason == "short"),
        failed=sum(1 for r in results if r.outcome.reason == "failed"),
    )


def _forecast_row(result: SeriesResult, *, made_at: dt.datetime, end: dt.date) -> Forecast:
    o = result.outcome
    return Forecast(
        topic_id=result.key.topic_id,
        province_id=result.key.province_id,
        made_at=made_at,
        method=o.method or f"none-{o.reason}",
        last_week=end,
        history_weeks=min(o.history_weeks, 32767),
        folds=o.folds,
        mae=o.mae,
        naive_mae=o.naive_mae,
        coverage=o.coverage,
        current=True,
    )


def _backtest_row(
    results: list[SeriesResult],
    *,
    config: Settings,
    made_at: dt.datetime,
    seconds: float,
    scope: AdminUnit | None,
) -> Backtest | None:
    tested = [r for r in results if r.outcome.errors]
    if not tested:
        return None
    errors = sum(r.outcome.errors for r in tested)
    mases = [m for r in tested if (m := r.outcome.mase) is not None]
    methods = sorted({r.outcome.method for r in tested})
    return Backtest.objects.create(
        made_at=made_at,
        method="+".join(methods)[:40],
        series=len(tested),
        horizon=config.horizon,
        # Pooled over every (series, origin, week ahead): large series weigh more, as they do
        # in the officers' work.
        mae=sum(r.outcome.abs_error for r in tested) / errors,
        naive_mae=sum(r.outcome.naive_abs_error for r in tested) / errors,
        coverage=sum(r.outcome.covered for r in tested) / errors,
        detail={
            "scope": scope.pk if scope else None,
            "level": config.level,
            "backtest_weeks": config.backtest_weeks,
            "seconds": round(seconds, 2),
            "series_total": len(results),
            "short": sum(1 for r in results if r.outcome.reason == "short"),
            "failed": sum(1 for r in results if r.outcome.reason == "failed"),
            "constant": sum(1 for r in results if r.outcome.method == "constant"),
            "beats_naive": sum(
                1 for r in tested if (r.outcome.mae or 0) < (r.outcome.naive_mae or 0)
            ),
            "mase_median": statistics.median(mases) if mases else None,
            "rows": [
                {
                    "topic": r.key.topic_id,
                    "province": r.key.province_id,
                    "method": r.outcome.method,
                    "weeks": r.outcome.history_weeks,
                    "mae": r.outcome.mae,
                    "naive_mae": r.outcome.naive_mae,
                    "mase": r.outcome.mase,
                    "coverage": r.outcome.coverage,
                }
                for r in tested
            ],
        },
    )


def record_assessment(
    *,
    actor: Any,
    province: AdminUnit | None,
    topic: Topic | None,
    trend: str,
    note: str,
    expected: int | None = None,
    now: dt.datetime | None = None,
) -> Assessment:
    """An officer's or leader's own reading of where a series is heading, kept beside the
    model's forecast; audited."""
    organization_id = assessing_body(actor, province.pk if province else None)
    if organization_id is None:
        raise PermissionDenied(_("You may not do this."))
    if trend not in Trend.values:
        raise ValidationError({"trend": _("Choose an expected trend.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what your assessment rests on.")})
    if expected is not None and expected < 0:
        raise ValidationError({"expected": _("A count cannot be negative.")})
    now = now or timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            topic=topic,
            province=province,
            organization_id=organization_id,
            author=actor,
            week=series_mod.last_complete_week(now) + WEEK,
            trend=trend,
            expected=expected,
            note=note.strip(),
        )
        audit(actor, assessment, ADDITION, f"assessment: {trend}")
    return assessment
