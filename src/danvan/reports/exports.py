"""The consolidated table as .xlsx: a sheet with an indicator per row and a column per
reporting body (as on the page), and a sheet with the figures of every report below the
receiver for the period — for the central body, its provinces and all their communes — written
row by row from the database in chunks, so memory stays flat however large the network."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.lib.dates import format_vn_date
from danvan.lib.spreadsheets import Column, Kind, XlsxWriter

from .consolidation import COUNTED, Table
from .models import FigureValue, Indicator, Report, ValueType

CHUNK = 500
DEPTH = 4  # central → province → commune, with room for one more level


def _number(value: Decimal | None, value_type: str) -> object:
    if value is None:
        return None
    if value_type in (ValueType.COUNT, ValueType.MONEY, ValueType.YES_NO):
        return int(value)
    return value


def reports_below(table: Table) -> list[tuple[int, int]]:
    """(depth, report id) of every counted report under the receiver for the table's template
    and period, level by level: one query per level."""
    found: list[tuple[int, int]] = []
    receivers = [table.receiver.pk]
    for depth in range(1, DEPTH + 1):
        level = list(
            Report.objects.filter(
                receiver_id__in=receivers,
                template=table.template,
                period=table.period,
                state__in=COUNTED,
            ).values_list("pk", "reporter_id")
        )
        if not level:
            break
        found += [(depth, pk) for pk, _reporter in level]
        receivers = [reporter for _pk, reporter in level]
    return found


def _below_rows(table: Table, indicators: list[Indicator]) -> Iterator[list[object]]:
    order = {pk: depth for depth, pk in reports_below(table)}
    ids = sorted(order)
    position = {i.code: n for n, i in enumerate(indicators)}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        reports = (
            Report.objects.filter(pk__in=chunk)
            .select_related("reporter", "receiver")
            .only("pk", "state", "reporter__name", "reporter__code", "receiver__name")
            .order_by("reporter__code")
        )
        values: dict[int, list[object]] = {pk: [None] * len(indicators) for pk in chunk}
        for report_id, code, value in FigureValue.objects.filter(report_id__in=chunk).values_list(
            "report_id", "indicator__code", "value"
        ):
            if code in position:
                n = position[code]
                values[report_id][n] = _number(value, indicators[n].value_type)
        for report in reports:
            yield [
                order[report.pk],
                report.reporter.code,
                report.reporter.name,
                report.receiver.name,
                report.get_state_display(),
                *values[report.pk],
            ]


def consolidated_xlsx(table: Table) -> tempfile.SpooledTemporaryFile:
    period = table.period
    title = [
        _("%(template)s — %(period)s — %(body)s")
        % {"template": table.template.name, "period": period.title, "body": table.receiver.name}
    ]
    window = [
        _("Figures from %(start)s to %(end)s; %(n)s of %(total)s reports counted.")
        % {
            "start": format_vn_date(period.starts_on),
            "end": format_vn_date(period.ends_on),
            "n": table.counted,
            "total": len(table.children),
        }
    ]
    book = XlsxWriter()
    names = [c.organization.short_name or c.organization.name for c in table.children]
    children = [
        name if c.counted else _("%(body)s (not counted)") % {"body": name}
        for c, name in zip(table.children, names, strict=True)
    ]
    book.table(
        _("Consolidated"),
        [
            Column(_("No."), Kind.PLAIN),
            Column(_("Code")),
            Column(_("Indicator"), width=48),
            Column(_("Unit")),
            Column(_("Rule")),
            Column(_("Consolidated"), Kind.NUMBER),
            *[Column(name, Kind.NUMBER) for name in children],
        ],
        (
            [
                n,
                row.indicator.code,
                row.indicator.label,
                row.indicator.unit,
                row.indicator.get_consolidation_display(),
                _number(row.total, row.indicator.value_type),
                *[_number(cell, row.indicator.value_type) for cell in row.cells],
            ]
            for n, row in enumerate(table.rows, start=1)
        ),
        preamble=[title, window],
    )
    indicators = [row.indicator for row in table.rows]
    book.table(
        _("Every report below"),
        [
            Column(_("Level below"), Kind.PLAIN),
            Column(_("Body code")),
            Column(_("Reporting body"), width=40),
            Column(_("Reports to"), width=30),
            Column(_("State")),
            *[Column(i.code, Kind.NUMBER) for i in indicators],
        ],
        _below_rows(table, indicators),
        preamble=[title, [_("One row per report counted below, at any level.")]],
    )
    if table.version is not None and table.version.sections.filter(issue_table=True).exists():
        from .exports_situation import add_consolidated_sheet

        add_consolidated_sheet(book, table)
    return book.spooled()


def filename(table: Table) -> str:
    p = table.period
    return f"tong-hop-{table.template.code}-{p.year}-{p.kind}-{p.number}.xlsx"
