"""Reads of the organization network: lists, trees, "as of" a date, and roll-ups."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from django.db.models import Count, Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.search import matching_all

from .models import AdminUnit, Organization, UnitSuccession
from .models.organizations import OrganizationLevel


def units(
    *,
    level: str | None = None,
    parent: int | None = None,
    q: str = "",
    as_of: dt.date | None = None,
) -> QuerySet[AdminUnit]:
    """Units in force on `as_of` (today by default), filtered; every term of `q` must match
    the folded name, so "dak lak" finds "Đắk Lắk"."""
    qs = AdminUnit.objects.as_of(as_of or today())
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    qs = matching_all(qs, q, "name_folded")
    return qs.select_related("parent").order_by("code")


def organizations(
    *,
    level: str | None = None,
    kind: str | None = None,
    unit: int | None = None,
    province: int | None = None,
    parent: int | None = None,
    q: str = "",
    as_of: dt.date | None = None,
) -> QuerySet[Organization]:
    qs = Organization.objects.as_of(as_of or today())
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if unit:
        qs = qs.filter(Q(unit_id=unit) | Q(current_unit_id=unit))
    if province:
        qs = qs.filter(province_id=province)
    if parent:
        qs = qs.filter(parent_id=parent)
    qs = matching_all(qs, q, "name_folded")
    return qs.select_related("unit", "parent").order_by("code")


def bodies_named(
    *,
    issuer: Organization,
    rule: str,
    kinds: list[str] | tuple[str, ...] = (),
    level: str = "",
    chosen: Any = None,
    on: dt.date,
) -> QuerySet[Organization]:
    """The bodies in force on `on` that a rule names under `issuer`, the issuer left out —
    who reports to a body (reports) and who carries out its directive (directives):
    "children" are the bodies directly under it, "chosen" a list, and "below" every body
    inside its territory (the whole country for a central body), each narrowed by `kinds`
    and `level` when given."""
    bodies = Organization.objects.as_of(on).exclude(pk=issuer.pk)
    if rule == "children":
        bodies = bodies.filter(parent=issuer)
    elif rule == "chosen":
        bodies = bodies.filter(pk__in=chosen if chosen is not None else [])
    elif issuer.level == OrganizationLevel.PROVINCE:
        bodies = bodies.filter(province_id=issuer.province_id)
    elif issuer.level != OrganizationLevel.CENTRAL:
        bodies = bodies.filter(current_unit_id=issuer.current_unit_id)
    if kinds:
        bodies = bodies.filter(kind__in=list(kinds))
    if level:
        bodies = bodies.filter(level=level)
    return bodies.order_by("code")


def organizations_in_scope(user: User, roles: frozenset[str]) -> QuerySet[Organization]:
    q = scopes.organizations_q(user, roles)
    if q is None:
        return Organization.objects.none()
    return Organization.objects.filter(q)


def unit_tree(province: AdminUnit, *, as_of: dt.date | None = None) -> QuerySet[AdminUnit]:
    """The units under a province on a date: districts and communes before 01/07/2025,
    communes after."""
    return (
        AdminUnit.objects.as_of(as_of or today())
        .filter(province=province)
        .exclude(pk=province.pk)
        .select_related("parent")
        .order_by("level", "code")
    )


def current_unit_for(unit: AdminUnit) -> AdminUnit:
    """The unit in force today that `unit`'s records roll up to."""
    return unit.current or unit


def current_organization_for(org: Organization) -> Organization:
    return org.current or org


def successors_of(unit: AdminUnit) -> QuerySet[UnitSuccession]:
    return unit.successions.select_related("successor").order_by("-is_default", "successor__code")


def predecessors_of(unit: AdminUnit) -> QuerySet[UnitSuccession]:
    return unit.predecessions.select_related("predecessor").order_by("predecessor__code")


def level_counts(*, as_of: dt.date | None = None) -> dict[str, int]:
    rows = AdminUnit.objects.as_of(as_of or today()).values("level").annotate(n=Count("id"))
    return {row["level"]: row["n"] for row in rows}


def _field_label(name: str) -> str:
    field = Organization._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def organization_history(org: Organization, *, limit: int = 50) -> list[dict]:
    """Audit entries for one organization, newest first: who, when, and each field's before
    and after (simple-history keeps a full snapshot per change; we diff neighbours)."""
    records = list(
        org.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries: list[dict] = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [
                {
                    "field": _field_label(c.field),
                    "old": c.old,
                    "new": c.new,
                }
                for c in delta.changes
            ]
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.history_type,
                "changes": changes,
            }
        )
    return entries


# A public submission names its commune by id, hundreds of times a second in a rush: the
# units in force are kept per process for a few minutes (and never past the day they were
# read on). Units change only by a reorganization's dated decision; a matter's registration
# reads its unit from the database again.
CURRENT_UNIT_TTL = 300.0
_current_units: dict[int, tuple[dt.date, float, AdminUnit]] = {}
_current_units_lock = threading.Lock()


def current_unit(pk: int) -> AdminUnit | None:
    """The unit with this id if it is in force today, from the per-process cache."""
    day, now = today(), time.monotonic()
    hit = _current_units.get(pk)
    if hit is not None and hit[0] == day and hit[1] > now:
        return hit[2]
    unit = AdminUnit.objects.current().filter(pk=pk).first()
    if unit is not None:
        with _current_units_lock:
            _current_units[pk] = (day, now + CURRENT_UNIT_TTL, unit)
    return unit


def forget_current_units() -> None:
    """Empty the cache (tests do, between cases; so may an administrator's reorganization)."""
    with _current_units_lock:
        _current_units.clear()


# Past this many bodies on one level (a central body's subtree is most of the country's 27,000
# bodies), reading every body's two links once is cheaper than more IN (...) queries.
_SUBTREE_LEVEL_LIMIT = 300


def organization_subtree(organization_id: int) -> list[int]:
    """The body, every body under it (Organization.parent), and the former bodies whose
    records roll up to any of them (Organization.current): one query per level, on the
    indexed foreign keys (or one read of all the links for a very wide tree). Used as
    `organization_id IN (...)` on the matter's own indexed column (case_org_state_idx),
    never as a join."""
    found = {organization_id}
    frontier = {organization_id}
    while frontier:
        if len(frontier) > _SUBTREE_LEVEL_LIMIT:
            return sorted(_subtree_in_memory(found, frontier))
        below = set(
            Organization.objects.filter(
                Q(parent_id__in=frontier) | Q(current_id__in=frontier)
            ).values_list("pk", flat=True)
        )
        frontier = below - found
        found |= frontier
    return sorted(found)


def _subtree_in_memory(found: set[int], frontier: set[int]) -> set[int]:
    below: dict[int, list[int]] = {}
    for pk, parent_id, current_id in Organization.objects.values_list(
        "pk", "parent_id", "current_id"
    ):
        for up in (parent_id, current_id):
            if up is not None:
                below.setdefault(up, []).append(pk)
    stack = list(frontier)
    while stack:
        for pk in below.get(stack.pop(), ()):
            if pk not in found:
                found.add(pk)
                stack.append(pk)
    return found
