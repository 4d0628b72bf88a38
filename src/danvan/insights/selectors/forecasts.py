"""Reads of the forecasts, through `access` (decision 0029).

Forecasts are made per province (and for the whole country), never per commune: a commune's
weekly counts per topic are mostly 0, 1 or 2 — no model tells trend from noise there, and
the counts would name people. Who sees a forecast is who sees the counts of its place
(`access.territory_q`): a province's staff their province, central staff every province and
the country; a commune's staff see none (their territory is smaller than the forecast's).
Viewers who do not read texts see small counts hidden (`access.shown_count`), in the
history, the forecast and its interval alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from danvan.accounts import scopes
from danvan.org.models import AdminLevel, AdminUnit

from .. import access
from ..forecasting import series as series_mod
from ..forecasting.model import SEASON
from ..models import Assessment, Backtest, Forecast, ForecastPoint, Topic, Trend

WEEK = dt.timedelta(days=7)
HISTORY_SHOWN = 52  # weeks of history drawn before the forecast


def forecast_q(user: Any) -> Q:
    """The forecasts whose place the user's grants cover. Forecasts have a province and no
    commune, so a commune grant's part (`unit=` the commune) matches none of them."""
    if not access.is_staff(user):
        return Q(pk__in=[])
    return access.territory_q(user, unit="province", province="province")


def forecasts_for(user: Any) -> QuerySet[Forecast]:
    return Forecast.objects.filter(forecast_q(user))


