"""An award decision as .docx in the administrative layout of Nghị định 30/2020/NĐ-CP
(Phụ lục I), written in code with python-docx (no template binary):

- A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
- Times New Roman, 14 pt for the text, 13 pt for the header and the signer's block;
- the header table: the issuing body in upper case and bold with a short line under it, left;
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (bold, upper case) and "Độc lập - Tự do - Hạnh phúc"
  (bold, with a line under it), right; then "Số: …" left and the place and date in italics
  right ("Hà Nội, ngày 05 tháng 11 năm 2026": days below 10 and months below 3 with a 0);
- the name "QUYẾT ĐỊNH" and the excerpt "Về việc …" (bold, centred, a short line under);
- the deciding authority, the legal grounds in italics, "QUYẾT ĐỊNH:", Điều 1 (the award and
  the recipients), Điều 2 and Điều 3;
- "Nơi nhận:" bottom left and the signer's block (capacity, title, name) bottom right.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from danvan.lib.text import fold

from .models import AwardDecision, RecipientKind

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
MOTTO_TOP = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PAGE = (Mm(210), Mm(297))
# Word stores margins in twips (1/1440 inch): 851 twips is 15.01 mm, inside the decree's
# 15–20 mm where Mm(15) would round down to 14.99 mm.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Twips(851)}
CONTENT_WIDTH = Mm(210 - 30 - 15)
LEFT_COLUMN = Cm(6.5)


def date_line(place: str, day: dt.date) -> str:
    """ "Hà Nội, ngày 05 tháng 11 năm 2026": a 0 before days below 10 and months below 3."""
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"


def money(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


def _run(p: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int = BODY_PT):
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    return run


def _para(
    container: object,
    text: str = "",
    *,
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.CENTER,
    bold: bool = False,
    italic: bool = False,
    size: int = BODY_PT,
    after: int = 0,
    first_line: Cm | None = None,
) -> Paragraph:
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if first_line is not None:
        p.paragraph_format.first_line_indent = first_line
    if text:
        _run(p, text, bold=bold, italic=italic, size=size)
    return p


def _rule_under(p: Paragraph, inset: Cm) -> None:
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


def _first_paragraph(cell: _Cell) -> Paragraph:
    return cell.paragraphs[0]


def _cell_text(
    cell: _Cell,
    lines: list[tuple[str, dict]],
) -> list[Paragraph]:
    made = []
    for i, (text, style) in enumerate(lines):
        p = _first_paragraph(cell) if i == 0 else cell.add_paragraph()
        p.alignment = style.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(0)
        _run(
            p,
            text,
            bold=style.get("bold", False),
            italic=style.get("italic", False),
            size=style.get("size", HEADER_PT),
        )
        made.append(p)
    return made


def _setup(document: DocxDocument) -> None:
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


def _header(document: DocxDocument, decision: AwardDecision) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (LEFT_COLUMN, CONTENT_WIDTH - LEFT_COLUMN)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    body_lines = decision.authority.name.upper()
    left = _cell_text(table.cell(0, 0), [(body_lines, {"bold": True})])
    _rule_under(left[-1], Cm(1.8))
    right = _cell_text(
        table.cell(0, 1),
        [(MOTTO_TOP, {"bold": True, "size": 12}), (MOTTO, {"bold": True, "size": 14})],
    )
    _rule_under(right[-1], Cm(2.2))
    _cell_text(table.cell(1, 0), [(f"Số: {decision.number}", {})])
    _cell_text(
        table.cell(1, 1),
        [(date_line(decision.place_name, decision.signed_on), {"italic": True, "size": 14})],
    )
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _recipient_line(index: int, r: object) -> str:
    parts = [r.name]  # type: ignore[attr-defined]
    if r.kind == RecipientKind.INDIVIDUAL:  # type: ignore[attr-defined]
        parts += [x for x in (r.position, r.unit_name) if x]  # type: ignore[attr-defined]
    line = f"{index}. " + ", ".join(parts)
    if r.achievements:  # type: ignore[attr-defined]
        line += f": {r.achievements.rstrip('.;')}"  # type: ignore[attr-defined]
    return line + ";"


def _counts(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể" if collectives < 10 else f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân" if individuals < 10 else f"{individuals} cá nhân")
    return " và ".join(parts)


def _article(document: DocxDocument, number: int, text: str) -> Paragraph:
    p = _para(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, first_line=Cm(1.27))
    _run(p, f"Điều {number}. ", bold=True)
    _run(p, text)
    return p


def _body(document: DocxDocument, decision: AwardDecision) -> None:
    recipients = list(decision.recipients.all())
    _para(document, after=0)
    _para(document, "QUYẾT ĐỊNH", bold=True)
    excerpt = _para(document, decision.subject, bold=True, after=6)
    _rule_under(excerpt, Cm(6))
    _para(document, decision.decider_title.upper(), bold=True, after=12)
    for line in decision.grounds.splitlines():
        if line.strip():
            _para(
                document,
                line.strip(),
                italic=True,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                after=6,
                first_line=Cm(1.27),
            )
    _para(document, "QUYẾT ĐỊNH:", bold=True, after=6)
    collectives = sum(1 for r in recipients if r.kind == RecipientKind.COLLECTIVE)
    individuals = len(recipients) - collectives
    _article(
        document,
        1,
        f"Tặng {decision.award_kind.name} cho {_counts(collectives, individuals)} "
        "đã có thành tích sau đây:",
    )
    for i, r in enumerate(recipients, start=1):
        _para(
            document,
            _recipient_line(i, r),
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=3,
            first_line=Cm(1.27),
        )
    total = sum((r.reward_amount for r in recipients if r.reward_amount), Decimal(0))
    duty = (
        "Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )
    if total:
        _article(
            document,
            2,
            f"Kèm theo {decision.award_kind.name} là tiền thưởng theo quy định, tổng cộng "
            f"{money(total)} đồng.",
        )
        _article(document, 3, f"Quyết định này có hiệu lực kể từ ngày ký. {duty}")
    else:
        _article(document, 2, "Quyết định này có hiệu lực kể từ ngày ký.")
        _article(document, 3, duty)


def _footer(document: DocxDocument, decision: AwardDecision) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    half = CONTENT_WIDTH // 2
    for cell in table.rows[0].cells:
        cell.width = half
    left = table.cell(0, 0)
    lines: list[tuple[str, dict]] = [
        ("Nơi nhận:", {"bold": True, "italic": True, "size": 12, "align": WD_ALIGN_PARAGRAPH.LEFT})
    ]
    for item in decision.distribution.splitlines():
        if item.strip():
            text = item.strip()
            lines.append(
                (
                    text if text.startswith("-") else f"- {text}",
                    {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT},
                )
            )
    _cell_text(left, lines)
    right: list[tuple[str, dict]] = []
    if decision.signing_capacity:
        right.append((decision.signing_capacity.upper(), {"bold": True, "size": 14}))
    right.append((decision.signer_title.upper(), {"bold": True, "size": 14}))
    right += [("", {})] * 4
    right.append((decision.signer_name, {"bold": True, "size": 14}))
    _cell_text(table.cell(0, 1), right)


def decision_docx(decision: AwardDecision) -> bytes:
    document = Document()
    _setup(document)
    _header(document, decision)
    _body(document, decision)
    _para(document, after=6)
    _footer(document, decision)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(decision: AwardDecision) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in fold(decision.number))
    return f"quyet-dinh-{safe}-{decision.signed_on:%Y%m%d}.docx"
