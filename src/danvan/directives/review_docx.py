"""The compiled review as a draft report (.docx) in the reviewing body's layout: its
figures added up over the reports received, and each section's texts one after the other,
each with the body it came from — for the officers to edit into the level's own report. The
number and date are left blank for the clerk."""

from __future__ import annotations

from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.documents import Signature, System
from danvan.lib.numbers import format_vn_number
from danvan.org.letterhead import headed

from .selectors.reviews import Draft

# The sections in the order of models.SECTIONS, as the paper writes them.
HEADINGS = (
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
    "III. BÀI HỌC KINH NGHIỆM",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
)


def review_docx(draft: Draft) -> bytes:
    review = draft.round
    body = review.caller
    document, system = headed(body)
    layout.title(document, system, "Báo cáo", review.title)
    layout.body_paragraph(
        document,
        f"(Dự thảo tổng hợp từ {draft.submitted}/{draft.asked} báo cáo của các cơ quan, đơn vị)",
        italic=True,
    )
    if draft.figures:
        layout.body_paragraph(document, "Số liệu tổng hợp", bold=True)
        layout.grid(
            document,
            ["TT", "Chỉ tiêu", "Tổng số", "Số đơn vị báo cáo"],
            [
                [str(i), label, format_vn_number(total), str(count)]
                for i, (label, total, count) in enumerate(draft.figures, 1)
            ],
            widths=[Cm(1.2), Cm(9.3), Cm(3), Cm(3)],
            numeric=[2, 3],
        )
    for heading, (_title, texts) in zip(HEADINGS, draft.sections, strict=True):
        layout.body_paragraph(document, heading, bold=True)
        for source, text in texts:
            p = layout.body_paragraph(document)
            layout.run(p, f"{source}: ", italic=True)
            layout.run(p, text)
    layout.signature(
        document,
        Signature(
            title="",
            system=system,
            distribution=["Lưu Văn phòng." if system == System.PARTY else "Lưu: VT."],
        ),
    )
    return layout.to_bytes(document)
