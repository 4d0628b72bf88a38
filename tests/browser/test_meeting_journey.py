"""Journey (issue 19, point 7): a dialogue is scheduled, a question becomes a commitment, the
commitment is done and shown publicly. A commune officer plans a dialogue with the people and
announces it; a citizen with no account finds it on the public schedule on a phone and sends
a question; the officer turns the question into a commitment of the ward's People's
Committee, later marks it done with what was done; the citizen reads it on the public status
page. axe-core, "fits at 390 px" and screenshots at 390 px and 1,280 px on each page, in
$DANVAN_SCREENSHOTS: meetings-<page>-<width>.png."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.utils import timezone

from danvan.participation.meeting_rules import ensure_rules
from danvan.participation.models import (
    Commitment,
    CommitmentState,
    Meeting,
    MeetingRule,
    MeetingState,
    QuestionOutcome,
)
from tests.browser.pages import check_page
from tests.browser.phone import PHONE, sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SHOTS
from tests.participation.conftest import make_participating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPMEETINGSCOMMUNE2"


def _check(page: Any, name: str) -> None:
    check_page(page, "meetings", name)


def test_a_dialogue_question_becomes_a_commitment_done_in_public(
    units_loaded, reference_data, live_server, browser
):
    from allauth.mfa.totp.internal.auth import TOTP
    from playwright.sync_api import expect

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    ensure_rules(MeetingRule)
    p = make_participating()
    TOTP.activate(p.c1_officer, SECRET)
    base = live_server.url
    day = (timezone.localdate() + dt.timedelta(days=10)).strftime("%d/%m/%Y")

    # 1. The officer plans the dialogue and announces it.
    if time.time() % 30 > 24:
        time.sleep(30.5 - time.time() % 30)
    officer = sign_in(browser, base, p.c1_officer.username, totp_secret=SECRET)
    officer.goto(f"{base}/meetings/new/?kind=dialogue")
    officer.fill("input[name=title]", "Hội nghị đối thoại giữa UBND phường với Nhân dân năm 2026")
    officer.fill("input[name=day]", day)
    officer.fill("input[name=starts]", "08:00")
    officer.fill("input[name=ends]", "11:00")
    officer.fill("input[name=place]", "Hội trường UBND phường, số 1 phố Chính")
    officer.fill("input[name=chaired_by]", "Chủ tịch UBND phường; Chủ tịch UBMTTQ phường")
    officer.locator("main form button[type=submit]").first.click()
    officer.wait_for_url(f"{base}/meetings/*/")
    meeting = Meeting.objects.get()
    _check(officer, "planned")
    officer.locator(f"form[action='/meetings/{meeting.pk}/announce/'] button").click()
    officer.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.ANNOUNCED

    # 2. A citizen finds it on the public schedule, on a phone, and sends a question.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(15_000)
    phone.goto(f"{base}/lich-tiep-xuc/")
    expect(phone.get_by_test_id("schedule")).to_contain_text("Hội nghị đối thoại")
    _check(phone, "schedule")
    phone.locator(f"a[href='/lich-tiep-xuc/{meeting.key}/']").first.tap()
    phone.wait_for_url(f"{base}/lich-tiep-xuc/{meeting.key}/")
    phone.fill("textarea[name=text]", "Đề nghị lắp đèn chiếu sáng ngõ 7, tối rất nguy hiểm.")
    phone.fill("input[name=asked_by]", "Bà Nguyễn Thị Lan, tổ dân phố 5")
    phone.locator("form.ask-form button[type=submit]").tap()
    phone.wait_for_url(f"{base}/lich-tiep-xuc/{meeting.key}/?gui=1*")
    question = meeting.questions.get()
    assert question.online and question.asked_by.startswith("Bà Nguyễn Thị Lan")
    _check(phone, "asked")

    # 3. The officer turns it into a commitment of the ward's People's Committee.
    officer.goto(f"{base}/meetings/{meeting.pk}/")
    expect(officer.get_by_test_id(f"question-{question.pk}")).to_contain_text("đèn chiếu sáng")
    _check(officer, "meeting")
    officer.goto(f"{base}/meetings/questions/{question.pk}/commit/")
    officer.fill("textarea[name=text]", "Lắp 6 bóng đèn LED chiếu sáng ngõ 7")
    due = (timezone.localdate() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    officer.fill("input[name=due_on]", due)
    officer.locator("main form button[type=submit]").first.click()
    officer.wait_for_url(f"{base}/meetings/{meeting.pk}/*")
    commitment = Commitment.objects.get()
    question.refresh_from_db()
    assert question.outcome == QuestionOutcome.COMMITTED and commitment.owner == p.c1

    # 4. Done, with what was done.
    officer.goto(f"{base}/commitments/{commitment.pk}/")
    _check(officer, "commitment")
    officer.fill(
        "textarea[name=complete-evidence]", "Đã lắp 6 bóng đèn LED, nghiệm thu ngày hôm nay."
    )
    officer.locator("form:has(input[value=complete]) button[type=submit]").click()
    officer.wait_for_load_state()
    commitment.refresh_from_db()
    assert commitment.state == CommitmentState.DONE

    # 5. The citizen reads it on the public status page and on the meeting's page.
    phone.goto(f"{base}/cam-ket/")
    expect(phone.get_by_test_id("public-commitments")).to_contain_text("Lắp 6 bóng đèn LED")
    expect(phone.get_by_test_id("public-commitments")).to_contain_text("Đã lắp 6 bóng đèn LED")
    _check(phone, "public-commitments")
    phone.goto(f"{base}/lich-tiep-xuc/{meeting.key}/")
    expect(phone.locator("main")).to_contain_text("Lắp 6 bóng đèn LED chiếu sáng ngõ 7")
