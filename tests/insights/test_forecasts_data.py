"""Weekly counts for the forecasts' tests, written directly: a national topic model with two
topics, their weekly counts in two provinces, and texts per week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from danvan.insights.models import Text, Topic, TopicModel, TopicWeekCount
from danvan.lib.dates import week_start
from tests.factories import unit

NOW = dt.datetime(2026, 11, 4, 3, 0, tzinfo=dt.UTC)  # a Wednesday
LAST_WEEK = week_start(NOW) - dt.timedelta(days=7)
WEEK = dt.timedelta(days=7)


@dataclass
class Data:
    hanoi: Any
    tuyen_quang: Any
    model: TopicModel
    land: Topic  # long history in both provinces
    wages: Topic  # ten weeks in Hà Nội only: too short to forecast


def seasonal(weeks: int, seed: int, level: float = 30.0) -> list[int]:
    rng = np.random.default_rng(seed)
    t = np.arange(weeks)
    y = level + 0.05 * t + 8 * np.sin(2 * np.pi * t / 52) + rng.normal(0, 3, weeks)
    return [int(v) for v in np.maximum(0, np.round(y))]


def weeks_back(n: int) -> list[dt.date]:
    return [LAST_WEEK - WEEK * (n - 1 - i) for i in range(n)]


def texts(province: Any, counts: list[int], start_id: int, *, sensitive: int = 0) -> None:
    rows = []
    n = start_id
    for week, count in zip(weeks_back(len(counts)), counts, strict=True):
        for _ in range(count):
            at = dt.datetime.combine(week, dt.time(10), tzinfo=dt.UTC)
            rows.append(
                Text(
                    source="case",
                    source_id=n,
                    content="Ý kiến thử nghiệm",
                    province=province,
                    unit=None,
                    occurred_at=at,
                    week=week,
                    sensitive=sensitive > 0,
                )
            )
            sensitive -= 1
            n += 1
    Text.objects.bulk_create(rows)


def build(*, topic_weeks: int = 120) -> Data:
    hanoi, tuyen_quang = unit("01"), unit("08")
    model = TopicModel.objects.create(
        scope=None,
        period_start=LAST_WEEK - WEEK * topic_weeks,
        period_end=LAST_WEEK,
        topic_count=2,
        trained_at=NOW - dt.timedelta(days=2),
        active=True,
    )
    land = Topic.objects.create(model=model, number=0, words=[["đất_đai", 1.0]], label="Đất đai")
    wages = Topic.objects.create(
        model=model, number=1, words=[["tiền_lương", 1.0]], label="Tiền lương"
    )
    rows = []
    for province, seed in ((hanoi, 1), (tuyen_quang, 2)):
        for week, count in zip(weeks_back(topic_weeks), seasonal(topic_weeks, seed), strict=True):
            rows.append(
                TopicWeekCount(topic=land, week=week, province=province, unit=None, count=count)
            )
    for week in weeks_back(10):
        rows.append(TopicWeekCount(topic=wages, week=week, province=hanoi, unit=None, count=3))
    TopicWeekCount.objects.bulk_create(rows)
    # Every text: 20 weeks in Hà Nội (6 to 9 a week), 20 weeks of 2 a week in Tuyên Quang.
    texts(hanoi, [6 + (i % 4) for i in range(20)], 50_000_000, sensitive=3)
    texts(tuyen_quang, [2] * 20, 60_000_000)
    return Data(hanoi=hanoi, tuyen_quang=tuyen_quang, model=model, land=land, wages=wages)
