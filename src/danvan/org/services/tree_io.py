"""Import and export of the organization tree as CSV or XLSX.

An import is all or nothing: every row is checked before anything is written, and any error
leaves the database as it was. Errors carry the row number and column the user sees in Excel
(the header is row 1), so a unit administrator can fix the file and run it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danvan.lib import spreadsheets
from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.spreadsheets import (
    Column,
    ImportFileError,
    Kind,
    RowError,
    TextSink,
    XlsxWriter,
    read_records,
)
from danvan.org.models import AdminLevel, AdminUnit, Organization, OrganizationKind

from .organizations import create_organization, update_organization

COLUMNS = (
    "code",
    "name",
    "short_name",
    "kind",
    "unit_code",
    "unit_level",
    "parent_code",
    "valid_from",
    "valid_to",
)
REQUIRED = ("code", "name", "kind")
FIRST_DATA_ROW = 2  # Excel numbers the header row 1
CHUNK_SIZE = 2000
# Keeps `code__in` lists under SQLite's limit on query parameters.
LOOKUP_BATCH = 500
# Excel turns "01" into 1 when it opens a CSV; official unit codes have a fixed width per level,
# so the leading zeros can be put back.
UNIT_CODE_WIDTH = {AdminLevel.PROVINCE: 2, AdminLevel.DISTRICT: 3, AdminLevel.COMMUNE: 5}
# Model field names as the user knows them: the file's columns.
FIELD_COLUMNS = {"parent": "parent_code", "unit": "unit_code", "__all__": ""}

Row = dict[str, str]


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass
class PlannedRow:
    row: int
    code: str
    action: str
    values: dict[str, Any]  # name, short_name, kind, unit, valid_from, valid_to
    parent_code: str
    changed: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    rows: list[PlannedRow]  # parents before children, so each parent exists when needed
    organizations: dict[str, Organization]  # existing bodies named in the file, by code

    def codes(self, action: str) -> list[str]:
        return [item.code for item in self.rows if item.action == action]


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Export --------------------------------------------------------------------------------


def find_province(code: str) -> AdminUnit:
    """The province in force today with this official code; LookupError if none."""
    code = code.strip()
    province = AdminUnit.objects.provinces().current().filter(code=code.zfill(2)).first()
    if province is None:
        raise LookupError(_("Unknown province code: %(code)s") % {"code": code})
    return province


def export_queryset(
    *, province: str | None = None, include_ended: bool = False
) -> QuerySet[Organization]:
    qs = Organization.objects.all() if include_ended else Organization.objects.current()
    if province:
        qs = qs.filter(province=find_province(province))
    return qs.select_related("unit", "parent").order_by("code")


def row_for(org: Organization) -> Row:
    unit, parent = org.unit, org.parent
    return _row(
        code=org.code,
        name=org.name,
        short_name=org.short_name,
        kind=org.kind,
        unit__code=unit.code if unit else None,
        unit__level=unit.level if unit else None,
        parent__code=parent.code if parent else None,
        valid_from=org.valid_from,
        valid_to=org.valid_to,
    )


# Exports read plain values: building three model instances per body costs more than the
# query and the CSV writing together.
_EXPORT_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "unit__code",
    "unit__level",
    "parent__code",
    "valid_from",
    "valid_to",
)


def _row(**v: Any) -> Row:
    return {
        "code": v["code"],
        "name": v["name"],
        "short_name": v["short_name"],
        "kind": v["kind"],
        "unit_code": v["unit__code"] or "",
        "unit_level": v["unit__level"] or "",
        "parent_code": v["parent__code"] or "",
        "valid_from": format_vn_date(v["valid_from"]),
        "valid_to": format_vn_date(v["valid_to"]),
    }


Progress = Callable[[Iterable[dict], int], Iterable[dict]]


def export_rows(
    *, province: str | None = None, include_ended: bool = False, progress: Progress | None = None
) -> Iterator[Row]:
    """One row per body (in force today unless `include_ended`), streamed from the database.

    `progress` wraps the organizations with the total count, e.g. to show a tqdm bar.
    """
    qs = export_queryset(province=province, include_ended=include_ended)
    values: Iterable[dict] = qs.values(*_EXPORT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    if progress is not None:
        values = progress(values, qs.count())
    for v in values:
        yield _row(**v)


def write_csv(rows: Iterable[Row], stream: TextSink) -> int:
    """Header and rows; the caller opens files with `utf-8-sig` so Excel reads the accents."""
    return spreadsheets.write_csv(stream, COLUMNS, ([row[c] for c in COLUMNS] for row in rows))


_DATE_COLUMNS = ("valid_from", "valid_to")


def _xlsx_cell(column: str, text: str) -> object:
    if column in _DATE_COLUMNS:
        return parse_vn_date(text) if text else None  # a real date; read back as dd/mm/yyyy
    return text  # codes stay text, so "01" keeps its leading zero


def write_xlsx(rows: Iterable[Row], path: Path) -> int:
    header = [Column(c, Kind.DATE if c in _DATE_COLUMNS else Kind.TEXT) for c in COLUMNS]
    workbook = XlsxWriter()
    count = workbook.table(
        "organizations", header, ([_xlsx_cell(c, row[c]) for c in COLUMNS] for row in rows)
    )
    workbook.save(path)
    return count


# --- Reading -------------------------------------------------------------------------------


def read_rows(path: Path | str) -> list[Row]:
    """The file's data rows as dicts keyed by COLUMNS, blank rows kept so numbering holds."""
    return _rows_from_records(read_records(path))


