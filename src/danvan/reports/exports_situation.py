"""The table of issues as .xlsx: one report's (its page's download), and the sheet of the
issues raised in the reports a body consolidates (added to the consolidated workbook). Text
is escaped by lib.spreadsheets: an issue typed as "=HYPERLINK(…)" stays text."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from danvan.lib.dates import format_vn_date
from danvan.lib.spreadsheets import Column, Kind, XlsxWriter
from danvan.lib.text import fold

from . import selectors_situation
from .consolidation import Table
from .models import Report, SituationIssue


def _columns(with_body: bool) -> list[Column]:
    return [
        Column(_("No."), Kind.PLAIN),
        *([Column(_("Reporting body"), width=30)] if with_body else []),
        Column(_("Issue raised"), width=40),
        Column(_("Place"), width=24),
        Column(_("People affected"), Kind.NUMBER),
        Column(_("Severity")),
        Column(_("Trend since the last report")),
        Column(_("Handling proposed"), width=40),
        Column(_("Details"), width=40),
        *([] if with_body else [Column(_("Consolidated from"), width=30)]),
    ]


def _rows(issues: Iterable[SituationIssue], *, with_body: bool) -> Iterator[list[object]]:
    for n, issue in enumerate(issues, start=1):
        yield [
            n,
            *([issue.report.reporter.name] if with_body else []),
            issue.topic,
            issue.place.name if issue.place else "",
            issue.people_affected,
            issue.get_severity_display(),
            issue.get_trend_display(),
            issue.handling,
            issue.details,
            *([] if with_body else ["; ".join(selectors_situation.sources(issue))]),
        ]


def issues_xlsx(report: Report) -> tempfile.SpooledTemporaryFile:
    period = report.period
    book = XlsxWriter()
    book.table(
        _("Issues raised"),
        _columns(with_body=False),
        _rows(selectors_situation.issue_rows(report), with_body=False),
        preamble=[
            [f"{report.template.name} — {period.title} — {report.reporter.name}"],
            [
                _("From %(start)s to %(end)s; state: %(state)s.")
                % {
                    "start": format_vn_date(period.starts_on),
                    "end": format_vn_date(period.ends_on),
                    "state": report.get_state_display(),
                }
            ],
        ],
    )
    return book.spooled()


def add_consolidated_sheet(book: XlsxWriter, table: Table) -> None:
    """The issues raised in the counted reports, a row each with its body (added when the
    template has a table of issues)."""
    book.table(
        _("Issues raised"),
        _columns(with_body=True),
        _rows(selectors_situation.consolidated_issues(table), with_body=True),
        preamble=[
            [
                _("%(template)s — %(period)s — %(body)s")
                % {
                    "template": table.template.name,
                    "period": table.period.title,
                    "body": table.receiver.name,
                }
            ],
            [_("The issues raised in the reports counted, one row each.")],
        ],
    )


def filename(report: Report) -> str:
    who = "".join(ch if ch.isalnum() else "-" for ch in fold(report.reporter.code))
    p = report.period
    return f"van-de-{who}-{p.year}-{p.kind}-{p.number}.xlsx"
