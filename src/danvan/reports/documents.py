"""A periodic report as .docx, in the layout of its body's system (lib.documents): a Party
body's report per Hướng dẫn 36-HD/VPTW, any other body's per Nghị định 30/2020/NĐ-CP.

The document is the official paper, so it is written in Vietnamese whatever the reader's
language: the heading, "BÁO CÁO" and the excerpt ("Công tác dân vận tháng 11 năm 2026"), each
section with its narrative as typed (bold, italic, lists) and its indicators as a ruled table
(No., indicator, unit, figure), and the signer's block of the leader who approved it.
"""

from __future__ import annotations

from django.utils import timezone
from docx.document import Document as DocxDocument
from docx.shared import Cm

from danvan.accounts.models import Assignment
from danvan.lib import documents as layout
from danvan.lib.documents import Signature, System
from danvan.lib.numbers import format_vn_number
from danvan.lib.richtext import blocks
from danvan.lib.text import fold
from danvan.org.letterhead import headed, system_of
from danvan.org.models import OrganizationKind
from danvan.org.models.validity import valid_on

from . import selectors, selectors_situation
from .models import PeriodKind, Report, ReportingPeriod, Severity, SituationIssue, Trend, ValueType

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_phrase(period: ReportingPeriod) -> str:
    n, year = period.number, period.year
    match period.kind:
        case PeriodKind.MONTH:
            return f"tháng {n} năm {year}"
        case PeriodKind.QUARTER:
            return f"quý {ROMAN.get(n, n)} năm {year}"
        case PeriodKind.HALF_YEAR:
            return f"6 tháng {'đầu' if n == 1 else 'cuối'} năm {year}"
        case PeriodKind.NINE_MONTHS:
            return f"9 tháng năm {year}"
        case PeriodKind.YEAR:
            return f"năm {year}"
    return period.label


