"""Filling the table of issues on the report's page: add, correct, remove; bad input is
refused with the form again (400) and nothing saved; the same form sent twice adds one row;
a sent report refuses every change; each change is a step in the report's history and takes
the leader's approval back."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.reports.models import EventKind, ReportState, Severity, SituationIssue, Trend
from danvan.reports.services import situation, workflow
from tests.factories import sign_in, unit
from tests.reports.situation_support import add, send

pytestmark = pytest.mark.django_db


def _form(**kw):
    return {
        "topic": "Bồi thường giải phóng mặt bằng dự án đường vành đai",
        "place": "",
        "people_affected": "1.200",
        "severity": Severity.HIGH,
        "trend": Trend.RISING,
        "handling": "Đề nghị UBND phường đối thoại với các hộ dân",
        "details": "Các hộ dân cho rằng đơn giá bồi thường thấp",
        **kw,
    }


def test_an_officer_adds_corrects_and_removes_a_row_through_the_page(sit, client):
    report = sit.report(sit.network.commune_a1)
    sign_in(client, sit.commune_officer)
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    assert b'data-testid="issue-table"' in page.content
    add_url = reverse("reports:issue_add", args=[report.pk])
    assert client.get(add_url).status_code == 200
    place = report.reporter.unit
    done = client.post(add_url, _form(place=str(place.pk), token=str(uuid.uuid4())))
    assert done.status_code == 302
    row = SituationIssue.objects.get(report=report)
    assert (row.people_affected, row.severity, row.trend, row.place_id) == (
        1200,
        Severity.HIGH,
        Trend.RISING,
        place.pk,
    )
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert f'data-testid="issue-{row.pk}"'.encode() in page.content
    assert "Bồi thường giải phóng mặt bằng".encode() in page.content

    edit_url = reverse("reports:issue_edit", args=[report.pk, row.pk])
    assert client.get(edit_url).status_code == 200
    assert client.post(edit_url, _form(people_affected="80", trend=Trend.STABLE)).status_code == 302
    row.refresh_from_db()
    assert (row.people_affected, row.trend, row.place_id) == (80, Trend.STABLE, None)

    assert client.post(edit_url, {"action": "remove"}).status_code == 302
    assert not SituationIssue.objects.filter(report=report).exists()
    notes = list(report.events.filter(kind=EventKind.EDITED).values_list("note", flat=True))
    assert len(notes) == 3 and all("Bồi thường" in n for n in notes)


@pytest.mark.parametrize(
    "bad",
    [
        {"topic": "   "},
        {"people_affected": "nhiều"},
        {"people_affected": "-3"},
        {"people_affected": "12,5"},
        {"severity": "catastrophic"},
        {"trend": "sideways"},
        {"place": "999999999"},
        {"topic": "x" * 300},
    ],
)
def test_bad_input_is_refused_with_the_form_and_nothing_is_saved(sit, client, bad):
    report = sit.report(sit.network.commune_a1)
    sign_in(client, sit.commune_officer)
    page = client.post(reverse("reports:issue_add", args=[report.pk]), _form(**bad))
    assert page.status_code == 400
    assert page.context["form"].errors
    assert not SituationIssue.objects.filter(report=report).exists()
    assert not report.events.filter(kind=EventKind.EDITED).exists()


def test_a_place_outside_the_bodys_area_is_refused(sit, client):
    report = sit.report(sit.network.commune_a1)
    elsewhere = sit.network.commune_b1.unit  # a commune of another province
    sign_in(client, sit.commune_officer)
    page = client.post(
        reverse("reports:issue_add", args=[report.pk]), _form(place=str(elsewhere.pk))
    )
    assert page.status_code == 400
    with pytest.raises(ValidationError):
        add(report, sit.commune_officer, "Ngập úng", place=elsewhere)
    assert not SituationIssue.objects.filter(report=report).exists()


def test_the_same_add_form_sent_twice_adds_one_row(sit, client):
    report = sit.report(sit.network.commune_a1)
    sign_in(client, sit.commune_officer)
    url = reverse("reports:issue_add", args=[report.pk])
    token = str(uuid.uuid4())
    assert client.post(url, _form(token=token)).status_code == 302
    assert client.post(url, _form(token=token)).status_code == 302
    assert SituationIssue.objects.filter(report=report).count() == 1
    assert client.post(url, _form(token=str(uuid.uuid4()))).status_code == 302
    assert SituationIssue.objects.filter(report=report).count() == 2


def test_removing_twice_removes_once(sit, client):
    report = sit.report(sit.network.commune_a1)
    row = add(report, sit.commune_officer, "Ô nhiễm môi trường")
    sign_in(client, sit.commune_officer)
    url = reverse("reports:issue_edit", args=[report.pk, row.pk])
    assert client.post(url, {"action": "remove"}).status_code == 302
    assert client.post(url, {"action": "remove"}).status_code == 404
    assert report.events.filter(kind=EventKind.EDITED).count() == 2  # the add and one removal


def test_a_sent_report_refuses_every_change_to_its_rows(sit, client):
    report = sit.report(sit.network.commune_a1)
    row = add(report, sit.commune_officer, "Giá điện tăng", people_affected=500)
    send(report, sit.commune_officer, sit.commune_leader)
    assert report.state == ReportState.SUBMITTED
    with pytest.raises(ValidationError):
        add(report, sit.commune_officer, "Thêm")
    with pytest.raises(ValidationError):
        situation.update_issue(
            issue=row, actor=sit.commune_officer, fields=situation.IssueFields(topic="Sửa")
        )
    with pytest.raises(ValidationError):
        situation.remove_issue(issue=row, actor=sit.commune_officer)
    sign_in(client, sit.commune_officer)
    assert client.post(reverse("reports:issue_add", args=[report.pk]), _form()).status_code == 302
    edit_url = reverse("reports:issue_edit", args=[report.pk, row.pk])
    assert client.post(edit_url, _form(topic="Sửa qua trang")).status_code == 302
    assert client.post(edit_url, {"action": "remove"}).status_code == 302
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert not page.context["editable"]
    assert reverse("reports:issue_add", args=[report.pk]).encode() not in page.content
    assert list(SituationIssue.objects.filter(report=report).values_list("topic", flat=True)) == [
        "Giá điện tăng"
    ]
    # The version sent holds the table as it was.
    content = report.versions.get().content
    assert [i["topic"] for i in content["issues"]] == ["Giá điện tăng"]


def test_changing_a_row_takes_the_leaders_approval_back(sit):
    report = sit.report(sit.network.commune_a1)
    row = add(report, sit.commune_officer, "Trật tự đô thị")
    workflow.approve(report=report, actor=sit.commune_leader)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    situation.update_issue(
        issue=row,
        actor=sit.commune_officer,
        fields=situation.IssueFields(topic="Trật tự đô thị, lấn chiếm vỉa hè"),
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.approved_by is None


def test_a_report_without_an_issue_table_has_no_rows(sit, network):
    from danvan.reports.models import Report, RuleKind
    from danvan.reports.services import obligations, periods
    from danvan.reports.services.instances import open_reports
    from danvan.reports.services.standard import create_standard_template
    from tests.reports.situation_support import START

    monthly = create_standard_template(owner=network.central, code="bc-thang", applies_from=START)
    obligations.create_rule(
        template=monthly, receiver=network.province_a, kind=RuleKind.CHILDREN, on=START
    )
    period = periods.ensure_period(kind="month", year=2026, number=11)
    open_reports(period=period)
    report = Report.objects.get(template=monthly, reporter=network.commune_a1, period=period)
    with pytest.raises(ValidationError):
        add(report, sit.commune_officer, "Không có bảng")
    assert not SituationIssue.objects.exists()
    assert unit("01").pk  # the units are loaded: the refusal is about the template
