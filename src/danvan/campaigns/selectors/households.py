"""Reading the lists of households and what each received. Nothing here decrypts: the heads'
names and the other personal data are read through services.households, which logs it.
Every list starts from access.households_for(user) — `readable` below — asked once per
page (it reads the user's bodies) and handed to each selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from .. import access
from ..models import (
    DisbursementRequest,
    Household,
    HouseholdCategory,
    Purpose,
    RequestState,
    Support,
    SupportSource,
)


class State:
    ON_LIST = "on"
    LEFT = "left"
    ALL = "all"


@dataclass(frozen=True, kw_only=True)
class Filters:
    category: str = ""
    village: str = ""
    list_year: int | None = None
    state: str = State.ON_LIST
    nothing_this_year: bool = False
    code: str = ""


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _counted(year: int | None = None) -> Q:
    """Support that counts: not cancelled (and given in `year`)."""
    q = Q(cancelled_at__isnull=True)
    if year is not None:
        q &= Q(given_on__range=_year_range(year))
    return q


def _helped_in(year: int) -> QuerySet[Support, Any]:
    return Support.objects.filter(_counted(year)).values("household_id")


def readable(user: Any) -> QuerySet[Household]:
    return access.households_for(user)


def households(
    readable: QuerySet[Household], filters: Filters, *, year: int
) -> QuerySet[Household]:
    """The households the user reads, filtered, with what each received in `year` and the
    day of its last help (one grouped query, whatever the page)."""
    rows = readable
    if filters.state == State.ON_LIST:
        rows = rows.filter(left_on__isnull=True)
    elif filters.state == State.LEFT:
        rows = rows.filter(left_on__isnull=False)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.village.strip():
        rows = rows.filter(village__icontains=filters.village.strip())
    if filters.list_year:
        rows = rows.filter(list_year=filters.list_year)
    if filters.code.strip():
        rows = rows.filter(code__icontains=filters.code.strip())
    if filters.nothing_this_year:
        rows = rows.exclude(pk__in=_helped_in(year))
    start, end = _year_range(year)
    counted = Q(support__cancelled_at__isnull=True)
    return (
        rows.select_related("keeper")
        .annotate(
            received=Sum(
                "support__amount", filter=counted & Q(support__given_on__range=(start, end))
            ),
            last_help=Max("support__given_on", filter=counted),
        )
        .order_by("keeper__name", "village", "code")
    )


@dataclass
class Figures:
    on_list: int = 0
    nothing_this_year: int = 0
    by_category: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, n


def figures(readable: QuerySet[Household], *, year: int) -> Figures:
    """The figure cards: households on the list by category, and those not helped this year."""
    on_list = readable.filter(left_on__isnull=True)
    counts = dict(
        on_list.order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    result = Figures(
        on_list=sum(counts.values()),
        by_category=[
            (value, str(label), counts[value])
            for value, label in HouseholdCategory.choices
            if counts.get(value)
        ],
    )
    if result.on_list:
        result.nothing_this_year = on_list.exclude(pk__in=_helped_in(year)).count()
    return result


def list_years(readable: QuerySet[Household]) -> list[int]:
    return list(readable.order_by("-list_year").values_list("list_year", flat=True).distinct()[:20])


# ---- one household -----------------------------------------------------------------------


@dataclass
class History:
    support: list[Support]
    by_year: list[dict[str, Any]]  # year, total, records
    pending: list[DisbursementRequest]
    total: int


def history(household: Household) -> History:
    """What the household received, newest first (cancelled records kept, not counted), the
    totals per year, and the fund disbursements still awaiting the board."""
    support = list(
        Support.objects.filter(household=household)
        .select_related("entry__fund", "campaign", "given_by")
        .order_by("-given_on", "-pk")
    )
    by_year: list[dict[str, Any]] = [
        dict(row)
        for row in Support.objects.filter(_counted(), household=household)
        .annotate(year=ExtractYear("given_on"))
        .order_by()
        .values("year")
        .annotate(total=Sum("amount"), records=Count("pk"))
        .order_by("-year")
    ]
    pending = list(
        DisbursementRequest.objects.filter(household=household, state=RequestState.PENDING)
        .select_related("fund")
        .order_by("-requested_at")
    )
    return History(
        support=support,
        by_year=by_year,
        pending=pending,
        total=sum(int(row["total"] or 0) for row in by_year),
    )


# ---- a commune's summary -----------------------------------------------------------------


@dataclass
class Summary:
    year: int
    by_category: list[dict[str, Any]]  # value, label, on_list, left, helped
    by_purpose: list[dict[str, Any]]  # value, label, total, households, records
    by_source: list[dict[str, Any]]  # value, label, total, records
    total: int
    households_helped: int


def summary(readable: QuerySet[Household], *, year: int) -> Summary:
    """Households by category and the help they received in `year` by purpose and source,
    over every list the user reads."""
    helped_ids = _helped_in(year).filter(household__in=readable.values("pk"))
    counts = {
        row["category"]: row
        for row in readable.order_by()
        .values("category")
        .annotate(
            on_list=Count("pk", filter=Q(left_on__isnull=True)),
            left=Count("pk", filter=Q(left_on__isnull=False)),
            helped=Count("pk", filter=Q(pk__in=helped_ids)),
        )
    }
    by_category = [
        {"value": value, "label": label, **counts[value]}
        for value, label in HouseholdCategory.choices
        if value in counts
    ]
    given = Support.objects.filter(_counted(year), household__in=readable.values("pk"))
    purposes = {
        row["purpose"]: row
        for row in given.order_by()
        .values("purpose")
        .annotate(
            total=Sum("amount"), households=Count("household", distinct=True), records=Count("pk")
        )
    }
    by_purpose: list[dict[str, Any]] = [
        {"value": value, "label": label, **purposes[value]}
        for value, label in Purpose.choices
        if value in purposes
    ]
    sources = {
        row["source"]: row
        for row in given.order_by()
        .values("source")
        .annotate(total=Sum("amount"), records=Count("pk"))
    }
    by_source = [
        {"value": value, "label": label, **sources[value]}
        for value, label in SupportSource.choices
        if value in sources
    ]
    return Summary(
        year=year,
        by_category=by_category,
        by_purpose=by_purpose,
        by_source=by_source,
        total=sum(int(row["total"] or 0) for row in by_purpose),
        households_helped=given.values("household_id").distinct().count(),
    )
