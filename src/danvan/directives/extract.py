"""The documents a Vietnamese text cites: "Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính
trị", "Quy định số 11-QĐi/TW, ngày 18/02/2019 của Bộ Chính trị khóa XII", "Nghị định
30/2020/NĐ-CP ngày 05-3-2020 của Chính phủ", "ngày 05 tháng 3 năm 2020" — with or without
diacritics — and the figures it reports ("1.250 hộ nghèo được hỗ trợ", "12/12 xã, phường").

Each citation is found by its symbol (lib.symbols reads and checks it, so "12/12 xã" or a
date is never taken for one); the words around it give the rest: the type's name before it,
the date after "ngày" (or the heading's date after "Số: …"), the issuer after "của" or "do",
or else the body that "ban hành" it in the same clause ("Ngày 19/02/2020, Ban Dân vận Trung
ương ban hành Kế hoạch số 06-KH/BDVTW"). Reading is done on the folded text (no diacritics,
lower case), whose characters stand one for one with the original's, so what is returned is
written as the text wrote it. Measured on public texts: docs/extraction-test-set.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from danvan.lib.symbols import PARTY_TYPES, STATE_TYPES, Symbol, parse

# A symbol: Party "35-CT/TW"; State "33/CT-TTg", "30/2020/NĐ-CP", "91/2025/QH15". One that
# goes on with "&" ("2231/SNV-CCHC&PC") is not cut short into another.
_SYMBOL = re.compile(
    r"(?<![\w/-])(\d{1,5}\s?-\s?[a-z]{1,5}/[a-z0-9]{1,12}"
    r"|\d{1,5}/(?:\d{4}/)?[a-z0-9]{1,12}(?:-[a-z0-9]{1,12})?)(?![\w/&-])"
)
# Text converted from PDF glues words: "70-TB/TWngày 06 tháng 01 năm 2012".
_GLUED_DATE = re.compile(r"(?<=[a-z0-9])ngay$")
_DATE_NUMERIC = re.compile(r"^[\s,]*(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"^[\s,]*(?:ngay\s*)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
# A heading: "Số: 719/QĐ-TTg  Hà Nội, ngày 15 tháng 06 năm 2012" (columns as "|" or lines).
_HEADING_NUMBER = re.compile(r"\bso\s*:\s*$")
_HEADING_PLACE = re.compile(r"^[\s|]*[a-z][a-z .\n]{0,30}?,\s*(?=ngay)")
# Where an issuer's name ends: its term ("khóa XII"), the subject ("về …"), another
# document ("và Kết luận …" — but "Ban Tuyên giáo và Dân vận" goes on), what the document
# does ("… của Chính phủ quy định chi tiết …"), punctuation.
_ISSUER_END = (
    r"khoa\b|ve\b|"
    r"va\s+(?:nghi|ket|chi|quy|thong|ke|huong|chuong|luat|cong|de|bao|to|phap)\b|"
    r"(?:quy dinh|sua doi|bo sung|huong dan|ban hanh|phe duyet|thuc hien|thay the"
    r"|trien khai|thong qua)\b|"
    r"[,.;:()\n]|$"
)
_ISSUER = re.compile(r"^[\s,]*(?:cua|do)\s+((?:[a-z0-9]+\s?){1,10}?)(?=\s*(?:" + _ISSUER_END + "))")
# A person signs for a body ("do đồng chí Trần Cẩm Tú … thay mặt Bộ Chính trị ký"); the
# person is not the issuer.
_PERSON = re.compile(r"^(?:dong chi|ong|ba)\b")
# A list of documents names each one's issuer at the end of its title: "Quyết định
# 2198/QĐ-TTg năm 2010 phê duyệt … do Thủ tướng Chính phủ ban hành".
_ISSUED_BY = re.compile(r"\bdo\s+((?:[a-z0-9]+\s){1,10}?)ban hanh\b")
# The body that issues the document in its own clause: "… Bộ Chính trị đã ra Chỉ thị số",
# "UBND thành phố vừa ban hành Chỉ thị số"; a leading "Ngày 19/02/2020," dates it.
_ISSUING_VERB = re.compile(r"\s+(?:(?:da|vua)\s+(?:ky\s+)?(?:ban hanh|ra)|(?:ky\s+)?ban hanh)\s*$")
# Matched in the text as written, lower case: folded, "Đà Nẵng" and "Đảng ủy" would read
# as the markers "đã" and "đang".
_ASPECT = re.compile(r".*\b(?:đã|vừa|đang|sẽ|da|vua|dang|se)\s+")
# A body's name is words: "(GLO)- Ban Tuyên giáo và Dân vận Tỉnh ủy" is "Ban Tuyên … ủy".
_WORDS_AT_END = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)*$")
_LEADING_DATE = re.compile(r"^\s*ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")

# Type names, longest first so that "Thông báo kết luận" wins over "Thông báo".
_TYPE_NAMES = sorted({*PARTY_TYPES.values(), *STATE_TYPES.values()}, key=lambda n: -len(n))


class _FoldTable(dict[int, str]):
    """Each character folded once, then looked up: `str.translate` over this table is what
    makes reading a page take a fraction of a millisecond."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        folded = base[0].lower() if len(base[0].lower()) == 1 else ch
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def _plain(text: str) -> str:
    """Folded character for character: lower case, no diacritics, đ → d; same length."""
    return text.translate(_FOLD)


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


