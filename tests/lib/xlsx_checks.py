"""What every export's workbook shows when it went through `spreadsheets.XlsxWriter.table`:
a bold header row, frozen under it, an autofilter over the header and the data, a width on
every column. Shared by the export tests of each app."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from danvan.lib.spreadsheets import MAX_WIDTH


def workbook_sheet(content: bytes | io.BytesIO) -> Worksheet:
    """The first sheet, fully loaded (not read-only: panes, filter and widths are read)."""
    stream = content if isinstance(content, io.BytesIO) else io.BytesIO(content)
    return load_workbook(stream).active


def streamed(response) -> Worksheet:
    return workbook_sheet(b"".join(response.streaming_content))


def assert_table_sheet(sheet: Worksheet, *, header_row: int = 1, footer_rows: int = 0) -> None:
    header = [c for c in sheet[header_row] if c.value is not None]
    assert header, "no header row"
    width = len(header)
    assert [c.column for c in header] == list(range(1, width + 1))
    assert all(c.font.b for c in header), "header not bold"
    assert all(c.data_type == "s" for c in header)
    assert sheet.freeze_panes == f"A{header_row + 1}"
    last_data_row = sheet.max_row - footer_rows
    assert sheet.auto_filter.ref == f"A{header_row}:{get_column_letter(width)}{last_data_row}"
    for index in range(1, width + 1):
        column_width = sheet.column_dimensions[get_column_letter(index)].width
        assert column_width and 0 < column_width <= MAX_WIDTH
