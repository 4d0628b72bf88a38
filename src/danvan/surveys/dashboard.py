"""The leader's dashboard tiles for the satisfaction index: this quarter's index for what the
leader covers, its change against the quarter before, and the responses behind it. One
aggregate query; nothing when no response reached the leader's bodies in either quarter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Aggregate, Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number

from . import access
from .library import INDEX_FAMILY
from .satisfaction import Estimate, min_responses
from .selectors.index import Period


@dataclass(frozen=True)
class Tile:
    value: str
    label: str
    url: str
    change: str = ""
    tone: str = ""


def leader_tiles(user: object, day: dt.date) -> list[Tile]:
    now = Period.current(day)
    before = now.previous()
    squares = Cast(F("score") * F("score"), FloatField())
    parts: dict[str, Aggregate] = {}
    for name, period in (("now", now), ("before", before)):
        within = Q(day__gte=period.starts_on, day__lte=period.ends_on)
        parts[f"{name}_n"] = Count("pk", filter=within)
        parts[f"{name}_total"] = Sum("score", filter=within)
        parts[f"{name}_squares"] = Sum(squares, filter=within)
    row = (
        access.scores_for(user)
        .filter(criterion=INDEX_FAMILY, day__gte=before.starts_on, day__lte=now.ends_on)
        .aggregate(**parts)
    )
    current, previous = (
        Estimate(row[f"{p}_n"] or 0, row[f"{p}_total"] or 0.0, row[f"{p}_squares"] or 0.0)
        for p in ("now", "before")
    )
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
