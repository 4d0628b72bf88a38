"""Numbers and symbols of Party and State documents (số và ký hiệu), read and checked by each
system's rules — one reading for the registry of directing documents, the outgoing register
and the extractor that finds documents cited in a text.

- Party (Hướng dẫn 36-HD/VPTW): number, hyphen, type, slash, issuer — "25-NQ/TW",
  "11-QĐi/TW", "24-KH/BTGDVTU"; numbered per type per term.
- State (Nghị định 30/2020/NĐ-CP): number, slash, type, hyphen, issuer — "33/CT-TTg",
  "1207/QĐ-UBND"; an official letter has no type: "125/UBND-VP"; numbered per year.
- Legal normative documents (Luật Ban hành văn bản quy phạm pháp luật): number, year, type
  and issuer — "13/2023/NĐ-CP", "06/2025/TT-TTCP"; the National Assembly's laws and
  resolutions carry its term: "91/2025/QH15".

Types are matched without regard to case or to the "Đ"/"D" spelling that texts typed
without diacritics use ("QD-UBND"), and written back in their official form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from danvan.lib.text import fold


class System(StrEnum):
    PARTY = "party"
    STATE = "state"


# Party types (HD 36, Phụ lục 2): the abbreviation and the type's name.
PARTY_TYPES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QC": "Quy chế",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "ĐA": "Đề án",
    "TB": "Thông báo",
    "TBKL": "Thông báo kết luận",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "BB": "Biên bản",
    "PA": "Phương án",
}
# State types (NĐ 30/2020, Phụ lục III; and the normative types of the law on legal documents).
STATE_TYPES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "CĐ": "Công điện",
    "GM": "Giấy mời",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "L": "Luật",
    "PL": "Pháp lệnh",
}
# The National Assembly's own documents carry its term instead of a type and issuer.
ASSEMBLY = re.compile(r"QH(\d{1,2})$", re.IGNORECASE)

_PARTY = re.compile(r"^(\d{1,5})-([A-Za-zĐđ]{1,5})/([A-Za-zĐđ0-9]{1,12})$")
_STATE = re.compile(r"^(\d{1,5})/(?:(\d{4})/)?([A-Za-zĐđ0-9]{1,12})(?:-([A-Za-zĐđ0-9]{1,12}))?$")


@dataclass(frozen=True)
class Symbol:
    system: System
    number: int
    kind: str  # the type's official abbreviation ("QĐi", "NĐ"); "" for an official letter
    issuer: str  # "TW", "UBND", "TTg", "CP", "QH15"
    year: int | None = None  # legal normative documents

    @property
    def kind_name(self) -> str:
        types = PARTY_TYPES if self.system == System.PARTY else STATE_TYPES
        if self.issuer.upper().startswith("QH") and not self.kind:
            return "Luật / Nghị quyết"
        return types.get(self.kind, "Công văn" if not self.kind else "")

    def __str__(self) -> str:
        # Both systems write a number below 10 with a leading zero ("05-CT/TW", "02/2011/QH13":
        # HD 36-HD/VPTW; NĐ 30/2020 Phụ lục I).
        number = f"{self.number:02d}"
        if self.system == System.PARTY:
            return f"{number}-{self.kind}/{self.issuer}"
        head = f"{number}/{self.year}/" if self.year else f"{number}/"
        if not self.kind:
            return head + self.issuer
        return f"{head}{self.kind}-{self.issuer}"


def _official(kind: str, types: dict[str, str]) -> str | None:
    """The official spelling of a type typed in any case, "D" for "Đ" included ("qdi" is
    "QĐi", "QD" is "QĐ"); None when it is no type of the system."""
    return {fold(official): official for official in types}.get(fold(kind))


def parse(text: str) -> Symbol:
    """The symbol of `text` ("25-NQ/TW", "13/2023/NĐ-CP"), or ValueError saying what is
    wrong with it."""
    raw = re.sub(r"\s+", "", text.strip().strip(".,;:()"))
    if not raw:
        raise ValueError("empty")
    if m := _PARTY.match(raw):
        number, kind, issuer = m.groups()
        official = _official(kind, PARTY_TYPES)
        if official is None:
            raise ValueError(f"unknown Party document type: {kind}")
        return Symbol(System.PARTY, int(number), official, issuer)
    if m := _STATE.match(raw):
        number, year, first, second = m.groups()
        if year and not 1945 <= int(year) <= 2100:
            raise ValueError(f"not a year: {year}")
        if second is None:
            if ASSEMBLY.match(first):  # "91/2025/QH15"
                if not year:
                    raise ValueError("a National Assembly document carries its year")
                return Symbol(System.STATE, int(number), "", first.upper(), int(year))
            if year:
                raise ValueError("a normative document has a type and an issuer")
            raise ValueError("no issuer")
        official = _official(first, STATE_TYPES)
        if official is None:
            if year:
                raise ValueError(f"unknown State document type: {first}")
            # An official letter: "125/UBND-VP" (the issuer and the unit that drafted it).
            return Symbol(System.STATE, int(number), "", f"{first}-{second}")
        return Symbol(System.STATE, int(number), official, second, int(year) if year else None)
    raise ValueError("neither a Party nor a State document symbol")


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True