def _day(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _date(after: str) -> tuple[dt.date | None, int]:
    """The date `after` starts with, and how many characters it takes."""
    for pattern in (_DATE_NUMERIC, _DATE_WORDS):
        if m := pattern.match(after):
            return _day(*m.groups()), m.end()
    return None, 0


def _read_symbol(text: str, plain: str, start: int, end: int) -> tuple[Symbol, int] | None:
    """The symbol at text[start:end] and where it ends; a glued "ngày" is given back."""
    stops = [end, end - len("ngay")] if _GLUED_DATE.search(plain[start:end]) else [end]
    for stop in stops:
        try:
            return parse(text[start:stop]), stop
        except ValueError:
            continue
    return None


def _type_before(plain_before: str) -> str | None:
    """The type's name written just before the symbol: "Chỉ thị số", "Quyết định 719/…",
    or with a qualifier when "số" anchors it ("Chương trình hành động số", "Báo cáo thẩm
    định số")."""
    head = plain_before[-60:].rstrip()
    anchored = re.search(r"\b(?:so|no\.?)\s*:?$", head) is not None
    head = re.sub(r"\s*\b(?:so|no\.?)\s*:?$", "", head).rstrip()
    tails = [head]
    if anchored:
        words = head.split()
        tails += [" ".join(words[:-n]) for n in (1, 2) if len(words) > n]
    for tail in tails:
        for folded, name in _TYPES_FOLDED:
            if tail == folded or tail.endswith(" " + folded) or tail.endswith("\n" + folded):
                return name
    return None


def _issuer_after(text: str, plain: str, at: int) -> str:
    """The issuer named after "của"/"do" from `at` on ("" when none, or a person)."""
    rest = plain[at : at + 160]
    if (m := _ISSUER.match(rest)) is None or _PERSON.match(m.group(1)):
        return ""
    offset = at + m.start(1)
    return text[offset : offset + len(m.group(1))].strip()


def _issued_by(text: str, plain: str, at: int) -> str:
    """The issuer a list of documents gives at the end of a title, on the same line: "…
    do Thủ tướng Chính phủ ban hành"."""
    line_end = min(i for i in (plain.find("\n", at), plain.find(";", at), len(plain)) if i >= 0)
    if (m := _ISSUED_BY.search(plain, at, line_end)) is None:
        return ""
    return text[m.start(1) : m.end(1)].strip()


def _issued_in_clause(text: str, plain: str, type_start: int) -> tuple[str, dt.date | None]:
    """The body that issues the document in the clause before its type's name, and the date
    that opens the clause: "Ngày 19/02/2020, Ban Dân vận Trung ương ban hành Kế hoạch số"."""
    clause_start = max(plain.rfind(ch, 0, type_start) for ch in ".;:\n") + 1
    segments = plain[clause_start:type_start].split(",")
    verb = _ISSUING_VERB.search(segments[-1])
    if verb is None:
        return "", None
    subject_start = segment_start = type_start - len(segments[-1])
    verb_start = segment_start + verb.start()
    if aspect := _ASPECT.match(text, segment_start, verb_start):
        subject_start = aspect.end()
    words = _WORDS_AT_END.search(text[subject_start:verb_start].strip())
    subject = words.group(0) if words else ""
    subject = subject[next((i for i, ch in enumerate(subject) if ch.isupper()), len(subject)) :]
    if not subject or len(subject.split()) > 10:
        return "", None
    day = None
    if len(segments) > 1 and (m := _LEADING_DATE.match(segments[-2])):
        day = _day(*m.groups())
    return subject.strip(), day


def _heading_date(plain: str, start: int, end: int) -> dt.date | None:
    """The date of a document whose heading gives its number: "Số: 719/QĐ-TTg … Hà Nội, ngày
    15 tháng 06 năm 2012"."""
    if not _HEADING_NUMBER.search(plain[max(0, start - 12) : start]):
        return None
    rest = plain[end : end + 120]
    if (place := _HEADING_PLACE.match(rest)) is None:
        return None
    return _date(rest[place.end() :])[0]


def _cite(text: str, plain: str, start: int, end: int) -> Cited | None:
    read = _read_symbol(text, plain, start, end)
    if read is None:
        return None
    symbol, end = read
    named = _type_before(plain[:start])
    if not symbol.kind and not symbol.issuer.upper().startswith("QH") and named is None:
        return None  # a bare "125/UBND-VP" looks like too many other things in running text
    day, length = _date(plain[end : end + 160])
    issuer = _issuer_after(text, plain, end + length) or _issued_by(text, plain, end + length)
    if day is None:
        day = _heading_date(plain, start, end)
    if not issuer or day is None:
        subject, opening = _issued_in_clause(text, plain, _type_start(plain, start, named))
        issuer, day = issuer or subject, day or opening
    return Cited(str(symbol), named or symbol.kind_name, issuer, day, start, end)


def _type_start(plain: str, start: int, named: str | None) -> int:
    """Where the type's name written before the symbol starts (the symbol's start if none)."""
    if named is None:
        return start
    at = plain.rfind(_plain(named), max(0, start - 60), start)
    return at if at >= 0 else start


def documents(text: str) -> list[Cited]:
    """Every document the text cites, in the order it cites them (once per place)."""
    plain = _plain(text)
    assert len(plain) == len(text)
    found = (_cite(text, plain, m.start(), m.end()) for m in _SYMBOL.finditer(plain))
    return [c for c in found if c is not None]


# The title a text gives after a citation: "… khóa XI về tăng cường và đổi mới …".
_ABOUT = re.compile(r"\bve\s+")
# Where the title's clause ends: a semicolon, a bracket, a line, a full stop before a space.
_CLAUSE_END = re.compile(r"[;(\n]|\.(?:\s|$)")
_TITLE_MOST = 300
_ISSUED_AT_END = re.compile(r"\s+do\s+[^,]{3,80}\s+ban hanh\b.*$")


def titles(text: str, cited: list[Cited]) -> dict[int, str]:
    """The summary (trích yếu) a text gives right after each citation, by where the citation
    starts: from "về" to the end of its clause or to the next citation: "Nghị quyết số
    25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương khóa XI về tăng cường …" → "Về tăng
    cường …". A citation the text gives no title is left out: its proposal waits for the
    officer to write one."""
    plain = _plain(text)
    marked = _has_diacritics(text, plain)
    ordered = sorted(cited, key=lambda c: c.start)
    found: dict[int, str] = {}
    for c, following in zip(ordered, [*ordered[1:], None], strict=False):
        end = (
            len(plain) if following is None else _type_start(plain, following.start, following.type)
        )
        if title := _title(text, plain, marked, c.end, end):
            found[c.start] = title
    return found


def _title(text: str, plain: str, marked: bool, start: int, end: int) -> str:
    if (clause := _CLAUSE_END.search(plain, start, end)) is not None:
        end = clause.start()
    at = start
    while (m := _ABOUT.search(plain, at, min(end, start + 200))) is not None:
        if not marked or text[m.start() : m.start() + 2].lower() == "về":
            words = text[m.start() : end].split()
            while words and _plain(words[-1].strip(",")) in ("va", "cung", ""):
                words.pop()  # "… về X và" before the next citation
            title = " ".join(words).strip(" ,.:-")
            if issued := _ISSUED_AT_END.search(_plain(title)):
                title = title[: issued.start()]  # "… do Thủ tướng Chính phủ ban hành"
            if len(title) > _TITLE_MOST:
                title = title[:_TITLE_MOST].rsplit(" ", 1)[0] + " …"
            return title[0].upper() + title[1:] if len(title) > 3 else ""
        at = m.end()  # "bảo vệ" folds to "bao ve" too
    return ""


# --- Figures -------------------------------------------------------------------------------

# A whole number in Vietnamese notation ("1.250", "3.545.000", "12"), or a ratio ("12/12").
# Not part of a decimal ("5,4"), a time ("15:47"), a date or a period ("7-4-2015").
_FIGURE = re.compile(
    r"(?<![\w.,:-])(\d{1,3}(?:\.\d{3})+|\d{1,9})(?:\s*/\s*(\d{1,3}(?:\.\d{3})+|\d{1,9}))?"
    r"(?![\w/%]|[.,]\d)"
)
# Words after which a number is not a count: a date's parts, an article, a term, an order
# ("kỳ 2", but "tiếp định kỳ 98 lượt" counts the periodic receptions).
_NOT_A_COUNT = re.compile(
    r"(?:ngay|thang|nam|khoa|dieu|khoan|diem|muc|phan|chuong|lan thu|thu|so|giai doan|"
    r"quy|(?<!dinh )ky|dot|nhiem ky|tu|den|luc|gio)\s*$"
)
# A comma goes on with what is counted when a noun of the same kind follows: "12/12 xã,
# phường", "2.071 mô hình, điển hình", "21/25 đảng bộ, chi bộ cơ sở".
_KINDS = (
    r"xa|phuong|thi tran|dac khu|tinh|thanh pho|quan|huyen|thi xa|thon|ap|to dan pho|khu pho"
    r"|dang bo|chi bo|mo hinh|dien hinh"
)
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]\w*)")
_NEXT_OF_KIND = re.compile(r",[ \t]+(?=(?:" + _KINDS + r")\b)([^\W\d_]\w*)")
_MOST_WORDS = 8
# Where what is counted ends: a linking word, a marker that starts what was done with it
# ("12/12 xã, phường đã tổ chức": the communes are counted, not the holding), a word that
# starts another noun phrase ("63 ban tuyên giáo các tỉnh ủy"). "được" goes on: "1.250 hộ
# nghèo được hỗ trợ" are the households supported.
_STOP_WORDS = {
    *("và", "hoặc", "trong", "với", "tại", "ở", "của", "trên", "dưới", "đến", "từ", "theo"),
    *("như", "để", "cho", "về", "giữa", "so", "bằng", "thuộc"),
    *("đã", "đang", "sẽ", "đều", "cũng", "có", "là", "bị", "tham", "đạt"),
    *("các", "những", "mỗi"),
}
# Not counts of things: amounts of time, money, measures.
_TIME_UNITS = {"năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "quý"}
_MONEY_AND_MEASURES = {"đồng", "usd", "vnđ", "vnd", "m", "m2", "km", "ha", "kg", "tấn", "lít"}
_MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 10**9, "tỉ": 10**9}
# "đồng" is money, but "1.528 đồng chí", "đồng bào" are people.
_DONG_PEOPLE = {"chí", "bào", "đội", "nghiệp", "hương"}


