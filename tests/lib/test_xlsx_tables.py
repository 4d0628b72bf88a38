"""The one table writer behind every export (spreadsheets.XlsxWriter.table, xlsx_file,
csv_chunks, write_csv): typed dates and numbers in Vietnam's time and formats, a bold frozen
header with an autofilter, measured column widths, text escaped."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from danvan.lib.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    MAX_WIDTH,
    PLAIN_FORMAT,
    SAMPLE_ROWS,
    Column,
    Kind,
    XlsxWriter,
    csv_chunks,
    read_records,
    write_csv,
    xlsx_file,
)
from tests.lib.xlsx_checks import assert_table_sheet, workbook_sheet

UTC = dt.UTC
HEADER = [
    Column("Mã"),
    Column("Ngày tiếp nhận", Kind.DATETIME),
    Column("Hạn", Kind.DATE),
    Column("Số hộ", Kind.NUMBER),
    Column("Năm", Kind.PLAIN),
    Column("Ghi chú"),
]
# 20:30 UTC on 1 January is 03:30 on 2 January in Vietnam (UTC+7).
RECEIVED = dt.datetime(2026, 1, 1, 20, 30, tzinfo=UTC)
ROWS = [
    ["A-01", RECEIVED, dt.date(2026, 1, 12), 3545, 2026, "=1+1"],
    ["A-02", RECEIVED, RECEIVED, Decimal("7.50"), 2025, None],
    ["A-03", None, None, Decimal("12.00"), None, "Đường ngập nước"],
]


def _table(rows=ROWS, header=HEADER, **kwargs):
    with xlsx_file("Đơn thư", header, rows, **kwargs) as out:
        return workbook_sheet(io.BytesIO(out.read()))


def test_times_are_wall_clock_times_in_vietnam_and_dates_real_dates():
    sheet = _table()
    received, due = sheet["B2"], sheet["C2"]
    assert received.value == dt.datetime(2026, 1, 2, 3, 30)  # naive: Excel has no zones
    assert received.number_format == DATETIME_FORMAT == "dd/mm/yyyy hh:mm"
    assert received.is_date
    assert due.value == dt.datetime(2026, 1, 12) and due.number_format == DATE_FORMAT
    # A time in a date column is cut to its day in Vietnam, not in UTC.
    assert sheet["C3"].value == dt.datetime(2026, 1, 2)
    assert sheet["C3"].number_format == "dd/mm/yyyy"


def test_the_time_zone_is_vietnams_whatever_zone_is_active():
    with timezone.override("UTC"):
        sheet = _table()
    assert sheet["B2"].value == dt.datetime(2026, 1, 2, 3, 30)


def test_numbers_are_numbers_with_a_thousands_mark_and_years_are_plain():
    sheet = _table()
    households, year = sheet["D2"], sheet["E2"]
    assert households.data_type == "n" and households.value == 3545
    assert isinstance(households.value, int)
    assert households.number_format == INTEGER_FORMAT == "#,##0"  # 3.545 in Vietnamese Excel
    assert (sheet["D3"].value, sheet["D3"].number_format) == (7.5, DECIMAL_FORMAT)
    assert (sheet["D4"].value, sheet["D4"].number_format) == (12, INTEGER_FORMAT)
    assert (year.value, year.number_format) == (2026, PLAIN_FORMAT)  # not 2.026


def test_empty_cells_stay_empty_and_text_is_escaped():
    sheet = _table()
    assert sheet["F3"].value is None and sheet["B4"].value is None
    assert sheet["F2"].value == "'=1+1" and sheet["F2"].data_type == "s"
    assert sheet["F4"].value == "Đường ngập nước"


def test_the_header_is_bold_frozen_and_filtered_over_the_data():
    sheet = _table()
    assert_table_sheet(sheet)
    assert [c.value for c in sheet[1]] == [c.header for c in HEADER]
    assert all(c.font.b for c in sheet[1])
    assert not any(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"


def test_widths_come_from_the_header_and_the_values_and_are_capped():
    rows = [["x" * 200, "ngắn", 1234567, dt.date(2026, 1, 2)]]
    header = [Column("Tiêu đề"), Column("Một tiêu đề cột khá dài"), "Số", Column("Ngày", Kind.DATE)]
    sheet = _table(rows, header)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert widths[0] == MAX_WIDTH  # a long title: capped, not 200
    assert widths[1] > len("Một tiêu đề cột khá dài")  # the header, bold, with its button
    assert widths[2] >= len("1.234.567")
    assert 10 <= widths[3] < 20


def test_a_fixed_width_is_kept():
    sheet = _table([["a"]], [Column("code", width=33)])
    assert sheet.column_dimensions["A"].width == 33


def test_an_empty_table_still_has_its_header_filter_and_widths():
    sheet = _table([], HEADER)
    assert_table_sheet(sheet)
    assert sheet.auto_filter.ref == "A1:F1"
    assert sheet.column_dimensions["B"].width >= 16  # a date and time fits


def test_lines_above_the_header_are_frozen_with_it_and_a_total_is_left_out_of_the_filter():
    sheet = _table(
        [["Xã A", 3], ["Xã B", 4]],
        [Column("Địa bàn"), Column("Số", Kind.NUMBER)],
        preamble=[["Số liệu ngày", dt.date(2026, 11, 23)], ["Nơi", "Cả nước"]],
        footer=[["Tổng", 7]],
    )
    assert_table_sheet(sheet, header_row=3, footer_rows=1)
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:B5"
    assert sheet["A1"].font.b  # the title
    assert (
        sheet["B1"].value == dt.datetime(2026, 11, 23) and sheet["B1"].number_format == "dd/mm/yyyy"
    )
    assert (sheet["A6"].value, sheet["B6"].value) == ("Tổng", 7)
    assert sheet["A6"].font.b and sheet["B6"].number_format == "#,##0"


def test_more_rows_than_the_measured_sample_are_all_written_in_order():
    count = SAMPLE_ROWS * 2 + 7
    sheet = _table(([f"r{i}", None, None, i] for i in range(count)), HEADER)
    assert sheet.max_row == 1 + count
    assert [sheet.cell(row, 4).value for row in (2, 2 + SAMPLE_ROWS, 1 + count)] == [
        0,
        SAMPLE_ROWS,
        count - 1,
    ]
    assert sheet.auto_filter.ref == f"A1:F{1 + count}"


def test_headers_and_rows_never_hold_a_formula_or_an_error_code(tmp_path):
    book = XlsxWriter()
    book.table("t", [Column("=cmd|' /C calc'!A0"), Column("#N/A")], [["@SUM(1)", "#REF!"]])
    book.save(tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet[1]] == ["'=cmd|' /C calc'!A0", "#N/A"]
    assert [c.value for c in sheet[2]] == ["'@SUM(1)", "#REF!"]
    assert {c.data_type for row in sheet.iter_rows() for c in row} == {"s"}
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_a_sheet_name_excel_refuses_is_made_acceptable():
    with xlsx_file("Kết quả: 2025/2026 [tỉnh]?" + "x" * 40, ["a"], []) as out:
        title = load_workbook(io.BytesIO(out.read())).sheetnames[0]
    assert title == "Kết quả- 2025-2026 -tỉnh--xxxxx"[:31]


def test_a_table_with_dates_reads_back_as_the_importers_expect(tmp_path):
    book = XlsxWriter()
    book.table(
        "t", [Column("code"), Column("valid_from", Kind.DATE)], [["01", dt.date(2025, 7, 1)]]
    )
    book.save(tmp_path / "t.xlsx")
    assert read_records(tmp_path / "t.xlsx") == [["code", "valid_from"], ["01", "01/07/2025"]]


def _csv(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_rows_show_the_same_dates_and_times_as_text():
    header, *rows = _csv("".join(csv_chunks(HEADER, ROWS)))
    assert header == [c.header for c in HEADER]
    assert rows[0] == ["A-01", "02/01/2026 03:30", "12/01/2026", "3545", "2026", "'=1+1"]
    assert rows[1] == ["A-02", "02/01/2026 03:30", "02/01/2026", "7.50", "2025", ""]
    assert rows[2] == ["A-03", "", "", "12.00", "", "Đường ngập nước"]


def test_write_csv_counts_the_rows_and_takes_plain_headers():
    stream = io.StringIO()
    assert write_csv(stream, ["a", Column("b", Kind.DATE)], [["x", RECEIVED], ["=y", None]]) == 2
    assert _csv(stream.getvalue()) == [["a", "b"], ["x", "02/01/2026"], ["'=y", ""]]


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_writes_none_and_text(kind):
    sheet = _table([[None], ["văn bản"]], [Column("c", kind)])
    assert [sheet["A2"].value, sheet["A3"].value] == [None, "văn bản"]
