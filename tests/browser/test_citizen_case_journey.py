"""Journey: a citizen sends a matter from a phone, an officer accepts and answers it, and the
citizen reads the answer and rates it — all through the pages, in Vietnamese."""

import pytest

from tests.factories import PASSWORD, Role, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_submits_officer_answers_citizen_rates(units_loaded, live_server, browser):
    network = build_network()
    user_with(network.commune_a1_committee, Role.OFFICER, username="canbo_ubnd")
    base = live_server.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(base + "/phan-anh/gui/")
    phone.fill("#id_title", "Cống thoát nước bị tắc")
    phone.fill("#id_content", "Cống trước nhà số 12 bị tắc, nước tràn ra đường mỗi khi mưa.")
    phone.select_option("#id_province", str(network.province_a.unit_id))
    phone.wait_for_selector(
        f"#id_unit option[value='{network.commune_a1.unit_id}']", state="attached"
    )
    phone.select_option("#id_unit", str(network.commune_a1.unit_id))
    phone.fill("#id_full_name", "Lê Văn Dân")
    phone.fill("#id_phone", "0912000111")
    phone.check("#id_consent")
    phone.locator("main form button[type=submit]").click()
    code = phone.get_by_test_id("tracking-code").inner_text()
    secret = phone.get_by_test_id("secret").inner_text()
    assert code.startswith("DV") and len(secret) == 10
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    officer = browser.new_context().new_page()
    officer.goto(base + "/accounts/login/")
    officer.fill("input[name=login]", "canbo_ubnd")
    officer.fill("input[name=password]", PASSWORD)
    officer.locator("main form button[type=submit]").first.click()
    officer.wait_for_url(base + "/home/")
    officer.goto(base + "/cases/")
    officer.get_by_role("link", name=code).click()
    officer.locator("details:has(input[value=classify]) summary").click()
    officer.select_option("#id_kind", "feedback")
    officer.locator("form:has(input[value=classify]) button[type=submit]").click()
    officer.locator("form:has(input[value=accept]) button[type=submit]").click()
    officer.fill("#id_text", "Đã cử công nhân nạo vét cống ngày 20/11, nước đã thoát bình thường.")
    officer.locator("form:has(input[value=answer]) button[type=submit]").click()
    assert officer.get_by_test_id("state").inner_text() in ("Đã giải quyết", "Resolved")

    citizen = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    citizen.goto(base + "/phan-anh/tra-cuu/")
    citizen.fill("#id_tracking_code", code)
    citizen.fill("#id_secret", secret)
    citizen.locator("main form button[type=submit]").click()
    assert "nạo vét cống" in citizen.get_by_test_id("answer").inner_text()
    citizen.check("input[name=rating][value='5']")
    citizen.fill("#id_comment", "Xử lý nhanh, cảm ơn.")
    citizen.locator("main form button[type=submit]").click()
    assert "5/5" in citizen.get_by_test_id("rated").inner_text()
