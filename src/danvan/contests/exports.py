"""The round's summary sheet (bảng tổng hợp điểm) as XLSX: every judge's scores per
criterion (dropped ones marked "*"), the aggregates, totals, ranks and outcome."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE, Column, Kind, xlsx_file

from .selectors import Summary, outcome

XLSX = XLSX_CONTENT_TYPE


def summary_xlsx(s: Summary) -> tempfile.SpooledTemporaryFile:
    """A write-only workbook on a spooled temporary file (handed to FileResponse). Scores
    are numbers; a dropped one stays the text "8.5*", so that a sum leaves it out too."""
    header = [Column(_("Rank"), Kind.NUMBER), Column(_("Team")), Column(_("Registering body"))]
    for c in s.criteria:
        header += [
            Column(f"{c.name} — {_('J')}{i}", Kind.NUMBER) for i in range(1, len(s.judges) + 1)
        ]
        header.append(
            Column(f"{c.name} — {_('Aggregate')} (×{c.weight.normalize():f})", Kind.NUMBER)
        )
    header += [Column(_("Total"), Kind.NUMBER), Column(_("Outcome"))]

    def rows() -> Iterator[list[object]]:
        for row in s.rows:
            line: list[object] = [row.rank, row.team.name, row.team.organization.name]
            for cells, agg in zip(row.cells, row.aggregates, strict=True):
                for cell in cells:
                    if cell.value is None:
                        line.append(None)
                    elif cell.dropped:
                        line.append(f"{cell.value}*")
                    else:
                        line.append(float(cell.value))
                line.append(float(agg) if agg is not None else None)
            line += [
                float(row.total) if row.total is not None else None,
                outcome(row.advances, row.prize),
            ]
            yield line

    return xlsx_file(
        _("Summary"),
        header,
        rows(),
        preamble=[
            [s.contest.name],
            [s.round.name, s.round.held_on, s.round.place],
            [_("Judges") + ":"] + [f"{i}. {j.user}" for i, j in enumerate(s.judges, 1)],
            [_("Scores marked * are left out (highest and lowest).")],
        ],
    )
