"""Meetings with the people and commitments over HTTP.

Public, with no account: the schedule of announced, held and published meetings; a meeting by
its public key with the questions taken up, their answers and the commitments made; sending a
question before the meeting (limited per address, as the public page; the same `key` sent
twice keeps one question); the public status of every commitment.

Staff: the meetings and commitments the caller reads, a meeting with every question (pending
and declined too) and its timeliness against the legal rule, and recording a commitment done.
Who sees and does what is decided by `danvan.participation.access_meetings` and the services
only: a record the caller may not read is answered 404, as if it did not exist; one the caller
reads but may not change, 403.

No asker's contact exists on a question; of a question made a citizen matter, staff see the
matter's tracking code only.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from typing import Any

from allauth.core import ratelimit
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import Throttled
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.lib.dates import day_start, today
from danvan.participation import access_meetings as access
from danvan.participation.models import (
    Commitment,
    CommitmentState,
    Meeting,
    MeetingQuestion,
    QuestionOutcome,
)
from danvan.participation.selectors.meetings import rule_for, timeliness
from danvan.participation.services import meetings as services

from .auth import AUTHENTICATED, OPTIONAL_TOKEN, staff_user
from .errors import refused
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.meetings import (
    CommitmentDoneIn,
    CommitmentFilters,
    CommitmentOut,
    MeetingDetailOut,
    MeetingFilters,
    MeetingOut,
    PublicCommitmentFilters,
    PublicCommitmentOut,
    PublicMeetingDetailOut,
    PublicMeetingOut,
    QuestionIn,
    QuestionSentOut,
    ScheduleFilters,
)

router = Router(tags=["meetings"])
commitments_router = Router(tags=["meetings"])

SCHEDULE_DAYS_BACK = 30  # as the public schedule: what was held in the last month too


# --- Helpers ----------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "participation.view_meeting")


def _overdue(commitment: Commitment, day: dt.date) -> bool:
    return commitment.state == CommitmentState.OPEN and commitment.due_on < day


def _meeting_ref(meeting: Meeting) -> dict[str, Any]:
    return {
        "key": meeting.key,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
    }


def _public_meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "key": meeting.key,
        "kind": meeting.kind,
        "state": meeting.state,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "host": meeting.host,
        "unit": meeting.unit,
        "chaired_by": meeting.chaired_by,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "takes_questions": services.may_ask(meeting),
        "cancel_reason": meeting.cancel_reason,
    }


def _public_commitment(commitment: Commitment, day: dt.date) -> dict[str, Any]:
    url = None
    if commitment.evidence_file and commitment.state == CommitmentState.DONE:
        url = reverse("participation_public:evidence", args=[commitment.pk])
    return {
        "id": commitment.pk,
        "text": commitment.text,
        "owner": commitment.owner,
        "meeting": _meeting_ref(commitment.meeting),
        "due_on": commitment.due_on,
        "state": commitment.state,
        "overdue": _overdue(commitment, day),
        "done_on": commitment.done_on,
        "evidence": commitment.evidence if commitment.state == CommitmentState.DONE else "",
        "evidence_url": url,
        "dropped_reason": commitment.dropped_reason,
    }


def _commitment(commitment: Commitment, day: dt.date) -> dict[str, Any]:
    return {
        "id": commitment.pk,
        "text": commitment.text,
        "owner": commitment.owner,
        "meeting_id": commitment.meeting_id,
        "meeting": _meeting_ref(commitment.meeting),
        "question_id": commitment.question_id,
        "due_on": commitment.due_on,
        "state": commitment.state,
        "overdue": _overdue(commitment, day),
        "done_on": commitment.done_on,
        "evidence": commitment.evidence,
        "dropped_reason": commitment.dropped_reason,
        "carried_to_id": commitment.carried_to_id,
        "created_at": commitment.created_at,
        "updated_at": commitment.updated_at,
    }


class _Rows:
    """A queryset the paginator counts and slices, each row of the page made a dict by `row`
    (the rows' shape depends on today, read once)."""

    def __init__(self, queryset: QuerySet[Any], row: Any) -> None:
        self.queryset, self.row = queryset, row

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.row(item) for item in self.queryset[window]]


def _public_meeting_by_key(key: str) -> Meeting:
    meeting = access.public_meetings().select_related("host", "unit").filter(key=key[:20]).first()
    if meeting is None:
        raise Http404
    return meeting


# --- Public: the schedule, a meeting, questions, commitments ------------------------------------


