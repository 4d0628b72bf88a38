"""The standard report on the people's situation: its sections (the table of issues in II),
its schedules, and a new version keeping the table."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.reports.models import PeriodKind, Report, VersionState
from danvan.reports.services import templates
from danvan.reports.services.standard import create_situation_template

pytestmark = pytest.mark.django_db


def test_the_standard_template_has_two_narratives_around_the_issue_table(network):
    template = create_situation_template(
        owner=network.central, code="tinh-hinh", applies_from=dt.date(2026, 1, 1)
    )
    version = template.versions.get()
    assert version.state == VersionState.PUBLISHED
    rows = list(
        version.sections.order_by("position").values_list("heading", "narrative", "issue_table")
    )
    assert rows == [("I", True, False), ("II", False, True), ("III", True, False)]
    assert template.name == "Báo cáo tình hình nhân dân"
    kinds = set(template.schedules.values_list("period_kind", flat=True))
    assert kinds == {PeriodKind.QUARTER, PeriodKind.MONTH}
    assert not version.indicators.exists()


def test_a_new_version_keeps_the_issue_table(network):
    template = create_situation_template(
        owner=network.central, code="tinh-hinh", applies_from=dt.date(2026, 1, 1)
    )
    draft = templates.new_version(template=template, applies_from=dt.date(2027, 1, 1))
    assert list(draft.sections.filter(issue_table=True).values_list("heading", flat=True)) == ["II"]


def test_the_communes_reports_are_opened_for_the_quarter(sit):
    reports = Report.objects.filter(template=sit.template, period=sit.period)
    reporters = set(reports.values_list("reporter_id", flat=True))
    net = sit.network
    assert {net.commune_a1.pk, net.commune_a2.pk, net.province_a.pk, net.province_b.pk} <= reporters
