"""Reads of the hotspot register, always through `access` (territory for the register and the
counts, the sources' own accessors for the words of the texts behind a hotspot)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.accounts.models import Assignment, Role, User
from danvan.lib import maps
from danvan.lib.charts import Chart, Series
from danvan.lib.dates import format_vn_date
from danvan.org.models import AdminUnit, Organization

from .. import access
from ..models import (
    OPEN_HOTSPOT_STATES,
    Hotspot,
    HotspotKind,
    HotspotLink,
    HotspotNote,
    HotspotState,
    Text,
    TextSource,
)


@dataclass(frozen=True)
class RegisterFilters:
    state: str = ""  # a state, "open" (default view) or "" for all
    kind: str = ""
    province: int | None = None
    week: dt.date | None = None


def register(user: Any, filters: RegisterFilters) -> QuerySet[Hotspot]:
    qs = access.hotspots_for(user)
    if filters.state == "open":
        qs = qs.filter(state__in=OPEN_HOTSPOT_STATES)
    elif filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.province is not None:
        qs = qs.filter(province_id=filters.province)
    if filters.week is not None:
        qs = qs.filter(week=filters.week)
    return qs.select_related("topic", "unit", "province", "in_charge", "assigned_to").order_by(
        "-week", "-observed", "pk"
    )


def provinces(user: Any) -> QuerySet[AdminUnit]:
    """The provinces the register may be filtered by: those with a hotspot the user sees."""
    ids = access.hotspots_for(user).order_by().values("province_id")
    return AdminUnit.objects.filter(pk__in=ids).only("name").order_by("name")


def open_map(user: Any, filters: RegisterFilters, base_query: str) -> maps.Drawing | None:
    """Where the open hotspots (of the filters) are: one circle per province, area by count,
    each a link to the register filtered to it. Two queries."""
    rows = (
        register(user, RegisterFilters(state="open", kind=filters.kind, week=filters.week))
        .order_by()
        .values("province_id")
        .annotate(n=Count("pk"))
        .values_list("province_id", "n")
    )
    counts: dict[int | None, int] = {pk: n for pk, n in rows if pk is not None}
    dots = maps.province_dots(
        counts,
        base_query=base_query,
        label=lambda place, n: (
            ngettext("%(place)s: %(n)s open hotspot", "%(place)s: %(n)s open hotspots", n)
            % {"place": place, "n": n}
        ),
    )
    return maps.drawing(dots)


def weekly_chart(user: Any, day: dt.date, weeks: int = 12) -> Chart:
    """Hotspots found per week and kind, the last `weeks` weeks: one query."""
    last = day - dt.timedelta(days=day.weekday())
    first = last - dt.timedelta(weeks=weeks - 1)
    rows = (
        access.hotspots_for(user)
        .filter(week__gte=first, week__lte=last)
        .order_by()
        .values_list("week", "kind")
        .annotate(n=Count("pk"))
    )
    counts = {(w, k): n for w, k, n in rows}
    mondays = [first + dt.timedelta(weeks=i) for i in range(weeks)]
    base = reverse("insights:hotspots")
    return Chart(
        key="hotspots-weekly",
        kind="bar",
        title=_("Hotspots found each week"),
        caption=_("Your territory, %(n)s weeks to %(day)s")
        % {"n": weeks, "day": format_vn_date(day)},
        labels=[f"{m:%d/%m}" for m in mondays],
        series=[
            Series(str(label), [counts.get((m, kind), 0) for m in mondays])
            for kind, label in HotspotKind.choices
        ],
        links=[f"{base}?state=&week={m:%Y-%m-%d}" for m in mondays],
        stacked=True,
    )


@dataclass
class LinkedRecord:
    text_id: int
    source: str
    source_label: str
    excerpt: str
    url: str
    occurred_at: dt.datetime


@dataclass
class Linked:
    """The texts behind a hotspot as this user may see them: the ones whose words they may
    read, and counts of the rest."""

    total: int = 0
    shown: list[LinkedRecord] = field(default_factory=list)
    restricted_hidden: int | None = 0  # denunciations they may not read
    sensitive: int | None = 0  # counted only, for everyone
    other_hidden: int | None = 0


def linked(user: Any, hotspot: Hotspot, *, limit: int = 50) -> Linked:
    """Four queries at most: the counts, the readable texts, and their matters' codes."""
    links = Text.objects.filter(
        pk__in=HotspotLink.objects.filter(hotspot=hotspot).values("text_id")
    )
    counts = links.aggregate(
        total=Count("pk"),
        restricted=Count("pk", filter=Q(restricted=True, sensitive=False)),
        sensitive=Count("pk", filter=Q(sensitive=True)),
    )
    readable_qs = access.readable_texts(user).filter(pk__in=links.values("pk"))
    mine = readable_qs.aggregate(n=Count("pk"), r=Count("pk", filter=Q(restricted=True)))
    readable = list(
        readable_qs.order_by("-occurred_at", "pk").only(
            "pk", "source", "source_id", "content", "occurred_at", "restricted"
        )[:limit]
    )
    readable_total, readable_restricted = mine["n"], mine["r"]
    codes: dict[int, str] = {}
    case_ids = [t.source_id for t in readable if t.source == TextSource.CASE]
    if case_ids:
        from danvan.cases.models import Case

        codes = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "tracking_code"))
    reads = access.reads_texts(user)
    result = Linked(total=counts["total"])
    for t in readable:
        code = codes.get(t.source_id, "") if t.source == TextSource.CASE else ""
        result.shown.append(
            LinkedRecord(
                text_id=t.pk,
                source=t.source,
                source_label=t.get_source_display(),
                excerpt=t.content[:280],
                url=reverse("cases:detail", args=[code]) if code else "",
                occurred_at=t.occurred_at,
            )
        )
    hidden_restricted = max(counts["restricted"] - readable_restricted, 0)
    hidden_other = max(
        counts["total"] - counts["sensitive"] - readable_total - hidden_restricted, 0
    )
    result.restricted_hidden = access.shown_count(hidden_restricted, reads=reads)
    result.sensitive = access.shown_count(counts["sensitive"], reads=reads)
    result.other_hidden = access.shown_count(hidden_other, reads=reads)
    if counts["sensitive"]:
        access.log_sensitive(
            user,
            purpose="hotspot_page",
            texts=counts["sensitive"],
            scope_id=hotspot.unit_id or hotspot.province_id,
        )
    return result


