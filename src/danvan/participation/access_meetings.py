"""Who may see and do what with meetings and commitments: decided here only, from current
assignments. Every staff view, export and task reaches them through `meetings_for` /
`meeting_for` and `commitments_for` / `commitment_for`; rules_meetings calls `may_*`.

- A meeting is its host body's: the host's own officers and leaders plan, announce, hold it
  and handle its questions (`scopes.works_for`).
- The staff whose grants cover the host read it: a commune's meetings are its own, a
  province sees its subtree.
- A commitment is also its responsible body's: that body's officers and leaders record what
  was done; the staff covering either body read it.
- The public sees a meeting once announced (`public_meetings`) and the commitments made at
  such meetings (`public_commitments`), never a draft plan.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization

from .models import Commitment, Meeting, MeetingState

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
PUBLIC_STATES = (MeetingState.ANNOUNCED, MeetingState.HELD, MeetingState.PUBLISHED)


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_staff(user: Any) -> bool:
    return _active(user) and scopes.has_role(user, STAFF_ROLES)


def hosts_for(user: Any) -> QuerySet[Organization]:
    """The bodies the user holds meetings for (their own level)."""
    q = scopes.own_bodies_q(user, WRITER_ROLES) if _active(user) else None
    return Organization.objects.none() if q is None else Organization.objects.filter(q)


def may_host(user: Any, host: Organization | None) -> bool:
    return _active(user) and scopes.works_for(user, host, WRITER_ROLES)


def may_see(user: Any, host: Organization) -> bool:
    return _active(user) and scopes.covers(user, host, STAFF_ROLES)


def meetings_for(user: Any) -> QuerySet[Meeting]:
    q = scopes.organizations_q(user, STAFF_ROLES, prefix="host__") if _active(user) else None
    return Meeting.objects.none() if q is None else Meeting.objects.filter(q)


def may_meeting(user: Any, meeting: Meeting, action: Action) -> bool:
    if action == Action.EDIT:
        return may_host(user, meeting.host)
    return may_see(user, meeting.host)


def meeting_for(user: Any, pk: int, action: Action = Action.VIEW) -> Meeting:
    """The meeting, or 404 when it does not exist, 403 when the user may not."""
    return fetch_allowed(
        Meeting.objects.select_related("host", "unit"),
        lambda m: may_meeting(user, m, action),
        pk=pk,
    )


def commitments_for(user: Any) -> QuerySet[Commitment]:
    if not _active(user):
        return Commitment.objects.none()
    owner = scopes.organizations_q(user, STAFF_ROLES, prefix="owner__")
    host = scopes.organizations_q(user, STAFF_ROLES, prefix="meeting__host__")
    if owner is None and host is None:
        return Commitment.objects.none()
    if owner == Q() or host == Q():
        return Commitment.objects.all()
    q = (owner or Q(pk__in=[])) | (host or Q(pk__in=[]))
    return Commitment.objects.filter(q)


def may_commitment(user: Any, commitment: Commitment, action: Action) -> bool:
    if action == Action.EDIT:
        return may_host(user, commitment.owner) or may_host(user, commitment.meeting.host)
    return may_see(user, commitment.owner) or may_see(user, commitment.meeting.host)


def commitment_for(user: Any, pk: int, action: Action = Action.VIEW) -> Commitment:
    return fetch_allowed(
        Commitment.objects.select_related("owner", "meeting__host", "question"),
        lambda c: may_commitment(user, c, action),
        pk=pk,
    )


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        Q(state__in=PUBLIC_STATES) | Q(state=MeetingState.CANCELLED, announced_at__isnull=False)
    )


def public_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.filter(meeting__in=public_meetings())
