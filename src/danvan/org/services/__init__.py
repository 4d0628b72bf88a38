"""Writes to the organization network. Every function: keyword-only, one transaction."""

from .organizations import (
    NewBody,
    apply_derived_fields,
    create_organization,
    merge_organizations,
    rename_organization,
    save_organization,
    split_organization,
    update_organization,
)
from .units import load_admin_units, point_at_current

__all__ = [
    "NewBody",
    "apply_derived_fields",
    "create_organization",
    "load_admin_units",
    "merge_organizations",
    "point_at_current",
    "rename_organization",
    "save_organization",
    "split_organization",
    "update_organization",
]