def notes(hotspot: Hotspot) -> QuerySet[HotspotNote]:
    return hotspot.notes.select_related("author").order_by("created_at", "pk")


def assignable_bodies(hotspot: Hotspot) -> QuerySet[Organization]:
    """Bodies that may be put in charge: those of the hotspot's commune and province (and the
    body already in charge)."""
    places = [pk for pk in (hotspot.unit_id, hotspot.province_id) if pk is not None]
    q = Q(current_unit_id__in=places)
    if hotspot.in_charge_id is not None:
        q |= Q(pk=hotspot.in_charge_id)
    return Organization.objects.filter(q).only("name").order_by("name")


def assignable_officers(hotspot: Hotspot) -> QuerySet[User]:
    """Officers and leaders now assigned to a body that may be put in charge."""
    users = Assignment.objects.current().filter(
        organization__in=assignable_bodies(hotspot), role__in=[Role.OFFICER, Role.LEADER]
    )
    return (
        User.objects.filter(is_active=True, pk__in=users.values("user_id"))
        .only("username", "full_name")
        .order_by("full_name", "username")
    )


def officer_in_body(user: User, body: Organization) -> bool:
    return (
        Assignment.objects.current()
        .filter(user=user, organization=body, role__in=[Role.OFFICER, Role.LEADER])
        .exists()
    )


def dashboard_counts(user: Any, day: dt.date) -> dict[str, int]:
    """Open hotspots of the user's territory, and those still only detected (new): one query."""
    return access.hotspots_for(user).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_HOTSPOT_STATES)),
        new=Count("pk", filter=Q(state=HotspotState.DETECTED)),
        this_week=Count("pk", filter=Q(week=day - dt.timedelta(days=day.weekday()))),
    )
