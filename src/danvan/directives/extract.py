"""The documents a Vietnamese text cites: "Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính
trị", "Quy định số 11-QĐi/TW, ngày 18/02/2019 của Bộ Chính trị khóa XII", "Nghị định
30/2020/NĐ-CP ngày 05-3-2020 của Chính phủ", "ngày 05 tháng 3 năm 2020" — with or without
diacritics.

Each citation is found by its symbol (lib.symbols reads and checks it, so "12/12 xã" or a
date is never taken for one); the words around it give the rest: the type's name before it,
the date after "ngày", the issuer after "của". Reading is done on the folded text (no
diacritics, lower case), whose characters stand one for one with the original's, so what is
returned is written as the text wrote it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from danvan.lib.symbols import PARTY_TYPES, STATE_TYPES, Symbol, parse

# A symbol: Party "35-CT/TW"; State "33/CT-TTg", "30/2020/NĐ-CP", "91/2025/QH15".
_SYMBOL = re.compile(
    r"(?<![\w/-])(\d{1,5}\s?-\s?[a-z]{1,5}/[a-z0-9]{1,12}"
    r"|\d{1,5}/(?:\d{4}/)?[a-z0-9]{1,12}(?:-[a-z0-9]{1,12})?)(?![\w/-])"
)
_DATE_NUMERIC = re.compile(r"^[\s,]*(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"^[\s,]*(?:ngay\s*)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
# Where an issuer's name ends: its term ("khóa XII"), the subject ("về …"), another
# document ("và Kết luận …" — but "Ban Tuyên giáo và Dân vận" goes on), punctuation.
_ISSUER_END = (
    r"khoa\b|ve\b|"
    r"va\s+(?:nghi|ket|chi|quy|thong|ke|huong|chuong|luat|cong|de|bao|to|phap)\b|"
    r"[,.;:()\n]|$"
)
_ISSUER = re.compile(r"^[\s,]*(?:cua|do)\s+((?:[a-z0-9]+\s?){1,10}?)(?=\s*(?:" + _ISSUER_END + "))")

# Type names, longest first so that "Thông báo kết luận" wins over "Thông báo".
_TYPE_NAMES = sorted({*PARTY_TYPES.values(), *STATE_TYPES.values()}, key=lambda n: -len(n))


def _plain(text: str) -> str:
    """Folded character for character: lower case, no diacritics, đ → d; same length."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(base[0].lower() if len(base[0].lower()) == 1 else ch)
    return "".join(out)


_TYPES_FOLDED = [(_plain(name), name) for name in _TYPE_NAMES]


@dataclass(frozen=True)
class Cited:
    symbol: str  # as written back officially: "35-CT/TW"
    type: str  # the type's name: "Chỉ thị"
    issuer: str  # as the text writes it: "Bộ Chính trị", or ""
    date: dt.date | None
    start: int  # where the symbol stands in the text
    end: int

    def as_json(self) -> dict[str, object]:
        return {
            "symbol": self.symbol,
            "type": self.type,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
        }


def _date(after: str) -> dt.date | None:
    for pattern in (_DATE_NUMERIC, _DATE_WORDS):
        if m := pattern.match(after):
            day, month, year = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _type_before(plain_before: str, symbol: Symbol) -> str:
    head = plain_before[-60:].rstrip()
    head = re.sub(r"\s*\b(?:so|no\.?)\s*:?$", "", head).rstrip()
    for folded, name in _TYPES_FOLDED:
        if head.endswith(folded):
            return name
    return symbol.kind_name


