"""Reads of supervision: lists with their filters, a programme's progress, recommendations
awaiting a response and overdue (by addressed body, days overdue), counts for a body's
subtree. Every list starts from the user's accessor (access_supervision)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet

from danvan.lib.dates import today
from danvan.lib.text import fold
from danvan.org.models import Organization
from danvan.org.selectors import organization_subtree

from .. import access_supervision as access
from ..models import (
    Critique,
    CritiqueState,
    InspectionBoard,
    Recommendation,
    RecommendationState,
    SupervisionProgramme,
)

S = RecommendationState


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    answered: int
    done: int
    not_accepted: int
    overdue: int

    @property
    def responded(self) -> int:
        return self.answered + self.done + self.not_accepted

    @property
    def responded_percent(self) -> int:
        return round(100 * self.responded / self.total) if self.total else 0


def _progress(rows: QuerySet[Recommendation]) -> Progress:
    found = rows.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=S.SENT)),
        answered=Count("pk", filter=Q(state=S.ANSWERED)),
        done=Count("pk", filter=Q(state=S.DONE)),
        not_accepted=Count("pk", filter=Q(state=S.NOT_ACCEPTED)),
        overdue=Count("pk", filter=Q(state=S.SENT, due_on__lt=today())),
    )
    return Progress(**found)


def programme_progress(programme: SupervisionProgramme) -> Progress:
    """How far a programme's recommendations have come (one query)."""
    return _progress(Recommendation.objects.filter(programme=programme))


def programmes(user: Any, *, year: int | None = None, form: str = "", q: str = "") -> Any:
    """The programmes the user reads, newest first, with their recommendation counts."""
    rows = access.programmes_for(user).select_related("organizer")
    if year:
        rows = rows.filter(year=year)
    if form:
        rows = rows.filter(form=form)
    if q:
        # Diacritic-insensitive over a page-sized list: the titles are folded in Python.
        wanted = fold(q)
        ids = [pk for pk, t in rows.values_list("pk", "title") if wanted in fold(t)]
        rows = rows.filter(pk__in=ids)
    return rows.annotate(
        n_recs=Count("recommendations", distinct=True),
        n_open=Count(
            "recommendations",
            filter=Q(recommendations__state=S.SENT),
            distinct=True,
        ),
    ).order_by("-year", "-pk")


def programme_recommendations(programme: SupervisionProgramme) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(programme=programme)
        .select_related("addressed_to", "finding")
        .order_by("due_on", "pk")
    )


def awaiting(user: Any) -> QuerySet[Recommendation]:
    """Recommendations the user sees that await a first response, soonest due first."""
    return (
        access.recommendations_for(user)
        .filter(state=S.SENT)
        .select_related("addressed_to", "programme__organizer")
        .order_by("due_on", "pk")
    )


def overdue(user: Any) -> QuerySet[Recommendation]:
    return awaiting(user).filter(due_on__lt=today())


def days_overdue(rec: Recommendation, day: dt.date | None = None) -> int:
    return max(((day or today()) - rec.due_on).days, 0)


@dataclass(frozen=True)
class BodyOverdue:
    body_id: int
    body_name: str
    count: int
    oldest_due: dt.date

    @property
    def most_days(self) -> int:
        return max((today() - self.oldest_due).days, 0)


def overdue_by_body(user: Any) -> list[BodyOverdue]:
    """Overdue recommendations grouped by the body they are addressed to, the most
    overdue first (one query)."""
    rows = (
        overdue(user)
        .order_by()
        .values("addressed_to_id", "addressed_to__name")
        .annotate(n=Count("pk"), oldest=Min("due_on"))
        .order_by("oldest", "addressed_to__name")
    )
    return [
        BodyOverdue(r["addressed_to_id"], r["addressed_to__name"], r["n"], r["oldest"])
        for r in rows
    ]


@dataclass(frozen=True)
class Figures:
    awaiting: int
    overdue: int
    due_soon: int
    answered: int


def figures(user: Any, soon_days: int = 7) -> Figures:
    """The figure cards above the lists (one query)."""
    day = today()
    found = access.recommendations_for(user).aggregate(
        awaiting=Count("pk", filter=Q(state=S.SENT)),
        overdue=Count("pk", filter=Q(state=S.SENT, due_on__lt=day)),
        due_soon=Count(
            "pk",
            filter=Q(state=S.SENT, due_on__gte=day, due_on__lte=day + dt.timedelta(soon_days)),
        ),
        answered=Count("pk", filter=Q(state=S.ANSWERED)),
    )
    return Figures(**found)


def subtree_counts(user: Any, body: Organization) -> Progress:
    """The recommendations the user sees that are addressed to `body` or any body under it."""
    ids = organization_subtree(body.pk)
    return _progress(access.recommendations_for(user).filter(addressed_to_id__in=ids))


def critiques(user: Any, *, state: str = "") -> QuerySet[Critique]:
    rows = access.critiques_for(user).select_related("organizer", "drafting_body")
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-received_on", "-pk")


def critiques_overdue(user: Any) -> QuerySet[Critique]:
    return critiques(user, state=CritiqueState.SENT).filter(reply_due_on__lt=today())


def boards(user: Any, *, kind: str = "") -> QuerySet[InspectionBoard]:
    rows = access.boards_for(user).select_related("commune_body")
    if kind:
        rows = rows.filter(kind=kind)
    return rows.annotate(
        n_reports=Count("reports"), last_report=Max("reports__period_to")
    ).order_by("kind", "name", "pk")


def years(user: Any) -> list[int]:
    return list(
        access.programmes_for(user).order_by("-year").values_list("year", flat=True).distinct()
    )
