"""Request and response shapes of the emulation API (`danvan.api.emulation`)."""

# No `from __future__ import annotations`: ninja reads these annotations at import time.
import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from danvan.api.schemas import FigureOut, Id
from danvan.emulation import honor
from danvan.emulation.models import (
    AwardDecision,
    DecisionRecipient,
    Movement,
    MovementStatus,
    Proposal,
    ProposalState,
    RecipientKind,
    Registration,
)


class AwardKindOut(Schema):
    code: str
    name: str
    category: str
    target: str
    authority_level: str
    authority_title: str
    active: bool


class CriterionOut(Schema):
    id: int
    name: str
    max_score: Decimal
    position: int


class MovementOut(Schema):
    id: int
    name: str
    organization_id: int
    organization: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    description: str

    @staticmethod
    def resolve_organization(obj: Movement) -> str:
        return obj.organization.name


class MovementDetailOut(MovementOut):
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj: Movement) -> list:
        return list(obj.criteria.all())


class MovementFilters(Schema):
    status: MovementStatus | None = None
    q: str = Field("", max_length=100)


class RegistrationOut(Schema):
    id: int
    movement_id: int
    organization_id: int
    organization: str
    year: int
    commitments: str
    target_title: str | None
    registered_on: dt.date

    @staticmethod
    def resolve_organization(obj: Registration) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_target_title(obj: Registration) -> str | None:
        return obj.target_title.code if obj.target_title else None


class RegistrationIn(Schema):
    movement_id: Id
    organization_id: Id
    year: int = Field(ge=2000, le=2100)
    commitments: str = Field(max_length=5000)
    target_title: str | None = Field(None, description="The code of an emulation title.")


class ResultRowOut(Schema):
    member_id: int
    member: str
    rank: int | None
    self_total: Decimal
    assessed_total: Decimal
    complete: bool


class ScoringOut(Schema):
    id: int
    movement_id: int
    cluster: str
    year: int
    status: str
    results: list[ResultRowOut]


class ProposalOut(Schema):
    id: int
    state: str
    award_kind: str
    proposer_id: int
    proposer: str
    authority_id: int
    authority: str
    year: int
    reference: str
    summary: str
    recipients: int = Field(description="How many collectives and individuals are proposed.")
    submitted_at: dt.datetime | None

    @staticmethod
    def resolve_award_kind(obj: Proposal) -> str:
        return obj.award_kind.code

    @staticmethod
    def resolve_proposer(obj: Proposal) -> str:
        return obj.proposer.name

    @staticmethod
    def resolve_authority(obj: Proposal) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_recipients(obj: Proposal) -> int:
        n = getattr(obj, "n_recipients", None)
        return obj.recipients.count() if n is None else n


class RecipientIn(Schema):
    kind: RecipientKind
    name: str = Field("", max_length=255)
    organization_id: Id | None = Field(None, description="A collective that is a body here.")
    position: str = Field("", max_length=150)
    unit_name: str = Field("", max_length=255)
    achievements: str = Field("", max_length=5000)
    public_consent: bool = Field(
        False, description="The person agrees that their name is published on the honor roll."
    )


class ProposalIn(Schema):
    proposer_id: Id
    award_kind: str = Field(description="The code of the award kind.")
    authority_id: Id = Field(description="A body competent to grant the award.")
    year: int = Field(ge=2000, le=2100)
    summary: str = Field(max_length=10000)
    reference: str = Field("", max_length=60)
    movement_id: Id | None = None
    exemplar_id: Id | None = None
    recipients: list[RecipientIn] = Field(max_length=500)


class ProposalFilters(Schema):
    state: ProposalState | None = None
    q: str = Field("", max_length=100)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class DecisionOut(Schema):
    id: int
    number: str
    signed_on: dt.date
    authority_id: int
    authority: str
    award_kind: str
    subject: str
    signer_name: str
    signer_title: str
    proposal_id: int | None
    recipients: int

    @staticmethod
    def resolve_authority(obj: AwardDecision) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_award_kind(obj: AwardDecision) -> str:
        return obj.award_kind.code

    @staticmethod
    def resolve_recipients(obj: AwardDecision) -> int:
        n = getattr(obj, "n_recipients", None)
        return obj.recipients.count() if n is None else n


class DecisionRecipientOut(Schema):
    kind: str
    name: str
    position: str
    unit_name: str
    achievements: str
    public_consent: bool
    reward_amount: Decimal | None


class DecisionDetailOut(DecisionOut):
    recipient_list: list[DecisionRecipientOut]

    @staticmethod
    def resolve_recipient_list(obj: AwardDecision) -> list:
        return list(obj.recipients.all())


class DecisionFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    award_kind: str | None = Field(None, max_length=60)


class HonorOut(Schema):
    name: str = Field(description="A person's name only with their consent; else 'Individual'.")
    kind: str
    unit_name: str
    achievements: str | None = Field(description="Null for a person not named publicly.")
    award_kind: str
    award: str
    decision_number: str
    signed_on: dt.date
    authority: str
    province_id: int | None

    @staticmethod
    def resolve_name(obj: DecisionRecipient) -> str:
        return honor.public_name(obj)

    @staticmethod
    def resolve_achievements(obj: DecisionRecipient) -> str | None:
        return obj.achievements if obj.shows_name_publicly else None

    @staticmethod
    def resolve_award_kind(obj: DecisionRecipient) -> str:
        return obj.award_kind.code

    @staticmethod
    def resolve_award(obj: DecisionRecipient) -> str:
        return obj.award_kind.name

    @staticmethod
    def resolve_decision_number(obj: DecisionRecipient) -> str:
        return obj.decision.number

    @staticmethod
    def resolve_authority(obj: DecisionRecipient) -> str:
        return obj.decision.authority.name


class HonorRollParams(Schema):
    q: str = Field("", max_length=100)
    year: int | None = Field(None, ge=2000, le=2100)
    award_kind: str = Field("", max_length=60)
    province: Id | None = None
    kind: RecipientKind | None = None


class FiguresOut(Schema):
    as_of: dt.date
    by: str
    total: int
    collective: int
    individual: int
    this_year: int
    rows: list[FigureOut]


class FiguresParams(Schema):
    as_of: dt.date | None = Field(None, description="Today when not given.")
    by: Literal["award", "kind", "year", "province"] = "award"
    province: Id | None = Field(None, description="Only this province (id).")
