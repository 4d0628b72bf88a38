"""Weekly series to forecast, read from the database in aggregate (one grouped query each):

- per topic × province: `TopicWeekCount` of the active national topic model, summed over the
  province's communes;
- every text × province: `Text` counted per province and week;
- for the whole country (a scope of None), the same summed over every place, unknown places
  included.

A series runs from its first week with a text to the last complete week, weeks without texts
filled with zeros, and at most `history_weeks` long."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Sum

from danvan.lib.dates import week_start

from ..models import Text, TopicModel, TopicWeekCount

WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Key:
    topic_id: int | None  # None: every text
    province_id: int | None  # None: the whole country


@dataclass
class Series:
    key: Key
    first_week: dt.date
    values: list[float]

    @property
    def last_week(self) -> dt.date:
        return self.first_week + WEEK * (len(self.values) - 1)


def history_weeks() -> int:
    return int(getattr(settings, "INSIGHTS_FORECAST_HISTORY_WEEKS", 156))


def last_complete_week(now: dt.datetime) -> dt.date:
    return week_start(now) - WEEK


def active_topic_model() -> TopicModel | None:
    return (
        TopicModel.objects.filter(scope__isnull=True, active=True).order_by("-trained_at").first()
    )


def _weeks(start: dt.date, end: dt.date) -> int:
    return (end - start).days // 7 + 1


def _build(
    counts: dict[Key, dict[dt.date, float]], start: dt.date, end: dt.date
) -> dict[Key, Series]:
    out: dict[Key, Series] = {}
    for key, weeks in counts.items():
        present = [w for w, n in weeks.items() if n]
        if not present:
            continue
        first = max(min(present), start)
        values = [0.0] * _weeks(first, end)
        for week, n in weeks.items():
            if first <= week <= end:
                values[(week - first).days // 7] += float(n)
        out[key] = Series(key=key, first_week=first, values=values)
    return out


def weekly_series(
    *,
    end: dt.date,
    province_id: int | None = None,
    topic_model: TopicModel | None = None,
    weeks: int | None = None,
    nation: bool | None = None,
) -> dict[Key, Series]:
    """Every series of a scope: one province (`province_id`) or the whole country (None, which
    adds the national series). `end` is the last week counted (a Monday)."""
    weeks = weeks or history_weeks()
    start = end - WEEK * (weeks - 1)
    nation = province_id is None if nation is None else nation
    counts: dict[Key, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))

    texts = Text.objects.raised_by_people().filter(week__range=(start, end))
    if province_id is not None:
        texts = texts.filter(province_id=province_id)
    for row in texts.values("province_id", "week").annotate(n=Count("id")).order_by():
        if row["province_id"] is not None:
            counts[Key(None, row["province_id"])][row["week"]] += row["n"]
        if nation:
            counts[Key(None, None)][row["week"]] += row["n"]

    if topic_model is not None:
        rows = TopicWeekCount.objects.filter(topic__model=topic_model, week__range=(start, end))
        if province_id is not None:
            rows = rows.filter(province_id=province_id)
        grouped = rows.values("topic_id", "province_id", "week").annotate(n=Sum("count"))
        for row in grouped.order_by():
            if row["province_id"] is not None:
                counts[Key(row["topic_id"], row["province_id"])][row["week"]] += row["n"]
            if nation:
                counts[Key(row["topic_id"], None)][row["week"]] += row["n"]
    return _build(counts, start, end)


def one_series(key: Key, *, start: dt.date, end: dt.date) -> list[float]:
    """One series' weekly counts from `start` to `end` (zero-filled): for the page's history."""
    counts: dict[dt.date, float] = defaultdict(float)
    if key.topic_id is None:
        rows = Text.objects.raised_by_people().filter(week__range=(start, end))
        if key.province_id is not None:
            rows = rows.filter(province_id=key.province_id)
        for row in rows.values("week").annotate(n=Count("id")).order_by():
            counts[row["week"]] += row["n"]
    else:
        topic_rows = TopicWeekCount.objects.filter(topic_id=key.topic_id, week__range=(start, end))
        if key.province_id is not None:
            topic_rows = topic_rows.filter(province_id=key.province_id)
        for row in topic_rows.values("week").annotate(n=Sum("count")).order_by():
            counts[row["week"]] += row["n"]
    return [counts.get(start + WEEK * i, 0.0) for i in range(_weeks(start, end))]


def sensitive_counted(*, start: dt.date, end: dt.date, province_id: int | None) -> int:
    rows = Text.objects.raised_by_people().filter(week__range=(start, end), sensitive=True)
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    return rows.count()
