"""Each officer's own figures — matters closed, citizens' ratings of their answers — shown
only to the leaders of the officer's body (access.led_bodies): an officer is judged by those
who lead them, not compared in public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment, Role
from danvan.cases import access as case_access
from danvan.cases.figure_selectors import OfficerFigures, officer_figures
from danvan.lib.dates import day_start
from danvan.org.models import Organization

from .. import access
from ..satisfaction import min_responses
from .index import Period

# An officer's few ratings say little: their mean is shown from this many on.
MIN_OFFICER_RATINGS = 5


@dataclass(frozen=True)
class OfficerRow:
    name: str
    title: str
    figures: OfficerFigures

    @property
    def mean(self) -> float | None:
        f = self.figures
        return round(f.rating_sum / f.rated, 2) if f.rated >= MIN_OFFICER_RATINGS else None

    @property
    def satisfied_share(self) -> float | None:
        f = self.figures
        return round(100 * f.satisfied / f.rated, 1) if f.rated >= MIN_OFFICER_RATINGS else None


@dataclass(frozen=True)
class BodyOfficers:
    body: Organization
    rows: list[OfficerRow]


def officers_of(user: Any, *, period: Period) -> list[BodyOfficers]:
    """The officers of each body the user leads, with their figures in the period: three
    queries (assignments, matters grouped by officer, bodies)."""
    led = access.led_bodies(user)
    if not led:
        return []
    assignments = list(
        Assignment.objects.current()
        .filter(organization_id__in=led, role=Role.OFFICER)
        .select_related("user")
        .order_by("organization_id", "user__full_name", "user__username")
    )
    start = day_start(period.starts_on)
    end = day_start(period.ends_on + dt.timedelta(days=1))
    found = officer_figures(
        case_access.cases_for(user),
        officers={a.user_id for a in assignments},
        start=start,
        end=end,
    )
    bodies = Organization.objects.in_bulk(led)
    empty = OfficerFigures(0, 0, 0, 0)
    out = []
    for body_id in led:
        rows = [
            OfficerRow(
                a.user.full_name or a.user.username,
                a.title,
                found.get(a.user_id, empty),
            )
            for a in assignments
            if a.organization_id == body_id
        ]
        if body_id in bodies:
            out.append(BodyOfficers(bodies[body_id], rows))
    return out


def note() -> str:
    return _(
        "An officer's average is shown from %(n)s ratings on; the index from %(m)s responses on."
    ) % {"n": MIN_OFFICER_RATINGS, "m": min_responses()}
