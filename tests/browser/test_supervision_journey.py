"""Journey (issue 19, point 4): the city's Fatherland Front supervises a commune. Its officer
creates a programme, adds a delegation, records a finding and sends a recommendation to the
commune's People's Committee — first with a due date before the sending date, read beside
the field; the commune's officer opens the recommendation, records the response; the Front's
officer assesses it as done. axe-core, "fits at 390 px" and screenshots at 390 px and
1,280 px of each page, in $DANVAN_SCREENSHOTS: supervision-<page>-<width>.png."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from danvan.participation.models import Recommendation, RecommendationState
from tests.browser.pages import check_page
from tests.browser.phone import PHONE, sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SHOTS
from tests.participation.conftest import make_participating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRONT_SECRET = "JBSWY3DPEHPK3PXPSUPERVISIONFRONT"
COMMUNE_SECRET = "JBSWY3DPEHPK3PXPSUPERVISIONCOMMU"


def _check(page: Any, name: str) -> None:
    check_page(page, "supervision", name)


def _wait_for_a_fresh_code() -> None:
    if time.time() % 30 > 24:
        time.sleep(30.5 - time.time() % 30)


def test_the_front_supervises_and_the_commune_responds(
    units_loaded, reference_data, live_server, browser
):
    from allauth.mfa.totp.internal.auth import TOTP
    from playwright.sync_api import expect

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    p = make_participating()
    TOTP.activate(p.city_front_officer, FRONT_SECRET)
    TOTP.activate(p.c1_officer, COMMUNE_SECRET)
    base = live_server.url

    # 1. The Front's officer creates a programme.
    _wait_for_a_fresh_code()
    front = sign_in(browser, base, p.city_front_officer.username, totp_secret=FRONT_SECRET)
    front.goto(f"{base}/supervision/")
    _check(front, "programmes-empty")
    front.get_by_role("link", name="Tạo chương trình").first.click()
    front.fill("#id_title", "Giám sát việc giải quyết đơn thư của cấp xã")
    front.select_option("#id_form", "delegation")
    front.fill("#id_plan_number", "15/KH-MTTQ")
    front.fill("#id_plan_date", "01/03/2026")
    front.get_by_role("button", name="Tạo chương trình").click()
    front.wait_for_url(re.compile(r"/supervision/\d+/$"))
    programme_url = front.url

    # 2. A delegation, a finding, a recommendation.
    front.get_by_role("button", name="Thêm đoàn giám sát").click()
    front.fill("#id_name", "Đoàn giám sát số 1")
    front.fill("#id_head_name", "Nguyễn Văn An")
    front.fill("#id_member_names", "Trần Thị Bình\nLê Văn Cường")
    front.select_option("#id_bodies", [str(p.c1.pk)])
    front.fill("#id_starts_on", "01/11/2026")
    front.fill("#id_ends_on", "10/11/2026")
    front.get_by_role("button", name="Thêm đoàn giám sát").click()
    front.wait_for_url(f"{programme_url}#delegations")
    front.get_by_role("button", name="Ghi nhận nội dung phát hiện").click()
    front.select_option("#id_body", str(p.c1.pk))
    front.fill("#id_text", "Còn 12 đơn thư quá hạn giải quyết, chưa trả lời công dân.")
    front.fill("#id_found_on", "05/11/2026")
    front.get_by_role("button", name="Ghi nhận").click()
    front.wait_for_url(f"{programme_url}#findings")
    front.get_by_role("link", name="Kiến nghị về nội dung này").click()
    _check(front, "recommendation-form")
    front.select_option("#id_addressed_to", str(p.c1.pk))
    front.fill("#id_text", "Giải quyết dứt điểm 12 đơn thư quá hạn và báo cáo kết quả.")
    front.fill("#id_sent_on", "20/11/2026")
    front.fill("#id_due_on", "01/11/2026")
    front.get_by_role("button", name="Gửi kiến nghị").click()
    expect(front.locator("#id_due_on_error, #id_due_on-error")).to_be_visible()
    assert not Recommendation.objects.exists()
    _check(front, "recommendation-error")
    front.fill("#id_due_on", "")
    front.get_by_role("button", name="Gửi kiến nghị").click()
    front.wait_for_url(f"{programme_url}#recommendations")
    rec = Recommendation.objects.get()
    expect(front.get_by_test_id("recommendations")).to_contain_text(p.c1.name)
    _check(front, "programme")

    # 3. The commune's officer records the response.
    _wait_for_a_fresh_code()
    commune = sign_in(browser, base, p.c1_officer.username, totp_secret=COMMUNE_SECRET)
    commune.goto(f"{base}/supervision/awaiting/")
    _check(commune, "awaiting")
    commune.get_by_role("link", name="Giải quyết dứt điểm").first.click()
    commune.fill("#id_r-text", "Đã giải quyết 12/12 đơn, trả lời công dân bằng văn bản.")
    commune.get_by_role("button", name="Ghi nhận trả lời").click()
    commune.wait_for_url(f"{base}/supervision/recommendations/{rec.pk}/")
    expect(commune.get_by_test_id("responses")).to_contain_text("12/12")
    _check(commune, "recommendation-answered")

    # 4. The Front assesses it as done.
    front.goto(f"{base}/supervision/recommendations/{rec.pk}/")
    front.locator("label", has_text="Đã thực hiện: kiến nghị đã được thực hiện xong").click()
    front.get_by_role("button", name="Kết thúc theo dõi kiến nghị").click()
    front.wait_for_url(f"{base}/supervision/recommendations/{rec.pk}/")
    rec.refresh_from_db()
    assert rec.state == RecommendationState.DONE
    _check(front, "recommendation-done")
    front.goto(f"{base}/supervision/")
    _check(front, "programmes")

    # 5. The Front publishes the summary; anyone reads it, without the delegation's names.
    front.goto(programme_url)
    front.get_by_role("button", name="Công khai kết quả").click()
    front.wait_for_url(re.compile(r"/supervision/\d+/"))
    expect(front.get_by_test_id("published")).to_be_visible()
    public = browser.new_page(viewport=PHONE)
    public.goto(f"{base}/giam-sat/")
    public.get_by_role("link", name="Giám sát việc giải quyết đơn thư của cấp xã").first.click()
    expect(public.locator("main")).to_contain_text("Giải quyết dứt điểm 12 đơn thư quá hạn")
    expect(public.locator("main")).not_to_contain_text("Nguyễn Văn An")
    _check(public, "public-summary")
