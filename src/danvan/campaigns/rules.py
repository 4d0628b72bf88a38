"""Who may do what with campaigns, funds, households and teams (django-rules), each answered
by access.py."""

from __future__ import annotations

from typing import Any

import rules

from . import access
from .models import (
    Campaign,
    CommunityTeam,
    DisbursementRequest,
    Fund,
    Household,
    LedgerEntry,
    Transfer,
)

A = access.Action


def _listing(check: rules.Predicate) -> rules.Predicate:
    """The admin asks with no object for its lists (narrowed by the accessors)."""
    return rules.Predicate(
        lambda user, obj=None: access.is_staff(user) if obj is None else check(user, obj),
        name=f"listing_{check.name}",
    )


@rules.predicate
def may_use(user: Any) -> bool:
    return access.is_staff(user)  # the menu: no query beyond the user's grants


@rules.predicate
def may_create(user: Any) -> bool:
    return access.writes_anywhere(user)


@rules.predicate
def may_view_fund(user: Any, fund: Fund | None = None) -> bool:
    return fund is not None and access.may_fund(user, fund, A.VIEW)


@rules.predicate
def may_keep_fund(user: Any, fund: Fund | None = None) -> bool:
    return fund is not None and access.may_fund(user, fund, A.MANAGE)


@rules.predicate
def may_approve(user: Any, fund: Fund | None = None) -> bool:
    return fund is not None and access.may_fund(user, fund, A.APPROVE)


@rules.predicate
def may_view_campaign(user: Any, campaign: Campaign | None = None) -> bool:
    return campaign is not None and access.may_campaign(user, campaign, A.VIEW)


@rules.predicate
def may_manage_campaign(user: Any, campaign: Campaign | None = None) -> bool:
    return campaign is not None and access.may_campaign(user, campaign, A.MANAGE)


@rules.predicate
def may_report_campaign(user: Any, campaign: Campaign | None = None) -> bool:
    return campaign is not None and access.may_campaign(user, campaign, A.REPORT)


@rules.predicate
def may_view_household(user: Any, household: Household | None = None) -> bool:
    return household is not None and access.may_household(user, household, A.VIEW)


@rules.predicate
def may_manage_household(user: Any, household: Household | None = None) -> bool:
    return household is not None and access.may_household(user, household, A.MANAGE)


@rules.predicate
def may_read_personal(user: Any, household: Household | None = None) -> bool:
    return household is not None and access.may_household(user, household, A.PERSONAL)


@rules.predicate
def may_view_team(user: Any, team: CommunityTeam | None = None) -> bool:
    return team is not None and access.may_team(user, team, A.VIEW)


@rules.predicate
def may_manage_team(user: Any, team: CommunityTeam | None = None) -> bool:
    return team is not None and access.may_team(user, team, A.MANAGE)


rules.add_perm("campaigns.use", may_use)
rules.add_perm("campaigns.create", may_create)
rules.add_perm("campaigns.view_fund", _listing(may_view_fund))
rules.add_perm("campaigns.keep_fund", may_keep_fund)
rules.add_perm("campaigns.approve_disbursement", may_approve)
rules.add_perm("campaigns.view_campaign", _listing(may_view_campaign))
rules.add_perm("campaigns.manage_campaign", may_manage_campaign)
rules.add_perm("campaigns.report_campaign", may_report_campaign)
rules.add_perm("campaigns.view_household", may_view_household)
rules.add_perm("campaigns.manage_household", may_manage_household)
rules.add_perm("campaigns.read_personal", may_read_personal)
rules.add_perm("campaigns.view_team", may_view_team)
rules.add_perm("campaigns.manage_team", may_manage_team)


@rules.predicate
def may_view_entry(user: Any, entry: LedgerEntry | None = None) -> bool:
    if entry is None:
        return access.is_staff(user)
    return access.may_fund(user, entry.fund, A.VIEW)


@rules.predicate
def may_view_transfer(user: Any, transfer: Transfer | None = None) -> bool:
    if transfer is None:
        return access.is_staff(user)
    return access.may_transfer(user, transfer, A.VIEW)


@rules.predicate
def may_view_request(user: Any, request: DisbursementRequest | None = None) -> bool:
    if request is None:
        return access.is_staff(user)
    return access.may_fund(user, request.fund, A.VIEW)


# The admin's read-only pages ask Django's own permission names.
rules.add_perm("campaigns.view_ledgerentry", may_view_entry)
rules.add_perm("campaigns.view_transfer", may_view_transfer)
rules.add_perm("campaigns.view_disbursementrequest", may_view_request)
rules.add_perm("campaigns.view_communityteam", _listing(may_view_team))
# The admin site's app list asks for the app itself.
rules.add_perm("campaigns", may_use)
