"""Periodic reports over HTTP, read-only, for other systems: the templates (published
versions with their sections, indicators and checks), the obligations, the report instances
with their figures and section texts, and a receiver's consolidated table — in JSON, and the
lists of figures in CSV.

Who sees what is decided by `danvan.reports.access` only, as on the pages: a body's staff see
its own reports (drafts included); a receiving body's staff, and the levels above it, see a
report once it has been submitted; the consolidated table is for those who oversee the
receiver. A report the caller may not see is answered 404, as if it did not exist.

Figures are decimal numbers written as JSON strings ("12.5", the API's way with decimals) and
in CSV as plain numbers with a full stop for the decimals; the CSV files are written by
`danvan.lib.spreadsheets` (UTF-8 with a BOM, dates dd/mm/yyyy, text that a spreadsheet would
run as a formula escaped with an apostrophe).
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib import richtext
from danvan.lib.dates import today
from danvan.lib.spreadsheets import Column, Kind, csv_chunks
from danvan.org.models import Organization
from danvan.org.models.validity import valid_on
from danvan.reports import access, selectors
from danvan.reports.consolidation import Child, Table, table
from danvan.reports.models import (
    Consolidation,
    Indicator,
    IndicatorCheck,
    Obligation,
    PeriodKind,
    Report,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    Section,
    TemplateVersion,
    Topic,
    ValueType,
    VersionState,
)

from .auth import AUTHENTICATED, staff_user
from .pagination import Page
from .schemas import (
    AS_OF_DESCRIPTION,
    CSV_CONTENT_TYPE,
    CSV_RESPONSE,
    AsOfDate,
    ErrorOut,
    Id,
    OrganizationRefOut,
)

router = Router(tags=["reports"])


# --- Reading helpers over the access module -------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "reports.view_report")


def visible_obligations(user: User, receiver: Organization | None = None) -> QuerySet[Obligation]:
    """Obligations of the bodies the user works for, as reporter or receiver; with
    `receiver`, every obligation towards it when the user oversees it (the drill-down)."""
    bodies = access.bodies_for(user, STAFF_ROLES)
    where = Q(reporter__in=bodies) | Q(receiver__in=bodies)
    if receiver is not None and access.may_oversee(user, receiver):
        where |= Q(receiver=receiver)
    return Obligation.objects.filter(where)


def visible_templates(user: User) -> QuerySet[ReportTemplate]:
    """Templates defined by a body the user works for, used by one of its obligations, or
    used by a report the user may see."""
    bodies = access.bodies_for(user, STAFF_ROLES)
    return ReportTemplate.objects.filter(
        Q(owner__in=bodies)
        | Q(pk__in=visible_obligations(user).values("template_id"))
        | Q(pk__in=access.reports_for(user, access.Action.VIEW).values("template_id"))
    )


def _report(user: User, report_id: int) -> Report:
    try:
        return access.report_for(user, report_id, access.Action.VIEW)
    except PermissionDenied:
        # The API does not say whether a report out of the caller's reach exists.
        raise Http404 from None


def number(value: Decimal | None) -> Decimal | None:
    """A stored figure (four decimal places) as the number it is: 12.5000 → 12.5, 3.0000 → 3."""
    if value is None:
        return None
    return Decimal(f"{value.normalize():f}")


def _csv(
    header: list[Column], rows: Iterable[Iterable[object]], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Shapes -----------------------------------------------------------------------------------


class ReportTemplateRefOut(Schema):
    id: int
    code: str
    name: str


class ReportPeriodOut(Schema):
    id: int
    kind: PeriodKind
    year: int
    number: int
    title: str = Field(description="The period's name, e.g. “Tháng 11/2026”.")
    starts_on: dt.date = Field(description="Figures from this day…")
    ends_on: dt.date = Field(description="…to this day, both included.")

    @staticmethod
    def resolve_title(obj: ReportingPeriod) -> str:
        return obj.title


class ReportPeriodFilters(Schema):
    kind: PeriodKind | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class ScheduleOut(Schema):
    period_kind: PeriodKind
    due_days: int = Field(description="Days after the period's cut-off that a report is due.")
    remind_days: int


class IndicatorDefOut(Schema):
    code: str
    position: int
    label: str
    depth: int = Field(description="1 for a row “of which …” under the row above.")
    value_type: ValueType
    unit: str
    definition: str
    required: bool
    minimum: Decimal | None
    maximum: Decimal | None
    consolidation: Consolidation
    weight: str | None = Field(description="Code of the weighting indicator (weighted_avg).")
    numerator: str | None = Field(description="Code of the numerator (ratio).")
    denominator: str | None = Field(description="Code of the denominator (ratio).")
    source: str = Field(description="Key of the platform figure it is filled from; empty: typed.")

    @staticmethod
    def resolve_minimum(obj: Indicator) -> Decimal | None:
        return number(obj.minimum)

    @staticmethod
    def resolve_maximum(obj: Indicator) -> Decimal | None:
        return number(obj.maximum)

    @staticmethod
    def resolve_weight(obj: Indicator) -> str | None:
        return obj.weight.code if obj.weight else None

    @staticmethod
    def resolve_numerator(obj: Indicator) -> str | None:
        return obj.numerator.code if obj.numerator else None

    @staticmethod
    def resolve_denominator(obj: Indicator) -> str | None:
        return obj.denominator.code if obj.denominator else None


class SectionDefOut(Schema):
    position: int
    heading: str
    title: str
    guidance: str
    narrative: bool = Field(description="Whether the section has narrative text.")
    indicators: list[IndicatorDefOut]

    @staticmethod
    def resolve_indicators(obj: Section) -> list[Indicator]:
        return list(obj.indicators.all())


class CheckOut(Schema):
    kind: str = Field(description="sum_equals: the parts add up to the subject; at_most.")
    subject: str
    parts: list[str]

    @staticmethod
    def resolve_subject(obj: IndicatorCheck) -> str:
        return obj.subject.code

    @staticmethod
    def resolve_parts(obj: IndicatorCheck) -> list[str]:
        return sorted(p.code for p in obj.parts.all())


class TemplateVersionOut(Schema):
    number: int
    applies_from: dt.date = Field(description="Applies to periods ending on or after this day.")
    published_at: dt.datetime | None
    note: str
    sections: list[SectionDefOut]
    checks: list[CheckOut]

    @staticmethod
    def resolve_sections(obj: TemplateVersion) -> list[Section]:
        return list(obj.sections.all())

    @staticmethod
    def resolve_checks(obj: TemplateVersion) -> list[IndicatorCheck]:
        return list(obj.checks.all())


class ReportTemplateOut(Schema):
    id: int
    code: str
    name: str
    topic: Topic
    description: str
    active: bool
    owner: OrganizationRefOut
    schedules: list[ScheduleOut]
    versions: list[TemplateVersionOut] = Field(description="Published versions, newest first.")

    @staticmethod
    def resolve_schedules(obj: ReportTemplate) -> list[Any]:
        return list(obj.schedules.all())

    @staticmethod
    def resolve_versions(obj: ReportTemplate) -> list[TemplateVersion]:
        return list(obj.versions.all())


class ReportTemplateFilters(Schema):
    topic: Topic | None = None
    active: bool | None = None


class ObligationOut(Schema):
    id: int
    template: ReportTemplateRefOut
    reporter: OrganizationRefOut
    receiver: OrganizationRefOut
    valid_from: dt.date | None
    valid_to: dt.date | None
    rule: str | None = Field(description="below, children or chosen; null: made by hand.")

    @staticmethod
    def resolve_rule(obj: Obligation) -> str | None:
        return obj.rule.kind if obj.rule else None


class ObligationFilters(Schema):
    template: Id | None = None
    reporter: Id | None = None
    receiver: Id | None = Field(
        None,
        description="Only towards this body; all of them when the caller oversees it.",
    )
    as_of: AsOfDate = Field(None, description=AS_OF_DESCRIPTION)


class ReportOut(Schema):
    id: int
    template: ReportTemplateRefOut
    template_version: int
    period: ReportPeriodOut
    reporter: OrganizationRefOut
    receiver: OrganizationRefOut
    state: ReportState
    due_on: dt.date
    number: str = Field(description="The document's number, e.g. 24-BC/BTGDVTU.")
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None = Field(description="Last submitted at.")

    @staticmethod
    def resolve_template_version(obj: Report) -> int:
        return obj.version.number


class ReportFilters(Schema):
    period: Id | None = None
    template: Id | None = None
    state: ReportState | None = None
    reporter: Id | None = None
    receiver: Id | None = None


class ReportFigureOut(Schema):
    code: str
    label: str
    depth: int
    value_type: ValueType
    unit: str
    value: Decimal | None = Field(description="What the report says.")
    platform_value: Decimal | None = Field(description="What the platform counted, if bound.")
    overridden: bool
    override_reason: str = Field(description="Why the value differs from the platform's.")
    source: str
    records_url: str = Field(description="The page listing the records counted; empty: typed.")
    problems: list[str] = Field(description="Failed checks (range, sums), in the user's language.")


class ReportSectionOut(Schema):
    position: int
    heading: str
    title: str
    narrative: bool
    text: str = Field(description="The section's text as plain text.")
    markdown: str = Field(description="The same text as written (Markdown: bold, italic, lists).")
    figures: list[ReportFigureOut]


class ReportDetailOut(ReportOut):
    sections: list[ReportSectionOut]

    @staticmethod
    def resolve_sections(obj: Report) -> list[dict[str, Any]]:
        return _sections(obj)


class ConsolidatedChildOut(Schema):
    organization: OrganizationRefOut
    counted: bool = Field(description="Whether its figures are in the table.")
    status: Literal["submitted", "accepted", "returned", "missing"] = Field(
        description="missing: not sent (or not yet), so not counted; returned: being corrected."
    )
    report_id: int | None = Field(description="The counted report; null when not counted.")


class ConsolidatedRowOut(Schema):
    code: str
    label: str
    depth: int
    value_type: ValueType
    unit: str
    consolidation: Consolidation
    consolidated: Decimal | None = Field(description="By the indicator's rule; null: no figure.")
    values: list[Decimal | None] = Field(
        description="One per child, in the order of `children`; null when not counted or blank."
    )


class ConsolidatedOut(Schema):
    receiver: OrganizationRefOut
    template: ReportTemplateRefOut
    period: ReportPeriodOut
    template_version: int | None = Field(description="Null: no published version applies.")
    counted: int
    children: list[ConsolidatedChildOut]
    missing: list[int] = Field(description="Ids of the children not counted.")
    rows: list[ConsolidatedRowOut]


# --- Periods and templates ------------------------------------------------------------------


@router.get(
    "/periods",
    response={200: list[ReportPeriodOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Reporting periods, latest first",
    operation_id="list_report_periods",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_periods(
    request: HttpRequest, filters: Query[ReportPeriodFilters]
) -> QuerySet[ReportingPeriod]:
    _staff(request)
    qs = ReportingPeriod.objects.all()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs.order_by("-ends_on", "kind", "pk")


def _templates(user: User) -> QuerySet[ReportTemplate]:
    published = TemplateVersion.objects.filter(state=VersionState.PUBLISHED).order_by("-number")
    return (
        visible_templates(user)
        .select_related("owner")
        .prefetch_related(
            "schedules",
            Prefetch("versions", queryset=published),
            Prefetch("versions__sections", queryset=Section.objects.order_by("position")),
            Prefetch(
                "versions__sections__indicators",
                queryset=Indicator.objects.select_related(
                    "weight", "numerator", "denominator"
                ).order_by("position"),
            ),
            Prefetch(
                "versions__checks",
                queryset=IndicatorCheck.objects.select_related("subject")
                .prefetch_related("parts")
                .order_by("pk"),
            ),
        )
    )


@router.get(
    "/templates",
    response={200: list[ReportTemplateOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Templates of the caller's bodies and of the reports they see, with their "
    "published versions, sections, indicators and checks",
    operation_id="list_report_templates",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_templates(
    request: HttpRequest, filters: Query[ReportTemplateFilters]
) -> QuerySet[ReportTemplate]:
    qs = _templates(_staff(request))
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return qs.order_by("name", "pk")


@router.get(
    "/templates/{template_id}",
    response={200: ReportTemplateOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One template the caller's bodies use, with its published versions",
    operation_id="get_report_template",
    auth=AUTHENTICATED,
)
def get_template(request: HttpRequest, template_id: Id) -> ReportTemplate:
    return get_object_or_404(_templates(_staff(request)), pk=template_id)


# --- Obligations ----------------------------------------------------------------------------


@router.get(
    "/obligations",
    response={200: list[ObligationOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Who reports to whom on which template: the obligations of the caller's bodies",
    operation_id="list_report_obligations",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_obligations(
    request: HttpRequest, filters: Query[ObligationFilters]
) -> QuerySet[Obligation]:
    user = _staff(request)
    receiver = (
        Organization.objects.filter(pk=filters.receiver).first() if filters.receiver else None
    )
    qs = visible_obligations(user, receiver).filter(valid_on(filters.as_of or today()))
    for name in ("template", "reporter", "receiver"):
        if value := getattr(filters, name):
            qs = qs.filter(**{f"{name}_id": value})
    return qs.select_related("template", "reporter", "receiver", "rule").order_by(
        "receiver__code", "template__code", "reporter__code", "pk"
    )


# --- Report instances -----------------------------------------------------------------------


def _reports(user: User, filters: ReportFilters) -> QuerySet[Report]:
    qs = access.reports_for(user, access.Action.VIEW)
    for name in ("period", "template", "state", "reporter", "receiver"):
        if value := getattr(filters, name):
            qs = qs.filter(**{name: value})
    return qs.select_related("template", "version", "period", "reporter", "receiver").order_by(
        "-period__ends_on", "reporter__code", "template__code", "pk"
    )


@router.get(
    "/instances",
    response={200: list[ReportOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Reports the caller may see: their bodies' own, and those submitted to the bodies "
    "they oversee",
    operation_id="list_reports",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> QuerySet[Report]:
    return _reports(_staff(request), filters)


REPORT_COLUMNS = [
    Column("id", Kind.PLAIN),
    Column("template_code"),
    Column("template_version", Kind.PLAIN),
    Column("period_kind"),
    Column("period_year", Kind.PLAIN),
    Column("period_number", Kind.PLAIN),
    Column("period_title"),
    Column("period_starts_on", Kind.DATE),
    Column("period_ends_on", Kind.DATE),
    Column("reporter_id", Kind.PLAIN),
    Column("reporter_code"),
    Column("reporter_name"),
    Column("receiver_id", Kind.PLAIN),
    Column("receiver_code"),
    Column("receiver_name"),
    Column("state"),
    Column("due_on", Kind.DATE),
    Column("number"),
    Column("first_submitted_at", Kind.DATETIME),
    Column("submitted_at", Kind.DATETIME),
]


def _report_rows(reports: QuerySet[Report]) -> Iterator[list[object]]:
    for r in reports.iterator(chunk_size=500):
        period = r.period
        yield [
            r.pk,
            r.template.code,
            r.version.number,
            period.kind,
            period.year,
            period.number,
            period.title,
            period.starts_on,
            period.ends_on,
            r.reporter_id,
            r.reporter.code,
            r.reporter.name,
            r.receiver_id,
            r.receiver.code,
            r.receiver.name,
            r.state,
            r.due_on,
            r.number,
            r.first_submitted_at,
            r.submitted_at,
        ]


@router.get(
    "/instances.csv",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The same reports as CSV, all pages",
    operation_id="list_reports_csv",
    auth=AUTHENTICATED,
    openapi_extra=CSV_RESPONSE,
)
def list_reports_csv(request: HttpRequest, filters: Query[ReportFilters]) -> StreamingHttpResponse:
    reports = _reports(_staff(request), filters)
    return _csv(REPORT_COLUMNS, _report_rows(reports), f"bao-cao-{today():%Y%m%d}.csv")


def _sections(report: Report) -> list[dict[str, Any]]:
    blocks, _general = selectors.page(report)
    return [
        {
            "position": b.section.position,
            "heading": b.section.heading,
            "title": b.section.title,
            "narrative": b.section.narrative,
            "text": richtext.plain(b.text),
            "markdown": b.text,
            "figures": [
                {
                    "code": f.indicator.code,
                    "label": f.indicator.label,
                    "depth": f.indicator.depth,
                    "value_type": f.indicator.value_type,
                    "unit": f.indicator.unit,
                    "value": number(f.value),
                    "platform_value": number(f.platform_value),
                    "overridden": f.overridden,
                    "override_reason": f.reason,
                    "source": f.indicator.source,
                    "records_url": f.records_url,
                    "problems": [str(p) for p in f.problems],
                }
                for f in b.figures
            ],
        }
        for b in blocks
    ]


@router.get(
    "/instances/{report_id}",
    response={200: ReportDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One report with its figures (the platform's count beside the value given, and "
    "why they differ) and its sections' texts",
    operation_id="get_report",
    auth=AUTHENTICATED,
)
def get_report(request: HttpRequest, report_id: Id) -> Report:
    return _report(_staff(request), report_id)


FIGURE_COLUMNS = [
    Column("section_heading"),
    Column("section_title"),
    Column("code"),
    Column("label"),
    Column("depth", Kind.PLAIN),
    Column("value_type"),
    Column("unit"),
    Column("value", Kind.NUMBER),
    Column("platform_value", Kind.NUMBER),
    Column("overridden"),
    Column("override_reason"),
    Column("source"),
]


@router.get(
    "/instances/{report_id}/figures.csv",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="One report's figures as CSV, one row per indicator",
    operation_id="get_report_figures_csv",
    auth=AUTHENTICATED,
    openapi_extra=CSV_RESPONSE,
)
def get_report_figures_csv(request: HttpRequest, report_id: Id) -> StreamingHttpResponse:
    report = _report(_staff(request), report_id)
    rows = [
        [
            s["heading"],
            s["title"],
            f["code"],
            f["label"],
            f["depth"],
            f["value_type"],
            f["unit"],
            f["value"],
            f["platform_value"],
            int(f["overridden"]),
            f["override_reason"],
            f["source"],
        ]
        for s in _sections(report)
        for f in s["figures"]
    ]
    return _csv(FIGURE_COLUMNS, rows, f"bao-cao-{report.pk}-so-lieu.csv")


# --- The consolidated table -----------------------------------------------------------------


def _table(request: HttpRequest, receiver: int, template: int, period: int) -> Table:
    """As the consolidated page: for those who oversee the receiving body."""
    user = _staff(request)
    org = get_object_or_404(Organization, pk=receiver)
    if not access.may_oversee(user, org):
        raise PermissionDenied
    return table(
        org,
        get_object_or_404(ReportTemplate, pk=template),
        get_object_or_404(ReportingPeriod, pk=period),
    )


def _status(child: Child) -> str:
    # Only what the receiver may know: a report never submitted is not theirs to see, so a
    # draft or an approved report is "missing" like one not opened.
    if child.counted or (child.report and child.report.state == ReportState.RETURNED):
        return child.status
    return "missing"


@router.get(
    "/consolidated/{int:receiver}/{int:template}/{int:period}",
    response={200: ConsolidatedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A receiving body's consolidated table for a template and a period: each "
    "indicator by its rule over the submitted and accepted reports, a column per reporting body",
    operation_id="get_consolidated_table",
    auth=AUTHENTICATED,
)
def get_consolidated(request: HttpRequest, receiver: Id, template: Id, period: Id) -> dict:
    result = _table(request, receiver, template, period)
    return {
        "receiver": result.receiver,
        "template": result.template,
        "period": result.period,
        "template_version": result.version.number if result.version else None,
        "counted": result.counted,
        "children": [
            {
                "organization": c.organization,
                "counted": c.counted,
                "status": _status(c),
                "report_id": c.report.pk if c.counted and c.report else None,
            }
            for c in result.children
        ],
        "missing": [c.organization.pk for c in result.missing],
        "rows": [
            {
                "code": row.indicator.code,
                "label": row.indicator.label,
                "depth": row.indicator.depth,
                "value_type": row.indicator.value_type,
                "unit": row.indicator.unit,
                "consolidation": row.indicator.consolidation,
                "consolidated": number(row.total),
                "values": [number(v) for v in row.cells],
            }
            for row in result.rows
        ],
    }


@router.get(
    "/consolidated/{int:receiver}/{int:template}/{int:period}.csv",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The consolidated table as CSV: a row per indicator, a column per reporting body "
    "(headed by its code, with its status in brackets when it is not counted)",
    operation_id="get_consolidated_table_csv",
    auth=AUTHENTICATED,
    openapi_extra=CSV_RESPONSE,
)
def get_consolidated_csv(
    request: HttpRequest, receiver: Id, template: Id, period: Id
) -> StreamingHttpResponse:
    result = _table(request, receiver, template, period)
    header = [
        Column("code"),
        Column("label"),
        Column("unit"),
        Column("consolidation"),
        Column("consolidated", Kind.NUMBER),
        *(
            Column(
                c.organization.code if c.counted else f"{c.organization.code} [{_status(c)}]",
                Kind.NUMBER,
            )
            for c in result.children
        ),
    ]
    rows = [
        [
            row.indicator.code,
            row.indicator.label,
            row.indicator.unit,
            row.indicator.consolidation,
            number(row.total),
            *(number(v) for v in row.cells),
        ]
        for row in result.rows
    ]
    name = f"tong-hop-{result.receiver.pk}-{result.template.code}-{result.period.pk}.csv"
    return _csv(header, rows, name)
