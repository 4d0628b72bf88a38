"""Reads of citizen matters: the officer's inbox, a matter for its citizen, counts."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.dates import today
from danvan.lib.text import fold

from .models import Case, CaseState
from .models.cases import OPEN_STATES
from .services.intake import access_digest


def visible_cases(user: User) -> QuerySet[Case]:
    q = scopes.organizations_q(user, STAFF_ROLES, "organization__")
    base = Case.objects.all()
    mine = Q(assigned_to=user) if user.is_authenticated else Q(pk__in=[])
    return base.filter(mine) if q is None else base.filter(q | mine)


@dataclass
class InboxFilters:
    state: str = ""
    kind: str = ""
    field: int | None = None
    channel: str = ""
    overdue: bool = False
    due_within: int | None = None
    q: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    sort: str = "-received_at"


SORTS = {"-received_at", "received_at", "next_due_date", "-next_due_date", "tracking_code"}


def inbox(user: User, filters: InboxFilters) -> QuerySet[Case]:
    qs = visible_cases(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field:
        qs = qs.filter(field_id=filters.field)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    day = today()
    if filters.overdue:
        qs = qs.filter(state__in=OPEN_STATES, next_due_date__lt=day)
    if filters.due_within is not None:
        qs = qs.filter(
            state__in=OPEN_STATES,
            next_due_date__gte=day,
            next_due_date__lte=day + dt.timedelta(days=filters.due_within),
        )
    if filters.received_from:
        qs = qs.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_at__date__lte=filters.received_to)
    for term in fold(filters.q).split():
        qs = qs.filter(search_text__contains=term)
    sort = filters.sort if filters.sort in SORTS else "-received_at"
    return qs.select_related("organization", "unit", "field", "assigned_to").order_by(sort, "-id")


def assignable_officers(user: User, limit: int = 200) -> list[User]:
    """Officers of the bodies the user may assign matters in (leaders, unit administrators)."""
    from danvan.accounts.models import Assignment, Role

    from .rules import ASSIGNER_ROLES

    q = scopes.organizations_q(user, ASSIGNER_ROLES, "organization__")
    if q is None:
        return []
    rows = (
        Assignment.objects.current()
        .filter(q, role__in=[Role.OFFICER, Role.LEADER], user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return list({a.user_id: a.user for a in rows[:limit]}.values())


def state_counts(user: User) -> dict[str, int]:
    rows = visible_cases(user).values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def for_citizen(tracking_code: str, secret: str) -> Case | None:
    code = tracking_code.strip().upper()
    case = Case.objects.filter(tracking_code=code).select_related("unit", "organization").first()
    if case is None or not hmac.compare_digest(case.access_digest, access_digest(code, secret)):
        return None
    return case


def public_events(case: Case) -> QuerySet:
    return case.events.filter(visibility="public").order_by("at", "id")


__all__ = ["CaseState", "InboxFilters", "for_citizen", "inbox", "state_counts", "visible_cases"]
