"""What the public reads of the Front's supervision: the programmes whose conducting Front
body published the summary (`SupervisionProgramme.published_at`), and of each, what decision
0027 lists as public. The reads return plain records built here, so a template cannot reach
anything else (a finding, a delegation's members, who recorded a response):

- the programme: title, conducting body, year, form, what is supervised, plan number and
  date, the period (the delegations' first and last days) and the bodies supervised;
- each recommendation: the body it is addressed to, its text, sent and due dates, state
  (awaiting, answered, done, not accepted) and whether it is overdue;
- each response: its date and text.

Never: the findings (the Front's working notes), the delegations' names, heads and members,
the Front's assessment note on a response, the files, who created or recorded anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from danvan.lib.dates import today
from danvan.org.models import AdminUnit, Organization

from ..models import (
    Delegation,
    Recommendation,
    RecommendationResponse,
    RecommendationState,
    SupervisionProgramme,
)

S = RecommendationState


@dataclass(frozen=True)
class PublicResponse:
    responded_on: dt.date
    text: str


@dataclass(frozen=True)
class PublicRecommendation:
    pk: int
    addressed_to: str
    text: str
    sent_on: dt.date
    due_on: dt.date
    state: str
    state_label: str
    overdue: bool
    responses: tuple[PublicResponse, ...]


@dataclass(frozen=True)
class PublicSummary:
    programme: SupervisionProgramme
    starts_on: dt.date | None
    ends_on: dt.date | None
    bodies: tuple[str, ...]
    recommendations: tuple[PublicRecommendation, ...]

    @property
    def total(self) -> int:
        return len(self.recommendations)

    @property
    def responded(self) -> int:
        return sum(1 for r in self.recommendations if r.state != S.SENT)

    @property
    def done(self) -> int:
        return sum(1 for r in self.recommendations if r.state == S.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.recommendations if r.overdue)


def published_programmes(
    *, province: AdminUnit | None = None, year: int | None = None
) -> QuerySet[SupervisionProgramme]:
    """The published programmes, the latest published first, with their counts."""
    rows = SupervisionProgramme.objects.filter(published_at__isnull=False).select_related(
        "organizer"
    )
    if province is not None:
        rows = rows.filter(organizer__province=province)
    if year:
        rows = rows.filter(year=year)
    return rows.annotate(
        n_recs=Count("recommendations", distinct=True),
        n_responded=Count(
            "recommendations", filter=~Q(recommendations__state=S.SENT), distinct=True
        ),
    ).order_by("-published_at", "-pk")


def published_years() -> list[int]:
    rows = SupervisionProgramme.objects.filter(published_at__isnull=False)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def published_programme(pk: int) -> SupervisionProgramme:
    """A published programme, or 404 (an unpublished one does not exist for the public)."""
    return get_object_or_404(
        SupervisionProgramme.objects.filter(published_at__isnull=False).select_related("organizer"),
        pk=pk,
    )


def summary(programme: SupervisionProgramme) -> PublicSummary:
    """The public summary of a published programme: four queries whatever its size."""
    day = today()
    responses = RecommendationResponse.objects.only(
        "pk", "recommendation_id", "text", "responded_on"
    ).order_by("responded_on", "pk")
    recs = (
        Recommendation.objects.filter(programme=programme)
        .select_related("addressed_to")
        .only(
            "pk",
            "programme_id",
            "addressed_to__name",
            "text",
            "sent_on",
            "due_on",
            "state",
        )
        .prefetch_related(Prefetch("responses", queryset=responses))
        .order_by("addressed_to__name", "due_on", "pk")
    )
    period = Delegation.objects.filter(programme=programme).aggregate(
        starts_on=Min("starts_on"), ends_on=Max("ends_on")
    )
    bodies = (
        Organization.objects.filter(
            pk__in=Delegation.objects.filter(programme=programme).values("bodies")
        )
        .order_by("name")
        .values_list("name", flat=True)
    )
    return PublicSummary(
        programme=programme,
        starts_on=period["starts_on"],
        ends_on=period["ends_on"],
        bodies=tuple(bodies),
        recommendations=tuple(
            PublicRecommendation(
                pk=r.pk,
                addressed_to=r.addressed_to.name,
                text=r.text,
                sent_on=r.sent_on,
                due_on=r.due_on,
                state=r.state,
                state_label=str(r.get_state_display()),
                overdue=r.state == S.SENT and r.due_on < day,
                responses=tuple(
                    PublicResponse(responded_on=x.responded_on, text=x.text)
                    for x in r.responses.all()
                ),
            )
            for r in recs
        ),
    )
