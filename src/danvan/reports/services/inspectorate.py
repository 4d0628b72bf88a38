"""The Government Inspectorate's periodic forms on citizen reception, letter handling and
complaint resolution as report templates: each column of a form is an indicator numbered as
the form numbers it ("c04" is column 4), the sums its "MS" row writes ("1 = 4 + 13 + 22") are
checks, and the columns the platform counts are bound to figure sources.

Which text: Thông tư 06/2025/TT-TTCP (in force 30/9/2025) names the forms 01/TCD, 02/XLD,
03/GQKN, 04/GQTC, 05/KQTH and 06/QLKNTC, but the columns of its appendix could not be read
(decision 0021). The columns here are those of the forms it replaced — Thông tư 01/2024/TT-TTCP,
Biểu 01/TCD, 01/XLD and 01/KQGQ — and each template says so in its description, so that a body
checks them against the appendix before adopting them; a new template version takes the
circular's columns without touching the reports already made.
Periods: quarterly, 6-month, 9-month and yearly, cut off on the 14th (no monthly report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from danvan.org.models import Organization

from ..models import CheckKind, PeriodKind, ReportTemplate, Topic, ValueType
from .templates import IndicatorSpec, add_check, add_indicator, add_section, create_template

C, D, A = ValueType.COUNT, ValueType.DECIMAL, ValueType.AREA
SOURCE_TEXT = (
    "Cột theo biểu cùng số của Thông tư 01/2024/TT-TTCP; đối chiếu với Phụ lục Thông tư "
    "06/2025/TT-TTCP trước khi sử dụng."
)


@dataclass(frozen=True)
class Column:
    number: int
    label: str
    unit: str
    depth: int = 0
    value_type: str = ValueType.COUNT
    source: str = ""


@dataclass(frozen=True)
class Form:
    code: str  # the template's code
    symbol: str  # "01/TCD"
    title: str
    columns: tuple[Column, ...]
    sums: tuple[str, ...]  # "1=4+13+22": column 1 equals the sum of the others


def _block(start: int, head: str, depth: int, *, periods: bool) -> list[Column]:
    """The nine (or eight) columns of a reception block: sessions, visits, people, cases
    first time / again, then the same for large groups."""
    labels = [
        *(["Số kỳ tiếp"] if periods else []),
        "Số lượt tiếp",
        "Số người được tiếp",
        "Số vụ việc tiếp lần đầu",
        "Số vụ việc tiếp nhiều lần",
        "Đoàn đông người: số đoàn được tiếp",
        "Đoàn đông người: số người được tiếp",
        "Đoàn đông người: số vụ việc tiếp lần đầu",
        "Đoàn đông người: số vụ việc tiếp nhiều lần",
    ]
    units = {
        "kỳ": "kỳ",
        "lượt": "lượt",
        "người": "người",
        "vụ việc": "vụ việc",
        "đoàn": "đoàn",
    }
    out = []
    for n, label in enumerate(labels):
        unit = next(u for key, u in units.items() if key in label.split(":")[-1])
        out.append(Column(start + n, f"{head} — {label}", unit, depth))
    return out


TCD = Form(
    code="ttcp-01-tcd",
    symbol="01/TCD",
    title="Tổng hợp kết quả tiếp công dân thường xuyên, định kỳ và đột xuất",
    columns=(
        Column(1, "Tổng số lượt tiếp", "lượt"),
        Column(2, "Tổng số người được tiếp", "người"),
        Column(3, "Tổng số vụ việc tiếp", "vụ việc"),
        *_block(4, "Tiếp thường xuyên", 1, periods=False),
        *_block(12, "Thủ trưởng tiếp định kỳ, đột xuất", 1, periods=True),
        *_block(21, "Ủy quyền tiếp", 1, periods=True),
    ),
    sums=("1=4+13+22", "2=5+14+23", "3=6+7+15+16+24+25"),
)

XLD = Form(
    code="ttcp-02-xld",
    symbol="02/XLD",
    title="Tổng hợp kết quả tiếp nhận, xử lý đơn",
    columns=(
        Column(1, "Tổng số đơn phải xử lý", "đơn"),
        Column(2, "Kỳ trước chuyển sang", "đơn", 1),
        Column(3, "Tiếp nhận trong kỳ", "đơn", 1, source="cases.received"),
        Column(4, "Số đơn đã xử lý", "đơn"),
        Column(5, "Số đơn chưa xử lý (chuyển kỳ sau)", "đơn"),
        Column(6, "Đơn đủ điều kiện xử lý — số đơn", "đơn"),
        Column(7, "Đơn đủ điều kiện xử lý — số vụ việc", "vụ việc"),
        Column(8, "Theo nội dung: khiếu nại", "đơn", 1, source="cases.received.kind.complaint"),
        Column(9, "Theo nội dung: tố cáo", "đơn", 1, source="cases.received.kind.denunciation"),
        Column(10, "Theo nội dung: kiến nghị, phản ánh", "đơn", 1),
        Column(11, "Theo tình trạng: đã giải quyết lần đầu", "đơn", 1),
        Column(12, "Theo tình trạng: đã giải quyết nhiều lần", "đơn", 1),
        Column(13, "Theo tình trạng: chưa giải quyết xong", "đơn", 1),
        Column(14, "Đơn thuộc thẩm quyền — tổng số", "đơn"),
        Column(15, "Thuộc thẩm quyền: khiếu nại", "đơn", 1),
        Column(16, "Thuộc thẩm quyền: tố cáo", "đơn", 1),
        Column(17, "Thuộc thẩm quyền: kiến nghị, phản ánh", "đơn", 1),
        Column(18, "Đơn không thuộc thẩm quyền — tổng số", "đơn"),
        Column(19, "Không thuộc thẩm quyền: hướng dẫn", "đơn", 1),
        Column(20, "Không thuộc thẩm quyền: chuyển đơn", "đơn", 1),
        Column(21, "Không thuộc thẩm quyền: đôn đốc giải quyết", "đơn", 1),
        Column(22, "Số văn bản phúc đáp nhận được do chuyển đơn", "văn bản"),
    ),
    sums=(
        "1=2+3",
        "1=4+5",
        "6=8+9+10",
        "6=11+12+13",
        "6=14+18",
        "14=15+16+17",
        "18=19+20+21",
    ),
)

GQKN = Form(
    code="ttcp-03-gqkn",
    symbol="03/GQKN",
    title="Tổng hợp kết quả giải quyết khiếu nại thuộc thẩm quyền",
    columns=(
        Column(1, "Đơn khiếu nại thuộc thẩm quyền — tổng số", "đơn"),
        Column(2, "Kỳ trước chuyển sang", "đơn", 1),
        Column(3, "Tiếp nhận trong kỳ", "đơn", 1),
        Column(4, "Tổng số vụ việc khiếu nại thuộc thẩm quyền", "vụ việc"),
        Column(5, "Đã giải quyết bằng quyết định hành chính", "vụ việc", 1),
        Column(6, "Đã giải quyết: rút đơn qua giải thích, thuyết phục", "vụ việc", 1),
        Column(7, "Kiến nghị thu hồi cho Nhà nước — tiền", "triệu đồng", 0, D),
        Column(8, "Kiến nghị thu hồi cho Nhà nước — đất", "m²", 0, A),
        Column(9, "Trả lại cho tổ chức — tiền", "triệu đồng", 0, D),
        Column(10, "Trả lại cho tổ chức — đất", "m²", 0, A),
        Column(11, "Trả lại cho cá nhân — tiền", "triệu đồng", 0, D),
        Column(12, "Trả lại cho cá nhân — đất", "m²", 0, A),
        Column(13, "Số tổ chức được trả lại quyền lợi", "tổ chức"),
        Column(14, "Số cá nhân được trả lại quyền lợi", "cá nhân"),
        Column(15, "Kiến nghị xử lý hành chính — tổng số người", "người"),
        Column(16, "Trong đó cán bộ, công chức, viên chức", "người", 1),
        Column(17, "Chuyển cơ quan điều tra — số vụ", "vụ"),
        Column(18, "Chuyển cơ quan điều tra — số người", "người"),
        Column(19, "Trong đó cán bộ, công chức, viên chức", "người", 1),
        Column(20, "Giải quyết lần đầu: khiếu nại đúng", "vụ việc"),
        Column(21, "Giải quyết lần đầu: khiếu nại sai", "vụ việc"),
        Column(22, "Giải quyết lần đầu: khiếu nại đúng một phần", "vụ việc"),
        Column(23, "Giải quyết lần hai: công nhận quyết định lần đầu", "vụ việc"),
        Column(24, "Giải quyết lần hai: hủy, sửa quyết định lần đầu", "vụ việc"),
        Column(25, "Chấp hành thời hạn giải quyết: đúng quy định", "vụ việc"),
        Column(26, "Chấp hành thời hạn giải quyết: không đúng quy định", "vụ việc"),
    ),
    sums=("1=2+3", "5=20+21+22+23+24"),
)

FORMS = (TCD, XLD, GQKN)
SCHEDULES: dict[str, int] = {
    PeriodKind.QUARTER: 5,
    PeriodKind.HALF_YEAR: 5,
    PeriodKind.NINE_MONTHS: 5,
    PeriodKind.YEAR: 5,
}


def code_of(number: int) -> str:
    return f"c{number:02d}"


def _checks(form: Form) -> list[tuple[str, list[str]]]:
    out = []
    for rule in form.sums:
        subject, parts = rule.split("=")
        out.append((code_of(int(subject)), [code_of(int(p)) for p in parts.split("+")]))
    return out


@transaction.atomic
def create_form_template(
    *, form: Form, owner: Organization, applies_from: dt.date, publish_by: object = None
) -> ReportTemplate:
    from .templates import publish

    template = create_template(
        owner=owner,
        code=form.code,
        name=f"Biểu {form.symbol} — {form.title}",
        topic=Topic.CITIZEN_MATTERS,
        description=SOURCE_TEXT,
        applies_from=applies_from,
        schedules=SCHEDULES,
    )
    version = template.versions.get()
    section = add_section(
        version=version,
        heading=form.symbol,
        title=form.title,
        guidance=f"Số liệu tính từ ngày bắt đầu đến ngày kết thúc kỳ báo cáo. {SOURCE_TEXT}",
        narrative=False,
    )
    for column in form.columns:
        add_indicator(
            section=section,
            spec=IndicatorSpec(
                code=code_of(column.number),
                label=f"({column.number}) {column.label}",
                value_type=column.value_type,
                unit=column.unit,
                depth=column.depth,
                required=False,
                source=column.source,
            ),
        )
    for subject, parts in _checks(form):
        add_check(version=version, kind=CheckKind.SUM_EQUALS, subject=subject, parts=parts)
    publish(version=version, actor=publish_by)  # type: ignore[arg-type]
    return template


def create_inspectorate_templates(
    *, owner: Organization, applies_from: dt.date
) -> list[ReportTemplate]:
    return [
        create_form_template(form=form, owner=owner, applies_from=applies_from) for form in FORMS
    ]
