"""The report's page with many issues reads them in a fixed number of queries; the harvest
selectors for the analysis give the issues and texts of sent reports only, from a cursor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.reports.models import SectionText, Severity, SituationIssue
from danvan.reports.selectors_situation import (
    issues_of,
    section_texts_after,
    situation_issues_after,
    submissions_after,
    texts_of,
)
from danvan.reports.services import filling
from tests.factories import sign_in
from tests.reports.situation_support import add, send

pytestmark = pytest.mark.django_db


def _many(report, n, origin=None):
    SituationIssue.objects.bulk_create(
        [
            SituationIssue(
                report=report,
                position=i,
                topic=f"Vấn đề {i}",
                place=report.reporter.unit,
                people_affected=i,
                severity=Severity.LOW,
                origin=origin,
            )
            for i in range(1, n + 1)
        ]
    )


def _count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return len(captured.captured_queries)


def test_the_report_page_reads_many_issues_in_a_fixed_number_of_queries(
    sit, client, django_assert_max_num_queries
):
    net = sit.network
    a1 = sit.report(net.commune_a1)
    _many(a1, 3)
    send(a1, sit.commune_officer, sit.commune_leader)
    province = sit.report(net.province_a)
    filling.fill_from_children(report=province, actor=sit.province_officer)
    sign_in(client, sit.province_officer)
    url = reverse("reports:detail", args=[province.pk])
    assert client.get(url).status_code == 200  # the session and per-process caches warm
    few = _count_queries(client, url, django_assert_max_num_queries, 60)
    # Many more rows, brought up from below (each names its origin's body) and merged.
    a2 = sit.report(net.commune_a2)
    _many(a2, 150)
    send(a2, sit.other_commune_officer, sit.other_commune_leader)
    filling.fill_from_children(report=province, actor=sit.province_officer)
    rows = list(province.situation_issues.order_by("position")[:6])
    SituationIssue.objects.filter(pk__in=[r.pk for r in rows[1:]]).update(merged_into=rows[0])
    assert province.situation_issues.count() == 153
    many = _count_queries(client, url, django_assert_max_num_queries, few)
    assert many == few
    for url in (
        reverse("reports:issues_xlsx", args=[province.pk]),
        reverse("reports:docx", args=[province.pk]),
    ):
        with django_assert_max_num_queries(40):
            assert client.get(url).status_code == 200


def test_the_harvest_gives_sent_reports_issues_and_texts_from_a_cursor(sit):
    net = sit.network
    a1, a2 = sit.report(net.commune_a1), sit.report(net.commune_a2)
    a2_row = add(a2, sit.other_commune_officer, "Chưa gửi")  # a draft: not harvested
    first = add(a1, sit.commune_officer, "Giá điện", people_affected=10)
    section = a1.version.sections.get(heading="I")
    filling.save_report(
        report=a1, actor=sit.commune_officer, figures_typed={}, texts={section.pk: "Ổn định."}
    )
    assert list(situation_issues_after(0, 10)) == []
    send(a1, sit.commune_officer, sit.commune_leader)
    issues = list(situation_issues_after(0, 10))
    assert [i.id for i in issues] == [first.pk]
    one = issues[0]
    assert (one.body_id, one.report_id, one.topic, one.people_affected) == (
        net.commune_a1.pk,
        a1.pk,
        "Giá điện",
        10,
    )
    assert one.period_ends_on == sit.period.ends_on and one.origin_id is None
    assert list(situation_issues_after(first.pk, 10)) == []
    texts = list(section_texts_after(0, 10))
    text = SectionText.objects.get(report=a1, section=section)
    assert [(t.id, t.text, t.section_title) for t in texts] == [
        (text.pk, "Ổn định.", section.title)
    ]
    assert list(section_texts_after(text.pk, 10)) == []
    # A report sent later, its row written before the cursor passed: the sendings see it.
    assert a2_row.pk < first.pk
    sent_before = submissions_after(0, 10)
    assert [r for _v, r in sent_before] == [a1.pk]
    send(a2, sit.other_commune_officer, sit.other_commune_leader)
    assert list(situation_issues_after(first.pk, 10)) == []  # the id cursor alone misses it
    later = submissions_after(sent_before[-1][0], 10)
    assert [r for _v, r in later] == [a2.pk]
    assert [i.id for i in issues_of([r for _v, r in later])] == [a2_row.pk]
    assert list(texts_of([a2.pk])) == []