@dataclass(frozen=True)
class _Lexicon:
    """The words above as a text writes them: with diacritics, or folded."""

    stops: frozenset[str]
    time: frozenset[str]
    money: frozenset[str]
    people: frozenset[str]
    multipliers: dict[str, int]

    @classmethod
    def written(cls, form: Callable[[str], str]) -> _Lexicon:
        def words(given: set[str]) -> frozenset[str]:
            return frozenset(form(w) for w in given)

        return cls(
            words(_STOP_WORDS),
            words(_TIME_UNITS),
            words(_MONEY_AND_MEASURES),
            words(_DONG_PEOPLE),
            {form(w): n for w, n in _MULTIPLIERS.items()},
        )


_MARKED = _Lexicon.written(str)
_FOLDED = _Lexicon.written(_plain)


@dataclass(frozen=True)
class Figure:
    value: int
    of: str  # what it counts, as the text writes it: "hộ nghèo được hỗ trợ"
    ratio: str | None  # "12/12"
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "of": self.of, "ratio": self.ratio}


@dataclass(frozen=True)
class _Word:
    key: str  # lower case as written when the text has diacritics, else folded
    start: int
    end: int


def _has_diacritics(text: str, plain: str) -> bool:
    """Whether words can be told apart by their marks: folded, "đảng" and "đang" are both
    "dang", so a text typed with diacritics is read with them."""
    return any(ch.lower() != folded for ch, folded in zip(text, plain, strict=True))