def documents(text: str) -> list[Cited]:
    """Every document the text cites, in the order it cites them (once per place)."""
    plain = _plain(text)
    assert len(plain) == len(text)
    found: list[Cited] = []
    for m in _SYMBOL.finditer(plain):
        written = text[m.start() : m.end()]
        try:
            symbol = parse(written)
        except ValueError:
            continue
        if not symbol.kind and not symbol.issuer.upper().startswith("QH"):
            continue  # "125/UBND-VP" looks like too many other things in running text
        after_plain = plain[m.end() : m.end() + 160]
        day = _date(after_plain)
        rest = after_plain
        if day is not None:
            dm = _DATE_NUMERIC.match(after_plain) or _DATE_WORDS.match(after_plain)
            rest = after_plain[dm.end() :] if dm else after_plain
        issuer = ""
        if im := _ISSUER.match(rest):
            offset = m.end() + (len(after_plain) - len(rest)) + im.start(1)
            issuer = text[offset : offset + len(im.group(1))].strip()
        found.append(
            Cited(
                symbol=str(symbol),
                type=_type_before(plain[: m.start()], symbol),
                issuer=issuer,
                date=day,
                start=m.start(),
                end=m.end(),
            )
        )
    return found


# --- Figures -------------------------------------------------------------------------------

# A whole number in Vietnamese notation ("1.250", "3.545.000", "12"), or a ratio ("12/12").
_FIGURE = re.compile(
    r"(?<![\w./,-])(\d{1,3}(?:\.\d{3})+|\d{1,9})(?:\s*/\s*(\d{1,3}(?:\.\d{3})+|\d{1,9}))?"
    r"(?![\w/%]|[.,]\d)"
)
# Words after which a number is not a count: a date's parts, an article, a term, an order.
_NOT_A_COUNT = re.compile(
    r"(?:ngay|thang|nam|khoa|dieu|khoan|diem|muc|phan|chuong|lan thu|thu|so|giai doan|"
    r"quy|ky|dot|nhiem ky|tu|den|luc|gio)\s*$"
)
# What it counts: up to six words, through "xã, phường"-like lists of unit kinds.
_WORD = r"[^\W\d_][\w]*"
_COUNTED = re.compile(
    rf"^\s+((?:{_WORD})(?:(?:\s+|,\s+(?=(?:phuong|xa|thi tran|dac khu)\b)){_WORD}){{0,5}})"
)
# Where what is counted ends: a linking word, or a marker that starts what was done with it
# ("12/12 xã, phường đã tổ chức": the communes are counted, not the holding).
_STOP_WORDS = {
    *("va", "trong", "voi", "tai", "cua", "tren", "den", "tu", "theo", "nhu", "de"),
    *("da", "dang", "se", "deu", "cung"),
}


@dataclass(frozen=True)
class Figure:
    value: int
    of: str  # what it counts, as the text writes it: "hộ nghèo được hỗ trợ"
    ratio: str | None  # "12/12"
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "of": self.of, "ratio": self.ratio}


def _whole(text: str) -> int:
    return int(text.replace(".", ""))


def figures(text: str) -> list[Figure]:
    """The counts the text reports, each with what it counts; dates, years, article numbers
    and the numbers inside document symbols are left out."""
    plain = _plain(text)
    cited = [(c.start, c.end) for c in documents(text)]
    found: list[Figure] = []
    for m in _FIGURE.finditer(plain):
        if any(start <= m.start() < end for start, end in cited):
            continue
        if _NOT_A_COUNT.search(plain[max(0, m.start() - 12) : m.start()]):
            continue
        after = _COUNTED.match(plain[m.end() : m.end() + 80])
        if after is None:
            continue
        words = after.group(1).split(" ")
        kept: list[str] = []
        for word in words:
            if word.strip(",") in _STOP_WORDS:
                break
            kept.append(word)
        if not kept:
            continue
        length = len(" ".join(kept))
        offset = m.end() + after.start(1)
        of = text[offset : offset + length]
        numerator, denominator = m.group(1), m.group(2)
        if denominator is not None and _whole(numerator) > _whole(denominator):
            continue  # "26/5" of a date written without its year, not a share
        found.append(
            Figure(
                value=_whole(numerator),
                of=of,
                ratio=f"{_whole(numerator)}/{_whole(denominator)}" if denominator else None,
                start=m.start(),
                end=m.end(),
            )
        )
    return found
