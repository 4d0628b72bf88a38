"""Every CSV and XLSX file the platform reads or writes goes through here.

Reading, shared by every all-or-nothing import (organizations, citizen matters): Excel habits
are handled once — a UTF-8 BOM, ";" as the separator in a Vietnamese locale, dates typed as
real date cells, and codes whose leading zeros became numbers.

Writing (`CsvWriter`, `csv_chunks`, `XlsxWriter`): text that a spreadsheet would run as a
formula is escaped (OWASP "CSV injection"). A text cell whose first character — looking past
leading apostrophes and spaces — is one of = + - @ TAB CR or their full-width forms ＝ ＋ － ＠
gets one apostrophe in front: `=HYPERLINK(…)` is written `'=HYPERLINK(…)`. The rule goes by
type, not by a guess at intent: a real number, date or boolean is written as such (-5 stays
the number -5), while text is escaped whatever it says — "-5 hộ" becomes "'-5 hộ" and a phone
number "+84 912…" becomes "'+84 912…" (Excel shows the apostrophe; the value stays readable
and is never run). In XLSX text is moreover stored as a string cell, never as a formula or an
error code, and the control characters XML cannot hold are dropped.

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
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _

if TYPE_CHECKING:
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


# --- Writing ---------------------------------------------------------------------------------

# Excel, LibreOffice and Google Sheets start a formula with these; the full-width forms are
# what a Vietnamese or East Asian input method may type, and some spreadsheets accept them too.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
ESCAPE = "'"
# Values a spreadsheet holds as themselves; anything else is written as (escaped) text.
# bool is an int, datetime a date.
_TYPED = (int, float, Decimal, dt.date, dt.time, dt.timedelta)
# XML 1.0 cannot hold these: openpyxl refuses the whole workbook over one of them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text equal to one of these would become an error cell in XLSX.
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024


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


def cell_value(value: object) -> object:
    """A value to write: numbers, dates, booleans and None as they are, anything else as
    escaped text (lazy translations and choices labels included)."""
    if type(value) is str:  # most cells: skip the isinstance chain
        return ESCAPE + value if _needs_escape(value) else value
    if value is None or isinstance(value, _TYPED):
        return value
    return escape_formula(str(value))


class CsvWriter:
    """`csv.writer` whose text cells cannot start a formula."""

    def __init__(self, stream: TextSink, *, delimiter: str = ",") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([cell_value(v) for v in row])  # csv writes None as ""

    def writerows(self, rows: Iterable[Iterable[object]]) -> int:
        count = 0
        for row in rows:
            self.writerow(row)
            count += 1
        return count


def csv_chunks(
    header: Sequence[object], rows: Iterable[Iterable[object]], *, bom: bool = True
) -> Iterator[str]:
    """The table as CSV text in pieces of about 64 KiB, for a streaming response: rows are
    read from `rows` only as the client takes them."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")  # Excel reads UTF-8 Vietnamese only with a BOM
    writer = CsvWriter(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class XlsxSheet:
    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self._sheet = sheet

    def append(self, row: Iterable[object]) -> None:
        self._sheet.append([self._cell(value) for value in row])

    def _cell(self, value: object) -> object:
        if value is None or isinstance(value, _TYPED):
            return value
        # Control characters go before escaping: removing "\x01" from "\x01=x" uncovers "=".
        text = escape_formula(_XML_ILLEGAL.sub("", str(value)))
        if text in _ERROR_CODES:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self._sheet, text)
            cell.data_type = "s"
            return cell
        return text


class XlsxWriter:
    """A write-only workbook: rows go to a temporary file as they come, so memory stays flat
    however long the table; text cells are escaped and stored as strings (`cell_value`)."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)

    def sheet(self, title: str, *, widths: Sequence[float] = ()) -> XlsxSheet:
        from openpyxl.utils import get_column_letter

        sheet = self._book.create_sheet(title=title[:31])  # Excel's limit on sheet names
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
