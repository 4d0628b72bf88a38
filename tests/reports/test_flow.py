"""The whole round: a commune fills, its leader approves, it sends; the province returns
it with a comment; the commune corrects and sends again; the province accepts and
consolidates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.lib.dates import today
from danvan.reports.board import Status, board
from danvan.reports.consolidation import table
from danvan.reports.models import Report, ReportState
from danvan.reports.services import filling, workflow

pytestmark = pytest.mark.django_db

TYPED = {
    "don_kien_nghi": "0",
    "doi_thoai": "2",
    "co_doi_thoai": "1",
    "cq_tong": "12",
    "cq_phan_cong": "9",
    "ty_le_phan_cong": "75",
}


def _report(reporting, org):
    return Report.objects.get(reporter=org, period=reporting.period)


def test_a_report_goes_round_and_is_consolidated(reporting):
    net = reporting.network
    report = _report(reporting, net.commune_a1)
    assert report.state == ReportState.DRAFT
    assert report.due_on.isoformat() == "2026-11-17"  # cut off 14/11, due 3 days after
    filling.fill_platform_figures(report=report, actor=reporting.commune_officer)
    filling.save_report(
        report=report,
        actor=reporting.commune_officer,
        figures_typed=TYPED,
        texts={report.version.sections.get(heading="I").pk: "Tình hình **ổn định**."},
    )
    with pytest.raises(PermissionDenied):
        workflow.approve(report=report, actor=reporting.commune_officer)
    workflow.approve(report=report, actor=reporting.commune_leader)
    with pytest.raises(PermissionDenied):
        workflow.submit(report=report, actor=reporting.other_commune_officer)
    workflow.submit(report=report, actor=reporting.commune_officer, number="12-BC/BDV")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    with pytest.raises(ValidationError):
        filling.save_report(
            report=report, actor=reporting.commune_officer, figures_typed={"doi_thoai": "3"}
        )
    workflow.return_report(
        report=report,
        actor=reporting.province_officer,
        comments=[workflow.Comment("Số buổi đối thoại chưa đúng")],
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    filling.save_report(
        report=report, actor=reporting.commune_officer, figures_typed={"doi_thoai": "3"}
    )
    workflow.approve(report=report, actor=reporting.commune_leader)
    workflow.submit(report=report, actor=reporting.commune_officer)
    versions = list(report.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert workflow.changes(versions[0].content, versions[1].content)["figures"] == ["doi_thoai"]
    workflow.accept(report=report, actor=reporting.province_officer)

    result = table(net.province_a, reporting.template, reporting.period)
    assert result.counted == 1 and len(result.children) == 2
    rows = {r.indicator.code: r for r in result.rows}
    assert rows["doi_thoai"].total == Decimal(3)
    assert rows["ty_le_phan_cong"].total == Decimal("75.00")

    def status(day):
        lines = board(net.province_a, reporting.template, reporting.period, day).lines
        return {line.organization.pk: line.status for line in lines}

    # Sent on 04/12 for a period due on 17/11: late, then accepted; the other commune
    # never sent it. On the due day itself, neither had sent it and neither was late yet.
    assert status(today()) == {
        net.commune_a1.pk: Status.ACCEPTED,
        net.commune_a2.pk: Status.MISSING,
    }
    assert status(report.due_on) == {
        net.commune_a1.pk: Status.WAITING,
        net.commune_a2.pk: Status.WAITING,
    }
