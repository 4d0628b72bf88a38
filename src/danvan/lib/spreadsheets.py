"""Every CSV and XLSX file the platform reads or writes goes through here.

Reading, shared by every all-or-nothing import (organizations, citizen matters): Excel habits
are handled once — a UTF-8 BOM, ";" as the separator in a Vietnamese locale, dates typed as
real date cells, and codes whose leading zeros became numbers.

Writing: every export is a table — `Column`s (a header and a `Kind`) and rows of plain values
(str, int, Decimal, date, aware datetime, None) — handed to `xlsx_file` / `XlsxWriter.table`
or `csv_chunks` / `write_csv` (decision 0017):

- XLSX in openpyxl's write-only mode, so memory stays flat however long the table: rows go to
  a temporary file as they come, the finished workbook to a spooled file (memory up to 8 MiB,
  disk beyond). Dates and numbers are typed cells — a date shows as dd/mm/yyyy, a time as
  dd/mm/yyyy hh:mm in Vietnam's time (Excel has no time zones: the sheet holds the wall-clock
  time in Asia/Ho_Chi_Minh), a number as #,##0 (3.545 in a Vietnamese Excel) — so they sort,
  filter and add up. The header row is bold, frozen, and carries an autofilter over the data;
  column widths come from the header and the first rows (they must be set before the first
  row is written, so the first `SAMPLE_ROWS` rows are held back to measure them).
- CSV the same rows as text: dates dd/mm/yyyy, times dd/mm/yyyy HH:MM in Vietnam's time,
  numbers as Python writes them.

Text that a spreadsheet would run as a formula is escaped (OWASP "CSV injection"). A text cell
whose first character — looking past leading apostrophes and spaces — is one of = + - @ TAB CR
or their full-width forms ＝ ＋ － ＠ gets one apostrophe in front: `=HYPERLINK(…)` is written
`'=HYPERLINK(…)`. The rule goes by type, not by a guess at intent: a real number, date or
boolean is written as such (-5 stays the number -5), while text is escaped whatever it says —
"-5 hộ" becomes "'-5 hộ" and a phone number "+84 912…" becomes "'+84 912…" (Excel shows the
apostrophe; the value stays readable and is never run). In XLSX text is moreover stored as a
string cell, never as a formula or an error code, and the control characters XML cannot hold
are dropped. Headers are text like any other cell (a criterion's name is the user's).

The readers take exactly that escape off again (`unescape_formula`), so an exported file
imports back unchanged: "'=x" reads as "=x", and "''=x" (the escape of a value that itself
began with an apostrophe) as "'=x".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ImportFileError(Exception):
    """The file cannot be read as the expected table at all (type, encoding, header)."""

    def __init__(self, message: str, errors: Sequence[RowError] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


def write_errors_csv(errors: Iterable[RowError], stream: TextSink) -> None:
    writer = CsvWriter(stream)
    writer.writerow(["row", "column", "message"])
    for error in errors:
        writer.writerow([error.row, error.column, error.message])


# --- Writing: cells --------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel, LibreOffice and Google Sheets start a formula with these; the full-width forms are
# what a Vietnamese or East Asian input method may type, and some spreadsheets accept them too.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
ESCAPE = "'"
# Values a spreadsheet holds as themselves; anything else is written as (escaped) text.
# bool is an int, datetime a date.
_TYPED = (int, float, Decimal, dt.date, dt.time, dt.timedelta)
_NUMBERS = (int, float, Decimal)
# XML 1.0 cannot hold these: openpyxl refuses the whole workbook over one of them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text equal to one of these would become an error cell in XLSX.
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# Excel's limit on a cell's text: a longer one makes it "repair" (empty) the whole sheet.
_MAX_TEXT = 32767
# Excel's rules for a sheet's name.
_SHEET_TITLE_ILLEGAL = re.compile(r"[\\*?:/\[\]]")
CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024

# Excel has no time zones: a time is written as the wall-clock time here.
LOCAL_ZONE = ZoneInfo(settings.TIME_ZONE)  # Asia/Ho_Chi_Minh
# Number formats are stored in the file as these codes; Excel shows them in the reader's
# locale (in Vietnamese: 05/11/2026, 3.545, 7,5).
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
PLAIN_FORMAT = "0"
_CSV_DATE = "%d/%m/%Y"
_CSV_DATETIME = "%d/%m/%Y %H:%M"


class Kind(StrEnum):
    """What a column holds: how its cells are shown and how wide it starts.

    A cell keeps the type of its value in any column (a number in a TEXT column is still a
    number); the kind adds what the value alone does not say."""

    TEXT = "text"
    NUMBER = "number"  # #,##0, or #,##0.0# for a value with decimals (scores)
    PLAIN = "plain"  # a whole number read as a label, no thousands mark: a year, a record's No.
    DATE = "date"  # a datetime given is cut to its day in Vietnam
    DATETIME = "datetime"


# Widths in characters of a column with no rows to measure; text: its header's.
_KIND_WIDTHS = {Kind.NUMBER: 10, Kind.PLAIN: 6, Kind.DATE: 10, Kind.DATETIME: 16, Kind.TEXT: 8}
MIN_WIDTH = 6
MAX_WIDTH = 50
SAMPLE_ROWS = 100
# The header's bold letters and the filter's drop-down button need room beside the text.
_HEADER_ROOM = 4
_CELL_ROOM = 2


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None  # characters; by default measured on the header and first rows


def columns(specs: Iterable[Column | str | Promise]) -> list[Column]:
    """Headers given as plain (or lazily translated) text are TEXT columns."""
    return [c if isinstance(c, Column) else Column(str(c)) for c in specs]


def local(value: object, kind: Kind = Kind.TEXT) -> object:
    """The value a cell holds: an aware datetime as naive wall-clock time in Vietnam, cut to
    its day in a DATE column; anything else as it is."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_ZONE).replace(tzinfo=None)
        if kind == Kind.DATE:
            return value.date()
    return value


