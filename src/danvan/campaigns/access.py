"""Who may see and do what with campaigns, funds, households and community teams: decided
here only, from current assignments (`danvan.accounts.scopes`). Every view, endpoint, export,
admin page and task reaches these records through the accessors below; rules.py asks `may_*`.

- A fund is kept by its keeping body's own officers and leaders (a grant held at that body):
  they record receipts, transfers and disbursements. The staff whose grants cover the keeper
  read its ledger (a commune's own; the province its subtree; the centre everything). A seat
  on the fund's board today (with a current assignment anywhere) approves disbursements above
  the threshold. The public sees published funds' disclosure only (selectors.disclosure).
- A campaign is managed by its organizer's own officers and leaders; a participating body's
  own people report its results; staff covering the organizer or a participating body read it.
- A household list is kept by its keeping body's own officers and leaders, who alone read the
  personal data (services.households logs each reading). Staff covering the keeper see the
  list without personal data: codes, categories, villages and what was given.
- A community team is managed by the body that set it up; staff covering that body read it.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.lib.dates import today
from danvan.org.models import Organization

from .models import (
    BoardMember,
    Campaign,
    CampaignBody,
    CampaignStatus,
    CommunityTeam,
    DisbursementRequest,
    Fund,
    Household,
    Transfer,
)

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})


class Action(enum.StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # keep a fund, manage a campaign, a list, a team
    REPORT = "report"  # report a campaign's results for one's own body
    APPROVE = "approve"  # approve a disbursement (the fund's board)
    PERSONAL = "personal"  # read households' personal data


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _superuser(user: Any) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


def is_staff(user: Any) -> bool:
    return _active(user) and scopes.has_role(user, STAFF_ROLES)


def keeps(user: Any, body: Organization | None) -> bool:
    """One of the body's own officers or leaders."""
    return _active(user) and scopes.holds(user, body, WRITER_ROLES)


def reads(user: Any, body: Organization | None) -> bool:
    return _active(user) and scopes.covers(user, body, STAFF_ROLES)


def writes_anywhere(user: Any) -> bool:
    """Whether the user keeps some body's records (the "new" buttons): no query."""
    return _superuser(user) or bool(_active(user) and scopes.held_ids(user, WRITER_ROLES))


def _readable(user: Any, *, province: str, body: str) -> Q | None:
    if not _active(user):
        return None
    return scopes.columns_q(user, STAFF_ROLES, province=province, body=body)


def _held(user: Any, field: str) -> Q | None:
    if _superuser(user):
        return Q()
    if not _active(user):
        return None
    held = scopes.held_ids(user, WRITER_ROLES)
    if not held:
        return None
    bodies = set(held) | set(
        Organization.objects.filter(current_id__in=held).values_list("pk", flat=True)
    )
    return Q(**{f"{field}__in": sorted(bodies)})


# ---- funds -------------------------------------------------------------------------------


