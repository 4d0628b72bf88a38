"""Writes to organizations: create, change, and the reorganizations that keep history.

A merge or split never rewrites the old bodies: they get an end date, the new bodies start the
next day, and succession links say where the old bodies' records roll up to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.text import fold
from danvan.org.models import (
    AdminLevel,
    AdminUnit,
    Organization,
    OrganizationChange,
    OrganizationChangeKind,
    OrganizationSuccession,
)
from danvan.org.models.organizations import OrganizationLevel
from danvan.org.models.validity import valid_on

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "unit",
    "parent",
    "valid_from",
    "valid_to",
    "address",
    "phone",
    "email",
    "website",
)


def _level_for(unit: AdminUnit | None) -> str:
    if unit is None:
        return OrganizationLevel.CENTRAL
    return {
        AdminLevel.PROVINCE: OrganizationLevel.PROVINCE,
        AdminLevel.DISTRICT: OrganizationLevel.DISTRICT,
        AdminLevel.COMMUNE: OrganizationLevel.COMMUNE,
    }[AdminLevel(unit.level)]


def apply_derived_fields(org: Organization) -> None:
    """Fill the fields the services own: folded name, level, and where records roll up."""
    org.name_folded = fold(f"{org.name} {org.short_name}")
    unit = org.unit
    org.level = _level_for(unit)
    current = (unit.current or unit) if unit else None
    org.current_unit = current
    org.province_id = current.province_id if current else None


def _validate(org: Organization) -> None:
    if org.valid_from and org.valid_to and org.valid_to < org.valid_from:
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
    if org.parent_id and org.parent_id == org.pk:
        raise ValidationError({"parent": _("An organization cannot be its own parent.")})
    node, seen = org.parent, {org.pk}
    while node is not None:
        if node.pk in seen:
            raise ValidationError({"parent": _("This parent would create a loop.")})
        seen.add(node.pk)
        node = node.parent
    org.full_clean(exclude=["current", "current_unit", "province", "name_folded", "level"])


def _save(org: Organization, actor: User | None, reason: str = "") -> Organization:
    apply_derived_fields(org)
    # The actor's right is checked on the body as it will be saved (its new place and parent):
    # a unit administrator must not move a body out of their scope, nor into another's.
    perm = "org.add_organization" if org.pk is None else "org.change_organization"
    if actor is not None and not actor.has_perm(perm, org):
        raise PermissionDenied(_("You may not manage bodies there."))
    _validate(org)
    org._history_user = actor  # type: ignore[attr-defined]
    org._change_reason = reason  # type: ignore[attr-defined]
    org.save()
    if org.current_id is None and org.valid_to is None:
        org.current = org
        Organization.objects.filter(pk=org.pk).update(current=org)
    return org


@transaction.atomic
def create_organization(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    unit: AdminUnit | None,
    parent: Organization | None = None,
    short_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Organization:
    org = Organization(
        code=code.strip(),
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        unit=unit,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return _save(org, actor, reason="create")


@transaction.atomic
def update_organization(
    *, actor: User | None, organization: Organization, **changes: Any
) -> Organization:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if actor is not None and not actor.has_perm("org.change_organization", organization):
        raise PermissionDenied(_("You may not manage bodies there."))
    for name, value in changes.items():
        setattr(organization, name, value)
    return _save(organization, actor, reason="update")


@transaction.atomic
def save_organization(*, actor: User, organization: Organization) -> Organization:
    """A body as edited in a form (the admin's): derived fields, the actor's right on the body
    as it will be saved, validation, history."""
    return _save(organization, actor, reason="update" if organization.pk else "create")


@dataclass(frozen=True)
class NewBody:
    code: str
    name: str
    kind: str
    short_name: str = ""


def _end(org: Organization, effective_date: dt.date, actor: User | None, reason: str) -> None:
    if not org.is_valid_on(effective_date - dt.timedelta(days=1)):
        raise ValidationError(
            _("%(name)s is not in force before %(date)s.")
            % {"name": org.name, "date": effective_date.strftime("%d/%m/%Y")}
        )
    org.valid_to = effective_date - dt.timedelta(days=1)
    _save(org, actor, reason=reason)


def _reroute(successors_of: dict[int, int]) -> None:
    """Every body whose records rolled up to an ended body now rolls up to its successor."""
    for old_pk, new_pk in successors_of.items():
        Organization.objects.filter(current_id=old_pk).update(current_id=new_pk)
        Organization.objects.filter(pk=old_pk).update(current_id=new_pk)


def _reparent_children(
    old: list[Organization], new: Organization, effective_date: dt.date, actor: User | None
) -> None:
    """Bodies still in force under the old ones now answer to the new one (each saved, so
    each change is audited)."""
    children = Organization.objects.filter(parent__in=old).filter(valid_on(effective_date))
    for child in children.exclude(pk=new.pk):
        child.parent = new
        _save(child, actor, reason="reorganization: new parent")


@transaction.atomic
def merge_organizations(
    *,
    actor: User | None,
    sources: list[Organization],
    into: NewBody,
    effective_date: dt.date,
    unit: AdminUnit | None,
    parent: Organization | None = None,
    decision: str = "",
    note: str = "",
) -> Organization:
    """Merge `sources` into one new body from `effective_date` (e.g. Ban Dân vận + Ban Tuyên
    giáo → Ban Tuyên giáo và Dân vận on 01/03/2025)."""
    if len(sources) < 2:
        raise ValidationError(_("A merge needs at least two organizations."))
    change = OrganizationChange.objects.create(
        kind=OrganizationChangeKind.MERGE,
        effective_date=effective_date,
        decision=decision,
        note=note,
        created_by=actor,
    )
    for source in sources:
        _end(source, effective_date, actor, reason="merge")
    merged = create_organization(
        actor=actor,
        code=into.code,
        name=into.name,
        kind=into.kind,
        short_name=into.short_name,
        unit=unit,
        parent=parent,
        valid_from=effective_date,
    )
    OrganizationSuccession.objects.bulk_create(
        OrganizationSuccession(change=change, predecessor=s, successor=merged) for s in sources
    )
    _reroute({s.pk: merged.pk for s in sources})
    _reparent_children(sources, merged, effective_date, actor)
    return merged


@transaction.atomic
def split_organization(
    *,
    actor: User | None,
    source: Organization,
    into: list[tuple[NewBody, AdminUnit | None]],
    default_code: str,
    effective_date: dt.date,
    decision: str = "",
    note: str = "",
) -> list[Organization]:
    """Split `source` into several bodies; its records roll up to the one coded `default_code`."""
    if len(into) < 2:
        raise ValidationError(_("A split needs at least two new organizations."))
    if default_code not in {body.code for body, _unit in into}:
        raise ValidationError(_("The default successor must be one of the new organizations."))
    change = OrganizationChange.objects.create(
        kind=OrganizationChangeKind.SPLIT,
        effective_date=effective_date,
        decision=decision,
        note=note,
        created_by=actor,
    )
    _end(source, effective_date, actor, reason="split")
    created = [
        create_organization(
            actor=actor,
            code=body.code,
            name=body.name,
            kind=body.kind,
            short_name=body.short_name,
            unit=unit,
            parent=source.parent,
            valid_from=effective_date,
        )
        for body, unit in into
    ]
    OrganizationSuccession.objects.bulk_create(
        OrganizationSuccession(
            change=change, predecessor=source, successor=new, is_default=new.code == default_code
        )
        for new in created
    )
    default = next(new for new in created if new.code == default_code)
    _reroute({source.pk: default.pk})
    _reparent_children([source], default, effective_date, actor)
    return created


@transaction.atomic
def rename_organization(
    *,
    actor: User | None,
    organization: Organization,
    new_name: str,
    effective_date: dt.date,
    new_short_name: str | None = None,
    decision: str = "",
) -> Organization:
    """A rename keeps the same body: its history shows the old name until the change."""
    new_name = new_name.strip()
    if not new_name:
        raise ValidationError({"name": _("The new name must not be empty.")})
    OrganizationChange.objects.create(
        kind=OrganizationChangeKind.RENAME,
        effective_date=effective_date,
        decision=decision,
        renamed=organization,
        previous_name=organization.name,
        new_name=new_name,
        created_by=actor,
    )
    organization.name = new_name
    if new_short_name is not None:
        organization.short_name = new_short_name
    return _save(organization, actor, reason="rename")
