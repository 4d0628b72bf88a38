"""Reads of the community teams: the list in the user's scope with its filters and figure
cards, a team's page, and what a body's subtree counts (figures_teams). Which teams a user
sees is access.teams_for's; the filters only narrow it.

One notion of time for every count: a team is active on a day from the day it was set up up
to the day before it is dissolved; a member is current from the day they join up to the day
before they leave; an activity counts in the window holding the day it was held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from danvan.lib import charts
from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.figures import Window
from danvan.lib.search import matching_all
from danvan.org.models import AdminUnit
from danvan.org.selectors import organization_subtree

from .. import access
from ..models import (
    CommunityTeam,
    MemberRole,
    TaskState,
    TeamActivity,
    TeamKind,
    TeamMember,
    TeamTask,
)

ACTIVE, DISSOLVED = "active", "dissolved"
ACTIVITIES_PAGE = 20
MAX_CHOICES = 500  # a select stays usable on a phone


# ---- time --------------------------------------------------------------------------------


def active_on(day: dt.date, prefix: str = "") -> Q:
    """Teams (through `prefix`) active on `day`."""
    return Q(**{f"{prefix}founded_on__lte": day}) & (
        Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gt": day})
    )


def member_on(day: dt.date) -> Q:
    """Members (of an active team) current on `day`."""
    return (
        Q(joined_on__lte=day)
        & (Q(left_on__isnull=True) | Q(left_on__gt=day))
        & active_on(day, "team__")
    )


def held_in(window: Window) -> Q:
    return Q(held_on__gte=window.starts_on, held_on__lte=window.ends_on)


# ---- the list ----------------------------------------------------------------------------


def _int(raw: str) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@dataclass(frozen=True)
class TeamFilters:
    q: str = ""
    kind: str = ""
    province: int | None = None
    commune: int | None = None
    state: str = ""  # ACTIVE, DISSOLVED or "" for both
    # The teams behind a report's figure (lib.figures.records_at): a body's subtree, the
    # figure's key and its window.
    organization: int | None = None
    figure: str = ""
    figure_window: Window | None = None

    @classmethod
    def from_query(cls, g: Any) -> TeamFilters:
        figure, window = g.get("figure", "")[:80], None
        if figure:
            try:
                window = Window(
                    parse_vn_date(g.get("figure_from", "")), parse_vn_date(g.get("figure_to", ""))
                )
            except ValueError:
                window = None  # a figure without its period lists nothing (team_list)
        kind = g.get("kind", "")
        state = g.get("state", "")
        return cls(
            q=g.get("q", "")[:100].strip(),
            kind=kind if kind in TeamKind.values else "",
            province=_int(g.get("province", "")),
            commune=_int(g.get("commune", "")),
            state=state if state in (ACTIVE, DISSOLVED) else "",
            organization=_int(g.get("org", "")),
            figure=figure,
            figure_window=window,
        )

    def without_kind(self) -> TeamFilters:
        return TeamFilters(**{**self.__dict__, "kind": ""})

    @property
    def active(self) -> bool:
        return bool(
            self.q
            or self.kind
            or self.province
            or self.commune
            or self.state
            or self.organization
            or self.figure
        )


def team_list(
    user: Any, filters: TeamFilters, visible: QuerySet[CommunityTeam] | None = None
) -> QuerySet[CommunityTeam]:
    """The teams the user sees matching the filters. Behind a figure: the teams the figure
    counts (figures_teams.figure_q), with the same filter as the count; a figure that is not
    one, or without its period, lists nothing rather than everything."""
    qs = access.teams_for(user) if visible is None else visible
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.province is not None:
        qs = qs.filter(province_id=filters.province)
    if filters.commune is not None:
        qs = qs.filter(commune_id=filters.commune)
    day = today()
    if filters.state == ACTIVE:
        qs = qs.filter(active_on(day))
    elif filters.state == DISSOLVED:
        qs = qs.exclude(active_on(day))
    if filters.organization is not None:
        qs = qs.filter(organization_id__in=organization_subtree(filters.organization))
    if filters.figure:
        behind = figure_q(filters.figure, filters.figure_window) if filters.figure_window else None
        qs = qs.filter(behind) if behind is not None else qs.none()
    return matching_all(qs, filters.q) if filters.q else qs


def _current_members(day: dt.date) -> Coalesce:
    per_team = (
        TeamMember.objects.filter(team=OuterRef("pk"), joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_team), 0, output_field=IntegerField())


def _leader_name() -> Subquery:
    return Subquery(
        TeamMember.objects.filter(
            team=OuterRef("pk"), role=MemberRole.LEADER, left_on__isnull=True
        ).values("full_name")[:1]
    )


def team_rows(qs: QuerySet[CommunityTeam]) -> QuerySet[CommunityTeam]:
    """What a row shows, read in the same query: the body, the commune, the number of
    current members (`n_members`), the leader's name (`leader`), the last activity
    (`last_held_on`)."""
    last = Subquery(
        TeamActivity.objects.filter(team=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    )
    return (
        qs.select_related("organization", "commune", "province")
        .annotate(n_members=_current_members(today()), leader=_leader_name(), last_held_on=last)
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def counts_by_kind(
    user: Any, filters: TeamFilters, visible: QuerySet[CommunityTeam] | None = None
) -> list[KindCount]:
    """The teams per kind for the figure cards, under every filter but the kind (each card
    narrows the list to its kind): one query."""
    rows = dict(
        team_list(user, filters.without_kind(), visible)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [KindCount(k.value, str(k.label), rows.get(k.value, 0)) for k in TeamKind]


def place_choices(
    user: Any, visible: QuerySet[CommunityTeam] | None = None
) -> tuple[list[AdminUnit], list[AdminUnit]]:
    """The provinces and communes of the teams the user sees (for the filter panel)."""
    mine = (access.teams_for(user) if visible is None else visible).order_by()
    provinces = list(
        AdminUnit.objects.filter(pk__in=mine.values("province_id")).order_by("name")[:MAX_CHOICES]
    )
    communes = list(
        AdminUnit.objects.filter(pk__in=mine.values("commune_id")).order_by("name")[:MAX_CHOICES]
    )
    return provinces, communes


# ---- one team ----------------------------------------------------------------------------


@dataclass
class TeamPage:
    team: CommunityTeam
    current_members: list[TeamMember]
    past_members: list[TeamMember]
    open_tasks: list[TeamTask]
    closed_tasks: list[TeamTask]
    activities: Page
    chart: charts.Chart
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.team.dissolved_on is None or self.team.dissolved_on > today()


def month_starts(last: dt.date, months: int = 12) -> list[dt.date]:
    """The first days of the `months` months ending with `last`'s, oldest first."""
    year, month = last.year, last.month
    starts = []
    for _i in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_chart(team: CommunityTeam, *, last: dt.date | None = None) -> charts.Chart:
    """Activities and people reached per month over the 12 months up to `last` (today)."""
    last = last or today()
    months = month_starts(last)
    rows = (
        team.activities.filter(held_on__gte=months[0], held_on__lte=last)
        .annotate(month=TruncMonth("held_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), people=Sum("people_reached"))
    )
    by_month = {_as_date(r["month"]): (r["n"], r["people"] or 0) for r in rows}
    return charts.Chart(
        key="team-activity",
        kind="bar",
        title=_("Activities per month"),
        caption=_("%(team)s, %(start)s – %(end)s")
        % {"team": team.name, "start": f"{months[0]:%m/%Y}", "end": format_vn_date(last)},
        labels=[f"{m:%m/%Y}" for m in months],
        series=[
            charts.Series(_("Activities"), [by_month.get(m, (0, 0))[0] for m in months]),
            charts.Series(_("People reached"), [by_month.get(m, (0, 0))[1] for m in months]),
        ],
    )


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def team_page(team: CommunityTeam, *, page: Any = None) -> TeamPage:
    """What the team's page shows: members now and before, tasks open and closed, the
    activity log newest first (one page), the 12-month chart and its totals."""
    members = list(team.members.order_by("role", "full_name", "pk"))
    day = today()
    current = [m for m in members if m.left_on is None or m.left_on > day]
    past = sorted(
        (m for m in members if m.left_on is not None and m.left_on <= day),
        key=lambda m: (m.left_on, m.pk),
        reverse=True,
    )
    tasks = list(team.tasks.order_by("due_on", "assigned_on", "pk"))
    log = team.activities.select_related("task").order_by("-held_on", "-pk")
    activities = Paginator(log, ACTIVITIES_PAGE).get_page(page)
    chart = monthly_chart(team)
    totals = {
        "activities": sum(int(v or 0) for v in chart.series[0].values),
        "people_reached": sum(int(v or 0) for v in chart.series[1].values),
    }
    return TeamPage(
        team=team,
        current_members=current,
        past_members=past,
        open_tasks=[t for t in tasks if t.state == TaskState.OPEN],
        closed_tasks=[t for t in tasks if t.state != TaskState.OPEN],
        activities=activities,
        chart=chart,
        totals=totals,
    )


# ---- a body's subtree --------------------------------------------------------------------


@dataclass
class TeamSummary:
    """What the teams of a body's subtree count: teams and members at the window's end,
    activities held within it."""

    by_kind: dict[str, int]
    members: int
    activities: int
    people_reached: int
    households_visited: int

    @property
    def active(self) -> int:
        return sum(self.by_kind.values())


def subtree_teams(organization_id: int) -> QuerySet[CommunityTeam]:
    """The teams set up by a body or a body under it (or a former body rolling up to them)."""
    return CommunityTeam.objects.filter(organization_id__in=organization_subtree(organization_id))


def subtree_summary(
    organization_id: int,
    window: Window,
    *,
    teams: bool = True,
    members: bool = True,
    activities: bool = True,
) -> TeamSummary:
    """At most three aggregate queries (after the subtree's), each only when asked."""
    ids = organization_subtree(organization_id)
    end = window.ends_on
    by_kind: dict[str, int] = {}
    if teams:
        by_kind = dict(
            CommunityTeam.objects.filter(active_on(end), organization_id__in=ids)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
    n_members = (
        TeamMember.objects.filter(member_on(end), team__organization_id__in=ids).count()
        if members
        else 0
    )
    sums: dict[str, Any] = {}
    if activities:
        sums = TeamActivity.objects.filter(
            held_in(window), team__organization_id__in=ids
        ).aggregate(
            n=Count("pk"), people=Sum("people_reached"), households=Sum("households_visited")
        )
    return TeamSummary(
        by_kind=by_kind,
        members=n_members,
        activities=int(sums.get("n") or 0),
        people_reached=int(sums.get("people") or 0),
        households_visited=int(sums.get("households") or 0),
    )


def has_member_on(day: dt.date) -> Exists:
    """Whether a team (a filter over CommunityTeam) has a current member on `day`."""
    return Exists(
        TeamMember.objects.filter(team=OuterRef("pk"), joined_on__lte=day).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        )
    )


def has_activity_in(window: Window, extra: Q | None = None) -> Exists:
    q = held_in(window) if extra is None else held_in(window) & extra
    return Exists(TeamActivity.objects.filter(q, team=OuterRef("pk")))


# ---- the figures' filters (figures_teams counts with them; the list filters by them) ----

GROUP = "teams"
ACTIVE_KEY = f"{GROUP}.active"
MEMBERS_KEY = f"{GROUP}.members"
ACTIVITIES_KEY = f"{GROUP}.activities"
PEOPLE_KEY = f"{GROUP}.people_reached"
HOUSEHOLDS_KEY = f"{GROUP}.households_visited"


def kind_of_key(key: str) -> str | None:
    """The kind of a `teams.active.<kind>` key; "" for `teams.active`; None otherwise."""
    if key == ACTIVE_KEY:
        return ""
    prefix = f"{ACTIVE_KEY}."
    if key.startswith(prefix) and key[len(prefix) :] in TeamKind.values:
        return key[len(prefix) :]
    return None


def figure_q(key: str, window: Window) -> Q | None:
    """The teams (a filter over CommunityTeam) behind one figure; None for a key that is not
    ours."""
    end = window.ends_on
    kind = kind_of_key(key)
    if kind is not None:
        return active_on(end) & (Q(kind=kind) if kind else Q())
    if key == MEMBERS_KEY:
        return active_on(end) & Q(has_member_on(end))
    if key == ACTIVITIES_KEY:
        return Q(has_activity_in(window))
    if key == PEOPLE_KEY:
        return Q(has_activity_in(window, Q(people_reached__gt=0)))
    if key == HOUSEHOLDS_KEY:
        return Q(has_activity_in(window, Q(households_visited__gt=0)))
    return None
