"""Consolidated upward like every report: the province's "fill from the reports received"
brings the communes' issues into its own report, each pointing to its origin; filling again
brings only what is new; the province corrects and merges them; the centre brings up the
province's rows in turn; the consolidated table lists the issues raised below."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.reports.consolidation import table
from danvan.reports.models import Severity, SituationIssue, Trend
from danvan.reports.selectors_situation import consolidated_issues
from danvan.reports.services import filling, situation
from tests.factories import sign_in
from tests.reports.situation_support import add, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(sit):
    net = sit.network
    a1 = sit.report(net.commune_a1)
    a2 = sit.report(net.commune_a2)
    add(
        a1,
        sit.commune_officer,
        "Bồi thường giải phóng mặt bằng",
        place=net.commune_a1.unit,
        people_affected=120,
        severity=Severity.HIGH,
        trend=Trend.RISING,
        handling="Đối thoại với các hộ",
    )
    add(a1, sit.commune_officer, "Ô nhiễm tiếng ồn quán karaoke", people_affected=30)
    add(
        a2,
        sit.other_commune_officer,
        "Bồi thường giải phóng mặt bằng",
        place=net.commune_a2.unit,
        people_affected=80,
        severity=Severity.SERIOUS,
        trend=Trend.NEW,
        handling="Rà soát đơn giá",
    )
    send(a1, sit.commune_officer, sit.commune_leader)
    send(a2, sit.other_commune_officer, sit.other_commune_leader)
    return a1, a2


def test_the_province_brings_the_communes_issues_up_with_their_origin(sit, sent, client):
    a1, a2 = sent
    province = sit.report(sit.network.province_a)
    filling.fill_from_children(report=province, actor=sit.province_officer)
    rows = list(province.situation_issues.order_by("position"))
    assert len(rows) == 3
    origins = {r.origin_id for r in rows}
    assert origins == set(
        SituationIssue.objects.filter(report__in=[a1, a2]).values_list("pk", flat=True)
    )
    copy = next(r for r in rows if r.origin.report_id == a2.pk)
    assert (copy.topic, copy.people_affected, copy.severity, copy.place_id) == (
        "Bồi thường giải phóng mặt bằng",
        80,
        Severity.SERIOUS,
        sit.network.commune_a2.unit_id,
    )
    # Filling again brings nothing twice.
    filling.fill_from_children(report=province, actor=sit.province_officer)
    assert province.situation_issues.count() == 3
    # The province's page names the body each row came from.
    sign_in(client, sit.province_officer)
    page = client.get(reverse("reports:detail", args=[province.pk]))
    assert page.status_code == 200
    assert sit.network.commune_a2.name.encode() in page.content


def test_a_draft_or_returned_report_below_is_not_brought_up(sit):
    a1 = sit.report(sit.network.commune_a1)
    add(a1, sit.commune_officer, "Chưa gửi")
    province = sit.report(sit.network.province_a)
    filling.fill_from_children(report=province, actor=sit.province_officer)
    assert not province.situation_issues.exists()


def test_the_province_merges_the_same_issue_from_two_communes(sit, sent, client):
    a1, _a2 = sent
    province = sit.report(sit.network.province_a)
    filling.fill_from_children(report=province, actor=sit.province_officer)
    same = list(
        province.situation_issues.filter(topic="Bồi thường giải phóng mặt bằng").order_by(
            "position"
        )
    )
    sign_in(client, sit.province_officer)
    url = reverse("reports:issue_merge", args=[province.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"issues": [str(same[0].pk)]}).status_code == 400  # one is not a merge
    assert client.post(url, {"issues": ["x", str(same[0].pk)]}).status_code == 400
    assert client.post(url, {"issues": [str(r.pk) for r in same]}).status_code == 302
    kept = SituationIssue.objects.get(pk=same[0].pk)
    assert kept.people_affected == 200
    assert kept.severity == Severity.SERIOUS
    assert kept.trend == Trend.RISING
    assert kept.place_id is None  # two communes
    assert kept.handling == "Đối thoại với các hộ\nRà soát đơn giá"
    assert list(kept.merged.values_list("pk", flat=True)) == [same[1].pk]
    # Both origins are still known, and filling again does not bring the merged row back.
    filling.fill_from_children(report=province, actor=sit.province_officer)
    assert province.situation_issues.filter(merged_into__isnull=True).count() == 2
    page = client.get(reverse("reports:detail", args=[province.pk]))
    assert sit.network.commune_a1.name.encode() in page.content
    assert sit.network.commune_a2.name.encode() in page.content
    # The merged row is corrected like any other.
    situation.update_issue(
        issue=kept,
        actor=sit.province_officer,
        fields=situation.IssueFields(
            topic="Bồi thường GPMB dự án vành đai 4", people_affected=210, severity=Severity.HIGH
        ),
    )
    kept.refresh_from_db()
    assert kept.topic == "Bồi thường GPMB dự án vành đai 4"
    assert a1.situation_issues.get(topic="Bồi thường giải phóng mặt bằng").people_affected == 120


def test_the_centre_sees_the_provinces_rows_with_their_origins_below(sit, sent):
    province = sit.report(sit.network.province_a)
    filling.fill_from_children(report=province, actor=sit.province_officer)
    send(province, sit.province_officer, sit.province_leader)
    result = table(sit.network.central, sit.template, sit.period)
    rows = consolidated_issues(result)
    assert len(rows) == 3
    assert {r.report_id for r in rows} == {province.pk}
    origins = SituationIssue.objects.filter(pk__in=[r.origin_id for r in rows])
    assert set(origins.values_list("report_id", flat=True)) == {sent[0].pk, sent[1].pk}


def test_the_consolidated_table_lists_the_issues_raised_below(sit, sent, client):
    sign_in(client, sit.province_officer)
    url = reverse(
        "reports:consolidated",
        args=[sit.network.province_a.pk, sit.template.pk, sit.period.pk],
    )
    page = client.get(url)
    assert page.status_code == 200
    issues = page.context["issues"]
    assert [i.topic for i in issues].count("Bồi thường giải phóng mặt bằng") == 2
    assert b'data-testid="consolidated-issues"' in page.content
