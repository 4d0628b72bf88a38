"""Forecasts at national scale (issue 20, point 7): one refresh of every weekly series — 34
provinces × 30 topics, each province's every-text series and the country's — on PostgreSQL.

1. Builds, in its own database (danvan_ins_forecasts), an active national topic model of 30
   topics and three years (156 weeks) of weekly counts per topic and province — level, trend
   and yearly wave drawn per series, Poisson counts, so small and large series alike — and
   the texts behind the every-text series (a few per province and week, bulk-inserted).
2. Times the numbers alone (`forecasting.model.forecast_many` on the series read from the
   database) on 1 and on 2 processes, then one whole `services.forecasts.refresh_forecasts`
   (read in SQL, forecast and back-test, write Forecast/ForecastPoint/Backtest) on 2.
3. Reports the seconds, series per second and the back-test of the run against the naive
   forecast.

cd bench && python insights_forecasts.py   (DATABASE_URL ignored: always danvan_ins_forecasts)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import _machine  # bench/ on sys.path

URL = "postgres://postgres@127.0.0.1:5432/danvan_ins_forecasts"
TOPICS = int(os.environ.get("BENCH_FORECAST_TOPICS", "30"))
WEEKS = int(os.environ.get("BENCH_FORECAST_WEEKS", "156"))
TEXTS_PER_WEEK = int(os.environ.get("BENCH_FORECAST_TEXTS", "6"))


def _prepare() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'danvan_ins_forecasts'"
        ).fetchone():
            conn.execute("CREATE DATABASE danvan_ins_forecasts")
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    from danvan.org.models import AdminUnit
    from danvan.org.services import load_admin_units

    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        load_admin_units()


def _seed(now: dt.datetime) -> tuple[int, int]:
    import numpy as np

    from danvan.insights.forecasting.series import last_complete_week
    from danvan.insights.models import Text, Topic, TopicModel, TopicWeekCount
    from danvan.org.models import AdminLevel, AdminUnit

    end = last_complete_week(now)
    weeks = [end - dt.timedelta(days=7 * (WEEKS - 1 - i)) for i in range(WEEKS)]
    provinces = list(AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE))
    model = TopicModel.objects.filter(scope__isnull=True, active=True).first()
    if model is not None and TopicWeekCount.objects.filter(week=end).exists():
        return len(provinces), TopicWeekCount.objects.count()
    TopicWeekCount.objects.all().delete()
    Text.objects.filter(source="case", source_id__gte=900_000_000).delete()
    TopicModel.objects.all().delete()
    model = TopicModel.objects.create(
        scope=None,
        period_start=weeks[0],
        period_end=end,
        topic_count=TOPICS,
        trained_at=now,
        active=True,
    )
    topics = Topic.objects.bulk_create(
        Topic(model=model, number=i, words=[[f"chủ_đề_{i}", 1.0]]) for i in range(TOPICS)
    )
    rng = np.random.default_rng(2026)
    t = np.arange(WEEKS)
    rows = []
    for province in provinces:
        for topic in topics:
            level = rng.lognormal(1.2, 1.0)  # from under 1 a week to dozens
            trend = rng.normal(0, 0.004) * level
            wave = rng.uniform(0, 0.5) * level
            phase = rng.uniform(0, 2 * np.pi)
            rate = np.maximum(0.05, level + trend * t + wave * np.sin(2 * np.pi * t / 52 + phase))
            for week, count in zip(weeks, rng.poisson(rate), strict=True):
                if count:
                    rows.append(
                        TopicWeekCount(topic=topic, week=week, province=province, count=int(count))
                    )
    TopicWeekCount.objects.bulk_create(rows, batch_size=5000)
    texts = []
    n = 900_000_000
    for province in provinces:
        for week, count in zip(weeks, rng.poisson(TEXTS_PER_WEEK, WEEKS), strict=True):
            at = dt.datetime.combine(week, dt.time(3), tzinfo=dt.UTC)
            for _ in range(int(count)):
                texts.append(
                    Text(
                        source="case",
                        source_id=n,
                        content="bench",
                        province=province,
                        occurred_at=at,
                        week=week,
                    )
                )
                n += 1
    Text.objects.bulk_create(texts, batch_size=5000)
    return len(provinces), len(rows)


def run(report: Callable[[str], None]) -> None:
    _prepare()
    from django.utils import timezone

    from danvan.insights.forecasting import series as series_mod
    from danvan.insights.forecasting.model import forecast_many
    from danvan.insights.services.forecasts import model_settings, refresh_forecasts

    now = timezone.now()
    started = time.perf_counter()
    provinces, week_rows = _seed(now)
    seed_s = time.perf_counter() - started
    print(f"[forecasts] data ready in {seed_s:.0f} s: {provinces} provinces, {week_rows} rows")

    started = time.perf_counter()
    found = series_mod.weekly_series(
        end=series_mod.last_complete_week(now), topic_model=series_mod.active_topic_model()
    )
    read_s = time.perf_counter() - started
    values = [s.values for s in found.values()]
    print(f"[forecasts] {len(values)} series read in {read_s:.2f} s")
    compute: dict[int, float] = {}
    for workers in (1, 2):
        started = time.perf_counter()
        outcomes = list(forecast_many(values, model_settings(), workers=workers))
        compute[workers] = time.perf_counter() - started
        print(f"[forecasts] numbers on {workers} process(es): {compute[workers]:.1f} s")
    started = time.perf_counter()
    result = refresh_forecasts(now=now, workers=2)
    refresh_s = time.perf_counter() - started
    b = result.backtest
    assert b is not None
    beats = b.detail["beats_naive"]
    print(f"[forecasts] refresh on 2 processes: {refresh_s:.1f} s")
    methods = ", ".join(sorted({o.method for o in outcomes}))
    level = round(model_settings().level * 100)
    window = model_settings().backtest_weeks
    written = f"write {len(values):,} forecasts + points + back-test"
    report(
        f"""
## Insights — forecasts ({timezone.localdate():%d/%m/%Y})

Machine: {_machine()}. PostgreSQL, database `danvan_ins_forecasts`. One refresh of every
weekly series: {provinces} provinces × {TOPICS} topics from `TopicWeekCount`
({week_rows:,} rows over {WEEKS} weeks, Poisson counts with a drawn level, trend and yearly
wave), each province's every-text series from `Text` and the country's — {len(values):,}
series. Horizon {b.horizon} weeks, {level} % intervals, rolling-origin back-test over the
last {window} weeks. Methods: {methods}.

| step | seconds |
|---|---:|
| read the series (2 grouped queries) | {read_s:.2f} |
| forecast + back-test, 1 process | {compute[1]:.1f} |
| forecast + back-test, 2 processes | {compute[2]:.1f} |
| whole refresh (read, compute on 2, {written}) | {refresh_s:.1f} |

Back-test of the run (pooled over every series, origin and week ahead): MAE {b.mae:.2f} texts
a week against the naive forecast's {b.naive_mae:.2f} (ratio {b.mae / b.naive_mae:.2f}); median
MASE {b.detail["mase_median"]:.2f}; {beats:,} of {b.series:,} series better than naive; interval
coverage {b.coverage * 100:.0f} % (nominal {level} %).
"""
    )


if __name__ == "__main__":
    run(print)
