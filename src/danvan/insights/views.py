"""The people's situation: the overview page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.access import user_allowed
from danvan.lib.tiles import Tile

from . import access
from .selectors.overview import overview as overview_of


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    o = overview_of(user)
    return render(
        request,
        "insights/overview.html",
        {
            "o": o,
            "cards": _cards(o),
            "min_count": access.min_count(),
            "can_evaluate": access.may_evaluate(user),
            "can_brief": access.reads_texts(user),
        },
    )


def _count(n: int | None) -> str:
    if n is None:
        return _("fewer than %(n)s") % {"n": access.min_count()}
    return str(intcomma(n))


def _cards(o: Any) -> list[Tile]:
    return [
        Tile(_count(o.this_week), _("texts this week"), ""),
        Tile(_count(o.last_week), _("texts last week"), ""),
        Tile(
            str(intcomma(o.open_hotspots)),
            _("open hotspots"),
            reverse("insights:hotspots"),
            tone="alert" if o.open_hotspots else "",
        ),
    ]
