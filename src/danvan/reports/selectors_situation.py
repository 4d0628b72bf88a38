"""Reads for the table of issues of a report on the people's situation: the rows a report
page, its .docx and its exports show (a fixed number of queries however many rows), the
places a row may name, the issues of the reports a body consolidates, and — for the analysis
(insights) — the issues and narrative texts of sent reports, in id order from a cursor.

Kept apart from selectors.py, which reads the figures and sections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from danvan.org.models import AdminUnit

from .consolidation import COUNTED, Table
from .models import Report, ReportVersion, SectionText, SituationIssue


def issue_sections(report: Report) -> set[int]:
    return set(report.version.sections.filter(issue_table=True).values_list("pk", flat=True))


def issue_rows(report: Report) -> list[SituationIssue]:
    """The shown rows in order, with their place, the body each was brought up from and the
    rows merged into them (with theirs): 2 queries."""
    origin = "origin__report__reporter"
    return list(
        SituationIssue.objects.filter(report=report, merged_into__isnull=True)
        .select_related("place", origin)
        .prefetch_related(
            Prefetch(
                "merged",
                queryset=SituationIssue.objects.select_related(origin).order_by("position", "pk"),
            )
        )
        .order_by("position", "pk")
    )


def sources(issue: SituationIssue) -> list[str]:
    """The bodies a row came from: its own origin's and those of the rows merged into it
    (prefetched by issue_rows)."""
    names: list[str] = []
    for row in [issue, *issue.merged.all()]:
        if row.origin is not None and row.origin.report.reporter.name not in names:
            names.append(row.origin.report.reporter.name)
    return names


def places_for(report: Report, keep: AdminUnit | None = None) -> QuerySet[AdminUnit]:
    """The places a row may name: the reporting body's unit and the units under it in force
    (the provinces for a body without a unit), and the row's own place if it is elsewhere
    (a row brought up from below may name a commune under a province)."""
    own = [u for u in (report.reporter.unit_id, report.reporter.current_unit_id) if u]
    units = AdminUnit.objects.current()
    chosen = (Q(pk__in=own) | Q(parent_id__in=own)) if own else Q(level="province")
    if keep is not None:
        return AdminUnit.objects.filter(Q(pk=keep.pk) | Q(pk__in=units.filter(chosen))).order_by(
            "level", "code"
        )
    return units.filter(chosen).order_by("level", "code")


def consolidated_issues(table: Table) -> list[SituationIssue]:
    """The shown rows of the counted reports a body receives for a period, by body."""
    counted = [c.report.pk for c in table.children if c.counted and c.report is not None]
    if not counted:
        return []
    return list(
        SituationIssue.objects.filter(report_id__in=counted, merged_into__isnull=True)
        .select_related("place", "report__reporter")
        .order_by("report__reporter__code", "position", "pk")
    )


# For the analysis: what the bodies below raised, once sent ---------------------------------

SENT = COUNTED  # submitted or accepted: a draft or a returned report is still being written


@dataclass(frozen=True)
class HarvestedIssue:
    id: int
    report_id: int
    template_id: int
    body_id: int  # the reporting body
    unit_id: int | None  # the reporting body's unit in force
    province_id: int | None
    place_id: int | None  # the place the row names, when it names one
    period_ends_on: dt.date
    topic: str
    details: str
    handling: str
    severity: str
    trend: str
    people_affected: int | None
    origin_id: int | None  # set on a consolidated copy: the lead counts each issue once


@dataclass(frozen=True)
class HarvestedText:
    id: int
    report_id: int
    template_id: int
    template_topic: str
    section_title: str
    body_id: int
    unit_id: int | None
    province_id: int | None
    period_ends_on: dt.date
    text: str


ISSUE_FIELDS = (
    "pk",
    "report_id",
    "report__template_id",
    "report__reporter_id",
    "report__reporter__current_unit_id",
    "report__province_id",
    "place_id",
    "report__period__ends_on",
    "topic",
    "details",
    "handling",
    "severity",
    "trend",
    "people_affected",
    "origin_id",
)
TEXT_FIELDS = (
    "pk",
    "report_id",
    "report__template_id",
    "report__template__topic",
    "section__title",
    "report__reporter_id",
    "report__reporter__current_unit_id",
    "report__province_id",
    "report__period__ends_on",
    "body",
)


def _sent_issues() -> QuerySet[SituationIssue]:
    return SituationIssue.objects.filter(merged_into__isnull=True, report__state__in=SENT)


def _sent_texts() -> QuerySet[SectionText]:
    return SectionText.objects.filter(report__state__in=SENT).exclude(body="")


def situation_issues_after(last_id: int, limit: int = 500) -> Iterator[HarvestedIssue]:
    """The shown rows of sent reports with id > last_id, in id order, at most `limit`: one
    query. A row is written while its report is a draft, so a report sent after the cursor
    has passed its rows' ids is missed by this cursor alone: see `submissions_after`."""
    rows = _sent_issues().filter(pk__gt=last_id).order_by("pk").values_list(*ISSUE_FIELDS)
    for row in rows[:limit]:
        yield HarvestedIssue(*row)


def section_texts_after(last_id: int, limit: int = 500) -> Iterator[HarvestedText]:
    """The non-empty narrative texts of sent reports (every template) with id > last_id, in
    id order, at most `limit`: one query. The same caveat as situation_issues_after."""
    rows = _sent_texts().filter(pk__gt=last_id).order_by("pk").values_list(*TEXT_FIELDS)
    for row in rows[:limit]:
        yield HarvestedText(*row)


def submissions_after(last_id: int, limit: int = 500) -> list[tuple[int, int]]:
    """(submitted version id, report id) of the sendings with version id > last_id, in
    order: a cursor that sees every report when it is sent (again, after a correction),
    whatever the ids of its rows. One query."""
    return list(
        ReportVersion.objects.filter(pk__gt=last_id)
        .order_by("pk")
        .values_list("pk", "report_id")[:limit]
    )


def issues_of(report_ids: list[int]) -> Iterator[HarvestedIssue]:
    """The shown rows of these reports, if sent (as they are now), in id order."""
    rows = _sent_issues().filter(report_id__in=report_ids).order_by("pk")
    for row in rows.values_list(*ISSUE_FIELDS):
        yield HarvestedIssue(*row)


def texts_of(report_ids: list[int]) -> Iterator[HarvestedText]:
    """The non-empty narrative texts of these reports, if sent (as they are now)."""
    rows = _sent_texts().filter(report_id__in=report_ids).order_by("pk")
    for row in rows.values_list(*TEXT_FIELDS):
        yield HarvestedText(*row)
