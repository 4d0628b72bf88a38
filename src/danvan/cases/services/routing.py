"""Which body handles a matter: the routing rules table, applied to the matter's place."""

from __future__ import annotations

from django.db.models import Q

from danvan.org.models import AdminLevel, AdminUnit, Organization

from ..models import CaseField, RoutingRule


def competent_organization(
    *, unit: AdminUnit | None, field: CaseField | None, kind: str
) -> Organization | None:
    """The body in force at the place that the most specific matching rule names."""
    if unit is None:
        return None
    level = "province" if unit.level == AdminLevel.PROVINCE else "commune"
    rules = RoutingRule.objects.filter(active=True, level=level).filter(
        Q(field__isnull=True) | Q(field=field), Q(case_kind="") | Q(case_kind=kind)
    )
    ranked = sorted(
        rules, key=lambda r: (-(r.field_id is not None) - bool(r.case_kind), r.priority)
    )
    if not ranked:
        return None
    # One query for every body the rules could name (a matter's submission is a hot path);
    # per kind, the first by code — as one query per rule would give.
    first_of_kind: dict[str, Organization] = {}
    for org in (
        Organization.objects.current()
        .filter(current_unit=unit, kind__in={r.organization_kind for r in ranked})
        .order_by("code")
    ):
        first_of_kind.setdefault(org.kind, org)
    for rule in ranked:
        if rule.organization_kind in first_of_kind:
            return first_of_kind[rule.organization_kind]
    return None
