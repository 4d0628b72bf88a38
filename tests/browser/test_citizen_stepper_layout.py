"""The citizen's progress stepper at 390 px (a vertical list) and 1,280 px (a row), with the
current step marked, no inline style (the Content-Security-Policy is watched by the browser
fixture), no sideways scrolling, and no axe-core violation."""

import os
import tempfile
from pathlib import Path

import pytest

from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from tests.browser.test_accessibility import _violations
from tests.cases.conftest import submission
from tests.factories import Role, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DANVAN_SCREENSHOTS", Path(tempfile.gettempdir()) / "danvan-shots"))


def test_the_stepper_is_vertical_on_a_phone_and_horizontal_on_a_desk(
    units_loaded, live_server, browser
):
    network = build_network()
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    result = submit(submission=submission(network), client="test", idempotency_key="stp-1")
    workflow.classify(actor=officer, case=result.case, kind="complaint", field=None)
    workflow.accept(actor=officer, case=result.case)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        page.goto(live_server.url + "/phan-anh/tra-cuu/")
        page.fill("#id_tracking_code", result.case.tracking_code)
        page.fill("#id_secret", result.secret)
        page.locator("main form button[type=submit]").click()
        steps = page.get_by_test_id("stepper").locator("li")
        assert steps.count() == 5
        boxes = [steps.nth(i).bounding_box() for i in range(5)]
        xs, ys = [b["x"] for b in boxes], [b["y"] for b in boxes]
        if width == 390:
            assert ys == sorted(ys) and len(set(ys)) == 5 and max(xs) - min(xs) < 1
        else:
            assert xs == sorted(xs) and len(set(xs)) == 5 and max(ys) - min(ys) < 1
        current = page.locator('[aria-current="step"]')
        assert current.count() == 1 and "Thụ lý" in current.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(page) == []
        page.get_by_test_id("stepper").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"stepper-citizen-{width}.png"), full_page=True)
