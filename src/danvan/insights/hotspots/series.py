"""The weekly counts the scan tests, each kind read by one aggregate query over the window
(the baseline weeks and the week scanned) — never a query per series:

- topics: the active national topic model's `TopicWeekCount`, summed per (topic, province);
- places: `Text` per commune (index (week, province) for the window, grouped by unit);
- bodies: complaints and denunciations (`Text.case_kind`) per `Text.organization`.

Clusters read the scanned week only: matters grouped per (commune, topic) and per (commune,
identical words), then — for the groups big enough — the senders' blind-index digests from
the cases' identity store (`Petitioner.*_index`), counted and dropped: nothing that names a
person is kept by the analysis."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import MD5, Coalesce, NullIf

from danvan.cases.models import CaseKind
from danvan.cases.models.people import Petitioner

from ..models import Text, TextSource, TopicModel, TopicWeekCount

BODY_KINDS = (CaseKind.COMPLAINT, CaseKind.DENUNCIATION)


@dataclass
class Series:
    """One series over the window: counts per week, the week scanned last."""

    key: tuple[object, ...]
    province_id: int | None
    counts: dict[dt.date, int] = field(default_factory=dict)

    def history(self, weeks: list[dt.date]) -> list[int]:
        return [self.counts.get(w, 0) for w in weeks]


def window(week: dt.date, baseline_weeks: int) -> list[dt.date]:
    """The baseline weeks, oldest first, then the week scanned."""
    return [week - dt.timedelta(weeks=k) for k in range(baseline_weeks, -1, -1)]


def active_model() -> TopicModel | None:
    return (
        TopicModel.objects.filter(scope__isnull=True, active=True).order_by("-trained_at").first()
    )


def topic_series(
    model: TopicModel | None, weeks: list[dt.date]
) -> dict[tuple[object, ...], Series]:
    if model is None:
        return {}
    rows = (
        TopicWeekCount.objects.filter(
            topic__model=model, week__gte=weeks[0], week__lte=weeks[-1], province__isnull=False
        )
        .order_by()
        .values_list("topic_id", "province_id", "week")
        .annotate(n=Sum("count"))
    )
    found: dict[tuple[object, ...], Series] = {}
    for topic_id, province_id, week, n in rows:
        key = ("topic", topic_id, province_id)
        s = found.setdefault(key, Series(key, province_id))
        s.counts[week] = s.counts.get(week, 0) + int(n or 0)
    return found


def _window_texts(weeks: list[dt.date]) -> QuerySet[Text]:
    return (
        Text.objects.raised_by_people().filter(week__gte=weeks[0], week__lte=weeks[-1]).order_by()
    )


def place_series(weeks: list[dt.date]) -> tuple[dict[tuple[object, ...], Series], int]:
    """Texts per commune and week; and how many of the window's texts are sensitive (counted
    here, so that the scan logs their use)."""
    rows = (
        _window_texts(weeks)
        .filter(unit__isnull=False)
        .values_list("unit_id", "province_id", "week")
        .annotate(n=Count("pk"), s=Count("pk", filter=Q(sensitive=True)))
    )
    found: dict[tuple[object, ...], Series] = {}
    sensitive = 0
    for unit_id, province_id, week, n, s in rows:
        key = ("place", unit_id)
        series = found.setdefault(key, Series(key, province_id))
        series.counts[week] = series.counts.get(week, 0) + n
        sensitive += s
    return found, sensitive


def body_series(weeks: list[dt.date]) -> dict[tuple[object, ...], Series]:
    rows = (
        _window_texts(weeks)
        .filter(case_kind__in=BODY_KINDS, organization__isnull=False)
        .values_list("organization_id", "week")
        .annotate(n=Count("pk"))
    )
    found: dict[tuple[object, ...], Series] = {}
    for org_id, week, n in rows:
        key = ("body", org_id)
        s = found.setdefault(key, Series(key, None))
        s.counts[week] = n
    return found


def _sender_digest() -> Subquery:
    """The sender of a matter as one blind-index digest: the account when the matter was sent
    signed in, else the identity number, phone or e-mail (keyed hashes, never the values).
    A matter without any gives NULL and is no sender: an anonymous letter cannot tell one
    person from many, so it never makes a cluster of "many citizens" on its own."""
    digest = Coalesce(
        NullIf("account_index", Value("")),
        NullIf("id_number_index", Value("")),
        NullIf("phone_index", Value("")),
        NullIf("email_index", Value("")),
        output_field=CharField(),
    )
    return Subquery(
        Petitioner.objects.filter(case_id=OuterRef("source_id")).annotate(d=digest).values("d")[:1],
        output_field=CharField(),
    )


@dataclass
class Group:
    """A candidate cluster: its texts, and how many different senders wrote them."""

    unit_id: int
    province_id: int | None
    topic_id: int | None
    words_hash: str
    text_ids: list[int]
    people: int


def cluster_groups(model: TopicModel | None, week: dt.date, *, min_texts: int) -> list[Group]:
    """The week's matters grouped per commune and topic, and per commune and identical
    (segmented) words, for the groups of at least `min_texts` matters. Two grouping queries,
    then two queries for the senders of the groups found."""
    matters = Text.objects.filter(week=week, source=TextSource.CASE, unit__isnull=False).order_by()
    groups: list[Group] = []
    if model is not None:
        big = list(
            matters.filter(memberships__model=model)
            .values_list("unit_id", "memberships__topic_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=min_texts)
        )
        if big:
            wanted = {(u, t) for u, t, _ in big}
            rows = (
                matters.filter(
                    memberships__model=model,
                    unit_id__in={u for u, _ in wanted},
                    memberships__topic_id__in={t for _, t in wanted},
                )
                .annotate(digest=_sender_digest())
                .values_list("pk", "unit_id", "province_id", "memberships__topic_id", "digest")
            )
            groups += _collect(rows, wanted, topic=True)
    big_words = list(
        matters.exclude(words="")
        .annotate(h=MD5("words"))
        .values_list("unit_id", "h")
        .annotate(n=Count("pk"))
        .filter(n__gte=min_texts)
    )
    if big_words:
        wanted = {(u, h) for u, h, _ in big_words}
        rows = (
            matters.filter(unit_id__in={u for u, _ in wanted})
            .exclude(words="")
            .annotate(h=MD5("words"), digest=_sender_digest())
            .filter(h__in={h for _, h in wanted})
            .values_list("pk", "unit_id", "province_id", "h", "digest")
        )
        groups += _collect(rows, wanted, topic=False)
    return groups


def _collect(
    rows: Iterable[tuple[int, int, int | None, object, str | None]],
    wanted: set[tuple[int, object]],
    *,
    topic: bool,
) -> list[Group]:
    texts: dict[tuple[int, object], list[int]] = defaultdict(list)
    people: dict[tuple[int, object], set[str]] = defaultdict(set)
    provinces: dict[int, int | None] = {}
    for pk, unit_id, province_id, what, digest in rows:
        if (unit_id, what) not in wanted:
            continue
        texts[(unit_id, what)].append(pk)
        provinces[unit_id] = province_id
        if digest:
            people[(unit_id, what)].add(digest)
    return [
        Group(
            unit_id=unit_id,
            province_id=provinces[unit_id],
            topic_id=int(what) if topic else None,  # type: ignore[call-overload]
            words_hash="" if topic else str(what),
            text_ids=sorted(ids),
            people=len(people[(unit_id, what)]),
        )
        for (unit_id, what), ids in texts.items()
    ]


def linked_texts(
    week: dt.date, model: TopicModel | None, raised: list[tuple[object, ...]], limit: int
) -> dict[tuple[object, ...], list[int]]:
    """The texts behind each raised series of the week (at most `limit` each): one query per
    kind raised."""
    by_kind: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for key in raised:
        by_kind[str(key[0])].append(key)
    found: dict[tuple[object, ...], list[int]] = defaultdict(list)
    this_week = Text.objects.raised_by_people().filter(week=week).order_by("pk")
    if by_kind.get("topic") and model is not None:
        keys = set(by_kind["topic"])
        rows = this_week.filter(
            memberships__model=model,
            province_id__in={k[2] for k in keys},
            memberships__topic_id__in={k[1] for k in keys},
        ).values_list("pk", "memberships__topic_id", "province_id")
        for pk, topic_id, province_id in rows:
            key = ("topic", topic_id, province_id)
            if key in keys and len(found[key]) < limit:
                found[key].append(pk)
    if by_kind.get("place"):
        units = {int(k[1]) for k in by_kind["place"]}  # type: ignore[call-overload]
        for pk, unit_id in this_week.filter(unit_id__in=units).values_list("pk", "unit_id"):
            key = ("place", unit_id)
            if len(found[key]) < limit:
                found[key].append(pk)
    if by_kind.get("body"):
        orgs = {int(k[1]) for k in by_kind["body"]}  # type: ignore[call-overload]
        bodies = this_week.filter(organization_id__in=orgs, case_kind__in=BODY_KINDS).values_list(
            "pk", "organization_id"
        )
        for pk, org_id in bodies:
            key = ("body", org_id)
            if len(found[key]) < limit:
                found[key].append(pk)
    return found
