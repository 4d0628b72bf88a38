"""What every campaigns service shares: the permission check, the audit log, amounts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from danvan.lib.numbers import parse_vn_number

# A single entry above this is refused as a typing error (a trillion đồng).
MAX_AMOUNT = 1_000_000_000_000


def deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("You may not do this."))


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise deny(message)


def amount_of(raw: Any, field: str = "amount") -> int:
    """A sum of money in whole đồng, as typed ("1.500.000") or sent (1500000): positive, no
    fractions, not absurdly large; a ValidationError beside `field` otherwise."""
    try:
        value = parse_vn_number(raw)
    except ValueError:
        value = None
        bad = True
    else:
        bad = value is None
    if bad or value is None:
        raise ValidationError({field: _("Enter the amount in đồng, e.g. 1.500.000.")})
    if value != value.to_integral_value():
        raise ValidationError({field: _("Amounts are in whole đồng, without decimals.")})
    if value <= 0:
        raise ValidationError({field: _("The amount must be more than 0 đồng.")})
    if value > MAX_AMOUNT:
        raise ValidationError({field: _("This amount is too large: check the figure.")})
    return int(value)
