"""Reads of "Dân vận khéo" models: lists in scope, and the figures reports ask for, "as of"
any date.

Figures count models and exemplars *recognized* on or before the date (a report's "3.545 mô
hình, điển hình; trong đó 2.066 tập thể, 1.479 cá nhân"), at the highest level reached by
then, plus those registered, new in the year and replicated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Q,
    QuerySet,
    Value,
    When,
)

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.dates import parse_vn_date
from danvan.lib.figures import Window
from danvan.lib.search import matching_all
from danvan.org.models import AdminLevel, AdminUnit, Organization
from danvan.org.selectors import organization_subtree

from . import access
from .access import OWNER_ROLES
from .models import Exemplar, ExemplarField, ExemplarKind, ExemplarState, RecognitionLevel

GROUPS = {
    "kind": "kind",
    "field": "field",
    "level": "level_as_of",
    "province": "province_id",
    "commune": "unit_id",
    "year": "year",
    "subfield": "subfields__code",
}


def visible_exemplars(user: User) -> QuerySet[Exemplar]:
    """Models of the bodies in the user's scope (staff)."""
    return access.exemplars_for(user, access.Action.VIEW)


def public_exemplars() -> QuerySet[Exemplar]:
    """The showcase: recognized models only."""
    return Exemplar.objects.filter(state=ExemplarState.RECOGNIZED)


def _level_as_of(as_of: dt.date) -> Case:
    """The highest level reached by the date, from the dates kept on the row."""
    return Case(
        When(central_level_on__lte=as_of, then=Value(RecognitionLevel.CENTRAL.value)),
        When(province_level_on__lte=as_of, then=Value(RecognitionLevel.PROVINCE.value)),
        default=Value(RecognitionLevel.COMMUNE.value),
    )


@dataclass
class Scope:
    """Where the figures are taken: the whole country, a province, or a commune."""

    province: AdminUnit | None = None
    commune: AdminUnit | None = None


def home_scope(user: User) -> Scope:
    """Where a user's figures are taken by default: their own territory — the province or
    the commune of the bodies they work for — and the whole country for central officers or
    officers of several provinces (the registry lists the same territory)."""
    grants = [g for g in scopes.grants_for(user) if g.role in STAFF_ROLES]
    if not grants or any(g.unit_id is None for g in grants):
        return Scope()
    provinces = {g.province_id for g in grants if g.province_id is not None}
    if len(provinces) != 1:
        return Scope()
    province = AdminUnit.objects.filter(pk=provinces.pop()).first()
    communes = {g.unit_id for g in grants if g.unit_level == AdminLevel.COMMUNE and g.unit_id}
    if len(communes) == 1 and all(g.unit_level == AdminLevel.COMMUNE for g in grants):
        return Scope(province=province, commune=AdminUnit.objects.filter(pk=communes.pop()).first())
    return Scope(province=province)


def _recognized_q(as_of: dt.date, where: Scope | None, prefix: str = "") -> Q:
    # recognized_on is the first recognition at any level (recognize() keeps it so).
    q = Q(**{f"{prefix}recognized_on__lte": as_of})
    if where is not None and where.province is not None:
        q &= Q(**{f"{prefix}province": where.province})
    if where is not None and where.commune is not None:
        q &= Q(**{f"{prefix}unit": where.commune}) | Q(**{f"{prefix}unit__current": where.commune})
    return q


def recognized_as_of(as_of: dt.date, where: Scope | None = None) -> QuerySet[Exemplar]:
    return Exemplar.objects.filter(_recognized_q(as_of, where))


def figures(as_of: dt.date, by: str, where: Scope | None = None) -> dict[str, int]:
    """Recognized models as of the date, counted by kind, field, level (highest reached by
    then), province, year or sub-field. One query."""
    if by == "subfield":
        # From the link table, inner-joined: one row per (model, sub-field).
        links = Exemplar.subfields.through.objects.filter(_recognized_q(as_of, where, "exemplar__"))
        rows = links.order_by().values("subfield__code").annotate(n=Count("*"))
        return {row["subfield__code"]: row["n"] for row in rows}
    column = GROUPS[by]
    qs = recognized_as_of(as_of, where)
    if by == "level":
        qs = qs.annotate(level_as_of=_level_as_of(as_of))
    # Counting a column of the figures index (never null here) lets PostgreSQL answer from
    # the index alone.
    rows = qs.order_by().values(column).annotate(n=Count("recognized_on"))
    return {str(row[column]): row["n"] for row in rows}


