"""The overview of the people's situation: how many texts came in from which source, week by
week, and from where — counts only, of the viewer's territory (access.texts_counted), small
counts hidden for who does not read the texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.charts import Chart, Series
from danvan.lib.dates import format_vn_date, today, week_start
from danvan.org.models import AdminUnit

from .. import access
from ..models import OPEN_HOTSPOT_STATES, TextSource, Topic, TopicModel, TopicWeekCount

WEEKS = 12
PLACES = 10
TOPICS = 8


@dataclass(frozen=True)
class Overview:
    this_week: int | None
    last_week: int | None
    open_hotspots: int
    weekly: Chart
    places: Chart
    topics: Chart
    sources: list[tuple[str, int | None]]
    reads: bool


def overview(user: Any, *, on: dt.date | None = None) -> Overview:
    on = on or today()
    reads = access.reads_texts(user)
    first = week_start(on) - dt.timedelta(weeks=WEEKS - 1)
    weeks = [first + dt.timedelta(weeks=i) for i in range(WEEKS)]
    texts = access.texts_counted(user).filter(week__gte=first, week__lte=weeks[-1])
    by_week_source: dict[tuple[dt.date, str], int] = {
        (row["week"], row["source"]): row["n"]
        for row in texts.values("week", "source").annotate(n=Count("pk")).order_by()
    }
    sources_seen = [s for s in TextSource if any(k[1] == s for k in by_week_source)]
    series = [
        Series(str(s.label), [by_week_source.get((w, s), 0) for w in weeks]) for s in sources_seen
    ]
    totals = {w: sum(by_week_source.get((w, s), 0) for s in TextSource) for w in weeks}
    caption = _("Texts read into the analysis, week by week, until %(date)s") % {
        "date": format_vn_date(on)
    }
    weekly = Chart(
        key="texts-weekly",
        kind="bar",
        title=_("Texts by week and source"),
        caption=caption,
        labels=[w.strftime("%d/%m") for w in weeks],
        series=series,
        stacked=True,
    )
    quarter_start = weeks[-1] - dt.timedelta(weeks=12)
    place_rows = list(
        texts.filter(week__gte=quarter_start, province__isnull=False)
        .values("province")
        .annotate(n=Count("pk"))
        .order_by("-n")[:PLACES]
    )
    names: dict[int | None, str] = dict(
        AdminUnit.objects.filter(pk__in=[r["province"] for r in place_rows]).values_list(
            "pk", "name"
        )
    )
    shown = [
        (names.get(r["province"], "—"), access.shown_count(r["n"], reads=reads)) for r in place_rows
    ]
    places = Chart(
        key="texts-places",
        kind="hbar",
        title=_("Where the texts came from, last 12 weeks"),
        caption=caption,
        labels=[name for name, _n in shown],
        series=[Series(_("Texts"), [n for _name, n in shown])],
    )
    source_totals = [
        (
            str(s.label),
            access.shown_count(sum(by_week_source.get((w, s), 0) for w in weeks), reads=reads),
        )
        for s in sources_seen
    ]
    topics = _topics_chart(user, first, weeks[-1], reads, caption)
    return Overview(
        this_week=access.shown_count(totals[weeks[-1]], reads=reads),
        last_week=access.shown_count(totals[weeks[-2]], reads=reads),
        open_hotspots=access.hotspots_for(user).filter(state__in=OPEN_HOTSPOT_STATES).count(),
        weekly=weekly,
        places=places,
        topics=topics,
        sources=source_totals,
        reads=reads,
    )


def _topics_chart(user: Any, first: dt.date, last: dt.date, reads: bool, caption: str) -> Chart:
    """The active national model's topics with the most texts of the user's territory over
    the weeks shown, each a link to its page."""
    model = TopicModel.objects.filter(scope__isnull=True, active=True).first()
    rows: list[Any] = []
    if model is not None:
        rows = list(
            TopicWeekCount.objects.filter(
                access.territory_q(user),
                topic__model=model,
                week__gte=first,
                week__lte=last,
            )
            .values("topic")
            .annotate(n=Sum("count"))
            .order_by("-n")[:TOPICS]
        )
    topics = Topic.objects.in_bulk([r["topic"] for r in rows])
    return Chart(
        key="texts-topics",
        kind="hbar",
        title=_("The main topics, last 12 weeks"),
        caption=caption,
        labels=[str(topics[r["topic"]]) for r in rows],
        series=[Series(_("Texts"), [access.shown_count(r["n"], reads=reads) for r in rows])],
        links=[reverse("insights:topic", args=[r["topic"]]) for r in rows],
    )
