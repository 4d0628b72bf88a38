"""Campaigns (cuộc vận động) over HTTP (staff only): the campaigns the caller reads, one with
its participating bodies, targets and progress rolled up the levels, its results, and
reporting a result for a participating body.

Who sees and does what is decided by `danvan.campaigns.access` and the campaign services only:
a campaign the caller does not read is answered 404, as if it did not exist; one they read but
may not report on, 403; a refusal of the service (a closed campaign, a measure counted from
the funds' ledgers), 400 beside its field. Money and goods are never reported here: they are
the receipts tagged with the campaign in the funds' ledgers.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.campaigns import access
from danvan.campaigns.models import Campaign, Result
from danvan.campaigns.selectors import campaigns as select
from danvan.campaigns.services import campaigns as services
from danvan.org.models import AdminUnit, Organization

from .auth import AUTHENTICATED, staff_user
from .errors import refused
from .funds import Rows, full_name, idempotency_key, key_error_at, org_ref, unit_ref, unseen
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.campaigns import (
    IDEMPOTENCY_HELP,
    CampaignDetailOut,
    CampaignFilters,
    CampaignOut,
    ResultFilters,
    ResultIn,
    ResultOut,
)

router = Router(tags=["campaigns"])

A = access.Action

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, **READ}


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "campaigns.use")


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
        "published": campaign.published_at is not None,
    }


def _cells(row: select.BodyRow, measures: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "measure": m,
            "unit": str(select.unit_of(m)),
            "target": row.cell(m).target,
            "done": row.cell(m).achieved,
            "percent": row.cell(m).percent,
        }
        for m in measures
    ]


def _result(result: Result) -> dict[str, Any]:
    return {
        "id": result.pk,
        "organization": org_ref(result.organization),
        "measure": result.measure,
        "quantity": result.quantity,
        "achieved_on": result.achieved_on,
        "note": result.note,
        "corrects_id": result.corrects_id,
        "evidence_url": reverse("campaigns:campaign_evidence", args=[result.pk])
        if result.evidence
        else None,
        "reported_by": full_name(result.reported_by),
        "reported_at": result.reported_at,
    }


@router.get(
    "",
    response={200: list[CampaignOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The campaigns the caller reads (organized by a body they cover, or open to one "
    "taking part), latest first",
    operation_id="list_campaigns",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_campaigns(request: HttpRequest, filters: Query[CampaignFilters]) -> Any:
    user = _staff(request)
    province = None
    if filters.province.strip():
        province = (
            AdminUnit.objects.current().provinces().filter(code=filters.province.strip()).first()
        )
        if province is None:
            return []
    rows = select.campaigns(
        user,
        select.CampaignFilters(
            q=filters.q.strip(),
            status=filters.status or "",
            kind=filters.kind or "",
            province=province,
        ),
    )
    return Rows(rows.select_related("organizer", "province"), _campaign)


@router.get(
    "/{campaign_id}",
    response={200: CampaignDetailOut, **READ},
    summary="One campaign: its participating bodies, targets, and progress against them per "
    "body, rolled up the levels",
    description=(
        "A body's progress counts what it and every body under it achieved: the results "
        "reported, and for money and goods the receipts tagged with the campaign in the funds "
        "they keep."
    ),
    operation_id="get_campaign",
    auth=AUTHENTICATED,
)
def get_campaign(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    user = _staff(request)
    campaign: Campaign = unseen(access.get_campaign, user, campaign_id)
    progress = select.rollup(campaign)
    measures = progress.measures
    targets = campaign.targets.select_related("organization").order_by(
        "organization__name", "measure", "pk"
    )
    return {
        **_campaign(campaign),
        "description": campaign.description,
        "criteria": campaign.criteria,
        "bodies": [org_ref(o) for o in select.participating(campaign)],
        "targets": [
            {"organization": org_ref(t.organization), "measure": t.measure, "quantity": t.quantity}
            for t in targets
        ],
        "progress": [
            {
                "organization": org_ref(row.organization),
                "depth": row.depth,
                "cells": _cells(row, measures),
            }
            for row in progress.rows
        ],
        "total": _cells(progress.total, measures),
        "may_manage": access.may_campaign(user, campaign, A.MANAGE),
        "may_report": access.may_campaign(user, campaign, A.REPORT),
        "reporting_bodies": [org_ref(o) for o in select.reporting_bodies(user, campaign)],
    }


@router.get(
    "/{campaign_id}/results",
    response={200: list[ResultOut], **READ},
    summary="The results reported for a campaign, latest reported first",
    description="A correction is a row with the opposite quantity (`corrects_id` set).",
    operation_id="list_campaign_results",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_results(request: HttpRequest, campaign_id: Id, filters: Query[ResultFilters]) -> Any:
    user = _staff(request)
    campaign = unseen(access.get_campaign, user, campaign_id)
    rows = Result.objects.filter(campaign=campaign).select_related("organization", "reported_by")
    if filters.organization:
        rows = rows.filter(organization_id=filters.organization)
    if filters.measure:
        rows = rows.filter(measure=filters.measure)
    return Rows(rows.order_by("-reported_at", "-pk"), _result)


@router.post(
    "/{campaign_id}/results",
    response={200: ResultOut, 201: ResultOut, **WRITE},
    summary="Report what a participating body achieved (land, labour days, houses, km of "
    "road, households helped)",
    description=(
        "By the body's own officers and leaders, or the organizer's, while the campaign is "
        "under way. Money and goods are not reported: they are the funds' receipts tagged "
        "with the campaign. Evidence files are attached on the web page. "
        + IDEMPOTENCY_HELP
        + " A campaign the caller does not read is answered 404; one they read but may not "
        "report on, 403; a refusal, 400 beside its field."
    ),
    operation_id="report_campaign_result",
    auth=AUTHENTICATED,
)
def report_result(request: HttpRequest, campaign_id: Id, payload: ResultIn) -> Any:
    user = _staff(request)
    campaign: Campaign = unseen(access.get_campaign, user, campaign_id)
    try:
        key = idempotency_key(request, user)
        body = Organization.objects.filter(pk=payload.organization).first()
        if body is None:
            raise ValidationError(
                {"organization": _("This body does not take part in the campaign.")}
            )
        again = bool(key) and Result.objects.filter(campaign=campaign, idempotency_key=key).exists()
        result = services.report_result(
            actor=user,
            campaign=campaign,
            organization=body,
            measure=payload.measure,
            quantity=Decimal(payload.quantity),
            achieved_on=payload.achieved_on,
            note=payload.note,
            idempotency_key=key,
        )
    except ValidationError as error:
        return refused(error, where=key_error_at)
    found = Result.objects.select_related("organization", "reported_by").get(pk=result.pk)
    return Status(200 if again else 201, _result(found))
