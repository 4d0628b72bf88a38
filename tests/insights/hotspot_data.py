"""Data for the hotspot tests, made directly: an active national topic model with weekly
counts per province, texts in bulk (no segmentation: the scan reads counts only)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from danvan.insights.models import Text, TextSource, Topic, TopicModel, TopicWeekCount
from danvan.org.models import AdminLevel, AdminUnit

WEEK = dt.date(2026, 11, 23)  # a Monday
BASELINE = 8

_ids = itertools.count(50_000_000)


def weeks_before(week: dt.date = WEEK, n: int = BASELINE) -> list[dt.date]:
    return [week - dt.timedelta(weeks=k) for k in range(n, 0, -1)]


def topic_model(topics: int = 3) -> tuple[TopicModel, list[Topic]]:
    model = TopicModel.objects.create(
        scope=None,
        period_start=WEEK - dt.timedelta(weeks=30),
        period_end=WEEK,
        topic_count=topics,
        trained_at=timezone.now(),
        active=True,
    )
    made = [
        Topic.objects.create(model=model, number=i, words=[[f"từ_{i}", 1.0]], label=f"Chủ đề {i}")
        for i in range(topics)
    ]
    return model, made


def provinces() -> list[AdminUnit]:
    return list(AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE).order_by("code"))


def communes(n: int) -> list[AdminUnit]:
    return list(AdminUnit.objects.current().filter(level=AdminLevel.COMMUNE).order_by("code")[:n])


def week_counts(rows: list[tuple[Topic, AdminUnit, dt.date, int]]) -> None:
    TopicWeekCount.objects.bulk_create(
        [
            TopicWeekCount(topic=t, province=p, unit=None, week=w, count=n)
            for t, p, w, n in rows
            if n > 0
        ]
    )


def texts(
    n: int,
    *,
    week: dt.date,
    unit: AdminUnit | None = None,
    province: AdminUnit | None = None,
    organization: Any = None,
    case_kind: str = "",
    source: str = TextSource.CASE,
    restricted: bool = False,
    sensitive: bool = False,
    content: str = "Đường làng ngập nước",
) -> list[Text]:
    if province is None and unit is not None:
        province = unit.province or unit
    at = timezone.make_aware(dt.datetime.combine(week + dt.timedelta(days=2), dt.time(10)))
    return Text.objects.bulk_create(
        [
            Text(
                source=source,
                source_id=next(_ids),
                content=content,
                words=content.lower().replace(" ", "_"),
                unit=unit,
                province=province,
                organization=organization,
                occurred_at=at,
                week=week,
                case_kind=case_kind,
                restricted=restricted,
                sensitive=sensitive,
            )
            for _ in range(n)
        ]
    )
