"""Shapes of the consultations API (comments on drafts): the public list, a draft with its
parts and how many comments each has, the e-mail verification, a comment sent, the published
synthesis; the staff's consultations, their comments (hidden ones with the reason), the
statistics per article, answers and moderation. A commenter is shown by the name they chose
(an organization by its name): no e-mail address, account or identity is ever returned."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from danvan.participation.models import (
    AnswerOutcome,
    CommentAuthor,
    CommentState,
    ConsultationState,
    PartKind,
    Stance,
)

from . import Id, OrganizationRefOut

PublicState = Literal["open", "closed", "published"]

# --- public -----------------------------------------------------------------------------------


class PublicConsultationOut(Schema):
    id: int = Field(description="The public key: GET /api/v1/consultations/public/{id}.")
    title: str
    document_kind: str
    document_number: str
    summary: str
    body: OrganizationRefOut = Field(description="The drafting body.")
    opens_on: dt.date
    closes_on: dt.date = Field(description="The last day comments are taken.")
    state: ConsultationState
    accepting: bool = Field(description="Comments are taken today: POST …/public/{id}/comments.")
    citizens_may_comment: bool
    organizations_may_comment: bool
    comments: int = Field(description="Comments shown (not those hidden by moderation).")
    published_at: dt.datetime | None = Field(
        description="When the synthesis was published: GET …/public/{id}/synthesis."
    )


class PublicPartOut(Schema):
    id: int
    kind: PartKind
    number: str
    label: str = Field(description="As the draft names it, e.g. 'Điều 3'.")
    heading: str
    text: str
    position: int
    parent_id: int | None = Field(description="The part it belongs to.")
    article_id: int | None = Field(description="The article (itself for an article).")
    comments: int = Field(
        description="Comments shown on this part; for an article, on its clauses and points too."
    )


class PublicConsultationDetailOut(PublicConsultationOut):
    whole_draft_comments: int = Field(description="Comments shown on the draft as a whole.")
    parts: list[PublicPartOut] = Field(
        description="Chapters, sections, articles, clauses and points in the draft's order."
    )


class PublicConsultationFilters(Schema):
    state: PublicState | None = Field(
        None,
        description="open: taking comments; closed: being answered; published: the synthesis "
        "is out.",
    )


class CodeIn(BaseModel):
    email: str = Field(max_length=1_000, description="The citizen's e-mail address.")


class CodeSentOut(Schema):
    check: str = Field(
        description="The verification, to send with the code (POST …/verify) and then with "
        "each comment. Secret: whoever holds it once verified comments under the address."
    )
    expires_at: dt.datetime = Field(description="The code is good until then.")


class VerifyIn(BaseModel):
    check: str = Field(max_length=500, description="As returned by POST …/codes.")
    code: str = Field(max_length=50, description="The 6 digits sent by e-mail.")


class VerifiedOut(Schema):
    check: str = Field(description="The verification, now good for sending comments.")
    verified: bool


class CommentIn(BaseModel):
    key: str = Field(
        min_length=1,
        max_length=64,
        description="The submission's own key: sent again, the comment first kept is "
        "returned (200) and nothing is added.",
    )
    part: Id | None = Field(
        None, description="The part commented on (its id); empty: the draft as a whole."
    )
    stance: str = Field(max_length=20, description="agree, disagree or other.")
    proposed_wording: str = Field("", max_length=20_000)
    reasons: str = Field(
        "", max_length=20_000, description="Needed, or a wording, when not agreeing."
    )
    display_name: str = Field("", max_length=1_000, description="The name shown with the comment.")
    check: str = Field(
        "",
        max_length=500,
        description="A citizen without an account: the verification, once verified.",
    )
    organization: Id | None = Field(
        None,
        description="With a token: comment for this body (one the caller works for, not "
        "the drafting body).",
    )


class CommentSentOut(Schema):
    id: int
    part_id: int | None
    state: CommentState
    submitted_at: dt.datetime
    created: bool


class AnswerOut(Schema):
    outcome: AnswerOutcome = Field(
        description="accepted, partly (partly accepted) or explained (not accepted)."
    )
    text: str
    answered_at: dt.datetime


class SynthesisRowOut(Schema):
    id: int
    part_id: int | None = Field(description="Empty: the draft as a whole.")
    place: str = Field(description="As the synthesis names it, e.g. 'Khoản 2, Điều 3'.")
    author: str = Field(description="The organization, or the name the citizen chose.")
    stance: Stance
    proposed_wording: str
    reasons: str
    submitted_at: dt.datetime
    answer: AnswerOut | None


# --- staff ------------------------------------------------------------------------------------


class ConsultationOut(PublicConsultationOut):
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    created_at: dt.datetime
    hidden: int = Field(description="Comments hidden by moderation.")
    unanswered: int = Field(description="Comments shown that have no answer yet.")
    may_manage: bool = Field(
        description="The caller answers and moderates its comments (its drafting body's "
        "officers and leaders)."
    )


class StatsRowOut(Schema):
    part_id: int | None = Field(
        description="The article (or chapter, section); empty: the draft as a whole."
    )
    label: str
    comments: int = Field(description="Comments shown, on its clauses and points too.")
    agree: int
    disagree: int
    other: int
    answered: int
    unanswered: int
    hidden: int


class ConsultationDetailOut(ConsultationOut):
    parts: list[PublicPartOut]
    whole_draft_comments: int
    statistics: list[StatsRowOut] = Field(description="One row per article, in order.")
    total: StatsRowOut


class ConsultationFilters(Schema):
    state: ConsultationState | None = None
    body: Id | None = Field(None, description="Only this drafting body's (its id).")


class StaffCommentOut(Schema):
    id: int
    part_id: int | None
    place: str
    author: str = Field(description="The organization, or the name the citizen chose.")
    author_kind: CommentAuthor
    stance: Stance
    proposed_wording: str
    reasons: str
    submitted_at: dt.datetime
    state: CommentState
    hidden_reason: str = Field(description="Why it is hidden; its author reads it too.")
    hidden_at: dt.datetime | None
    answer: AnswerOut | None = Field(
        description="The drafting body's answer; the public reads it once the synthesis is "
        "published."
    )


class CommentFilters(Schema):
    part: Id | None = Field(
        None, description="On this part (its id); an article's clauses and points included."
    )
    whole: bool = Field(False, description="Only the comments on the draft as a whole.")
    state: CommentState | None = None
    answered: bool | None = None


class CommentAnswerIn(BaseModel):
    outcome: str = Field(max_length=20, description="accepted, partly or explained.")
    text: str = Field(max_length=20_000, description="What is accepted, or why not.")


class HideIn(BaseModel):
    reason: str = Field(
        max_length=2_000,
        description="Why it is hidden, 500 characters at most: its author reads it.",
    )
