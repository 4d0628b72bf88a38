"""The standard monthly report on mass-mobilization work that a body can adopt as its
template: narrative sections as such reports are written, the figures the platform counts
(citizens' matters, "Dân vận khéo" models), figures the body types, and the checks between
them. Its wording is data (the template's own text, in Vietnamese), not interface text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from danvan.org.models import Organization

from ..models import CheckKind, Consolidation, PeriodKind, ReportTemplate, Topic, ValueType
from .templates import IndicatorSpec, add_check, add_indicator, add_section, create_template

C, P, M, A, Y, D = (
    ValueType.COUNT,
    ValueType.PERCENT,
    ValueType.MONEY,
    ValueType.AREA,
    ValueType.YES_NO,
    ValueType.DECIMAL,
)


def _spec(code: str, label: str, value_type: str, unit: str, **kw: object) -> IndicatorSpec:
    return IndicatorSpec(code=code, label=label, value_type=value_type, unit=unit, **kw)  # type: ignore[arg-type]


SECTIONS: list[tuple[str, str, str, bool, list[IndicatorSpec]]] = [
    (
        "I",
        "Tình hình nhân dân và đánh giá chung",
        "Tình hình tư tưởng, tâm trạng nhân dân; những vấn đề nổi lên trong kỳ; đánh giá chung.",
        True,
        [],
    ),
    (
        "II",
        "Tiếp công dân, tiếp nhận và giải quyết đơn thư",
        "Kết quả tiếp nhận, phân loại, thụ lý, giải quyết; những vụ việc phức tạp, kéo dài.",
        True,
        [
            _spec(
                "don_tiep_nhan", "Số đơn thư, phản ánh tiếp nhận", C, "đơn", source="cases.received"
            ),
            _spec(
                "don_khieu_nai",
                "Trong đó: khiếu nại",
                C,
                "đơn",
                depth=1,
                source="cases.received.kind.complaint",
            ),
            _spec(
                "don_to_cao",
                "Trong đó: tố cáo",
                C,
                "đơn",
                depth=1,
                source="cases.received.kind.denunciation",
            ),
            _spec(
                "don_kien_nghi", "Trong đó: kiến nghị, phản ánh", C, "đơn", depth=1, required=False
            ),
            _spec(
                "don_truc_tiep",
                "Tiếp công dân trực tiếp",
                C,
                "lượt",
                source="cases.received.channel.in_person",
            ),
            _spec("don_thu_ly", "Số đơn đã thụ lý", C, "đơn", source="cases.accepted"),
            _spec("don_giai_quyet", "Số đơn đã giải quyết", C, "đơn", source="cases.resolved"),
            _spec(
                "don_dung_han",
                "Trong đó: giải quyết đúng hạn",
                C,
                "đơn",
                depth=1,
                source="cases.resolved.on_time",
            ),
            _spec("don_qua_han", "Số đơn quá hạn cuối kỳ", C, "đơn", source="cases.overdue"),
            _spec("luot_danh_gia", "Số lượt người dân đánh giá", C, "lượt", source="cases.rated"),
            _spec(
                "diem_hai_long",
                "Điểm hài lòng bình quân",
                D,
                "điểm (1–5)",
                required=False,
                minimum=Decimal(1),
                maximum=Decimal(5),
                consolidation=Consolidation.WEIGHTED_AVERAGE,
                weight="luot_danh_gia",
                source="cases.rating_average",
            ),
        ],
    ),
    (
        "III",
        "Phong trào thi đua “Dân vận khéo”",
        "Kết quả xây dựng, công nhận, nhân rộng mô hình, điển hình; cách làm hay.",
        True,
        [
            _spec(
                "mh_tong",
                "Tổng số mô hình, điển hình đến cuối kỳ",
                C,
                "mô hình",
                source="exemplars.total",
            ),
            _spec(
                "mh_tap_the",
                "Trong đó: tập thể",
                C,
                "mô hình",
                depth=1,
                source="exemplars.total.collective",
            ),
            _spec(
                "mh_ca_nhan",
                "Trong đó: cá nhân",
                C,
                "mô hình",
                depth=1,
                source="exemplars.total.individual",
            ),
            _spec(
                "mh_moi",
                "Mô hình đăng ký mới trong kỳ",
                C,
                "mô hình",
                source="exemplars.registered",
            ),
            _spec(
                "mh_cong_nhan",
                "Mô hình được công nhận trong kỳ",
                C,
                "mô hình",
                source="exemplars.recognized",
            ),
            _spec(
                "mh_cong_nhan_tinh",
                "Trong đó: cấp tỉnh công nhận",
                C,
                "mô hình",
                depth=1,
                source="exemplars.recognized.province",
            ),
            _spec(
                "mh_nhan_rong",
                "Mô hình được nhân rộng trong kỳ",
                C,
                "mô hình",
                source="exemplars.replicated",
            ),
        ],
    ),
    (
        "IV",
        "Công tác dân vận của chính quyền và các hoạt động khác",
        "Đối thoại với nhân dân, thực hiện dân chủ ở cơ sở, vận động nguồn lực.",
        True,
        [
            _spec("doi_thoai", "Số buổi đối thoại với nhân dân", C, "buổi"),
            _spec(
                "co_doi_thoai",
                "Có tổ chức đối thoại định kỳ trong kỳ",
                Y,
                "có/không",
                consolidation=Consolidation.COUNT_YES,
            ),
            _spec("cq_tong", "Số cơ quan, đơn vị", C, "cơ quan"),
            _spec(
                "cq_phan_cong",
                "Số cơ quan đã phân công lãnh đạo phụ trách công tác dân vận",
                C,
                "cơ quan",
            ),
            _spec(
                "ty_le_phan_cong",
                "Tỷ lệ cơ quan đã phân công lãnh đạo phụ trách",
                P,
                "%",
                required=False,
                consolidation=Consolidation.RATIO,
                numerator="cq_phan_cong",
                denominator="cq_tong",
            ),
            _spec("kinh_phi", "Kinh phí vận động được", M, "đồng", required=False),
            _spec("dat_hien", "Diện tích đất nhân dân hiến", A, "m²", required=False),
        ],
    ),
    ("V", "Phương hướng, nhiệm vụ kỳ tới", "Những việc trọng tâm kỳ tới.", True, []),
    ("VI", "Đề xuất, kiến nghị", "", True, []),
]

CHECKS = [
    (CheckKind.SUM_EQUALS, "mh_tong", ["mh_tap_the", "mh_ca_nhan"]),
    (CheckKind.AT_MOST, "don_dung_han", ["don_giai_quyet"]),
    (CheckKind.AT_MOST, "cq_phan_cong", ["cq_tong"]),
    (CheckKind.AT_MOST, "mh_cong_nhan_tinh", ["mh_cong_nhan"]),
]


@transaction.atomic
def create_standard_template(
    *,
    owner: Organization,
    code: str,
    name: str = "Báo cáo công tác dân vận hằng tháng",
    applies_from: dt.date,
    publish_by: object = None,
) -> ReportTemplate:
    from .templates import publish

    template = create_template(
        owner=owner,
        code=code,
        name=name,
        topic=Topic.MASS_MOBILIZATION,
        description="Mẫu báo cáo định kỳ công tác dân vận (mẫu chuẩn của hệ thống).",
        applies_from=applies_from,
        schedules={PeriodKind.MONTH: 3, PeriodKind.QUARTER: 5, PeriodKind.YEAR: 5},
    )
    version = template.versions.get()
    for heading, title, guidance, narrative, specs in SECTIONS:
        section = add_section(
            version=version, heading=heading, title=title, guidance=guidance, narrative=narrative
        )
        for spec in specs:
            add_indicator(section=section, spec=spec)
    for kind, subject, parts in CHECKS:
        add_check(version=version, kind=kind, subject=subject, parts=parts)
    publish(version=version, actor=publish_by)  # type: ignore[arg-type]
    return template


# The report on the people's situation (báo cáo tình hình nhân dân) that communes and the
# Front's organizations send up before the Party committees' quarterly briefings "to hear
# what the people raise": two narrative sections around the table of issues.
SITUATION_NAME = "Báo cáo tình hình nhân dân"
SITUATION_SECTIONS: list[tuple[str, str, str, bool, bool]] = [
    (
        "I",
        "Tình hình tư tưởng, tâm trạng của nhân dân",
        "Tư tưởng, tâm trạng chung của các tầng lớp nhân dân trong kỳ; những chuyển biến so "
        "với kỳ trước.",
        True,
        False,
    ),
    (
        "II",
        "Những vấn đề nhân dân quan tâm, phản ánh, kiến nghị",
        "Mỗi vấn đề một dòng: nội dung, địa bàn, số người liên quan, mức độ, diễn biến so với "
        "kỳ trước, hướng xử lý đề xuất.",
        False,
        True,
    ),
    ("III", "Đề xuất, kiến nghị", "Đề xuất, kiến nghị với cấp trên.", True, False),
]


@transaction.atomic
def create_situation_template(
    *,
    owner: Organization,
    code: str,
    name: str = SITUATION_NAME,
    applies_from: dt.date,
    publish_by: object = None,
) -> ReportTemplate:
    """The standard report on the people's situation: quarterly (due 5 days after the
    cut-off) and monthly (3 days), published."""
    from .templates import publish

    template = create_template(
        owner=owner,
        code=code,
        name=name,
        topic=Topic.PEOPLES_SITUATION,
        description=(
            "Báo cáo tình hình tư tưởng, tâm trạng, tâm tư, nguyện vọng, kiến nghị, đề xuất "
            "của các tầng lớp nhân dân (mẫu chuẩn của hệ thống)."
        ),
        applies_from=applies_from,
        schedules={PeriodKind.QUARTER: 5, PeriodKind.MONTH: 3},
    )
    version = template.versions.get()
    for heading, title, guidance, narrative, issue_table in SITUATION_SECTIONS:
        add_section(
            version=version,
            heading=heading,
            title=title,
            guidance=guidance,
            narrative=narrative,
            issue_table=issue_table,
        )
    publish(version=version, actor=publish_by)  # type: ignore[arg-type]
    return template
