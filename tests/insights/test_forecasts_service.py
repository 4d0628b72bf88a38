"""Refreshing the forecasts, the series they read, and the officers' assessments."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.insights.forecasting import series as series_mod
from danvan.insights.models import (
    Assessment,
    Backtest,
    Forecast,
    SensitiveUse,
    TopicWeekCount,
    Trend,
)
from danvan.insights.services.forecasts import record_assessment, refresh_forecasts
from tests.factories import Role, user_with

from .test_forecasts_data import LAST_WEEK, NOW, WEEK, build

pytestmark = pytest.mark.django_db


def test_the_series_are_summed_per_province_and_topic_and_zero_filled(network) -> None:  # type: ignore[no-untyped-def]
    data = build(topic_weeks=30)
    TopicWeekCount.objects.filter(
        topic=data.land, province=data.hanoi, week=LAST_WEEK - WEEK * 3
    ).delete()
    found = series_mod.weekly_series(end=LAST_WEEK, topic_model=data.model)
    land = found[series_mod.Key(data.land.pk, data.hanoi.pk)]
    assert len(land.values) == 30 and land.last_week == LAST_WEEK
    assert land.values[-4] == 0.0  # the deleted week is there, as zero
    nation = found[series_mod.Key(data.land.pk, None)]
    tq = found[series_mod.Key(data.land.pk, data.tuyen_quang.pk)]
    assert nation.values[-1] == land.values[-1] + tq.values[-1]
    every = found[series_mod.Key(None, data.hanoi.pk)]
    assert every.values == [6.0 + (i % 4) for i in range(20)]
    # A province's scope reads that province only, and no national series.
    one = series_mod.weekly_series(end=LAST_WEEK, province_id=data.hanoi.pk, topic_model=data.model)
    assert {k.province_id for k in one} == {data.hanoi.pk}


def test_a_refresh_writes_forecasts_with_intervals_and_a_backtest_summary(network) -> None:  # type: ignore[no-untyped-def]
    data = build()
    with time_machine.travel(NOW, tick=False):
        result = refresh_forecasts(workers=1)
    land = Forecast.objects.get(topic=data.land, province=data.hanoi, current=True)
    points = list(land.points.order_by("week"))
    assert [p.week for p in points] == [LAST_WEEK + WEEK * k for k in range(1, 9)]
    assert all(p.lower <= p.mean <= p.upper for p in points)
    assert land.method == "ets-AAdN" and land.history_weeks == 120 and land.folds == 26
    assert land.mae is not None and land.naive_mae is not None and land.coverage is not None
    # Ten weeks of "wages": no forecast, and the row says why.
    short = Forecast.objects.get(topic=data.wages, province=data.hanoi, current=True)
    assert short.method == "none-short" and not short.points.exists()
    assert result.short >= 1
    backtest = Backtest.objects.get()
    assert backtest == result.backtest
    assert backtest.series == sum(1 for r in result.results if r.outcome.errors)
    assert backtest.horizon == 8 and backtest.detail["short"] == result.short
    assert len(backtest.detail["rows"]) == backtest.series


def test_a_refresh_replaces_the_current_forecasts_of_its_scope_only(network) -> None:  # type: ignore[no-untyped-def]
    data = build(topic_weeks=40)
    with time_machine.travel(NOW, tick=False):
        refresh_forecasts(workers=1)
        first = set(Forecast.objects.filter(current=True).values_list("pk", flat=True))
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        refresh_forecasts(workers=1, province=data.hanoi)
    current = Forecast.objects.filter(current=True)
    hanoi_now = current.filter(province=data.hanoi)
    assert not set(hanoi_now.values_list("pk", flat=True)) & first
    # Tuyên Quang's and the country's were not in the scope: still current.
    others = set(current.exclude(province=data.hanoi).values_list("pk", flat=True))
    assert others and others <= first
    # One current forecast per place and topic.
    pairs = list(current.values_list("province_id", "topic_id"))
    assert len(pairs) == len(set(pairs))
    assert Forecast.objects.filter(current=False, province=data.hanoi).count() == hanoi_now.count()


def test_counting_sensitive_texts_for_the_forecasts_is_logged(network) -> None:  # type: ignore[no-untyped-def]
    build(topic_weeks=20)
    with time_machine.travel(NOW, tick=False):
        refresh_forecasts(workers=1)
    use = SensitiveUse.objects.get(purpose="forecasts")
    assert use.texts == 3


def test_an_officers_assessment_is_recorded_beside_the_forecast_and_audited(network) -> None:  # type: ignore[no-untyped-def]
    data = build(topic_weeks=20)
    officer = user_with(network.province_a, Role.OFFICER)
    with time_machine.travel(NOW, tick=False):
        assessment = record_assessment(
            actor=officer,
            province=data.hanoi,
            topic=data.land,
            trend=Trend.RISING,
            expected=40,
            note="Mùa thu hoạch, tranh chấp đất tăng.",
        )
    assert assessment.organization_id == network.province_a.pk
    assert assessment.week == LAST_WEEK + WEEK
    entry = LogEntry.objects.get(object_id=str(assessment.pk))
    assert entry.user_id == officer.pk and entry.action_flag == ADDITION


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.SYSTEM_ADMIN])
def test_only_officers_and_leaders_of_the_place_record_assessments(network, role) -> None:  # type: ignore[no-untyped-def]
    data = build(topic_weeks=20)
    other = user_with(network.province_b, Role.OFFICER)
    admin = user_with(network.province_a, role)
    for actor in (other, admin):
        with pytest.raises(PermissionDenied):
            record_assessment(
                actor=actor, province=data.hanoi, topic=None, trend=Trend.STABLE, note="x"
            )
    assert not Assessment.objects.exists()


def test_an_assessment_without_a_note_or_with_an_unknown_trend_is_refused(network) -> None:  # type: ignore[no-untyped-def]
    data = build(topic_weeks=20)
    officer = user_with(network.province_a, Role.OFFICER)
    with pytest.raises(ValidationError):
        record_assessment(actor=officer, province=data.hanoi, topic=None, trend="up", note="x")
    with pytest.raises(ValidationError):
        record_assessment(
            actor=officer, province=data.hanoi, topic=None, trend=Trend.STABLE, note="  "
        )
    assert not Assessment.objects.exists()


def test_the_command_forecasts_and_prints_the_backtest(network) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import call_command

    build(topic_weeks=60)
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("insights_forecast", "--workers", "1", stdout=out, stderr=err)
    text = out.getvalue()
    assert "MAE" in text and "naive" in text and "MASE" in text
    assert "Back-test #" in text
    assert "series" in err.getvalue()  # progress
    assert Forecast.objects.filter(current=True).exists()
    backtest = Backtest.objects.get()
    assert f"{backtest.mae:.2f}" in text


def test_the_commands_dry_run_writes_nothing(network) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import call_command

    build(topic_weeks=60)
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command(
            "insights_forecast", "--dry-run", "--province", "01", stdout=out, stderr=io.StringIO()
        )
    assert "back-tested" in out.getvalue()
    assert not Forecast.objects.exists() and not Backtest.objects.exists()