def summary(as_of: dt.date, where: Scope | None = None) -> dict[str, int]:
    """The headline of a report: recognized in total, collectives, individuals, new in the
    year of the date, replicated (adopted by at least one other body by the date)."""
    qs = recognized_as_of(as_of, where)
    counts = qs.aggregate(
        total=Count("recognized_on"),
        collective=Count("recognized_on", filter=Q(kind="collective")),
        individual=Count("recognized_on", filter=Q(kind="individual")),
        new_this_year=Count(
            "recognized_on", filter=Q(recognized_on__gte=dt.date(as_of.year, 1, 1))
        ),
        replicated=Count("recognized_on", filter=Q(first_replicated_on__lte=as_of)),
    )
    return {k: int(v or 0) for k, v in counts.items()}


def labelled(counts: dict[str, int], by: str) -> list[tuple[str, str, int]]:
    """(key, label, count) rows, largest first, with the names of places and sub-fields
    fetched in one query."""
    from danvan.org.models import AdminUnit

    from .models import ExemplarField, ExemplarKind, SubField

    names: dict[str, str]
    if by == "kind":
        names = {k: str(v) for k, v in ExemplarKind.choices}
    elif by == "field":
        names = {k: str(v) for k, v in ExemplarField.choices}
    elif by == "level":
        names = {k: str(v) for k, v in RecognitionLevel.choices}
    elif by in ("province", "commune"):
        ids = [int(k) for k in counts if k.isdigit()]
        names = {str(pk): u.name for pk, u in AdminUnit.objects.in_bulk(ids).items()}
    elif by == "subfield":
        names = dict(SubField.objects.filter(code__in=counts).values_list("code", "name"))
    else:
        names = {}
    rows = [(key, str(names.get(key, key)), n) for key, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[2], r[1]))


__all__ = [
    "GROUPS",
    "RecognitionLevel",
    "Scope",
    "figures",
    "labelled",
    "public_exemplars",
    "recognized_as_of",
    "summary",
    "visible_exemplars",
]


def bodies_acting_for(user: User, roles: frozenset[str]) -> QuerySet[Organization]:
    """The bodies in force the user acts for with one of `roles` (and those under them)."""
    q = scopes.organizations_q(user, roles)
    current = Organization.objects.current()
    return current.none() if q is None else current.filter(q)


def other_bodies_acting_for(user: User, exemplar: Exemplar) -> QuerySet[Organization]:
    """The bodies the user acts for as its staff, other than the one that registered the
    model (or its successor): those that may adopt it or ask about it."""
    org = exemplar.organization
    return bodies_acting_for(user, OWNER_ROLES).exclude(pk__in=[org.pk, org.current_id or 0])


def adopting_bodies(user: User, exemplar: Exemplar) -> QuerySet[Organization]:
    """Those of them that have not recorded adopting the model yet."""
    return other_bodies_acting_for(user, exemplar).exclude(adopted_exemplars__exemplar=exemplar)


# The officer's registry ------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryFilters:
    q: str = ""
    state: str = ""
    kind: str = ""
    field: str = ""
    year: int | None = None
    # A body and those under it; the models behind a report's figure over its period.
    organization: int | None = None
    figure: str = ""
    figure_window: tuple[dt.date, dt.date] | None = None

    @classmethod
    def from_query(cls, g: Any) -> RegistryFilters:
        year = g.get("year", "").strip()
        org = g.get("org", "").strip()
        figure, window = g.get("figure", "")[:80], None
        try:
            window = (
                parse_vn_date(g.get("figure_from", "")),
                parse_vn_date(g.get("figure_to", "")),
            )
        except ValueError:
            figure = ""
        return cls(
            organization=int(org) if org.isdigit() else None,
            figure=figure,
            figure_window=window if figure else None,
            q=g.get("q", "")[:100].strip(),
            state=g.get("state", "") if g.get("state") in ExemplarState.values else "",
            kind=g.get("kind", "") if g.get("kind") in ExemplarKind.values else "",
            field=g.get("field", "") if g.get("field") in ExemplarField.values else "",
            year=int(year) if year.isdigit() and len(year) == 4 else None,
        )

    @property
    def active(self) -> bool:
        return bool(
            self.q or self.state or self.kind or self.field or self.year or self.organization
        ) or bool(self.figure)


def registry(user: User, filters: RegistryFilters) -> QuerySet[Exemplar]:
    """The models in the user's scope matching the filters; what a row shows is read in the
    same query."""
    qs = visible_exemplars(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.organization is not None:
        qs = qs.filter(organization_id__in=organization_subtree(filters.organization))
    if filters.figure and filters.figure_window:
        from .figure_sources import figure_q

        q = figure_q(filters.figure, Window(*filters.figure_window))
        qs = qs.filter(q) if q is not None else qs.none()
    qs = matching_all(qs, filters.q)
    return qs.select_related("organization", "unit", "province").order_by("-registered_on", "-id")
