"""On a phone (390 px): the commune officer adds an issue to the report on the people's
situation, is told what is wrong when the number of people is not a number, corrects it,
and sees the row in the table; nothing is wider than the screen and axe-core finds no WCAG
2.1 AA violation on the report page and the issue form. Screenshots in $DANVAN_SCREENSHOTS
(default /tmp/danvan-shots): situation-<page>-390.png."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from danvan.accounts.models import User
from danvan.reports.models import SituationIssue
from tests.browser.phone import fits, sign_in
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import build_network
from tests.reports.situation_support import make_situation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DANVAN_SCREENSHOTS", Path(tempfile.gettempdir()) / "danvan-shots"))
SECRET = "JBSWY3DPEHPK3PXPSITUATIONOFFICER"


def test_an_officer_adds_an_issue_on_a_phone(
    units_loaded,
    reference_data,
    live_server,
    browser,
):
    from allauth.mfa.totp.internal.auth import TOTP

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    sit = make_situation(build_network())
    report = sit.report(sit.network.commune_a1)
    User.objects.filter(pk=sit.commune_officer.pk).update(username="canbo_xa_th")
    TOTP.activate(User.objects.get(pk=sit.commune_officer.pk), SECRET)
    base = live_server.url
    if time.time() % 30 > 24:  # a code read at the end of its step may arrive in the next
        time.sleep(30.5 - time.time() % 30)
    page = sign_in(browser, base, "canbo_xa_th", totp_secret=SECRET)
    page.goto(f"{base}/reports/{report.pk}/")
    assert page.get_by_test_id("issue-table").is_visible()
    page.locator(f"a[href='/reports/{report.pk}/issues/add/']").click()
    page.wait_for_url(f"{base}/reports/{report.pk}/issues/add/")
    assert _violations(page) == []
    page.fill("#id_topic", "Bồi thường giải phóng mặt bằng dự án đường vành đai")
    page.fill("#id_people_affected", "khoảng 100")
    page.select_option("#id_severity", "high")
    page.locator("main form button[type=submit][value=save]").click()
    page.wait_for_load_state()
    assert page.locator("#id_people_affected[aria-invalid=true]").count() == 1
    assert not SituationIssue.objects.exists()
    assert fits(page)
    page.screenshot(path=str(SHOTS / "situation-issue-form-error-390.png"), full_page=True)
    page.fill("#id_people_affected", "1.200")
    page.locator("main form button[type=submit][value=save]").click()
    page.wait_for_url(f"{base}/reports/{report.pk}/#issues")
    row = SituationIssue.objects.get(report=report)
    assert row.people_affected == 1200
    assert page.get_by_test_id(f"issue-{row.pk}").is_visible()
    assert fits(page)
    assert _violations(page) == []
    page.screenshot(path=str(SHOTS / "situation-report-390.png"), full_page=True)
