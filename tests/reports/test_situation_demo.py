"""The demo reports on the people's situation: last quarter's communes' reports accepted
with their issues, the city's own report consolidated from them (origins kept), this
quarter's draft in the demo ward; seeding again creates nothing. Only the city's bodies and
a few wards are set up, not the whole demo."""

from __future__ import annotations

import pytest

from danvan.demo.network import ensure_bodies
from danvan.demo.services import DEMO_OFFICER_COMMUNE, DEMO_PROVINCES
from danvan.demo.situation import TEMPLATE_CODE, seed_situation_reports
from danvan.org.models import AdminUnit
from danvan.reports.models import Report, ReportState, SituationIssue

pytestmark = pytest.mark.django_db


def test_the_demo_reports_are_sent_consolidated_and_left_to_finish():
    hanoi = AdminUnit.objects.current().get(code=DEMO_PROVINCES[0])
    wards = list(AdminUnit.objects.current().filter(parent=hanoi).order_by("code")[:3]) + list(
        AdminUnit.objects.current().filter(code=DEMO_OFFICER_COMMUNE)
    )
    ensure_bodies([hanoi, *wards])
    made = seed_situation_reports(provinces=[hanoi], officer_commune=DEMO_OFFICER_COMMUNE)
    reports = Report.objects.filter(template__code=TEMPLATE_CODE)
    assert made == reports.count() > 0
    periods = sorted({r.period.ends_on for r in reports.select_related("period")})
    assert len(periods) == 2
    last = reports.filter(period__ends_on=periods[0])
    communes = last.filter(reporter__level="commune")
    assert communes.count() == len({w.pk for w in wards})
    assert set(communes.values_list("state", flat=True)) == {ReportState.ACCEPTED}
    assert all(1 <= r.situation_issues.count() <= 3 for r in communes)
    city = last.get(reporter__code=f"{hanoi.code}-BTGDV")
    assert city.state == ReportState.ACCEPTED
    brought = city.situation_issues.all()
    assert brought.count() == SituationIssue.objects.filter(report__in=communes).count()
    assert not brought.filter(origin__isnull=True).exists()
    assert all("(demo)" in i.topic for i in SituationIssue.objects.all())
    draft = reports.get(period__ends_on=periods[1], reporter__code=f"{DEMO_OFFICER_COMMUNE}-MTTQ")
    assert draft.state == ReportState.DRAFT and draft.situation_issues.count() == 2
    before = SituationIssue.objects.count()
    assert seed_situation_reports(provinces=[hanoi], officer_commune=DEMO_OFFICER_COMMUNE) == 0
    assert SituationIssue.objects.count() == before
