"""Journey (issue 19, point 7): a citizen scans a survey's QR code and answers it on a phone.
A commune officer opens the survey's page (the QR code there encodes exactly the public
link, marked as come by QR code); a citizen with no account opens that link on a phone,
sends the form with a required question left out, reads the error beside it, answers every
type of question (the last appears only once "Khác" is chosen) and sends; the officer reads
the answer in the results. axe-core, "fits at 390 px" and screenshots at 390 px and 1,280 px
on each page, in $DANVAN_SCREENSHOTS: surveys-<page>-<width>.png."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
import segno

from danvan.surveys.models import Channel, Response
from danvan.surveys.services import building
from tests.browser.pages import check_page
from tests.browser.phone import PHONE, sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SHOTS
from tests.surveys.conftest import ask_everything, long_only_if_other, make_surveying

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPSURVEYSCOMMUNEOF"


def _check(page: Any, name: str) -> None:
    check_page(page, "surveys", name)


def test_a_citizen_scans_the_qr_code_and_answers_on_a_phone(
    units_loaded, reference_data, live_server, browser
):
    from allauth.mfa.totp.internal.auth import TOTP
    from playwright.sync_api import expect

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    s = make_surveying()
    asked = ask_everything(s.c1, s.c1_officer)
    long_only_if_other(asked, s.c1_officer)
    survey = building.open_survey(survey=asked.survey, actor=s.c1_officer)
    TOTP.activate(s.c1_officer, SECRET)
    base = live_server.url

    # 1. The officer's page shows the QR code of the public link.
    if time.time() % 30 > 24:
        time.sleep(30.5 - time.time() % 30)
    officer = sign_in(browser, base, s.c1_officer.username, totp_secret=SECRET)
    officer.goto(f"{base}/surveys/{survey.pk}/")
    link = officer.get_by_test_id("public-link").inner_text().strip()
    assert link == f"{base}/khao-sat/{survey.key}/"
    served = officer.request.get(f"{base}/khao-sat/{survey.key}/qr.svg").body()
    expected = io.BytesIO()
    segno.make(f"{link}?kenh=qr", error="m").save(
        expected, kind="svg", scale=8, border=4, title=survey.title
    )
    assert served == expected.getvalue()  # what a phone's camera reads is this address
    _check(officer, "survey")

    # 2. A citizen opens it on a phone, with no account.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(15_000)
    phone.goto(f"{link}?kenh=qr")
    expect(phone.get_by_test_id("answer-form")).to_be_visible()
    phone.locator(f"#q{asked.short.pk} input").fill("Cấp giấy khai sinh")
    phone.get_by_role("button", name="Gửi phiếu trả lời").tap()
    phone.wait_for_load_state()
    expect(phone.locator(f"#q{asked.rating.pk}-error")).to_be_visible()
    assert phone.locator(f"#q{asked.short.pk} input").input_value() == "Cấp giấy khai sinh"
    assert Response.objects.count() == 0
    _check(phone, "answer-error")

    # 3. Every type of question answered, then sent.
    phone.locator(f"#q{asked.rating.pk} .scale-point", has_text="4").tap()
    # "Góp ý khác" is asked only of those who chose "Khác": hidden until then.
    expect(phone.locator(f"#q{asked.long.pk}")).to_be_hidden()
    phone.locator(f"#q{asked.single.pk} label.choice", has_text="Khác (ghi rõ)").tap()
    expect(phone.locator(f"#q{asked.long.pk}")).to_be_visible()
    phone.locator(f"input[name=q{asked.single.pk}-other]").fill("Tổ trưởng tổ dân phố")
    for text in ("Thời gian chờ", "Thái độ"):
        phone.locator(f"#q{asked.multiple.pk} label.choice", has_text=text).tap()
    for row in asked.matrix.rows.all():
        phone.locator(f"input[name=q{asked.matrix.pk}-r{row.pk}]").last.check()
    phone.locator(f"#q{asked.number.pk} input").fill("2")
    selects = phone.locator(f"#q{asked.ranking.pk} select")
    for i, text in enumerate(["Đúng", "Nhanh", "Rẻ"]):
        selects.nth(i).select_option(label=text)
    phone.locator(f"#q{asked.long.pk} textarea").fill("Nên có thêm ghế chờ.")
    phone.get_by_role("button", name="Gửi phiếu trả lời").tap()
    phone.wait_for_url(f"{base}/khao-sat/{survey.key}/cam-on/")
    _check(phone, "thanks")
    response = Response.objects.get()
    assert response.channel == Channel.QR and response.body == s.c1
    assert response.answers.get(question=asked.rating).number == 4
    ranked = response.answers.filter(question=asked.ranking).order_by("number")
    assert [a.choice.text for a in ranked] == ["Đúng", "Nhanh", "Rẻ"]

    # 4. The officer reads it in the results.
    officer.goto(f"{base}/surveys/{survey.pk}/results/")
    expect(officer.get_by_test_id("totals")).to_contain_text("1")
    expect(officer.locator("main")).to_contain_text("Nên có thêm ghế chờ.")
    _check(officer, "results")
