"""The leader's dashboard tiles for periodic reports: own reports to send and past due, the
bodies below that are missing or late for the last cut-off period, and key indicators against
the period before — each a link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.lib.dates import today
from danvan.reports.dashboard import leader_tiles
from danvan.reports.models import ObligationRule, Report
from danvan.reports.services import periods
from danvan.reports.services.instances import open_reports
from danvan.reports.services.obligations import apply_rule
from tests.factories import make_org
from tests.reports.test_bound_figures import HANOI
from tests.reports.test_outputs import _send

pytestmark = pytest.mark.django_db


def test_the_province_leader_sees_missing_late_and_the_change_of_key_figures(reporting):
    net = reporting.network
    leader = reporting.province_leader
    october = periods.ensure_period(kind="month", year=2026, number=10)
    open_reports(period=october)
    for period, value in ((october, "4"), (reporting.period, "6")):
        report = Report.objects.get(reporter=net.commune_a1, period=period)
        _send(report, reporting.commune_officer, reporting.commune_leader, {"doi_thoai": value})
    tiles = {t.label: t for t in leader_tiles(leader, today())}
    missing = tiles[_("Reports missing from the bodies below")]
    assert missing.value == "1" and missing.tone == "alert"  # commune A2 never sent November's
    assert missing.url == reverse(
        "reports:board", args=[net.province_a.pk, reporting.template.pk, reporting.period.pk]
    )
    assert tiles[_("Reports received late")].value == "1"  # A1 sent on 04/12, due 17/11
    key = [t for t in tiles.values() if "?indicator=" in t.url]
    assert key and all(reporting.period.title in t.label for t in key)
    # The province's own October and November reports are still to be sent, past due.
    assert tiles[_("Own reports past due")].value == "2"


def test_a_commune_officer_sees_only_own_reports_tiles(reporting):
    tiles = leader_tiles(reporting.commune_officer, today())
    assert [t.label for t in tiles] == [
        _("Reports to send, not yet due"),
        _("Own reports past due"),
    ]


def test_a_citizen_sees_no_report_tiles(reporting, django_user_model):
    citizen = django_user_model.objects.create_user(username="dan", password="x")
    assert leader_tiles(citizen, today()) == []


def test_the_tiles_cost_the_same_queries_with_more_bodies_below(reporting):
    net = reporting.network
    leader = reporting.province_leader

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            leader_tiles(leader, today())
        return len(captured)

    queries()  # the first call fills the caches of permissions and content types
    before = queries()
    for _n in range(4):
        make_org(unit=net.commune_a1.unit, parent=net.province_a)
    for rule in ObligationRule.objects.all():
        apply_rule(rule=rule, on=reporting.period.starts_on)
    open_reports(period=reporting.period)
    assert Report.objects.filter(receiver=net.province_a).count() == 6
    assert queries() == before


def test_the_list_says_which_reports_are_late_and_which_were_reminded(client, reporting):
    import time_machine

    from danvan.reports.services.instances import remind

    december = periods.ensure_period(kind="month", year=2026, number=12)  # due 17/12
    open_reports(period=december)
    with time_machine.travel(dt.datetime(2026, 12, 15, 9, tzinfo=HANOI), tick=False):
        reminded = remind()
        assert {r.period_id for r in reminded} == {december.pk}
        client.force_login(reporting.commune_officer)
        page = client.get(reverse("reports:list")).content.decode()
    late = ngettext(
        "%(n)s report is past its due date.", "%(n)s reports are past their due date.", 1
    ) % {"n": 1}
    soon = ngettext(
        "%(n)s report falls due in the next days.", "%(n)s reports fall due in the next days.", 1
    ) % {"n": 1}
    assert late in page and soon in page  # November's is late, December's due on 17/12
