"""A matter's time limits as the officer and the citizen see them, at 390 px and 1,280 px: a
complaint forwarded once, accepted, extended and suspended — every body's rows, the pause, the
decisions — in Vietnamese, without horizontal scrolling of the page, and passing axe-core."""

import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from danvan.cases.services import transfers, workflow
from danvan.cases.services.intake import submit
from tests.browser.test_accessibility import _sign_in, _violations
from tests.cases.conftest import submission
from tests.factories import Role, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DANVAN_SCREENSHOTS", Path(tempfile.gettempdir()) / "danvan-shots"))
DECISION = {"document_number": "27/QĐ-UBND", "document_date": timezone.localdate()}
ENGLISH = ["Running", "Suspended since", "Counted from", "Where it stands", "working days"]


def _matter(network):
    province = user_with(network.province_a_committee, Role.OFFICER, username="canbo_tinh")
    commune = user_with(network.commune_a1_committee, Role.OFFICER, username="canbo_xa")
    result = submit(submission=submission(network), client="test", idempotency_key="b-15")
    case = result.case
    transfers.forward(actor=commune, case=case, to=network.province_a_committee)
    workflow.classify(actor=province, case=case, kind="complaint", field=None)
    workflow.accept(actor=province, case=case)
    workflow.extend(actor=province, case=case, reason="Phải xác minh tại hai nơi.", **DECISION)
    workflow.suspend(actor=province, case=case, reason="Chờ kết quả đo đạc địa chính.", **DECISION)
    return case, result.secret


def test_officer_and_citizen_see_every_time_limit(units_loaded, live_server, browser):
    network = build_network()
    case, secret = _matter(network)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    for width in (390, 1280):
        officer = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        _sign_in(officer, base, "canbo_tinh")
        officer.goto(f"{base}/cases/{case.tracking_code}/")
        table = officer.get_by_test_id("deadlines")
        text = table.inner_text()
        assert "Xử lý đơn" in text and "Giải quyết" in text and "Tạm đình chỉ" in text
        assert table.locator("tr.earlier-body").count() >= 1  # the commune's rows
        assert "27/QĐ-UBND" in officer.get_by_test_id("decisions").inner_text()
        assert not any(word in officer.content() for word in ENGLISH)
        assert officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(officer) == []
        officer.locator("#due-h").scroll_into_view_if_needed()
        officer.screenshot(path=str(SHOTS / f"deadlines-officer-{width}.png"), full_page=True)

        citizen = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        citizen.goto(base + "/phan-anh/tra-cuu/")
        citizen.fill("#id_tracking_code", case.tracking_code)
        citizen.fill("#id_secret", secret)
        citizen.locator("main form button[type=submit]").click()
        pause = citizen.get_by_test_id("pause").first.inner_text()
        assert pause.startswith("Tạm đình chỉ từ")
        assert not any(word in citizen.content() for word in ENGLISH)
        assert citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(citizen) == []
        citizen.screenshot(path=str(SHOTS / f"deadlines-citizen-{width}.png"), full_page=True)
