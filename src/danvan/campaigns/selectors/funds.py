"""What the officers' fund pages read: the funds a user sees, a fund's ledger, its months,
its open requests and transfers, its board, and a board member's approvals queue.

Which funds and requests a user sees is access.py's; this module only narrows and adds up.
Year and month sums come from `FundMonth` (kept with each entry), never from scanning the
ledger: a fund list over a province stays a handful of queries however long the ledgers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from danvan.lib.charts import Chart, Series
from danvan.lib.dates import format_vn_date, today
from danvan.lib.search import matching_all
from danvan.org.selectors import organization_subtree

from .. import access
from ..models import (
    INFLOWS,
    BoardMember,
    DisbursementRequest,
    DonorKind,
    EntryKind,
    Fund,
    FundMonth,
    LedgerEntry,
    RequestState,
    Transfer,
    TransferState,
)
from ..services import ledger

OUTFLOWS = frozenset({EntryKind.DISBURSEMENT, EntryKind.TRANSFER_OUT})
CHART_MONTHS = 12
# A queue longer than this is not read on one page; the rest wait for the next visit.
QUEUE_LIMIT = 100


# ---- the list of funds ---------------------------------------------------------------------


@dataclass(frozen=True)
class FundFilters:
    kind: str = ""
    province: int | None = None
    level: str = ""
    q: str = ""
    org: int | None = None  # a body and those under it (the records behind a figure)


def funds(user: Any, filters: FundFilters | None = None) -> QuerySet[Fund]:
    filters = filters or FundFilters()
    rows = access.funds_for(user)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.province:
        rows = rows.filter(province_id=filters.province)
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.org:
        rows = rows.filter(keeper_id__in=organization_subtree(filters.org))
    rows = matching_all(rows, filters.q)
    return rows.select_related("keeper", "province").order_by("name", "pk")


def _year(day: dt.date | None = None) -> tuple[dt.date, dt.date]:
    day = day or today()
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 1)


def year_flows(fund_ids: list[int] | QuerySet[Any]) -> dict[int, tuple[int, int]]:
    """Per fund: money in and money out this year (đồng, both positive), from the months."""
    first, last = _year()
    rows = (
        FundMonth.objects.filter(fund_id__in=fund_ids, month__gte=first, month__lte=last)
        .values("fund_id", "flow")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sums: dict[int, list[int]] = {}
    for row in rows:
        pair = sums.setdefault(row["fund_id"], [0, 0])
        if row["flow"] in INFLOWS:
            pair[0] += int(row["total"] or 0)
        elif row["flow"] in OUTFLOWS:
            pair[1] -= int(row["total"] or 0)
    return {pk: (i, o) for pk, (i, o) in sums.items()}


def with_year_flows(funds_page: list[Fund]) -> list[Fund]:
    flows = year_flows([f.pk for f in funds_page])
    for fund in funds_page:
        fund.year_in, fund.year_out = flows.get(fund.pk, (0, 0))  # type: ignore[attr-defined]
    return funds_page


@dataclass(frozen=True)
class ListTotals:
    funds: int
    balance: int
    year_in: int
    year_out: int


def totals(rows: QuerySet[Fund]) -> ListTotals:
    """The cards above the list: every fund the filters keep, not only the page's."""
    head = rows.order_by().aggregate(n=Count("pk"), balance=Sum("balance"))
    first, last = _year()
    months = (
        FundMonth.objects.filter(
            fund_id__in=rows.order_by().values("pk"), month__gte=first, month__lte=last
        )
        .order_by()
        .aggregate(
            year_in=Sum("amount", filter=Q(flow__in=INFLOWS)),
            year_out=Sum("amount", filter=Q(flow__in=OUTFLOWS)),
        )
    )
    return ListTotals(
        funds=int(head["n"] or 0),
        balance=int(head["balance"] or 0),
        year_in=int(months["year_in"] or 0),
        year_out=-int(months["year_out"] or 0),
    )


# ---- one fund's ledger ---------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFilters:
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    campaign: int | None = None
    purpose: str = ""


