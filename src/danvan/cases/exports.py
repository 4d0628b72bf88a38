"""The officer's inbox as CSV or XLSX: streamed, one query.

No personal data, unless the user asks for it (`viewer`): then the sender's details fill
extra columns in the rows the user may see (rules.can_see_petitioner: the assigned officer,
the leaders over the body), each row revealed is logged as a PersonalDataView before it is
written, and the other rows get empty columns. Still one query for the rows, plus one insert
of the log per chunk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from danvan.accounts.models import User
from danvan.lib import spreadsheets
from danvan.lib.spreadsheets import Column, Kind
from danvan.org.models import Organization

from .models import Case, CaseKind, CaseState, Channel, Petitioner
from .models.people import ENCRYPTED
from .rules import can_see_petitioner
from .services.identity import log_views

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
# How each column is shown (spreadsheets.Kind); the others are text.
_KINDS = {
    "received_at": Kind.DATETIME,
    "next_due_date": Kind.DATE,
    "answered_at": Kind.DATE,
    "rating": Kind.PLAIN,
}
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


PERSONAL_COLUMNS = [
    ("full_name", "Họ và tên người gửi"),
    ("phone", "Điện thoại"),
    ("email", "Thư điện tử"),
    ("id_number", "Số giấy tờ tùy thân"),
    ("address", "Địa chỉ người gửi"),
]
ANONYMOUS = "(ẩn danh)"
# What the rules need to decide (Case.assigned_to_id, the body's place in the scopes) and
# the sender's encrypted columns: read with the rows, never one query per row.
_PERSONAL_VALUES = (
    "assigned_to_id",
    "organization_id",
    "organization__current_id",
    "organization__province_id",
    "organization__current_unit_id",
    "petitioner__id",
    "petitioner__anonymous",
    *(f"petitioner__{name}_enc" for name in ENCRYPTED),
)
CHUNK = 1000


def columns(*, personal: bool = False) -> list[Column]:
    """The table's columns: dates and times typed (received as a time in Vietnam, the answer
    as its day), the rating a number, the rest (personal details too) text."""
    table = [Column(label, _KINDS.get(key, Kind.TEXT)) for key, label in COLUMNS]
    return table + [Column(label) for _key, label in PERSONAL_COLUMNS] if personal else table


def _row(v: dict[str, Any], kinds: dict, states: dict, channels: dict) -> list[Any]:
    # Plain values: the writer shows times in Vietnam's time, dates as dd/mm/yyyy.
    return [
        v["tracking_code"],
        v["received_at"],
        str(channels.get(v["channel"], v["channel"])),
        str(kinds.get(v["kind"], v["kind"])),
        str(states.get(v["state"], v["state"])),
        v["field__name"] or "",
        v["unit__name"] or "",
        v["organization__name"] or "",
        v["title"],
        v["next_due_date"],
        v["answered_at"],
        v["rating"] or None,
    ]


def rows(cases: QuerySet[Case]) -> Iterator[list[Any]]:
    kinds, states, channels = dict(CaseKind.choices), dict(CaseState.choices), dict(Channel.choices)
    for v in cases.values(*_VALUES).iterator(chunk_size=2000):
        yield _row(v, kinds, states, channels)


def _may_see(viewer: User, v: dict[str, Any], bodies: dict[int, Organization]) -> bool:
    """rules.can_see_petitioner on the row's values: the same predicate, no query."""
    organization = None
    if v["organization_id"] is not None:
        organization = bodies.get(v["organization_id"])
        if organization is None:
            organization = bodies[v["organization_id"]] = Organization(
                pk=v["organization_id"],
                current_id=v["organization__current_id"],
                province_id=v["organization__province_id"],
                current_unit_id=v["organization__current_unit_id"],
            )
    case = Case(assigned_to_id=v["assigned_to_id"], organization=organization)
    return can_see_petitioner(viewer, case)


def _personal(v: dict[str, Any]) -> list[str]:
    if v["petitioner__anonymous"]:
        return [ANONYMOUS] + [""] * (len(PERSONAL_COLUMNS) - 1)
    petitioner = Petitioner(**{f"{n}_enc": v[f"petitioner__{n}_enc"] or "" for n in ENCRYPTED})
    data = petitioner.data()
    return [data[key] for key, _label in PERSONAL_COLUMNS]


def personal_rows(cases: QuerySet[Case], *, viewer: User, purpose: str) -> Iterator[list[Any]]:
    """Rows with the sender's details where the viewer may see them; every reveal is logged
    (one PersonalDataView per matter, inserted in bulk) before its rows are handed out."""
    kinds, states, channels = dict(CaseKind.choices), dict(CaseState.choices), dict(Channel.choices)
    blank = [""] * len(PERSONAL_COLUMNS)
    chunk: list[list[Any]] = []
    seen: list[int] = []
    bodies: dict[int, Organization] = {}  # many rows share a handling body

    def flush() -> list[list[Any]]:
        log_views(actor=viewer, petitioner_ids=seen, purpose=purpose)
        out = list(chunk)
        chunk.clear()
        seen.clear()
        return out

    values = cases.values(*_VALUES, *_PERSONAL_VALUES).iterator(chunk_size=CHUNK)
    for v in values:
        row = _row(v, kinds, states, channels)
        if v["petitioner__id"] is not None and _may_see(viewer, v, bodies):
            row += _personal(v)
            seen.append(v["petitioner__id"])
        else:
            row += blank
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush()
    yield from flush()


def _rows_for(cases: QuerySet[Case], viewer: User | None, purpose: str) -> Iterator[list[Any]]:
    if viewer is None:
        return rows(cases)
    return personal_rows(cases, viewer=viewer, purpose=purpose)


def csv_chunks(
    cases: QuerySet[Case], *, viewer: User | None = None, purpose: str = ""
) -> Iterable[str]:
    return spreadsheets.csv_chunks(
        columns(personal=viewer is not None), _rows_for(cases, viewer, purpose)
    )


def xlsx_file(
    cases: QuerySet[Case], *, viewer: User | None = None, purpose: str = ""
) -> tempfile.SpooledTemporaryFile:
    """A write-only workbook on a spooled temporary file: memory stays flat."""
    return spreadsheets.xlsx_file(
        "Đơn thư", columns(personal=viewer is not None), _rows_for(cases, viewer, purpose)
    )
