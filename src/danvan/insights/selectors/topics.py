"""Reads of the topic pages: which models a user sees, the topics' counts in the user's
territory (`access.territory_q` on the weekly counts), the representative texts the user may
read. Counts for a viewer who does not read texts go through `access.shown_count`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.http import Http404

from danvan.lib.access import fetch_allowed
from danvan.org.models import AdminUnit

from .. import access
from ..models import Text, Topic, TopicMembership, TopicModel, TopicWeekCount
from ..topics.permissions import models_for

TREND_WEEKS = 12


@dataclass
class TopicRow:
    topic: Topic
    count: int
    shown: int | None  # None: "fewer than N"
    trend: list[int | None] = field(default_factory=list)  # the last TREND_WEEKS weeks
    spark: str = ""  # the trend's points, drawn by the page

    @property
    def top_words(self) -> str:
        return ", ".join(str(w[0]).replace("_", " ") for w in self.topic.words[:6])


def model_for(user: Any, pk: int) -> TopicModel:
    return fetch_allowed(
        models_for(user).select_related("scope", "trained_by"), lambda m: True, pk=pk
    )


def default_model(user: Any) -> TopicModel | None:
    """The country's model in use, else the first in use the user sees (their province's)."""
    models = models_for(user).filter(active=True).select_related("scope", "trained_by")
    return models.filter(scope__isnull=True).first() or models.order_by("scope__code").first()


def models_list(user: Any) -> list[TopicModel]:
    """Models to choose from: those in use, then the last earlier runs."""
    return list(models_for(user).select_related("scope").order_by("-active", "-trained_at")[:20])


def topic_for(user: Any, pk: int) -> Topic:
    topic = (
        Topic.objects.filter(pk=pk, model__in=models_for(user))
        .select_related("model", "model__scope", "label_by")
        .first()
    )
    if topic is None:
        raise Http404
    return topic


def _counts(user: Any) -> Any:
    return TopicWeekCount.objects.filter(access.territory_q(user))


def weeks_of(model: TopicModel, last: dt.date, n: int = TREND_WEEKS) -> list[dt.date]:
    return [last - dt.timedelta(weeks=i) for i in range(n - 1, -1, -1)]


def last_week(model: TopicModel) -> dt.date:
    week = (
        TopicWeekCount.objects.filter(topic__model=model)
        .order_by("-week")
        .values_list("week", flat=True)
        .first()
    )
    return week or model.period_end - dt.timedelta(days=model.period_end.weekday())


def topic_rows(
    user: Any, model: TopicModel, place: AdminUnit | None = None
) -> tuple[list[TopicRow], list[dt.date]]:
    """Each topic with its count in the user's territory (and `place`) and its last weeks'
    counts."""
    reads = access.reads_texts(user)
    weeks = weeks_of(model, last_week(model))
    topics = list(model.topics.select_related("label_by"))
    counts = _counts(user).filter(topic__model=model)
    if place is not None:
        counts = counts.filter(_place_q(place))
    totals = dict(counts.values("topic_id").annotate(n=Sum("count")).values_list("topic_id", "n"))
    per_week: dict[tuple[int, dt.date], int] = {
        (t, w): n
        for t, w, n in counts.filter(week__gte=weeks[0])
        .values("topic_id", "week")
        .annotate(n=Sum("count"))
        .values_list("topic_id", "week", "n")
    }
    rows = [
        TopicRow(
            topic=t,
            count=int(totals.get(t.pk, 0)),
            shown=access.shown_count(int(totals.get(t.pk, 0)), reads=reads),
            trend=[access.shown_count(per_week.get((t.pk, w), 0), reads=reads) for w in weeks],
        )
        for t in topics
    ]
    rows.sort(key=lambda r: (-r.count, r.topic.number))
    return rows, weeks


def topic_weeks(
    user: Any, topic: Topic, place: AdminUnit | None = None
) -> list[tuple[dt.date, int | None]]:
    reads = access.reads_texts(user)
    counts = _counts(user).filter(topic=topic)
    if place is not None:
        counts = counts.filter(_place_q(place))
    by_week = dict(
        counts.values("week").annotate(n=Sum("count")).order_by("week").values_list("week", "n")
    )
    if not by_week:
        return []
    first, last = min(by_week), max(by_week)
    weeks = []
    week = first
    while week <= last:
        weeks.append((week, access.shown_count(int(by_week.get(week, 0)), reads=reads)))
        week += dt.timedelta(weeks=1)
    return weeks


def _place_q(place: AdminUnit) -> Q:
    if place.province_id == place.pk:
        return Q(province_id=place.pk)
    return Q(unit_id=place.pk)


def topic_places(
    user: Any, topic: Topic | None = None, model: TopicModel | None = None
) -> list[tuple[int, str, int | None]]:
    """(place id, name, count) of a topic (or of all a model's topics) in the user's
    territory: provinces for a country's model seen by the centre, the communes otherwise;
    the largest first."""
    reads = access.reads_texts(user)
    if topic is not None:
        model = topic.model
        counts = _counts(user).filter(topic=topic)
    else:
        counts = _counts(user).filter(topic__model=model)
    assert model is not None
    by_province = model.scope_id is None and access.sees_nation(user)
    key, name = ("province_id", "province__name") if by_province else ("unit_id", "unit__name")
    rows = (
        counts.exclude(**{f"{key}__isnull": True})
        .values(key, name)
        .annotate(n=Sum("count"))
        .order_by("-n", name)
        .values_list(key, name, "n")
    )
    return [(pk, label, access.shown_count(int(n), reads=reads)) for pk, label, n in rows]


def sensitive_counted(user: Any, model: TopicModel, topic: Topic | None = None) -> int:
    """How many texts marked sensitive are inside the counts the user is shown (to log)."""
    members = TopicMembership.objects.filter(model=model, text__sensitive=True)
    if topic is not None:
        members = members.filter(topic=topic)
    return members.filter(
        access.territory_q(user, unit="text__unit", province="text__province")
    ).count()


def representatives(user: Any, topic: Topic, limit: int = 5) -> list[Text]:
    """The topic's nearest texts that the user may read: never a sensitive text nor a
    denunciation, whoever reads (`access.readable_texts` already leaves sensitive ones out)."""
    ids = [int(pk) for pk in topic.representatives]
    if not ids or not access.reads_texts(user):
        return []
    texts = {
        t.pk: t
        for t in access.readable_texts(user)
        .filter(pk__in=ids, sensitive=False, restricted=False)
        .select_related("unit", "province")
    }
    return [texts[pk] for pk in ids if pk in texts][:limit]
