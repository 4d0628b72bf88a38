"""Demo reports on the people's situation (DEMO DATA): the standard quarterly "Báo cáo tình
hình nhân dân" defined by the central commission; each demo province's commission receives
it from its communes' Fatherland Front committees and sends its own, consolidated, to the
central level. Last quarter is reported — the communes' reports sent and accepted, each with
a few issues people raised, the provinces' filled from them (the issues brought up with their
origin) and accepted; this quarter's are open, and the demo ward's Front committee has a
draft with two issues. Every text says "(demo)". Seeding again creates nothing.

The lead calls `seed_situation_reports(provinces=..., officer_commune=...)` from
demo/services.seed_demo, after seed_demo_reports (the periods' cut-off rules exist then)."""

from __future__ import annotations

import datetime as dt
import random

from danvan.lib.dates import day_start, today
from danvan.org.models import AdminUnit, Organization
from danvan.org.models.organizations import OrganizationKind, OrganizationLevel
from danvan.reports.models import (
    EventKind,
    PeriodKind,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    ReportVersion,
    RuleKind,
    SectionText,
    Severity,
    SituationIssue,
    Trend,
)
from danvan.reports.services import filling, obligations, periods
from danvan.reports.services.instances import open_reports
from danvan.reports.services.standard import create_situation_template
from danvan.reports.services.workflow import snapshot

TEMPLATE_CODE = "bc-tinh-hinh-nhan-dan-quy"

# (issue, handling proposed): what people commonly raise in such reports.
ISSUES = [
    (
        "Bồi thường, hỗ trợ, tái định cư khi thu hồi đất thực hiện dự án (demo)",
        "Đề nghị chính quyền tổ chức đối thoại, công khai phương án bồi thường. (demo)",
    ),
    (
        "Giá điện, giá một số mặt hàng thiết yếu tăng (demo)",
        "Đề nghị tăng cường kiểm tra, bình ổn giá; thông tin kịp thời cho nhân dân. (demo)",
    ),
    (
        "Ô nhiễm môi trường, mùi hôi từ cơ sở chăn nuôi, sản xuất (demo)",
        "Đề nghị kiểm tra, xử lý cơ sở vi phạm; công khai kết quả. (demo)",
    ),
    (
        "Việc làm, thu nhập của lao động tự do, lao động mất việc (demo)",
        "Đề nghị giới thiệu việc làm, hỗ trợ vay vốn, đào tạo nghề. (demo)",
    ),
    (
        "Lừa đảo chiếm đoạt tài sản qua mạng (demo)",
        "Đề nghị công an tuyên truyền cách nhận biết, phòng ngừa. (demo)",
    ),
    (
        "Ngập úng cục bộ khi mưa lớn (demo)",
        "Đề nghị nạo vét, cải tạo hệ thống thoát nước. (demo)",
    ),
    (
        "Thủ tục cấp giấy chứng nhận quyền sử dụng đất còn chậm (demo)",
        "Đề nghị rà soát, rút ngắn thời gian giải quyết hồ sơ. (demo)",
    ),
    (
        "Bố trí trụ sở, nơi giải quyết thủ tục sau sắp xếp đơn vị hành chính (demo)",
        "Đề nghị bố trí điểm tiếp nhận hồ sơ gần dân. (demo)",
    ),
]
# Medium most often.
SEVERITIES = [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH, Severity.SERIOUS]
TEXTS = {
    "I": [
        "Nhân dân phấn khởi, tin tưởng vào sự lãnh đạo của Đảng; quan tâm đến việc sắp xếp "
        "bộ máy và các chính sách an sinh xã hội. (demo)",
        "Tình hình tư tưởng nhân dân cơ bản ổn định; một bộ phận còn băn khoăn về giá cả, "
        "việc làm. (demo)",
    ],
    "III": [
        "Đề nghị cấp trên quan tâm giải quyết dứt điểm các kiến nghị kéo dài. (demo)",
        "Không. (demo)",
    ],
}