# Looked through to the first other character: apostrophes, so that a value which itself
# starts with "'=" gets one more and reads back as it was (escaping and unescaping stay exact
# inverses); spaces, which some spreadsheets trim on import before they look for a formula.
_LOOK_THROUGH = (ESCAPE, " ")


def _needs_escape(text: str) -> bool:
    if not text:
        return False
    first = text[0]
    if first in FORMULA_TRIGGERS:
        return True
    if first not in _LOOK_THROUGH:
        return False  # most cells: one test, no copy
    body = text.lstrip("".join(_LOOK_THROUGH))
    return bool(body) and body[0] in FORMULA_TRIGGERS


def escape_formula(text: str) -> str:
    """Text as a spreadsheet will show it and never run it."""
    return ESCAPE + text if _needs_escape(text) else text


def unescape_formula(text: str) -> str:
    """Text read from a file as it was before `escape_formula` (which it exactly undoes)."""
    return text[1:] if text.startswith(ESCAPE) and _needs_escape(text) else text


def cell_value(value: object, kind: Kind = Kind.TEXT) -> object:
    """A value to write to CSV: numbers, booleans and None as they are, dates as dd/mm/yyyy
    (times in Vietnam's time), anything else as escaped text (lazy translations and choices
    labels included)."""
    if type(value) is str:  # most cells: skip the isinstance chain
        return ESCAPE + value if _needs_escape(value) else value
    if value is None or isinstance(value, _NUMBERS):
        return value
    value = local(value, kind)
    if isinstance(value, dt.datetime):
        return value.strftime(_CSV_DATETIME)
    if isinstance(value, dt.date):
        return value.strftime(_CSV_DATE)
    if isinstance(value, _TYPED):
        return value
    return escape_formula(str(value))


# --- Writing: CSV ----------------------------------------------------------------------------


