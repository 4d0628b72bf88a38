"""Journey: a commune officer registers a "Dân vận khéo" model and starts building it, the
province evaluates it with scores and recognizes it by a decision; the public showcase shows
it and the staff figures count it — all through the pages, on a phone-sized screen."""

import re

import pytest

from danvan.exemplars.models import Exemplar, SubField
from danvan.lib.dates import format_vn_date, today
from tests.browser.phone import fits, sign_in
from tests.factories import Role, Scope, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = {"hieu-qua": "36", "sang-tao": "15", "lan-toa": "16", "dong-thuan": "18"}


def test_commune_registers_province_evaluates_and_recognizes(
    units_loaded, reference_data, live_server, browser
):
    from playwright.sync_api import expect

    network = build_network()
    user_with(network.commune_a1, Role.OFFICER, username="canbo_xa")
    user_with(network.province_a, Role.OFFICER, Scope.SUBTREE, username="canbo_tinh")
    user_with(network.province_a, Role.LEADER, Scope.SUBTREE, username="lanhdao_tinh")
    base = live_server.url
    year = today().year
    name = "Tổ tự quản đường hoa thôn Đông"

    commune = sign_in(browser, base, "canbo_xa")
    commune.goto(base + "/exemplars/")
    commune.get_by_test_id("register").click()
    commune.wait_for_url(base + "/exemplars/new/")
    commune.select_option("#id_organization", str(network.commune_a1.pk))
    commune.check("#id_kind_0")  # collective
    commune.fill("#id_name", name)
    commune.fill("#id_holder_name", "Thôn Đông")
    commune.select_option("#id_field", "culture_society")
    commune.check(f"input[name=subfields][value='{SubField.objects.get(code='moi-truong').pk}']")
    commune.fill("#id_year", str(year))
    commune.fill("#id_period_start", f"01/01/{year}")
    commune.fill("#id_description", "Nhân dân góp công, góp đất trồng và chăm sóc 2 km đường hoa.")
    commune.fill("#id_result_land_donated", "1.250")
    commune.fill("#id_result_road_built", "2")
    assert fits(commune)
    commune.locator("main form button[type=submit]").click()
    commune.wait_for_url(re.compile(r"/exemplars/\d+/$"))
    detail = commune.url
    exemplar = Exemplar.objects.get()
    assert detail == f"{base}/exemplars/{exemplar.pk}/"
    assert {r.metric for r in exemplar.results.all()} == {"land_donated", "road_built"}
    commune.locator("form:has(input[value=start]) button[type=submit]").click()
    expect(commune.get_by_test_id("state")).to_have_text(re.compile("Đang xây dựng|Being built"))
    assert fits(commune)

    officer = sign_in(browser, base, "canbo_tinh")
    officer.goto(detail)
    officer.locator("details:has(input[value=evaluate]) summary").click()
    officer.select_option("#id_evaluate_by", str(network.province_a.pk))
    for code, score in SCORES.items():
        officer.fill(f"#id_evaluate_score_{code}", score)
    officer.locator("form:has(input[value=evaluate]) button[type=submit]").click()
    expect(officer.get_by_test_id("state")).to_have_text(re.compile("Đã thẩm định|Evaluated"))
    assert officer.get_by_test_id("evaluation").count() == 1

    leader = sign_in(browser, base, "lanhdao_tinh")
    leader.goto(detail)
    leader.locator("details:has(input[value=recognize]) summary").click()
    leader.select_option("#id_recognize_by", str(network.province_a.pk))
    leader.fill("#id_recognize_decision_number", "125/QĐ-BTGDV")
    leader.fill("#id_recognize_decision_date", format_vn_date(today()))
    leader.locator("form:has(input[value=recognize]) button[type=submit]").click()
    expect(leader.get_by_test_id("state")).to_have_text(re.compile("Đã công nhận|Recognized"))
    assert leader.get_by_test_id("decision").inner_text() == "125/QĐ-BTGDV"
    assert fits(leader)

    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(base + "/dan-van-kheo/")
    assert public.get_by_role("link", name=name).count() == 1
    public.goto(base + "/dan-van-kheo/?q=duong+hoa+thon+dong")
    assert public.get_by_role("link", name=name).count() == 1

    leader.goto(base + "/exemplars/figures/")
    summary = leader.get_by_test_id("summary")
    assert summary.locator("dd").first.inner_text().strip() == "1"