def excerpt(report: Report) -> str:
    """ "Kết quả công tác dân vận tháng 11 năm 2026": the template's subject, the period."""
    name = report.template.name.strip()
    for prefix in ("báo cáo ", "bc "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
    for suffix in (" hằng tháng", " hàng tháng", " định kỳ", " tháng", " quý", " năm"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return f"{name[:1].upper()}{name[1:]} {period_phrase(report.period)}"


def _signer(report: Report) -> Signature:
    """The leader who approved, with the capacity the layout wants: "T/M BAN THƯỜNG VỤ" for a
    Party committee, "TM. ỦY BAN NHÂN DÂN" for a People's Committee, "K/T" / "KT." when a
    deputy signs for the head."""
    org, party = report.reporter, system_of(report.reporter) == System.PARTY
    title = ""
    if report.approved_by_id:
        held = (
            Assignment.objects.filter(user_id=report.approved_by_id, organization=org)
            .filter(valid_on(timezone.localdate()))
            .values_list("title", flat=True)
            .first()
        )
        title = held or ""
    heads: dict[str, str] = {
        OrganizationKind.PARTY_COMMITTEE: "Bí thư",
        OrganizationKind.PEOPLES_COMMITTEE: "Chủ tịch",
        OrganizationKind.FATHERLAND_FRONT: "Chủ tịch",
    }
    head = heads.get(org.kind, "Trưởng ban" if party else "Thủ trưởng")
    title = title or head
    capacity = []
    if org.kind == OrganizationKind.PARTY_COMMITTEE:
        capacity.append("T/M Ban Thường vụ")
    elif org.kind == OrganizationKind.PEOPLES_COMMITTEE:
        capacity.append("TM. Ủy ban nhân dân")
    elif org.kind == OrganizationKind.FATHERLAND_FRONT:
        capacity.append("TM. Ban Thường trực")
    if fold(title).startswith("pho ") and fold(title)[4:] == fold(head):
        capacity.append(("K/T " if party else "KT. ") + head)
    distribution = [f"{report.receiver.name} (để báo cáo),", "Lưu Văn phòng."]
    if not party:
        distribution[-1] = "Lưu: VT."
    name = report.approved_by.full_name if report.approved_by else ""
    return Signature(
        title=title,
        name=name,
        capacity="\n".join(capacity),
        distribution=distribution,
        system=system_of(org),
    )


def _value(value: object, value_type: str) -> str:
    if value is None:
        return ""
    if value_type == ValueType.YES_NO:
        return "Có" if value == 1 else "Không"
    return format_vn_number(value)  # type: ignore[arg-type]


# The paper is in Vietnamese whatever the reader's language (the choices' labels follow it).
SEVERITY_VN: dict[str, str] = {
    Severity.LOW: "Thấp",
    Severity.MEDIUM: "Trung bình",
    Severity.HIGH: "Cao",
    Severity.SERIOUS: "Nghiêm trọng",
}
TREND_VN: dict[str, str] = {
    Trend.NEW: "Mới phát sinh",
    Trend.RISING: "Tăng",
    Trend.STABLE: "Ổn định",
    Trend.FALLING: "Giảm",
}


ISSUE_HEADERS = [
    "TT",
    "Vấn đề nhân dân quan tâm, phản ánh",
    "Địa bàn",
    "Số người",
    "Mức độ",
    "Diễn biến",
    "Hướng xử lý đề xuất",
]


def _issue_table(document: DocxDocument, issues: list[SituationIssue]) -> None:
    """The issues people raise as a ruled table; a sentence when the body listed none."""
    if not issues:
        layout.body_paragraph(document, "Không có vấn đề nổi lên trong kỳ.")
        return
    layout.grid(
        document,
        ISSUE_HEADERS,
        [
            [
                str(n),
                f"{issue.topic}\n{issue.details}" if issue.details else issue.topic,
                issue.place.name if issue.place else "",
                "" if issue.people_affected is None else format_vn_number(issue.people_affected),
                SEVERITY_VN.get(issue.severity, issue.severity),
                TREND_VN.get(issue.trend, issue.trend),
                issue.handling,
            ]
            for n, issue in enumerate(issues, start=1)
        ],
        widths=[Cm(1.0), Cm(4.6), Cm(2.4), Cm(1.8), Cm(2.0), Cm(2.0), Cm(2.7)],
        numeric=(0, 3),
        size=11,
    )


def report_docx(report: Report) -> bytes:
    org = report.reporter
    issued = timezone.localdate(report.submitted_at) if report.submitted_at else None
    document, system = headed(org, day=issued, number=report.number)
    layout.title(document, system, "Báo cáo", excerpt(report))
    sections, _general = selectors.page(report)
    with_issues = any(b.section.issue_table for b in sections)
    issues = selectors_situation.issue_rows(report) if with_issues else []
    for block in sections:
        section = block.section
        heading = f"{section.heading}. {section.title}" if section.heading else section.title
        layout.body_paragraph(document, heading, bold=True)
        for item in blocks(block.text):
            p = layout.body_paragraph(document)
            if item.kind == "bullet":
                layout.run(p, "- ")
            for piece in item.runs:
                layout.run(p, piece.text, bold=piece.bold, italic=piece.italic)
        if block.figures:
            layout.grid(
                document,
                ["TT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
                [
                    [
                        str(i),
                        ("    " * line.indicator.depth) + line.indicator.label,
                        str(line.indicator.unit),
                        _value(line.value, line.indicator.value_type),
                    ]
                    for i, line in enumerate(block.figures, start=1)
                ],
                widths=[Cm(1.2), Cm(9.3), Cm(2.8), Cm(3.2)],
                numeric=(0, 3),
            )
        if section.issue_table:
            _issue_table(document, issues)
    layout.paragraph(document, after=6)
    layout.signature(document, _signer(report))
    return layout.to_bytes(document)


def filename(report: Report) -> str:
    who = "".join(ch if ch.isalnum() else "-" for ch in fold(report.reporter.code))
    return f"bao-cao-{who}-{report.period.year}-{report.period.kind}-{report.period.number}.docx"
