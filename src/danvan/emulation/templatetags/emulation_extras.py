"""Template filters of the emulation pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import localize

from ..services._common import plain

register = template.Library()


@register.filter
def score(value: Decimal | None) -> str:
    """A score without trailing zeros, in the reader's number format: 35,5 · 40 · —."""
    if value is None:
        return "—"
    return str(localize(Decimal(plain(value))))
