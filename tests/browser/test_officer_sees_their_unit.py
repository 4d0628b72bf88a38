"""Journey: an officer signs in and sees their unit, on a phone-sized screen, in Vietnamese."""

import pytest

from tests.factories import PASSWORD, Role, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_and_sees_their_commune(units_loaded, live_server, page):
    network = build_network()
    user_with(network.commune_a1, Role.OFFICER, username="canbo_xa", full_name="Nguyễn Thị Xã")

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "canbo_xa")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url(live_server.url + "/home/")
    unit = page.get_by_test_id("unit").first
    assert network.commune_a1.unit.name in unit.inner_text()
    assert network.commune_a1.name in page.content()
    # Phone-sized: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
