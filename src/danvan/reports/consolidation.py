"""Consolidating the reports a body receives for a period: each indicator by its rule, a
column per reporting body, the bodies that have not (validly) reported marked. Only
submitted and accepted reports count: a returned report is being corrected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from danvan.org.models import Organization
from danvan.org.models.validity import valid_on

from .models import (
    Consolidation,
    FigureValue,
    Indicator,
    Obligation,
    Report,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    TemplateVersion,
    ValueType,
)
from .services.templates import version_for

COUNTED = (ReportState.SUBMITTED, ReportState.ACCEPTED)


@dataclass
class Child:
    organization: Organization
    report: Report | None

    @property
    def counted(self) -> bool:
        return self.report is not None and self.report.state in COUNTED

    @property
    def status(self) -> str:
        """The report's state as the receiver may know it: a report never sent is "none",
        whatever its drafting state (the receiver does not see drafts)."""
        if self.report is None or self.report.first_submitted_at is None:
            return "none"
        return self.report.state


@dataclass
class Row:
    indicator: Indicator
    total: Decimal | None
    cells: list[Decimal | None]


@dataclass
class Table:
    receiver: Organization
    template: ReportTemplate
    period: ReportingPeriod
    version: TemplateVersion | None
    children: list[Child] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return sum(c.counted for c in self.children)

    @property
    def missing(self) -> list[Child]:
        return [c for c in self.children if not c.counted]


def _quantize(value: Decimal, indicator: Indicator) -> Decimal:
    if indicator.value_type in (ValueType.COUNT, ValueType.MONEY, ValueType.YES_NO):
        return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def consolidate(
    indicator: Indicator,
    values: Sequence[dict[str, Decimal | None]],
    order: Sequence[float] | None = None,
) -> Decimal | None:
    """One indicator's value over the children's figures (`values`: one {code: value} per
    counted child; `order`: when each was submitted, for LATEST). None when no child gave
    what the rule needs."""
    own = [v.get(indicator.code) for v in values]
    given = [v for v in own if v is not None]
    match indicator.consolidation:
        case Consolidation.SUM:
            return sum(given, Decimal(0)) if given else None
        case Consolidation.MINIMUM:
            return min(given) if given else None
        case Consolidation.MAXIMUM:
            return max(given) if given else None
        case Consolidation.COUNT_YES:
            return Decimal(sum(1 for v in given if v == 1)) if given else None
        case Consolidation.LATEST:
            ranked = [
                (when, v)
                for when, v in zip(order or range(len(own)), own, strict=False)
                if v is not None
            ]
            return max(ranked, key=lambda p: p[0])[1] if ranked else None
        case Consolidation.WEIGHTED_AVERAGE:
            weight = indicator.weight.code if indicator.weight else ""
            pairs = [
                (x, w)
                for v in values
                if (x := v.get(indicator.code)) is not None and (w := v.get(weight)) is not None
            ]
            total = sum((w for _x, w in pairs), Decimal(0))
            if not pairs or total == 0:
                return None
            return _quantize(sum((x * w for x, w in pairs), Decimal(0)) / total, indicator)
        case Consolidation.RATIO:
            num = indicator.numerator.code if indicator.numerator else ""
            den = indicator.denominator.code if indicator.denominator else ""
            # Only children that gave both terms, as for the weighted average.
            both = [
                (n, d)
                for v in values
                if (n := v.get(num)) is not None and (d := v.get(den)) is not None
            ]
            nums = [n for n, _d in both]
            dens = [d for _n, d in both]
            below = sum(dens, Decimal(0))
            if not nums or below == 0:
                return None
            scale = Decimal(100) if indicator.value_type == ValueType.PERCENT else Decimal(1)
            return _quantize(sum(nums, Decimal(0)) * scale / below, indicator)
    return None


def reporters_of(
    receiver: Organization, template: ReportTemplate, period: ReportingPeriod
) -> list[Obligation]:
    return list(
        Obligation.objects.filter(receiver=receiver, template=template)
        .filter(valid_on(period.ends_on))
        .select_related("reporter")
        .order_by("reporter__code")
    )


def table(receiver: Organization, template: ReportTemplate, period: ReportingPeriod) -> Table:
    """The consolidated table: 4 queries whatever the number of children (obligations,
    reports, indicators, values)."""
    obligations = reporters_of(receiver, template, period)
    reports = {
        r.obligation_id: r
        # No ordering: the model's default would join the bodies only to sort a lookup.
        for r in Report.objects.filter(receiver=receiver, template=template, period=period)
        .order_by()
        .only(
            "pk",
            "obligation_id",
            "state",
            "first_submitted_at",
            "submitted_at",
            "version_id",
            "reporter_id",
        )
    }
    version = version_for(template, period)
    out = Table(receiver=receiver, template=template, period=period, version=version)
    out.children = [Child(o.reporter, reports.get(o.pk)) for o in obligations]
    if version is None:
        return out
    indicators = list(
        version.indicators.select_related("weight", "numerator", "denominator").order_by("position")
    )
    counted = [c for c in out.children if c.counted]
    by_report: dict[int, dict[str, Decimal | None]] = {c.report.pk: {} for c in counted}  # type: ignore[union-attr]
    codes = {
        i.pk: i.code
        for i in Indicator.objects.filter(
            version__in={c.report.version_id for c in counted}  # type: ignore[union-attr]
        ).only("pk", "code")
    }
    for report_id, indicator_id, value in FigureValue.objects.filter(
        report_id__in=list(by_report)
    ).values_list("report_id", "indicator_id", "value"):
        by_report[report_id][codes.get(indicator_id, "")] = value
    order = [
        c.report.submitted_at.timestamp() if c.report and c.report.submitted_at else 0.0
        for c in counted
    ]
    values = [by_report[c.report.pk] for c in counted]  # type: ignore[union-attr]
    for indicator in indicators:
        cells = [
            by_report[c.report.pk].get(indicator.code) if c.counted else None  # type: ignore[union-attr]
            for c in out.children
        ]
        out.rows.append(Row(indicator, consolidate(indicator, values, order), cells))
    return out


def children_reports(report: Report) -> list[Report]:
    """The counted reports the body of `report` received for the same template and period,
    with their sections' texts."""
    from .models import SectionText

    return list(
        Report.objects.filter(
            receiver_id=report.reporter_id,
            template_id=report.template_id,
            period_id=report.period_id,
            state__in=COUNTED,
        )
        .select_related("reporter")
        .prefetch_related(Prefetch("texts", queryset=SectionText.objects.select_related("section")))
        .order_by("reporter__code")
    )
