"""What the public sees of funds and campaigns (công khai): published funds and campaigns only
(access.published_funds / access.published_campaigns), never a donor's name without consent,
never a household's name.

Totals add up month sums written with each entry in its own transaction, and never scan the
ledger, which holds millions of entries at national scale: the national page is one grouped
pass over `PlaceMonth` (the published funds' sums by province, level, flow and purpose: a few
thousand rows), a province's page and a fund's over `FundMonth` (a fund's month sums). The
lists of one fund (donors, decisions) read that fund's entries, a page at a time.

Received means receipts only: a transfer between levels moves money the Front already holds,
so it is neither received nor spent nationally; a fund's own page shows its transfers in and
out. A reversal counts in its original's flow, so a reversed receipt or payment nets to zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DateField, F, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404

from danvan.lib.dates import today
from danvan.lib.search import matching_all
from danvan.org.models import AdminUnit

from .. import access
from ..models import (
    LEDGER_MEASURES,
    MEASURE_UNITS,
    Campaign,
    EntryKind,
    Fund,
    FundMonth,
    HouseholdCategory,
    LedgerEntry,
    Measure,
    Method,
    PlaceMonth,
    Purpose,
    Result,
    Target,
)

MONTHS = 12


@dataclass
class Flows:
    """Money by flow, in đồng: received and transfers in as added, transfers out and spent as
    positive amounts taken out."""

    received: int = 0
    transferred_in: int = 0
    transferred_out: int = 0
    spent: int = 0

    def add(self, flow: str, amount: int) -> None:
        if flow == EntryKind.RECEIPT:
            self.received += amount
        elif flow == EntryKind.TRANSFER_IN:
            self.transferred_in += amount
        elif flow == EntryKind.TRANSFER_OUT:
            self.transferred_out -= amount
        elif flow == EntryKind.DISBURSEMENT:
            self.spent -= amount

    @property
    def net_transfers(self) -> int:
        return self.transferred_in - self.transferred_out

    @property
    def balance(self) -> int:
        return self.received + self.net_transfers - self.spent


@dataclass
class PlaceRow:
    unit: AdminUnit | None  # None: the central funds (or, in a province, unplaced ones)
    flows: Flows
    funds: int = 0


@dataclass
class PurposeRow:
    purpose: str
    label: str
    spent: int


@dataclass
class MonthRow:
    month: dt.date
    flows: Flows


@dataclass
class Summary:
    """Published funds' money in a scope (the country, or one province)."""

    province: AdminUnit | None
    as_of: dt.date
    totals: Flows
    places: list[PlaceRow]
    purposes: list[PurposeRow]
    months: list[MonthRow]
    funds: int = 0


