from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from danvan.lib.numbers import format_vn_number
from danvan.lib.richtext import to_html

register = template.Library()


@register.filter
def vn_number(value: Decimal | None) -> str:
    return format_vn_number(value)


@register.filter
def richtext(value: str) -> SafeString:
    return to_html(value)


@register.simple_tag
def figure_error(errors: dict[str, str], code: str) -> str:
    return errors.get(f"fig-{code}", "")


@register.simple_tag
def reason_error(errors: dict[str, str], code: str) -> str:
    return errors.get(f"reason-{code}", "")