def entries(fund: Fund, filters: LedgerFilters | None = None) -> QuerySet[LedgerEntry]:
    """The fund's entries, newest first, on the fund's own indexes (seq; fund and date)."""
    filters = filters or LedgerFilters()
    rows = LedgerEntry.objects.filter(fund=fund)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.date_from:
        rows = rows.filter(entry_date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(entry_date__lte=filters.date_to)
    if filters.campaign:
        rows = rows.filter(campaign_id=filters.campaign)
    if filters.purpose:
        rows = rows.filter(purpose=filters.purpose)
    return rows.select_related("household", "recorded_by", "campaign", "reverses").order_by("-seq")


def with_reversed(page: list[LedgerEntry]) -> list[LedgerEntry]:
    """Marks the entries of a page already reversed (one query for the page)."""
    done = set(
        LedgerEntry.objects.filter(reverses_id__in=[e.pk for e in page]).values_list(
            "reverses_id", flat=True
        )
    )
    for entry in page:
        entry.is_reversed = entry.pk in done  # type: ignore[attr-defined]
    return page


def donor_label(entry: LedgerEntry) -> str:
    """Who gave, as a reader of the ledger may see it: the name only when the donor agreed
    to its publication; the name as given stays encrypted (services.ledger.donor_name)."""
    if entry.kind != EntryKind.RECEIPT:
        return ""
    if entry.donor_kind == DonorKind.ANONYMOUS:
        return _("Anonymous")
    return entry.donor_public_name or _("Name not published")


def _months_back(day: dt.date, count: int) -> list[dt.date]:
    year, month = day.year, day.month
    out = []
    for _i in range(count):
        out.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def month_chart(fund: Fund, *, months: int = CHART_MONTHS) -> Chart:
    """Money in and out of the fund by month over the last `months` months."""
    day = today()
    keys = _months_back(day, months)
    rows = (
        FundMonth.objects.filter(fund=fund, month__gte=keys[0], month__lte=keys[-1])
        .values("month", "flow")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    money_in = dict.fromkeys(keys, 0)
    money_out = dict.fromkeys(keys, 0)
    for row in rows:
        if row["flow"] in INFLOWS:
            money_in[row["month"]] += int(row["total"] or 0)
        elif row["flow"] in OUTFLOWS:
            money_out[row["month"]] -= int(row["total"] or 0)
    return Chart(
        key="fund-months",
        kind="bar",
        title=_("Money in and out by month (đồng)"),
        caption=_("%(fund)s, to %(day)s") % {"fund": fund.name, "day": format_vn_date(day)},
        labels=[f"{m:%m/%Y}" for m in keys],
        series=[
            Series(_("Money in"), [money_in[m] for m in keys]),
            Series(_("Money out"), [money_out[m] for m in keys]),
        ],
        colors=["#009E73", "#D55E00"],
    )


def pending_requests(fund: Fund) -> list[DisbursementRequest]:
    return list(
        fund.requests.filter(state=RequestState.PENDING)
        .select_related("household", "requested_by", "campaign")
        .order_by("requested_at", "pk")[:QUEUE_LIMIT]
    )


def incoming_transfers(fund: Fund) -> list[Transfer]:
    """Money sent to the fund that its keepers have not yet reconciled."""
    return list(
        Transfer.objects.filter(to_fund=fund, state=TransferState.SENT)
        .select_related("from_fund", "sent_by")
        .order_by("sent_on", "pk")[:QUEUE_LIMIT]
    )


def outgoing_transfers(fund: Fund) -> list[Transfer]:
    """Money the fund sent that the receiver has not yet reconciled (still reversible)."""
    return list(
        Transfer.objects.filter(from_fund=fund, state=TransferState.SENT)
        .select_related("to_fund")
        .order_by("sent_on", "pk")[:QUEUE_LIMIT]
    )


def board(fund: Fund) -> list[BoardMember]:
    """Every seat, those held today first; each marked `current`."""
    day = today()
    seats = list(fund.board.select_related("user").order_by("-starts_on", "pk"))
    for seat in seats:
        seat.current = seat.starts_on <= day and (  # type: ignore[attr-defined]
            seat.ends_on is None or seat.ends_on >= day
        )
    seats.sort(key=lambda s: not s.current)  # type: ignore[attr-defined]
    return seats


def transfer_targets(user: Any, fund: Fund) -> QuerySet[Fund]:
    """Where the fund may send money: the funds of other levels of its province that the
    user reads, and the funds of the keeper's parent body."""
    readable = access.funds_for(user).filter(province_id=fund.province_id).exclude(level=fund.level)
    parent = Fund.objects.filter(keeper_id=fund.keeper.parent_id) if fund.keeper.parent_id else None
    q = Q(pk__in=readable.values("pk"))
    if parent is not None:
        q |= Q(pk__in=parent.values("pk"))
    return (
        Fund.objects.filter(q, closed_on__isnull=True)
        .exclude(pk=fund.pk)
        .select_related("keeper")
        .order_by("level", "name", "pk")
    )


# ---- the board member's queue --------------------------------------------------------------


def board_funds(user: Any) -> list[Fund]:
    """The funds on whose board the user sits today (access.on_board decides each)."""
    if not access.is_staff(user):
        return []
    day = today()
    seated = (
        BoardMember.objects.filter(user_id=user.pk, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values("fund_id")
    )
    candidates = Fund.objects.filter(pk__in=seated).select_related("keeper")
    return [f for f in candidates if access.on_board(user, f)]


@dataclass
class QueueItem:
    request: DisbursementRequest
    earlier: list[Any]  # households.Support rows of the same purpose within the repeat window


def approvals(user: Any) -> list[QueueItem]:
    """Requests waiting for the board on the funds the user sits on, oldest first, each with
    what its household already received for the same purpose."""
    seats = board_funds(user)
    if not seats:
        return []
    rows = (
        DisbursementRequest.objects.filter(
            fund_id__in=[f.pk for f in seats], state=RequestState.PENDING
        )
        .select_related("fund", "household", "requested_by", "campaign")
        .order_by("requested_at", "pk")[:QUEUE_LIMIT]
    )
    return [
        QueueItem(
            request=r,
            earlier=ledger.earlier_support(r.household, r.purpose, on=r.paid_on or today())
            if r.household is not None
            else [],
        )
        for r in rows
    ]
