"""The briefing draft as .docx, in the layout of the body's system (lib.documents through
org.letterhead: a Party body's per Hướng dẫn 36-HD/VPTW, any other's per Nghị định
30/2020/NĐ-CP), written in Vietnamese whatever the reader's language, as official papers are.

It is a draft, and says so on every page ("DỰ THẢO", the page header) and under the title:
the officers edit it; it is never sent as generated. Number and date are left blank for the
clerk. Each statement carries its reference number; the references are listed at the end
("Nguồn tham khảo").
"""

from __future__ import annotations

from decimal import Decimal

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.documents import Signature, System
from danvan.lib.numbers import format_vn_number
from danvan.lib.text import fold
from danvan.org.letterhead import headed
from danvan.org.models import OrganizationKind

from .. import access
from .content import Briefing

DRAFT = "DỰ THẢO"
DRAFT_NOTE = "Bản nháp để cán bộ biên tập — không gửi nguyên văn"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")


def few() -> str:
    return f"dưới {access.min_count()}"


def number(value: int | Decimal | None) -> str:
    return few() if value is None else format_vn_number(value)


def signed(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    text = format_vn_number(value)
    return f"+{text}" if value > 0 else text


def percent(value: float | None, *, new: bool = False) -> str:
    if value is None:
        return "mới" if new else ""
    text = format_vn_number(Decimal(str(value)), 1)
    return f"+{text}%" if value > 0 else f"{text}%"


def _change_phrase(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return ""
    if before == 0:
        return f" (quý trước: {number(before)})"
    diff = now - before
    word = "tăng" if diff > 0 else "giảm" if diff < 0 else "không đổi"
    pct = format_vn_number(Decimal(str(round(100 * abs(diff) / before, 1))), 1)
    tail = "" if diff == 0 else f" {format_vn_number(abs(diff))} ý kiến, {pct}%"
    return f" (quý trước: {number(before)}; {word}{tail})"


def _mark_draft(document: DocxDocument) -> None:
    """ "DỰ THẢO" in every page's header and at the top of the first page."""
    header = document.sections[0].header
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    layout.run(p, f"{DRAFT} — {DRAFT_NOTE}", italic=True, size=11)
    top = document.add_paragraph()
    if document.tables:  # above the heading block, the first thing on the page
        document.tables[0]._tbl.addprevious(top._p)
    top.alignment = WD_ALIGN_PARAGRAPH.LEFT
    layout.run(top, DRAFT, bold=True, size=14)
    layout.run(top, f"  ({DRAFT_NOTE})", italic=True, size=12)


def _section(document: DocxDocument, index: int, heading: str) -> None:
    layout.body_paragraph(document, f"{ROMAN[index]}. {heading}", bold=True)


def _cite(p: object, ref: int) -> None:
    layout.run(p, f" [{ref}]", size=11)  # type: ignore[arg-type]


def _signature(briefing: Briefing, system: System) -> Signature:
    org = briefing.body
    party = system == System.PARTY
    heads: dict[str, str] = {
        OrganizationKind.PARTY_COMMITTEE: "Bí thư",
        OrganizationKind.PEOPLES_COMMITTEE: "Chủ tịch",
        OrganizationKind.FATHERLAND_FRONT: "Chủ tịch",
    }
    capacity: dict[str, str] = {
        OrganizationKind.PARTY_COMMITTEE: "T/M Ban Thường vụ",
        OrganizationKind.PEOPLES_COMMITTEE: "TM. Ủy ban nhân dân",
        OrganizationKind.FATHERLAND_FRONT: "TM. Ban Thường trực",
    }
    return Signature(
        title=heads.get(org.kind, "Trưởng ban" if party else "Thủ trưởng"),
        capacity=capacity.get(org.kind, ""),
        distribution=[
            "Thường trực cấp ủy (để báo cáo),",
            "Lưu Văn phòng." if party else "Lưu: VT.",
        ],
        system=system,
    )


def briefing_docx(briefing: Briefing) -> bytes:
    document, system = headed(briefing.body, day=None, kind="BC")
    _mark_draft(document)
    quarter = briefing.quarter
    layout.title(
        document,
        system,
        "Báo cáo",
        "Tình hình, tâm tư, nguyện vọng, kiến nghị, đề xuất của các tầng lớp nhân dân "
        f"{quarter.phrase}",
    )
    layout.paragraph(document, DRAFT_NOTE, italic=True, after=12)
    territory = briefing.territory
    section = 0

    # I. Overview.
    _section(document, section, "KHÁI QUÁT CHUNG")
    section += 1
    p = layout.body_paragraph(
        document,
        f"Trong {quarter.phrase} ({quarter.starts_on:%d/%m/%Y}–{quarter.ends_on:%d/%m/%Y}), trên "
        f"địa bàn {territory}, nền tảng Dân vận số ghi nhận {number(briefing.texts)} ý kiến, "
        "phản ánh, kiến nghị, đề xuất của nhân dân (đơn thư, góp ý dự thảo, ý kiến khảo sát, "
        "ý kiến tại các buổi đối thoại, tiếp xúc, báo cáo của cơ sở)"
        f"{_change_phrase(briefing.texts, briefing.texts_previous)}.",
    )
    counted = []
    if briefing.restricted:
        counted.append(f"{number(briefing.restricted)} đơn tố cáo")
    if briefing.sensitive:
        counted.append(
            f"{format_vn_number(briefing.sensitive)} ý kiến liên quan đến quan điểm chính trị, "
            "tôn giáo (dữ liệu cá nhân nhạy cảm)"
        )
    if counted:
        layout.body_paragraph(
            document,
            "Trong đó có " + " và ".join(counted) + ": chỉ được thống kê số lượng, không trích "
            "dẫn nội dung trong báo cáo này.",
        )
    del p

    # II. Main topics and their change.
    _section(document, section, "NHỮNG VẤN ĐỀ NHÂN DÂN QUAN TÂM, PHẢN ÁNH NHIỀU")
    section += 1
    if briefing.model is None:
        layout.body_paragraph(
            document, "Chưa có mô hình chủ đề đang dùng: cán bộ tổng hợp các vấn đề theo đơn thư."
        )
    elif not briefing.topics:
        layout.body_paragraph(document, "Trong quý không ghi nhận chủ đề nổi bật trên địa bàn.")
    else:
        p = layout.body_paragraph(
            document,
            "Các chủ đề được nêu nhiều nhất trong quý và mức thay đổi so với quý trước:",
        )
        _cite(p, briefing.topics[0].ref)
        layout.grid(
            document,
            ["TT", "Chủ đề", "Quý này", "Quý trước", "Tăng/giảm", "Tỷ lệ"],
            [
                [
                    str(i),
                    row.label,
                    number(row.count),
                    number(row.previous),
                    signed(row.change),
                    percent(row.percent, new=row.previous == 0),
                ]
                for i, row in enumerate(briefing.topics, start=1)
            ],
            widths=[Cm(1.0), Cm(7.0), Cm(2.2), Cm(2.2), Cm(2.2), Cm(1.9)],
            numeric=(0, 2, 3, 4, 5),
        )
        for i, row in enumerate(briefing.topics, start=1):
            p = layout.body_paragraph(document, f"{i}. {row.label}", bold=True)
            if row.words:
                layout.run(p, f" (từ khóa: {row.words})", italic=True, size=12)
            quotes = briefing.quotes_of(row.topic_id)
            if not quotes:
                layout.body_paragraph(
                    document, "[Cán bộ bổ sung nội dung tiêu biểu của chủ đề.]", italic=True
                )
            for quote in quotes:
                p = layout.body_paragraph(document, f"- “{quote.excerpt}”", italic=True)
                _cite(p, quote.ref)

    # III. Hotspots.
    _section(document, section, "ĐIỂM NÓNG, VỤ VIỆC PHỨC TẠP")
    section += 1
    if not briefing.hotspots:
        layout.body_paragraph(document, "Trong quý không phát hiện điểm nóng trên địa bàn.")
    else:
        more = briefing.hotspots_total - len(briefing.hotspots)
        layout.body_paragraph(
            document,
            f"Trong quý phát hiện {format_vn_number(briefing.hotspots_total)} điểm nóng"
            + (f" (dưới đây {len(briefing.hotspots)} điểm có nhiều ý kiến nhất)" if more else "")
            + ":",
        )
        layout.grid(
            document,
            ["TT", "Điểm nóng", "Địa bàn", "Tình trạng", "Cơ quan phụ trách", "Số ý kiến", "Nguồn"],
            [
                [
                    str(i),
                    h.title,
                    h.place,
                    h.state,
                    h.in_charge or "Chưa giao",
                    number(h.observed),
                    f"[{h.ref}]",
                ]
                for i, h in enumerate(briefing.hotspots, start=1)
            ],
            widths=[Cm(0.9), Cm(4.6), Cm(2.6), Cm(2.2), Cm(3.0), Cm(1.6), Cm(1.6)],
            numeric=(0, 5),
            size=11,
        )

    # IV. Figures.
    _section(document, section, "SỐ LIỆU TỪ CÁC BÁO CÁO")
    section += 1
    if briefing.figures:
        p = layout.body_paragraph(document, "Tiếp nhận, giải quyết đơn thư của công dân:")
        _cite(p, briefing.figures[0].ref)
        layout.grid(
            document,
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Quý này", "Quý trước", "Tăng/giảm"],
            [
                [
                    str(i),
                    f.label,
                    f.unit,
                    _figure(f.value, count=f.count),
                    _figure(f.previous, count=f.count),
                    signed(f.change),
                ]
                for i, f in enumerate(briefing.figures, start=1)
            ],
            widths=[Cm(1.0), Cm(7.2), Cm(2.4), Cm(2.0), Cm(2.0), Cm(1.9)],
            numeric=(0, 3, 4, 5),
        )
    if briefing.report_figures:
        p = layout.body_paragraph(document, "Theo báo cáo quý của cơ quan:")
        _cite(p, briefing.report_figures[0].ref)
        layout.grid(
            document,
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
            [
                [str(i), f.label, f.unit, format_vn_number(f.value) if f.value is not None else ""]
                for i, f in enumerate(briefing.report_figures, start=1)
            ],
            widths=[Cm(1.2), Cm(9.3), Cm(2.8), Cm(3.2)],
            numeric=(0, 3),
        )
    if briefing.issues:
        layout.body_paragraph(document, "Vấn đề nổi lên theo báo cáo tình hình của cơ sở:")
        layout.grid(
            document,
            ["TT", "Vấn đề", "Địa bàn", "Số người", "Mức độ", "Xu hướng", "Đề xuất xử lý", "Nguồn"],
            [
                [
                    str(i),
                    issue.topic,
                    issue.place,
                    issue.people,
                    issue.severity,
                    issue.trend,
                    issue.handling,
                    f"[{issue.ref}]",
                ]
                for i, issue in enumerate(briefing.issues, start=1)
            ],
            widths=[Cm(0.8), Cm(3.4), Cm(2.0), Cm(1.6), Cm(1.6), Cm(1.6), Cm(3.6), Cm(1.5)],
            numeric=(0,),
            size=10,
        )
    if not (briefing.figures or briefing.report_figures or briefing.issues):
        layout.body_paragraph(document, "Chưa có số liệu cho quý này.")

    # V. Proposals: the officers' own work.
    _section(document, section, "ĐỀ XUẤT, KIẾN NGHỊ")
    layout.body_paragraph(
        document,
        "[Cán bộ biên tập đề xuất các nội dung cần tập trung chỉ đạo, giải quyết.]",
        italic=True,
    )

    # References.
    layout.paragraph(document, after=6)
    layout.paragraph(document, "NGUỒN THAM KHẢO", bold=True, after=6)
    for ref in briefing.references:
        layout.paragraph(
            document, f"[{ref.number}] {ref.text}", align=WD_ALIGN_PARAGRAPH.LEFT, size=12, after=3
        )
    made = briefing.made_at
    layout.paragraph(
        document,
        f"Dự thảo do nền tảng Dân vận số tổng hợp lúc {_local(made)}.",
        align=WD_ALIGN_PARAGRAPH.LEFT,
        italic=True,
        size=11,
        after=12,
    )
    layout.signature(document, _signature(briefing, system))
    return layout.to_bytes(document)


def _figure(value: Decimal | None, *, count: bool) -> str:
    """A count hidden as small reads "dưới 5"; a missing average stays blank."""
    if value is None:
        return few() if count else ""
    return format_vn_number(value)


def _local(moment: object) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(moment):%H:%M ngày %d/%m/%Y}"  # type: ignore[arg-type]


def filename(briefing: Briefing) -> str:
    who = "".join(ch if ch.isalnum() else "-" for ch in fold(briefing.body.code))
    return f"du-thao-giao-ban-{who}-{briefing.quarter.year}-q{briefing.quarter.number}.docx"
