"""The commune's list of households imported from the .xlsx the commune already keeps.

All or nothing: every row is checked first (the same checks as the form, `spec_errors`), and
the file is written only when no row has an error; then, in one transaction, new codes are
added and codes already on the list are updated (the preview says how many of each). The
errors carry the row number the officer sees in Excel (the header is row 1) and the column's
name, and can be downloaded as CSV.

Headers are the commune's own, in Vietnamese, matched without diacritics, case or
punctuation ("Thôn/Tổ dân phố", "THON TO DAN PHO"); the category is matched the same way
("Hộ nghèo", "ho can ngheo"). The file is checked before it is opened (its size, its type by
content, a package that unpacks within bounds and holds no macro: lib.uploads), and read with
openpyxl in read-only mode, so a large sheet does not fill the memory.

Between the preview and the confirmation the checked rows wait in the cache, encrypted like
the list itself (they hold names and identity numbers), for an hour.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.admin.models import CHANGE
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import crypto, uploads
from danvan.lib.audit import audit
from danvan.lib.dates import today
from danvan.lib.spreadsheets import (
    Column,
    ImportFileError,
    Kind,
    RowError,
    XlsxWriter,
    cell_text,
    unescape_formula,
)
from danvan.lib.text import fold
from danvan.org.models import Organization

from .. import access
from ..models import Household, HouseholdCategory
from ._common import require
from .households import HouseholdSpec, check_keeper, normalize_id, spec_errors

A = access.Action

# The columns, as the commune's sheet names them; the file's headers are matched folded.
HEADERS: dict[str, str] = {
    "code": "Mã hộ",
    "head_name": "Họ tên chủ hộ",
    "id_number": "Số CCCD",
    "village": "Thôn/Tổ dân phố",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "members": "Số nhân khẩu",
    "category": "Phân loại",
    "list_year": "Năm",
    "circumstances": "Hoàn cảnh",
}
# Other names communes give the same columns.
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("Mã", "Mã số hộ", "Mã hộ gia đình"),
    "head_name": ("Chủ hộ", "Họ và tên chủ hộ", "Họ tên"),
    "id_number": ("Số CCCD/CMND", "CCCD", "Số định danh", "Số định danh cá nhân", "CMND"),
    "village": ("Thôn", "Tổ dân phố", "Thôn/Tổ", "Thôn, tổ dân phố", "Thôn/xóm"),
    "phone": ("Điện thoại", "SĐT"),
    "members": ("Nhân khẩu", "Số khẩu"),
    "category": ("Loại hộ", "Diện"),
    "list_year": ("Năm danh sách", "Năm rà soát"),
    "circumstances": ("Hoàn cảnh gia đình", "Ghi chú"),
}
REQUIRED_HEADERS = ("code", "head_name", "category", "list_year")
# The categories as a commune writes them; the first is what the template offers.
CATEGORY_NAMES: dict[str, tuple[str, ...]] = {
    HouseholdCategory.POOR: ("Hộ nghèo", "Nghèo"),
    HouseholdCategory.NEAR_POOR: ("Hộ cận nghèo", "Cận nghèo"),
    HouseholdCategory.MERITORIOUS: (
        "Gia đình người có công",
        "Gia đình có công",
        "Người có công",
        "Gia đình chính sách",
    ),
    HouseholdCategory.HARDSHIP: ("Hộ có hoàn cảnh khó khăn", "Hoàn cảnh khó khăn", "Hộ khó khăn"),
    HouseholdCategory.LONELY_ELDERLY: ("Người cao tuổi cô đơn", "Người già cô đơn"),
    HouseholdCategory.DISABLED: ("Người khuyết tật", "Khuyết tật"),
    HouseholdCategory.ORPHAN: ("Trẻ mồ côi", "Trẻ em mồ côi", "Mồ côi"),
    HouseholdCategory.DISASTER: ("Hộ bị thiên tai", "Bị thiên tai", "Thiên tai"),
}
MAX_MEGABYTES = 5
MAX_ROWS = 10_000
PENDING_SECONDS = 60 * 60
BATCH = 500
# Excel shows long numbers as 1.23457E+11 and keeps them so: the digits are lost.
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_XLSX_MAIN = (
    "xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
)

Row = dict[str, str]


class ImportRefused(ImportFileError):
    """The file as a whole is refused (lib.spreadsheets.ImportFileError) with the answer's
    status: too large (413), not an Excel workbook (415), or a sheet that is not the list
    (400, with the header's errors)."""

    def __init__(self, message: str, status: int = 400, errors: Sequence[RowError] = ()) -> None:
        super().__init__(message, errors)
        self.message, self.status = message, status


@dataclass
class Plan:
    """What an import does, or would do: the checked rows, new and updated codes, errors
    (nothing is written while there is one) and warnings (the same person on another list)."""

    rows: list[tuple[int, Row]]
    specs: list[tuple[int, HouseholdSpec]] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.specs)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


