"""Community teams out of the platform as .xlsx, through lib.spreadsheets (typed cells,
formula escaping, a write-only workbook on a spooled file: memory stays flat):

- the teams list, filtered as on the page: one row per team with its leader, current
  members and the activities of the last 12 months;
- a team's activity log, newest first, and its members (names, roles, dates: never phones).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.lib.dates import format_vn_date, today
from danvan.lib.spreadsheets import Column, Kind, XlsxWriter

from .models import CommunityTeam, TeamActivity
from .selectors.teams import team_rows

CHUNK = 1000


def _year_ago(day: dt.date) -> dt.date:
    return (
        day.replace(year=day.year - 1)
        if (day.month, day.day) != (2, 29)
        else day - dt.timedelta(365)
    )


def _activity_sum(since: dt.date, what: str | None) -> Coalesce:
    rows = TeamActivity.objects.filter(team=OuterRef("pk"), held_on__gt=since).order_by()
    per_team = rows.values("team").annotate(n=Sum(what) if what else Count("pk")).values("n")
    return Coalesce(Subquery(per_team), 0, output_field=IntegerField())


def _team_rows(teams: QuerySet[CommunityTeam], since: dt.date) -> Iterator[list[object]]:
    rows = team_rows(teams).annotate(
        n_activities=_activity_sum(since, None), n_people=_activity_sum(since, "people_reached")
    )
    t: Any
    for number, t in enumerate(rows.iterator(CHUNK), 1):
        yield [
            number,
            t.name,
            str(t.get_kind_display()),
            t.organization.name,
            t.commune.name if t.commune else None,
            t.province.name if t.province else None,
            t.area,
            t.founded_on,
            t.founding_decision or None,
            t.dissolved_on,
            t.leader or None,
            t.n_members,
            t.n_activities,
            t.n_people,
        ]


def teams_xlsx(teams: QuerySet[CommunityTeam], *, title: str) -> tempfile.SpooledTemporaryFile:
    day = today()
    since = _year_ago(day)
    header = [
        Column(pgettext("row number", "No."), Kind.PLAIN),
        Column(_("Team")),
        Column(_("Kind")),
        Column(_("Set up by")),
        Column(_("Commune")),
        Column(_("Province")),
        Column(_("Area")),
        Column(_("Set up on"), Kind.DATE),
        Column(_("Founding decision")),
        Column(_("Dissolved on"), Kind.DATE),
        Column(_("Team leader")),
        Column(_("Current members"), Kind.NUMBER),
        Column(_("Activities in 12 months"), Kind.NUMBER),
        Column(_("People reached in 12 months"), Kind.NUMBER),
    ]
    book = XlsxWriter()
    book.table(
        _("Community teams"),
        header,
        _team_rows(teams, since),
        preamble=[
            [title],
            [
                _("As of %(day)s; activities from %(start)s")
                % {"day": format_vn_date(day), "start": format_vn_date(since + dt.timedelta(1))}
            ],
        ],
    )
    return book.spooled()


def _activity_rows(team: CommunityTeam) -> Iterator[list[object]]:
    log = team.activities.select_related("task", "recorded_by").order_by("-held_on", "-pk")
    for number, a in enumerate(log.iterator(CHUNK), 1):
        yield [
            number,
            a.held_on,
            a.title,
            a.task.title if a.task else None,
            a.description or None,
            a.participants,
            a.people_reached,
            a.households_visited,
            a.recorded_by.get_full_name() if a.recorded_by else None,
        ]


def _member_rows(team: CommunityTeam) -> Iterator[list[object]]:
    members = team.members.order_by("left_on", "role", "full_name", "pk")
    for number, m in enumerate(members, 1):
        yield [
            number,
            m.full_name,
            str(m.get_role_display()),
            m.occupation or None,
            m.joined_on,
            m.left_on,
        ]


def team_xlsx(team: CommunityTeam) -> tempfile.SpooledTemporaryFile:
    """The team's activity log, then its members on a second sheet."""
    preamble = [
        [team.name],
        [
            _("%(kind)s · %(area)s · set up by %(body)s")
            % {"kind": team.get_kind_display(), "area": team.area, "body": team.organization.name}
        ],
        [_("As of %(day)s") % {"day": format_vn_date(today())}],
    ]
    number = Column(pgettext("row number", "No."), Kind.PLAIN)
    book = XlsxWriter()
    book.table(
        _("Activities"),
        [
            number,
            Column(_("Held on"), Kind.DATE),
            Column(_("Activity")),
            Column(_("Task")),
            Column(_("What was done")),
            Column(_("Members taking part"), Kind.NUMBER),
            Column(_("People reached"), Kind.NUMBER),
            Column(_("Households visited"), Kind.NUMBER),
            Column(_("Recorded by")),
        ],
        _activity_rows(team),
        preamble=preamble,
    )
    book.table(
        _("Members"),
        [
            number,
            Column(_("Full name")),
            Column(_("Role")),
            Column(_("Occupation or position")),
            Column(_("Joined on"), Kind.DATE),
            Column(_("Left on"), Kind.DATE),
        ],
        _member_rows(team),
        preamble=preamble,
    )
    return book.spooled()
