"""Issue 16, point 5, in the browser: the public form's optional pin on the offline map.

At 390 px and 1,280 px: choose a province (the map closes in on it), tap the map, and the
hidden latitude and longitude and the commune select are set to the commune nearest the point;
the form sends them with the matter. Without JavaScript the map stays hidden and the lists
alone place the matter. Screenshots go to $DANVAN_SCREENSHOTS (default /tmp/danvan-shots);
the page passes axe-core and breaks no Content-Security-Policy rule.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from danvan.cases.models import Case
from danvan.cases.services.places import commune_at
from danvan.lib import maps
from tests.browser.phone import fits
from tests.browser.test_accessibility import _violations
from tests.factories import build_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DANVAN_SCREENSHOTS", Path(tempfile.gettempdir()) / "danvan-shots"))

# Where on the screen a point of the map's drawing is, whatever its zoom and size.
_TO_SCREEN = """([x, y]) => {
  const svg = document.querySelector("[data-testid=pin-map]");
  const p = svg.createSVGPoint(); p.x = x; p.y = y;
  const at = p.matrixTransform(svg.getScreenCTM());
  return [at.x, at.y];
}"""


def _tap(page, latitude: float, longitude: float) -> None:
    point = maps.project(latitude, longitude)
    x, y = page.evaluate(_TO_SCREEN, [point.x, point.y])
    page.mouse.click(x, y)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_tap_on_the_map_fills_the_point_and_the_nearest_commune(
    units_loaded, live_server, browser, width
):
    network = build_network()
    target = network.commune_a2.unit
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/phan-anh/gui/")

    svg = page.get_by_test_id("pin-map")
    full_view = svg.get_attribute("viewBox")
    assert full_view == maps.FULL_VIEW
    page.select_option("#id_province", str(network.province_a.unit_id))
    page.wait_for_selector(f"#id_unit option[value='{target.pk}']", state="attached")
    page.wait_for_function(
        "v => document.querySelector('[data-testid=pin-map]').getAttribute('viewBox') !== v",
        arg=full_view,
    )  # closed in on Hà Nội

    page.locator(".pin-map summary").click()
    svg.scroll_into_view_if_needed()
    _tap(page, target.latitude, target.longitude)
    page.wait_for_function("() => document.querySelector('#id_unit').value !== ''")

    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    # A tap is a pixel or so off the point aimed at (a few hundred metres on this zoom).
    assert latitude == pytest.approx(target.latitude, abs=0.02)
    assert longitude == pytest.approx(target.longitude, abs=0.02)
    nearest = commune_at(latitude, longitude)
    assert nearest is not None and nearest.province_id == network.province_a.unit_id
    assert page.input_value("#id_unit") == str(nearest.pk)
    assert page.input_value("#id_province") == str(network.province_a.unit_id)
    assert nearest.name in page.locator("[data-pin-status]").inner_text()
    assert "pin-marker" in (page.get_by_test_id("pin-marker").get_attribute("class") or "")
    assert "is-empty" not in (page.get_by_test_id("pin-marker").get_attribute("class") or "")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits(page)
    assert _violations(page) == []
    page.screenshot(path=str(SHOTS / f"public-form-{width}.png"), full_page=True)

    if width == 390:
        page.check("#id_declared_kind_2")  # complaint
        page.fill("#id_title", "Lấn chiếm vỉa hè")
        page.fill(
            "#id_content",
            "Quán ăn đầu ngõ lấn chiếm hết vỉa hè, người đi bộ phải xuống lòng đường.",
        )
        page.fill("#id_full_name", "Lê Thị Gửi")
        page.fill("#id_phone", "0912000222")
        page.check("#id_consent")
        page.locator("main form button[type=submit]").click()
        page.get_by_test_id("tracking-code").wait_for()
        case = Case.objects.get()
        assert case.unit_id == nearest.pk and case.declared_kind == "complaint"
        assert case.latitude == pytest.approx(latitude) and case.longitude == pytest.approx(
            longitude
        )


def test_removing_the_point_and_a_tap_at_sea(units_loaded, live_server, browser):
    build_network()
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/phan-anh/gui/")
    page.locator(".pin-map summary").click()
    _tap(page, 14.0, 115.5)  # the open sea between the archipelagos, on the whole map
    page.wait_for_function(
        "() => document.querySelector('[data-pin-status]').textContent.includes('ngoài')"
    )
    assert page.input_value("#id_latitude") == "" and page.input_value("#id_unit") == ""
    assert "is-empty" in (page.get_by_test_id("pin-marker").get_attribute("class") or "")
    _tap(page, 21.0285, 105.8542)  # Hà Nội
    page.wait_for_function("() => document.querySelector('#id_unit').value !== ''")
    assert page.input_value("#id_latitude") != ""
    page.get_by_role("button", name="Xóa vị trí đã chấm").click()
    assert page.input_value("#id_latitude") == "" and page.input_value("#id_longitude") == ""
    assert page.input_value("#id_unit") != ""  # the commune chosen stays


def test_without_javascript_the_map_stays_hidden_and_the_lists_work(
    units_loaded, live_server, browser
):
    network = build_network()
    page = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    ).new_page()
    page.goto(live_server.url + "/phan-anh/gui/")
    assert not page.locator(".pin-map").is_visible()
    assert page.locator("#id_province").is_visible() and page.locator("#id_unit").is_visible()
    assert page.locator("#id_province option").count() == 34 + 1
    assert page.locator(f"#id_province option[value='{network.province_a.unit_id}']").count()
