"""Where a matter is: a unit chosen from today's list, or an address typed by the citizen,
which may use pre-2025 names ("Phường Hàng Gai, Quận Hoàn Kiếm") and is mapped to today's
unit through the succession links."""

from __future__ import annotations

from danvan.lib.text import fold
from danvan.org.models import AdminLevel, AdminUnit


def _parse(address: str, mode: str) -> str | None:
    from vietnamadminunits import parse_address

    try:
        parsed = parse_address(address, mode=mode)
    except Exception:  # the parser raises on text it cannot read at all
        return None
    return getattr(parsed, "ward_code", None) or None


# Words that only a pre-2025 address has: districts were abolished on 01/07/2025.
_DISTRICT_WORDS = ("quan ", "huyen ", "thi xa ", "thi tran ")


def _current(code: str) -> AdminUnit | None:
    return AdminUnit.objects.current().filter(level=AdminLevel.COMMUNE, code=code).first()


def _from_legacy(code: str) -> AdminUnit | None:
    old = (
        AdminUnit.objects.filter(level=AdminLevel.COMMUNE, code=code, valid_to__isnull=False)
        .select_related("current")
        .first()
    )
    return (old.current or old) if old is not None else None


def unit_from_address(address: str) -> AdminUnit | None:
    """Today's commune for an address, or None when the address names no commune.

    An address naming a district is read as a pre-2025 address first: read as a new one,
    "Phường Hàng Gai, Quận Hoàn Kiếm" would match today's Phường Hoàn Kiếm by the district's
    name rather than by the ward's succession.
    """
    address = address.strip()
    if not address:
        return None
    attempts = [("FROM_2025", _current), ("LEGACY", _from_legacy)]
    if any(word in fold(address) + " " for word in _DISTRICT_WORDS):
        attempts.reverse()
    for mode, lookup in attempts:
        if (code := _parse(address, mode)) and (unit := lookup(code)) is not None:
            return unit
    return None
