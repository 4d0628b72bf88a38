"""The task list of a plan as a spreadsheet and back (the XLSX round trip): the lead bodies
download their tasks, write the progress in, and upload the file; the rows are checked all
together and nothing changes unless every row is right. The first column, the task's code,
ties a row to its task: it is not to be edited."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.lib.spreadsheets import (
    Column,
    ImportFileError,
    Kind,
    RowError,
    read_records,
    xlsx_file,
)
from danvan.lib.text import fold

from .models import Task, TaskState


def _header() -> list[Column]:
    return [
        Column(_("Code (do not edit)"), Kind.PLAIN),
        Column(_("No."), Kind.TEXT),
        Column(_("Task"), Kind.TEXT, 50),
        Column(_("Lead body"), Kind.TEXT, 30),
        Column(pgettext("task", "Due on"), Kind.DATE),
        Column(_("State"), Kind.TEXT, 16),
        Column(_("Progress (%)"), Kind.NUMBER),
        Column(_("What was done"), Kind.TEXT, 40),
    ]


def export(tasks: QuerySet[Task], title: str) -> tempfile.SpooledTemporaryFile:
    rows: Iterable[list[object]] = (
        [
            t.pk,
            t.number,
            t.title,
            t.lead_body.name,
            t.due_on,
            TaskState(t.state).label,
            t.reported_percent if t.reported_percent is not None else 0,
            "",
        ]
        for t in tasks.select_related("lead_body").order_by("path", "pk").iterator(chunk_size=500)
    )
    return xlsx_file(title[:31], _header(), rows)


@dataclass(frozen=True)
class Row:
    row: int  # the spreadsheet's row number, for the report
    task_id: int
    state: str
    percent: int
    narrative: str


def _state(text: str) -> str | None:
    wanted = fold(text)
    for value, label in TaskState.choices:
        if wanted in (fold(str(label)), value):
            return str(value)
    return None


def read(path: Path | str) -> tuple[list[Row], list[RowError]]:
    """The rows of an uploaded file, and what is wrong with them (row by row)."""
    records = read_records(path)
    header = [c.header for c in _header()]
    if not records or [fold(c) for c in records[0][: len(header)]] != [fold(h) for h in header]:
        raise ImportFileError(
            _("The first row must be the one the download gave: %(columns)s.")
            % {"columns": ", ".join(header)}
        )
    found: list[Row] = []
    errors: list[RowError] = []
    for number, record in enumerate(records[1:], start=2):
        cells = [*record, *[""] * len(header)][: len(header)]
        if not any(c.strip() for c in cells):
            continue
        code, _no, _title, _lead, _due, state_text, percent_text, narrative = (
            c.strip() for c in cells
        )
        if not code.isdigit():
            errors.append(RowError(number, header[0], _("The code is missing or was edited.")))
            continue
        state = _state(state_text)
        if state is None or state == TaskState.CANCELLED:
            errors.append(
                RowError(number, header[5], _("Write one of: Not started, In progress, Done."))
            )
            continue
        try:
            percent = int(float(percent_text.replace(",", ".") or 0))
        except ValueError:
            errors.append(RowError(number, header[6], _("Write a whole number from 0 to 100.")))
            continue
        found.append(Row(number, int(code), state, percent, narrative))
    return found, errors
