"""A map of Vietnam drawn as inline SVG on the server: no tile server, no script, no network.

The outline is Natural Earth's (public domain), from the npm package `world-atlas`
(TopoJSON, installed by `npm ci`). Natural Earth draws the Hoàng Sa and Trường Sa
archipelagos apart from Vietnam; this map draws them as Vietnam's, with their names, as every
Vietnamese map must.

Points are projected with a plain equirectangular projection scaled by the cosine of the
middle latitude: at this size and these latitudes it is indistinguishable from anything
fancier.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders

ATLAS = "vendor/world-atlas/countries-50m.json"
VIETNAM = "704"  # ISO 3166-1 numeric

# The frame: the mainland, Hoàng Sa and Trường Sa.
WEST, EAST, SOUTH, NORTH = 101.8, 117.9, 6.2, 23.6
WIDTH = 400.0
_COS = math.cos(math.radians((NORTH + SOUTH) / 2))
SCALE = WIDTH / ((EAST - WEST) * _COS)
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)

# Islands drawn as dots (lat, lon): the main features of each archipelago.
HOANG_SA = [
    (16.83, 112.33),  # Phú Lâm
    (16.53, 111.61),  # Hoàng Sa
    (16.45, 111.70),  # Quang Hòa
    (16.98, 112.27),  # Cây
    (16.05, 111.78),  # Tri Tôn
    (16.67, 112.73),  # Linh Côn
    (17.10, 111.50),  # Bắc Reef
]
TRUONG_SA = [
    (8.65, 111.92),  # Trường Sa Lớn
    (11.43, 114.33),  # Song Tử Tây
    (10.38, 114.48),  # Sinh Tồn
    (10.18, 114.36),  # Nam Yết
    (9.88, 114.33),  # Sơn Ca area
    (8.85, 112.85),  # An Bang
    (7.90, 113.80),  # Thuyền Chài
    (8.96, 113.33),  # Đá Tây
    (10.72, 115.80),  # Đá Lớn area
]


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def project(latitude: float, longitude: float) -> Point:
    return Point(
        x=round((longitude - WEST) * _COS * SCALE, 1),
        y=round((NORTH - latitude) * SCALE, 1),
    )


def _atlas_path() -> Path | None:
    found = finders.find(ATLAS)
    if found:
        return Path(found if isinstance(found, str) else found[0])
    collected = Path(settings.STATIC_ROOT) / ATLAS
    return collected if collected.exists() else None


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(arc[1:] if ring else arc)
    return ring


@cache
def outline() -> str:
    """The SVG path data of Vietnam's land, or "" when the atlas is not installed."""
    path = _atlas_path()
    if path is None:
        return ""
    topology = json.loads(path.read_text(encoding="utf-8"))
    geometry = next(
        g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == VIETNAM
    )
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    arcs = _decode_arcs(topology)
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            points = [project(lat, lon) for lon, lat in _ring(arcs, indexes)]
            parts.append("M" + "L".join(f"{p.x:g},{p.y:g}" for p in points) + "Z")
    return "".join(parts)


def archipelagos() -> list[tuple[str, list[Point], Point]]:
    """(name, island dots, label position) for Hoàng Sa and Trường Sa."""
    return [
        ("hoang_sa", [project(*c) for c in HOANG_SA], project(17.6, 112.1)),
        ("truong_sa", [project(*c) for c in TRUONG_SA], project(12.2, 114.2)),
    ]


def radius(count: float, largest: float, *, smallest: float = 3.0, biggest: float = 16.0) -> float:
    """A circle whose area grows with the count (or any figure above zero)."""
    if count <= 0 or largest <= 0:
        return 0.0
    return round(smallest + (biggest - smallest) * math.sqrt(count / largest), 1)


@dataclass(frozen=True)
class Dot:
    """A circle on the map: numbers already written as SVG wants them (never localized);
    `label` says what it counts, for the tooltip and screen readers."""

    x: str
    y: str
    r: str
    name: str
    count: int
    href: str
    label: str = ""


@dataclass(frozen=True)
class Drawing:
    outline: str
    width: str
    height: str
    view_box: str
    archipelagos: list[tuple[str, list[Point], Point]]
    dots: list[Dot]


FULL_VIEW = f"0 0 {WIDTH:g} {HEIGHT:g}"


def province_dots(
    counts: Mapping[Any, int],
    *,
    base_query: str,
    label: Callable[[str, int], str],
) -> list[Dot]:
    """One circle per province of `counts` (province id → count; area by count), the
    largest first, each a link to the same page filtered to that province (`base_query`
    kept); `label(name, count)` says what it counts. One query."""
    from danvan.org.models import AdminUnit  # lib has no models of its own

    places = AdminUnit.objects.filter(pk__in=[pk for pk in counts if pk is not None]).only(
        "name", "latitude", "longitude"
    )
    largest = max(counts.values(), default=0)
    query = f"{base_query}&" if base_query else ""
    dots: list[Dot] = []
    for place in sorted(places, key=lambda p: -counts[p.pk]):
        if place.latitude is None or place.longitude is None:
            continue
        point = project(place.latitude, place.longitude)
        dots.append(
            Dot(
                x=f"{point.x:g}",
                y=f"{point.y:g}",
                r=f"{radius(counts[place.pk], largest):g}",
                name=place.name,
                count=counts[place.pk],
                href=f"?{query}province={place.pk}",
                label=label(place.name, counts[place.pk]),
            )
        )
    return dots


def view_of(frame: list[Point]) -> tuple[str, float]:
    """A viewBox closing in on `frame` (a province and its communes), and how much smaller
    than the whole map it is: circles drawn in it are scaled by that so they keep their size
    on screen. The outline is vector, so zooming is only a smaller viewBox."""
    if not frame:
        return FULL_VIEW, 1.0
    xs, ys = [p.x for p in frame], [p.y for p in frame]
    # A margin of a sixth on each side; a single commune still shows its surroundings.
    side = max(max(xs) - min(xs), max(ys) - min(ys), 16.0) * 1.35
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return f"{cx - side / 2:.1f} {cy - side / 2:.1f} {side:.1f} {side:.1f}", side / WIDTH


def drawing(dots: list[Dot], *, view_box: str = FULL_VIEW) -> Drawing | None:
    """The map with its dots, or None when the atlas is not installed."""
    shape = outline()
    if not shape:
        return None
    return Drawing(
        outline=shape,
        width=f"{WIDTH:g}",
        height=f"{HEIGHT:g}",
        view_box=view_box,
        archipelagos=archipelagos(),
        dots=dots,
    )
