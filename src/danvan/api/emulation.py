"""Emulation and awards over HTTP: movements, registrations, proposals and decisions in the
caller's scope (staff), the decision as .docx, the public honor roll and the award figures.

A person honored without consenting to publication is never named by the public endpoints
(the honor roll reads a search text that does not hold their name)."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.api.schemas.emulation import (
    AwardKindOut,
    DecisionDetailOut,
    DecisionFilters,
    DecisionOut,
    FiguresOut,
    FiguresParams,
    HonorOut,
    HonorRollParams,
    MovementDetailOut,
    MovementFilters,
    MovementOut,
    NoteIn,
    ProposalFilters,
    ProposalIn,
    ProposalOut,
    RegistrationIn,
    RegistrationOut,
    ScoringOut,
)
from danvan.emulation import access, documents, honor, selectors, services
from danvan.emulation.models import (
    AwardDecision,
    AwardKind,
    ClusterScoring,
    DecisionRecipient,
    Movement,
    Proposal,
    Registration,
)
from danvan.exemplars.models import Exemplar
from danvan.lib.dates import today
from danvan.lib.search import matching_all
from danvan.org.models import Organization

from .auth import AUTHENTICATED, staff_user
from .pagination import Page
from .schemas import ErrorOut, Id

router = Router(tags=["emulation"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _staff(request: HttpRequest, perm: str) -> User:
    return staff_user(request, perm)


# Reference: award kinds ---------------------------------------------------------------------------


@router.get(
    "/award-kinds",
    response=list[AwardKindOut],
    summary="Emulation titles and forms of commendation, with who grants them",
    operation_id="list_award_kinds",
)
def list_award_kinds(request: HttpRequest) -> QuerySet[AwardKind]:
    return AwardKind.objects.order_by("position", "code")


# Movements --------------------------------------------------------------------------------------


@router.get(
    "/movements",
    response={200: list[MovementOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Movements launched by or open to the caller's bodies",
    operation_id="list_movements",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_movements(request: HttpRequest, filters: Query[MovementFilters]) -> QuerySet[Movement]:
    user = _staff(request, "emulation.view_movement")
    qs = selectors.visible_movements(user).select_related("organization")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return matching_all(qs, filters.q).order_by("-start_date", "-id")


@router.get(
    "/movements/{movement_id}",
    response={200: MovementDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A movement with its criteria",
    operation_id="get_movement",
    auth=AUTHENTICATED,
)
def get_movement(request: HttpRequest, movement_id: Id) -> Movement:
    user = _staff(request, "emulation.view_movement")
    return access.movement_for(user, movement_id, access.Action.VIEW)


# Registrations ----------------------------------------------------------------------------------


@router.get(
    "/registrations",
    response={200: list[RegistrationOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Registrations of the caller's bodies and for their movements",
    operation_id="list_registrations",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_registrations(
    request: HttpRequest, movement: Id | None = None, year: int | None = None
) -> QuerySet[Registration]:
    user = _staff(request, "emulation.view_registration")
    qs = selectors.visible_registrations(user).select_related("organization", "target_title")
    if movement:
        qs = qs.filter(movement_id=movement)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "organization__name", "id")


@router.post(
    "/registrations",
    response={201: RegistrationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Register a body for a movement and a year",
    operation_id="create_registration",
    auth=AUTHENTICATED,
)
def create_registration(request: HttpRequest, payload: RegistrationIn) -> Status:
    user = _staff(request, "emulation.add_registration")
    movement = access.movement_for(
        user, payload.movement_id, access.Action.VIEW, Movement.objects.all()
    )
    title = (
        get_object_or_404(AwardKind, code=payload.target_title) if payload.target_title else None
    )
    registration = services.register(
        actor=user,
        movement=movement,
        organization=get_object_or_404(Organization, pk=payload.organization_id),
        year=payload.year,
        commitments=payload.commitments,
        target_title=title,
    )
    return Status(201, registration)


# Scoring ----------------------------------------------------------------------------------------


@router.get(
    "/scorings/{scoring_id}",
    response={200: ScoringOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A cluster's result table for a movement, ranked",
    operation_id="get_scoring",
    auth=AUTHENTICATED,
)
def get_scoring(request: HttpRequest, scoring_id: Id) -> dict:
    user = _staff(request, "emulation.view_clusterscoring")
    scoring = access.scoring_for(
        user,
        scoring_id,
        access.Action.VIEW,
        ClusterScoring.objects.select_related("cluster", "movement"),
    )
    return {
        "id": scoring.pk,
        "movement_id": scoring.movement_id,
        "cluster": scoring.cluster.name,
        "year": scoring.year,
        "status": scoring.status,
        "results": [
            {
                "member_id": r.member.pk,
                "member": r.member.name,
                "rank": r.rank,
                "self_total": r.self_total,
                "assessed_total": r.assessed_total,
                "complete": r.complete,
            }
            for r in selectors.results(scoring)
        ],
    }


# Proposals --------------------------------------------------------------------------------------


@router.get(
    "/proposals",
    response={200: list[ProposalOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Proposals of the caller's bodies and those sent to them",
    operation_id="list_proposals",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_proposals(request: HttpRequest, filters: Query[ProposalFilters]) -> QuerySet[Proposal]:
    user = _staff(request, "emulation.view_proposal")
    qs = selectors.visible_proposals(user).select_related("award_kind", "proposer", "authority")
    if filters.state:
        qs = qs.filter(state=filters.state)
    qs = matching_all(qs, filters.q)
    return qs.annotate(n_recipients=Count("recipients")).order_by("-created_at", "-id")


@router.post(
    "/proposals",
    response={201: ProposalOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Draft a proposal (documents are attached on the officers' page)",
    operation_id="create_proposal",
    auth=AUTHENTICATED,
)
def create_proposal(request: HttpRequest, payload: ProposalIn) -> Status:
    user = _staff(request, "emulation.add_proposal")
    org_ids = {r.organization_id for r in payload.recipients if r.organization_id}
    bodies = Organization.objects.in_bulk(org_ids)
    if len(bodies) != len(org_ids):
        raise Organization.DoesNotExist
    proposal = services.create_proposal(
        actor=user,
        proposer=get_object_or_404(Organization, pk=payload.proposer_id),
        award_kind=get_object_or_404(AwardKind, code=payload.award_kind),
        authority=get_object_or_404(Organization, pk=payload.authority_id),
        year=payload.year,
        summary=payload.summary,
        reference=payload.reference,
        movement=get_object_or_404(Movement, pk=payload.movement_id)
        if payload.movement_id
        else None,
        exemplar=get_object_or_404(Exemplar, pk=payload.exemplar_id)
        if payload.exemplar_id
        else None,
        recipients=[
            services.RecipientInput(
                kind=r.kind,
                name=r.name,
                organization=bodies.get(r.organization_id) if r.organization_id else None,
                position=r.position,
                unit_name=r.unit_name,
                achievements=r.achievements,
                public_consent=r.public_consent,
            )
            for r in payload.recipients
        ],
    )
    return Status(201, proposal)


@router.post(
    "/proposals/{proposal_id}/submit",
    response={200: ProposalOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Submit (or resubmit) a proposal to its granting body",
    operation_id="submit_proposal",
    auth=AUTHENTICATED,
)
def submit_proposal(request: HttpRequest, proposal_id: Id, payload: NoteIn) -> Proposal:
    user = _staff(request, "emulation.view_proposal")
    proposal = access.proposal_for(
        user,
        proposal_id,
        access.Action.VIEW,
        Proposal.objects.select_related("award_kind", "proposer", "authority"),
    )
    return services.submit(actor=user, proposal=proposal, note=payload.note)


# Decisions --------------------------------------------------------------------------------------


def _decision(request: HttpRequest, decision_id: int) -> AwardDecision:
    user = _staff(request, "emulation.view_awarddecision")
    return access.decision_for(
        user,
        decision_id,
        access.Action.VIEW,
        AwardDecision.objects.select_related("authority", "award_kind", "proposal__proposer"),
    )


@router.get(
    "/decisions",
    response={200: list[DecisionOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Award decisions signed by or proposed by the caller's bodies",
    operation_id="list_decisions",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_decisions(
    request: HttpRequest, filters: Query[DecisionFilters]
) -> QuerySet[AwardDecision]:
    user = _staff(request, "emulation.view_awarddecision")
    qs = selectors.visible_decisions(user).select_related("authority", "award_kind")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.award_kind:
        qs = qs.filter(award_kind__code=filters.award_kind)
    return qs.annotate(n_recipients=Count("recipients")).order_by("-signed_on", "-id")


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An award decision with its recipients",
    operation_id="get_decision",
    auth=AUTHENTICATED,
)
def get_decision(request: HttpRequest, decision_id: Id) -> AwardDecision:
    return _decision(request, decision_id)


@router.get(
    "/decisions/{decision_id}/docx",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The decision as .docx in the layout of Nghị định 30/2020",
    operation_id="get_decision_docx",
    auth=AUTHENTICATED,
)
def get_decision_docx(request: HttpRequest, decision_id: Id) -> HttpResponse:
    decision = _decision(request, decision_id)
    response = HttpResponse(documents.decision_docx(decision), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(decision)}"'
    return response


# The public honor roll and the figures ----------------------------------------------------------


@router.get(
    "/honor-roll",
    response={200: list[HonorOut], 422: ErrorOut},
    summary="The public honor roll: recipients of award decisions",
    operation_id="honor_roll",
)
@paginate(Page)
def honor_roll(
    request: HttpRequest, filters: Query[HonorRollParams]
) -> QuerySet[DecisionRecipient]:
    return honor.honor_roll(
        honor.HonorFilters(
            q=filters.q.strip(),
            year=filters.year,
            award=filters.award_kind,
            province=filters.province,
            kind=filters.kind or "",
        )
    )


@router.get(
    "/figures",
    response={200: FiguresOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Awards as of a date, counted by award, collective/individual, year or province",
    operation_id="award_figures",
    auth=AUTHENTICATED,
)
def figures(request: HttpRequest, params: Query[FiguresParams]) -> dict:
    _staff(request, "emulation.view_awarddecision")
    day = params.as_of or today()
    rows = honor.labelled(honor.figures(day, params.by, params.province), params.by)
    return {
        "as_of": day,
        "by": params.by,
        **honor.summary(day, params.province),
        "rows": [{"key": k, "label": label, "count": n} for k, label, n in rows],
    }
