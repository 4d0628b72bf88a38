"""The consultations' pages: the officers' list, creation with the draft's upload (a bad
file and bad dates come back with 400 beside the field), the parts editor, opening, the
comments with moderation and answers; the public's draft, article page and comment form
(idempotent, moderated, rate-limited), the e-mail verification, and the synthesis only once
published. Query counts bounded on the lists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.participation.models import (
    AnswerOutcome,
    Comment,
    CommentState,
    Consultation,
    ConsultationState,
    PartKind,
)
from danvan.participation.services import consultations as svc
from tests.factories import sign_in

from .test_consultations_services import NOW, article, comment, draft_upload, make_consultation

pytestmark = pytest.mark.django_db


def _new_post(body, **over):  # type: ignore[no-untyped-def]
    data = {
        "body": str(body.pk),
        "title": "Quy định về tổ chức đối thoại",
        "document_kind": "Quy định",
        "summary": "Lấy ý kiến Nhân dân.",
        "opens_on": "07/12/2026",
        "closes_on": "31/12/2026",
        "citizens_may_comment": "on",
        "organizations_may_comment": "on",
    }
    data.update(over)
    return data


@time_machine.travel(NOW)
def test_an_officer_creates_a_consultation_with_its_draft_split(client, participating):
    p = participating
    sign_in(client, p.c1_officer)
    assert client.get(reverse("participation:consultation_new")).status_code == 200
    response = client.post(
        reverse("participation:consultation_new"), {**_new_post(p.c1), "file": draft_upload()}
    )
    c = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:consultation_parts", args=[c.pk])
    assert c.body == p.c1 and c.parts.filter(kind=PartKind.ARTICLE).count() == 4
    page = client.get(reverse("participation:consultation_parts", args=[c.pk]))
    assert "Thời gian đối thoại" in page.content.decode()


@time_machine.travel(NOW)
def test_bad_input_comes_back_with_400_beside_the_field(client, participating):
    sign_in(client, participating.c1_officer)
    url = reverse("participation:consultation_new")
    short = client.post(url, _new_post(participating.c1, closes_on="10/12/2026"))
    assert short.status_code == 400
    assert 'id="id_closes_on-error"' in short.content.decode()
    wrong = client.post(url, _new_post(participating.c1, opens_on="32/13/2026"))
    assert wrong.status_code == 400
    bad_file = client.post(
        url,
        {
            **_new_post(participating.c1),
            "file": SimpleUploadedFile("du-thao.docx", b"MZ not a docx at all"),
        },
    )
    assert bad_file.status_code == 400
    assert 'id="id_file-error"' in bad_file.content.decode()
    assert not Consultation.objects.exists()


@time_machine.travel(NOW)
def test_the_parts_editor_adds_and_edits_parts_before_opening(client, participating):
    p = participating
    c = make_consultation(p)
    sign_in(client, p.c1_officer)
    url = reverse("participation:consultation_parts", args=[c.pk])
    refused = client.post(url, {"kind": "nonsense", "number": "9"})
    assert refused.status_code == 400
    added = client.post(url, {"kind": PartKind.ARTICLE, "number": "5", "heading": "Hiệu lực"})
    assert added.status_code == 302
    a5 = c.parts.get(number="5")
    edit = reverse("participation:consultation_part", args=[c.pk, a5.pk])
    empty = client.post(edit, {"kind": PartKind.ARTICLE, "number": "", "heading": "", "text": ""})
    assert empty.status_code == 400
    client.post(edit, {"kind": PartKind.ARTICLE, "number": "5", "heading": "Thi hành", "text": ""})
    a5.refresh_from_db()
    assert a5.heading == "Thi hành"
    sign_in(client, p.c2_officer)
    assert client.get(edit).status_code == 403


@time_machine.travel(NOW)
def test_opening_early_dates_and_closing_before_the_last_day_are_refused_with_400(
    client, participating
):
    p = participating
    c = make_consultation(p)
    sign_in(client, p.c1_officer)
    assert client.post(reverse("participation:consultation_open", args=[c.pk])).status_code == 302
    closing = client.post(reverse("participation:consultation_close", args=[c.pk]))
    assert closing.status_code == 400
    assert 'id="state-error"' in closing.content.decode()
    c.refresh_from_db()
    assert c.state == ConsultationState.OPEN


@time_machine.travel(NOW)
def test_a_signed_in_citizen_comments_on_article_3_once(client, participating):
    p = participating
    c = make_consultation(p)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    a3 = article(c, "3")
    url = reverse("participation_public:part", args=[c.pk, a3.pk])
    anonymous = client.get(url)
    assert (
        anonymous.status_code == 200 and 'data-testid="verify-link"' in anonymous.content.decode()
    )
    sign_in(client, p.citizen)
    page = client.get(url).content.decode()
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = {
        "key": key,
        "target": str(a3.pk),
        "stance": "disagree",
        "proposed_wording": "Thông báo trước ít nhất 10 ngày làm việc.",
        "reasons": "Người dân cần thời gian sắp xếp.",
        "display_name": "Chị Lan",
    }
    missing = client.post(url, {**data, "stance": ""})
    assert missing.status_code == 400
    assert 'id="id_stance-error"' in missing.content.decode()
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert Comment.objects.count() == 1
    shown = client.get(first["Location"]).content.decode()
    assert "Thông báo trước ít nhất 10 ngày làm việc." in shown


@time_machine.travel(NOW)
def test_a_robot_filling_the_hidden_field_leaves_nothing(client, participating):
    p = participating
    c = make_consultation(p)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    sign_in(client, p.citizen)
    url = reverse("participation_public:whole", args=[c.pk])
    client.post(url, {"key": "x1", "stance": "agree", "display_name": "Bot", "website": "spam"})
    assert not Comment.objects.exists()


@time_machine.travel(NOW)
def test_a_citizen_without_an_account_verifies_an_email_then_comments(
    client, participating, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    p = participating
    c = make_consultation(p)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    verify = reverse("participation_public:verify", args=[c.pk])
    whole = reverse("participation_public:whole", args=[c.pk])
    assert client.post(verify, {"email": "không đúng"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(verify, {"email": "lan@example.vn", "next": whole})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    assert client.post(verify, {"code": "000000", "next": whole}).status_code == 400
    done = client.post(verify, {"code": code, "next": whole})
    assert done.status_code == 302 and done["Location"] == whole
    sent = client.post(
        whole, {"key": "k-e", "stance": "agree", "display_name": "Lan", "reasons": ""}
    )
    assert sent.status_code == 302
    made = Comment.objects.get()
    assert made.contact == "lan@example.vn"
    assert "lan@example.vn" not in client.get(whole).content.decode()
    svc.hide_comment(comment=made, reason="Trùng với ý kiến khác", actor=p.c1_officer)
    assert "Trùng với ý kiến khác" in client.get(whole).content.decode()  # the author's own
    client.cookies.clear()
    assert "Trùng với ý kiến khác" not in client.get(whole).content.decode()


@time_machine.travel(NOW)
def test_moderation_hides_a_comment_from_the_public_but_not_from_its_author(client, participating):
    p = participating
    c = make_consultation(p)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    made = comment(c, p.citizen, reasons="Nội dung xúc phạm cán bộ")
    sign_in(client, p.c1_officer)
    hide = reverse("participation:consultation_comment_hide", args=[c.pk, made.pk])
    assert client.post(hide, {"reason": ""}).status_code == 400
    assert client.post(hide, {"reason": "Lời lẽ không phù hợp"}).status_code == 302
    made.refresh_from_db()
    assert made.state == CommentState.HIDDEN
    url = reverse("participation_public:part", args=[c.pk, article(c, "3").pk])
    client.logout()
    assert "Nội dung xúc phạm" not in client.get(url).content.decode()
    sign_in(client, p.citizen)
    own = client.get(url).content.decode()
    assert "Nội dung xúc phạm" in own and "Lời lẽ không phù hợp" in own


@time_machine.travel(NOW)
def test_answers_are_given_and_the_synthesis_is_public_only_once_published(client, participating):
    p = participating
    c = make_consultation(p)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    made = comment(c, p.citizen)
    synthesis = reverse("participation_public:synthesis", args=[c.pk])
    assert client.get(synthesis).status_code == 404
    sign_in(client, p.c1_officer)
    answer = reverse("participation:consultation_comment_answer", args=[c.pk, made.pk])
    assert client.post(answer, {"outcome": "maybe", "text": ""}).status_code == 400
    assert (
        client.post(answer, {"outcome": AnswerOutcome.ACCEPTED, "text": "Đã sửa."}).status_code
        == 302
    )
    page = client.get(
        reverse("participation:consultation_comments", args=[c.pk]) + f"?phan={article(c, '3').pk}"
    )
    assert "Đã sửa." in page.content.decode()
    with time_machine.travel(c.closes_on + dt.timedelta(days=1)):
        sign_in(client, p.c1_officer)  # a new day, a new session
        closed = client.post(reverse("participation:consultation_close", args=[c.pk]))
        assert closed.status_code == 302
        assert client.get(synthesis).status_code == 404
        published = client.post(reverse("participation:consultation_publish", args=[c.pk]))
        assert published.status_code == 302
        client.logout()
        shown = client.get(synthesis)
        assert shown.status_code == 200
        assert "Đã sửa." in shown.content.decode()
        docx = client.get(reverse("participation_public:synthesis_docx", args=[c.pk]))
        assert docx.status_code == 200 and docx.content[:2] == b"PK"


@time_machine.travel(NOW)
def test_the_detail_page_shows_statistics_and_the_comments_page_works(client, participating):
    p = participating
    c = make_consultation(p)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    comment(c, p.citizen)
    comment(c, p.stranger, key="k2", stance="agree", reasons="", part=None)
    sign_in(client, p.city_leader)  # reads, does not manage
    page = client.get(reverse("participation:consultation", args=[c.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="stats"' in html and "Open for comments</button>" not in html
    comments = client.get(reverse("participation:consultation_comments", args=[c.pk]))
    assert comments.status_code == 200
    assert "Save the answer" not in comments.content.decode()
    sign_in(client, p.other_officer)
    assert client.get(reverse("participation:consultation", args=[c.pk])).status_code == 403


@time_machine.travel(NOW)
def test_lists_stay_within_a_few_queries(client, participating, django_assert_max_num_queries):
    p = participating
    for n in range(6):
        c = make_consultation(p, upload=n == 0)
        svc.open_consultation(consultation=c, actor=p.c1_officer)
        comment(c, p.citizen, part=None)
    sign_in(client, p.c1_officer)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("participation:consultations")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(14):
        assert client.get(reverse("participation_public:consultations")).status_code == 200
    first = Consultation.objects.order_by("pk").first()
    assert first is not None
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("participation_public:consultation", args=[first.pk])).status_code
            == 200
        )
    a3 = article(first, "3")
    for n in range(5):
        comment(first, p.stranger, key=f"m{n}", part=a3)
    with django_assert_max_num_queries(18):
        assert (
            client.get(reverse("participation_public:part", args=[first.pk, a3.pk])).status_code
            == 200
        )


@time_machine.travel(NOW)
def test_the_details_are_changed_before_opening_and_bad_dates_return_400(client, participating):
    p = participating
    c = make_consultation(p, upload=False)
    sign_in(client, p.c1_officer)
    url = reverse("participation:consultation_edit", args=[c.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, _new_post(p.c1, closes_on="08/12/2026"))
    assert bad.status_code == 400 and 'id="id_closes_on-error"' in bad.content.decode()
    good = client.post(url, _new_post(p.c1, title="Tên mới của dự thảo"))
    assert good.status_code == 302
    c.refresh_from_db()
    assert c.title == "Tên mới của dự thảo"
    sign_in(client, p.city_leader)
    assert client.get(url).status_code == 403


@time_machine.travel(NOW)
def test_a_chapters_comments_are_not_counted_as_the_whole_drafts(client, participating):
    from .test_consultations_services import open_one

    c = open_one(participating)
    chapter = c.parts.filter(kind=PartKind.CHAPTER).first()
    assert chapter is not None
    comment(c, participating.citizen, key="on-chapter", part=chapter)
    comment(c, participating.citizen, key="on-article-3")
    comment(c, participating.citizen, key="whole", part=None)
    page = client.get(reverse("participation_public:consultation", args=[c.pk]))
    assert page.context["whole_count"] == 1
    counts = {
        part.pk: part.comment_count for block, inner in page.context["blocks"] for part in [block]
    }
    assert counts[chapter.pk] == 1 and counts[article(c, "3").pk] == 1