@router.get(
    "/schedule",
    response={200: list[PublicMeetingOut], 422: ErrorOut},
    summary="The public schedule: meetings announced, held or with results published (and "
    "those cancelled after they were announced), earliest first",
    operation_id="list_meeting_schedule",
)
@paginate(Page)
def schedule(request: HttpRequest, filters: Query[ScheduleFilters]) -> Any:
    meetings = access.public_meetings().select_related("host", "unit")
    if filters.since is not None:
        # The first day a date can hold would fall before year 1 in UTC.
        if filters.since.year > 1:
            meetings = meetings.filter(starts_at__gte=day_start(filters.since))
    else:
        since = timezone.now() - dt.timedelta(days=SCHEDULE_DAYS_BACK)
        meetings = meetings.filter(starts_at__gte=since)
    if filters.until is not None and filters.until < dt.date.max:
        meetings = meetings.filter(starts_at__lt=day_start(filters.until + dt.timedelta(days=1)))
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.province:
        meetings = meetings.filter(host__province_id=filters.province)
    return _Rows(meetings.order_by("starts_at", "pk"), _public_meeting)


@router.get(
    "/public/{key}",
    response={200: PublicMeetingDetailOut, 404: ErrorOut},
    summary="A public meeting by its key: the questions taken up with their answers, and the "
    "commitments made",
    operation_id="get_public_meeting",
)
def public_meeting(request: HttpRequest, key: str) -> dict[str, Any]:
    meeting = _public_meeting_by_key(key)
    day = today()
    questions = (
        meeting.questions.exclude(outcome=QuestionOutcome.NOT_ADMITTED)
        .select_related("commitment__owner")
        .order_by("raised_at", "pk")
    )
    commitments = meeting.commitments.select_related("owner").order_by("due_on", "pk")
    found = []
    for commitment in commitments:
        commitment.meeting = meeting  # one meeting: no query per commitment
        found.append(_public_commitment(commitment, day))
    return {
        **_public_meeting(meeting),
        "published_at": meeting.published_at,
        "results": meeting.results,
        "questions": [_public_question(q) for q in questions],
        "commitments": found,
    }


def _public_question(question: MeetingQuestion) -> dict[str, Any]:
    commitment = getattr(question, "commitment", None)
    return {
        "id": question.pk,
        "text": question.text,
        "asked_by": question.asked_by,
        "online": question.online,
        "raised_at": question.raised_at,
        "outcome": question.outcome,
        "answer": question.answer if question.outcome == QuestionOutcome.ANSWERED else "",
        "commitment": {
            "id": commitment.pk,
            "text": commitment.text,
            "owner": commitment.owner,
            "due_on": commitment.due_on,
            "state": commitment.state,
        }
        if commitment is not None
        else None,
    }


@router.post(
    "/public/{key}/questions",
    response={
        200: QuestionSentOut,
        201: QuestionSentOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Send a question to an announced meeting before it starts, with no account",
    description=(
        "Taken while the meeting is announced, takes questions and has not started; the "
        "answer is given at the meeting and shown with it. Send the same `key` again: the "
        "question first kept is returned (200). Limited per address, as the public page."
    ),
    operation_id="ask_meeting_question",
    auth=OPTIONAL_TOKEN,
)
def ask(request: HttpRequest, key: str, payload: QuestionIn) -> JsonResponse:
    meeting = _public_meeting_by_key(key)
    if not ratelimit.consume(request, action="meeting_question"):
        raise Throttled(None)
    before = meeting.questions.filter(key=payload.key).exists()
    try:
        question = services.ask(
            meeting=meeting, text=payload.text, asked_by=payload.asked_by, key=payload.key
        )
    except ValidationError as error:
        return refused(error)
    body = {
        "id": question.pk,
        "outcome": question.outcome,
        "raised_at": question.raised_at.isoformat(),
        "created": not before,
    }
    return JsonResponse(
        body, status=200 if before else 201, json_dumps_params={"ensure_ascii": False}
    )


@commitments_router.get(
    "/public",
    response={200: list[PublicCommitmentOut], 422: ErrorOut},
    summary="Every commitment made at a public meeting, with what was done, by due date",
    operation_id="list_public_commitments",
)
@paginate(Page)
def public_commitments(request: HttpRequest, filters: Query[PublicCommitmentFilters]) -> Any:
    day = today()
    commitments = access.public_commitments().select_related("owner", "meeting")
    if filters.province:
        commitments = commitments.filter(owner__province_id=filters.province)
    commitments = _by_state(commitments, filters.state, day)
    return _Rows(commitments.order_by("due_on", "pk"), lambda c: _public_commitment(c, day))


def _by_state(
    commitments: QuerySet[Commitment], state: str | None, day: dt.date
) -> QuerySet[Commitment]:
    if state == "overdue":
        return commitments.filter(state=CommitmentState.OPEN, due_on__lt=day)
    if state:
        return commitments.filter(state=state)
    return commitments


# --- Staff: meetings ----------------------------------------------------------------------------


def _staff_meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        **_public_meeting(meeting),
        "id": meeting.pk,
        "questions_open": meeting.questions_open,
        "announced_at": meeting.announced_at,
        "held_at": meeting.held_at,
        "published_at": meeting.published_at,
        "questions": getattr(meeting, "asked", 0),
        "commitments": getattr(meeting, "promised", 0),
    }


