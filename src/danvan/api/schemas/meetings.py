"""Shapes of the meetings API: the public schedule, a public meeting with what its questions
came to, the public status of commitments; the staff's meetings with every question, and
their commitments. No asker's contact exists on a question; a question made a citizen matter
shows staff the matter's tracking code only."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from danvan.participation.models import (
    CommitmentState,
    MeetingKind,
    MeetingState,
    QuestionOutcome,
)

from . import AsOfDate, Id, OrganizationRefOut, UnitRefOut

# --- public -----------------------------------------------------------------------------------


class MeetingRefOut(Schema):
    key: str = Field(description="The public key: GET /api/v1/meetings/public/{key}.")
    kind: MeetingKind
    title: str
    starts_at: dt.datetime


class PublicMeetingOut(Schema):
    key: str = Field(description="The public key: GET /api/v1/meetings/public/{key}.")
    kind: MeetingKind
    state: MeetingState
    title: str
    agenda: str
    host: OrganizationRefOut
    unit: UnitRefOut | None = Field(description="The place whose people are invited.")
    chaired_by: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    online_link: str
    takes_questions: bool = Field(
        description="People may send questions now: POST …/public/{key}/questions."
    )
    cancel_reason: str


class PublicCommitmentOut(Schema):
    id: int
    text: str
    owner: OrganizationRefOut = Field(description="The body responsible.")
    meeting: MeetingRefOut
    due_on: dt.date
    state: CommitmentState
    overdue: bool = Field(description="Under way and past its due date today.")
    done_on: dt.date | None
    evidence: str = Field(description="What was done.")
    evidence_url: str | None = Field(description="The evidence file, when one was given.")
    dropped_reason: str


class PublicCommitmentRefOut(Schema):
    id: int
    text: str
    owner: OrganizationRefOut
    due_on: dt.date
    state: CommitmentState


class PublicQuestionOut(Schema):
    id: int
    text: str
    asked_by: str = Field(description="The asker as they chose to be shown; often empty.")
    online: bool = Field(description="Sent online before the meeting.")
    raised_at: dt.datetime
    outcome: QuestionOutcome = Field(
        description="matter: received as a citizen matter and handled within its legal limits."
    )
    answer: str
    commitment: PublicCommitmentRefOut | None


class PublicMeetingDetailOut(PublicMeetingOut):
    published_at: dt.datetime | None
    results: str = Field(description="The results, as published.")
    questions: list[PublicQuestionOut] = Field(
        description="The questions taken up (not those declined), in the order raised."
    )
    commitments: list[PublicCommitmentOut]


class ScheduleFilters(Schema):
    kind: MeetingKind | None = None
    province: Id | None = Field(None, description="Meetings held by bodies of this province.")
    since: AsOfDate = Field(
        None,
        alias="from",
        description="Starting on or after this day (yyyy-mm-dd or dd/mm/yyyy); by default "
        "30 days ago, as the public schedule.",
    )
    until: AsOfDate = Field(None, alias="to", description="Starting on or before this day.")


class PublicCommitmentFilters(Schema):
    state: Literal["open", "overdue", "done"] | None = Field(
        None, description="open: under way; overdue: under way past due; done."
    )
    province: Id | None = Field(None, description="Commitments of bodies of this province.")


class QuestionIn(BaseModel):
    text: str = Field(max_length=5_000, description="The question, 10 characters or more.")
    asked_by: str = Field(
        "", max_length=120, description="How the asker wants to be shown (may be empty)."
    )
    key: str = Field(
        min_length=1,
        max_length=64,
        description="The submission's own key: sent again, the question first kept is "
        "returned (200) and nothing is added.",
    )


class QuestionSentOut(Schema):
    id: int
    outcome: QuestionOutcome
    raised_at: dt.datetime
    created: bool


# --- staff ------------------------------------------------------------------------------------


class MeetingOut(PublicMeetingOut):
    id: int
    questions_open: bool
    announced_at: dt.datetime | None
    held_at: dt.datetime | None
    published_at: dt.datetime | None
    questions: int = Field(description="Questions raised.")
    commitments: int = Field(description="Commitments made.")


class TimelinessOut(Schema):
    notice_days: int | None = Field(description="Days between the announcement and the start.")
    notice_short: bool = Field(description="Announced later than the rule asks.")
    publish_by: dt.date | None = Field(description="The results' last day, once held.")
    publish_late: bool


class StaffQuestionOut(Schema):
    id: int
    text: str
    asked_by: str
    online: bool
    raised_at: dt.datetime
    outcome: QuestionOutcome
    answer: str
    not_admitted_reason: str
    commitment_id: int | None
    matter_code: str | None = Field(
        description="A question made a citizen matter: the matter's tracking code only."
    )


class CommitmentOut(Schema):
    id: int
    text: str
    owner: OrganizationRefOut
    meeting_id: int
    meeting: MeetingRefOut
    question_id: int | None
    due_on: dt.date
    state: CommitmentState
    overdue: bool
    done_on: dt.date | None
    evidence: str
    dropped_reason: str
    carried_to_id: int | None = Field(description="The latest briefing it was carried to.")
    created_at: dt.datetime
    updated_at: dt.datetime


class MeetingDetailOut(MeetingOut):
    minutes: str
    attendance: int | None
    results: str
    timeliness: TimelinessOut
    questions_raised: list[StaffQuestionOut] = Field(
        description="Every question, pending and declined ones too, in the order raised."
    )
    commitments_made: list[CommitmentOut]


class MeetingFilters(Schema):
    kind: MeetingKind | None = None
    state: MeetingState | None = None
    host: Id | None = Field(None, description="Only the meetings this body holds (its id).")


class CommitmentFilters(Schema):
    state: Literal["open", "overdue", "done", "dropped"] | None = Field(
        None, description="open: under way; overdue: under way past due; done; dropped."
    )
    owner: Id | None = Field(None, description="The body responsible (its id).")
    meeting: Id | None = Field(None, description="Made at this meeting (its id).")


class CommitmentDoneIn(BaseModel):
    done_on: dt.date = Field(description="The day it was done, not after today.")
    evidence: str = Field(max_length=20_000, description="What was done, 10 characters or more.")