def on_board(user: Any, fund: Fund) -> bool:
    """A seat on the fund's board today, held by a user with a current assignment."""
    if not is_staff(user):
        return False
    day = today()
    return (
        BoardMember.objects.filter(fund=fund, user=user, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .exists()
    )


def may_fund(user: Any, fund: Fund, action: str) -> bool:
    if action == Action.VIEW:
        return reads(user, fund.keeper) or on_board(user, fund)
    if action == Action.MANAGE:
        return keeps(user, fund.keeper)
    if action == Action.APPROVE:
        return on_board(user, fund)
    return False


def funds_for(user: Any) -> QuerySet[Fund]:
    """The funds whose ledgers the user reads."""
    q = _readable(user, province="province_id", body="keeper_id")
    seats = Q(
        pk__in=BoardMember.objects.filter(user_id=getattr(user, "pk", None) or 0).values("fund_id")
    )
    if q is None:
        return Fund.objects.filter(seats) if is_staff(user) else Fund.objects.none()
    if not q:  # an empty filter is everything (an empty Q would vanish in the OR below)
        return Fund.objects.all()
    return Fund.objects.filter(q | seats)


def funds_kept_by(user: Any) -> QuerySet[Fund]:
    q = _held(user, "keeper_id")
    return Fund.objects.none() if q is None else Fund.objects.filter(q)


def get_fund(user: Any, pk: int, action: str = Action.VIEW) -> Fund:
    return fetch_allowed(
        Fund.objects.select_related("keeper", "province", "unit"),
        lambda f: may_fund(user, f, action),
        pk=pk,
    )


def requests_for(user: Any) -> QuerySet[DisbursementRequest]:
    return DisbursementRequest.objects.filter(fund__in=funds_for(user).values("pk"))


def get_request(user: Any, pk: int, action: str = Action.VIEW) -> DisbursementRequest:
    return fetch_allowed(
        DisbursementRequest.objects.select_related("fund__keeper", "household"),
        lambda r: may_fund(user, r.fund, action),
        pk=pk,
    )


def may_transfer(user: Any, transfer: Transfer, action: str) -> bool:
    """Read: either side's readers; send or reverse: the sender's keepers; reconcile: the
    receiver's keepers."""
    if action == Action.VIEW:
        return may_fund(user, transfer.from_fund, action) or may_fund(
            user, transfer.to_fund, action
        )
    if action == Action.MANAGE:
        return keeps(user, transfer.from_fund.keeper)
    if action == Action.REPORT:  # reconcile on arrival
        return keeps(user, transfer.to_fund.keeper)
    return False


def get_transfer(user: Any, pk: int, action: str = Action.VIEW) -> Transfer:
    return fetch_allowed(
        Transfer.objects.select_related("from_fund__keeper", "to_fund__keeper"),
        lambda t: may_transfer(user, t, action),
        pk=pk,
    )


# ---- campaigns ---------------------------------------------------------------------------


def may_campaign(
    user: Any, campaign: Campaign, action: str, body: Organization | None = None
) -> bool:
    if action == Action.VIEW:
        if reads(user, campaign.organizer):
            return True
        return campaign.status != CampaignStatus.DRAFT and any(
            reads(user, b.organization) for b in participating_bodies(campaign)
        )
    if action == Action.MANAGE:
        return keeps(user, campaign.organizer)
    if action == Action.REPORT:
        if campaign.status != CampaignStatus.OPEN:
            return False
        if keeps(user, campaign.organizer):
            return True
        if body is None:
            return any(keeps(user, b.organization) for b in participating_bodies(campaign))
        return keeps(user, body) and any(
            b.organization_id == body.pk for b in participating_bodies(campaign)
        )
    return False


def participating_bodies(campaign: Campaign) -> list[CampaignBody]:
    """The campaign's bodies, read once per campaign object (services.set_bodies forgets)."""
    cached = getattr(campaign, "_bodies_cache", None)
    if cached is None:
        cached = list(campaign.bodies.select_related("organization"))
        campaign._bodies_cache = cached  # type: ignore[attr-defined]
    return cached


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """The campaigns the user reads: organized by a body they cover, or open to one."""
    organizer = _readable(user, province="province_id", body="organizer_id")
    body_q = _readable(user, province="organization__province_id", body="organization_id")
    if organizer is None and body_q is None:
        return Campaign.objects.none()
    if organizer is not None and not organizer:  # everything
        return Campaign.objects.all()
    q = organizer if organizer is not None else Q(pk__in=[])
    if body_q is not None:
        taking_part = CampaignBody.objects.filter(body_q).values("campaign_id")
        q = q | (Q(pk__in=taking_part) & ~Q(status=CampaignStatus.DRAFT))
    return Campaign.objects.filter(q)


def get_campaign(user: Any, pk: int, action: str = Action.VIEW) -> Campaign:
    return fetch_allowed(
        Campaign.objects.select_related("organizer", "province", "movement"),
        lambda c: may_campaign(user, c, action),
        pk=pk,
    )


# ---- households --------------------------------------------------------------------------


def may_household_list(user: Any, keeper: Organization, action: str) -> bool:
    if action == Action.VIEW:
        return reads(user, keeper)
    if action in (Action.MANAGE, Action.PERSONAL):
        return keeps(user, keeper)
    return False


def may_household(user: Any, household: Household, action: str) -> bool:
    return may_household_list(user, household.keeper, action)


def households_for(user: Any) -> QuerySet[Household]:
    q = _readable(user, province="province_id", body="keeper_id")
    return Household.objects.none() if q is None else Household.objects.filter(q)


def households_kept_by(user: Any) -> QuerySet[Household]:
    q = _held(user, "keeper_id")
    return Household.objects.none() if q is None else Household.objects.filter(q)


def get_household(user: Any, pk: int, action: str = Action.VIEW) -> Household:
    return fetch_allowed(
        Household.objects.select_related("keeper", "commune"),
        lambda h: may_household(user, h, action),
        pk=pk,
    )


def list_keepers_for(user: Any) -> QuerySet[Organization]:
    """The bodies whose household lists the user keeps (import, add)."""
    q = _held(user, "pk")
    return Organization.objects.none() if q is None else Organization.objects.filter(q)


# ---- community teams ---------------------------------------------------------------------


def may_team(user: Any, team: CommunityTeam, action: str) -> bool:
    if action == Action.VIEW:
        return reads(user, team.organization)
    if action == Action.MANAGE:
        return keeps(user, team.organization)
    return False


def teams_for(user: Any) -> QuerySet[CommunityTeam]:
    q = _readable(user, province="province_id", body="organization_id")
    return CommunityTeam.objects.none() if q is None else CommunityTeam.objects.filter(q)


def get_team(user: Any, pk: int, action: str = Action.VIEW) -> CommunityTeam:
    return fetch_allowed(
        CommunityTeam.objects.select_related("organization", "commune"),
        lambda t: may_team(user, t, action),
        pk=pk,
    )


# ---- the public --------------------------------------------------------------------------


def published_funds() -> QuerySet[Fund]:
    return Fund.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())


def published_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        published_at__isnull=False, published_at__lte=timezone.now()
    ).exclude(status=CampaignStatus.DRAFT)
