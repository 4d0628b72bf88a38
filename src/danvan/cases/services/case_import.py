"""Bulk import of citizen matters from CSV or XLSX: paper letters and records of citizens
received in person, typed into a sheet by an officer.

An import is all or nothing. Every row goes through the same path as an officer's entry
(`intake.record`) inside one transaction; any error in any row undoes the whole transaction,
and the errors carry the row number and column the user sees in Excel (the header is row 1),
so the officer can fix the file and run it again. A dry run does the same and always undoes.

Consent: the people in an imported file did not tick a box on a form. The officer who imports
paper records answers for having received them lawfully and for the processing needed to
handle them, as when entering one letter by hand; so each petitioner is recorded with consent
given through the officer (``PersonData(consent=True)``, consent time = time of import), and
the import is recorded in the matter's history under the officer's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.spreadsheets import ImportFileError, RowError, read_records, write_errors_csv
from danvan.lib.text import fold
from danvan.org.models import AdminLevel, AdminUnit, Organization

from ..models import Case, CaseField, Channel
from .intake import PersonData, Submission, record
from .places import unit_from_address
from .routing import competent_organization

COLUMNS = (
    "received_at",
    "channel",
    "title",
    "content",
    "unit_code",
    "address",
    "field_code",
    "full_name",
    "phone",
    "email",
    "id_number",
    "anonymous",
    "organization_code",
)
# Columns the header must name; the others may be left out of the file altogether.
HEADER_REQUIRED = ("received_at", "title", "content")
REQUIRED = ("received_at", "title", "content")
FIRST_DATA_ROW = 2  # Excel numbers the header row 1
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNELS = (Channel.IN_PERSON, Channel.LETTER)
DEFAULT_CHANNEL = Channel.LETTER
# Lengths as on the officer's entry form.
MAX_LENGTH = {
    "title": 200,
    "address": 300,
    "full_name": 150,
    "phone": 20,
    "email": 254,
    "id_number": 20,
}
_YES = frozenset({"1", "yes", "y", "co", "x", "true"})
_NO = frozenset({"", "0", "no", "n", "khong", "false"})
_DATE_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
)
# Excel shows long numbers as 9.12346E+08 and saves them so in CSV: the digits are lost.
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
# Keeps `code__in` lists under SQLite's limit on query parameters.
LOOKUP_BATCH = 500
# Error keys of intake.record, as the file's columns.
_RECORD_COLUMNS = {
    "received_at": "received_at",
    "channel": "channel",
    "title": "title",
    "content": "content",
    "phone": "phone",
    "__all__": "",
}

Row = dict[str, str]
Progress = Callable[[Sequence[Row]], Iterable[Row]]

__all__ = [
    "COLUMNS",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "import_cases",
    "read_rows",
    "write_errors_csv",
]


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # tracking codes; empty on a dry run
    checked: int = 0  # data rows that name a matter
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Reading -------------------------------------------------------------------------------


def read_rows(path: Path | str) -> list[Row]:
    """The file's data rows as dicts keyed by COLUMNS, blank rows kept so numbering holds."""
    return _rows_from_records(read_records(path, keep_time=True))