class CsvWriter:
    """`csv.writer` whose text cells cannot start a formula; `kinds` are the columns' kinds."""

    def __init__(
        self, stream: TextSink, *, delimiter: str = ",", kinds: Sequence[Kind] = ()
    ) -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)
        self._kinds = kinds

    def writerow(self, row: Iterable[object]) -> None:
        kinds = self._kinds
        if not kinds:
            self._writer.writerow([cell_value(v) for v in row])  # csv writes None as ""
            return
        width = len(kinds)
        self._writer.writerow(
            [cell_value(v, kinds[i] if i < width else Kind.TEXT) for i, v in enumerate(row)]
        )

    def writerows(self, rows: Iterable[Iterable[object]]) -> int:
        count = 0
        for row in rows:
            self.writerow(row)
            count += 1
        return count


def write_csv(
    stream: TextSink, header: Sequence[Column | str | Promise], rows: Iterable[Iterable[object]]
) -> int:
    """The header and the rows; returns the number of rows. The caller opens files with
    `utf-8-sig`, so that Excel reads the accents."""
    table = columns(header)
    CsvWriter(stream).writerow([c.header for c in table])
    return CsvWriter(stream, kinds=[c.kind for c in table]).writerows(rows)


def csv_chunks(
    header: Sequence[Column | str | Promise],
    rows: Iterable[Iterable[object]],
    *,
    bom: bool = True,
) -> Iterator[str]:
    """The table as CSV text in pieces of about 64 KiB, for a streaming response: rows are
    read from `rows` only as the client takes them."""
    table = columns(header)
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")  # Excel reads UTF-8 Vietnamese only with a BOM
    CsvWriter(buffer).writerow([c.header for c in table])
    writer = CsvWriter(buffer, kinds=[c.kind for c in table])
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- Writing: XLSX ---------------------------------------------------------------------------


def _number_format(value: int | float | Decimal, kind: Kind) -> str:
    if kind == Kind.PLAIN:
        return PLAIN_FORMAT
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float):
        return INTEGER_FORMAT if value.is_integer() else DECIMAL_FORMAT
    if value.is_finite() and value == value.to_integral_value():
        return INTEGER_FORMAT
    return DECIMAL_FORMAT


class XlsxSheet:
    """One write-only sheet: cells typed and shown as `Kind` and value say, text escaped."""

    def __init__(self, sheet: WriteOnlyWorksheet, kinds: Sequence[Kind] = ()) -> None:
        self._sheet = sheet
        self._kinds = kinds
        # Style arrays by (number format, look): copied onto each cell, which costs far less
        # than setting the format and font cell by cell.
        self._styles: dict[tuple[str | None, str | None], StyleArray] = {}

    def append(self, row: Iterable[object], *, look: str | None = None) -> None:
        """`look`: None for a data row, or "header", "title", "total" (bold)."""
        kinds, width = self._kinds, len(self._kinds)
        self._sheet.append(
            [
                self._cell(value, kinds[i] if i < width else Kind.TEXT, look)
                for i, value in enumerate(row)
            ]
        )

    def _cell(self, value: object, kind: Kind, look: str | None) -> object:
        if value is None:
            return None
        if isinstance(value, bool):
            return self._styled(value, look) if look else value
        if isinstance(value, _NUMBERS):
            return self._typed(value, "n", _number_format(value, kind), look)
        value = local(value, kind)  # a datetime in a DATE column is now a date
        if isinstance(value, dt.datetime):
            return self._typed(value, "d", DATETIME_FORMAT, look)
        if isinstance(value, dt.date):
            return self._typed(value, "d", DATE_FORMAT, look)
        if isinstance(value, _TYPED):
            return self._styled(value, look) if look else value  # openpyxl's formats
        # Control characters go before escaping: removing "\x01" from "\x01=x" uncovers "=".
        text = escape_formula(_XML_ILLEGAL.sub("", str(value)))[:_MAX_TEXT]
        if look is None and text not in _ERROR_CODES:
            return text  # most cells: openpyxl stores it as a string, no cell object
        cell = self._styled(text, look)
        cell.data_type = "s"  # never an error code
        return cell

    def _style_array(self, fmt: str | None, look: str | None) -> StyleArray:
        style = self._styles.get((fmt, look))
        if style is None:
            style = self._styles[fmt, look] = self._style(fmt, look)
        return style

    def _typed(self, value: object, data_type: str, fmt: str, look: str | None) -> Any:
        """A number ("n") or date ("d") cell: what openpyxl's value setter would make of it,
        without its type checks (a third of the time of a long export)."""
        from openpyxl.cell import Cell

        cell: Any = Cell(self._sheet, 1, 1, style_array=self._style_array(fmt, look))
        cell._value = value
        cell.data_type = data_type
        return cell

    def _styled(self, value: object, look: str | None) -> Any:
        """A cell in a row's look (header, total) whose format openpyxl picks from the value."""
        from openpyxl.cell import Cell

        cell: Any = Cell(self._sheet, 1, 1, style_array=self._style_array(None, look))
        cell.value = value  # after the style: a date keeps its format, not openpyxl's
        return cell

    def _style(self, fmt: str | None, look: str | None) -> StyleArray:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        prototype: Any = WriteOnlyCell(self._sheet)
        if fmt is not None:
            prototype.number_format = fmt
        if look == "header":
            prototype.font = Font(bold=True)
            prototype.fill = PatternFill("solid", fgColor="DDEBF7")
            prototype.alignment = Alignment(vertical="center", wrap_text=True)
        elif look == "title":
            prototype.font = Font(bold=True, size=13)
        elif look is not None:
            prototype.font = Font(bold=True)
        return prototype._style


