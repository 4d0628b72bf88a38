"""Reads for the reports pages: a body's own reports, the boards a user may open, the
report page's figures and sections in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet

from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib import figures

from . import access
from .checks import problems
from .models import (
    FigureValue,
    Indicator,
    Obligation,
    Report,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    ReturnComment,
    Section,
    SectionText,
)

TO_DO = (ReportState.DRAFT, ReportState.APPROVED, ReportState.RETURNED)


def own_reports(user: Any) -> QuerySet[Report]:
    """The reports of the bodies the user works for (their own side)."""
    own = access.reports_for(user, access.Action.EDIT) | access.reports_for(
        user, access.Action.APPROVE
    )
    return own.select_related("reporter", "receiver", "period", "template").order_by(
        "-period__ends_on", "reporter__code", "template__name"
    )


@dataclass
class Received:
    receiver: Any
    template: ReportTemplate
    period: ReportingPeriod | None


def received(user: Any) -> list[Received]:
    """The (receiver, template) pairs whose board the user may open at its own level, each
    with the latest period that has reports."""
    bodies = access.bodies_for(user, STAFF_ROLES)
    pairs = (
        Obligation.objects.current()
        .filter(receiver__in=bodies)
        .values("receiver_id", "template_id")
        .distinct()
        .order_by("receiver_id", "template_id")
    )
    found = list(pairs[:50])
    if not found:
        return []
    from danvan.org.models import Organization

    orgs = Organization.objects.in_bulk([p["receiver_id"] for p in found])
    templates = ReportTemplate.objects.in_bulk([p["template_id"] for p in found])
    latest = {
        (r["receiver_id"], r["template_id"]): r["last"]
        for r in Report.objects.filter(receiver_id__in=list(orgs), template_id__in=list(templates))
        .values("receiver_id", "template_id")
        .annotate(last=Max("period_id"))
        .order_by()
    }
    periods = ReportingPeriod.objects.in_bulk([v for v in latest.values() if v])
    return [
        Received(
            orgs[p["receiver_id"]],
            templates[p["template_id"]],
            periods.get(latest.get((p["receiver_id"], p["template_id"])) or 0),
        )
        for p in found
    ]


@dataclass
class FigureLine:
    indicator: Indicator
    value: Decimal | None
    platform_value: Decimal | None
    reason: str
    records_url: str
    source_label: str
    problems: list[str] = field(default_factory=list)
    comments: list[ReturnComment] = field(default_factory=list)
    typed: str = ""  # what the officer typed, kept after an error

    @property
    def overridden(self) -> bool:
        return self.platform_value is not None and self.value != self.platform_value


@dataclass
class SectionBlock:
    section: Section
    text: str
    figures: list[FigureLine]
    comments: list[ReturnComment] = field(default_factory=list)


def page(report: Report) -> tuple[list[SectionBlock], list[ReturnComment]]:
    """The report's sections with their figures, problems and the receiver's comments on
    the last returned version; and the comments on the whole report."""
    version = report.version
    sections = list(version.sections.order_by("position"))
    indicators = list(
        version.indicators.select_related("weight", "numerator", "denominator").order_by("position")
    )
    values = {v.indicator_id: v for v in FigureValue.objects.filter(report=report)}
    texts = {t.section_id: t.body for t in SectionText.objects.filter(report=report)}
    comments = (
        list(
            ReturnComment.objects.filter(
                report=report, version=report.versions.order_by("-number")[:1]
            )
            .select_related("author")
            .order_by("created_at")
        )
        if report.state == ReportState.RETURNED
        else []
    )
    found = problems(
        indicators,
        version.checks.select_related("subject").prefetch_related("parts"),
        {i.code: values[i.pk].value if i.pk in values else None for i in indicators},
        complete=True,
    )
    known = figures.sources()
    window = figures.Window(report.period.starts_on, report.period.ends_on)
    lines: dict[int, list[FigureLine]] = {}
    for i in indicators:
        v = values.get(i.pk)
        source = known.get(i.source) if i.source else None
        lines.setdefault(i.section_id, []).append(
            FigureLine(
                indicator=i,
                value=v.value if v else None,
                platform_value=v.platform_value if v else None,
                reason=v.override_reason if v else "",
                records_url=figures.records_url(i.source, report.reporter_id, window)
                if i.source
                else "",
                source_label=str(source.label) if source else "",
                problems=found.get(i.code, []),
                comments=[c for c in comments if c.indicator_id == i.pk],
            )
        )
    blocks = [
        SectionBlock(
            section=s,
            text=texts.get(s.pk, ""),
            figures=lines.get(s.pk, []),
            comments=[c for c in comments if c.section_id == s.pk],
        )
        for s in sections
    ]
    general = [c for c in comments if c.section_id is None and c.indicator_id is None]
    return blocks, general


def has_children(report: Report) -> bool:
    """Whether the body receives reports on the same template for the same period."""
    return Report.objects.filter(
        receiver_id=report.reporter_id, template_id=report.template_id, period_id=report.period_id
    ).exists()
