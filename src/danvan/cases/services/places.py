"""Where a matter is: a unit chosen from today's list, a point pinned on the map, or an
address typed by the citizen, which may use pre-2025 names ("Phường Hàng Gai, Quận Hoàn
Kiếm") and is mapped to today's unit through the succession links."""

from __future__ import annotations

import math
from dataclasses import dataclass

from danvan.lib import maps
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


# --- A point on the map ----------------------------------------------------------------------

# An island of Hoàng Sa or Trường Sa is this far (degrees of latitude, ~80 km) from the
# archipelago's dots at most; its đặc khu's centre can be hundreds of kilometres away.
_ISLAND_REACH = 0.75


def in_frame(latitude: float, longitude: float) -> bool:
    """Inside the frame of the map of Vietnam (the mainland, Hoàng Sa and Trường Sa)."""
    return maps.SOUTH <= latitude <= maps.NORTH and maps.WEST <= longitude <= maps.EAST


def _near_archipelago(latitude: float, longitude: float) -> bool:
    scale = math.cos(math.radians(latitude))
    return any(
        math.hypot(lat - latitude, (lon - longitude) * scale) <= _ISLAND_REACH
        for lat, lon in (*maps.HOANG_SA, *maps.TRUONG_SA)
    )


# Half-widths of the search box, in degrees of latitude: about 5.5, 17 and 55 km. A point
# farther than the last from every commune centre is outside the area served.
RADII = (0.05, 0.15, 0.5)


def nearest_commune(
    latitude: float, longitude: float, *, radii: tuple[float, ...] = RADII
) -> AdminUnit | None:
    """The current commune whose centre is nearest the point, within the last of `radii`
    (degrees of latitude). Communes have no boundaries in the database, only a centre, so
    "nearest centre" approximates "the commune containing the point"; the search reads the
    communes in a small box and widens it only when needed, never all 3,321."""
    # A degree of longitude shrinks with the cosine of the latitude: distances are measured
    # in degrees of latitude, which is close enough over a few tens of kilometres.
    scale = max(math.cos(math.radians(latitude)), 0.01)
    communes = AdminUnit.objects.current().communes()
    for radius in radii:
        box = communes.filter(
            latitude__range=(latitude - radius, latitude + radius),
            longitude__range=(longitude - radius / scale, longitude + radius / scale),
        )
        found = [
            (math.hypot(u.latitude - latitude, (u.longitude - longitude) * scale), u)
            for u in box
            if u.latitude is not None and u.longitude is not None
        ]
        if not found:
            continue
        distance, nearest = min(found, key=lambda pair: (pair[0], pair[1].code))
        # Only a commune within the radius is surely the nearest: one outside the circle
        # but inside the box may be beaten by one outside the box.
        if distance <= radius:
            return nearest
    return None


# For a point by the archipelagos: far enough to reach their đặc khu from any island.
_ARCHIPELAGO_RADII = (2.0, 6.0, 12.0)


def commune_at(latitude: float, longitude: float) -> AdminUnit | None:
    """Today's commune for a point pinned on the map: the one whose centre is nearest (within
    about 55 km; for a point by an island of Hoàng Sa or Trường Sa, at any distance: the
    archipelago's đặc khu). None for a point outside Vietnam or far out at sea."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not in_frame(latitude, longitude):
        return None
    found = nearest_commune(latitude, longitude)
    if found is None and _near_archipelago(latitude, longitude):
        found = nearest_commune(latitude, longitude, radii=_ARCHIPELAGO_RADII)
    return found


@dataclass(frozen=True)
class CommuneDot:
    """A commune of the chosen province: an <option> of the commune select and, where its
    centre is known, a dot on the map (`point`, in the drawing's units)."""

    pk: int
    name: str
    point: maps.Point | None


def commune_dots(province_id: int | None) -> list[CommuneDot]:
    """The communes of a province in force, by name; none without a province. One query."""
    if not province_id:
        return []
    rows = (
        AdminUnit.objects.current()
        .communes()
        .filter(province_id=province_id)
        .order_by("name")
        .values_list("pk", "name", "latitude", "longitude")
    )
    return [
        CommuneDot(
            pk, name, maps.project(lat, lon) if lat is not None and lon is not None else None
        )
        for pk, name, lat, lon in rows
    ]


# A province's view: its communes' extent, a fifth wider, never narrower than ~50 km.
_PADDING = 1.2
_SMALLEST_SIDE = 12.0


def view_box_of(dots: list[CommuneDot]) -> str:
    """The map's viewBox closing in on a province's communes (the whole map without): closer
    than `maps.view_of`, whose frame is made for counting circles, so that a tap lands within
    a few hundred metres of where it was meant."""
    points = [d.point for d in dots if d.point is not None]
    if not points:
        return maps.FULL_VIEW
    xs, ys = [p.x for p in points], [p.y for p in points]
    side = max(max(xs) - min(xs), max(ys) - min(ys), _SMALLEST_SIDE) * _PADDING
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return f"{cx - side / 2:.1f} {cy - side / 2:.1f} {side:.1f} {side:.1f}"


# Sizes in the whole map's units, scaled with the zoom so that they keep their size on screen.
_MARKER_RADIUS = 5.0
_DOT_RADIUS = 2.0


def _scaled(radius: float, view_box: str) -> str:
    return f"{radius * float(view_box.split()[2]) / maps.WIDTH:.2f}"


@dataclass(frozen=True)
class PinMap:
    """The public form's clickable map: the drawing (zoomed to the chosen province, whose
    communes are dots), the pin if one is placed, and the projection (numbers written as SVG
    and JavaScript read them) that pin-map.js inverts to turn a click into a latitude and
    longitude."""

    drawing: maps.Drawing
    dots: list[CommuneDot]
    dot_radius: str
    marker: maps.Point | None
    marker_radius: str
    west: str
    north: str
    x_scale: str
    y_scale: str
    # The radii on the whole map, which the script scales as it zooms.
    dot_base: str = f"{_DOT_RADIUS:g}"
    marker_base: str = f"{_MARKER_RADIUS:g}"


def _coordinate(value: object) -> float | None:
    try:
        number = float(str(value))
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def pin_map(*, province: object, latitude: object, longitude: object) -> PinMap | None:
    """The map for the form as sent (or first shown): zoomed to the chosen province, with the
    pin where it was placed. None when the map's outline is not installed."""
    province_id = int(str(province)) if str(province or "").isdecimal() else None
    dots = commune_dots(province_id)
    view_box = view_box_of(dots)
    drawing = maps.drawing([], view_box=view_box)
    if drawing is None:
        return None
    lat, lon = _coordinate(latitude), _coordinate(longitude)
    marker = (
        maps.project(lat, lon)
        if lat is not None and lon is not None and in_frame(lat, lon)
        else None
    )
    return PinMap(
        drawing=drawing,
        dots=dots,
        dot_radius=_scaled(_DOT_RADIUS, view_box),
        marker=marker,
        marker_radius=_scaled(_MARKER_RADIUS, view_box),
        west=f"{maps.WEST:g}",
        north=f"{maps.NORTH:g}",
        x_scale=repr(maps.SCALE * math.cos(math.radians((maps.NORTH + maps.SOUTH) / 2))),
        y_scale=repr(maps.SCALE),
    )
