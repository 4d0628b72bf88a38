"""Shapes of the supervision API: the Front's supervision programmes with their delegations,
findings and recommendations; recommendations as the Front and as the addressed body see
them, with their responses; social critiques and the drafter's reply; the commune's
inspection and investment supervision boards with their reports.

Days are calendar days in Asia/Ho_Chi_Minh; dates are sent as yyyy-mm-dd or dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from danvan.participation.models import (
    BoardKind,
    CritiqueForm,
    CritiqueState,
    DelegationState,
    RecommendationState,
    SupervisionForm,
)

from . import AsOfDate, Id, OrganizationRefOut

DATE_HELP = "yyyy-mm-dd or dd/mm/yyyy; not after today (Asia/Ho_Chi_Minh)."

# --- programmes -------------------------------------------------------------------------------


class SupervisionProgrammeOut(Schema):
    id: int
    organizer: OrganizationRefOut = Field(description="The Front body that conducts it.")
    year: int
    title: str
    subject: str
    form: SupervisionForm
    plan_number: str
    plan_date: dt.date | None
    response_days: int = Field(
        description="Days the supervised bodies have to respond (a default, not a legal value)."
    )
    created_at: dt.datetime
    recommendations: int = Field(description="Recommendations made.")
    awaiting: int = Field(description="Recommendations awaiting a first response.")


class SupervisionProgrammeRefOut(Schema):
    id: int
    title: str
    organizer: OrganizationRefOut


class DelegationOut(Schema):
    id: int
    name: str
    head_name: str = Field(description="The head, as written or from their account.")
    member_names: list[str] = Field(description="The members, as written.")
    bodies: list[OrganizationRefOut] = Field(description="The bodies it supervises.")
    starts_on: dt.date
    ends_on: dt.date
    state: DelegationState


class FindingOut(Schema):
    id: int
    delegation_id: int | None
    body: OrganizationRefOut
    text: str
    found_on: dt.date


class RecommendationOut(Schema):
    id: int
    programme: SupervisionProgrammeRefOut = Field(
        description="The programme it comes from; its delegations and findings are read at "
        "GET …/programmes/{id} only when `reads_programme`."
    )
    finding_id: int | None
    addressed_to: OrganizationRefOut
    text: str
    sent_on: dt.date
    due_on: dt.date
    state: RecommendationState
    overdue: bool = Field(description="Awaiting a first response past its due date today.")
    days_overdue: int = Field(description="Days past the due date while awaiting; else 0.")
    closed_on: dt.date | None
    closing_note: str = Field(description="The Front's assessment of the response.")
    reads_programme: bool = Field(
        description="The caller reads the programme (the addressed body's officers do not)."
    )
    may_respond: bool = Field(description="The caller may record a response now.")
    may_assess: bool = Field(description="The caller may assess the response now.")


class ResponseOut(Schema):
    id: int
    text: str
    responded_on: dt.date
    file_name: str
    file_url: str | None = Field(description="The evidence file, for those who see it.")
    recorded_by: str = Field(description="The full name of who recorded it, when known.")
    recorded_at: dt.datetime


class RecommendationDetailOut(RecommendationOut):
    finding_text: str = Field(description="What the supervision found, when linked.")
    responses: list[ResponseOut]


class ProgressOut(Schema):
    total: int
    sent: int = Field(description="Awaiting a first response.")
    answered: int
    done: int
    not_accepted: int
    overdue: int
    responded_percent: int


class SupervisionProgrammeDetailOut(SupervisionProgrammeOut):
    may_manage: bool = Field(description="The caller conducts it (adds and assesses).")
    progress: ProgressOut
    delegations: list[DelegationOut]
    findings: list[FindingOut]
    recommendations_made: list[RecommendationOut]
    xlsx_url: str = Field(description="The recommendations with their responses, as .xlsx.")
    docx_url: str = Field(description="A summary in the conducting body's layout, as .docx.")


class SupervisionProgrammeFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    form: SupervisionForm | None = None
    organizer: Id | None = Field(None, description="Conducted by this Front body (its id).")
    q: str = Field(
        "", max_length=100, description="Words in the title, without regard to diacritics."
    )


class RecommendationFilters(Schema):
    state: RecommendationState | None = None
    overdue: bool = Field(
        False, description="Only those awaiting a first response past their due date today."
    )
    addressed_to: Id | None = Field(None, description="Addressed to this body (its id).")
    programme: Id | None = Field(None, description="Of this programme (its id).")


class OverdueBodyOut(Schema):
    body: OrganizationRefOut
    count: int = Field(description="Recommendations overdue.")
    oldest_due_on: dt.date
    most_days_overdue: int


class ResponseIn(BaseModel):
    text: str = Field(max_length=20_000, description="The body's response.")
    responded_on: AsOfDate = Field(description=f"The day of the response: {DATE_HELP}")


class AssessmentIn(BaseModel):
    outcome: Literal["done", "not_accepted"] = Field(
        description="done: the recommendation was carried out; not_accepted: it was not."
    )
    note: str = Field("", max_length=20_000, description="The Front's assessment.")


# --- critiques --------------------------------------------------------------------------------


class CritiqueOut(Schema):
    id: int
    organizer: OrganizationRefOut = Field(description="The Front body that conducts it.")
    draft_title: str
    drafting_body: OrganizationRefOut
    consultation_id: int | None = Field(description="The public consultation on the draft.")
    form: CritiqueForm
    received_on: dt.date = Field(description="The day the draft was received.")
    state: CritiqueState
    reply_days: int
    document_number: str
    document_date: dt.date | None = Field(description="The day the critique was sent.")
    document_url: str | None
    reply_due_on: dt.date | None
    overdue: bool = Field(description="Sent, not replied, past the reply's due date today.")
    days_overdue: int
    reply_text: str
    reply_on: dt.date | None
    reply_url: str | None
    created_at: dt.datetime
    may_reply: bool = Field(description="The caller may record the drafter's reply now.")


class CritiqueFilters(Schema):
    state: CritiqueState | None = None
    overdue: bool = Field(False, description="Only those whose reply is overdue today.")
    organizer: Id | None = Field(None, description="Conducted by this Front body (its id).")
    drafting_body: Id | None = Field(None, description="Drafted by this body (its id).")


class CritiqueReplyIn(BaseModel):
    text: str = Field(max_length=20_000, description="The drafter's reply.")
    replied_on: AsOfDate = Field(description=f"The day of the reply: {DATE_HELP}")


# --- boards -----------------------------------------------------------------------------------


class BoardOut(Schema):
    id: int
    kind: BoardKind
    commune_body: OrganizationRefOut = Field(description="The commune's Front body.")
    name: str
    project: str = Field(description="The investment project supervised, for that kind.")
    members: list[str]
    term_from: dt.date
    term_to: dt.date
    reports: int
    last_report_to: dt.date | None = Field(description="The end of the latest report's period.")


class BoardReportOut(Schema):
    id: int
    period_from: dt.date
    period_to: dt.date
    text: str
    findings_count: int
    file_name: str
    file_url: str | None
    created_at: dt.datetime


class BoardDetailOut(BoardOut):
    may_manage: bool = Field(description="The caller may add a report.")
    reports_made: list[BoardReportOut]


class BoardFilters(Schema):
    kind: BoardKind | None = None
    commune_body: Id | None = Field(None, description="Of this Front body (its id).")


class BoardReportIn(BaseModel):
    period_from: AsOfDate = Field(description="yyyy-mm-dd or dd/mm/yyyy.")
    period_to: AsOfDate = Field(description="On or after period_from.")
    text: str = Field(max_length=50_000, description="The report.")
    findings_count: int = Field(0, ge=0, le=1_000_000)
