"""The question library the satisfaction index reads: SIPAS's five criteria of public
administrative service (Quyết định 1001/QĐ-BNV, 11/12/2023) and PAPI's eight dimensions, each
item a 1–5 rating with a code ("sipas.staff.3"). The items are data (library/sipas_papi.json),
written in Vietnamese as they are asked; decision 0025 says where their wording comes from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

INDEX_FAMILY = "sipas"  # the criteria the index is the mean of


@dataclass(frozen=True)
class Criterion:
    code: str  # "sipas.staff"
    family: str  # "sipas" | "papi"
    title: str
    short: str  # a table's column, a chart's label
    items: tuple[str, ...]

    def item_code(self, n: int) -> str:
        return f"{self.code}.{n}"


@dataclass(frozen=True)
class Library:
    scale_max: int
    low_label: str
    high_label: str
    criteria: tuple[Criterion, ...]

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def family(self, family: str) -> list[Criterion]:
        return [c for c in self.criteria if c.family == family]


@cache
def library() -> Library:
    data = json.loads((Path(__file__).parent / "sipas_papi.json").read_text(encoding="utf-8"))
    return Library(
        scale_max=data["scale"]["max"],
        low_label=data["scale"]["low"],
        high_label=data["scale"]["high"],
        criteria=tuple(
            Criterion(c["code"], c["family"], c["title"], c["short"], tuple(c["items"]))
            for c in data["criteria"]
        ),
    )


def criterion_of(code: str) -> str:
    """ "sipas.staff.3" → "sipas.staff"; a code outside the library → ""."""
    head, _, tail = code.rpartition(".")
    return head if tail.isdigit() and library().criterion(head) is not None else ""
