"""Issue 16, point 4, in the browser: the inbox and a matter's page at 390 px and 1,280 px.

On a phone the filters are folded behind one button and the first matter shows on the first
screen; the tables become cards; the long lists of bodies are searchable (diacritics or not)
with Vietnamese texts; the possible duplicates sit folded below the actions; the citizen's
receipt prints without the site's navigation. Screenshots go to $DANVAN_SCREENSHOTS (default
/tmp/danvan-shots); every page passes axe-core and breaks no Content-Security-Policy rule.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from danvan.cases.services import workflow
from tests.browser.test_accessibility import _violations
from tests.factories import PASSWORD, Role, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DANVAN_SCREENSHOTS", Path(tempfile.gettempdir()) / "danvan-shots"))
FLOODING_AGAIN = (
    "Đường trước chợ lại ngập sau mưa lớn",
    "Mỗi khi mưa lớn, đoạn đường trước chợ ngập sâu vì cống bị tắc, đề nghị nạo vét cống.",
)
OTHERS = [
    ("Chậm cấp giấy chứng nhận quyền sử dụng đất", "Hồ sơ xin cấp sổ đỏ nộp từ năm ngoái."),
    ("Quán karaoke hát khuya", "Quán karaoke đầu ngõ mở nhạc rất to sau mười một giờ đêm."),
    ("Đèn chiếu sáng công cộng hỏng", "Cột đèn ở ngã tư tổ dân phố 5 tắt cả tháng nay."),
    ("Rác thải đổ trộm bên bờ sông", "Có người đổ trộm rác xây dựng bên bờ sông vào ban đêm."),
]


def _world():
    from tests.duplicates.conftest import FLOODING, make_case

    network = build_network()
    leader = user_with(
        network.commune_a1_committee, Role.LEADER, username="lanhdao_xa", full_name="Phạm Văn Cán"
    )
    user_with(network.commune_a1_committee, Role.OFFICER, username="canbo_xa")
    for texts in OTHERS * 3:
        make_case(network, texts)
    make_case(network, FLOODING_AGAIN)
    make_case(network, FLOODING_AGAIN)
    case = make_case(network, FLOODING)
    workflow.classify(actor=leader, case=case, kind="feedback", field=None)
    workflow.add_note(actor=leader, case=case, text="Đã gọi cho người dân.")
    workflow.add_note(actor=leader, case=case, text="Đã hẹn khảo sát hiện trường.")
    return network, case


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/home/")


def _searchable(page, select_id: str, typed: str) -> list[str]:
    """What the searchable select `select_id` offers after typing `typed`. (Functions, not
    expressions, are evaluated: the page's CSP forbids eval.)"""
    # The wrapper: a single select's input hides off-screen until the list is opened.
    page.locator(f"#{select_id}-ts-control").locator("xpath=..").click()
    page.wait_for_function(
        "id => document.getElementById(id).tomselect.isOpen", arg=select_id, timeout=30_000
    )
    page.keyboard.type(typed)
    try:
        # Tom Select filters a moment after the last key (its refreshThrottle).
        page.wait_for_function(
            "([id, typed]) => document.getElementById(id).tomselect.lastQuery === typed",
            arg=[select_id, typed],
            timeout=30_000,
        )
    except Exception as error:
        state = page.evaluate(
            "id => { const t = document.getElementById(id).tomselect;"
            " return [t.inputValue(), t.lastQuery, t.isOpen, t.isFocused]; }",
            select_id,
        )
        raise AssertionError(f"{select_id}: typed {typed!r}, the control holds {state}") from error
    dropdown = page.locator(f"#{select_id}-ts-dropdown")
    texts = dropdown.locator(".option, .no-results").all_inner_texts()
    page.keyboard.press("Escape")
    page.evaluate(
        "id => { const t = document.getElementById(id).tomselect; t.setTextboxValue('');"
        " t.close(); t.blur(); }",
        select_id,
    )
    return texts


def test_inbox_and_matter_page_on_a_phone_and_a_desktop(units_loaded, live_server, browser):
    network, case = _world()
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    for width, height in ((390, 844), (1280, 900)):
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, base, "lanhdao_xa")

        # --- the inbox
        page.goto(base + "/cases/")
        filters = page.get_by_test_id("filters")
        first = page.get_by_test_id("matter").first
        box = first.bounding_box()
        assert box is not None
        if width == 390:
            assert filters.get_attribute("open") is None  # folded behind its button
            assert box["y"] < height, f"the first matter starts at {box['y']} px"
            # The title reads as a line of text, not a word per line.
            title = first.locator("th.title-cell").bounding_box()
            assert title is not None and title["width"] > 300
        else:
            assert filters.get_attribute("open") is not None  # open on a desktop
            title = first.locator("th.title-cell").bounding_box()
            assert title is not None and title["width"] >= 200
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(page) == [], f"inbox at {width}"
        page.screenshot(path=str(SHOTS / f"matter-inbox-{width}.png"))
        page.screenshot(path=str(SHOTS / f"matter-inbox-{width}-full.png"), full_page=True)

        # Searchable lists, without diacritics, in Vietnamese.
        if width == 390:
            filters.locator("summary").click()
        unit_name = network.commune_a1.unit.name
        assert unit_name in _searchable(page, "unit", _folded(unit_name))
        assert _searchable(page, "unit", "khong co noi nay") == ["Không tìm thấy kết quả"]

        # A filter leaves a chip that removes it.
        page.fill("#q", "ngap")
        filters.locator("button[type=submit]").click()
        chips = page.get_by_test_id("chips")
        assert "“ngap”" in chips.inner_text()
        first = page.get_by_test_id("matter").first
        box = first.bounding_box()
        assert box is not None and (width > 390 or box["y"] < height)
        page.screenshot(path=str(SHOTS / f"matter-inbox-filtered-{width}.png"))

        # --- the matter's page
        page.goto(f"{base}/cases/{case.tracking_code}/")
        duplicates = page.get_by_test_id("duplicates")
        assert duplicates.locator("details").get_attribute("open") is None
        assert page.get_by_test_id("suggestion").count() == 2  # not the ward's 12 others
        actions = page.locator("#act-h").bounding_box()
        dup = duplicates.bounding_box()
        assert actions is not None and dup is not None and actions["y"] < dup["y"]
        timeline = page.get_by_test_id("timeline").inner_text()
        assert timeline.count("Phạm Văn Cán") == 1
        page.locator("details:has(#id_to) summary").click()
        committee = network.province_a_committee.name  # "Ủy ban nhân dân Thành phố Hà Nội"
        assert _searchable(page, "id_to", _folded(committee)) == [committee]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(page) == [], f"matter page at {width}"
        page.locator("details:has(#id_to) summary").click()
        duplicates.locator("summary").click()
        page.screenshot(path=str(SHOTS / f"matter-page-{width}.png"), full_page=True)

        # --- recording a matter: the province's communes arrive (htmx) in a searchable list
        if width == 1280:
            page.goto(base + "/cases/new/")
            page.select_option("#id_province", str(network.province_a.unit_id))
            page.wait_for_function(
                "n => document.getElementById('id_unit').tomselect.options[n] !== undefined",
                arg=str(network.commune_a1.unit_id),
            )
            assert _searchable(page, "id_unit", _folded(unit_name)) == [unit_name]
            assert _violations(page) == [], "entry form"
        page.context.close()


