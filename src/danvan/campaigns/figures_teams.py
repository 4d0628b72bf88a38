"""The community teams' figures that reports are filled with (lib.figures registry).

Whose teams: those set up by a body or a body under it (or a former body whose records roll
up to them: `org.selectors.organization_subtree`). Teams and members are counted as they
stand at the window's end (a team active that day, a member current that day); activities,
the people they reached and the households they visited, by the day the activity was held,
within the window. Counts only: no name leaves this module.

The teams list applies the same filters (`?org=&figure=…`, selectors.teams.TeamFilters): it
lists the teams behind a figure (`figure_q`).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from danvan.lib import figures

from .models import TeamKind
from .selectors import teams as select

# The keys and their filters live with the teams list, which filters by them too.
GROUP, figure_q, kind_of_key = select.GROUP, select.figure_q, select.kind_of_key
ACTIVE, MEMBERS, ACTIVITIES = select.ACTIVE_KEY, select.MEMBERS_KEY, select.ACTIVITIES_KEY
PEOPLE, HOUSEHOLDS = select.PEOPLE_KEY, select.HOUSEHOLDS_KEY


def _sources() -> list[figures.Source]:
    count, teams = "count", _("teams")
    made = [
        figures.Source(
            ACTIVE,
            _("Community teams active"),
            count,
            teams,
            _("Teams set up by the body or the bodies under it, active at the period's end."),
        ),
        *(
            figures.Source(
                f"{ACTIVE}.{k.value}",
                _("Community teams active: %(kind)s") % {"kind": k.label},
                count,
                teams,
            )
            for k in TeamKind
        ),
        figures.Source(
            MEMBERS,
            _("Members of community teams"),
            count,
            _("people"),
            _("Members of the active teams at the period's end."),
        ),
        figures.Source(
            ACTIVITIES,
            _("Community teams' activities"),
            count,
            _("activities"),
            _("Activities held in the period by the teams of the body or the bodies under it."),
        ),
        figures.Source(
            PEOPLE,
            _("People reached by community teams"),
            count,
            _("people"),
            _("The sum of the people each activity held in the period reached."),
        ),
        figures.Source(
            HOUSEHOLDS,
            _("Households visited by community teams"),
            count,
            _("households"),
            _("The sum of the households each activity held in the period visited."),
        ),
    ]
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    ours = {k for k in keys if figure_q(k, window) is not None}
    if not ours:
        return {}
    summary = select.subtree_summary(
        organization_id,
        window,
        teams=any(kind_of_key(k) is not None for k in ours),
        members=MEMBERS in ours,
        activities=bool(ours & {ACTIVITIES, PEOPLE, HOUSEHOLDS}),
    )
    values: dict[str, int] = {
        MEMBERS: summary.members,
        ACTIVITIES: summary.activities,
        PEOPLE: summary.people_reached,
        HOUSEHOLDS: summary.households_visited,
    }
    out: dict[str, Decimal] = {}
    for key in ours:
        kind = kind_of_key(key)
        if kind is not None:
            out[key] = Decimal(summary.by_kind.get(kind, 0) if kind else summary.active)
        else:
            out[key] = Decimal(values[key])
    return out


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Community teams"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("campaigns:teams", figure_q),
        )
    )


register()