def _rows_from_records(records: list[list[str]]) -> list[Row]:
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(
            _("The first row must name the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
        )
    header = [cell.strip().lstrip("\ufeff").lower() for cell in records[0]]
    errors = [
        RowError(1, column, _("Missing column: %(column)s") % {"column": column})
        for column in COLUMNS
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
    position = {column: header.index(column) for column in COLUMNS}
    return [
        {column: record[i].strip() if i < len(record) else "" for column, i in position.items()}
        for record in records[1:]
    ]


# --- Validation ----------------------------------------------------------------------------


@dataclass
class _Entry:
    row: int
    code: str
    name: str
    short_name: str
    kind: str
    unit_code: str
    unit_level: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    dates_ok: bool


def _value(row: Row, column: str) -> str:
    return str(row.get(column) or "").strip()


def _parse(number: int, row: Row, errors: list[RowError]) -> _Entry:
    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    for column in REQUIRED:
        if not _value(row, column):
            error(column, _("A value is required."))
    for column in ("code", "name", "short_name"):
        limit = getattr(Organization._meta.get_field(column), "max_length", None)
        length = len(_value(row, column))
        if limit is not None and length > limit:
            error(
                column,
                _("Too long: %(length)s characters, at most %(max)s.")
                % {"length": length, "max": limit},
            )

    kind = _value(row, "kind").lower()
    if kind and kind not in OrganizationKind.values:
        error("kind", _("Unknown organization kind: %(value)s") % {"value": _value(row, "kind")})

    dates: dict[str, dt.date | None] = {}
    dates_ok = True
    for column in ("valid_from", "valid_to"):
        text = _value(row, column)
        try:
            dates[column] = parse_vn_date(text) if text else None
        except ValueError:
            dates[column], dates_ok = None, False
            error(column, _("Not a date: %(value)s (use dd/mm/yyyy).") % {"value": text})
    valid_from, valid_to = dates["valid_from"], dates["valid_to"]
    if valid_from and valid_to and valid_to < valid_from:
        error("valid_to", _("The end date must not be before the start date."))

    unit_code, unit_level = _value(row, "unit_code"), _value(row, "unit_level").lower()
    if unit_code and not unit_level:
        error("unit_level", _("A value is required."))
    if unit_level and unit_level not in AdminLevel.values:
        error(
            "unit_level",
            _("Unknown unit level: %(value)s (use province, district or commune).")
            % {"value": _value(row, "unit_level")},
        )
    elif unit_level and not unit_code:
        error("unit_code", _("A unit level was given without a unit code."))
    elif unit_level and unit_code.isdigit():
        unit_code = unit_code.zfill(UNIT_CODE_WIDTH[AdminLevel(unit_level)])

    return _Entry(
        row=number,
        code=_value(row, "code"),
        name=_value(row, "name"),
        short_name=_value(row, "short_name"),
        kind=kind,
        unit_code=unit_code,
        unit_level=unit_level,
        parent_code=_value(row, "parent_code"),
        valid_from=valid_from,
        valid_to=valid_to,
        dates_ok=dates_ok,
    )


def _batches(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), LOOKUP_BATCH):
        yield ordered[start : start + LOOKUP_BATCH]


def _load_organizations(codes: Iterable[str]) -> dict[str, Organization]:
    found: dict[str, Organization] = {}
    for batch in _batches(codes):
        # unit__current: deriving the province later needs no further query.
        for org in Organization.objects.filter(code__in=batch).select_related("unit__current"):
            found[org.code] = org
    # Share one instance per body: the services walk `parent` links in memory to refuse
    # loops, and a second, stale copy of a body changed earlier in the import would mislead it.
    by_pk = {org.pk: org for org in found.values()}
    for org in found.values():
        if org.parent_id in by_pk:
            org.parent = by_pk[org.parent_id]
    return found


def _load_units(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[AdminUnit]]:
    keys = set(keys)
    units: dict[tuple[str, str], list[AdminUnit]] = {}
    for batch in _batches(code for _level, code in keys):
        for unit in AdminUnit.objects.filter(code__in=batch).select_related("current"):
            if (unit.level, unit.code) in keys:
                units.setdefault((unit.level, unit.code), []).append(unit)
    return units


def _reference_day(entry: _Entry, now: dt.date) -> dt.date:
    """The day on which the body's territory must be in force."""
    if entry.valid_from:
        return entry.valid_from
    if entry.valid_to and entry.valid_to < now:
        # A body that has ended sat on a unit of its own time, which may since be gone.
        return entry.valid_to
    return now


def _pick_unit(candidates: list[AdminUnit], day: dt.date, now: dt.date) -> AdminUnit | None:
    in_force = sorted(
        (unit for unit in candidates if unit.is_valid_on(day)),
        key=lambda unit: not unit.is_valid_on(now),
    )
    return in_force[0] if in_force else None


def _resolve_unit(
    entry: _Entry,
    existing: Organization | None,
    units: dict[tuple[str, str], list[AdminUnit]],
    now: dt.date,
) -> AdminUnit | None:
    key = (entry.unit_level, entry.unit_code)
    kept = existing.unit if existing is not None else None
    # A code and level name more than one unit over time; a body keeps the one it has, so
    # exporting and importing again changes nothing.
    if kept is not None and (kept.level, kept.code) == key:
        return kept
    return _pick_unit(units.get(key, []), _reference_day(entry, now), now)


def _find_loops(parent_of: Callable[[str], str | None], starts: Iterable[str]) -> list[list[str]]:
    done: set[str] = set()
    loops: list[list[str]] = []
    for start in starts:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of(node)
        if node is not None and node in on_path:
            loops.append(path[path.index(node) :])
        done.update(path)
    return loops


def _depths(parent_of: Callable[[str], str | None], codes: Iterable[str]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for code in codes:
        chain: list[str] = []
        node: str | None = code
        while node is not None and node not in depth:
            chain.append(node)
            node = parent_of(node)
        level = depth[node] if node is not None else -1
        for item in reversed(chain):
            level += 1
            depth[item] = level
    return depth


def _changes(
    org: Organization,
    values: dict[str, Any],
    parent_code: str | None,
    current_parent_code: str | None,
) -> tuple[str, ...]:
    changed = [name for name, value in values.items() if getattr(org, name) != value]
    if parent_code != current_parent_code:
        changed.append("parent")
    return tuple(changed)


@dataclass
class _Tree:
    """The parent links as they will be after the import: the file's over the database's."""

    entries: dict[str, _Entry]
    db_parent: dict[str, str | None]

    def known(self, code: str) -> bool:
        return code in self.entries or code in self.db_parent

    def parent_of(self, code: str) -> str | None:
        entry = self.entries.get(code)
        if entry is None:
            return self.db_parent.get(code)
        usable = entry.parent_code != code and self.known(entry.parent_code)
        return entry.parent_code if usable else None


def _parse_rows(rows: Sequence[Row], errors: list[RowError]) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        if not any(_value(row, column) for column in COLUMNS):
            continue
        entry = _parse(number, row, errors)
        if not entry.code:
            continue
        if entry.code in entries:
            message = _("Code %(code)s is already used on row %(row)s.") % {
                "code": entry.code,
                "row": entries[entry.code].row,
            }
            errors.append(RowError(number, "code", message))
            continue
        entries[entry.code] = entry
    return entries


def _check_parents(tree: _Tree, errors: list[RowError]) -> None:
    for entry in tree.entries.values():
        if entry.parent_code == entry.code:
            errors.append(
                RowError(entry.row, "parent_code", _("An organization cannot be its own parent."))
            )
        elif entry.parent_code and not tree.known(entry.parent_code):
            errors.append(
                RowError(
                    entry.row,
                    "parent_code",
                    _("Unknown parent code: %(value)s") % {"value": entry.parent_code},
                )
            )
    for loop in _find_loops(tree.parent_of, tree.entries):
        path = " → ".join([*loop, loop[0]])
        errors.extend(
            RowError(
                tree.entries[code].row,
                "parent_code",
                _("These parents make a loop: %(path)s") % {"path": path},
            )
            for code in loop
            if code in tree.entries
        )


def _plan_row(
    entry: _Entry,
    existing: dict[str, Organization],
    units: dict[tuple[str, str], list[AdminUnit]],
    tree: _Tree,
    errors: list[RowError],
) -> PlannedRow:
    now = today()
    org = existing.get(entry.code)
    unit: AdminUnit | None = None
    if entry.unit_code and entry.unit_level in AdminLevel.values and entry.dates_ok:
        unit = _resolve_unit(entry, org, units, now)
        if unit is None:
            errors.append(
                RowError(
                    entry.row,
                    "unit_code",
                    _("Unknown unit: no %(level)s with code %(code)s in force on %(date)s.")
                    % {
                        "level": entry.unit_level,
                        "code": entry.unit_code,
                        "date": format_vn_date(_reference_day(entry, now)),
                    },
                )
            )
    values = {
        "name": entry.name,
        "short_name": entry.short_name,
        "kind": entry.kind,
        "unit": unit,
        "valid_from": entry.valid_from,
        "valid_to": entry.valid_to,
    }
    if org is None:
        return PlannedRow(entry.row, entry.code, Action.CREATE, values, entry.parent_code)
    changed = _changes(org, values, entry.parent_code or None, tree.db_parent.get(entry.code))
    action = Action.UPDATE if changed else Action.UNCHANGED
    return PlannedRow(entry.row, entry.code, action, values, entry.parent_code, changed)


def _error_order(error: RowError) -> tuple[int, int]:
    column = COLUMNS.index(error.column) if error.column in COLUMNS else len(COLUMNS)
    return error.row, column


def validate(rows: Sequence[Row]) -> ImportPlan | list[RowError]:
    """Check every row; return the plan of writes, or every error found."""
    errors: list[RowError] = []
    entries = _parse_rows(rows, errors)
    # One query for the whole tree: parents may sit anywhere in it, and loops may run through it.
    tree = _Tree(entries, dict(Organization.objects.values_list("code", "parent__code")))
    _check_parents(tree, errors)

    existing = _load_organizations(
        [*entries, *(e.parent_code for e in entries.values() if e.parent_code)]
    )
    units = _load_units(
        (e.unit_level, e.unit_code)
        for e in entries.values()
        if e.unit_code and e.unit_level in AdminLevel.values
    )
    planned = [_plan_row(entry, existing, units, tree, errors) for entry in entries.values()]
    if errors:
        return sorted(errors, key=_error_order)
    depth = _depths(tree.parent_of, entries)
    planned.sort(key=lambda item: (depth[item.code], item.row))
    return ImportPlan(rows=planned, organizations=existing)


# --- Import --------------------------------------------------------------------------------


def _row_errors(row: int, exc: ValidationError) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, FIELD_COLUMNS.get(name, name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row, "", message) for message in exc.messages]


def _apply(plan: ImportPlan) -> list[RowError]:
    """Write the plan through the services, so derived fields and history are kept."""
    by_code = dict(plan.organizations)
    errors: list[RowError] = []
    for item in plan.rows:
        if item.action == Action.UNCHANGED:
            continue
        parent = by_code.get(item.parent_code) if item.parent_code else None
        try:
            if item.action == Action.CREATE:
                by_code[item.code] = create_organization(
                    actor=None, code=item.code, parent=parent, **item.values
                )
            else:
                changes = {
                    name: parent if name == "parent" else item.values[name] for name in item.changed
                }
                update_organization(actor=None, organization=by_code[item.code], **changes)
        except ValidationError as exc:
            # Keep going: the user gets every such error at once; the transaction is undone.
            errors.extend(_row_errors(item.row, exc))
    return errors


def import_organizations(*, rows: Sequence[Row], dry_run: bool = False) -> ImportResult:
    """Create and update the bodies in `rows`, all or nothing.

    A dry run makes the same writes and then rolls them back, so it also catches what only
    the services can check.
    """
    with transaction.atomic():
        plan = validate(rows)
        if isinstance(plan, list):
            return ImportResult(errors=plan, dry_run=dry_run)
        result = ImportResult(
            created=plan.codes(Action.CREATE),
            updated=plan.codes(Action.UPDATE),
            unchanged=plan.codes(Action.UNCHANGED),
            dry_run=dry_run,
        )
        errors = _apply(plan)
        if errors or dry_run:
            transaction.set_rollback(True)
    return ImportResult(errors=errors, dry_run=dry_run) if errors else result
