"""The public honor roll (bảng vàng) and the award figures for reports.

The roll lists the recipients of award decisions: collectives by name; a person by name only
when the proposal (or the decision) recorded their consent, otherwise as "Individual" with
their unit (and without the achievements, free text that may name them). The search reads
`DecisionRecipient.search_text`, which never holds the name (nor the achievements) of a
person who did not agree, so a search cannot reveal them either.

Figures count recipients (an award to a collective or a person) of decisions signed on or
before a date, by award, by collective / individual, by year or by province; one query each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from danvan.lib.search import matching_all
from danvan.org.models import AdminUnit

from .models import AwardKind, DecisionRecipient, RecipientKind

PER_PAGE = 30
QUERY_MAX_LENGTH = 100
GROUPS = {
    "award": "award_kind__code",
    "kind": "kind",
    "year": "year",
    "province": "province_id",
}


@dataclass(frozen=True)
class HonorFilters:
    q: str = ""
    year: int | None = None
    award: str = ""
    province: int | None = None
    kind: str = ""

    @classmethod
    def from_query(cls, params: QueryDict) -> HonorFilters:
        year = params.get("year", "").strip()
        province = params.get("province", "").strip()
        kind = params.get("kind", "")
        return cls(
            q=params.get("q", "")[:QUERY_MAX_LENGTH].strip(),
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            award=params.get("award", "").strip()[:60],
            province=int(province) if province.isdigit() and len(province) < 10 else None,
            kind=kind if kind in RecipientKind.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.year or self.award or self.province or self.kind)


def honor_roll(filters: HonorFilters) -> QuerySet[DecisionRecipient]:
    """Recipients matching the filters, newest decision first, with what a row shows read in
    the same query."""
    qs = DecisionRecipient.objects.all()
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.award:
        qs = qs.filter(award_kind__code=filters.award)
    if filters.province is not None:
        qs = qs.filter(province_id=filters.province)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    qs = matching_all(qs, filters.q)
    return qs.select_related("decision__authority", "award_kind", "province").order_by(
        "-signed_on", "-decision_id", "order", "id"
    )


def public_name(recipient: DecisionRecipient) -> str:
    return recipient.name if recipient.shows_name_publicly else _("Individual")


def provinces() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.current().provinces().order_by("name")


def award_kinds() -> QuerySet[AwardKind]:
    return AwardKind.objects.order_by("position", "code")


def _awarded_q(as_of: dt.date, province: int | None) -> Q:
    q = Q(signed_on__lte=as_of)
    if province is not None:
        q &= Q(province_id=province)
    return q


def figures(as_of: dt.date, by: str, province: int | None = None) -> dict[str, int]:
    """Awards (recipients) of decisions signed on or before `as_of`, counted by `by`."""
    column = GROUPS[by]
    rows = (
        DecisionRecipient.objects.filter(_awarded_q(as_of, province))
        .order_by()
        .values(column)
        .annotate(n=Count("signed_on"))
    )
    return {str(row[column]): row["n"] for row in rows}


def summary(as_of: dt.date, province: int | None = None) -> dict[str, int]:
    """Awards in total, to collectives, to individuals, and in the year of the date."""
    counts = DecisionRecipient.objects.filter(_awarded_q(as_of, province)).aggregate(
        total=Count("signed_on"),
        collective=Count("signed_on", filter=Q(kind=RecipientKind.COLLECTIVE)),
        individual=Count("signed_on", filter=Q(kind=RecipientKind.INDIVIDUAL)),
        this_year=Count("signed_on", filter=Q(signed_on__gte=dt.date(as_of.year, 1, 1))),
    )
    return {k: int(v or 0) for k, v in counts.items()}


def labelled(counts: dict[str, int], by: str) -> list[tuple[str, str, int]]:
    """(key, label, count), largest first; names of awards and provinces in one query."""
    names: dict[str, str]
    if by == "award":
        names = dict(AwardKind.objects.filter(code__in=counts).values_list("code", "name"))
    elif by == "kind":
        names = {k: str(v) for k, v in RecipientKind.choices}
    elif by == "province":
        ids = [int(k) for k in counts if k.isdigit()]
        names = {str(pk): u.name for pk, u in AdminUnit.objects.in_bulk(ids).items()}
    else:
        names = {}
    rows = [
        (key, str(names.get(key, key if key != "None" else "—")), n) for key, n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r[2], r[1]))


__all__ = [
    "GROUPS",
    "PER_PAGE",
    "HonorFilters",
    "award_kinds",
    "figures",
    "honor_roll",
    "labelled",
    "provinces",
    "public_name",
    "summary",
]