def _words_after(text: str, plain: str, at: int, marked: bool) -> list[_Word]:
    """The words following `at` on the same line, through commas before a noun of the same
    kind, up to _MOST_WORDS."""
    words: list[_Word] = []
    while len(words) < _MOST_WORDS:
        m = _NEXT_WORD.match(plain, at)
        if m is None and words:
            m = _NEXT_OF_KIND.match(plain, at)
        if m is None:
            break
        end = _glued_end(text, m.start(1), m.end(1))
        written = text[m.start(1) : end]
        words.append(_Word(written.lower() if marked else plain[m.start(1) : end], m.start(1), end))
        if end < m.end(1):
            break
        at = end
    return words


def _glued_end(text: str, start: int, end: int) -> int:
    """Where a word ends when a conversion glued the next one to it: "nămNgày" is "năm"
    (a lower-case letter never comes before a capital inside a Vietnamese word)."""
    for i in range(start + 1, end):
        if text[i - 1].islower() and text[i].isupper():
            return i
    return end


def _counted(words: list[_Word], lexicon: _Lexicon) -> tuple[int, list[_Word]] | None:
    """What the number counts and what it is multiplied by ("1 triệu căn nhà"); None when
    it counts no things: time, money, measures, or no noun at all."""
    factor = 1
    if words and words[0].key in lexicon.multipliers:
        factor = lexicon.multipliers[words[0].key]
        words = words[1:]
    if not words or words[0].key in lexicon.time or words[0].key in lexicon.stops:
        return None
    if words[0].key in lexicon.money and not (len(words) > 1 and words[1].key in lexicon.people):
        return None
    end = next((i for i, w in enumerate(words) if w.key in lexicon.stops), len(words))
    return factor, words[:end]


