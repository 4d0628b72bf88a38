"""Journey (issue 21, point 7): a commune's Fund for the Poor. The Front's officer records a
donation whose donor agreed to be named; asks for 60 million đồng to build a house for a
household on the commune's list — above the fund's threshold, so it waits for the board; the
board's chair approves it and the money is paid; the public page acknowledges the donor and
shows the decision (the household by village and category only), the fund's report for the
year holds both, and the household's history shows what it received. axe-core, "fits at
390 px" and screenshots at 390 px and 1,280 px of each page, in $DANVAN_SCREENSHOTS:
funds-<page>-<width>.png."""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest

from danvan.campaigns.models import Household, LedgerEntry, RequestState
from danvan.campaigns.services import households as household_services
from danvan.campaigns.services import ledger
from danvan.lib.dates import today
from tests.browser.pages import check_page
from tests.browser.phone import sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SHOTS
from tests.campaigns.conftest import make_welfare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER_SECRET = "JBSWY3DPEHPK3PXPFUNDOFFICERAAAAA"
BOARD_SECRET = "JBSWY3DPEHPK3PXPFUNDBOARDCHAIRAA"
DONOR = "Nguyễn Thị Hảo Tâm"


def _check(page: Any, name: str) -> None:
    check_page(page, "funds", name)


def _wait_for_a_fresh_code() -> None:
    if time.time() % 30 > 24:
        time.sleep(30.5 - time.time() % 30)


def test_a_donation_pays_for_a_house_and_everyone_sees_it(
    units_loaded, reference_data, live_server, browser
):
    from allauth.mfa.totp.internal.auth import TOTP
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = make_welfare()
    ledger.publish_fund(actor=None, fund=w.c1_fund, published=True)
    home = household_services.add_household(
        actor=None,
        keeper=w.c1_front,
        spec=household_services.HouseholdSpec(
            code="HN-001",
            category="poor",
            list_year=today().year,
            village="Tổ dân phố 3",
            members=4,
            head_name="Lò Văn Bình",
            id_number="001080012345",
        ),
    )
    TOTP.activate(w.c1_officer, OFFICER_SECRET)
    TOTP.activate(w.c1_board, BOARD_SECRET)
    base = live_server.url
    fund_url = f"{base}/quy/{w.c1_fund.pk}/"
    on_fund = re.compile(re.escape(fund_url) + r"(#\w+)?$")

    # 1. The officer records a donation; the donor agreed to be named.
    _wait_for_a_fresh_code()
    officer = sign_in(browser, base, w.c1_officer.username, totp_secret=OFFICER_SECRET)
    officer.goto(f"{base}/quy/")
    _check(officer, "list")
    officer.goto(fund_url)
    _check(officer, "fund-empty")
    officer.locator("[data-testid=record-receipt]").first.click()
    officer.wait_for_url(re.compile(r"/quy/\d+/thu/"))
    officer.fill("#id_amount", "abc")
    officer.locator("[data-testid=form] button[type=submit]").click()
    expect(officer.locator("#id_amount")).to_have_attribute("aria-invalid", "true")
    _check(officer, "receipt-error")
    assert not LedgerEntry.objects.exists()
    officer.fill("#id_amount", "80.000.000")
    officer.fill("#id_donor_name", DONOR)
    officer.check("#id_publish_name")
    officer.fill("#id_receipt_number", "PT-0001")
    officer.locator("[data-testid=form] button[type=submit]").click()
    officer.wait_for_url(on_fund)
    expect(officer.locator("[data-testid=ledger]")).to_contain_text("80.000.000")

    # 2. A house for the household: above the threshold, it waits for the board.
    officer.locator("[data-testid=record-disbursement]").first.click()
    officer.wait_for_url(re.compile(r"/quy/\d+/chi/"))
    officer.fill("#id_amount", "60.000.000")
    officer.select_option("#id_purpose", "house_building")
    officer.select_option("#id_household", str(home.pk))
    officer.fill("#id_decision_number", "45/QĐ-MTTQ")
    officer.fill("#id_description", "Xây nhà Đại đoàn kết")
    _check(officer, "disbursement-form")
    officer.locator("[data-testid=form] button[type=submit]").click()
    officer.wait_for_url(on_fund)
    expect(officer.locator("[data-testid=pending]")).to_contain_text("60.000.000")
    _check(officer, "fund-pending")

    # 3. The board's chair approves; the money is paid.
    _wait_for_a_fresh_code()
    chair = sign_in(browser, base, w.c1_board.username, totp_secret=BOARD_SECRET)
    chair.goto(f"{base}/quy/cho-duyet/")
    expect(chair.locator("[data-testid=queue-item]")).to_have_count(1)
    _check(chair, "approvals")
    chair.locator("[data-testid=approve]").click()
    expect(chair.locator("[data-testid=empty]")).to_be_visible()
    w.c1_fund.refresh_from_db()
    assert w.c1_fund.balance == 20_000_000
    paid = LedgerEntry.objects.get(kind="disbursement")
    assert paid.approved_by == w.c1_board and paid.request.state == RequestState.PAID

    # 4. The public page acknowledges the donor and shows the decision, never the name.
    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(f"{base}/cong-khai/quy/")
    _check(public, "public-national")
    public.goto(f"{base}/cong-khai/quy/{w.c1_fund.pk}/")
    expect(public.locator("[data-testid=donors]")).to_contain_text(DONOR)
    expect(public.locator("[data-testid=decisions]")).to_contain_text("Tổ dân phố 3")
    expect(public.locator("[data-testid=decisions]")).to_contain_text("60.000.000")
    assert "Lò Văn Bình" not in public.content()
    _check(public, "public-fund")
    report = public.request.get(
        f"{base}/cong-khai/quy/{w.c1_fund.pk}/bao-cao.xlsx?period={today().year}"
    )
    assert report.status == 200
    cells = [
        str(c)
        for sheet in load_workbook(io.BytesIO(report.body()), read_only=True)
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert "80000000" in cells
    assert "60000000" in cells or "-60000000" in cells
    assert not any("Lò Văn Bình" in c for c in cells)

    # 5. The household's history shows the house.
    officer.goto(f"{base}/ho-duoc-ho-tro/{home.pk}/")
    expect(officer.locator("[data-testid=timeline]")).to_contain_text("60.000.000")
    _check(officer, "household")
    officer.goto(f"{base}/ho-duoc-ho-tro/")
    _check(officer, "households")
    assert Household.objects.get(pk=home.pk).support.filter(cancelled_at__isnull=True).count() == 1
    # The other pages of the module, in the shell at both widths.
    for path, name in (
        ("/cuoc-van-dong/", "campaigns"),
        ("/to-cong-dong/", "teams"),
        ("/cong-khai/cuoc-van-dong/", "public-campaigns"),
    ):
        officer.goto(base + path)
        _check(officer, name)
