"""Demo periodic reports (DEMO DATA): the standard monthly template defined by the central
commission; each demo province's commission receives it from its communes' People's
Committees and sends its own to the central level. The last three months are reported —
most on time, some late, a few returned or missing — and the month just ended is left for
the demo users to finish: Phường Ba Đình's report is filled but not sent, and Hà Nội's own
report waits to be consolidated. Figures the platform knows are counted by the services;
typed figures and texts are invented and say so. Past steps are written in bulk as the
workflow services would have left them (as demo/history.py does for matters)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from danvan.lib.dates import day_start, today
from danvan.org.models import AdminUnit, Organization
from danvan.org.models.organizations import OrganizationKind, OrganizationLevel
from danvan.reports.models import (
    EventKind,
    FigureValue,
    PeriodKind,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    ReportVersion,
    RuleKind,
    SectionText,
)
from danvan.reports.services import filling, obligations, periods
from danvan.reports.services.inspectorate import create_inspectorate_templates
from danvan.reports.services.instances import open_reports
from danvan.reports.services.standard import create_standard_template
from danvan.reports.services.workflow import snapshot

TEMPLATE_CODE = "bc-cong-tac-dan-van-thang"
PAST_MONTHS = 3

TEXTS = {
    "I": [
        (
            "Tình hình nhân dân trên địa bàn ổn định; nhân dân phấn khởi, tin "
            "tưởng vào sự lãnh đạo của Đảng. (demo)"
        ),
        "Một bộ phận nhân dân quan tâm đến giá cả, việc làm và an toàn giao thông. (demo)",
    ],
    "II": [
        (
            "Tiếp nhận, phân loại và xử lý đơn thư đúng quy định; không có vụ việc "
            "phức tạp, đông người. (demo)"
        ),
        "Còn một số đơn quá hạn do phải xác minh tại nhiều nơi; đã đôn đốc giải quyết. (demo)",
    ],
    "III": [
        (
            "Tiếp tục xây dựng, nhân rộng các mô hình “Dân vận khéo” gắn với chỉnh "
            "trang đô thị và chuyển đổi số. (demo)"
        ),
    ],
    "IV": [
        "Tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân "
        "theo kế hoạch. (demo)"
    ],
    "V": [
        "- Tiếp tục nắm tình hình nhân dân\n- Đôn đốc giải quyết dứt điểm đơn thư quá hạn (demo)"
    ],
    "VI": ["Không. (demo)"],
}


def _typed(rng: random.Random) -> dict[str, Decimal]:
    total = rng.randint(8, 25)
    assigned = rng.randint(total // 2, total)
    return {
        "don_kien_nghi": Decimal(rng.randint(0, 6)),
        "doi_thoai": Decimal(rng.randint(0, 3)),
        "co_doi_thoai": Decimal(rng.random() < 0.7),
        "cq_tong": Decimal(total),
        "cq_phan_cong": Decimal(assigned),
        "ty_le_phan_cong": (Decimal(assigned) * 100 / total).quantize(Decimal("0.01")),
        "kinh_phi": Decimal(rng.randint(0, 40) * 5_000_000),
        "dat_hien": Decimal(rng.randint(0, 30) * 10),
    }


def _write(report: Report, rng: random.Random, *, from_children: bool = False) -> None:
    """Fill a report through the services: the platform's figures, then typed ones and
    texts (a province's from its communes' reports)."""
    filling.fill_platform_figures(report=report, actor=None)
    if from_children:
        filling.fill_from_children(report=report, actor=None)  # type: ignore[arg-type]
        return
    codes = {i.code: i for i in report.version.indicators.all()}
    typed = _typed(rng)
    FigureValue.objects.bulk_create(
        [FigureValue(report=report, indicator=codes[c], value=v) for c, v in typed.items()],
        update_conflicts=True,
        unique_fields=["report", "indicator"],
        update_fields=["value"],
    )
    SectionText.objects.bulk_create(
        [
            SectionText(report=report, section=s, body=rng.choice(TEXTS.get(s.heading, ["(demo)"])))
            for s in report.version.sections.filter(narrative=True)
        ]
    )


def _send(report: Report, at: dt.datetime, *, accepted: bool, returned: bool) -> None:
    """The steps the workflow services would have written: approved, sent (a version),
    then accepted or returned with a comment."""
    version = ReportVersion.objects.create(
        report=report, number=1, submitted_at=at, content=snapshot(report)
    )
    events = [
        ReportEvent(report=report, kind=EventKind.APPROVED, at=at - dt.timedelta(hours=2)),
        ReportEvent(report=report, kind=EventKind.SUBMITTED, at=at, note="Phiên bản 1"),
    ]
    state = ReportState.SUBMITTED
    if accepted:
        events.append(
            ReportEvent(report=report, kind=EventKind.ACCEPTED, at=at + dt.timedelta(days=1))
        )
        state = ReportState.ACCEPTED
    elif returned:
        text = "Đề nghị bổ sung số liệu đối thoại và làm rõ đơn quá hạn. (demo)"
        events.append(
            ReportEvent(
                report=report, kind=EventKind.RETURNED, at=at + dt.timedelta(days=1), note=text
            )
        )
        report.comments.create(version=version, text=text)
        state = ReportState.RETURNED
    ReportEvent.objects.bulk_create(events)
    Report.objects.filter(pk=report.pk).update(state=state, first_submitted_at=at, submitted_at=at)


def _sent_at(report: Report, rng: random.Random, late: bool) -> dt.datetime:
    day = report.due_on + dt.timedelta(days=rng.randint(1, 6) if late else -rng.randint(0, 2))
    return day_start(day) + dt.timedelta(hours=rng.randint(8, 16), minutes=rng.randint(0, 59))


def seed_demo_reports(*, provinces: list[AdminUnit], officer_commune: str) -> int:
    rng = random.Random(17)  # noqa: S311 - demo data, not security
    if ReportTemplate.objects.filter(code=TEMPLATE_CODE).exists():
        return 0  # seeded before: the worker opens the periods that start later
    central = Organization.objects.get(code="TW-BTGDV")
    first = dt.date(today().year, 1, 1)
    template = create_standard_template(owner=central, code=TEMPLATE_CODE, applies_from=first)
    obligations.create_rule(
        template=template,
        receiver=central,
        kind=RuleKind.BELOW,
        organization_kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
        level=OrganizationLevel.PROVINCE,
        on=first,
    )
    for province in provinces:
        obligations.create_rule(
            template=template,
            receiver=Organization.objects.get(code=f"{province.code}-BTGDV"),
            kind=RuleKind.BELOW,
            organization_kind=OrganizationKind.PEOPLES_COMMITTEE,
            level=OrganizationLevel.COMMUNE,
            on=first,
        )
    now = today()
    (year, number), *_ = periods.numbers_containing(PeriodKind.MONTH, now)
    current = periods.ensure_period(kind=PeriodKind.MONTH, year=year, number=number)
    past: list[ReportingPeriod] = []
    for back in range(PAST_MONTHS, 0, -1):
        index = year * 12 + number - 1 - back
        past.append(
            periods.ensure_period(kind=PeriodKind.MONTH, year=index // 12, number=index % 12 + 1)
        )
    made = 0
    for period in [*past, current]:
        made += open_reports(period=period)
    demo_commune = f"{officer_commune}-UBND"
    for period in past:
        latest = period == past[-1]
        communes = Report.objects.filter(period=period, reporter__level=OrganizationLevel.COMMUNE)
        for report in communes.select_related("period", "version", "reporter").order_by("pk"):
            if latest and report.reporter.code == demo_commune:
                _write(report, rng)  # left for the demo users to approve and send
                continue
            roll = rng.random()
            if roll < 0.07 and not (latest is False and roll < 0.03):
                continue  # missing: never written
            _write(report, rng)
            late = roll > 0.88
            _send(
                report,
                _sent_at(report, rng, late),
                accepted=not latest,
                returned=latest and 0.07 <= roll < 0.12,
            )
        for report in Report.objects.filter(
            period=period, reporter__level=OrganizationLevel.PROVINCE
        ).select_related("period", "version", "reporter", "template"):
            if latest:
                continue  # left for the provincial leader to consolidate and send
            _write(report, rng, from_children=True)
            _send(report, _sent_at(report, rng, False), accepted=True, returned=False)
    return made + _inspectorate_forms(central, provinces, first)


def _inspectorate_forms(central: Organization, provinces: list[AdminUnit], first: dt.date) -> int:
    """The Inspectorate's quarterly forms: each province's People's Committee receives them
    from its communes' People's Committees; this quarter's are opened as drafts."""
    for template in create_inspectorate_templates(owner=central, applies_from=first):
        for province in provinces:
            obligations.create_rule(
                template=template,
                receiver=Organization.objects.get(code=f"{province.code}-UBND"),
                kind=RuleKind.BELOW,
                organization_kind=OrganizationKind.PEOPLES_COMMITTEE,
                level=OrganizationLevel.COMMUNE,
                on=first,
            )
    (year, number), *_ = periods.numbers_containing(PeriodKind.QUARTER, today())
    quarter = periods.ensure_period(kind=PeriodKind.QUARTER, year=year, number=number)
    return open_reports(period=quarter)
