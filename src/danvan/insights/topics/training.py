"""The database side of a topic run: which texts a scope and period holds, read in chunks of
arrays for the batch engine, and the rows a run writes (memberships, weekly counts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
from django.conf import settings
from django.db.models import Count, Q, QuerySet

from danvan.lib.dates import week_start
from danvan.org.models import AdminLevel, AdminUnit

from ..models import Text, Topic, TopicMembership, TopicModel, TopicWeekCount
from .compute import Chunk


def chunk_size() -> int:
    return int(getattr(settings, "INSIGHTS_TOPICS_CHUNK", 20_000))


def scope_q(scope: AdminUnit | None) -> Q:
    """The texts of a scope: the country, a province, or a commune (and its former units)."""
    if scope is None:
        return Q()
    if scope.level == AdminLevel.PROVINCE:
        return Q(province_id=scope.pk)
    return Q(unit_id=scope.pk) | Q(unit__current_id=scope.pk)


def texts_of(scope: AdminUnit | None, start: dt.date, end: dt.date | None) -> QuerySet[Text]:
    texts = Text.objects.raised_by_people().filter(scope_q(scope), week__gte=week_start(start))
    if end is not None:
        texts = texts.filter(week__lte=end)
    return texts


def read_chunks(texts: QuerySet[Text], size: int | None = None) -> Iterator[Chunk]:
    """The texts in id order, `size` at a time (keyset paging: each page one indexed query)."""
    size = size or chunk_size()
    last = 0
    while True:
        rows = list(
            texts.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk", "words", "week", "province_id", "unit_id", "sensitive", "restricted"
            )[:size]
        )
        if not rows:
            return
        last = rows[-1][0]
        yield Chunk(
            ids=np.fromiter((r[0] for r in rows), np.int64, len(rows)),
            words=[r[1] or "" for r in rows],
            weeks=np.fromiter((r[2].toordinal() for r in rows), np.int64, len(rows)),
            provinces=np.fromiter((r[3] or 0 for r in rows), np.int64, len(rows)),
            units=np.fromiter((r[4] or 0 for r in rows), np.int64, len(rows)),
            sensitive=np.fromiter((bool(r[5]) for r in rows), np.bool_, len(rows)),
            quotable=np.fromiter((not r[5] and not r[6] for r in rows), np.bool_, len(rows)),
        )
        if len(rows) < size:
            return


def last_assigned(model: TopicModel) -> int:
    """The newest text placed in the model: texts after it are new to it."""
    row = (
        TopicMembership.objects.filter(model=model)
        .order_by("-text_id")
        .values_list("text_id", flat=True)
        .first()
    )
    return int(row or 0)


def write_memberships(
    model: TopicModel,
    topics: dict[int, Topic],
    ids: np.ndarray,
    numbers: np.ndarray,
    weights: np.ndarray,
) -> None:
    batch = 5_000
    for start in range(0, len(ids), batch):
        TopicMembership.objects.bulk_create(
            TopicMembership(
                model=model,
                text_id=int(text_id),
                topic=topics[int(number)],
                weight=float(weight),
            )
            for text_id, number, weight in zip(
                ids[start : start + batch].tolist(),
                numbers[start : start + batch].tolist(),
                weights[start : start + batch].tolist(),
                strict=True,
            )
        )


def recount(model: TopicModel, weeks: set[dt.date] | None = None) -> int:
    """Rewrite the model's weekly counts per topic and place from its memberships (all weeks,
    or those given). Returns the rows written."""
    old = TopicWeekCount.objects.filter(topic__model=model)
    members = TopicMembership.objects.filter(model=model)
    if weeks is not None:
        old = old.filter(week__in=weeks)
        members = members.filter(text__week__in=weeks)
    old.delete()
    rows = members.values("topic_id", "text__week", "text__province_id", "text__unit_id").annotate(
        n=Count("pk")
    )
    written = TopicWeekCount.objects.bulk_create(
        (
            TopicWeekCount(
                topic_id=row["topic_id"],
                week=row["text__week"],
                province_id=row["text__province_id"],
                unit_id=row["text__unit_id"],
                count=row["n"],
            )
            for row in rows.order_by()
        ),
        batch_size=5_000,
    )
    return len(written)
