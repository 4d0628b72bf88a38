"""The leader's dashboard tiles for directives: the bodies under them past due on a study
session or a plan, the shares of those done, and the overdue tasks of the bodies they cover —
each a link to the list behind it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number
from danvan.lib.tiles import Tile

from . import access
from .selectors import compliance
from .selectors import plans as task_selectors


def leader_tiles(user: object, day: dt.date) -> list[Tile]:
    """Nothing when no duty or task reaches the user's bodies (the tiles would all be 0).
    Two queries: the duties' counts in one aggregate, the overdue tasks in another."""
    duties = access.duties_for(user).filter(cascade__started_on__lte=day)
    totals = duties.aggregate(
        bodies=Count("body", distinct=True),
        study=Count("pk", filter=Q(requires_study=True)),
        studied=Count("pk", filter=Q(requires_study=True, studied_on__lte=day)),
        plan=Count("pk", filter=Q(requires_plan=True)),
        planned=Count("pk", filter=Q(requires_plan=True, plan_issued_on__lte=day)),
        late=Count("body", distinct=True, filter=compliance.overdue_q(day)),
    )
    late_bodies = totals["late"]
    late_tasks = task_selectors.overdue(access.subtree_tasks(user), day).count()
    if not totals["bodies"] and not late_tasks:
        return []
    duties_url = reverse("directives:duties")
    tiles = [
        Tile(
            format_vn_number(late_bodies),
            _("bodies past due on a directive"),
            f"{duties_url}#late-h",
            tone="alert" if late_bodies else "good",
        ),
        Tile(
            f"{format_vn_number(totals['studied'])}/{format_vn_number(totals['study'])}",
            _("study sessions held"),
            reverse("directives:registry"),
        ),
        Tile(
            f"{format_vn_number(totals['planned'])}/{format_vn_number(totals['plan'])}",
            _("programmes and plans issued"),
            reverse("directives:registry"),
        ),
        Tile(
            format_vn_number(late_tasks),
            _("tasks overdue"),
            f"{reverse('directives:my_tasks')}#oversee-h",
            tone="alert" if late_tasks else "",
        ),
    ]
    return tiles
