"""The standard bodies of each level, created in bulk for the demo and national profiles.

Codes are deterministic (unit code + body suffix), so seeding twice creates nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history

from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.org.services import apply_derived_fields

K = OrganizationKind


@dataclass(frozen=True)
class BodySpec:
    suffix: str
    kind: str
    name: str  # a format string over {place} (e.g. "xã Tân Trào") and {short} ("Tân Trào")
    parent_suffix: str | None  # a body of the same unit; None: the level above's counterpart
    above_suffix: str | None = None  # the counterpart one level up


CENTRAL = [
    BodySpec("TW-BCH", K.PARTY_COMMITTEE, "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", None),
    BodySpec(
        "TW-BTGDV", K.MASS_MOBILIZATION_COMMISSION, "Ban Tuyên giáo và Dân vận Trung ương", "TW-BCH"
    ),
    BodySpec("TW-MTTQ", K.FATHERLAND_FRONT, "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None),
    BodySpec("TW-HND", K.FARMERS_ASSOCIATION, "Hội Nông dân Việt Nam", "TW-MTTQ"),
    BodySpec("TW-HLHPN", K.WOMENS_UNION, "Hội Liên hiệp Phụ nữ Việt Nam", "TW-MTTQ"),
    BodySpec("TW-HCCB", K.VETERANS_ASSOCIATION, "Hội Cựu chiến binh Việt Nam", "TW-MTTQ"),
    BodySpec("TW-DTN", K.YOUTH_UNION, "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "TW-MTTQ"),
    BodySpec("TW-TLD", K.TRADE_UNION, "Tổng Liên đoàn Lao động Việt Nam", "TW-MTTQ"),
]

PROVINCE = [
    BodySpec("TU", K.PARTY_COMMITTEE, "{committee} {short}", None, "TW-BCH"),
    BodySpec(
        "BTGDV",
        K.MASS_MOBILIZATION_COMMISSION,
        "Ban Tuyên giáo và Dân vận {committee} {short}",
        "TU",
    ),
    BodySpec("HDND", K.PEOPLES_COUNCIL, "Hội đồng nhân dân {place}", "TU"),
    BodySpec("UBND", K.PEOPLES_COMMITTEE, "Ủy ban nhân dân {place}", "TU"),
    BodySpec(
        "MTTQ", K.FATHERLAND_FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam {place}", None, "TW-MTTQ"
    ),
    BodySpec("HND", K.FARMERS_ASSOCIATION, "Hội Nông dân {place}", "MTTQ"),
    BodySpec("HLHPN", K.WOMENS_UNION, "Hội Liên hiệp Phụ nữ {place}", "MTTQ"),
    BodySpec("HCCB", K.VETERANS_ASSOCIATION, "Hội Cựu chiến binh {place}", "MTTQ"),
    BodySpec("DTN", K.YOUTH_UNION, "Đoàn Thanh niên Cộng sản Hồ Chí Minh {place}", "MTTQ"),
    BodySpec("LDLD", K.TRADE_UNION, "Liên đoàn Lao động {place}", "MTTQ"),
    BodySpec("BCHQS", K.ARMED_FORCES, "Bộ Chỉ huy Quân sự {place}", "UBND"),
]

COMMUNE = [
    BodySpec("DU", K.PARTY_COMMITTEE, "Đảng ủy {place}", None, "TU"),
    BodySpec("HDND", K.PEOPLES_COUNCIL, "Hội đồng nhân dân {place}", "DU"),
    BodySpec("UBND", K.PEOPLES_COMMITTEE, "Ủy ban nhân dân {place}", None, "UBND"),
    BodySpec("MTTQ", K.FATHERLAND_FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam {place}", None, "MTTQ"),
    BodySpec("HND", K.FARMERS_ASSOCIATION, "Hội Nông dân {place}", "MTTQ"),
    BodySpec("HLHPN", K.WOMENS_UNION, "Hội Liên hiệp Phụ nữ {place}", "MTTQ"),
    BodySpec("HCCB", K.VETERANS_ASSOCIATION, "Hội Cựu chiến binh {place}", "MTTQ"),
    BodySpec("DTN", K.YOUTH_UNION, "Đoàn Thanh niên Cộng sản Hồ Chí Minh {place}", "MTTQ"),
]


def place(unit: AdminUnit) -> str:
    """'Phường Ba Đình' → 'phường Ba Đình', as it reads inside a body's name."""
    return unit.name[:1].lower() + unit.name[1:]


def committee_word(unit: AdminUnit) -> str:
    return "Thành ủy" if unit.kind_name == "Thành phố" else "Tỉnh ủy"


def code_for(unit: AdminUnit | None, suffix: str) -> str:
    return suffix if unit is None else f"{unit.code}-{suffix}"


def _build(
    unit: AdminUnit | None,
    specs: list[BodySpec],
    above: AdminUnit | None,
    existing: dict[str, Organization],
    only_parents: bool,
    skip: frozenset[str],
) -> list[Organization]:
    """Bodies of one unit. In the first pass, bodies whose parent is in the same unit wait."""
    made = []
    for spec in specs:
        code = code_for(unit, spec.suffix)
        local_parent = spec.parent_suffix is not None
        if (
            spec.suffix in skip
            or code in existing
            or (only_parents and local_parent and unit is not None)
        ):
            continue
        if local_parent:
            parent = existing.get(code_for(unit, spec.parent_suffix))  # type: ignore[arg-type]
            if parent is None or parent.pk is None:  # its parent is made in a later pass
                continue
        else:
            parent = existing.get(code_for(above, spec.above_suffix)) if spec.above_suffix else None
        name = spec.name.format(
            place=place(unit) if unit else "",
            short=unit.short_name if unit else "",
            committee=committee_word(unit) if unit else "",
        )
        org = Organization(code=code, name=name, kind=spec.kind, unit=unit, parent=parent)
        apply_derived_fields(org)
        existing[code] = org
        made.append(org)
    return made


def ensure_bodies(
    units: Iterable[AdminUnit],
    *,
    progress: Callable[[Iterable], Iterable] | None = None,
    skip: frozenset[str] = frozenset(),
) -> int:
    """Create the standard bodies of the central level and of every unit given (provinces
    and communes in force), skipping those that exist and the body suffixes in `skip`.
    Returns how many were created."""
    wrap = progress or (lambda it: it)
    units = list(units)
    existing = {o.code: o for o in Organization.objects.filter(valid_to__isnull=True)}
    created = 0
    with transaction.atomic():
        for level_units, specs in (
            ([None], CENTRAL),
            ([u for u in units if u.level == "province"], PROVINCE),
            ([u for u in units if u.level == "commune"], COMMUNE),
        ):
            for only_parents in (True, False, False):
                batch: list[Organization] = []
                for unit in wrap(level_units) if only_parents else level_units:
                    above = unit.province if unit is not None and unit.level == "commune" else None
                    batch += _build(unit, specs, above, existing, only_parents, skip)
                bulk_create_with_history(batch, Organization, batch_size=2000)
                created += len(batch)
        Organization.objects.filter(current__isnull=True, valid_to__isnull=True).update(
            current=F("id")
        )
    return created
