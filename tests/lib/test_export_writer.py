"""The one writer of CSV and XLSX files: text a spreadsheet would run as a formula is escaped
with a leading apostrophe, never stored as a formula; numbers, dates and booleans keep their
type; the readers take exactly that escape off again."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from danvan.lib.spreadsheets import (
    CsvWriter,
    RowError,
    XlsxWriter,
    csv_chunks,
    escape_formula,
    read_records,
    unescape_formula,
    write_errors_csv,
)

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",  # full-width forms
    "＋1",
    "－1",
    "＠SUM(A1)",
    "  =1+1",  # some spreadsheets trim leading spaces before they look
    "'=1+1",  # already carries an apostrophe: gets one more, so it reads back as it was
    "-5 hộ",  # text, however harmless: escaped
    "+84 912 345 678",  # a phone number: escaped, Excel shows the apostrophe
]
HARMLESS = ["Đường ngập nước", "0912 345 678", "a=b", "'quoted'", "", "5-3", "#N/A"]
TYPED = [-1, 2.5, Decimal("-3.50"), 0, True]


@pytest.mark.parametrize("text", PAYLOADS)
def test_text_that_could_start_a_formula_gets_one_apostrophe(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_written_as_it_is(text):
    assert escape_formula(text) == text


@pytest.mark.parametrize("text", [*PAYLOADS, *HARMLESS, "''=x", "'", "''", " ", "' x"])
def test_reading_takes_off_exactly_the_escape_writing_added(text):
    assert unescape_formula(escape_formula(text)) == text


def test_an_apostrophe_typed_before_ordinary_text_is_kept_on_reading():
    assert unescape_formula("'tis") == "'tis"
    assert unescape_formula("'=x") == "=x"
    assert unescape_formula("''=x") == "'=x"


def _csv_rows(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_cells_are_escaped_and_numbers_stay_numbers():
    text = "".join(csv_chunks(["title", "n"], [[p, -1] for p in PAYLOADS]))
    header, *rows = _csv_rows(text)
    assert header == ["title", "n"]
    assert [row[0] for row in rows] == ["'" + p for p in PAYLOADS]
    assert {row[1] for row in rows} == {"-1"}  # a real negative number is not text: no escape


def test_csv_writes_typed_values_and_none_unescaped():
    stream = io.StringIO()
    CsvWriter(stream).writerow([*TYPED, None, dt.date(2026, 1, 2)])
    # Dates as the importers and a Vietnamese reader expect them: dd/mm/yyyy.
    assert _csv_rows(stream.getvalue()) == [["-1", "2.5", "-3.50", "0", "True", "", "02/01/2026"]]


def test_csv_chunks_stream_with_one_bom_and_read_rows_only_as_needed():
    taken = []

    def rows():
        for i in range(5000):
            taken.append(i)
            yield [f"=row {i}", "x" * 40]

    chunks = csv_chunks(["a", "b"], rows())
    first = next(chunks)
    assert first.startswith("\ufeffa,b")
    assert len(taken) < 5000  # the first piece left before the last row was read
    rest = list(chunks)
    assert len(rest) >= 2
    assert "".join([first, *rest]).count("\ufeff") == 1
    assert _csv_rows("".join([first, *rest]))[-1] == ["'=row 4999", "x" * 40]


def test_the_errors_report_is_escaped_too():
    stream = io.StringIO()
    write_errors_csv([RowError(2, "name", "=HYPERLINK(1)")], stream)
    assert _csv_rows(stream.getvalue())[1] == ["2", "name", "'=HYPERLINK(1)"]


def _xlsx(rows, path):
    book = XlsxWriter()
    sheet = book.sheet("Sheet")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return load_workbook(path).active


def test_xlsx_text_is_never_a_formula(tmp_path):
    sheet = _xlsx([[p] for p in PAYLOADS], tmp_path / "t.xlsx")
    cells = [row[0] for row in sheet.iter_rows()]
    assert [c.data_type for c in cells] == ["s"] * len(PAYLOADS)
    assert [c.value for c in cells] == ["'" + p for p in PAYLOADS]
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx_numbers_dates_and_booleans_keep_their_type(tmp_path):
    day = dt.date(2026, 1, 2)
    sheet = _xlsx([[*TYPED, None, day]], tmp_path / "t.xlsx")
    values = [c.value for c in next(sheet.iter_rows())]
    assert values[:5] == [-1, 2.5, -3.5, 0, True]
    assert not any(isinstance(v, str) for v in values)
    assert values[5] is None
    assert values[6] == dt.datetime(2026, 1, 2)


def test_xlsx_stores_error_codes_as_text_and_drops_characters_xml_cannot_hold(tmp_path):
    sheet = _xlsx([["#N/A", "\x01=1+1", "a\x02b"]], tmp_path / "t.xlsx")
    cells = next(sheet.iter_rows())
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    # Dropping the control character uncovers "=": it is escaped after, not before.
    assert [c.value for c in cells] == ["#N/A", "'=1+1", "ab"]


def test_sheet_titles_are_cut_to_excels_limit_and_widths_set(tmp_path):
    book = XlsxWriter()
    sheet = book.sheet("x" * 40, widths=(16, 60))
    sheet.append(["a", "b"])
    book.save(tmp_path / "t.xlsx")
    loaded = load_workbook(tmp_path / "t.xlsx")
    assert loaded.sheetnames == ["x" * 31]
    assert loaded.active.column_dimensions["B"].width == 60


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_written_file_reads_back_as_it_was(tmp_path, suffix):
    values = [*PAYLOADS, *HARMLESS, "''=x"]
    path = tmp_path / f"t.{suffix}"
    if suffix == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            CsvWriter(stream).writerows([[v] for v in ["value", *values]])
    else:
        book = XlsxWriter()
        sheet = book.sheet("t")
        for v in ["value", *values]:
            sheet.append([v])
        book.save(path)
    read = [row[0] if row else "" for row in read_records(path)[1:]]
    # Excel-made XLSX cells are read trimmed (cell_text): compare as the importers see them.
    expected = values if suffix == "csv" else [v.strip() for v in values]
    assert read == expected


def test_the_spooled_workbook_is_rewound_for_reading():
    book = XlsxWriter()
    book.sheet("t").append(["=1+1", 5])
    with book.spooled() as out:
        loaded = load_workbook(io.BytesIO(out.read())).active
    assert [c.value for c in next(loaded.iter_rows())] == ["'=1+1", 5]
