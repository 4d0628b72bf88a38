"""Consultations written through their services: the draft uploaded and split, its parts
edited, opened and closed by its dates, comments sent once, hidden with a reason, answered,
and the synthesis published only after closing and only when every comment is answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.lib.dates import today
from danvan.participation.models import (
    AnswerOutcome,
    Comment,
    CommentAuthor,
    CommentState,
    Consultation,
    ConsultationState,
    DraftPart,
    PartKind,
    Stance,
)
from danvan.participation.services import consultations as svc
from tests.participation.test_consultations_splitter import DRAFT, _docx

pytestmark = pytest.mark.django_db
START = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)


def draft_upload(paragraphs: list[str] = DRAFT) -> SimpleUploadedFile:
    return SimpleUploadedFile("du-thao.docx", _docx(paragraphs))


def make_consultation(
    p: Any, *, opens_on: dt.date | None = None, upload: bool = True
) -> Consultation:
    start = opens_on or today()
    return svc.create_consultation(
        body=p.c1,
        title="Quy định về tổ chức đối thoại với Nhân dân",
        document_kind="Quy định",
        summary="Dự thảo lấy ý kiến Nhân dân.",
        opens_on=start,
        closes_on=start + dt.timedelta(days=svc.DEFAULT_MIN_DAYS),
        draft=draft_upload() if upload else None,
        actor=p.c1_officer,
    )


def article(consultation: Consultation, number: str) -> DraftPart:
    return consultation.parts.get(kind=PartKind.ARTICLE, number=number)


def open_one(p: Any) -> Consultation:
    c = make_consultation(p)
    return svc.open_consultation(consultation=c, actor=p.c1_officer)


def comment(c: Consultation, user: Any, key: str = "k1", **kw: Any) -> Comment:
    fields: dict[str, Any] = {
        "stance": Stance.DISAGREE,
        "reasons": "Nên thông báo trước 10 ngày.",
        "display_name": "Nguyễn Văn An",
    }
    fields.update(kw)
    if "part" not in fields:
        fields["part"] = article(c, "3")
    return svc.submit_comment(consultation=c, key=key, user=user, **fields)


@time_machine.travel(NOW)
def test_uploading_the_draft_splits_it_and_keeps_the_file(participating):
    c = make_consultation(participating)
    assert c.file.name.startswith("participation/consultations/")
    assert c.file_name == "du-thao.docx"
    assert c.parts.count() == 14
    clause = c.parts.get(kind=PartKind.CLAUSE, number="2", parent__number="3")
    assert clause.article == article(c, "3")
    point = c.parts.get(kind=PartKind.POINT, number="a")
    assert point.parent == clause and point.article == article(c, "3")
    assert LogEntry.objects.filter(object_id=str(c.pk)).count() == 2


@time_machine.travel(NOW)
def test_a_file_that_is_not_a_word_document_is_refused_beside_the_field(participating):
    c = make_consultation(participating, upload=False)
    bad = SimpleUploadedFile("du-thao.docx", b"%PDF-1.4 not a word file")
    with pytest.raises(ValidationError) as refused:
        svc.upload_draft(consultation=c, upload=bad, actor=participating.c1_officer)
    assert "file" in refused.value.message_dict
    assert c.parts.count() == 0


@time_machine.travel(NOW)
def test_a_period_shorter_than_the_minimum_is_refused(participating):
    with pytest.raises(ValidationError) as refused:
        svc.create_consultation(
            body=participating.c1,
            title="Dự thảo",
            opens_on=START,
            closes_on=START + dt.timedelta(days=5),
            actor=participating.c1_officer,
        )
    assert "closes_on" in refused.value.message_dict


@time_machine.travel(NOW)
def test_parts_are_edited_added_and_deleted_before_opening_only(participating):
    p = participating
    c = make_consultation(p)
    a3 = article(c, "3")
    svc.update_part(
        part=a3, kind=PartKind.ARTICLE, number="3", heading="Thời điểm", text="", actor=p.c1_officer
    )
    added = svc.add_part(
        consultation=c, after=a3, kind=PartKind.CLAUSE, number="0", text="Mới.", actor=p.c1_officer
    )
    added.refresh_from_db()
    assert added.parent == a3 and added.position == a3.position + 1
    assert list(c.parts.values_list("position", flat=True)) == list(range(1, 16))
    svc.delete_part(part=added, actor=p.c1_officer)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    with pytest.raises(ValidationError):
        svc.update_part(
            part=a3, kind=PartKind.ARTICLE, number="3", heading="x", text="", actor=p.c1_officer
        )


@time_machine.travel(NOW)
def test_only_the_drafting_bodys_officers_create_and_open(participating):
    p = participating
    with pytest.raises(PermissionDenied):
        svc.create_consultation(
            body=p.c1,
            title="x",
            opens_on=START,
            closes_on=START + dt.timedelta(days=30),
            actor=p.c2_officer,
        )
    c = make_consultation(p)
    for outsider in (p.city_leader, p.c1_front_officer, p.citizen):
        with pytest.raises(PermissionDenied):
            svc.open_consultation(consultation=c, actor=outsider)


@time_machine.travel(NOW)
def test_the_same_comment_sent_twice_is_kept_once(participating):
    c = open_one(participating)
    first = comment(c, participating.citizen)
    again = comment(c, participating.citizen)
    assert first.pk == again.pk
    assert Comment.objects.count() == 1
    assert first.author_kind == CommentAuthor.ACCOUNT


@time_machine.travel(NOW)
def test_a_disagreement_needs_reasons_or_wording(participating):
    c = open_one(participating)
    with pytest.raises(ValidationError) as refused:
        comment(c, participating.citizen, reasons="")
    assert "reasons" in refused.value.message_dict


@time_machine.travel(NOW)
def test_nobody_comments_before_opening_or_after_the_last_day(participating):
    p = participating
    c = make_consultation(p)
    with pytest.raises(ValidationError):
        comment(c, p.citizen)
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    with time_machine.travel(c.closes_on + dt.timedelta(days=1)), pytest.raises(ValidationError):
        comment(c, p.citizen)


@time_machine.travel(NOW)
def test_a_citizen_without_an_account_comments_after_verifying_an_email(
    participating, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    c = open_one(participating)
    with pytest.raises(ValidationError):
        comment(c, None)
    with pytest.raises(ValidationError) as refused:
        svc.send_code(consultation=c, email="không phải thư")
    assert "email" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        check = svc.send_code(consultation=c, email="an.nguyen@example.vn")
    assert "an.nguyen@example.vn" not in check.contact_enc
    with pytest.raises(ValidationError):
        svc.verify_code(check=check, code="000000x")
    check.refresh_from_db()
    assert check.attempts == 1
    code = _sent_code()
    svc.verify_code(check=check, code=code)
    check.refresh_from_db()
    made = comment(c, None, check=check)
    assert made.author_kind == CommentAuthor.CONTACT
    assert made.contact == "an.nguyen@example.vn"
    assert "an.nguyen" not in made.contact_enc


def _sent_code() -> str:
    body = mail.outbox[-1].body
    return next(
        word for word in body.replace(".", " ").split() if word.isdigit() and len(word) == 6
    )


@time_machine.travel(NOW)
def test_an_officer_comments_for_their_own_body_not_for_another(participating):
    p = participating
    c = open_one(p)
    made = comment(c, p.c1_front_officer, organization=p.c1_front, display_name="")
    assert made.author_kind == CommentAuthor.ORGANIZATION
    assert made.author_shown == p.c1_front.name
    with pytest.raises(ValidationError) as refused:
        comment(c, p.c1_front_officer, key="k2", organization=p.c2)
    assert "organization" in refused.value.message_dict


@time_machine.travel(NOW)
def test_hiding_needs_a_reason_and_is_audited(participating):
    p = participating
    c = open_one(p)
    made = comment(c, p.citizen)
    with pytest.raises(ValidationError) as refused:
        svc.hide_comment(comment=made, reason="  ", actor=p.c1_officer)
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        svc.hide_comment(comment=made, reason="Spam", actor=p.c2_officer)
    svc.hide_comment(comment=made, reason="Lời lẽ xúc phạm", actor=p.c1_officer)
    made.refresh_from_db()
    assert made.state == CommentState.HIDDEN and made.hidden_by == p.c1_officer
    assert LogEntry.objects.filter(
        object_id=str(made.pk), change_message__contains="xúc phạm"
    ).exists()


@time_machine.travel(NOW)
def test_the_synthesis_is_published_only_after_closing_and_with_every_comment_answered(
    participating,
):
    p = participating
    c = open_one(p)
    answered = comment(c, p.citizen)
    waiting = comment(c, p.stranger, key="k2", stance=Stance.AGREE, reasons="")
    hidden = comment(c, p.stranger, key="k3")
    svc.hide_comment(comment=hidden, reason="Trùng lặp", actor=p.c1_officer)
    with pytest.raises(ValidationError):
        svc.publish_synthesis(consultation=c, actor=p.c1_officer)  # still open
    with pytest.raises(ValidationError):
        svc.close_consultation(consultation=c, actor=p.c1_officer)  # before its last day
    svc.answer_comment(
        comment=answered,
        outcome=AnswerOutcome.ACCEPTED,
        text="Đã sửa thành 10 ngày.",
        actor=p.c1_officer,
    )
    with time_machine.travel(c.closes_on + dt.timedelta(days=1)):
        svc.close_consultation(consultation=c, actor=p.c1_officer)
        with pytest.raises(ValidationError) as refused:
            svc.publish_synthesis(consultation=c, actor=p.c1_officer)
        assert "1" in refused.value.messages[0]
        svc.answer_comment(
            comment=waiting, outcome=AnswerOutcome.EXPLAINED, text="Giữ nguyên.", actor=p.c1_officer
        )
        svc.publish_synthesis(consultation=c, actor=p.c1_officer)
    c.refresh_from_db()
    assert c.state == ConsultationState.PUBLISHED and c.published_by == p.c1_officer
    with pytest.raises(ValidationError):
        svc.answer_comment(
            comment=answered, outcome=AnswerOutcome.PARTLY, text="x", actor=p.c1_officer
        )


@time_machine.travel(NOW)
def test_an_answer_needs_an_outcome_and_words(participating):
    p = participating
    c = open_one(p)
    made = comment(c, p.citizen)
    with pytest.raises(ValidationError) as refused:
        svc.answer_comment(comment=made, outcome="maybe", text="", actor=p.c1_officer)
    assert set(refused.value.message_dict) == {"outcome", "text"}


@time_machine.travel(NOW)
def test_once_open_only_the_end_date_may_move_later(participating):
    p = participating
    c = open_one(p)
    same = {
        "title": c.title,
        "opens_on": c.opens_on,
        "summary": c.summary,
        "document_kind": c.document_kind,
        "document_number": c.document_number,
    }
    with pytest.raises(ValidationError) as refused:
        svc.update_consultation(
            consultation=c,
            **{**same, "closes_on": c.closes_on - dt.timedelta(days=1)},
            actor=p.c1_officer,
        )
    assert "closes_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        svc.update_consultation(
            consultation=c,
            **{**same, "title": "Khác", "closes_on": c.closes_on},
            actor=p.c1_officer,
        )
    later = c.closes_on + dt.timedelta(days=10)
    svc.update_consultation(consultation=c, **{**same, "closes_on": later}, actor=p.c1_officer)
    c.refresh_from_db()
    assert c.closes_on == later
