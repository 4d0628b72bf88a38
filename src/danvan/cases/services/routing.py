"""Which body handles a matter: the routing rules table, applied to the matter's place."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from danvan.org.models import AdminLevel, AdminUnit, Organization

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
