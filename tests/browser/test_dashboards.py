"""Each role's home page in a real browser, at 390 px and 1,280 px: every navigation entry
visible (the side bar on a desk, the menu on a phone) and opening with 200, the charts drawn,
and no WCAG 2.1 AA violation (axe-core). Screenshots go to $DANVAN_SCREENSHOTS (default
/tmp/danvan-shots): dashboard-<role>-<width>.png."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from danvan.accounts.services import create_user
from danvan.cases.services.figures import refresh_since
from danvan.cases.services.intake import submit
from tests.browser.phone import sign_in
from tests.browser.test_accessibility import AXE, _violations
from tests.cases.conftest import submission
from tests.factories import PASSWORD, Role, Scope, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DANVAN_SCREENSHOTS", Path(tempfile.gettempdir()) / "danvan-shots"))
WIDTHS = {390: 844, 1280: 900}
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTDASHBOARDXYZ"  # base32, a test authenticator


def _matters(network) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    for i in range(14):
        unit = network.commune_a1.unit if i % 3 else network.commune_a2.unit
        submit(
            submission=submission(network, unit=unit, received_at=now - dt.timedelta(days=9 * i)),
            client="test",
            idempotency_key=f"dash-{i}",
        )
    refresh_since(first=(now - dt.timedelta(days=400)).date())


def _visit(  # type: ignore[no-untyped-def]
    browser, base: str, username: str, role: str, totp_secret: str | None = None
) -> None:
    # Signed in once: an authenticator's code is accepted only once (no replay).
    first = next(iter(WIDTHS.items()))
    viewport = {"width": first[0], "height": first[1]}
    page = sign_in(browser, base, username, viewport=viewport, totp_secret=totp_secret)
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base + "/home/")
        if page.locator("canvas[data-chart]").count():
            page.wait_for_function("typeof Chart !== 'undefined'")
        page.screenshot(path=str(SHOTS / f"dashboard-{role}-{width}.png"), full_page=True)
        assert _violations(page) == [], (role, width)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        links = page.locator("#sidenav nav a:not(.menu-close)")
        if width < 1024:
            assert not links.first.is_visible()  # folded behind the menu button
            page.locator(".menu-button").click()
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs, role
        for i in range(links.count()):
            assert links.nth(i).is_visible(), (role, width, hrefs[i])
        if width < 1024:
            page.screenshot(path=str(SHOTS / f"dashboard-{role}-{width}-menu.png"))
        for href in hrefs:
            response = page.request.get(base + href)
            assert response.status == 200, (role, href, response.status)
    page.context.close()


def test_officer_dashboard(units_loaded, live_server, browser):
    assert AXE.exists()
    SHOTS.mkdir(parents=True, exist_ok=True)
    network = build_network()
    user_with(network.commune_a1_committee, Role.OFFICER, username="canbo_dash")
    _matters(network)
    _visit(browser, live_server.url, "canbo_dash", "officer")


def test_leader_dashboard(units_loaded, live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    network = build_network()
    user_with(network.province_a, Role.LEADER, Scope.SUBTREE, username="lanhdao_dash")
    _matters(network)
    _visit(browser, live_server.url, "lanhdao_dash", "leader")


def test_citizen_dashboard(units_loaded, live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    create_user(username="dan_dash", email="dan_dash@example.vn", password=PASSWORD)
    _visit(browser, live_server.url, "dan_dash", "citizen")


def test_administrator_dashboard_behind_two_factor(units_loaded, live_server, browser):
    from allauth.mfa.totp.internal.auth import TOTP

    SHOTS.mkdir(parents=True, exist_ok=True)
    network = build_network()
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE, username="quantri_dash")
    TOTP.activate(admin, TOTP_SECRET)
    _matters(network)
    _visit(browser, live_server.url, "quantri_dash", "administrator", totp_secret=TOTP_SECRET)