def _shown_length(value: object, kind: Kind) -> int:
    """About how many characters Excel shows for the value."""
    if value is None:
        return 0
    if type(value) is str:
        return max(len(line) for line in value.split("\n")) if "\n" in value else len(value)
    if isinstance(value, bool):
        return 5
    if isinstance(value, _NUMBERS):
        if kind == Kind.PLAIN:
            return len(str(value))
        return len(f"{value:,.0f}") + (0 if _number_format(value, kind) == INTEGER_FORMAT else 3)
    value = local(value, kind)
    if isinstance(value, dt.datetime):
        return 10 if kind == Kind.DATE else 16
    if isinstance(value, dt.date):
        return 10
    return _shown_length(str(value), kind)


def column_widths(table: Sequence[Column], sample: Sequence[Sequence[object]]) -> list[float]:
    """Widths in characters: the header (bold, with the filter's button), the longest value
    of the sample, or the kind's when the sample has none; between MIN_WIDTH and MAX_WIDTH (a
    longer header wraps)."""
    widths = []
    for index, column in enumerate(table):
        if column.width is not None:
            widths.append(column.width)
            continue
        header = max((len(line) for line in column.header.split("\n")), default=0)
        values = [_shown_length(row[index], column.kind) for row in sample if index < len(row)]
        longest = max(values, default=0) or _KIND_WIDTHS[column.kind]
        widths.append(
            float(max(MIN_WIDTH, min(MAX_WIDTH, max(header + _HEADER_ROOM, longest + _CELL_ROOM))))
        )
    return widths