def test_the_receipt_shows_both_dates_and_prints_cleanly(units_loaded, live_server, browser):
    from danvan.cases.services.intake import submit
    from tests.cases.conftest import submission

    network = build_network()
    result = submit(submission=submission(network), client="test", idempotency_key="rc-1")
    base = live_server.url
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    # Following the matter grants the session; the receipt page is what the form leads to.
    page.goto(base + "/phan-anh/tra-cuu/")
    page.fill("#id_tracking_code", result.case.tracking_code)
    page.fill("#id_secret", result.secret)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/phan-anh/{result.case.tracking_code}/")
    page.goto(f"{base}/phan-anh/{result.case.tracking_code}/da-gui/")
    receipt = page.get_by_test_id("receipt")
    assert page.get_by_test_id("received").inner_text().strip()
    assert "ngày làm việc" in page.get_by_test_id("first-due").inner_text()
    assert page.get_by_role("button", name="In giấy biên nhận").is_visible()
    assert _violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "matter-receipt-390.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator("body > header").is_visible()
    assert not page.locator("body > footer").is_visible()
    assert not page.get_by_role("button", name="In giấy biên nhận").is_visible()
    code = page.get_by_test_id("tracking-code")
    assert code.is_visible() and receipt.is_visible()
    size = page.evaluate("el => parseFloat(getComputedStyle(el).fontSize)", code.element_handle())
    assert size >= 32
    page.screenshot(path=str(SHOTS / "matter-receipt-print.png"), full_page=True)


def _folded(name: str) -> str:
    from danvan.lib.text import fold

    return fold(name)
