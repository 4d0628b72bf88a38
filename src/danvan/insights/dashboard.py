"""The leader's dashboard tile for hotspots: the open hotspots of the territory the leader
covers, the new ones (still only detected) first. One counting query; nothing when the
territory has never had one."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number
from danvan.lib.tiles import Tile

from .models import HotspotState
from .selectors import hotspots as select


def leader_tiles(user: object, day: dt.date) -> list[Tile]:
    counts = select.dashboard_counts(user, day)
    if not counts["open"]:
        return []
    register = reverse("insights:hotspots")
    return [
        Tile(
            format_vn_number(counts["new"]),
            _("New hotspots awaiting a decision"),
            f"{register}?{urlencode({'state': HotspotState.DETECTED})}",
            _("of %(n)s open hotspots") % {"n": format_vn_number(counts["open"])},
            tone="alert" if counts["new"] else "warn",
        )
    ]
