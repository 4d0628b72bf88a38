"""The commune for a point: the current commune whose centre is nearest.

Communes have no boundaries in the database, only a centre point, so "nearest centre" is an
approximation of "the commune containing the point"; an officer can correct the place when
classifying. The search reads the communes in a small box around the point and widens the
box only when needed, so a request reads a handful of rows, never all 3,321.
"""

from __future__ import annotations

import math

from danvan.org.models import AdminUnit

# Half-widths of the search box, in degrees of latitude: about 5.5, 17 and 55 km. A point
# farther than the last from every commune centre is outside the area served.
RADII = (0.05, 0.15, 0.5)


def nearest_commune(latitude: float, longitude: float) -> AdminUnit | None:
    # A degree of longitude shrinks with the cosine of the latitude: distances are measured
    # in degrees of latitude, which is close enough over a few tens of kilometres.
    scale = max(math.cos(math.radians(latitude)), 0.01)
    communes = AdminUnit.objects.current().communes()
    for radius in RADII:
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