_HEADER_KEYS = {
    _key(name): column
    for column, names in ((c, (h, *ALIASES.get(c, ()))) for c, h in HEADERS.items())
    for name in names
}


def _category_keys() -> dict[str, str]:
    keys = {_key(value): value for value in HouseholdCategory.values}
    for value, names in CATEGORY_NAMES.items():
        keys.update((_key(name), value) for name in names)
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in HouseholdCategory.choices:
                keys.setdefault(_key(str(label)), value)
    return keys


def category_of(text: str, keys: dict[str, str] | None = None) -> str | None:
    """The category a cell names, however it is written; None when it names none."""
    return (keys or _category_keys()).get(_key(text)) if text.strip() else None


# ---- the file ----------------------------------------------------------------------------


def _refuse_type(name: str) -> ImportRefused:
    return ImportRefused(
        _("“%(name)s” is not an Excel workbook: send the list as an .xlsx file.") % {"name": name},
        415,
    )


def _check_package(data: bytes, name: str) -> None:
    # lib.uploads checks Word packages; a workbook is the same kind of package with another
    # main part, so its checks (bounds, macros, programs, outside links) are applied as they are.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            uploads._check_package(
                archive, main=_XLSX_MAIN, allow_macros=False, budget=uploads._Budget()
            )
    except uploads._Refused as refused:
        if refused.reason is uploads._Reason.UNPACKS_TOO_BIG:
            raise ImportRefused(
                _("“%(name)s” unpacks to more than %(mb)s MB: send a smaller file.")
                % {"name": name, "mb": uploads.MAX_UNPACKED_MEGABYTES},
                413,
            ) from None
        if refused.reason is uploads._Reason.PROGRAM:
            raise ImportRefused(
                _("“%(name)s” holds macros or programs: save it as a plain .xlsx workbook.")
                % {"name": name},
                415,
            ) from None
        raise _refuse_type(name) from None
    except uploads._ZIP_ERRORS:
        raise _refuse_type(name) from None


def _text(value: object) -> str:
    if isinstance(value, str):
        value = unescape_formula(value)
    return cell_text(value)


def read_upload(upload: UploadedFile) -> list[tuple[int, Row]]:
    """The sheet's data rows (row number in Excel, values by column), blank rows left out."""
    name = uploads.display_name(upload.name or "") or "?"
    if (upload.size or 0) > MAX_MEGABYTES * 1024 * 1024:
        raise ImportRefused(
            _("“%(name)s” is larger than %(mb)s MB: send a smaller file.")
            % {"name": name, "mb": MAX_MEGABYTES},
            413,
        )
    data = b"".join(upload.chunks())
    upload.seek(0)
    if not data.startswith(b"PK\x03\x04") or not name.lower().endswith(".xlsx"):
        raise _refuse_type(name)
    _check_package(data, name)
    return read_workbook(data, name)


