"""The round's summary sheet (bảng tổng hợp điểm) as XLSX: every judge's scores per
criterion (dropped ones marked "*"), the aggregates, totals, ranks and outcome."""

from __future__ import annotations

import tempfile

from django.utils.translation import gettext as _

from danvan.lib.spreadsheets import XlsxWriter

from .selectors import Summary, outcome

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_xlsx(s: Summary) -> tempfile.SpooledTemporaryFile:
    """A write-only workbook on a spooled temporary file (handed to FileResponse)."""
    book = XlsxWriter()
    sheet = book.sheet(_("Summary"))
    sheet.append([s.contest.name])
    sheet.append(
        [
            s.round.name,
            s.round.held_on.strftime("%d/%m/%Y") if s.round.held_on else "",
            s.round.place,
        ]
    )
    sheet.append([_("Judges") + ":"] + [f"{i}. {j.user}" for i, j in enumerate(s.judges, 1)])
    sheet.append([_("Scores marked * are left out (highest and lowest).")])
    header = [_("Rank"), _("Team"), _("Registering body")]
    for c in s.criteria:
        header += [f"{c.name} — {_('J')}{i}" for i in range(1, len(s.judges) + 1)]
        header.append(f"{c.name} — {_('Aggregate')} (×{c.weight.normalize():f})")
    header += [_("Total"), _("Outcome")]
    sheet.append(header)
    for row in s.rows:
        line: list[object] = [row.rank, row.team.name, row.team.organization.name]
        for cells, agg in zip(row.cells, row.aggregates, strict=True):
            for cell in cells:
                if cell.value is None:
                    line.append("")
                elif cell.dropped:
                    line.append(f"{cell.value}*")
                else:
                    line.append(float(cell.value))
            line.append(float(agg) if agg is not None else "")
        line += [
            float(row.total) if row.total is not None else "",
            outcome(row.advances, row.prize),
        ]
        sheet.append(line)
    return book.spooled()
