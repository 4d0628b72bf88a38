"""What is wrong with a report's figures, in Vietnamese, by indicator code: the type, the
range, required figures, the template's checks across indicators, and overrides without a
reason. Drafts may be saved with problems; approval and submission need none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number

from .models import CheckKind, Indicator, IndicatorCheck, ValueType


def value_problem(indicator: Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    match indicator.value_type:
        case ValueType.COUNT | ValueType.MONEY:
            if value != value.to_integral_value():
                return _("Write a whole number.")
            if value < 0:
                return _("A count cannot be negative.")
        case ValueType.YES_NO:
            if value not in (0, 1):
                return _("Answer yes or no.")
        case ValueType.PERCENT:
            if not 0 <= value <= 100:
                return _("A percentage lies between 0 and 100.")
        case ValueType.AREA:
            if value < 0:
                return _("An area cannot be negative.")
    if indicator.minimum is not None and value < indicator.minimum:
        return _("At least %(n)s.") % {"n": format_vn_number(indicator.minimum)}
    if indicator.maximum is not None and value > indicator.maximum:
        return _("At most %(n)s.") % {"n": format_vn_number(indicator.maximum)}
    return ""


def problems(
    indicators: Iterable[Indicator],
    checks: Iterable[IndicatorCheck],
    values: Mapping[str, Decimal | None],
    *,
    complete: bool,
) -> dict[str, list[str]]:
    """`values` by indicator code. With `complete`, a required figure left empty is a
    problem too (approval and submission)."""
    found: dict[str, list[str]] = {}
    by_id = {}
    for indicator in indicators:
        by_id[indicator.pk] = indicator
        value = values.get(indicator.code)
        if value is None:
            if complete and indicator.required:
                found.setdefault(indicator.code, []).append(_("This figure is required."))
            continue
        if message := value_problem(indicator, value):
            found.setdefault(indicator.code, []).append(message)
    for check in checks:
        subject = check.subject
        parts = list(check.parts.all())
        left = values.get(subject.code)
        rights = [v for p in parts if (v := values.get(p.code)) is not None]
        if left is None or len(rights) != len(parts):
            continue
        if check.kind == CheckKind.SUM_EQUALS and left != sum(rights, Decimal(0)):
            found.setdefault(subject.code, []).append(
                _("%(total)s should equal %(parts)s (%(sum)s), not %(value)s.")
                % {
                    "total": subject.label,
                    "parts": " + ".join(p.label for p in parts),
                    "sum": format_vn_number(sum(rights, Decimal(0))),
                    "value": format_vn_number(left),
                }
            )
        elif check.kind == CheckKind.AT_MOST and left > rights[0]:
            found.setdefault(subject.code, []).append(
                _("%(subject)s (%(value)s) cannot exceed %(other)s (%(limit)s).")
                % {
                    "subject": subject.label,
                    "value": format_vn_number(left),
                    "other": parts[0].label,
                    "limit": format_vn_number(rights[0]),
                }
            )
    return found
