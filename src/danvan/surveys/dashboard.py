"""The leader's dashboard tiles for the satisfaction index: this quarter's index for what the
leader covers, its change against the quarter before, and the responses behind it. Two
grouped queries (the past months' figures, the month under way); nothing when no response
reached the leader's bodies in either quarter."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number
from danvan.lib.tiles import Tile

from .library import INDEX_FAMILY
from .satisfaction import Estimate, min_responses
from .selectors.index import Period, Source


def leader_tiles(user: object, day: dt.date) -> list[Tile]:
    now = Period.current(day)
    before = now.previous()
    by_month = Source(user, None).grouped(
        before.starts_on, now.ends_on, "month", criterion=INDEX_FAMILY
    )
    current, previous = Estimate(0), Estimate(0)
    for month, estimates in by_month.items():
        found = estimates.get(INDEX_FAMILY, Estimate(0))
        if month >= now.starts_on:
            current += found
        else:
            previous += found
    if not current.n and not previous.n:
        return []
    url = reverse("surveys:index")
    change = ""
    if current.value is not None and previous.value is not None:
        points = round(current.value - previous.value, 1)
        change = _("%(sign)s%(points)s points against %(period)s") % {
            "sign": "+" if points > 0 else "",
            "points": format_vn_number(points, 1),
            "period": before.label,
        }
    elif current.value is None:
        change = _("hidden below %(n)s responses") % {"n": format_vn_number(min_responses())}
    return [
        Tile(
            "—" if current.value is None else f"{format_vn_number(current.value, 1)} %",
            _("Satisfaction index, %(period)s") % {"period": now.label},
            url,
            change,
        ),
        Tile(
            format_vn_number(current.n),
            _("Survey responses counted, %(period)s") % {"period": now.label},
            url,
        ),
    ]
