"""Monthly figures of matters: computed from the matters (for the month under way, and by
the refresh service for the table), or read from the table (months already past).

A matter closed "on time" met every legal due date of its own (not the province's targets):
none met after its date, none still open past its date when the matter closed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from danvan.lib.dates import day_start

from .models import Case, CaseDeadline, CaseMonthlyFigure, DeadlineBasis, FigureDimension

MEASURES = ("received", "closed", "closed_on_time", "rated", "rating_sum")
Key = tuple[int | None, int | None, str, str]  # province, organization, dimension, value


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return day_start(month), day_start(add_months(month, 1))


def late_deadline() -> Exists:
    tz = timezone.get_default_timezone()
    return Exists(
        CaseDeadline.objects.filter(case=OuterRef("pk"), basis=DeadlineBasis.LAW)
        .annotate(
            met_day=TruncDate("met_at", tzinfo=tz), closed_day=TruncDate("closed_at", tzinfo=tz)
        )
        .filter(
            Q(met_day__gt=F("due_date"))
            | Q(met_at__isnull=True, closed_at__isnull=False, closed_day__gt=F("due_date"))
        )
    )


def _dimension_column(dimension: str) -> str:
    return "kind" if dimension == FigureDimension.KIND else "field_id"


def aggregate_month(cases: QuerySet[Case], month: dt.date) -> dict[Key, dict[str, int]]:
    """The month's figures of `cases`, by province, body, and each value of each dimension:
    three queries (received, closed, rated), each grouped by every dimension's column at
    once and split here."""
    start, end = _bounds(month)
    columns = {d: _dimension_column(d) for d in FigureDimension.values}
    group = ("province_id", "organization_id", *columns.values())
    rows: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    received = (
        cases.filter(received_at__gte=start, received_at__lt=end)
        .values(*group)
        .annotate(n=Count("*"))
        .order_by()
    )
    closed = (
        cases.filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(late=late_deadline())
        .values(*group)
        .annotate(n=Count("*"), on_time=Count("pk", filter=Q(late=False)))
        .order_by()
    )
    rated = (
        cases.filter(rated_at__gte=start, rated_at__lt=end, rating__isnull=False)
        .values(*group)
        .annotate(n=Count("*"), total=Sum("rating"))
        .order_by()
    )

    def keys(r: dict[str, Any]) -> list[Key]:
        return [
            (
                r["province_id"],
                r["organization_id"],
                dimension,
                "" if r[column] is None else str(r[column]),
            )
            for dimension, column in columns.items()
        ]

    for r in received:
        for k in keys(r):
            rows[k]["received"] += r["n"]
    for r in closed:
        for k in keys(r):
            rows[k]["closed"] += r["n"]
            rows[k]["closed_on_time"] += r["on_time"]
    for r in rated:
        for k in keys(r):
            rows[k]["rated"] += r["n"]
            rows[k]["rating_sum"] += r["total"] or 0
    return dict(rows)


@dataclass
class MonthFigures:
    """One dimension's figures over months: {month: {value: measures}}; and the matters
    received by each handling body over the months asked for (`received_by_body`)."""

    by_month: dict[dt.date, dict[str, dict[str, int]]] = field(default_factory=dict)
    received_by_body: dict[int | None, int] = field(default_factory=dict)

    def add(self, month: dt.date, value: str, measures: dict[str, int]) -> None:
        cell = self.by_month.setdefault(month, {}).setdefault(value, dict.fromkeys(MEASURES, 0))
        for name in MEASURES:
            cell[name] += measures[name]

    def add_body(self, organization: int | None, received: int) -> None:
        self.received_by_body[organization] = self.received_by_body.get(organization, 0) + received

    def total(self, month: dt.date, measure: str) -> int:
        return sum(m[measure] for m in self.by_month.get(month, {}).values())

    def over(self, months: Iterable[dt.date], measure: str) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for month in months:
            for value, m in self.by_month.get(month, {}).items():
                out[value] += m[measure]
        return dict(out)


def figures(
    stored: QuerySet[CaseMonthlyFigure],
    live: QuerySet[Case] | None,
    *,
    months: list[dt.date],
    current: dt.date,
    bodies_over: Sequence[dt.date] = (),
) -> dict[str, MonthFigures]:
    """`months` of every dimension: past months from the table (`stored`, already scoped),
    the month under way computed from the matters (`live`, scoped the same way); and the
    matters received by each body over `bodies_over`. Summed in the database: two queries for
    the table (a province's table holds tens of thousands of rows a year, by body), three
    for the month under way."""
    out = {dimension: MonthFigures() for dimension in FigureDimension.values}
    past = [m for m in months if m != current]
    rows = (
        stored.filter(month__in=past)
        .values("month", "dimension", "value")
        .annotate(**{name: Sum(name) for name in MEASURES})
        .order_by()
    )
    for r in rows:
        measures = {name: int(r[name] or 0) for name in MEASURES}  # type: ignore[literal-required]
        out[r["dimension"]].add(r["month"], r["value"], measures)
    kinds = out[FigureDimension.KIND]
    past_bodies = [m for m in bodies_over if m != current]
    if past_bodies:
        per_body = (
            stored.filter(month__in=past_bodies, dimension=FigureDimension.KIND)
            .values("organization_id")
            .annotate(received=Sum("received"))
            .order_by()
        )
        for b in per_body:
            kinds.add_body(b["organization_id"], int(b["received"] or 0))
    if live is not None and current in months:
        for (_p, org, dimension, value), measures in aggregate_month(live, current).items():
            out[dimension].add(current, value, measures)
            if dimension == FigureDimension.KIND and current in bodies_over:
                kinds.add_body(org, measures["received"])
    return out


def ratings(
    stored: QuerySet[CaseMonthlyFigure], *, first: dt.date, last: dt.date, by: str
) -> dict[int | None, tuple[int, int]]:
    """Citizens' ratings of their answered matters from the monthly table, months `first` to
    `last` (month starts, both in), summed by "province" or "organization":
    {id: (ratings, their sum)}. One grouped read of the table."""
    rows = (
        stored.filter(month__gte=first, month__lte=last, dimension=FigureDimension.KIND)
        .values(f"{by}_id")
        .annotate(rated=Sum("rated"), total=Sum("rating_sum"))
        .order_by()
    )
    return {r[f"{by}_id"]: (int(r["rated"] or 0), int(r["total"] or 0)) for r in rows}


@dataclass(frozen=True)
class OfficerFigures:
    closed: int
    rated: int
    rating_sum: int
    satisfied: int  # rated 4 or 5


def officer_figures(
    cases: QuerySet[Case], *, officers: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, OfficerFigures]:
    """Each officer's matters closed and rated in [start, end): what their leaders judge their
    work by. One grouped query on the assignee's index."""
    closed = Q(closed_at__gte=start, closed_at__lt=end)
    rated = Q(rated_at__gte=start, rated_at__lt=end, rating__isnull=False)
    rows = (
        cases.filter(assigned_to__in=list(officers))
        .filter(closed | rated)
        .values("assigned_to_id")
        .annotate(
            closed=Count("pk", filter=closed),
            rated=Count("pk", filter=rated),
            rating_sum=Sum("rating", filter=rated),
            satisfied=Count("pk", filter=rated & Q(rating__gte=4)),
        )
        .order_by()
    )
    return {
        r["assigned_to_id"]: OfficerFigures(
            r["closed"], r["rated"], int(r["rating_sum"] or 0), r["satisfied"]
        )
        for r in rows
    }
