"""Reading CSV and XLSX files as officers make them, and reporting errors by row.

Shared by every all-or-nothing import (organizations, citizen matters): Excel habits are
handled once — a UTF-8 BOM, ";" as the separator in a Vietnamese locale, dates typed as real
date cells, and codes whose leading zeros became numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.utils.translation import gettext as _


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
    writer = csv.writer(stream)
    writer.writerow(["row", "column", "message"])
    for error in errors:
        writer.writerow([error.row, error.column, error.message])


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
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _('The file is not UTF-8 text: in Excel, save it as "CSV UTF-8".')
        ) from exc
    except OSError as exc:
        raise ImportFileError(_("Cannot read %(path)s.") % {"path": path}) from exc
    # Excel in a Vietnamese locale separates fields with ";" since "," is the decimal mark.
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


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
            [cell_text(value, keep_time=keep_time) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


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
