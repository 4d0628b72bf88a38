"""Journey (issue 19, point 7): a citizen comments on article 3 of a draft on a phone and
later reads the answer in the published synthesis. A commune's People's Committee has put
a draft up for comments (split from its .docx); a citizen signs in on a phone, opens the
draft, taps "comment on article 3", sends the form empty (reads the error beside the
field), then disagrees with clause 3 and proposes a wording; the officer answers it on a
desktop; the consultation's period ends, the officer closes it and publishes the synthesis;
the citizen reads the answer there. axe-core, "fits at 390 px" and screenshots at 390 px
and 1,280 px on each page, in $DANVAN_SCREENSHOTS: consultations-<page>-<width>.png."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from danvan.lib.dates import today
from danvan.participation.models import AnswerOutcome, Comment, Consultation, ConsultationState
from danvan.participation.services import consultations as svc
from tests.browser.pages import check_page
from tests.browser.phone import sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_reports_journey import SHOTS
from tests.participation.conftest import make_participating
from tests.participation.test_consultations_services import draft_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPCONSULTCOMMUNEAB"


def _check(page: Any, name: str) -> None:
    check_page(page, "consultations", name)


def test_a_citizen_comments_on_article_3_and_reads_the_answer_in_the_synthesis(
    units_loaded, reference_data, live_server, browser
):
    from allauth.mfa.totp.internal.auth import TOTP
    from playwright.sync_api import expect

    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    SHOTS.mkdir(parents=True, exist_ok=True)
    p = make_participating()
    start = today()
    c = svc.create_consultation(
        body=p.c1,
        title="Quy định về tổ chức đối thoại giữa Chủ tịch UBND xã với Nhân dân",
        document_kind="Quy định",
        summary="Ủy ban nhân dân xã lấy ý kiến Nhân dân về dự thảo Quy định.",
        opens_on=start,
        closes_on=start + dt.timedelta(days=svc.min_days()),
        draft=draft_upload(),
        actor=p.c1_officer,
    )
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    TOTP.activate(p.c1_officer, SECRET)
    base = live_server.url

    # 1. A citizen on a phone: the drafts, the draft, article 3.
    phone = sign_in(browser, base, p.citizen.username)
    phone.goto(f"{base}/gop-y-du-thao/")
    _check(phone, "public-list")
    phone.get_by_role("link", name=c.title).click()
    expect(phone.get_by_test_id("draft")).to_contain_text("Thời gian đối thoại")
    _check(phone, "draft")
    phone.get_by_test_id("comment-article-3").click()
    expect(phone.get_by_test_id("comment-form")).to_be_visible()

    # 2. Sent empty: the error beside the field; then a real comment on clause 3.
    phone.get_by_role("button", name="Gửi ý kiến góp ý").click()
    phone.wait_for_load_state()
    expect(phone.locator("#id_stance-error")).to_be_visible()
    assert Comment.objects.count() == 0
    _check(phone, "comment-error")
    phone.locator("#id_target").select_option(label="Khoản 3, Điều 3")
    phone.locator("label", has_text="Không đồng ý").click()
    phone.locator("#id_proposed_wording").fill("Thông báo trước ít nhất 10 ngày làm việc.")
    phone.locator("#id_reasons").fill("Người dân đi làm ăn xa cần thời gian sắp xếp.")
    phone.locator("#id_display_name").fill("Chị Lan, thôn Đông")
    phone.get_by_role("button", name="Gửi ý kiến góp ý").click()
    expect(phone.get_by_test_id("sent")).to_be_visible()
    made = Comment.objects.get()
    assert made.part is not None and made.part.number == "3" and made.part.kind == "clause"
    assert made.part.article is not None and made.part.article.number == "3"
    _check(phone, "comment-sent")

    # 3. The officer answers it on a desktop.
    if time.time() % 30 > 24:
        time.sleep(30.5 - time.time() % 30)
    officer = sign_in(
        browser,
        base,
        p.c1_officer.username,
        viewport={"width": 1280, "height": 900},
        totp_secret=SECRET,
    )
    officer.goto(f"{base}/consultations/new/")
    _check(officer, "new")
    preparing = svc.create_consultation(
        body=p.c1,
        title="Kế hoạch tổ chức hội nghị đối thoại năm 2027",
        opens_on=start,
        closes_on=start + dt.timedelta(days=svc.min_days()),
        draft=draft_upload(),
        actor=p.c1_officer,
    )
    officer.goto(f"{base}/consultations/{preparing.pk}/parts/")
    expect(officer.get_by_test_id("parts")).to_contain_text("Thời gian đối thoại")
    _check(officer, "parts")
    officer.goto(f"{base}/consultations/")
    _check(officer, "list")
    officer.get_by_role("link", name=c.title).click()
    _check(officer, "detail-open")
    officer.goto(f"{base}/consultations/{c.pk}/comments/?phan={made.part.article_id}")
    comment_box = officer.locator(f"#comment-{made.pk}")
    expect(comment_box).to_contain_text("10 ngày làm việc")
    comment_box.locator(f"#a{made.pk}-{AnswerOutcome.ACCEPTED}").check()
    comment_box.locator(f"#a{made.pk}-text").fill(
        "Tiếp thu: khoản 3 sửa thành thông báo trước ít nhất 10 ngày làm việc."
    )
    comment_box.get_by_role("button", name="Lưu nội dung trả lời").click()
    expect(officer.locator(f"[data-testid=answer-{made.pk}]")).to_contain_text("Tiếp thu")
    _check(officer, "comments")

    # 4. The period ends; the officer closes the consultation and publishes the synthesis.
    Consultation.objects.filter(pk=c.pk).update(
        opens_on=start - dt.timedelta(days=svc.min_days() + 1),
        closes_on=start - dt.timedelta(days=1),
    )
    officer.goto(f"{base}/consultations/{c.pk}/")
    officer.get_by_role("button", name="Kết thúc lấy ý kiến").click()
    officer.get_by_role("button", name="Công khai bảng tổng hợp").click()
    expect(officer.get_by_test_id("state")).to_contain_text("Đã công khai bảng tổng hợp")
    assert Consultation.objects.get(pk=c.pk).state == ConsultationState.PUBLISHED
    _check(officer, "detail-published")

    # 5. The citizen reads the answer in the synthesis, on the phone.
    phone.goto(f"{base}/gop-y-du-thao/{c.pk}/")
    phone.get_by_test_id("synthesis-link").click()
    synthesis = phone.get_by_test_id("synthesis")
    expect(synthesis).to_contain_text("Chị Lan, thôn Đông")
    expect(synthesis).to_contain_text("khoản 3 sửa thành thông báo trước ít nhất 10 ngày")
    expect(synthesis).to_contain_text("Khoản 3, Điều 3")
    _check(phone, "synthesis")
    docx = phone.request.get(f"{base}/gop-y-du-thao/{c.pk}/tong-hop.docx")
    assert docx.ok and docx.body()[:2] == b"PK"
