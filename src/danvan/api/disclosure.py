"""The public disclosure of funds and campaigns (công khai) over HTTP: no sign-in.

What is public is `danvan.campaigns.selectors.disclosure`'s, as on the public pages: published
funds and campaigns only (an unpublished one is answered 404, as if it did not exist); totals
from the funds' month sums, which add up to their ledgers to the đồng; donors only by the name
they agreed to publish; the disbursement decisions with a household only by its village and
category, never its name.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.pagination import paginate

from danvan.campaigns.models import Campaign, Fund, LedgerEntry
from danvan.campaigns.selectors import disclosure as select
from danvan.org.models import AdminUnit

from .funds import Rows, org_ref, unit_ref
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.campaigns import (
    DecisionOut,
    DisclosureFilters,
    DonorOut,
    PublicCampaignDetailOut,
    PublicCampaignFilters,
    PublicCampaignOut,
    PublicFundDetailOut,
    PublicFundFilters,
    PublicFundOut,
    SummaryOut,
)

router = Router(tags=["disclosure"])

ONE = {404: ErrorOut, 422: ErrorOut}


def _province(code: str) -> AdminUnit | None:
    """A province in force by its code (an unknown one is 404); None for the country."""
    return select.province_by_code(code) if code.strip() else None


def _flows(flows: select.Flows) -> dict[str, int]:
    return {
        "received": flows.received,
        "transferred_in": flows.transferred_in,
        "transferred_out": flows.transferred_out,
        "spent": flows.spent,
        "balance": flows.balance,
    }


def _purposes(rows: list[select.PurposeRow]) -> list[dict[str, Any]]:
    return [{"purpose": p.purpose, "label": p.label, "spent": p.spent} for p in rows]


def _months(rows: list[select.MonthRow]) -> list[dict[str, Any]]:
    return [{"month": m.month, "received": m.flows.received, "spent": m.flows.spent} for m in rows]


def _fund(fund: Fund) -> dict[str, Any]:
    return {
        "id": fund.pk,
        "name": fund.name,
        "kind": fund.kind,
        "keeper": org_ref(fund.keeper),
        "province": unit_ref(fund.province),
        "unit": unit_ref(fund.unit),
        "balance": fund.balance,
    }


# --- Funds ----------------------------------------------------------------------------------


@router.get(
    "/funds",
    response={200: SummaryOut, **ONE},
    summary="The published funds' money: the country's by province, or one province's by "
    "commune; by purpose and by month",
    description=(
        "Received counts receipts only: a transfer between levels moves money the Front "
        "already holds. A reversed receipt or payment nets to zero."
    ),
    operation_id="get_disclosure_summary",
)
def summary(request: HttpRequest, filters: Query[DisclosureFilters]) -> dict[str, Any]:
    found = select.summary(province=_province(filters.province))
    return {
        "province": unit_ref(found.province),
        "as_of": found.as_of,
        "funds": found.funds,
        "totals": _flows(found.totals),
        "places": [
            {
                "unit": unit_ref(p.unit),
                "funds": p.funds,
                "received": p.flows.received,
                "spent": p.flows.spent,
                "balance": p.flows.balance,
            }
            for p in found.places
        ],
        "purposes": _purposes(found.purposes),
        "months": _months(found.months),
    }


# Before /funds/{fund_id}: the paths are matched in order.
@router.get(
    "/funds/list",
    response={200: list[PublicFundOut], **ONE},
    summary="The published funds, by name",
    operation_id="list_disclosed_funds",
)
@paginate(Page)
def list_funds(request: HttpRequest, filters: Query[PublicFundFilters]) -> Any:
    funds = select.funds(province=_province(filters.province)).order_by("name", "pk")
    q = filters.q.strip()
    if not q:
        return Rows(funds, _fund)
    ids = select.search_funds(funds, q)

    def page(window: list[Any]) -> None:
        found = funds.in_bulk(window)
        window[:] = [found[pk] for pk in window if pk in found]

    return Rows(ids, _fund, page)


def _report_urls(fund: Fund) -> dict[str, str]:
    return {
        "report_xlsx_url": reverse("campaigns_public:fund_report_xlsx", args=[fund.pk]),
        "report_docx_url": reverse("campaigns_public:fund_report_docx", args=[fund.pk]),
    }


@router.get(
    "/funds/{fund_id}",
    response={200: PublicFundDetailOut, **ONE},
    summary="A published fund's disclosure: totals, by purpose, by month, and the donors' "
    "acknowledgement in sum",
    operation_id="get_disclosed_fund",
)
def get_fund(request: HttpRequest, fund_id: Id) -> dict[str, Any]:
    fund = select.published_fund(fund_id)
    found = select.fund_summary(fund)
    thanks = select.acknowledgement(fund, found.totals.received)
    return {
        **_fund(fund),
        "description": fund.description,
        "bank_account": fund.bank_account,
        "as_of": found.as_of,
        "totals": _flows(found.totals),
        "purposes": _purposes(found.purposes),
        "months": _months(found.months),
        "acknowledgement": {
            "named_count": thanks.named_count,
            "named_total": thanks.named_total,
            "others_count": thanks.others_count,
            "others_total": thanks.others_total,
            "received": thanks.received,
        },
        **_report_urls(fund),
    }


@router.get(
    "/funds/{fund_id}/donors",
    response={200: list[DonorOut], **ONE},
    summary="A published fund's acknowledgement list: the donors who agreed to be named, "
    "newest first",
    description="Anonymous gifts and donors who did not agree appear only in the fund's sums.",
    operation_id="list_disclosed_fund_donors",
)
@paginate(Page)
def fund_donors(request: HttpRequest, fund_id: Id) -> Any:
    fund = select.published_fund(fund_id)

    def public(page: list[Any]) -> None:
        page[:] = select.donors(page)

    return Rows(select.named_donors(fund), _donor, public)


def _donor(donor: select.Donor) -> dict[str, Any]:
    return {"name": donor.name, "day": donor.day, "amount": donor.amount, "in_kind": donor.in_kind}


@router.get(
    "/funds/{fund_id}/disbursements",
    response={200: list[DecisionOut], **ONE},
    summary="A published fund's disbursement decisions that stand, newest first",
    description="A household appears by its village and category, never by name.",
    operation_id="list_disclosed_fund_disbursements",
)
@paginate(Page)
def fund_disbursements(request: HttpRequest, fund_id: Id) -> Any:
    fund = select.published_fund(fund_id)

    def public(page: list[Any]) -> None:
        page[:] = zip(page, select.decisions(page), strict=True)

    return Rows(select.decision_entries(fund), _decision, public)


def _decision(pair: tuple[LedgerEntry, select.Decision]) -> dict[str, Any]:
    entry, decision = pair
    return {
        "day": decision.day,
        "purpose": entry.purpose or None,
        "purpose_label": decision.purpose,
        "amount": decision.amount,
        "beneficiary": decision.beneficiary,
        "decision_number": decision.decision_number,
        "decision_date": decision.decision_date,
        "campaign": decision.campaign,
    }


# --- Campaigns ------------------------------------------------------------------------------


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "kind": campaign.kind,
        "status": campaign.status,
        "organizer": org_ref(campaign.organizer),
        "province": unit_ref(campaign.province),
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "received": getattr(campaign, "received", 0),
    }


def _with_received(page: list[Campaign]) -> None:
    received = select.received_by_campaign([c.pk for c in page])
    for campaign in page:
        campaign.received = received.get(campaign.pk, 0)  # type: ignore[attr-defined]


@router.get(
    "/campaigns",
    response={200: list[PublicCampaignOut], 422: ErrorOut},
    summary="The published campaigns, latest first, with what published funds received for each",
    operation_id="list_disclosed_campaigns",
)
@paginate(Page)
def list_campaigns(request: HttpRequest, filters: Query[PublicCampaignFilters]) -> Any:
    return Rows(select.campaigns(filters.q.strip()), _campaign, _with_received)


@router.get(
    "/campaigns/{campaign_id}",
    response={200: PublicCampaignDetailOut, **ONE},
    summary="A published campaign: received (money and goods), spent by purpose, the funds "
    "that took part, and the results reported beside the targets",
    operation_id="get_disclosed_campaign",
)
def get_campaign(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    campaign = select.published_campaign(campaign_id)
    found = select.campaign_summary(campaign)
    campaign.received = found.received  # type: ignore[attr-defined]
    return {
        **_campaign(campaign),
        "description": campaign.description,
        "criteria": campaign.criteria,
        "as_of": found.as_of,
        "in_kind": found.in_kind,
        "money": found.money,
        "spent": found.spent,
        "purposes": _purposes(found.purposes),
        "funds": [
            {
                "fund": {"id": s.fund.pk, "name": s.fund.name},
                "received": s.received,
                "spent": s.spent,
            }
            for s in found.funds
        ],
        "results": [
            {"measure": r.measure, "label": r.label, "target": r.target, "result": r.result}
            for r in found.results
        ],
    }