def last_months(day: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the `count` months up to `day`'s, oldest first."""
    first = day.replace(day=1)
    out = []
    for back in range(count - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return out


def _published_months() -> QuerySet[FundMonth]:
    return FundMonth.objects.filter(fund__in=access.published_funds().values("pk"))


def _purpose_rows(spent: dict[str, int]) -> list[PurposeRow]:
    labels = dict(Purpose.choices)
    rows = [PurposeRow(p, str(labels.get(p, p)), amount) for p, amount in spent.items() if amount]
    return sorted(rows, key=lambda r: (-r.spent, r.purpose))


def _rollup(
    rows: QuerySet[FundMonth] | QuerySet[PlaceMonth], place: str, months: Sequence[dt.date]
) -> tuple[Flows, dict[int | None, Flows], dict[str, int], dict[dt.date, Flows]]:
    """One grouped pass over the month rows: totals, by place, spending by purpose, and the
    last months."""
    recent = Case(
        When(month__gte=months[0], then=F("month")), default=Value(None), output_field=DateField()
    )
    grouped = (
        rows.annotate(recent=recent)
        .values(place, "flow", "purpose", "recent")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals = Flows()
    places: dict[int | None, Flows] = defaultdict(Flows)
    purposes: dict[str, int] = defaultdict(int)
    by_month: dict[dt.date, Flows] = {m: Flows() for m in months}
    for row in grouped:
        amount, flow = int(row["total"] or 0), row["flow"]
        totals.add(flow, amount)
        places[row[place]].add(flow, amount)
        if flow == EntryKind.DISBURSEMENT:
            purposes[row["purpose"] or Purpose.OTHER] -= amount
        if row["recent"] in by_month:
            by_month[row["recent"]].add(flow, amount)
    return totals, places, purposes, by_month


def summary(*, province: AdminUnit | None = None, day: dt.date | None = None) -> Summary:
    """The country's published funds by province, or one province's by commune."""
    day = day or today()
    months = last_months(day)
    funds = access.published_funds()
    if province is None:
        rows: QuerySet[FundMonth] | QuerySet[PlaceMonth] = PlaceMonth.objects.all()
        place = "province_id"
    else:
        rows, funds = _published_months().filter(province=province), funds.filter(province=province)
        place = "unit_id"
    totals, by_place, purposes, by_month = _rollup(rows, place, months)
    if province is None and 0 in by_place:  # PlaceMonth keeps the central funds under 0
        by_place[None] = by_place.pop(0)
    counts = {r[place]: r["n"] for r in funds.values(place).annotate(n=Count("pk")).order_by()}
    ids = {pk for pk in (*by_place, *counts) if pk is not None}
    units = AdminUnit.objects.in_bulk(ids)
    places = [
        PlaceRow(units.get(pk) if pk is not None else None, by_place.get(pk, Flows()), n)
        for pk, n in {**dict.fromkeys(by_place, 0), **counts}.items()
    ]
    places.sort(key=lambda r: (r.unit is not None, r.unit.code if r.unit else ""))
    return Summary(
        province=province,
        as_of=day,
        totals=totals,
        places=places,
        purposes=_purpose_rows(purposes),
        months=[MonthRow(m, f) for m, f in by_month.items()],
        funds=sum(counts.values()),
    )


def province_by_code(code: str) -> AdminUnit:
    """A province in force by its official code (404 otherwise)."""
    return get_object_or_404(AdminUnit.objects.current().provinces(), code=code.strip()[:10])


# ---- the list of funds -------------------------------------------------------------------


def funds(*, province: AdminUnit | None = None) -> QuerySet[Fund]:
    qs = access.published_funds().select_related("keeper", "province", "unit")
    return qs if province is None else qs.filter(province=province)


def search_funds(qs: QuerySet[Fund], q: str) -> list[int]:
    """The ids of the funds whose name, keeper or place holds every folded word of `q`, in
    the list's order (Fund.search_text, kept by services.ledger)."""
    return list(matching_all(qs, q).order_by("name", "pk").values_list("pk", flat=True))


def published_fund(pk: int) -> Fund:
    return get_object_or_404(funds(), pk=pk)


# ---- one fund ----------------------------------------------------------------------------


@dataclass
class FundSummary:
    fund: Fund
    as_of: dt.date
    totals: Flows
    balance: int  # Fund.balance: the sum of its ledger
    purposes: list[PurposeRow]
    months: list[MonthRow]


def fund_summary(fund: Fund, *, day: dt.date | None = None) -> FundSummary:
    day = day or today()
    months = last_months(day)
    totals, _places, purposes, by_month = _rollup(
        FundMonth.objects.filter(fund=fund), "fund_id", months
    )
    return FundSummary(
        fund=fund,
        as_of=day,
        totals=totals,
        balance=fund.balance,
        purposes=_purpose_rows(purposes),
        months=[MonthRow(m, f) for m, f in by_month.items()],
    )


def _standing(fund: Fund, kind: str) -> QuerySet[LedgerEntry]:
    """The fund's entries of a kind that stand (not reversed)."""
    return LedgerEntry.objects.filter(fund=fund, kind=kind, reversed_by__isnull=True)


def _named() -> Q:
    return ~Q(donor_public_name="") & Q(donor_consent_at__isnull=False)


@dataclass(frozen=True)
class Donor:
    name: str
    day: dt.date
    amount: int
    in_kind: bool


def named_donors(fund: Fund) -> QuerySet[LedgerEntry]:
    """The receipts whose donor agreed to be named, newest first (page them)."""
    return (
        _standing(fund, EntryKind.RECEIPT)
        .filter(_named())
        .order_by("-entry_date", "-seq")
        .only("donor_public_name", "entry_date", "amount", "method")
    )


def donors(entries: Iterable[LedgerEntry]) -> list[Donor]:
    return [
        Donor(e.donor_public_name, e.entry_date, e.amount, e.method == Method.IN_KIND)
        for e in entries
    ]


@dataclass(frozen=True)
class Acknowledgement:
    named_count: int
    named_total: int
    others_count: int  # anonymous gifts and donors who did not agree to be named
    others_total: int
    received: int  # = named_total + others_total

    @property
    def adds_up(self) -> bool:
        return self.named_total + self.others_total == self.received


def acknowledgement(fund: Fund, received: int) -> Acknowledgement:
    """The named donors' count and sum, and the others as one line, so that the list adds up
    to what the fund received (`received`, from its month sums)."""
    row = _standing(fund, EntryKind.RECEIPT).aggregate(
        named_n=Count("pk", filter=_named()),
        named_sum=Sum("amount", filter=_named()),
        all_n=Count("pk"),
    )
    named_total = int(row["named_sum"] or 0)
    return Acknowledgement(
        named_count=row["named_n"],
        named_total=named_total,
        others_count=row["all_n"] - row["named_n"],
        others_total=received - named_total,
        received=received,
    )


@dataclass(frozen=True)
class Decision:
    day: dt.date
    purpose: str
    amount: int
    beneficiary: str
    decision_number: str
    decision_date: dt.date | None
    campaign: str


def decision_entries(fund: Fund) -> QuerySet[LedgerEntry]:
    """The payments that stand, newest first (page them)."""
    return (
        _standing(fund, EntryKind.DISBURSEMENT)
        .select_related("household", "campaign")
        .order_by("-entry_date", "-seq")
    )


def beneficiary(entry: LedgerEntry) -> str:
    """Who received a payment, as the public may read it: a household only by its village and
    category (its name is personal data), anyone else as written."""
    household = entry.household
    if household is None:
        return entry.beneficiary
    category = str(dict(HouseholdCategory.choices).get(household.category, ""))
    return " — ".join(x for x in (household.village, category) if x)


def decisions(entries: Iterable[LedgerEntry]) -> list[Decision]:
    labels = dict(Purpose.choices)
    return [
        Decision(
            day=e.entry_date,
            purpose=str(labels.get(e.purpose, e.purpose)),
            amount=-e.amount,
            beneficiary=beneficiary(e),
            decision_number=e.decision_number,
            decision_date=e.decision_date,
            campaign=e.campaign.name if e.campaign_id and e.campaign else "",
        )
        for e in entries
    ]


# ---- campaigns ---------------------------------------------------------------------------


def campaigns(q: str = "") -> QuerySet[Campaign]:
    qs = access.published_campaigns().select_related("organizer", "province")
    return matching_all(qs, q).order_by("-starts_on", "-pk")


def published_campaign(pk: int) -> Campaign:
    return get_object_or_404(campaigns(), pk=pk)


def received_by_campaign(ids: Sequence[int]) -> dict[int, int]:
    """What published funds received tagged with each of these campaigns."""
    rows = (
        _published_months()
        .filter(campaign_id__in=list(ids), flow=EntryKind.RECEIPT)
        .values("campaign_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {r["campaign_id"]: int(r["total"] or 0) for r in rows}


@dataclass
class FundShare:
    fund: Fund
    received: int
    spent: int


@dataclass
class MeasureRow:
    measure: str
    label: str
    target: Decimal | None
    result: Decimal


@dataclass
class CampaignSummary:
    campaign: Campaign
    as_of: dt.date
    received: int
    in_kind: int  # of `received`: goods, at their valuation
    spent: int
    purposes: list[PurposeRow]
    funds: list[FundShare] = field(default_factory=list)
    results: list[MeasureRow] = field(default_factory=list)

    @property
    def money(self) -> int:
        return self.received - self.in_kind


def _in_kind(campaign: Campaign) -> int:
    """Goods received for the campaign by published funds, net of reversed ones (a reversal
    carries its original's form through `reverses`). The month sums do not keep the form, so
    this one figure reads the campaign's receipts (index on campaign and flow)."""
    in_kind = Q(method=Method.IN_KIND) | Q(kind=EntryKind.REVERSAL, reverses__method=Method.IN_KIND)
    total = (
        LedgerEntry.objects.filter(
            campaign=campaign,
            flow=EntryKind.RECEIPT,
            fund__in=access.published_funds().values("pk"),
        )
        .filter(in_kind)
        .aggregate(s=Sum("amount"))["s"]
    )
    return int(total or 0)


def campaign_summary(campaign: Campaign, *, day: dt.date | None = None) -> CampaignSummary:
    rows = (
        _published_months()
        .filter(campaign=campaign)
        .values("fund_id", "flow", "purpose")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals = Flows()
    per_fund: dict[int, Flows] = defaultdict(Flows)
    purposes: dict[str, int] = defaultdict(int)
    for row in rows:
        amount = int(row["total"] or 0)
        totals.add(row["flow"], amount)
        per_fund[row["fund_id"]].add(row["flow"], amount)
        if row["flow"] == EntryKind.DISBURSEMENT:
            purposes[row["purpose"] or Purpose.OTHER] -= amount
    funds_by_pk = Fund.objects.select_related("province").in_bulk(list(per_fund))
    shares = [
        FundShare(funds_by_pk[pk], f.received, f.spent)
        for pk, f in per_fund.items()
        if pk in funds_by_pk and (f.received or f.spent)
    ]
    shares.sort(key=lambda s: (-s.received, s.fund.name))
    return CampaignSummary(
        campaign=campaign,
        as_of=day or today(),
        received=totals.received,
        in_kind=_in_kind(campaign) if totals.received else 0,
        spent=totals.spent,
        purposes=_purpose_rows(purposes),
        funds=shares,
        results=campaign_results(campaign),
    )


def campaign_results(campaign: Campaign) -> list[MeasureRow]:
    """What the bodies reported, summed per measure (corrections are rows of the opposite
    sign), beside the targets; money and goods come from the ledger instead."""
    results = {
        r["measure"]: r["total"]
        for r in Result.objects.filter(campaign=campaign)
        .exclude(measure__in=LEDGER_MEASURES)
        .values("measure")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    targets = {
        r["measure"]: r["total"]
        for r in Target.objects.filter(campaign=campaign)
        .exclude(measure__in=LEDGER_MEASURES)
        .values("measure")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    labels = dict(Measure.choices)
    return [
        MeasureRow(
            m,
            f"{labels[m]} ({MEASURE_UNITS[m]})",  # type: ignore[index]
            targets.get(m),
            results.get(m) or Decimal(0),
        )
        for m in Measure.values
        if m in results or m in targets
    ]