def assessing_body(user: Any, province_id: int | None) -> int | None:
    """The body an officer or leader records an assessment for: their grant covering the
    province (a central grant covers every province and the country); None: they may not."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    for grant in scopes.grants_for(user):
        if grant.role not in access.WRITER_ROLES:
            continue
        if grant.unit_id is None:
            return grant.organization_id
        if (
            province_id is not None
            and grant.unit_level == AdminLevel.PROVINCE
            and grant.province_id == province_id
        ):
            return grant.organization_id
    return None


def _topic_q(topic_id: int | None) -> Q:
    return Q(topic__isnull=True) if topic_id is None else Q(topic_id=topic_id)


def _shown(value: float | None, reads: bool) -> int | None:
    if value is None:
        return None
    return access.shown_count(round(value), reads=reads)


def model_trend(recent: list[float], ahead: list[float]) -> str | None:
    """Rising / stable / falling: the next 4 weeks' expected mean against the last 4 weeks'
    mean, ±10 % (at least 1 a week) counting as stable."""
    if not recent or not ahead:
        return None
    before = sum(recent[-4:]) / len(recent[-4:])
    after = sum(ahead[:4]) / len(ahead[:4])
    margin = max(1.0, 0.1 * before)
    if after > before + margin:
        return Trend.RISING
    if after < before - margin:
        return Trend.FALLING
    return Trend.STABLE


@dataclass
class Row:
    forecast: Forecast
    place: str
    url_province: int | None
    last: int | None  # the last observed week's count, as shown
    next_mean: int | None
    next_lower: int | None
    next_upper: int | None
    next4: int | None  # the next 4 weeks' expected total


def overview(user: Any) -> list[Row]:
    """The current every-text forecast of each place the user covers: one query for the
    forecasts (with their province) and one for their points."""
    reads = access.reads_texts(user)
    forecasts = (
        forecasts_for(user)
        .filter(current=True, topic__isnull=True)
        .select_related("province")
        .prefetch_related("points")
        .order_by("province__name")
    )
    rows = []
    for f in forecasts:
        points = list(f.points.all())
        first = points[0] if points else None
        rows.append(
            Row(
                forecast=f,
                place=f.province.name if f.province else "",
                url_province=f.province_id,
                last=None,
                next_mean=_shown(first.mean, reads) if first else None,
                next_lower=_shown(first.lower, reads) if first else None,
                next_upper=_shown(first.upper, reads) if first else None,
                next4=_shown(sum(p.mean for p in points[:4]), reads) if points else None,
            )
        )
    # The country first, then the provinces by name.
    rows.sort(key=lambda r: (r.url_province is not None, r.place))
    return rows


@dataclass
class Week:
    week: dt.date
    actual: int | None  # as shown (None: hidden or not yet known)
    actual_known: bool
    mean: int | None = None
    lower: int | None = None
    upper: int | None = None
    raw_mean: float | None = None
    forecast: bool = False


@dataclass
class Detail:
    forecast: Forecast | None
    province: AdminUnit | None
    topic: Topic | None
    topics: list[tuple[int, str]]
    weeks: list[Week] = field(default_factory=list)
    hidden: bool = False  # some small counts are hidden from this viewer
    naive_seasonal: bool = False
    trend: str | None = None
    assessments: list[Assessment] = field(default_factory=list)
    may_assess: bool = False


def detail(user: Any, *, province_id: int | None, topic_id: int | None, now: dt.datetime) -> Detail:
    """One place's (and topic's) current forecast, its history, and the officers' assessments.
    404 when there is no forecast of that place at all; 403 when it is outside the user's
    territory."""
    place = Forecast.objects.filter(current=True, province_id=province_id)
    if not place.exists():
        raise Http404
    visible = place.filter(forecast_q(user))
    if not visible.exists():
        raise PermissionDenied
    forecast = (
        visible.filter(_topic_q(topic_id))
        .select_related("province", "topic")
        .prefetch_related("points")
        .first()
    )
    if forecast is None and topic_id is not None:
        raise Http404
    province = (
        forecast.province
        if forecast is not None
        else (AdminUnit.objects.get(pk=province_id) if province_id else None)
    )
    topics = [
        (f.topic_id, str(f.topic))
        for f in visible.filter(topic__isnull=False)
        .select_related("topic")
        .order_by("topic__number")
        if f.topic_id is not None
    ]
    out = Detail(
        forecast=forecast,
        province=province,
        topic=forecast.topic if forecast else None,
        topics=topics,
        may_assess=assessing_body(user, province_id) is not None,
    )
    if forecast is None:
        return out
    reads = access.reads_texts(user)
    points: list[ForecastPoint] = list(forecast.points.all())
    known_end = series_mod.last_complete_week(now)
    start = forecast.last_week - WEEK * (HISTORY_SHOWN - 1)
    end = max(known_end, forecast.last_week)
    actual = series_mod.one_series(
        series_mod.Key(forecast.topic_id, forecast.province_id), start=start, end=end
    )
    by_week = {p.week: p for p in points}
    last = max([end, *(p.week for p in points)])
    weeks: list[Week] = []
    week = start
    i = 0
    while week <= last:
        value = actual[i] if i < len(actual) else None
        known = value is not None and week <= known_end
        row = Week(
            week=week,
            actual=_shown(value, reads) if known else None,
            actual_known=known,
        )
        if known and value and row.actual is None:
            out.hidden = True
        p = by_week.get(week)
        if p is not None:
            row.forecast = True
            row.raw_mean = p.mean
            row.mean, row.lower, row.upper = (
                _shown(p.mean, reads),
                _shown(p.lower, reads),
                _shown(p.upper, reads),
            )
            if (row.mean, row.lower, row.upper).count(None):
                out.hidden = True
        weeks.append(row)
        week += WEEK
        i += 1
    out.weeks = weeks
    out.naive_seasonal = forecast.history_weeks - forecast.folds >= SEASON
    history = [a for a, w in zip(actual, weeks, strict=False) if w.week <= forecast.last_week]
    out.trend = model_trend(history, [p.mean for p in points])
    out.assessments = list(
        Assessment.objects.filter(_topic_q(forecast.topic_id), province_id=province_id)
        .select_related("author", "organization")
        .order_by("-created_at")[:20]
    )
    return out


def topic_of(province_id: int | None, topic_id: int | None) -> Topic | None:
    """The topic an assessment is about: one with a current forecast of that place."""
    if topic_id is None:
        return None
    forecast = (
        Forecast.objects.filter(current=True, province_id=province_id, topic_id=topic_id)
        .select_related("topic")
        .first()
    )
    if forecast is None or forecast.topic is None:
        raise Http404
    return forecast.topic


@dataclass
class Evaluation:
    runs: list[Backtest]
    latest: Backtest | None
    rows: list[dict[str, Any]]


def evaluation(user: Any, *, limit: int = 20) -> Evaluation:
    """The latest back-test runs (whole-model figures: errors, not counts) and, of the latest
    run, the series of the user's territory, the worst first."""
    runs = list(Backtest.objects.order_by("-made_at")[:limit])
    latest = runs[0] if runs else None
    rows: list[dict[str, Any]] = []
    if latest is not None:
        detail_rows = latest.detail.get("rows", [])
        # The places whose forecasts the user sees: the same territory, read off the rows.
        seen = set(
            forecasts_for(user)
            .filter(current=True)
            .values_list("province_id", flat=True)
            .distinct()
        )
        provinces = {
            u.pk: u.name
            for u in AdminUnit.objects.filter(
                pk__in={r["province"] for r in detail_rows if r["province"] in seen}
            )
        }
        nation = None in seen
        topics = {
            t.pk: str(t)
            for t in Topic.objects.filter(pk__in={r["topic"] for r in detail_rows if r["topic"]})
        }
        for r in detail_rows:
            if r["province"] is None and not nation:
                continue
            if r["province"] is not None and r["province"] not in provinces:
                continue
            rows.append(
                {
                    **r,
                    "place": provinces.get(r["province"], ""),
                    "topic_label": topics.get(r["topic"], ""),
                }
            )
        rows.sort(key=lambda r: -(r["mase"] if r["mase"] is not None else -1))
    return Evaluation(runs=runs, latest=latest, rows=rows[:50])
