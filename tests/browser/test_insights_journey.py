"""Journey (issue 20, point 11): nine people of one commune write about the same flooding in
one week; the hourly analysis reads the letters and its scan raises a hotspot. The province's
leader sees it on the dashboard, opens it and the matters behind it, gives it to the
commune's People's Committee and its officer, and downloads the briefing draft. axe-core,
"fits at 390 px" and screenshots at 390 px and 1,280 px of each page, in $DANVAN_SCREENSHOTS:
insights-<page>-<width>.png."""

from __future__ import annotations

import re
from typing import Any

import pytest
from docx import Document

from danvan.insights.models import Hotspot, HotspotKind
from danvan.insights.services.harvest import harvest
from danvan.insights.services.hotspots import scan
from danvan.lib.dates import week_start
from tests.browser.pages import check_page
from tests.browser.phone import sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SHOTS
from tests.duplicates.conftest import FLOODING, make_case
from tests.factories import Role, Scope, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADER_SECRET = "JBSWY3DPEHPK3PXPINSIGHTSLEADERAA"


def _check(page: Any, name: str) -> None:
    check_page(page, "insights", name)


def test_a_leader_takes_a_hotspot_in_hand_and_drafts_the_briefing(
    units_loaded, reference_data, live_server, browser, tmp_path
):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.utils import timezone

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    network = build_network()
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE, username="lanhdao_ins")
    officer = user_with(network.commune_a1_committee, Role.OFFICER, username="canbo_ins")
    TOTP.activate(leader, LEADER_SECRET)
    for _ in range(9):
        make_case(network, FLOODING)  # nine senders, one issue, one commune, this week
    harvest()
    assert scan(week=week_start(timezone.now())).raised
    hotspot = Hotspot.objects.get(kind=HotspotKind.CLUSTER)
    base = live_server.url

    # 1. The dashboard shows the hotspot; the leader opens the register, then the hotspot.
    page = sign_in(browser, base, leader.username, totp_secret=LEADER_SECRET)
    tiles = page.get_by_test_id("hotspot-tiles")
    _check(page, "dashboard")
    tiles.locator("a").first.click()
    page.wait_for_url(re.compile(r"/tinh-hinh-nhan-dan/diem-nong/"))
    _check(page, "register")
    page.locator(f"[data-testid=hotspot-link][href$='/diem-nong/{hotspot.pk}/']").click()
    page.wait_for_url(f"{base}/tinh-hinh-nhan-dan/diem-nong/{hotspot.pk}/")
    _check(page, "hotspot")
    assert page.get_by_test_id("hotspot-people").get_attribute("data-value") == "9"

    # 2. Its matters: each a link to the matter's page.
    links = page.get_by_test_id("hotspot-matter-link")
    assert links.count() == 9
    links.first.click()
    page.wait_for_url(re.compile(r"/cases/\w+/$"))
    assert "ngập" in page.content()
    page.go_back()

    # 3. The leader gives it to the commune's People's Committee and its officer.
    form = page.get_by_test_id("hotspot-assign-form")
    form.locator("select[name=in_charge]").select_option(str(network.commune_a1_committee.pk))
    form.locator("select[name=assigned_to]").select_option(str(officer.pk))
    form.locator("textarea[name=note]").fill("Đề nghị kiểm tra thực tế và báo cáo trong tuần.")
    page.get_by_test_id("hotspot-assign").click()
    page.wait_for_load_state()
    assert (
        network.commune_a1_committee.name in page.get_by_test_id("hotspot-in-charge").inner_text()
    )
    hotspot.refresh_from_db()
    assert hotspot.in_charge_id == network.commune_a1_committee.pk
    assert hotspot.assigned_to_id == officer.pk

    # 4. The briefing draft, from the hotspot's page.
    page.get_by_test_id("hotspot-briefing-link").click()
    page.wait_for_url(re.compile(r"/tinh-hinh-nhan-dan/giao-ban/"))
    # The quarter under way: the hotspot is this week's.
    form = page.get_by_test_id("briefing-form")
    current = form.locator("select[name=quarter] option").first.get_attribute("value")
    form.locator("select[name=quarter]").select_option(current)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    _check(page, "briefing")
    with page.expect_download() as caught:
        page.get_by_test_id("briefing-download").click()
    path = tmp_path / "briefing.docx"
    caught.value.save_as(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "DỰ THẢO" in text
    tables = "\n".join(c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells)
    assert network.commune_a1.unit.name in text + tables  # the hotspot's place

    # 5. The overview and the other pages of the people's situation, on a phone and a desk.
    for path, name in (
        ("", "overview"),
        ("chu-de/", "topics"),
        ("du-bao/", "forecasts"),
        ("du-bao/danh-gia/", "forecast-evaluation"),
        ("goi-y-phan-loai/", "suggestions"),
        ("van-ban-tuong-tu/danh-gia/", "similar"),
    ):
        page.goto(f"{base}/tinh-hinh-nhan-dan/{path}")
        _check(page, name)
