"""The Front's supervision and social critique over HTTP (staff only).

The supervision programmes the caller reads, one with its delegations, findings and
recommendations (its .xlsx and .docx exports are the web's, linked); the recommendations the
caller sees, as the conducting Front body sees them and as the body they are addressed to sees
them (that body's officers see their recommendations, not the programme's working papers);
recording a response (by the addressed body, or by the Front's managers for a response that
came by letter) and the Front's assessment; the critiques the caller sees and the drafter's
reply; the commune's inspection and investment supervision boards and their reports.

Who sees and does what is decided by `danvan.participation.access_supervision` and the
services only: a record the caller may not read is answered 404, as if it did not exist; one
the caller reads but may not change, 403; a refusal of the service, 400 beside its field.
Days are Asia/Ho_Chi_Minh days. Files are attached on the web pages; here they are linked.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.org.models import Organization
from danvan.participation import access_supervision as access
from danvan.participation.models import (
    BoardReport,
    Critique,
    CritiqueState,
    Delegation,
    Finding,
    InspectionBoard,
    Recommendation,
    RecommendationResponse,
    RecommendationState,
    SupervisionProgramme,
)
from danvan.participation.models.supervision import OPEN_RECOMMENDATION_STATES
from danvan.participation.selectors import supervision as select
from danvan.participation.services import supervision as services

from .auth import AUTHENTICATED, staff_user
from .errors import refused
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.supervision import (
    AssessmentIn,
    BoardDetailOut,
    BoardFilters,
    BoardOut,
    BoardReportIn,
    BoardReportOut,
    CritiqueFilters,
    CritiqueOut,
    CritiqueReplyIn,
    OverdueBodyOut,
    RecommendationDetailOut,
    RecommendationFilters,
    RecommendationOut,
    ResponseIn,
    SupervisionProgrammeDetailOut,
    SupervisionProgrammeFilters,
    SupervisionProgrammeOut,
)

router = Router(tags=["supervision"])

A = access.Action
S = RecommendationState

WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WHO = (
    "A record the caller does not read is answered 404; one they read but may not change, 403; "
    "a refusal (a closed record, a date in the future), 400 beside its field."
)


# --- Helpers ----------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "participation.supervision")


def _unseen(fetch: Any, *args: Any) -> Any:
    """One record through its accessor: one the caller may not read is 404, as if absent."""
    try:
        return fetch(*args)
    except PermissionDenied:
        raise Http404 from None


class _Rows:
    """A queryset the paginator counts and slices, each row of the page made a dict by `row`
    (the rows' shape depends on today and the caller, read once)."""

    def __init__(self, queryset: QuerySet[Any], row: Any) -> None:
        self.queryset, self.row = queryset, row

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.row(item) for item in self.queryset[window]]


def _org(body: Organization) -> dict[str, Any]:
    return {"id": body.pk, "code": body.code, "name": body.name}


def _file_url(kind: str, pk: int, stored: Any) -> str | None:
    return reverse("participation:supervision_file", args=[kind, pk]) if stored else None


def _full_name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


# --- Programmes -------------------------------------------------------------------------------


def _programme(programme: SupervisionProgramme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "organizer": _org(programme.organizer),
        "year": programme.year,
        "title": programme.title,
        "subject": programme.subject,
        "form": programme.form,
        "plan_number": programme.plan_number,
        "plan_date": programme.plan_date,
        "response_days": programme.response_days,
        "created_at": programme.created_at,
        "recommendations": getattr(programme, "n_recs", 0),
        "awaiting": getattr(programme, "n_open", 0),
    }


