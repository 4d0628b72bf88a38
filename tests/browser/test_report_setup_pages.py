"""Setting up reporting on a phone: the province's leader opens the report templates from
the menu, builds a draft (an indicator refused, then added), publishes it and says who
reports — each page without a WCAG 2.1 AA violation, fitting the phone, and photographed at
390 and 1,280 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from danvan.accounts.models import Role, User
from danvan.reports.models import Topic, VersionState
from danvan.reports.services.templates import add_section, create_template
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SECRETS, SHOTS, _check, _sign_in
from tests.factories import build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADER = "lanhdao_tinh_setup"
NAME = "Báo cáo tình hình nhân dân hằng tháng"


def test_a_province_leader_builds_publishes_and_assigns_a_template(
    units_loaded, reference_data, live_server, browser, monkeypatch
):
    from allauth.mfa.totp.internal.auth import TOTP

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    monkeypatch.setitem(SECRETS, LEADER, "JBSWY3DPEHPK3PXPREPORTSETUPLEADR")
    network = build_network()
    template = create_template(
        owner=network.province_a,
        code="bc-tinh-thang",
        name=NAME,
        topic=Topic.MASS_MOBILIZATION,
        applies_from=dt.date(2026, 1, 1),
        schedules={"month": 3},
    )
    version = template.versions.get()
    add_section(
        version=version, heading="I", title="Tình hình nhân dân", guidance="", narrative=True
    )
    user_with(network.province_a, Role.LEADER, username=LEADER)
    TOTP.activate(User.objects.get(username=LEADER), SECRETS[LEADER])
    base = live_server.url

    page = _sign_in(browser, base, LEADER)
    page.locator(".menu-button").click()
    page.locator("#sidenav nav a[href='/reports/setup/']").click()
    page.wait_for_url(base + "/reports/setup/")
    _check(page, "setup-list")

    page.get_by_role("link", name=NAME).first.click()
    page.wait_for_url(base + f"/reports/setup/{template.pk}/")
    _check(page, "setup-template")

    page.goto(base + f"/reports/setup/versions/{version.pk}/")
    _check(page, "setup-version")
    page.get_by_role("button", name=re.compile("Thêm chỉ tiêu")).first.click()
    page.wait_for_load_state()
    page.fill("#id_code", "so buoi")  # spaces: not a code
    page.fill("#id_label", "Số buổi tiếp xúc cử tri")
    page.select_option("#id_value_type", "count")
    page.fill("#id_unit", "buổi")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator("#id_code[aria-invalid=true]").count() == 1
    assert not version.indicators.exists()  # nothing saved
    _check(page, "setup-indicator-error")
    page.fill("#id_code", "so_buoi")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/reports/setup/versions/{version.pk}/"))
    assert version.indicators.filter(code="so_buoi", unit="buổi").exists()

    page.goto(base + f"/reports/setup/versions/{version.pk}/publish/")
    _check(page, "setup-publish")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED

    page.goto(base + f"/reports/setup/{template.pk}/obligations/")
    _check(page, "setup-obligations")
