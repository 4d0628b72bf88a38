"""The satisfaction index read for a scope and a period: by province for the nation, by body
within a province or a body's reach; each criterion beside it, the period before, the last
eight quarters, and citizens' ratings of their answered matters beside each row (from the
matters' monthly figures, months completed only). The rule is satisfaction.py's; the rows
are the responses' scores (models/scores.py), summed by the database in a few grouped
queries whatever the number of answers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, FloatField, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from danvan.cases import access as case_access
from danvan.cases.figure_selectors import month_start, ratings
from danvan.lib.dates import today
from danvan.org.models import AdminUnit, Organization

from .. import access
from ..library import INDEX_FAMILY, Criterion, library
from ..models import ResponseScore
from ..satisfaction import Estimate, min_responses

QUARTERS_SHOWN = 8


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter or 1) - 2, 1)

    @property
    def ends_on(self) -> dt.date:
        last_month = 3 * self.quarter if self.quarter else 12
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.quarter is None:
            return _("Year %(year)s") % {"year": self.year}
        return _("Quarter %(quarter)s/%(year)s") % {
            "quarter": ("I", "II", "III", "IV")[self.quarter - 1],
            "year": self.year,
        }

    @property
    def short_label(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return f"{('I', 'II', 'III', 'IV')[self.quarter - 1]}/{self.year}"

    def previous(self) -> Period:
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    @classmethod
    def current(cls, day: dt.date | None = None) -> Period:
        day = day or today()
        return cls(day.year, (day.month - 1) // 3 + 1)


@dataclass(frozen=True)
class MattersRating:
    """Citizens' ratings (1–5) of their answered matters, beside the index."""

    rated: int
    total: int

    @property
    def mean(self) -> float | None:
        if self.rated < min_responses():
            return None
        return round(self.total / self.rated, 2)


@dataclass
class IndexRow:
    key: int | None
    label: str
    url: str
    estimates: dict[str, Estimate]
    matters: MattersRating | None = None
    short: str = ""  # a chart's label

    @property
    def chart_label(self) -> str:
        return self.short or self.label

    @property
    def index(self) -> Estimate:
        return self.estimates.get(INDEX_FAMILY, Estimate(0))

    def of(self, criterion: str) -> Estimate:
        return self.estimates.get(criterion, Estimate(0))


@dataclass
class IndexTable:
    period: Period
    by: str  # "province" | "body"
    scope_label: str
    rows: list[IndexRow]
    total: IndexRow
    previous: Estimate
    criteria: list[Criterion]
    trend: list[tuple[Period, Estimate]] = field(default_factory=list)
    matters_until: dt.date | None = None  # the last day the matters' ratings count


def _estimates(scores: QuerySet[ResponseScore], group: str) -> dict[Any, dict[str, Estimate]]:
    rows = (
        scores.values(group, "criterion")
        .annotate(
            n=Count("*"),
            total=Sum("score"),
            squares=Sum(Cast(F("score") * F("score"), FloatField())),
        )
        .order_by()
    )
    out: dict[Any, dict[str, Estimate]] = defaultdict(dict)
    for r in rows:
        out[r[group]][r["criterion"]] = Estimate(
            r["n"], float(r["total"] or 0), float(r["squares"] or 0)
        )
    return out


def _summed(parts: list[dict[str, Estimate]]) -> dict[str, Estimate]:
    total: dict[str, Estimate] = {}
    for part in parts:
        for criterion, estimate in part.items():
            total[criterion] = total.get(criterion, Estimate(0)) + estimate
    return total


def _in(scores: QuerySet[ResponseScore], period: Period) -> QuerySet[ResponseScore]:
    return scores.filter(day__gte=period.starts_on, day__lte=period.ends_on)


