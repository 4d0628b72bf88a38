"""Reads for the public showcase ("Dân vận khéo" gallery): recognized models only.

A person's name is personal data: an individual exemplar shows it only with their consent
(`Exemplar.shows_holder_publicly`), and the public search reads `public_search_text`, which
leaves out the name of a person who did not agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.http import QueryDict
from django.utils.formats import localize
from django.utils.translation import ngettext

from danvan.lib import maps
from danvan.lib.search import matching_all
from danvan.org.models import AdminUnit

from .models import (
    EvidenceFile,
    EvidenceKind,
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
    qs = matching_all(qs, filters.q, "public_search_text")
    return qs.select_related("unit", "province").order_by("-recognized_on", "-id")


def gallery_map(filters: GalleryFilters, base_query: str) -> maps.Drawing | None:
    """Where the models that match the filters are: one circle per province (area by count),
    each a link to the gallery filtered to that province. Two queries at any volume."""
    counts = dict(
        gallery(filters)
        .order_by()
        .values("province_id")
        .annotate(n=Count("*"))
        .values_list("province_id", "n")
    )
    dots = maps.province_dots(
        counts,
        base_query=base_query,
        label=lambda place, n: (
            ngettext("%(place)s: %(n)s model", "%(place)s: %(n)s models", n)
            % {"place": place, "n": n}
        ),
    )
    return maps.drawing(dots)


def detail_map(exemplar: Exemplar) -> maps.Drawing | None:
    """The model's own place: its coordinates, else its commune's or province's."""
    for lat, lon in (
        (exemplar.latitude, exemplar.longitude),
        (exemplar.unit.latitude, exemplar.unit.longitude) if exemplar.unit else (None, None),
        (exemplar.province.latitude, exemplar.province.longitude)
        if exemplar.province
        else (None, None),
    ):
        if lat is not None and lon is not None:
            point = maps.project(lat, lon)
            dot = maps.Dot(
                x=f"{point.x:g}", y=f"{point.y:g}", r="6", name=exemplar.name, count=1, href=""
            )
            return maps.drawing([dot])
    return None


def public_photos(exemplar: Exemplar) -> list[EvidenceFile]:
    """The photos marked public — none of a person who did not agree to be shown."""
    if not exemplar.shows_holder_publicly:
        return []
    photos = EvidenceFile.objects.filter(exemplar=exemplar, kind=EvidenceKind.PHOTO, public=True)
    return list(photos.order_by("id"))


def cover_photos(exemplars: Iterable[Exemplar]) -> dict[int, int]:
    """The first public photo of each model that may show one, {model: file}, for the
    gallery's cards: one query for a page."""
    ids = [e.pk for e in exemplars if e.shows_holder_publicly]
    rows = (
        EvidenceFile.objects.filter(exemplar_id__in=ids, kind=EvidenceKind.PHOTO, public=True)
        .order_by("exemplar_id", "id")
        .values_list("exemplar_id", "id")
    )
    covers: dict[int, int] = {}
    for exemplar_id, file_id in rows:
        covers.setdefault(exemplar_id, file_id)
    return covers


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
    "cover_photos",
    "detail_map",
    "format_value",
    "gallery",
    "gallery_map",
    "provinces",
    "public_detail",
    "public_photos",
    "result_lines",
]