def _counted(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("host", "unit").annotate(
        asked=Count("questions", distinct=True), promised=Count("commitments", distinct=True)
    )


@router.get(
    "",
    response={200: list[MeetingOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The meetings the caller reads (their bodies' and those under them), latest first",
    operation_id="list_meetings",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    user = _staff(request)
    meetings = access.meetings_for(user)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.state:
        meetings = meetings.filter(state=filters.state)
    if filters.host:
        meetings = meetings.filter(host_id=filters.host)
    return _Rows(_counted(meetings).order_by("-starts_at", "-pk"), _staff_meeting)


@router.get(
    "/{meeting_id}",
    response={200: MeetingDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One meeting with every question raised (pending and declined too) and what each "
    "came to, its commitments, and its timeliness against the legal rule",
    operation_id="get_meeting",
    auth=AUTHENTICATED,
)
def get_meeting(request: HttpRequest, meeting_id: Id) -> dict[str, Any]:
    user = _staff(request)
    try:
        meeting = access.meeting_for(user, meeting_id)
    except PermissionDenied:
        raise Http404 from None
    counted = _counted(Meeting.objects.filter(pk=meeting.pk)).get()
    day = today()
    on_time = timeliness(meeting, rule_for(meeting.kind, meeting.host.level, day), day)
    questions = meeting.questions.select_related("case", "commitment").order_by("raised_at", "pk")
    commitments = []
    for commitment in meeting.commitments.select_related("owner").order_by("due_on", "pk"):
        commitment.meeting = meeting
        commitments.append(_commitment(commitment, day))
    return {
        **_staff_meeting(counted),
        "minutes": meeting.minutes,
        "attendance": meeting.attendance,
        "results": meeting.results,
        "timeliness": {
            "notice_days": on_time.notice_days,
            "notice_short": on_time.notice_short,
            "publish_by": on_time.publish_by,
            "publish_late": on_time.publish_late,
        },
        "questions_raised": [_staff_question(q) for q in questions],
        "commitments_made": commitments,
    }


def _staff_question(question: MeetingQuestion) -> dict[str, Any]:
    commitment = getattr(question, "commitment", None)
    return {
        "id": question.pk,
        "text": question.text,
        "asked_by": question.asked_by,
        "online": question.online,
        "raised_at": question.raised_at,
        "outcome": question.outcome,
        "answer": question.answer,
        "not_admitted_reason": question.not_admitted_reason,
        "commitment_id": commitment.pk if commitment is not None else None,
        "matter_code": question.case.tracking_code if question.case is not None else None,
    }


# --- Staff: commitments -------------------------------------------------------------------------


@commitments_router.get(
    "",
    response={200: list[CommitmentOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The commitments the caller reads (made by or given to their bodies and those "
    "under them), by due date",
    operation_id="list_commitments",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_commitments(request: HttpRequest, filters: Query[CommitmentFilters]) -> Any:
    user = _staff(request)
    day = today()
    commitments = access.commitments_for(user).select_related("owner", "meeting")
    if filters.owner:
        commitments = commitments.filter(owner_id=filters.owner)
    if filters.meeting:
        commitments = commitments.filter(meeting_id=filters.meeting)
    commitments = _by_state(commitments, filters.state, day)
    return _Rows(commitments.order_by("due_on", "pk"), lambda c: _commitment(c, day))


@commitments_router.post(
    "/{commitment_id}/done",
    response={
        200: CommitmentOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Record a commitment done, with what was done: the public status shows it",
    description=(
        "By the officers and leaders of the body responsible or of the meeting's host. A "
        "commitment the caller does not read is answered 404; one they read but may not "
        "change, 403; one no longer under way, or a date in the future, 400."
    ),
    operation_id="complete_commitment",
    auth=AUTHENTICATED,
)
def complete(request: HttpRequest, commitment_id: Id, payload: CommitmentDoneIn) -> Any:
    user = _staff(request)
    try:
        commitment = access.commitment_for(user, commitment_id)
    except PermissionDenied:
        raise Http404 from None
    try:
        done = services.complete(
            commitment=commitment, done_on=payload.done_on, evidence=payload.evidence, actor=user
        )
    except ValidationError as error:
        return refused(error)
    found = Commitment.objects.select_related("owner", "meeting").get(pk=done.pk)
    return _commitment(found, today())
