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
    for rule in ranked:
        org = (
            Organization.objects.current()
            .filter(current_unit=unit, kind=rule.organization_kind)
            .order_by("code")
            .first()
        )
        if org is not None:
            return org
    return None
