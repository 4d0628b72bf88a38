"""A campaign's progress out of the platform: the roll-up as .xlsx — one row per
participating body and measure (target, results reported, receipts in the funds, achieved,
progress), the whole campaign last — through lib.spreadsheets (text cells formula-escaped)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from danvan.lib.dates import format_vn_date, today
from danvan.lib.spreadsheets import Column, Kind, xlsx_file

from .models import Measure
from .selectors.campaigns import BodyRow, Rollup, unit_of


def _lines(row: BodyRow, name: str, measures: list[str]) -> Iterator[list[object]]:
    for m in measures:
        cell = row.cell(m)
        yield [
            name,
            str(Measure(m).label),
            str(unit_of(m)),
            cell.target,
            cell.reported,
            cell.ledger,
            cell.achieved,
            cell.percent,
        ]


def _rows(rollup: Rollup) -> Iterator[list[object]]:
    measures = rollup.measures
    for row in rollup.rows:
        # The tree's depth as an indent: the bodies under a body follow it.
        yield from _lines(row, "    " * row.depth + row.organization.name, measures)


def rollup_xlsx(rollup: Rollup) -> tempfile.SpooledTemporaryFile:
    campaign = rollup.campaign
    header = [
        Column(_("Body")),
        Column(_("Measure")),
        Column(_("Unit")),
        Column(_("Target"), Kind.NUMBER),
        Column(_("Results reported"), Kind.NUMBER),
        Column(_("Received in the funds"), Kind.NUMBER),
        Column(_("Achieved"), Kind.NUMBER),
        Column(_("Progress (%)"), Kind.NUMBER),
    ]
    period = format_vn_date(campaign.starts_on)
    if campaign.ends_on:
        period += " – " + format_vn_date(campaign.ends_on)
    return xlsx_file(
        _("Progress"),
        header,
        _rows(rollup),
        preamble=[
            [campaign.name],
            [_("Organized by"), campaign.organizer.name],
            [_("Period"), period],
            [_("As of %(day)s") % {"day": format_vn_date(today())}],
        ],
        footer=list(_lines(rollup.total, _("The whole campaign"), rollup.measures)),
    )
