"""The leader's dashboard tiles for what was promised to the people and asked of them: the
meetings' commitments under way and overdue, and the Front's recommendations still awaiting
the addressed body's response. Two counting queries, through the two accessors; nothing when
the leader sees neither."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number
from danvan.lib.tiles import Tile

from . import access_meetings, access_supervision
from .models import CommitmentState, RecommendationState


def quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def leader_tiles(user: object, day: dt.date) -> list[Tile]:
    tiles: list[Tile] = []
    open_ = Q(state=CommitmentState.OPEN)
    promised = access_meetings.commitments_for(user).aggregate(
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(due_on__lt=day)),
        done=Count("pk", filter=Q(state=CommitmentState.DONE, done_on__gte=quarter_start(day))),
    )
    if promised["open"] or promised["done"]:
        commitments = reverse("participation:commitments")
        tiles += [
            Tile(
                format_vn_number(promised["overdue"]),
                _("Commitments to the people past their due date"),
                f"{commitments}?{urlencode({'show': 'overdue'})}",
                _("of %(n)s under way") % {"n": format_vn_number(promised["open"])},
                tone="alert" if promised["overdue"] else "good",
            ),
            Tile(
                format_vn_number(promised["done"]),
                _("Commitments done this quarter"),
                f"{commitments}?{urlencode({'show': CommitmentState.DONE})}",
            ),
        ]
    sent = Q(state=RecommendationState.SENT)
    asked = access_supervision.recommendations_for(user).aggregate(
        awaiting=Count("pk", filter=sent),
        overdue=Count("pk", filter=sent & Q(due_on__lt=day)),
    )
    if asked["awaiting"]:
        tiles.append(
            Tile(
                format_vn_number(asked["overdue"]),
                _("Front's recommendations overdue for a response"),
                reverse("participation:supervision_overdue"),
                _("of %(n)s awaiting a response") % {"n": format_vn_number(asked["awaiting"])},
                tone="alert" if asked["overdue"] else "good",
            )
        )
    return tiles