def _quarter(day: dt.date, back: int) -> ReportingPeriod:
    (year, number), *_ = periods.numbers_containing(PeriodKind.QUARTER, day)
    index = year * 4 + number - 1 - back
    return periods.ensure_period(kind=PeriodKind.QUARTER, year=index // 4, number=index % 4 + 1)


def _write(report: Report, rng: random.Random, count: int) -> None:
    """The narrative sections and `count` issues of a commune's report."""
    SectionText.objects.bulk_create(
        [
            SectionText(report=report, section=s, body=rng.choice(TEXTS.get(s.heading, ["(demo)"])))
            for s in report.version.sections.filter(narrative=True)
        ]
    )
    SituationIssue.objects.bulk_create(
        [
            SituationIssue(
                report=report,
                position=n,
                topic=topic,
                handling=handling,
                place_id=report.reporter.unit_id,
                people_affected=rng.choice([None, rng.randint(5, 400)]),
                severity=rng.choice(SEVERITIES),
                trend=rng.choice(list(Trend)),
                details="Nội dung minh họa, không phải số liệu thật. (demo)",
            )
            for n, (topic, handling) in enumerate(rng.sample(ISSUES, count), start=1)
        ]
    )


def _send(report: Report, at: dt.datetime) -> None:
    """The steps the workflow services would have written: approved, sent, accepted."""
    ReportVersion.objects.create(report=report, number=1, submitted_at=at, content=snapshot(report))
    ReportEvent.objects.bulk_create(
        [
            ReportEvent(report=report, kind=EventKind.APPROVED, at=at - dt.timedelta(hours=2)),
            ReportEvent(report=report, kind=EventKind.SUBMITTED, at=at, note="Phiên bản 1"),
            ReportEvent(report=report, kind=EventKind.ACCEPTED, at=at + dt.timedelta(days=1)),
        ]
    )
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.ACCEPTED, first_submitted_at=at, submitted_at=at
    )


def seed_situation_reports(*, provinces: list[AdminUnit], officer_commune: str) -> int:
    """Returns how many reports were opened (0 when seeded before)."""
    if ReportTemplate.objects.filter(code=TEMPLATE_CODE).exists():
        return 0
    rng = random.Random(20)  # noqa: S311 - demo data, not security
    central = Organization.objects.get(code="TW-BTGDV")
    now = today()
    last, current = _quarter(now, 1), _quarter(now, 0)
    template = create_situation_template(
        owner=central, code=TEMPLATE_CODE, applies_from=last.starts_on
    )
    obligations.create_rule(
        template=template,
        receiver=central,
        kind=RuleKind.BELOW,
        organization_kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
        level=OrganizationLevel.PROVINCE,
        on=last.starts_on,
    )
    for province in provinces:
        obligations.create_rule(
            template=template,
            receiver=Organization.objects.get(code=f"{province.code}-BTGDV"),
            kind=RuleKind.BELOW,
            organization_kind=OrganizationKind.FATHERLAND_FRONT,
            level=OrganizationLevel.COMMUNE,
            on=last.starts_on,
        )
    made = open_reports(period=last, template_ids=[template.pk])
    made += open_reports(period=current, template_ids=[template.pk])
    ours = Report.objects.filter(template=template).select_related("version", "reporter")
    for report in ours.filter(period=last, reporter__level=OrganizationLevel.COMMUNE):
        _write(report, rng, rng.randint(1, 3))
        due = report.due_on - dt.timedelta(days=rng.randint(0, 3))
        _send(report, day_start(due) + dt.timedelta(hours=rng.randint(8, 16)))
    for report in ours.filter(period=last, reporter__level=OrganizationLevel.PROVINCE):
        # The province's own report: the communes' issues brought up with their origin.
        filling.fill_from_children(report=report, actor=None)  # type: ignore[arg-type]
        _send(report, day_start(report.due_on) + dt.timedelta(hours=15))
    demo = ours.filter(period=current, reporter__code=f"{officer_commune}-MTTQ").first()
    if demo is not None:
        _write(demo, rng, 2)  # a draft for the demo users to finish and send
    return made
