"""The officer's inbox as CSV or XLSX: streamed, one query, never any personal data."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from .models import Case, CaseKind, CaseState, Channel

COLUMNS = [
    ("tracking_code", "Mã tra cứu"),
    ("received_at", "Ngày tiếp nhận"),
    ("channel", "Kênh"),
    ("kind", "Loại"),
    ("state", "Trạng thái"),
    ("field", "Lĩnh vực"),
    ("unit", "Địa bàn"),
    ("organization", "Cơ quan xử lý"),
    ("title", "Tiêu đề"),
    ("next_due_date", "Hạn tiếp theo"),
    ("answered_at", "Ngày trả lời"),
    ("rating", "Đánh giá"),
]
_VALUES = (
    "tracking_code",
    "received_at",
    "channel",
    "kind",
    "state",
    "field__name",
    "unit__name",
    "organization__name",
    "title",
    "next_due_date",
    "answered_at",
    "rating",
)


def rows(cases: QuerySet[Case]) -> Iterator[list[str]]:
    kinds, states, channels = dict(CaseKind.choices), dict(CaseState.choices), dict(Channel.choices)
    for v in cases.values(*_VALUES).iterator(chunk_size=2000):
        yield [
            v["tracking_code"],
            timezone.localtime(v["received_at"]).strftime("%d/%m/%Y %H:%M"),
            str(channels.get(v["channel"], v["channel"])),
            str(kinds.get(v["kind"], v["kind"])),
            str(states.get(v["state"], v["state"])),
            v["field__name"] or "",
            v["unit__name"] or "",
            v["organization__name"] or "",
            v["title"],
            v["next_due_date"].strftime("%d/%m/%Y") if v["next_due_date"] else "",
            timezone.localtime(v["answered_at"]).strftime("%d/%m/%Y") if v["answered_at"] else "",
            str(v["rating"] or ""),
        ]


def csv_chunks(cases: QuerySet[Case]) -> Iterable[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # Excel reads UTF-8 Vietnamese only with a BOM
    writer.writerow([label for _key, label in COLUMNS])
    for row in rows(cases):
        writer.writerow(row)
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(cases: QuerySet[Case]) -> tempfile.SpooledTemporaryFile:
    """A write-only workbook on a spooled temporary file: memory stays flat."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đơn thư")
    sheet.append([label for _key, label in COLUMNS])
    for row in rows(cases):
        sheet.append(row)
    # Handed to FileResponse, which closes it when the response is sent.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(out)
    out.seek(0)
    return out