def read_workbook(data: bytes, name: str = "") -> list[tuple[int, Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise _refuse_type(name) from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [_text(v) for v in next(lines, ())]
        columns = _columns(header)
        rows: list[tuple[int, Row]] = []
        for number, line in enumerate(lines, start=2):
            cells = [_text(v) for v in line]
            if not any(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(
                    _("The file holds more than %(n)s households: split it into several files.")
                    % {"n": f"{MAX_ROWS:,}".replace(",", ".")},
                    413,
                )
            rows.append(
                (
                    number,
                    {column: (cells[i] if i < len(cells) else "") for i, column in columns.items()},
                )
            )
    except ImportRefused:
        raise
    except Exception:
        raise _refuse_type(name) from None
    finally:
        book.close()
    if not rows:
        raise ImportRefused(_("The sheet has no household under its header row."))
    return rows


def _columns(header: list[str]) -> dict[int, str]:
    """Position → column; the header's errors refuse the file."""
    found: dict[int, str] = {}
    errors: list[RowError] = []
    for position, text in enumerate(header):
        if not text:
            continue
        column = _HEADER_KEYS.get(_key(text))
        if column is None:
            continue  # a column of the commune's own (STT, notes): left alone
        if column in found.values():
            errors.append(
                RowError(1, text, _("Column %(column)s appears more than once.") % {"column": text})
            )
        found[position] = column
    errors += [
        RowError(1, HEADERS[c], _("Missing column: %(column)s") % {"column": HEADERS[c]})
        for c in REQUIRED_HEADERS
        if c not in found.values()
    ]
    if errors:
        raise ImportRefused(
            _("The first row must name the columns: %(columns)s.")
            % {"columns": ", ".join(HEADERS.values())},
            400,
            errors,
        )
    return found


# ---- checking the rows -------------------------------------------------------------------


def _whole(text: str) -> int | None:
    text = text.strip().replace(".", "").replace(" ", "")
    return int(text) if text.isdigit() and len(text) <= 6 else None


def _parse(
    number: int, row: Row, errors: list[RowError], categories: dict[str, str]
) -> HouseholdSpec | None:
    mine: list[RowError] = []

    def error(column: str, message: str) -> None:
        mine.append(RowError(number, HEADERS[column], message))

    for column in REQUIRED_HEADERS:
        if not row.get(column, "").strip():
            error(column, _("A value is required."))
    id_number = normalize_id(row.get("id_number", ""))
    phone = row.get("phone", "").strip()
    for column, value in (("id_number", id_number), ("phone", phone)):
        if _SCIENTIFIC.match(value):
            error(
                column,
                _(
                    "Excel changed this number and lost its digits: format the column as Text "
                    "and type the number again."
                ),
            )
    if id_number.isdigit() and len(id_number) in (10, 11):
        id_number = id_number.zfill(12)  # Excel drops the leading zeros (CCCD 001…)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.isdigit() and len(digits) == 9 and not phone.startswith("0"):
        phone = "0" + phone
    members = 1
    if text := row.get("members", "").strip():
        members = _whole(text) or 0
    year = _whole(row.get("list_year", "")) or 0
    category = ""
    if text := row.get("category", "").strip():
        category = category_of(text, categories) or ""
        if not category:
            error(
                "category",
                _("Unknown category: %(value)s (use %(names)s).")
                % {"value": text[:60], "names": ", ".join(n[0] for n in CATEGORY_NAMES.values())},
            )
    spec = HouseholdSpec(
        code=row.get("code", "").strip(),
        category=category,
        list_year=year,
        village=row.get("village", ""),
        members=members,
        head_name=row.get("head_name", ""),
        id_number=id_number,
        address=row.get("address", ""),
        phone=phone,
        circumstances=row.get("circumstances", ""),
    )
    stated = {e.column for e in mine}
    for name, message in spec_errors(spec).items():
        if HEADERS[name] not in stated:
            error(name, message)
    errors += mine
    return None if mine else spec


def check(*, actor: User | None, keeper: Organization, rows: list[tuple[int, Row]]) -> Plan:
    """Every row checked against the form's rules, the rest of the file and the list."""
    if actor is not None:
        require(
            access.may_household_list(actor, keeper, A.MANAGE),
            _("Only the keeping body's officers import its list."),
        )
    check_keeper(keeper)
    plan = Plan(rows=rows)
    codes: dict[str, int] = {}
    ids: dict[str, int] = {}
    categories = _category_keys()
    for number, row in rows:
        spec = _parse(number, row, plan.errors, categories)
        if spec is None:
            continue
        if (first := codes.get(spec.code)) is not None:
            plan.errors.append(
                RowError(
                    number,
                    HEADERS["code"],
                    _("The code %(code)s is already on row %(row)s of the file.")
                    % {"code": spec.code, "row": first},
                )
            )
            continue
        codes[spec.code] = number
        if spec.id_number and (first := ids.get(spec.id_number)) is not None:
            plan.errors.append(
                RowError(
                    number,
                    HEADERS["id_number"],
                    _("This identity number is already on row %(row)s of the file.")
                    % {"row": first},
                )
            )
            continue
        if spec.id_number:
            ids[spec.id_number] = number
        plan.specs.append((number, spec))
    existing = _existing(keeper, list(codes))
    plan.updated = sum(1 for _n, spec in plan.specs if spec.code in existing)
    plan.new = len(plan.specs) - plan.updated
    _check_people(keeper, plan, existing)
    plan.errors.sort(key=lambda e: (e.row, e.column))
    return plan


def _existing(keeper: Organization, codes: list[str]) -> dict[str, Household]:
    found: dict[str, Household] = {}
    for start in range(0, len(codes), BATCH):
        batch = codes[start : start + BATCH]
        found.update((h.code, h) for h in Household.objects.filter(keeper=keeper, code__in=batch))
    return found


def _check_people(keeper: Organization, plan: Plan, existing: dict[str, Household]) -> None:
    """The same identity number on this list under another code is an error; on another
    commune's list, a warning (people move; help must not be given twice)."""
    digests = {
        crypto.blind_index(spec.id_number, kind="id_number"): (number, spec)
        for number, spec in plan.specs
        if spec.id_number
    }
    keys = list(digests)
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        others = Household.objects.filter(
            id_number_index__in=batch, left_on__isnull=True
        ).select_related("keeper")
        for other in others:
            number, spec = digests[other.id_number_index]
            if other.keeper_id == keeper.pk:
                if other.code != spec.code:
                    plan.errors.append(
                        RowError(
                            number,
                            HEADERS["id_number"],
                            _("This identity number is already on the list under code %(code)s.")
                            % {"code": other.code},
                        )
                    )
            else:
                plan.warnings.append(
                    RowError(
                        number,
                        HEADERS["id_number"],
                        _("Also on the list of %(keeper)s, code %(code)s.")
                        % {"keeper": other.keeper.name, "code": other.code},
                    )
                )
    plan.warnings.sort(key=lambda e: e.row)


# ---- writing -----------------------------------------------------------------------------


@transaction.atomic
def apply(*, actor: User | None, keeper: Organization, rows: list[tuple[int, Row]]) -> Plan:
    """Check again (the list may have changed since the preview) and write every row, or
    nothing when any row has an error."""
    plan = check(actor=actor, keeper=keeper, rows=rows)
    if not plan.ok:
        return plan
    existing = _existing(keeper, [spec.code for _n, spec in plan.specs])
    new: list[Household] = []
    changed: list[Household] = []
    for _number, spec in plan.specs:
        household = existing.get(spec.code)
        if household is None:
            household = Household(
                keeper=keeper,
                commune_id=keeper.current_unit_id,
                province_id=keeper.province_id,
                created_by=actor,
            )
            new.append(household)
        else:
            changed.append(household)
        household.code = spec.code
        household.category = spec.category
        household.list_year = spec.list_year
        household.village = spec.village.strip()
        household.members = spec.members
        household.set_data(**spec.personal())
    try:
        with transaction.atomic():
            Household.objects.bulk_create(new, batch_size=BATCH)
    except IntegrityError:
        raise ValidationError(
            _("Another officer changed the list meanwhile: upload the file again.")
        ) from None
    Household.objects.bulk_update(
        changed,
        [
            "category",
            "list_year",
            "village",
            "members",
            "head_name_enc",
            "id_number_enc",
            "address_enc",
            "phone_enc",
            "circumstances_enc",
            "id_number_index",
        ],
        batch_size=BATCH,
    )
    audit(
        actor,
        keeper,
        CHANGE,
        _("Household list imported: %(new)d new, %(changed)d updated.")
        % {"new": len(new), "changed": len(changed)},
    )
    return plan


# ---- between the preview and the confirmation --------------------------------------------


def _pending_key(token: str) -> str:
    return f"campaigns:household-import:{token}"


def stash(*, actor: User, keeper: Organization, plan: Plan) -> str:
    """Keep a checked file for its confirmation (or its errors for their download)."""
    token = uuid.uuid4().hex
    payload = {
        "user": actor.pk,
        "keeper": keeper.pk,
        "rows": plan.rows if plan.ok else [],
        "errors": [asdict(e) for e in plan.errors],
    }
    cache.set(_pending_key(token), crypto.encrypt(json.dumps(payload)), PENDING_SECONDS)
    return token


@dataclass(frozen=True)
class Pending:
    keeper_id: int
    rows: list[tuple[int, Row]]
    errors: list[RowError]


def unstash(*, actor: User, token: str) -> Pending | None:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    stored = cache.get(_pending_key(token))
    if not stored:
        return None
    try:
        payload: dict[str, Any] = json.loads(crypto.decrypt(stored))
    except ValueError:
        return None
    if payload.get("user") != actor.pk:
        return None
    return Pending(
        keeper_id=int(payload["keeper"]),
        rows=[(int(n), dict(r)) for n, r in payload["rows"]],
        errors=[RowError(**e) for e in payload["errors"]],
    )


def forget(token: str) -> None:
    cache.delete(_pending_key(token))


# ---- the template ------------------------------------------------------------------------


def template_workbook() -> Any:
    """The headers, one example row, and the categories the import accepts."""
    book = XlsxWriter()
    kinds = {"members": Kind.NUMBER, "list_year": Kind.PLAIN}
    header = [Column(title, kinds.get(column, Kind.TEXT)) for column, title in HEADERS.items()]
    example = {
        "code": "TDP1-001",
        "head_name": "Nguyễn Văn A",
        "id_number": "001080012345",
        "village": "Tổ dân phố 1",
        "address": "Số 5, ngõ 12, Tổ dân phố 1",
        "phone": "0912345678",
        "members": 4,
        "category": CATEGORY_NAMES[HouseholdCategory.POOR][0],
        "list_year": today().year,
        "circumstances": "Chủ hộ ốm đau dài ngày, hai con đang đi học",
    }
    book.table("Danh sách hộ", header, [[example[c] for c in HEADERS]])
    book.table(
        "Phân loại",
        [Column("Phân loại")],
        [[names[0]] for names in CATEGORY_NAMES.values()],
    )
    return book.spooled()


__all__ = [
    "HEADERS",
    "ImportRefused",
    "Pending",
    "Plan",
    "apply",
    "category_of",
    "check",
    "forget",
    "read_upload",
    "read_workbook",
    "stash",
    "template_workbook",
    "unstash",
]
