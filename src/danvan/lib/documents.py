"""Official documents as .docx, written in code with python-docx (no template binary), in
the layout of the issuing body's system:

- State bodies (People's Committees, agencies; the Front and its organizations follow it for
  their administrative documents): Nghị định 30/2020/NĐ-CP, Phụ lục I — the body's name left
  with a short line under it, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh
  phúc" right, "Số: 125/BC-UBND", signer's capacity "TM." / "KT.".
- Party bodies (Party committees and their commissions): Hướng dẫn 36-HD/VPTW of 03/4/2018 —
  the superior body and the issuing body left with a star under them, "ĐẢNG CỘNG SẢN VIỆT NAM"
  right, bold and underlined, "Số 24-BC/BTGDVTU" without a colon, capacity "T/M" / "K/T".

Both: A4 portrait, Times New Roman, margins top and bottom 20 mm, left 30 mm, right 15 mm
(inside both texts' ranges); the place and date in italics ("Hà Nội, ngày 05 tháng 11 năm
2026": days below 10 and months below 3 with a 0). Callers assemble a document from these
pieces: `new`, `heading`, `title`, `body_paragraph`, `grid`, `signature`, `to_bytes`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
MOTTO_TOP = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
PAGE = (Mm(210), Mm(297))
# Word stores margins in twips (1/1440 inch): 851 twips is 15.01 mm, inside the texts'
# 15–20 mm where Mm(15) would round down to 14.99 mm.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Twips(851)}
CONTENT_WIDTH = Mm(210 - 30 - 15)
LEFT_COLUMN = Cm(6.5)
INDENT = Cm(1.27)


class System(StrEnum):
    STATE = "state"  # Nghị định 30/2020/NĐ-CP
    PARTY = "party"  # Hướng dẫn 36-HD/VPTW


@dataclass(frozen=True)
class Heading:
    system: System
    body: str  # the issuing body: "Ủy ban nhân dân phường Ba Đình"
    place: str  # "Hà Nội"
    day: dt.date | None  # None: left for the clerk to write on issue
    number: str = ""  # "24-BC/BTGDVTU", "125/BC-UBND"; "" leaves room for the clerk
    superior: str = ""  # the body directly above, written over the issuer's name
    kind: str = "BC"  # the type's abbreviation, for the blank number


@dataclass(frozen=True)
class Signature:
    title: str  # "Chủ tịch", "Trưởng ban"
    name: str = ""
    capacity: str = ""  # "TM. Ủy ban nhân dân", "T/M Ban Thường vụ", "KT. Chủ tịch"
    distribution: Sequence[str] = field(default_factory=tuple)  # "Nơi nhận" lines
    system: System = System.STATE


def date_line(place: str, day: dt.date) -> str:
    """ "Hà Nội, ngày 05 tháng 11 năm 2026": a 0 before days below 10 and months below 3."""
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"


def blank_date_line(place: str) -> str:
    """The date line of a document not issued yet: the clerk writes the date on issue."""
    return f"{place}, ngày      tháng      năm      "


def number_line(heading: Heading) -> str:
    """ "Số: 125/BC-UBND" (State) or "Số 24-BC/BTGDVTU" (Party: no colon)."""
    if heading.system == System.PARTY:
        return f"Số {heading.number}" if heading.number else f"Số      -{heading.kind}/"
    return f"Số: {heading.number}" if heading.number else f"Số:      /{heading.kind}-"


def run(
    p: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: int = BODY_PT,
) -> Run:
    made = p.add_run(text)
    made.bold, made.italic = bold, italic
    if underline:
        made.underline = True
    made.font.size = Pt(size)
    made.font.name = FONT
    return made


def paragraph(
    container: object,
    text: str = "",
    *,
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.CENTER,
    bold: bool = False,
    italic: bool = False,
    size: int = BODY_PT,
    after: int = 0,
    first_line: Length | None = None,
) -> Paragraph:
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if first_line is not None:
        p.paragraph_format.first_line_indent = first_line
    if text:
        run(p, text, bold=bold, italic=italic, size=size)
    return p


def body_paragraph(container: object, text: str = "", **style: bool) -> Paragraph:
    """A paragraph of the body: justified, first line indented, 6 pt after."""
    return paragraph(
        container, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, first_line=INDENT, **style
    )


def rule_under(p: Paragraph, inset: Length) -> None:
    """A thin line under the paragraph, shortened by `inset` on both sides (the short line
    under the body's name, the motto and the excerpt)."""
    p.paragraph_format.left_indent = inset
    p.paragraph_format.right_indent = inset
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


Line = tuple[str, dict]


def cell_text(cell: _Cell, lines: list[Line]) -> list[Paragraph]:
    made = []
    for i, (text, style) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = style.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(0)
        run(
            p,
            text,
            bold=style.get("bold", False),
            italic=style.get("italic", False),
            underline=style.get("underline", False),
            size=style.get("size", HEADER_PT),
        )
        made.append(p)
    return made


def new() -> DocxDocument:
    """An empty A4 document with the margins and the font of both texts."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    # East-Asian fallback font name as well, so that Word does not substitute another face.
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    return document


def _two_columns(document: DocxDocument, rows: int, left: Length) -> Table:
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (left, CONTENT_WIDTH - left)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def heading(document: DocxDocument, head: Heading) -> Table:
    """The block above the title: who issues, the national or Party heading, number, date."""
    table = _two_columns(document, 2, LEFT_COLUMN)
    date = date_line(head.place, head.day) if head.day else blank_date_line(head.place)
    if head.system == System.PARTY:
        lines: list[Line] = []
        if head.superior:
            lines.append((head.superior.upper(), {"size": 14}))
        lines.append((head.body.upper(), {"bold": True, "size": 14}))
        lines.append(("*", {"size": 14}))
        cell_text(table.cell(0, 0), lines)
        # "ĐẢNG CỘNG SẢN VIỆT NAM" with a solid line under it as long as the heading.
        party = cell_text(table.cell(0, 1), [(PARTY, {"bold": True, "size": 15})])
        rule_under(party[0], Cm(0.9))
    else:
        lines = []
        if head.superior:
            lines.append((head.superior.upper(), {}))
        lines.append((head.body.upper(), {"bold": True}))
        left = cell_text(table.cell(0, 0), lines)
        rule_under(left[-1], Cm(1.8))
        right = cell_text(
            table.cell(0, 1),
            [(MOTTO_TOP, {"bold": True, "size": 12}), (MOTTO, {"bold": True, "size": 14})],
        )
        rule_under(right[-1], Cm(2.2))
    size = 14 if head.system == System.PARTY else HEADER_PT
    cell_text(table.cell(1, 0), [(number_line(head), {"size": size})])
    cell_text(table.cell(1, 1), [(date, {"italic": True, "size": 14})])
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    return table


def title(document: DocxDocument, system: System, name: str, excerpt: str) -> None:
    """The type's name ("BÁO CÁO") and the excerpt under it: a short line under the excerpt
    (State), a line of dashes (Party)."""
    paragraph(document, after=6)
    party = system == System.PARTY
    paragraph(document, name.upper(), bold=True, size=16 if party else BODY_PT)
    if party:  # the excerpt in lower case after the type's name: "kết quả công tác …"
        excerpt = excerpt[:1].lower() + excerpt[1:]
    last = paragraph(document, excerpt, bold=True, after=0 if party else 12)
    if party:
        paragraph(document, "-----", after=12)
    else:
        rule_under(last, Cm(6))


def _cell_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0")):
            line.set(qn(key), value)
        line.set(qn("w:color"), "000000")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def grid(
    document: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[Length],
    numeric: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
    size: int = 12,
) -> Table:
    """A ruled table (the indicator tables of a report): a bold header row, numbers right."""
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_borders(table)
    for r, values in enumerate([list(headers), *[list(row) for row in rows]]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            if r == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c in numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run(p, value, bold=r == 0 or (r - 1) in bold_rows, size=size)
    paragraph(document, after=6)
    return table


def signature(document: DocxDocument, sign: Signature) -> Table:
    """ "Nơi nhận:" bottom left and the signer's block (capacity, title, name) bottom right."""
    table = _two_columns(document, 1, Length(CONTENT_WIDTH // 2))
    left = WD_ALIGN_PARAGRAPH.LEFT
    party = sign.system == System.PARTY
    # Party: "Nơi nhận:" 14 pt underlined, the list in 12 pt; State: 12 pt bold italic, 11 pt.
    label = {"underline": True, "size": 14} if party else {"bold": True, "italic": True, "size": 12}
    lines: list[Line] = [("Nơi nhận:", {**label, "align": left})]
    for item in sign.distribution:
        if text := item.strip():
            lines.append(
                (
                    text if text.startswith("-") else f"- {text}",
                    {"size": 12 if party else 11, "align": left},
                )
            )
    cell_text(table.cell(0, 0), lines)
    right: list[Line] = []
    for line in sign.capacity.splitlines():  # "TM. ỦY BAN NHÂN DÂN", then "KT. CHỦ TỊCH"
        right.append((line.upper(), {"bold": True, "size": 14}))
    right.append((sign.title.upper(), {"bold": True, "size": 14}))
    right += [("", {})] * 4
    if sign.name:
        right.append((sign.name, {"bold": True, "size": 14}))
    cell_text(table.cell(0, 1), right)
    return table


def to_bytes(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
