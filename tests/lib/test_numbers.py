"""Numbers written the Vietnamese way, whether they come as counts or as amounts."""

from __future__ import annotations

from decimal import Decimal

from danvan.lib.numbers import format_vn_number


def test_counts_group_thousands_with_dots() -> None:
    assert format_vn_number(3545) == "3.545"
    assert format_vn_number(2681560) == "2.681.560"
    assert format_vn_number(-3545) == "-3.545"
    assert format_vn_number(0) == "0"


def test_decimals_take_a_comma_and_drop_trailing_zeros_unless_places_are_asked() -> None:
    assert format_vn_number(Decimal("12.50")) == "12,5"
    assert format_vn_number(Decimal("3545.25")) == "3.545,25"
    assert format_vn_number(12, places=1) == "12,0"
    assert format_vn_number(None) == ""
