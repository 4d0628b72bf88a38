"""A fund's ledger as .csv and .xlsx, for a period: every entry in order, with the balance
after it, so the file adds up to the page to the đồng.

Both stream: the CSV row by row as the client reads (`csv_chunks`), the workbook written in
openpyxl's write-only mode to a spooled file and sent in chunks (FileResponse is a streaming
response). Text is formula-escaped by lib.spreadsheets. A donor appears only under the name
published with consent ("anonymous" or "not published" otherwise): the name as given is
never decrypted here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from danvan.lib.dates import format_vn_date, today
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE, Column, Kind, csv_chunks, xlsx_file

from .models import Fund, LedgerEntry, Purpose
from .selectors import funds as select

CHUNK = 2000


def header() -> list[Column]:
    return [
        Column(_("No."), Kind.PLAIN),
        Column(_("Date"), Kind.DATE),
        Column(_("Kind of entry"), Kind.TEXT),
        Column(_("Amount (đồng)"), Kind.NUMBER),
        Column(_("Balance after (đồng)"), Kind.NUMBER),
        Column(_("Donor (as published)"), Kind.TEXT),
        Column(_("Form"), Kind.TEXT),
        Column(_("Receipt number"), Kind.TEXT),
        Column(_("Purpose"), Kind.TEXT),
        Column(_("Household code"), Kind.TEXT),
        Column(_("Beneficiary or other fund"), Kind.TEXT),
        Column(_("Deciding document"), Kind.TEXT),
        Column(_("Campaign"), Kind.TEXT),
        Column(_("Reverses entry no."), Kind.PLAIN),
        Column(_("Recorded by"), Kind.TEXT),
        Column(_("Recorded at"), Kind.DATETIME),
    ]


def rows(fund: Fund, filters: select.LedgerFilters) -> Iterator[Sequence[object]]:
    entries = select.entries(fund, filters).order_by("seq")
    for e in entries.iterator(chunk_size=CHUNK):
        yield _row(e)


def _row(e: LedgerEntry) -> list[object]:
    by = e.recorded_by
    return [
        e.seq,
        e.entry_date,
        e.get_kind_display(),
        e.amount,
        e.balance_after,
        select.donor_label(e),
        e.get_method_display() if e.method else "",
        e.receipt_number,
        Purpose(e.purpose).label if e.purpose in Purpose.values else "",
        e.household.code if e.household else "",
        e.beneficiary,
        e.decision_number,
        e.campaign.name if e.campaign else "",
        e.reverses.seq if e.reverses else None,
        (by.get_full_name() or by.username) if by else "",
        e.recorded_at,
    ]


def _period(filters: select.LedgerFilters) -> str:
    start = format_vn_date(filters.date_from) if filters.date_from else "…"
    end = format_vn_date(filters.date_to) if filters.date_to else format_vn_date(today())
    return _("Period: %(start)s – %(end)s") % {"start": start, "end": end}


def _filename(fund: Fund, ext: str) -> str:
    return f"so-quy-{fund.pk}-{today():%Y%m%d}.{ext}"


def csv_response(fund: Fund, filters: select.LedgerFilters) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_chunks(header(), rows(fund, filters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(fund, "csv")}"'
    return response


def xlsx_response(fund: Fund, filters: select.LedgerFilters) -> FileResponse:
    keeper = fund.keeper.name
    out = xlsx_file(
        _("Ledger"),
        header(),
        rows(fund, filters),
        preamble=[
            [_("Ledger of %(fund)s") % {"fund": fund.name}],
            [_("Kept by: %(body)s") % {"body": keeper}],
            [_period(filters)],
        ],
    )
    return FileResponse(
        out,
        as_attachment=True,
        filename=_filename(fund, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )
