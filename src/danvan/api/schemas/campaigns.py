"""Shapes of the campaigns, funds and disclosure API: funds with their balances, ledger entries,
month sums, transfers and disbursement requests (staff); the public disclosure of published
funds and campaigns; campaigns with their targets, roll-up and results (staff).

Money is in whole đồng (integers). A donor appears only by the name they agreed to publish;
a household only by its code, village and category, never by name. Dates are sent as
yyyy-mm-dd or dd/mm/yyyy and are days in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator

from danvan.campaigns.models import (
    BoardPosition,
    CampaignKind,
    CampaignStatus,
    DonorKind,
    EntryKind,
    FundKind,
    HouseholdCategory,
    Measure,
    Method,
    Purpose,
    RequestState,
    TransferState,
)
from danvan.org.models.organizations import OrganizationLevel

from . import Q_DESCRIPTION, AsOfDate, Id, OrganizationRefOut, UnitRefOut, _parse_date

# A day that must be given: "" or a bad format is refused like a missing one.
Day = Annotated[dt.date, BeforeValidator(_parse_date)]
DATE_HELP = "yyyy-mm-dd or dd/mm/yyyy; not after today (Asia/Ho_Chi_Minh)."
AMOUNT_HELP = "Whole đồng, more than 0."
PROVINCE_HELP = "A province's official code, e.g. '01' (Hà Nội)."
IDEMPOTENCY_HELP = (
    "Send an Idempotency-Key header (e.g. a UUID, up to 200 characters): the same key from "
    "the same caller again returns what the first request made (200) instead of making it twice."
)


class FundRefOut(Schema):
    id: int
    name: str


class HouseholdRefOut(Schema):
    """A household as staff who read its list see it: never its name."""

    id: int
    code: str
    village: str
    category: HouseholdCategory


class CampaignRefOut(Schema):
    id: int
    name: str


# --- funds ------------------------------------------------------------------------------------


class FundFilters(Schema):
    kind: FundKind | None = None
    province: str = Field("", max_length=10, description=PROVINCE_HELP)
    level: OrganizationLevel | None = Field(None, description="The keeping body's level.")
    q: str = Field("", max_length=200, description=Q_DESCRIPTION)


class FundOut(Schema):
    id: int
    name: str
    kind: FundKind
    keeper: OrganizationRefOut = Field(description="The body that keeps it.")
    province: UnitRefOut | None = Field(description="Empty for the central funds.")
    level: str
    balance: int = Field(description="The sum of its ledger, in đồng.")
    approval_threshold: int = Field(
        description="Disbursements above this (đồng) wait for the board's approval."
    )
    opened_on: dt.date
    closed_on: dt.date | None
    published: bool = Field(description="Its disclosure is public.")
    year_in: int = Field(description="Received this year: receipts and transfers in (đồng).")
    year_out: int = Field(description="Paid out this year: disbursements and transfers out.")


class BoardSeatOut(Schema):
    user_id: int
    full_name: str
    position: BoardPosition
    starts_on: dt.date
    ends_on: dt.date | None
    current: bool = Field(description="In the seat today.")


class FlowsOut(Schema):
    received: int = Field(description="Receipts (donations, goods at their valuation).")
    transferred_in: int = Field(description="Transfers received from other levels.")
    transferred_out: int = Field(description="Transfers sent to other levels.")
    spent: int = Field(description="Disbursements.")
    balance: int = Field(description="received + transferred_in − transferred_out − spent.")


class FundDetailOut(FundOut):
    description: str
    bank_account: str = Field(description="The account for donations, as published.")
    published_at: dt.datetime | None
    board_seats: int = Field(description="Seats on the board held today.")
    board: list[BoardSeatOut]
    totals: FlowsOut = Field(description="Every entry since the fund opened, by flow.")
    may_keep: bool = Field(description="The caller records receipts, transfers, payments.")
    may_approve: bool = Field(description="The caller sits on the board today.")
    ledger_xlsx_url: str
    ledger_csv_url: str
    report_xlsx_url: str = Field(description="The periodic fund report (.xlsx).")
    report_docx_url: str = Field(description="The periodic fund report in the body's layout.")


class LedgerFilters(Schema):
    date_from: AsOfDate = Field(None, alias="from", description="Entries dated on or after.")
    date_to: AsOfDate = Field(None, alias="to", description="Entries dated on or before.")
    kind: EntryKind | None = None
    campaign: Id | None = Field(None, description="Tagged with this campaign (its id).")
    purpose: Purpose | None = None


class EntryOut(Schema):
    id: int
    seq: int = Field(description="The entry's number in the fund's ledger, without gaps.")
    kind: EntryKind
    flow: EntryKind = Field(description="The flow it counts in (a reversal: its original's).")
    amount: int = Field(description="Signed đồng: money in positive, money out negative.")
    balance_after: int
    entry_date: dt.date
    recorded_at: dt.datetime
    recorded_by: str = Field(description="The full name of who recorded it, when known.")
    method: Method | None
    in_kind_items: str
    receipt_number: str
    donor_kind: DonorKind | None
    donor_organization_id: int | None
    donor_public_name: str = Field(
        description="The donor's name only when they agreed to its publication; the name as "
        "given is never sent."
    )
    purpose: Purpose | None
    household: HouseholdRefOut | None
    beneficiary: str = Field(description="Who received it, when not a household (empty then).")
    decision_number: str
    decision_date: dt.date | None
    campaign: CampaignRefOut | None
    transfer_id: int | None
    reverses_id: int | None = Field(description="The entry this one reverses.")
    reversed: bool = Field(description="A later entry reverses this one.")
    note: str


class BalanceOut(Schema):
    fund_id: int
    as_of: dt.date
    balance: int = Field(
        description="Today: the balance the fund's row keeps with each entry; on an earlier "
        "day: the sum of the entries dated up to it."
    )
    entries: int = Field(description="Entries dated up to as_of.")
    balance_from_ledger: int = Field(
        description="The entries dated up to as_of, summed one by one: equals `balance`."
    )


class BalanceFilters(Schema):
    on: AsOfDate = Field(None, description="The balance at the end of this day; today if empty.")


class FundMonthOut(Schema):
    month: dt.date = Field(description="The month's first day.")
    flow: EntryKind
    purpose: Purpose | None
    campaign_id: int | None
    amount: int = Field(description="Signed đồng, as the entries.")
    entries: int


class MonthFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class ReceiptIn(BaseModel):
    amount: int = Field(description=AMOUNT_HELP)
    entry_date: Day = Field(description=f"The day received: {DATE_HELP}")
    method: Method
    donor_kind: DonorKind
    donor_name: str = Field("", max_length=300, description="A person's or a group's name.")
    donor_organization: Id | None = Field(None, description="A body that gave (its id).")
    publish_name: bool = Field(
        False, description="The donor agreed to be named in the public acknowledgement list."
    )
    receipt_number: str = Field("", max_length=60)
    in_kind_items: str = Field(
        "", max_length=5_000, description="For goods: what was received and its valuation."
    )
    campaign: Id | None = Field(None, description="An open campaign the gift answers (its id).")
    note: str = Field("", max_length=5_000)


class DisbursementIn(BaseModel):
    amount: int = Field(description=AMOUNT_HELP)
    purpose: Purpose
    household: Id | None = Field(
        None, description="A household on a list of the fund's area that the caller reads."
    )
    beneficiary: str = Field("", max_length=300, description="Who receives it, if not a household.")
    campaign: Id | None = Field(None, description="An open campaign it belongs to (its id).")
    decision_number: str = Field(
        "", max_length=80, description="The deciding document; needed above the threshold."
    )
    decision_date: AsOfDate = Field(None, description="yyyy-mm-dd or dd/mm/yyyy.")
    description: str = Field("", max_length=5_000)
    paid_on: AsOfDate = Field(None, description=f"The day paid; today if empty: {DATE_HELP}")
    confirm_repeat: bool = Field(
        False,
        description="The household already received help for this purpose recently and it is "
        "not a mistake.",
    )


class SupportOut(Schema):
    given_on: dt.date
    purpose: str
    amount: int | None
    given_by: str


class RequestOut(Schema):
    id: int
    fund: FundRefOut
    amount: int
    purpose: Purpose
    household: HouseholdRefOut | None
    beneficiary: str = Field(description="Who received it, when not a household (empty then).")
    campaign_id: int | None
    decision_number: str
    decision_date: dt.date | None
    description: str
    paid_on: dt.date | None
    state: RequestState = Field(description="paid at once up to the threshold; else pending.")
    requested_by: str
    requested_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    decision_note: str
    entry_id: int | None = Field(description="The ledger entry that paid it.")
    may_approve: bool = Field(description="The caller may approve or reject it now.")
    earlier: list[SupportOut] = Field(
        description="In the board's queue: what the household already received for the same "
        "purpose recently; else empty."
    )


class RequestFilters(Schema):
    awaiting_me: bool = Field(
        False, description="Only the requests waiting for the caller's approval, oldest first."
    )
    state: RequestState | None = None
    fund: Id | None = Field(None, description="Of this fund (its id).")


class DecisionIn(BaseModel):
    note: str = Field("", max_length=5_000, description="The board's note; needed to reject.")


class TransferIn(BaseModel):
    to_fund: Id = Field(description="Another level's fund of the province, or the parent's.")
    amount: int = Field(description=AMOUNT_HELP)
    sent_on: Day = Field(description=DATE_HELP)
    reference: str = Field("", max_length=120, description="Document or payment reference.")
    note: str = Field("", max_length=5_000)


class TransferOut(Schema):
    id: int
    from_fund: FundRefOut
    to_fund: FundRefOut
    amount: int
    sent_on: dt.date
    reference: str
    note: str
    state: TransferState
    reconciled_at: dt.datetime | None
    receiver_receipt_number: str


class ReconcileIn(BaseModel):
    receipt_number: str = Field("", max_length=60, description="The receiver's receipt number.")


class ReasonIn(BaseModel):
    reason: str = Field(max_length=5_000, description="Why it is reversed.")


# --- the public disclosure --------------------------------------------------------------------


class DisclosureFilters(Schema):
    province: str = Field(
        "", max_length=10, description=f"{PROVINCE_HELP} The whole country if empty."
    )


class PlaceOut(Schema):
    unit: UnitRefOut | None = Field(description="Empty: the central funds.")
    funds: int
    received: int
    spent: int
    balance: int


class PurposeOut(Schema):
    purpose: str
    label: str
    spent: int


class MonthOut(Schema):
    month: dt.date
    received: int
    spent: int


class SummaryOut(Schema):
    province: UnitRefOut | None = Field(description="Empty: the whole country, by province.")
    as_of: dt.date
    funds: int = Field(description="Published funds.")
    totals: FlowsOut = Field(
        description="Received and spent by the published funds; a transfer between levels "
        "is neither received nor spent here, but shows in the flows."
    )
    places: list[PlaceOut] = Field(description="By province (or by commune in a province).")
    purposes: list[PurposeOut]
    months: list[MonthOut] = Field(description="The last twelve months, oldest first.")


class PublicFundFilters(Schema):
    province: str = Field("", max_length=10, description=PROVINCE_HELP)
    q: str = Field("", max_length=200, description=Q_DESCRIPTION)


class PublicFundOut(Schema):
    id: int
    name: str
    kind: FundKind
    keeper: OrganizationRefOut
    province: UnitRefOut | None
    unit: UnitRefOut | None
    balance: int


class AcknowledgementOut(Schema):
    named_count: int
    named_total: int
    others_count: int = Field(description="Anonymous gifts and donors not named.")
    others_total: int
    received: int = Field(description="named_total + others_total.")


class PublicFundDetailOut(PublicFundOut):
    description: str
    bank_account: str
    as_of: dt.date
    totals: FlowsOut
    purposes: list[PurposeOut]
    months: list[MonthOut]
    acknowledgement: AcknowledgementOut
    report_xlsx_url: str
    report_docx_url: str


class DonorOut(Schema):
    name: str = Field(description="As the donor agreed to be named.")
    day: dt.date
    amount: int
    in_kind: bool


class DecisionOut(Schema):
    day: dt.date
    purpose: Purpose | None
    purpose_label: str
    amount: int
    beneficiary: str = Field(description="A household by its village and category only.")
    decision_number: str
    decision_date: dt.date | None
    campaign: str


class PublicCampaignFilters(Schema):
    q: str = Field("", max_length=200, description=Q_DESCRIPTION)


class PublicCampaignOut(Schema):
    id: int
    name: str
    kind: CampaignKind
    status: CampaignStatus
    organizer: OrganizationRefOut
    province: UnitRefOut | None
    starts_on: dt.date
    ends_on: dt.date | None
    received: int = Field(description="Received by published funds for it (đồng).")


class FundShareOut(Schema):
    fund: FundRefOut
    received: int
    spent: int


class MeasureOut(Schema):
    measure: Measure
    label: str
    target: Decimal | None
    result: Decimal


class PublicCampaignDetailOut(PublicCampaignOut):
    description: str
    criteria: str
    as_of: dt.date
    in_kind: int = Field(description="Of `received`: goods, at their valuation.")
    money: int = Field(description="Of `received`: money.")
    spent: int
    purposes: list[PurposeOut]
    funds: list[FundShareOut]
    results: list[MeasureOut] = Field(
        description="Reported results beside the targets, for what does not pass a fund."
    )


# --- campaigns (staff) ------------------------------------------------------------------------


class CampaignFilters(Schema):
    status: CampaignStatus | None = None
    kind: CampaignKind | None = None
    province: str = Field("", max_length=10, description=PROVINCE_HELP)
    q: str = Field("", max_length=200, description=Q_DESCRIPTION)


class CampaignOut(Schema):
    id: int
    name: str
    kind: CampaignKind
    status: CampaignStatus
    organizer: OrganizationRefOut
    province: UnitRefOut | None
    starts_on: dt.date
    ends_on: dt.date | None
    published: bool


class TargetOut(Schema):
    organization: OrganizationRefOut
    measure: Measure
    quantity: Decimal


class CellOut(Schema):
    measure: Measure
    unit: str
    target: Decimal | None
    done: Decimal = Field(description="Results reported and, for money and goods, receipts.")
    percent: Decimal | None = Field(description="done / target, per cent; empty without one.")


class BodyProgressOut(Schema):
    organization: OrganizationRefOut
    depth: int = Field(description="0: under no other participating body.")
    cells: list[CellOut] = Field(description="Its own and the bodies' under it, rolled up.")


class CampaignDetailOut(CampaignOut):
    description: str
    criteria: str
    bodies: list[OrganizationRefOut] = Field(description="The participating bodies.")
    targets: list[TargetOut]
    progress: list[BodyProgressOut] = Field(description="Per body, depth first.")
    total: list[CellOut] = Field(description="The whole campaign.")
    may_manage: bool
    may_report: bool
    reporting_bodies: list[OrganizationRefOut] = Field(
        description="The bodies the caller may report results for."
    )


class ResultIn(BaseModel):
    organization: Id = Field(description="The participating body the result is for (its id).")
    measure: Measure
    quantity: Decimal = Field(
        max_digits=18, decimal_places=2, description="In the measure's unit (m², km, days…)."
    )
    achieved_on: Day = Field(description=DATE_HELP)
    note: str = Field("", max_length=5_000)


class ResultOut(Schema):
    id: int
    organization: OrganizationRefOut
    measure: Measure
    quantity: Decimal
    achieved_on: dt.date
    note: str
    corrects_id: int | None = Field(description="The result this row cancels (a correction).")
    evidence_url: str | None = Field(description="The evidence file, for those who read it.")
    reported_by: str
    reported_at: dt.datetime


class ResultFilters(Schema):
    organization: Id | None = Field(None, description="Reported for this body (its id).")
    measure: Measure | None = None