@router.get(
    "/programmes",
    response={200: list[SupervisionProgrammeOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The supervision programmes the caller reads (their Front bodies' and those under "
    "them), newest first",
    operation_id="list_supervision_programmes",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_programmes(request: HttpRequest, filters: Query[SupervisionProgrammeFilters]) -> Any:
    user = _staff(request)
    rows = select.programmes(user, year=filters.year, form=filters.form or "", q=filters.q.strip())
    if filters.organizer:
        rows = rows.filter(organizer_id=filters.organizer)
    return _Rows(rows, _programme)


@router.get(
    "/programmes/{programme_id}",
    response={
        200: SupervisionProgrammeDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="One programme with its delegations, findings and recommendations, how far the "
    "recommendations have come, and links to its exports",
    operation_id="get_supervision_programme",
    auth=AUTHENTICATED,
)
def get_programme(request: HttpRequest, programme_id: Id) -> dict[str, Any]:
    user = _staff(request)
    programme = _unseen(access.programme_for, user, programme_id)
    counted = select.programmes(user).filter(pk=programme.pk).first() or programme
    day = today()
    delegations = (
        Delegation.objects.filter(programme=programme)
        .select_related("head")
        .prefetch_related(Prefetch("bodies", queryset=Organization.objects.order_by("name")))
        .order_by("starts_on", "pk")
    )
    findings = Finding.objects.filter(programme=programme).select_related("body")
    recs = []
    for rec in select.programme_recommendations(programme):
        rec.programme = programme  # one programme: no query per recommendation
        recs.append(_recommendation(rec, user, day))
    progress = select.programme_progress(programme)
    return {
        **_programme(counted),
        "may_manage": access.may_programme(user, programme, A.MANAGE),
        "progress": {
            "total": progress.total,
            "sent": progress.sent,
            "answered": progress.answered,
            "done": progress.done,
            "not_accepted": progress.not_accepted,
            "overdue": progress.overdue,
            "responded_percent": progress.responded_percent,
        },
        "delegations": [_delegation(d) for d in delegations],
        "findings": [
            {
                "id": f.pk,
                "delegation_id": f.delegation_id,
                "body": _org(f.body),
                "text": f.text,
                "found_on": f.found_on,
            }
            for f in findings.order_by("found_on", "pk")
        ],
        "recommendations_made": recs,
        "xlsx_url": reverse("participation:supervision_programme_xlsx", args=[programme.pk]),
        "docx_url": reverse("participation:supervision_programme_docx", args=[programme.pk]),
    }


def _delegation(delegation: Delegation) -> dict[str, Any]:
    head = delegation.head_name or _full_name(delegation.head)
    return {
        "id": delegation.pk,
        "name": delegation.name,
        "head_name": head,
        "member_names": [m.strip() for m in delegation.member_names.splitlines() if m.strip()],
        "bodies": [_org(b) for b in delegation.bodies.all()],
        "starts_on": delegation.starts_on,
        "ends_on": delegation.ends_on,
        "state": delegation.state,
    }


# --- Recommendations --------------------------------------------------------------------------


def _recommendation(rec: Recommendation, user: User, day: dt.date) -> dict[str, Any]:
    programme = rec.programme
    awaiting = rec.state == S.SENT
    open_ = rec.state in OPEN_RECOMMENDATION_STATES
    return {
        "id": rec.pk,
        "programme": {
            "id": programme.pk,
            "title": programme.title,
            "organizer": _org(programme.organizer),
        },
        "finding_id": rec.finding_id,
        "addressed_to": _org(rec.addressed_to),
        "text": rec.text,
        "sent_on": rec.sent_on,
        "due_on": rec.due_on,
        "state": rec.state,
        "overdue": awaiting and rec.due_on < day,
        "days_overdue": select.days_overdue(rec, day) if awaiting else 0,
        "closed_on": rec.closed_on,
        "closing_note": rec.closing_note,
        "reads_programme": access.may_programme(user, programme, A.VIEW),
        "may_respond": open_ and access.may_recommendation(user, rec, A.RESPOND),
        "may_assess": rec.state == S.ANSWERED and access.may_recommendation(user, rec, A.MANAGE),
    }


def _recommendation_detail(rec: Recommendation, user: User) -> dict[str, Any]:
    responses = RecommendationResponse.objects.filter(recommendation=rec).select_related(
        "recorded_by"
    )
    return {
        **_recommendation(rec, user, today()),
        "finding_text": rec.finding.text if rec.finding is not None else "",
        "responses": [
            {
                "id": r.pk,
                "text": r.text,
                "responded_on": r.responded_on,
                "file_name": r.file_name,
                "file_url": _file_url("response", r.pk, r.file),
                "recorded_by": _full_name(r.recorded_by),
                "recorded_at": r.recorded_at,
            }
            for r in responses.order_by("responded_on", "pk")
        ],
    }


@router.get(
    "/recommendations",
    response={200: list[RecommendationOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The recommendations the caller sees: of the programmes they read, and those "
    "addressed to a body they work for; soonest due first",
    description=(
        "The addressed body's officers see their recommendations here and at "
        "GET …/recommendations/{id}, not the programme (`reads_programme` is false). "
        "`overdue=true`: awaiting a first response past the due date (Asia/Ho_Chi_Minh "
        "days), the most overdue first."
    ),
    operation_id="list_supervision_recommendations",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_recommendations(request: HttpRequest, filters: Query[RecommendationFilters]) -> Any:
    user = _staff(request)
    day = today()
    rows = access.recommendations_for(user).select_related("programme__organizer", "addressed_to")
    if filters.overdue:
        rows = rows.filter(state=S.SENT, due_on__lt=day)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.addressed_to:
        rows = rows.filter(addressed_to_id=filters.addressed_to)
    if filters.programme:
        rows = rows.filter(programme_id=filters.programme)
    return _Rows(rows.order_by("due_on", "pk"), lambda r: _recommendation(r, user, day))


@router.get(
    "/recommendations/overdue-by-body",
    response={200: list[OverdueBodyOut], 401: ErrorOut, 403: ErrorOut},
    summary="The overdue recommendations the caller sees, by the body they are addressed to, "
    "the most overdue first",
    operation_id="list_supervision_overdue_by_body",
    auth=AUTHENTICATED,
)
def overdue_by_body(request: HttpRequest) -> list[dict[str, Any]]:
    user = _staff(request)
    rows = select.overdue_by_body(user)
    codes = dict(
        Organization.objects.filter(pk__in=[r.body_id for r in rows]).values_list("pk", "code")
    )
    return [
        {
            "body": {"id": r.body_id, "code": codes.get(r.body_id, ""), "name": r.body_name},
            "count": r.count,
            "oldest_due_on": r.oldest_due,
            "most_days_overdue": r.most_days,
        }
        for r in rows
    ]


@router.get(
    "/recommendations/{recommendation_id}",
    response={
        200: RecommendationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="One recommendation with the finding it comes from and the body's responses",
    operation_id="get_supervision_recommendation",
    auth=AUTHENTICATED,
)
def get_recommendation(request: HttpRequest, recommendation_id: Id) -> dict[str, Any]:
    user = _staff(request)
    rec = _unseen(access.recommendation_for, user, recommendation_id)
    return _recommendation_detail(rec, user)


@router.post(
    "/recommendations/{recommendation_id}/responses",
    response={201: RecommendationDetailOut, **WRITE},
    summary="Record the addressed body's response to a recommendation",
    description=(
        "By the officers and leaders of the body it is addressed to, or of the conducting "
        "Front body for a response that came by letter. The first response makes it "
        "answered; more may follow until the Front assesses it. " + WHO
    ),
    operation_id="respond_to_supervision_recommendation",
    auth=AUTHENTICATED,
)
def respond(request: HttpRequest, recommendation_id: Id, payload: ResponseIn) -> Any:
    user = _staff(request)
    rec = _unseen(access.recommendation_for, user, recommendation_id)
    try:
        services.record_response(
            recommendation=rec, text=payload.text, responded_on=payload.responded_on, actor=user
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, _recommendation_detail(access.recommendation_for(user, rec.pk), user))


@router.post(
    "/recommendations/{recommendation_id}/assessment",
    response={200: RecommendationDetailOut, **WRITE},
    summary="The conducting Front body's assessment of an answered recommendation: done or "
    "not accepted, with a note",
    description="By the conducting Front body's officers and leaders only. " + WHO,
    operation_id="assess_supervision_recommendation",
    auth=AUTHENTICATED,
)
def assess(request: HttpRequest, recommendation_id: Id, payload: AssessmentIn) -> Any:
    user = _staff(request)
    rec = _unseen(access.recommendation_for, user, recommendation_id)
    try:
        services.close_recommendation(
            recommendation=rec, outcome=payload.outcome, note=payload.note, actor=user
        )
    except ValidationError as error:
        return refused(error)
    return _recommendation_detail(access.recommendation_for(user, rec.pk), user)


# --- Critiques --------------------------------------------------------------------------------


def _critique(critique: Critique, user: User, day: dt.date) -> dict[str, Any]:
    due = critique.reply_due_on if critique.state == CritiqueState.SENT else None
    late = due is not None and due < day
    return {
        "id": critique.pk,
        "organizer": _org(critique.organizer),
        "draft_title": critique.draft_title,
        "drafting_body": _org(critique.drafting_body),
        "consultation_id": getattr(critique, "consultation_id", None),
        "form": critique.form,
        "received_on": critique.received_on,
        "state": critique.state,
        "reply_days": critique.reply_days,
        "document_number": critique.document_number,
        "document_date": critique.document_date,
        "document_url": _file_url("critique", critique.pk, critique.document_file),
        "reply_due_on": critique.reply_due_on,
        "overdue": late,
        "days_overdue": (day - due).days if due is not None and late else 0,
        "reply_text": critique.reply_text,
        "reply_on": critique.reply_on,
        "reply_url": _file_url("reply", critique.pk, critique.reply_file),
        "created_at": critique.created_at,
        "may_reply": critique.state == CritiqueState.SENT
        and access.may_critique(user, critique, A.RESPOND),
    }


@router.get(
    "/critiques",
    response={200: list[CritiqueOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The social critiques the caller sees (conducted by bodies they read, or of "
    "drafts of a body they work for), latest received first",
    operation_id="list_supervision_critiques",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_critiques(request: HttpRequest, filters: Query[CritiqueFilters]) -> Any:
    user = _staff(request)
    day = today()
    if filters.overdue:
        rows = select.critiques_overdue(user)
    else:
        rows = select.critiques(user, state=filters.state or "")
    if filters.overdue and filters.state:
        rows = rows.filter(state=filters.state)
    if filters.organizer:
        rows = rows.filter(organizer_id=filters.organizer)
    if filters.drafting_body:
        rows = rows.filter(drafting_body_id=filters.drafting_body)
    return _Rows(rows, lambda c: _critique(c, user, day))


@router.get(
    "/critiques/{critique_id}",
    response={200: CritiqueOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One social critique: the critique document sent and the drafter's reply",
    operation_id="get_supervision_critique",
    auth=AUTHENTICATED,
)
def get_critique(request: HttpRequest, critique_id: Id) -> dict[str, Any]:
    user = _staff(request)
    critique = _unseen(access.critique_for, user, critique_id)
    return _critique(critique, user, today())


@router.post(
    "/critiques/{critique_id}/reply",
    response={200: CritiqueOut, **WRITE},
    summary="Record the drafting body's reply to a critique that was sent",
    description=(
        "By the drafting body's officers and leaders, or the conducting Front body's; once. " + WHO
    ),
    operation_id="reply_to_supervision_critique",
    auth=AUTHENTICATED,
)
def reply(request: HttpRequest, critique_id: Id, payload: CritiqueReplyIn) -> Any:
    user = _staff(request)
    critique = _unseen(access.critique_for, user, critique_id)
    try:
        services.record_critique_reply(
            critique=critique, text=payload.text, replied_on=payload.replied_on, actor=user
        )
    except ValidationError as error:
        return refused(error)
    return _critique(access.critique_for(user, critique.pk), user, today())


# --- Boards -----------------------------------------------------------------------------------


def _board(board: InspectionBoard) -> dict[str, Any]:
    return {
        "id": board.pk,
        "kind": board.kind,
        "commune_body": _org(board.commune_body),
        "name": board.name,
        "project": board.project,
        "members": board.member_list,
        "term_from": board.term_from,
        "term_to": board.term_to,
        "reports": getattr(board, "n_reports", 0),
        "last_report_to": getattr(board, "last_report", None),
    }


def _report(report: BoardReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "period_from": report.period_from,
        "period_to": report.period_to,
        "text": report.text,
        "findings_count": report.findings_count,
        "file_name": report.file_name,
        "file_url": _file_url("report", report.pk, report.file),
        "created_at": report.created_at,
    }


def _board_detail(board: InspectionBoard, user: User) -> dict[str, Any]:
    counted = (
        InspectionBoard.objects.filter(pk=board.pk)
        .select_related("commune_body")
        .annotate(n_reports=Count("reports"), last_report=Max("reports__period_to"))
        .get()
    )
    return {
        **_board(counted),
        "may_manage": access.may_board(user, board, A.MANAGE),
        "reports_made": [_report(r) for r in board.reports.order_by("-period_to", "-pk")],
    }


@router.get(
    "/boards",
    response={200: list[BoardOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The People's Inspection Boards and community investment supervision boards the "
    "caller reads",
    operation_id="list_supervision_boards",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_boards(request: HttpRequest, filters: Query[BoardFilters]) -> Any:
    user = _staff(request)
    rows = select.boards(user, kind=filters.kind or "")
    if filters.commune_body:
        rows = rows.filter(commune_body_id=filters.commune_body)
    return _Rows(rows, _board)


@router.get(
    "/boards/{board_id}",
    response={200: BoardDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One board with its reports, latest period first",
    operation_id="get_supervision_board",
    auth=AUTHENTICATED,
)
def get_board(request: HttpRequest, board_id: Id) -> dict[str, Any]:
    user = _staff(request)
    board = _unseen(access.board_for, user, board_id)
    return _board_detail(board, user)


@router.post(
    "/boards/{board_id}/reports",
    response={201: BoardReportOut, **WRITE},
    summary="Add a board's report for a period",
    description="By the officers and leaders of the commune's Front body. " + WHO,
    operation_id="add_supervision_board_report",
    auth=AUTHENTICATED,
)
def add_report(request: HttpRequest, board_id: Id, payload: BoardReportIn) -> Any:
    user = _staff(request)
    board = _unseen(access.board_for, user, board_id)
    try:
        report = services.add_board_report(
            board=board,
            period_from=payload.period_from,
            period_to=payload.period_to,
            text=payload.text,
            findings_count=payload.findings_count,
            actor=user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, _report(report))
