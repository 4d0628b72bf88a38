"""A draft's text split into its parts, the way Vietnamese legal drafts are laid out
(Luật Ban hành VBQPPL; Nghị định 30/2020 and 78/2025 on presentation):

    Chương I                       a chapter (Roman or Arabic number), its heading on the same
    NHỮNG QUY ĐỊNH CHUNG           line or on the next one (usually in capitals)
    Mục 1. ...                     a section
    Điều 1. Phạm vi điều chỉnh     an article and its heading
    1. Nghị quyết này quy định...  a clause (inside an article)
    a) ...                         a point (inside a clause or an article)

Any other paragraph continues the part above it; what comes before the first part (the
preamble, the bases) is returned apart. Pure functions: no database, no Django models."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

CHAPTER = "chapter"
SECTION = "section"
ARTICLE = "article"
CLAUSE = "clause"
POINT = "point"
DEPTH = {CHAPTER: 0, SECTION: 1, ARTICLE: 2, CLAUSE: 3, POINT: 4}

_CHAPTER = re.compile(r"^CH[ƯU]ƠNG\s+([IVXLC]+|\d+)\b\.?:?\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^M[ỤU]C\s+(\d+)\b\.?:?\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$")
_ARTICLE_BARE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\s*$")
_CLAUSE = re.compile(r"^(\d{1,3})\.\s+(.+)$")
_POINT = re.compile(r"^([a-zđ])\)\s+(.+)$")


@dataclass
class PartSpec:
    kind: str
    number: str
    heading: str = ""
    text: str = ""
    parent: int | None = None  # index in the list of the part it belongs to

    @property
    def depth(self) -> int:
        return DEPTH[self.kind]


@dataclass
class Split:
    preamble: str
    parts: list[PartSpec]


def _is_heading_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(text) <= 300


def split_text(paragraphs: list[str]) -> Split:
    """The draft's paragraphs (one string each, in order) as parts."""
    parts: list[PartSpec] = []
    preamble: list[str] = []
    awaiting_heading: PartSpec | None = None  # a chapter or section whose heading is next
    for raw in paragraphs:
        line = " ".join(raw.split())
        if not line:
            continue
        spec: PartSpec | None = None
        if m := _CHAPTER.match(line):
            spec = PartSpec(CHAPTER, m.group(1).upper(), m.group(2).strip())
        elif m := _SECTION.match(line):
            spec = PartSpec(SECTION, m.group(1), m.group(2).strip())
        elif m := _ARTICLE.match(line):
            spec = PartSpec(ARTICLE, m.group(1), m.group(2).strip())
        elif m := _ARTICLE_BARE.match(line):
            spec = PartSpec(ARTICLE, m.group(1))
        elif parts and (m := _CLAUSE.match(line)) and _inside(parts, ARTICLE):
            spec = PartSpec(CLAUSE, m.group(1), text=m.group(2).strip())
        elif parts and (m := _POINT.match(line)) and _inside(parts, ARTICLE):
            spec = PartSpec(POINT, m.group(1), text=m.group(2).strip())
        if spec is None:
            if awaiting_heading is not None and _is_heading_line(line):
                awaiting_heading.heading = line
                awaiting_heading = None
                continue
            awaiting_heading = None
            if parts:
                last = parts[-1]
                last.text = f"{last.text}\n{line}" if last.text else line
            else:
                preamble.append(line)
            continue
        spec.parent = _parent_of(parts, spec)
        parts.append(spec)
        awaiting_heading = spec if spec.kind in (CHAPTER, SECTION) and not spec.heading else None
    return Split(preamble="\n".join(preamble), parts=parts)


def _inside(parts: list[PartSpec], kind: str) -> bool:
    """Whether the last part is, or belongs to, a part of `kind` (a clause needs an article)."""
    index: int | None = len(parts) - 1
    while index is not None:
        if parts[index].kind == kind:
            return True
        index = parts[index].parent
    return False


def _parent_of(parts: list[PartSpec], spec: PartSpec) -> int | None:
    for index in range(len(parts) - 1, -1, -1):
        if parts[index].depth < spec.depth:
            return index
    return None


def docx_paragraphs(data: bytes) -> list[str]:
    """A Word file's body paragraphs in order (tables, headers and footers are left out)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs]


def split_docx(data: bytes) -> Split:
    return split_text(docx_paragraphs(data))
