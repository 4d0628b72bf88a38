"""Which body handles a matter: the routing rules table, applied to the matter's place.

A place where no rule names a body in force goes to its province's receiving desk: the
province People's Committee, whose citizen-reception office (Ban Tiếp công dân) is not a body
of its own in the organization table (docs/decisions/0018-receiving-desk.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from danvan.org.models import AdminLevel, AdminUnit, Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

from ..models import CaseField, RoutingRule

Place = tuple[AdminUnit | None, CaseField | None]


def _level(unit: AdminUnit) -> str:
    return "province" if unit.level == AdminLevel.PROVINCE else "commune"


def competent_organizations(
    places: Iterable[Place], *, kind: str = ""
) -> dict[tuple[int | None, int | None], Organization | None]:
    """For each (place, field), the body in force at the place that the most specific matching
    rule names, keyed by (unit id, field id). Two queries whatever the number of places (a
    batch of submissions is registered at once)."""
    places = [(u, f) for u, f in places]
    units = {u.pk: u for u, _f in places if u is not None}
    answer: dict[tuple[int | None, int | None], Organization | None] = {
        (u.pk if u else None, f.pk if f else None): None for u, f in places
    }
    if not units:
        return answer
    rules = list(
        RoutingRule.objects.filter(
            active=True, level__in={_level(u) for u in units.values()}
        ).filter(Q(case_kind="") | Q(case_kind=kind))
    )
    rules.sort(key=lambda r: (-(r.field_id is not None) - bool(r.case_kind), r.priority))
    if not rules:
        return answer
    # Per place and kind, the first body by code — as one query per rule would give.
    first_of_kind: dict[tuple[int, str], Organization] = {}
    for org in (
        Organization.objects.current()
        .filter(current_unit_id__in=units, kind__in={r.organization_kind for r in rules})
        .order_by("code")
    ):
        assert org.current_unit_id is not None
        first_of_kind.setdefault((org.current_unit_id, org.kind), org)
    for unit_id, field_id in answer:
        if unit_id is None:
            continue
        level = _level(units[unit_id])
        for rule in rules:
            if rule.level != level or rule.field_id not in (None, field_id):
                continue
            if (body := first_of_kind.get((unit_id, rule.organization_kind))) is not None:
                answer[(unit_id, field_id)] = body
                break
    return answer


def competent_organization(
    *, unit: AdminUnit | None, field: CaseField | None, kind: str
) -> Organization | None:
    """The body in force at the place that the most specific matching rule names."""
    found = competent_organizations([(unit, field)], kind=kind)
    return found[(unit.pk if unit else None, field.pk if field else None)]


@dataclass(frozen=True)
class Route:
    """Where a new matter goes: the competent body, or the province's receiving desk when no
    rule names a body at its place (`at_desk`); no body at all when the province has no desk
    either (the matter then belongs to whoever covers its province, as before)."""

    organization: Organization | None
    at_desk: bool = False


def receiving_desks(province_ids: Iterable[int]) -> dict[int, Organization]:
    """Each province's receiving desk in force (its People's Committee), by province id; one
    query."""
    ids = set(province_ids)
    desks: dict[int, Organization] = {}
    if not ids:
        return desks
    for org in (
        Organization.objects.current()
        .filter(
            current_unit_id__in=ids,
            kind=OrganizationKind.PEOPLES_COMMITTEE,
            level=OrganizationLevel.PROVINCE,
        )
        .order_by("code")
    ):
        assert org.current_unit_id is not None
        desks.setdefault(org.current_unit_id, org)
    return desks


def routes(
    places: Iterable[Place], *, kind: str = ""
) -> dict[tuple[int | None, int | None], Route]:
    """For each (place, field): its competent body, else its province's receiving desk.
    Three queries at most, whatever the number of places."""
    places = [(u, f) for u, f in places]
    bodies = competent_organizations(places, kind=kind)
    provinces = {u.pk: u.province_id for u, _f in places if u is not None}
    unrouted = {provinces[u] for (u, _f), body in bodies.items() if body is None and u}
    desks = receiving_desks(p for p in unrouted if p is not None)
    answer: dict[tuple[int | None, int | None], Route] = {}
    for (unit_id, field_id), body in bodies.items():
        if body is not None:
            answer[(unit_id, field_id)] = Route(body)
            continue
        desk = desks.get(provinces[unit_id] or 0) if unit_id is not None else None
        answer[(unit_id, field_id)] = Route(desk, at_desk=desk is not None)
    return answer


def route(*, unit: AdminUnit | None, field: CaseField | None, kind: str = "") -> Route:
    """Where one new matter goes (see `routes`)."""
    found = routes([(unit, field)], kind=kind)
    return found[(unit.pk if unit else None, field.pk if field else None)]
