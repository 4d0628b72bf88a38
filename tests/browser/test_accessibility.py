"""WCAG 2.1 A/AA checks with axe-core (installed from npm) on the main pages, phone-sized."""

from pathlib import Path

import pytest

from tests.factories import PASSWORD, Role, Scope, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: a <script> tag would be inline, which the
    # site's Content-Security-Policy refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def _sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/home/")


def test_public_pages_meet_wcag_21_aa(units_loaded, live_server, page):
    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    for path in [
        "/",
        "/units/?q=ha+noi",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/dan-van-kheo/",
    ]:
        page.goto(live_server.url + path)
        assert _violations(page) == [], path


def test_officer_pages_meet_wcag_21_aa(units_loaded, live_server, page):
    network = build_network()
    user_with(network.province_a, Role.LEADER, Scope.SUBTREE, username="lanhdao_a11y")
    _sign_in(page, live_server.url, "lanhdao_a11y")
    assert _violations(page) == [], "/home/"
    page.goto(f"{live_server.url}/organizations/{network.commune_a1.pk}/")
    assert _violations(page) == [], "organization page"
    for path in ["/cases/", "/phan-anh/gui/", "/cases/new/", "/exemplars/figures/"]:
        page.goto(live_server.url + path)
        assert _violations(page) == [], path
        # Phone-sized: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
