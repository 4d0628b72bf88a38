"""Loading the national administrative units, and keeping their roll-up links true.

The data come from the `vietnamadminunits` package (MIT): the 34 provinces and 3,321
commune-level units in force from 01/07/2025, the 63 provinces, 696 districts and 10,035
communes before it, and the official old→new mapping. Loading is idempotent: running it again
updates names and links and creates only what is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from danvan.lib.text import fold
from danvan.org.models import AdminLevel, AdminUnit, SuccessionKind, UnitSuccession

REFORM_DATE = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DATE - dt.timedelta(days=1)
PROVINCE_REFORM_BASIS = "Nghị quyết 202/2025/QH15"
COMMUNE_REFORM_BASIS = "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025"

Key = tuple[str, str, dt.date | None]  # (level, code, valid_to)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    successions_created: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


def _dataset_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data"


def _rows(sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(_dataset_dir() / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def _province_kind(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


@dataclass
class _Spec:
    key: Key
    fields: dict
    parent: Key | None
    province: Key


def _specs() -> tuple[list[_Spec], dict[str, Key], dict[str, Key], dict[tuple[str, str], Key]]:
    """Desired units, plus lookups from the dataset's keys to our natural keys."""
    specs: list[_Spec] = []
    legacy_province: dict[str, Key] = {}  # provinceKey -> key
    legacy_ward: dict[str, Key] = {}  # "prov_district_ward" (ward "" for a district) -> key
    new_ward: dict[tuple[str, str], Key] = {}  # (provinceKey, wardKey) -> key
    new_province: dict[str, Key] = {}

    old, new = LAST_DAY_BEFORE_REFORM, None
    seen: set[Key] = set()

    def add(key: Key, fields: dict, parent: Key | None, province: Key) -> None:
        if key not in seen:
            seen.add(key)
            specs.append(_Spec(key, fields, parent, province))

    for r in _rows(
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    ):
        pkey: Key = (AdminLevel.PROVINCE, r["provinceCode"], old)
        legacy_province[r["provinceKey"]] = pkey
        add(
            pkey,
            {
                "name": r["province"],
                "short_name": r["provinceShort"],
                "kind_name": _province_kind(r["province"]),
                "latitude": r["provinceLat"],
                "longitude": r["provinceLon"],
                "valid_from": None,
                "valid_to": old,
            },
            None,
            pkey,
        )
        dkey: Key = (AdminLevel.DISTRICT, r["districtCode"], old)
        legacy_ward[f"{r['provinceKey']}_{r['districtKey']}_"] = dkey
        add(
            dkey,
            {
                "name": r["district"],
                "short_name": r["districtShort"],
                "kind_name": r["districtType"],
                "latitude": r["districtLat"],
                "longitude": r["districtLon"],
                "valid_from": None,
                "valid_to": old,
            },
            pkey,
            pkey,
        )
        if r["wardCode"] is None:  # island districts with no communes
            continue
        wkey: Key = (AdminLevel.COMMUNE, r["wardCode"], old)
        legacy_ward[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = wkey
        add(
            wkey,
            {
                "name": r["ward"],
                "short_name": r["wardShort"],
                "kind_name": r["wardType"],
                "latitude": r["wardLat"],
                "longitude": r["wardLon"],
                "valid_from": None,
                "valid_to": old,
            },
            dkey,
            pkey,
        )

    for r in _rows("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
        pkey = (AdminLevel.PROVINCE, r["provinceCode"], new)
        new_province[r["provinceKey"]] = pkey
        add(
            pkey,
            {
                "name": r["province"],
                "short_name": r["provinceShort"],
                "kind_name": _province_kind(r["province"]),
                "latitude": r["provinceLat"],
                "longitude": r["provinceLon"],
                "valid_from": REFORM_DATE,
                "valid_to": None,
            },
            None,
            pkey,
        )
        wkey = (AdminLevel.COMMUNE, r["wardCode"], new)
        new_ward[(r["provinceKey"], r["wardKey"])] = wkey
        add(
            wkey,
            {
                "name": r["ward"],
                "short_name": r["wardShort"],
                "kind_name": r["wardType"],
                "latitude": r["wardLat"],
                "longitude": r["wardLon"],
                "valid_from": REFORM_DATE,
                "valid_to": None,
            },
            pkey,
            pkey,
        )

    for pk, key in new_province.items():
        legacy_province.setdefault(f"new:{pk}", key)
    return specs, legacy_province, legacy_ward, new_ward


@dataclass(frozen=True)
class _Link:
    old: Key
    new: Key
    kind: str
    is_default: bool
    basis: str


def _links(
    specs: list[_Spec],
    legacy_province: dict[str, Key],
    legacy_ward: dict[str, Key],
    new_ward: dict[tuple[str, str], Key],
) -> list[_Link]:
    mapping = json.loads((_dataset_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    names = {s.key: s.fields["name"] for s in specs}
    links: list[_Link] = []
    old_to_new_province: dict[Key, Key] = {}

    for new_pkey, old_pkeys in mapping["DICT_PROVINCE"].items():
        new_key = legacy_province[f"new:{new_pkey}"]
        for old_pkey in old_pkeys:
            old_key = legacy_province[old_pkey]
            old_to_new_province[old_key] = new_key
            if len(old_pkeys) > 1:
                kind = SuccessionKind.MERGED
            elif names[old_key] == names[new_key]:
                kind = SuccessionKind.CONTINUED
            else:
                kind = SuccessionKind.RENAMED
            links.append(_Link(old_key, new_key, kind, True, PROVINCE_REFORM_BASIS))

    linked: set[Key] = set()
    for new_pkey, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            new_key = new_ward[(new_pkey, new_wkey)]
            for old_full in olds:
                old_key = legacy_ward[old_full]
                linked.add(old_key)
                if len(olds) > 1:
                    kind = SuccessionKind.MERGED
                elif old_key[0] == AdminLevel.DISTRICT:
                    kind = SuccessionKind.RENAMED  # an island district became a special zone
                elif names[old_key] == names[new_key]:
                    kind = SuccessionKind.CONTINUED
                else:
                    kind = SuccessionKind.RENAMED
                links.append(_Link(old_key, new_key, kind, True, COMMUNE_REFORM_BASIS))
    for new_pkey, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_full, targets in divided.items():
            old_key = legacy_ward[old_full]
            linked.add(old_key)
            for target in targets:
                links.append(
                    _Link(
                        old_key,
                        new_ward[(new_pkey, target["newWardKey"])],
                        SuccessionKind.SPLIT,
                        bool(target["isDefaultNewWard"]),
                        COMMUNE_REFORM_BASIS,
                    )
                )

    # Districts were abolished; their records roll up to the province that took them over.
    for spec in specs:
        if spec.key[0] == AdminLevel.DISTRICT and spec.key not in linked:
            links.append(
                _Link(
                    spec.key,
                    old_to_new_province[spec.province],
                    SuccessionKind.ABOLISHED,
                    True,
                    PROVINCE_REFORM_BASIS,
                )
            )
    return links


def _differs(unit: AdminUnit, values: dict) -> bool:
    # Compare foreign keys by id: reading unit.parent would cost a query per unit.
    for name, value in values.items():
        if isinstance(value, AdminUnit) or (value is None and name in ("parent", "province")):
            if getattr(unit, f"{name}_id") != (value.pk if value else None):
                return True
        elif getattr(unit, name) != value:
            return True
    return False


def load_admin_units(*, progress: Callable[[Iterable], Iterable] | None = None) -> LoadReport:
    """Create or update every unit and succession link from the package's data."""
    wrap = progress or (lambda it: it)
    specs, legacy_province, legacy_ward, new_ward = _specs()
    links = _links(specs, legacy_province, legacy_ward, new_ward)
    report = LoadReport()

    with transaction.atomic():
        existing: dict[Key, AdminUnit] = {
            (u.level, u.code, u.valid_to): u for u in AdminUnit.objects.all()
        }
        # Parents before children, so every parent has a primary key when it is referenced.
        order = {AdminLevel.PROVINCE: 0, AdminLevel.DISTRICT: 1, AdminLevel.COMMUNE: 2}
        for level in sorted(order, key=order.__getitem__):
            to_create, to_update = [], []
            for spec in wrap([s for s in specs if s.key[0] == level]):
                values = dict(
                    spec.fields,
                    name_folded=fold(spec.fields["name"]),
                    parent=existing[spec.parent] if spec.parent else None,
                    province=existing.get(spec.province),
                )
                unit = existing.get(spec.key)
                if unit is None:
                    unit = AdminUnit(level=spec.key[0], code=spec.key[1], **values)
                    existing[spec.key] = unit
                    to_create.append(unit)
                elif _differs(unit, values):
                    for k, v in values.items():
                        setattr(unit, k, v)
                    to_update.append(unit)
            # With history rows, so that the audit trail starts at the load.
            bulk_create_with_history(
                to_create, AdminUnit, batch_size=1000, default_change_reason="load"
            )
            # Rare (a re-load after the package corrected a name), so bulk_update's cost is fine.
            bulk_update_with_history(
                to_update,
                AdminUnit,
                [*spec.fields.keys(), "name_folded", "parent", "province"],
                batch_size=500,
            )
            if level == AdminLevel.PROVINCE:
                AdminUnit.objects.filter(level=level, province__isnull=True).update(
                    province_id=F("id")
                )
            report.created += len(to_create)
            report.updated += len(to_update)

        pairs = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
        new_links = []
        for link in links:
            old, new = existing[link.old], existing[link.new]
            if (old.pk, new.pk) not in pairs:
                pairs.add((old.pk, new.pk))
                new_links.append(
                    UnitSuccession(
                        predecessor=old,
                        successor=new,
                        kind=link.kind,
                        is_default=link.is_default,
                        effective_date=REFORM_DATE,
                        legal_basis=link.basis,
                    )
                )
        bulk_create_with_history(
            new_links, UnitSuccession, batch_size=1000, default_change_reason="load"
        )
        report.successions_created = len(new_links)

        save_current(point_at_current(list(existing.values())))

    for spec in specs:
        report.by_level[spec.key[0]] = report.by_level.get(spec.key[0], 0) + 1
    return report


def save_current(units: list[AdminUnit]) -> None:
    """Write `current` with one UPDATE per target unit: far cheaper than bulk_update's CASE."""
    by_target: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        by_target[unit.current_id].append(unit.pk)  # type: ignore[index]
    for target, pks in by_target.items():
        for start in range(0, len(pks), 500):
            AdminUnit.objects.filter(pk__in=pks[start : start + 500]).update(current_id=target)


def point_at_current(units: list[AdminUnit]) -> list[AdminUnit]:
    """Point each unit's `current` at the unit in force today that its records roll up to.

    Follows default successor links, so a chain survives several reorganizations; a unit in
    force is its own current unit. Changes the objects in memory and returns those changed.
    """
    from danvan.lib.dates import today

    by_pk = {u.pk: u for u in units}
    default_next = dict(
        UnitSuccession.objects.filter(is_default=True).values_list("predecessor_id", "successor_id")
    )
    day = today()
    changed = []
    for unit in units:
        node, hops = unit, 0
        while not node.is_valid_on(day) and node.pk in default_next and hops < 20:
            nxt_pk = default_next[node.pk]
            if nxt_pk not in by_pk:
                by_pk[nxt_pk] = AdminUnit.objects.get(pk=nxt_pk)
            node, hops = by_pk[nxt_pk], hops + 1
        if unit.current_id != node.pk:
            unit.current = node
            changed.append(unit)
    return changed
