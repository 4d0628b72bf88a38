"""Reads for the public showcase ("Dân vận khéo" gallery): recognized models only.

A person's name is personal data: an individual exemplar shows it only with their consent
(`Exemplar.shows_holder_publicly`), and the public search does not find a model by the name
of a person who did not agree (the stored search text holds the name for the staff's search).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils.formats import localize

from danvan.lib.search import matching_all
from danvan.lib.text import fold
from danvan.org.models import AdminUnit

from .models import (
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarResult,
    Metric,
    Recognition,
    RecognitionLevel,
    Replication,
)
from .selectors import public_exemplars

PER_PAGE = 24
QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class GalleryFilters:
    """What the gallery's GET parameters ask for (unknown values are ignored)."""

    q: str = ""
    kind: str = ""
    field: str = ""
    level: str = ""
    province: int | None = None

    @classmethod
    def from_query(cls, params: QueryDict) -> GalleryFilters:
        kind = params.get("kind", "")
        field = params.get("field", "")
        level = params.get("level", "")
        province = params.get("province", "")
        return cls(
            q=params.get("q", "")[:QUERY_MAX_LENGTH].strip(),
            kind=kind if kind in ExemplarKind.values else "",
            field=field if field in ExemplarField.values else "",
            level=level if level in RecognitionLevel.values else "",
            province=int(province) if province.isdigit() else None,
        )


def _hidden_holder(qs: QuerySet[Exemplar]) -> QuerySet[Exemplar]:
    """Individuals whose name is not public."""
    return qs.filter(kind=ExemplarKind.INDIVIDUAL, public_consent=False)


def _search(qs: QuerySet[Exemplar], q: str) -> QuerySet[Exemplar]:
    """Every folded term must be in the model's search text ("duong hoa" finds "đường hoa").

    The search text also holds the holder's name; for an individual who did not agree to be
    shown, a match is kept only when the terms are in the model's name and description, so
    that nobody can learn from the results who holds a model."""
    terms = fold(q).split()
    if not terms:
        return qs
    qs = matching_all(qs, q)
    leaked = [
        pk
        for pk, name, description in _hidden_holder(qs).values_list("pk", "name", "description")
        if not all(term in fold(f"{name} {description}") for term in terms)
    ]
    return qs.exclude(pk__in=leaked) if leaked else qs


def gallery(filters: GalleryFilters) -> QuerySet[Exemplar]:
    """Recognized models matching the filters, newest recognized first, with what a card
    shows (place and province) read in the same query."""
    qs = public_exemplars()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.level:
        qs = qs.filter(recognition_level=filters.level)
    if filters.province is not None:
        qs = qs.filter(province_id=filters.province)
    qs = _search(qs, filters.q)
    return qs.select_related("unit", "province").order_by("-recognized_on", "-id")


def provinces() -> QuerySet[AdminUnit]:
    """The provinces in force, for the gallery's filter."""
    return AdminUnit.objects.current().provinces().order_by("name")


def public_detail() -> QuerySet[Exemplar]:
    """Recognized models with everything their public page shows, in a fixed number of
    queries: the registering body (and its successor), place, sub-fields, recognition
    decisions with their bodies, results and the adopting bodies."""
    return (
        public_exemplars()
        .select_related("organization", "organization__current", "unit", "province")
        .prefetch_related(
            "subfields",
            Prefetch(
                "recognitions",
                queryset=Recognition.objects.select_related("organization").order_by(
                    "decision_date", "id"
                ),
            ),
            Prefetch("results", queryset=ExemplarResult.objects.order_by("id")),
            Prefetch(
                "replications",
                queryset=Replication.objects.select_related("organization").order_by(
                    "adopted_on", "id"
                ),
            ),
        )
    )


@dataclass(frozen=True)
class ResultLine:
    label: str
    value: str


def format_value(value: Decimal) -> str:
    """A figure as the reader's language writes it: 1250 → "1.250" in Vietnamese, 2.5 →
    "2,5"; no trailing zero decimals."""
    whole = value == value.to_integral_value()
    return str(localize(value.quantize(Decimal(1)) if whole else value.normalize()))


def result_lines(exemplar: Exemplar) -> list[ResultLine]:
    """The typed results in the order of the measures (prefetched by public_detail)."""
    order = {metric: i for i, metric in enumerate(Metric.values)}
    rows = sorted(exemplar.results.all(), key=lambda r: order.get(r.metric, len(order)))
    return [ResultLine(str(r.get_metric_display()), format_value(r.value)) for r in rows]


__all__ = [
    "PER_PAGE",
    "GalleryFilters",
    "ResultLine",
    "format_value",
    "gallery",
    "provinces",
    "public_detail",
    "result_lines",
]