def _trend(scores: QuerySet[ResponseScore], period: Period) -> list[tuple[Period, Estimate]]:
    quarters = [Period.current(period.ends_on)]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, quarters[0].previous())
    first = quarters[0].starts_on
    rows = (
        scores.filter(criterion=INDEX_FAMILY, day__gte=first, day__lte=quarters[-1].ends_on)
        .values("day__year", "day__month")
        .annotate(
            n=Count("*"),
            total=Sum("score"),
            squares=Sum(Cast(F("score") * F("score"), FloatField())),
        )
        .order_by()
    )
    by_quarter: dict[Period, Estimate] = {}
    for r in rows:
        q = Period(r["day__year"], (r["day__month"] - 1) // 3 + 1)
        by_quarter[q] = by_quarter.get(q, Estimate(0)) + Estimate(
            r["n"], float(r["total"] or 0), float(r["squares"] or 0)
        )
    return [(q, by_quarter.get(q, Estimate(0))) for q in quarters]


def _matters(
    user: Any, period: Period, by: str, province: AdminUnit | None
) -> tuple[dict[int | None, MattersRating], dt.date | None]:
    """The matters' ratings from the monthly table: the period's months already completed."""
    this_month = month_start(today())
    first = period.starts_on
    last = min(month_start(period.ends_on), _month_before(this_month))
    if last < first:
        return {}, None
    stored = case_access.figures_for(user)
    if province is not None:
        stored = stored.filter(province=province)
    summed = ratings(
        stored, first=first, last=last, by="province" if by == "province" else "organization"
    )
    until = _month_after(last) - dt.timedelta(days=1)
    return {k: MattersRating(*v) for k, v in summed.items()}, until


# As officers write them in tables: "UBND phường Cửa Nam".
_ABBREVIATIONS = (
    ("Ủy ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
    ("Mặt trận Tổ quốc", "MTTQ"),
)


def _abbreviated(name: str) -> str:
    for long, short in _ABBREVIATIONS:
        name = name.replace(long, short)
    return name


def _month_before(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def _month_after(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def index_table(
    user: Any, *, period: Period, province: AdminUnit | None = None, url: Any = None
) -> IndexTable:
    """The index for what the user may see. `province` narrows a nation's view to one
    province (its rows then by body); `url(province)` gives a province row's address."""
    scores = access.scores_for(user)
    if province is not None:
        scores = scores.filter(province=province)
    by = "province" if province is None and access.sees_nation(user) else "body"
    group = "province_id" if by == "province" else "body_id"
    current = _in(scores, period)
    per_key = _estimates(current, group)
    previous = _summed(list(_estimates(_in(scores, period.previous()), "criterion").values()))
    previous_index = previous.get(INDEX_FAMILY, Estimate(0))
    matters, until = _matters(user, period, by, province)
    names: dict[int, str]
    shorts: dict[int, str] = {}
    if by == "province":
        names = dict(
            AdminUnit.objects.filter(pk__in=[k for k in per_key if k]).values_list("pk", "name")
        )
    else:
        bodies = Organization.objects.filter(pk__in=list(per_key))
        names, shorts = {}, {}
        for pk, name, short in bodies.values_list("pk", "name", "short_name"):
            names[pk] = name
            shorts[pk] = short or _abbreviated(name)
    rows = [
        IndexRow(
            key=key,
            label=names.get(key, "") if key else _("No province"),
            url=url(key) if (url is not None and by == "province" and key) else "",
            estimates=estimates,
            matters=matters.get(key),
            short=shorts.get(key, "") if key else "",
        )
        for key, estimates in per_key.items()
    ]
    rows.sort(key=lambda r: (r.index.value is None, -(r.index.value or 0), r.label))
    total_matters = list(matters.values())
    total = IndexRow(
        key=None,
        label=(
            province.name
            if province is not None
            else _("Whole country")
            if by == "province"
            else _("The bodies you cover")
        ),
        url="",
        estimates=_summed([r.estimates for r in rows]),
        matters=MattersRating(
            sum(m.rated for m in total_matters), sum(m.total for m in total_matters)
        )
        if total_matters
        else None,
    )
    used = {c for r in rows for c in r.estimates}
    criteria = [c for c in library().criteria if c.code in used]
    return IndexTable(
        period=period,
        by=by,
        scope_label=total.label,
        rows=rows,
        total=total,
        previous=previous_index,
        criteria=criteria,
        trend=_trend(scores, period),
        matters_until=until,
    )