def _whole(text: str) -> int:
    return int(text.replace(".", ""))


def _after_a_slash(plain: str, start: int) -> bool | None:
    """None when no "/" comes just before the number; else whether a word stands before the
    slash ("259 lượt công dân/316 người": a count of its own) rather than a number (a date)."""
    if start == 0 or plain[start - 1] != "/":
        return None
    before = plain[: start - 1].rstrip()
    return bool(before) and before[-1].isalpha()


def figures(text: str) -> list[Figure]:
    """The counts the text reports, each with what it counts; dates, years, article numbers,
    amounts of time and money, and the numbers inside document symbols are left out."""
    plain = _plain(text)
    marked = _has_diacritics(text, plain)
    lexicon = _MARKED if marked else _FOLDED
    cited = [(c.start, c.end) for c in documents(text)]
    found: list[Figure] = []
    for m in _FIGURE.finditer(plain):
        if any(start <= m.start() < end for start, end in cited):
            continue
        if _after_a_slash(plain, m.start()) is False:
            continue
        if _NOT_A_COUNT.search(plain[max(0, m.start() - 12) : m.start()]):
            continue
        counted = _counted(_words_after(text, plain, m.end(), marked), lexicon)
        if counted is None:
            continue
        factor, words = counted
        numerator, denominator = m.group(1), m.group(2)
        if denominator is not None and _whole(numerator) > _whole(denominator):
            continue  # "26/5" of a date written without its year, not a share
        found.append(
            Figure(
                value=_whole(numerator) * factor,
                of=text[words[0].start : words[-1].end],
                ratio=f"{_whole(numerator)}/{_whole(denominator)}" if denominator else None,
                start=m.start(),
                end=m.end(),
            )
        )
    return found