def _rows_from_records(records: list[list[str]]) -> list[Row]:
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(
            _("The first row must name the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
        )
    header = [cell.strip().lstrip("\ufeff").lower() for cell in records[0]]
    errors = [
        RowError(1, column, _("Missing column: %(column)s") % {"column": column})
        for column in HEADER_REQUIRED
        if column not in header
    ]
    errors += [
        RowError(1, name, _("Unknown column: %(column)s") % {"column": name})
        for name in header
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(1, column, _("Column %(column)s appears more than once.") % {"column": column})
        for column in COLUMNS
        if header.count(column) > 1
    ]
    if errors:
        raise ImportFileError(_("The header row is not right."), errors)
    position = {column: header.index(column) for column in COLUMNS if column in header}
    return [
        {
            column: (record[position[column]].strip() if position[column] < len(record) else "")
            if column in position
            else ""
            for column in COLUMNS
        }
        for record in records[1:]
    ]


# --- Parsing one row -----------------------------------------------------------------------


def parse_received_at(text: str) -> dt.datetime:
    """dd/mm/yyyy or dd/mm/yyyy hh:mm, local time in Vietnam; ValueError on anything else."""
    text = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            naive = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
        except ValueError:
            continue
        return naive.replace(tzinfo=LOCAL_TZ)
    raise ValueError(text)


def _digits_fixed(text: str, width: int) -> str:
    """Put back the leading zero(s) Excel drops from a number kept as text."""
    return text.zfill(width) if text.isdigit() and len(text) < width else text


@dataclass
class _Lookups:
    """Everything the rows name, loaded with a few queries for the whole file."""

    provinces: dict[str, AdminUnit]
    communes: dict[str, AdminUnit]
    fields: dict[str, CaseField]
    organizations: dict[str, Organization]
    addresses: dict[str, AdminUnit | None] = field(default_factory=dict)
    may_handle: dict[int, bool] = field(default_factory=dict)
    routes: dict[tuple[int, int | None], Organization | None] = field(default_factory=dict)

    def route(self, unit: AdminUnit, case_field: CaseField | None) -> Organization | None:
        """What intake would route to, asked once per place and field: half of the time of
        recording a matter goes to routing otherwise."""
        key = (unit.pk, case_field.pk if case_field else None)
        if key not in self.routes:
            self.routes[key] = competent_organization(unit=unit, field=case_field, kind="")
        return self.routes[key]

    def unit_for_address(self, address: str) -> AdminUnit | None:
        key = fold(address)
        if key not in self.addresses:
            self.addresses[key] = unit_from_address(address)
        return self.addresses[key]


def _batches(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted({value for value in values if value})
    for start in range(0, len(ordered), LOOKUP_BATCH):
        yield ordered[start : start + LOOKUP_BATCH]


def _unit_candidates(code: str) -> list[tuple[str, str]]:
    """(level, code) pairs a unit_code may mean, leading zeros put back."""
    if not code.isdigit():
        return [(AdminLevel.PROVINCE, code), (AdminLevel.COMMUNE, code)]
    pairs: list[tuple[str, str]] = []
    if len(code) <= 2:
        pairs.append((AdminLevel.PROVINCE, code.zfill(2)))
    if len(code) <= 5 and len(code) != 2:
        pairs.append((AdminLevel.COMMUNE, code.zfill(5)))
    return pairs


def _load(rows: Sequence[Row]) -> _Lookups:
    unit_codes = [c for row in rows for _l, c in _unit_candidates(row["unit_code"])]
    current = AdminUnit.objects.current()
    provinces: dict[str, AdminUnit] = {}
    communes: dict[str, AdminUnit] = {}
    for batch in _batches(unit_codes):
        for unit in current.filter(code__in=batch, level=AdminLevel.PROVINCE):
            provinces[unit.code] = unit
        for unit in current.filter(code__in=batch, level=AdminLevel.COMMUNE):
            communes[unit.code] = unit
    fields: dict[str, CaseField] = {}
    for batch in _batches(row["field_code"].lower() for row in rows):
        fields.update((f.code, f) for f in CaseField.objects.filter(code__in=batch))
    organizations: dict[str, Organization] = {}
    for batch in _batches(row["organization_code"] for row in rows):
        organizations.update((org.code, org) for org in Organization.objects.filter(code__in=batch))
    return _Lookups(provinces, communes, fields, organizations)


def _resolve_unit(code: str, lookups: _Lookups) -> tuple[AdminUnit | None, str]:
    """The unit in force today for unit_code, or an error message."""
    found = [
        unit
        for level, candidate in _unit_candidates(code)
        if (
            unit := (lookups.provinces if level == AdminLevel.PROVINCE else lookups.communes).get(
                candidate
            )
        )
        is not None
    ]
    if len(found) == 1:
        return found[0], ""
    if len(found) > 1:
        return None, _(
            "Code %(value)s may mean province %(province)s or commune %(commune)s: write it "
            "in full (2 digits for a province, 5 for a commune) and keep the column as text."
        ) % {"value": code, "province": found[0].code, "commune": found[1].code}
    return None, _(
        "Unknown unit code: %(value)s (use the official code of a commune or province in "
        "force today, or give an address)."
    ) % {"value": code}


@dataclass
class _Parsed:
    submission: Submission
    organization: Organization | None
    errors: list[RowError]


def _parse(number: int, row: Row, actor: User, lookups: _Lookups) -> _Parsed:
    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    for column in REQUIRED:
        if not row[column]:
            error(column, _("A value is required."))
    for column, limit in MAX_LENGTH.items():
        if len(row[column]) > limit:
            error(
                column,
                _("Too long: %(length)s characters, at most %(max)s.")
                % {"length": len(row[column]), "max": limit},
            )

    received_at: dt.datetime | None = None
    if row["received_at"]:
        try:
            received_at = parse_received_at(row["received_at"])
        except ValueError:
            error(
                "received_at",
                _("Not a date: %(value)s (use dd/mm/yyyy or dd/mm/yyyy hh:mm).")
                % {"value": row["received_at"]},
            )
        else:
            if received_at > timezone.now():
                error("received_at", _("The date received cannot be in the future."))
                received_at = None

    channel = row["channel"].lower() or DEFAULT_CHANNEL
    if channel not in CHANNELS:
        error(
            "channel",
            _("Unknown channel: %(value)s (use in_person or letter).") % {"value": row["channel"]},
        )
        channel = DEFAULT_CHANNEL

    answer = fold(row["anonymous"])
    anonymous = answer in _YES
    if answer not in _YES | _NO:
        error(
            "anonymous",
            _("Not a yes or no: %(value)s (use 1 or 0, yes or no, có or không).")
            % {"value": row["anonymous"]},
        )

    phone, id_number, email = row["phone"], row["id_number"], row["email"]
    for column, value in (("phone", phone), ("id_number", id_number)):
        if _SCIENTIFIC.match(value):
            error(
                column,
                _(
                    "Excel changed this number to %(value)s and lost its digits: format the "
                    "column as Text and type the number again."
                )
                % {"value": value},
            )
    if phone.isdigit() and len(phone) in (9, 10) and not phone.startswith("0"):
        phone = "0" + phone  # Excel drops the leading zero: 0912345678, 02438253536
    id_number = _digits_fixed(id_number, 12) if len(id_number) in (10, 11) else id_number
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("Not an e-mail address: %(value)s") % {"value": email})

    unit: AdminUnit | None = None
    if row["unit_code"]:
        unit, message = _resolve_unit(row["unit_code"], lookups)
        if message:
            error("unit_code", message)
    elif row["address"]:
        unit = lookups.unit_for_address(row["address"])
        if unit is None:
            error(
                "address",
                _(
                    "No commune or ward in force today matches this address: add unit_code, "
                    "or name the commune and province in the address."
                ),
            )
    else:
        error("unit_code", _("Give unit_code, or an address that names the commune or ward."))

    case_field: CaseField | None = None
    if code := row["field_code"].lower():
        case_field = lookups.fields.get(code)
        if case_field is None:
            error("field_code", _("Unknown field code: %(value)s") % {"value": row["field_code"]})
        elif not case_field.active:
            error(
                "field_code",
                _("The field %(value)s is no longer in use.") % {"value": row["field_code"]},
            )
            case_field = None

    organization: Organization | None = None
    if code := row["organization_code"]:
        organization = lookups.organizations.get(code)
        if organization is None:
            error("organization_code", _("Unknown organization code: %(value)s") % {"value": code})
        elif not organization.is_valid_on(today()):
            error(
                "organization_code",
                _("The organization %(value)s is no longer in force.") % {"value": code},
            )
            organization = None
        elif not _may_handle(actor, organization, lookups):
            error(
                "organization_code",
                _("You may not hand matters to %(value)s: it is outside your organizations.")
                % {"value": code},
            )
            organization = None

    if organization is None and unit is not None:
        organization = lookups.route(unit, case_field)

    submission = Submission(
        title=row["title"],
        content=row["content"],
        channel=channel,
        unit=unit,
        address=row["address"],
        field=case_field,
        received_at=received_at,
        person=PersonData(
            full_name=row["full_name"],
            phone=phone,
            email=email,
            id_number=id_number,
            anonymous=anonymous,
            consent=True,  # given through the officer: see the module's docstring
        ),
    )
    return _Parsed(submission, organization, errors)


def _may_handle(actor: User, organization: Organization, lookups: _Lookups) -> bool:
    if organization.pk not in lookups.may_handle:
        # The rules judge a matter by the body handling it; an unsaved one is enough.
        probe = Case(organization=organization)
        lookups.may_handle[organization.pk] = actor.has_perm("cases.change_case", probe)
    return lookups.may_handle[organization.pk]


# --- Import --------------------------------------------------------------------------------


def _record_errors(number: int, row: Row, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", message) for message in exc.messages]
    errors: list[RowError] = []
    for name, messages in exc.message_dict.items():
        if name == "unit":
            column = "address" if row["address"] and not row["unit_code"] else "unit_code"
        else:
            column = _RECORD_COLUMNS.get(name, name)
        errors.extend(RowError(number, column, message) for message in messages)
    return errors


def _record(actor: User, parsed: _Parsed) -> Case:
    for attempt in range(2):
        try:
            return record(
                actor=actor, submission=parsed.submission, organization=parsed.organization
            ).case
        except IntegrityError:
            # Two random tracking codes met: record()'s savepoint is undone; draw again once.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _error_order(error: RowError) -> tuple[int, int]:
    column = COLUMNS.index(error.column) if error.column in COLUMNS else len(COLUMNS)
    return error.row, column


def import_cases(
    *,
    actor: User,
    rows: Sequence[Row],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Record one matter per non-blank row of `rows`, all or nothing.

    Each row goes through `intake.record` (its own savepoint) inside one transaction, so a
    row is held to exactly the rules of an officer's entry; the transaction is undone when
    any row fails or on a dry run. `progress` wraps the rows, e.g. in a tqdm bar.
    PermissionDenied when the actor may not record matters at all.
    """
    if not actor.has_perm("cases.add_case"):
        raise PermissionDenied(_("You may not record citizen matters."))
    rows = [{column: str(row.get(column) or "").strip() for column in COLUMNS} for row in rows]
    errors: list[RowError] = []
    created: list[str] = []
    checked = 0
    with transaction.atomic():
        lookups = _load(rows)
        for number, row in enumerate(progress(rows) if progress else rows, start=FIRST_DATA_ROW):
            if not any(row.values()):
                continue
            checked += 1
            parsed = _parse(number, row, actor, lookups)
            try:
                created.append(_record(actor, parsed).tracking_code)
            except ValidationError as exc:
                # What the file's own checks found already says it, and better for a file.
                seen = {error.column for error in parsed.errors}
                parsed.errors += [
                    error for error in _record_errors(number, row, exc) if error.column not in seen
                ]
            errors += parsed.errors
        if errors or dry_run:
            transaction.set_rollback(True)
    if errors:
        return ImportResult(checked=checked, errors=sorted(errors, key=_error_order))
    return ImportResult(created=[] if dry_run else created, checked=checked, dry_run=dry_run)
