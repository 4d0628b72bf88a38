"""The satisfaction index read for a scope and a period: by province for the nation, by body
within a province or a body's reach; each criterion beside it, the period before, the last
eight quarters, and citizens' ratings of their answered matters beside each row (from the
matters' monthly figures, months completed only). The rule is satisfaction.py's. Months
already past are read from the monthly figures (SatisfactionMonth, a few rows per body and
month), the month under way from the responses' scores: a few grouped queries whatever the
number of answers, as the matters' dashboards do (decision 0016)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from danvan.cases import access as case_access
from danvan.cases.figure_selectors import month_start, ratings
from danvan.lib.dates import today
from danvan.org.models import AdminUnit, Organization

from .. import access
from ..library import INDEX_FAMILY, Criterion, library
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


class Source:
    """Where the index is read from: months already past from the monthly figures
    (SatisfactionMonth), the month under way from the responses' scores — both narrowed to
    what the user covers (and to a province when asked)."""

    def __init__(self, user: Any, province: AdminUnit | None) -> None:
        self.months = access.months_for(user)
        self.scores = access.scores_for(user)
        if province is not None:
            self.months = self.months.filter(province=province)
            self.scores = self.scores.filter(province=province)
        self.current = today().replace(day=1)

    def grouped(
        self, first: dt.date, last: dt.date, group: str, *, criterion: str = ""
    ) -> dict[Any, dict[str, Estimate]]:
        """Estimates by `group` ("province_id", "body_id", "month" or "criterion") and
        criterion over the days `first`..`last` (whole months). Two grouped queries at most:
        the past months' figures and, when the window reaches it, the month under way."""
        out: dict[Any, dict[str, Estimate]] = defaultdict(dict)

        def add(key: Any, crit: str, n: int, total: Any, squares: Any) -> None:
            found = out[key].get(crit, Estimate(0))
            out[key][crit] = found + Estimate(n, float(total or 0), float(squares or 0))

        months = self.months.filter(month__gte=first, month__lte=last, month__lt=self.current)
        if criterion:
            months = months.filter(criterion=criterion)
        fields = (group, "criterion") if group != "criterion" else ("criterion",)
        for r in (
            months.values(*fields)
            .annotate(n_=Sum("n"), total_=Sum("total"), squares_=Sum("squares"))
            .order_by()
        ):
            add(r[group], r["criterion"], r["n_"], r["total_"], r["squares_"])
        if first <= today() and last >= self.current:
            scores = self.scores.filter(day__gte=max(first, self.current), day__lte=last)
            if criterion:
                scores = scores.filter(criterion=criterion)
            live_group = "day" if group == "month" else group
            live_fields = (live_group, "criterion") if group != "criterion" else ("criterion",)
            for r in (
                scores.values(*live_fields)
                .annotate(
                    n_=Count("*"),
                    total_=Sum("score"),
                    squares_=Sum(Cast(F("score") * F("score"), FloatField())),
                )
                .order_by()
            ):
                key = self.current if group == "month" else r[group]
                add(key, r["criterion"], r["n_"], r["total_"], r["squares_"])
        return out


def _summed(parts: list[dict[str, Estimate]]) -> dict[str, Estimate]:
    total: dict[str, Estimate] = {}
    for part in parts:
        for criterion, estimate in part.items():
            total[criterion] = total.get(criterion, Estimate(0)) + estimate
    return total


def _trend(source: Source, period: Period) -> list[tuple[Period, Estimate]]:
    quarters = [Period.current(period.ends_on)]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, quarters[0].previous())
    by_month = source.grouped(
        quarters[0].starts_on, quarters[-1].ends_on, "month", criterion=INDEX_FAMILY
    )
    by_quarter: dict[Period, Estimate] = {}
    for month, estimates in by_month.items():
        q = Period(month.year, (month.month - 1) // 3 + 1)
        by_quarter[q] = by_quarter.get(q, Estimate(0)) + estimates.get(INDEX_FAMILY, Estimate(0))
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
    source = Source(user, province)
    by = "province" if province is None and access.sees_nation(user) else "body"
    group = "province_id" if by == "province" else "body_id"
    per_key = source.grouped(period.starts_on, period.ends_on, group)
    before = period.previous()
    previous = _summed(list(source.grouped(before.starts_on, before.ends_on, "criterion").values()))
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
        trend=_trend(source, period),
        matters_until=until,
    )