class XlsxWriter:
    """A write-only workbook: rows go to a temporary file as they come, so memory stays flat
    however long the table. Exports write `table`s; `sheet` is the bare sheet under them."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)

    def _create(self, title: str) -> Any:  # the stubs miss column_dimensions and auto_filter
        # Excel's rules for a sheet's name: 31 characters, none of \ * ? : / [ ].
        return self._book.create_sheet(title=_SHEET_TITLE_ILLEGAL.sub("-", title)[:31] or "-")

    def table(
        self,
        title: str,
        header: Sequence[Column | str | Promise],
        rows: Iterable[Sequence[object]],
        *,
        preamble: Iterable[Sequence[object]] = (),
        footer: Iterable[Sequence[object]] = (),
    ) -> int:
        """A sheet holding one table; returns its number of data rows.

        `preamble`: lines above the header (a title, the round, the place); the first is
        shown as a title. `footer`: lines under the data, in bold and left out of the filter
        (a total). The header row is bold and frozen with every line above it, and carries an
        autofilter over the header and the data."""
        from openpyxl.utils import get_column_letter

        table = columns(header)
        rest = iter(rows)
        sample = list(islice(rest, SAMPLE_ROWS))  # widths go in before the first row
        sheet = self._create(title)
        for index, width in enumerate(column_widths(table, sample), 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        lines = [list(line) for line in preamble]
        header_row = len(lines) + 1
        sheet.freeze_panes = f"A{header_row + 1}"
        writer = XlsxSheet(sheet, [c.kind for c in table])
        plain = XlsxSheet(sheet)  # preamble lines do not follow the columns
        for number, line in enumerate(lines):
            plain.append(line, look="title" if number == 0 else None)
        writer.append([c.header for c in table], look="header")
        count = 0
        for row in chain(sample, rest):
            writer.append(row)
            count += 1
        last = get_column_letter(max(len(table), 1))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
        for total in footer:
            writer.append(total, look="total")
        return count

    def sheet(self, title: str, *, widths: Sequence[float] = ()) -> XlsxSheet:
        """A bare sheet, rows appended as they are (no header style, frozen row or filter)."""
        from openpyxl.utils import get_column_letter

        sheet = self._create(title)
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        return XlsxSheet(sheet)

    def save(self, target: Path | str | IO[bytes]) -> None:
        self._book.save(target)

    def spooled(self) -> tempfile.SpooledTemporaryFile:
        """The workbook in memory up to 8 MiB, on disk beyond, rewound for reading."""
        # Handed to FileResponse, which closes it when the response is sent.
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        self._book.save(out)
        out.seek(0)
        return out


def xlsx_file(
    title: str,
    header: Sequence[Column | str | Promise],
    rows: Iterable[Sequence[object]],
    *,
    preamble: Iterable[Sequence[object]] = (),
    footer: Iterable[Sequence[object]] = (),
) -> tempfile.SpooledTemporaryFile:
    """A one-sheet workbook (`XlsxWriter.table`) on a spooled temporary file, rewound: what
    every export hands to FileResponse."""
    book = XlsxWriter()
    book.table(title, header, rows, preamble=preamble, footer=footer)
    return book.spooled()


# --- Reading ---------------------------------------------------------------------------------


def read_records(path: Path | str, *, keep_time: bool = False) -> list[list[str]]:
    """Every row of the file's first table as text cells, blank rows kept (row numbers hold)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path, keep_time=keep_time)
    raise ImportFileError(
        _("Unsupported file type %(suffix)s: use .csv or .xlsx.") % {"suffix": suffix or "-"}
    )


def _read_csv(path: Path) -> list[list[str]]:
    try:
        # newline="": a carriage return inside a cell stays one (csv splits the records), so
        # an escaped "'\r=…" still reads back as "\r=…".
        with path.open(encoding="utf-8-sig", newline="") as stream:
            text = stream.read()
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _('The file is not UTF-8 text: in Excel, save it as "CSV UTF-8".')
        ) from exc
    except OSError as exc:
        raise ImportFileError(_("Cannot read %(path)s.") % {"path": path}) from exc
    # Excel in a Vietnamese locale separates fields with ";" since "," is the decimal mark.
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return [
        [unescape_formula(cell) for cell in record]
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ]


def _read_xlsx(path: Path, *, keep_time: bool) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ImportFileError(
            _("Cannot read %(path)s as an Excel workbook.") % {"path": path}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            [_xlsx_text(value, keep_time=keep_time) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def _xlsx_text(value: object, *, keep_time: bool) -> str:
    # The escape is the outermost layer the writer added: off first, then the usual trimming.
    if isinstance(value, str):
        value = unescape_formula(value)
    return cell_text(value, keep_time=keep_time)


def cell_text(value: object, *, keep_time: bool = False) -> str:
    """A cell as the text the user meant: Excel may have turned dates and codes into numbers."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if keep_time and value.time() != dt.time(0):
            return value.strftime("%d/%m/%Y %H:%M")
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
