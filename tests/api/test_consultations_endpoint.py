"""Comments on drafts over HTTP: the public drafts and a draft with its parts and counts, the
e-mail verification and comments sent by the public (idempotent, 400 per field, 403 without
an identity, rate limited), the synthesis once published; the staff's consultations with their
statistics and every comment, answers and moderation (404 unseen, 403 seen but not theirs).
No commenter's e-mail address or account appears in any answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from danvan.accounts.services import issue_api_token
from danvan.participation.models import (
    AnswerOutcome,
    Comment,
    CommentAnswer,
    CommentAuthor,
    CommentState,
    Consultation,
    ContactCheck,
    PartKind,
    Stance,
)
from danvan.participation.services import consultations as svc
from tests.api.helpers import assert_error, error_fields
from tests.participation.conftest import make_participating
from tests.participation.test_consultations_services import article, make_consultation

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 5, 3, tzinfo=UTC)  # 10:00 on 05/12/2026 in Hà Nội; open to 25/12
LATER = dt.datetime(2026, 12, 10, 3, tzinfo=UTC)
AFTER = dt.datetime(2026, 12, 26, 3, tzinfo=UTC)  # the day after the last day
EMAIL = "an.nguyen@example.vn"
URL = "/api/v1/consultations"


@pytest.fixture
def participating(db):  # type: ignore[no-untyped-def]
    return make_participating()


def auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, raw = issue_api_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _verified_check(c: Consultation, email: str = EMAIL) -> ContactCheck:
    check = svc.send_code(consultation=c, email=email)  # the e-mail goes on commit: never here
    ContactCheck.objects.filter(pk=check.pk).update(verified_at=timezone.now())
    check.refresh_from_db()
    return check


def _clause(c: Consultation, article_number: str, number: str) -> Any:
    return c.parts.get(kind=PartKind.CLAUSE, number=number, article__number=article_number)


@pytest.fixture
def opened(participating):  # type: ignore[no-untyped-def]
    """c1's draft, open: a citizen with an account on Article 3, a citizen with a verified
    e-mail on its clause 2, c1's Front for its body on Article 1, a stranger on the draft as a
    whole, and a comment hidden by moderation on Article 3."""
    p = participating
    with time_machine.travel(NOW):
        c = svc.open_consultation(consultation=make_consultation(p), actor=p.c1_officer)
        a3 = article(c, "3")
        made = {
            "account": svc.submit_comment(
                consultation=c,
                part=a3,
                stance=Stance.DISAGREE,
                reasons="Nên thông báo trước 10 ngày.",
                display_name="Nguyễn Văn An",
                key="a",
                user=p.citizen,
            ),
            "contact": svc.submit_comment(
                consultation=c,
                part=_clause(c, "3", "2"),
                stance=Stance.OTHER,
                proposed_wording="Khi có trên 30 cử tri đề nghị.",
                display_name="Chị Mai",
                key="b",
                check=_verified_check(c),
            ),
            "body": svc.submit_comment(
                consultation=c,
                part=article(c, "1"),
                stance=Stance.AGREE,
                display_name="",
                key="c",
                user=p.c1_front_officer,
                organization=p.c1_front,
            ),
            "whole": svc.submit_comment(
                consultation=c,
                part=None,
                stance=Stance.AGREE,
                display_name="Ông Hùng",
                key="d",
                user=p.stranger,
            ),
            "hidden": svc.submit_comment(
                consultation=c,
                part=a3,
                stance=Stance.DISAGREE,
                reasons="Lời lẽ không phù hợp.",
                display_name="Ẩn danh",
                key="e",
                user=p.stranger,
            ),
        }
        svc.hide_comment(comment=made["hidden"], reason="Lời lẽ xúc phạm", actor=p.c1_officer)
    c.made = made  # type: ignore[attr-defined]
    return c


def post(client, url, body, **headers):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json", **headers)


def put(client, url, body, **headers):  # type: ignore[no-untyped-def]
    return client.put(url, body, content_type="application/json", **headers)


def send(client, c, key="k-1", headers=None, **extra):  # type: ignore[no-untyped-def]
    body = {
        "key": key,
        "part": article(c, "2").pk,
        "stance": "disagree",
        "reasons": "Cần bổ sung Mặt trận Tổ quốc.",
        "display_name": "Trần Thị Bình",
        **extra,
    }
    return post(client, f"{URL}/public/{c.pk}/comments", body, **(headers or {}))


def no_email(response) -> None:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    assert EMAIL not in text and "example.vn" not in text and "@" not in text


# --- Public: the drafts and a draft -------------------------------------------------------------


def test_the_public_list_shows_drafts_once_open_with_shown_comments(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    with time_machine.travel(NOW):
        prepared = make_consultation(participating)
        response = client.get(f"{URL}/public")
    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["items"]] == [opened.pk]
    assert prepared.pk not in [c["id"] for c in body["items"]]
    first = body["items"][0]
    assert first["state"] == "open" and first["accepting"] is True
    assert first["comments"] == 4  # the hidden one is not counted
    assert first["body"]["id"] == participating.c1.pk and first["published_at"] is None
    assert "hidden" not in first and "may_manage" not in first
    no_email(response)
    with time_machine.travel(NOW):
        assert client.get(f"{URL}/public", {"state": "open"}).json()["count"] == 1
        assert client.get(f"{URL}/public", {"state": "published"}).json()["count"] == 0
        assert_error(client.get(f"{URL}/public", {"state": "draft"}), 422, "invalid")


def test_a_public_draft_has_its_parts_and_counts_per_article(client, opened) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        response = client.get(f"{URL}/public/{opened.pk}")
    assert response.status_code == 200
    body = response.json()
    parts = {(p["kind"], p["number"]): p for p in body["parts"]}
    assert [p["position"] for p in body["parts"]] == sorted(p["position"] for p in body["parts"])
    a3, clause = parts[("article", "3")], _clause(opened, "3", "2")
    assert a3["comments"] == 2  # its own shown comment and its clause 2's, not the hidden one
    assert a3["label"] and a3["article_id"] == a3["id"]
    in_a3 = next(p for p in body["parts"] if p["id"] == clause.pk)
    assert in_a3["comments"] == 1 and in_a3["article_id"] == a3["id"]
    assert parts[("article", "1")]["comments"] == 1 and parts[("article", "4")]["comments"] == 0
    assert body["whole_draft_comments"] == 1 and body["comments"] == 4
    assert "Lời lẽ" not in response.content.decode()
    no_email(response)


def test_a_draft_being_prepared_or_unknown_is_not_public(client, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        prepared = make_consultation(participating)
        assert_error(client.get(f"{URL}/public/{prepared.pk}"), 404, "not_found")
        assert_error(send(client, prepared, headers=auth(participating.citizen)), 404, "not_found")
        assert_error(
            post(client, f"{URL}/public/{prepared.pk}/codes", {"email": EMAIL}), 404, "not_found"
        )
        verify = {"check": "x", "code": "123456"}
        assert_error(
            post(client, f"{URL}/public/{prepared.pk}/codes/verify", verify), 404, "not_found"
        )
        assert_error(client.get(f"{URL}/public/999999"), 404, "not_found")
        assert_error(client.get(f"{URL}/public/{prepared.pk}/synthesis"), 404, "not_found")


# --- Public: comments ---------------------------------------------------------------------------


def test_a_citizen_with_a_token_comments_once_per_key(client, opened, participating) -> None:  # type: ignore[no-untyped-def]
    headers = auth(participating.citizen)
    with time_machine.travel(LATER):
        first = send(client, opened, headers=headers)
        again = send(client, opened, headers=headers)
    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["created"], again.json()["created"]) == (True, False)
    made = Comment.objects.get(pk=first.json()["id"])
    assert made.author_kind == CommentAuthor.ACCOUNT and made.user == participating.citizen
    assert made.part == article(opened, "2") and made.state == CommentState.PUBLISHED
    assert Comment.objects.filter(consultation=opened, key="k-1").count() == 1
    no_email(first)


def test_a_citizen_without_an_account_verifies_an_email_then_comments(  # type: ignore[no-untyped-def]
    client, opened, participating, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    codes = f"{URL}/public/{opened.pk}/codes"
    with time_machine.travel(LATER):
        assert_error(send(client, opened), 403, "permission_denied")  # nobody
        bad = assert_error(post(client, codes, {"email": "không phải thư"}), 400, "invalid")
        assert error_fields(bad) == {"email"}
        with django_capture_on_commit_callbacks(execute=True):
            sent = post(client, codes, {"email": "binh.tran@example.vn"})
        assert sent.status_code == 201, sent.content
        no_email(sent)
        check = sent.json()["check"]
        assert sent.json()["expires_at"]
        code = next(
            w for w in mail.outbox[-1].body.replace(".", " ").split() if w.isdigit() and len(w) == 6
        )
        # Not verified yet: no comment.
        assert_error(send(client, opened, check=check), 403, "permission_denied")
        wrong = post(client, f"{codes}/verify", {"check": check, "code": "000000x"})
        assert error_fields(assert_error(wrong, 400, "invalid")) == {"code"}
        forged = post(client, f"{codes}/verify", {"check": "1:abc", "code": code})
        assert error_fields(assert_error(forged, 400, "invalid")) == {"check"}
        verified = post(client, f"{codes}/verify", {"check": check, "code": code})
        assert verified.status_code == 200, verified.content
        assert verified.json() == {"check": check, "verified": True}
        made = send(client, opened, check=check)
        assert made.status_code == 201, made.content
        no_email(made)
        forged_comment = send(client, opened, key="k-2", check=check + "x")
        assert error_fields(assert_error(forged_comment, 400, "invalid")) == {"check"}
    comment = Comment.objects.get(pk=made.json()["id"])
    assert comment.author_kind == CommentAuthor.CONTACT
    assert comment.contact == "binh.tran@example.vn"
    # The verification is for this draft only.
    with time_machine.travel(NOW):
        other = svc.open_consultation(
            consultation=make_consultation(participating), actor=participating.c1_officer
        )
    with time_machine.travel(LATER):
        elsewhere = send(client, other, key="k-3", check=check)
    assert error_fields(assert_error(elsewhere, 400, "invalid")) == {"check"}


def test_a_browser_session_alone_does_not_comment(client, opened, participating) -> None:  # type: ignore[no-untyped-def]
    client.force_login(participating.citizen)
    with time_machine.travel(LATER):
        assert_error(send(client, opened), 403, "permission_denied")
    assert not Comment.objects.filter(key="k-1").exists()


def test_a_bad_comment_is_400_beside_its_field_and_keeps_nothing(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    headers = auth(participating.citizen)
    with time_machine.travel(LATER):
        other = svc.open_consultation(
            consultation=make_consultation(participating), actor=participating.c1_officer
        )
        bad = send(client, opened, headers=headers, stance="maybe", display_name=" ")
        assert error_fields(assert_error(bad, 400, "invalid")) == {"stance", "display_name"}
        no_reason = send(client, opened, headers=headers, reasons="")
        assert error_fields(assert_error(no_reason, 400, "invalid")) == {"reasons"}
        foreign = send(client, opened, headers=headers, part=article(other, "3").pk)
        assert error_fields(assert_error(foreign, 400, "invalid")) == {"part"}
        no_key = send(client, opened, headers=headers, key="")
        assert "key" in error_fields(assert_error(no_key, 422, "invalid"))
        not_theirs = send(client, opened, headers=headers, organization=participating.c2.pk)
        assert error_fields(assert_error(not_theirs, 400, "invalid")) == {"organization"}
    with time_machine.travel(AFTER):  # after the last day
        late = assert_error(send(client, opened, headers=headers), 400, "invalid")
    assert late["errors"] == [] and late["detail"]
    assert not Comment.objects.filter(key="k-1").exists()


def test_an_officer_comments_for_their_own_body(client, opened, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER):
        response = send(
            client,
            opened,
            headers=auth(participating.c1_front_officer),
            organization=participating.c1_front.pk,
            display_name="",
        )
    assert response.status_code == 201, response.content
    made = Comment.objects.get(pk=response.json()["id"])
    assert made.author_kind == CommentAuthor.ORGANIZATION
    assert made.organization == participating.c1_front


def test_comments_and_codes_are_rate_limited_per_address(  # type: ignore[no-untyped-def]
    client, opened, participating, settings
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "consultation_comment": "2/h/ip",
        "consultation_code": "1/h/ip",
    }
    headers = auth(participating.citizen)
    codes = f"{URL}/public/{opened.pk}/codes"
    with time_machine.travel(LATER):
        assert send(client, opened, key="x1", headers=headers).status_code == 201
        assert send(client, opened, key="x2", headers=headers).status_code == 201
        assert_error(send(client, opened, key="x3", headers=headers), 429, "throttled")
        assert post(client, codes, {"email": EMAIL}).status_code == 201
        assert_error(post(client, codes, {"email": EMAIL}), 429, "throttled")
    assert not Comment.objects.filter(key="x3").exists()
    assert ContactCheck.objects.filter(consultation=opened).count() == 2  # the fixture's + 1


# --- Public: the synthesis ----------------------------------------------------------------------


def _publish(c: Consultation, officer: Any) -> None:
    with time_machine.travel(AFTER):
        svc.close_consultation(consultation=c, actor=officer)
        for comment in c.comments.filter(state=CommentState.PUBLISHED):
            svc.answer_comment(
                comment=comment,
                outcome=AnswerOutcome.PARTLY,
                text=f"Tiếp thu một phần ý kiến {comment.key}.",
                actor=officer,
            )
        svc.publish_synthesis(consultation=c, actor=officer)


def test_the_synthesis_is_public_only_once_published(client, opened, participating) -> None:  # type: ignore[no-untyped-def]
    synthesis = f"{URL}/public/{opened.pk}/synthesis"
    assert_error(client.get(synthesis), 404, "not_found")
    _publish(opened, participating.c1_officer)
    response = client.get(synthesis)
    assert response.status_code == 200
    rows = response.json()["items"]
    assert len(rows) == 4  # not the hidden comment
    assert rows[0]["part_id"] is None  # the draft as a whole first, then in the draft's order
    assert [r["id"] for r in rows[1:]] == [
        opened.made["body"].pk,
        opened.made["account"].pk,
        opened.made["contact"].pk,
    ]
    assert all(r["answer"]["outcome"] == "partly" for r in rows)
    body = next(r for r in rows if r["id"] == opened.made["body"].pk)
    assert body["author"] == participating.c1_front.name
    contact = next(r for r in rows if r["id"] == opened.made["contact"].pk)
    assert contact["author"] == "Chị Mai" and "," in contact["place"]
    assert "Lời lẽ" not in response.content.decode()
    no_email(response)
    listed = client.get(f"{URL}/public", {"state": "published"}).json()["items"]
    assert [c["id"] for c in listed] == [opened.pk] and listed[0]["published_at"]


# --- Staff: consultations -----------------------------------------------------------------------


def test_staff_list_the_consultations_they_read(client, opened, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        prepared = make_consultation(participating)
    response = client.get(URL, **auth(participating.c1_officer))
    assert response.status_code == 200
    items = response.json()["items"]
    assert {c["id"] for c in items} == {opened.pk, prepared.pk}
    mine = next(c for c in items if c["id"] == opened.pk)
    assert (mine["comments"], mine["hidden"], mine["unanswered"]) == (4, 1, 4)
    assert mine["may_manage"] is True
    no_email(response)
    city = client.get(URL, {"state": "open"}, **auth(participating.city_leader)).json()
    assert [c["id"] for c in city["items"]] == [opened.pk]
    assert city["items"][0]["may_manage"] is False
    body = client.get(URL, {"body": participating.c2.pk}, **auth(participating.city_leader))
    assert body.json()["count"] == 0
    assert client.get(URL, **auth(participating.other_officer)).json()["count"] == 0
    assert_error(client.get(URL, **auth(participating.citizen)), 403, "permission_denied")
    assert_error(client.get(URL), 401, "not_authenticated")


def test_a_consultation_for_staff_has_its_statistics_per_article(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    response = client.get(f"{URL}/{opened.pk}", **auth(participating.c1_officer))
    assert response.status_code == 200
    body = response.json()
    rows = {r["part_id"]: r for r in body["statistics"]}
    a3 = rows[article(opened, "3").pk]
    assert (a3["comments"], a3["disagree"], a3["other"], a3["hidden"]) == (2, 1, 1, 1)
    assert a3["unanswered"] == 2
    assert rows[None]["comments"] == 1 and rows[None]["label"]
    total = body["total"]
    assert (total["comments"], total["hidden"], total["agree"]) == (4, 1, 2)
    assert body["hidden"] == 1 and body["comments"] == 4 and body["may_manage"] is True
    assert len(body["parts"]) == opened.parts.count()
    no_email(response)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("c1_officer", 200),  # the drafting body
        ("c1_leader", 200),
        ("city_leader", 200),  # the city, subtree
        ("city_officer", 404),  # the city's committee, its own unit only
        ("c2_officer", 404),
        ("other_officer", 404),
        ("citizen", 403),  # no staff role
    ],
)
def test_who_reads_a_consultation(client, opened, participating, who, status) -> None:  # type: ignore[no-untyped-def]
    headers = auth(getattr(participating, who))
    for url in (f"{URL}/{opened.pk}", f"{URL}/{opened.pk}/comments"):
        response = client.get(url, **headers)
        if status == 200:
            assert response.status_code == 200
        else:
            assert_error(response, status, "not_found" if status == 404 else "permission_denied")


def test_staff_read_every_comment_hidden_ones_with_the_reason(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    url = f"{URL}/{opened.pk}/comments"
    headers = auth(participating.city_leader)
    response = client.get(url, **headers)
    assert response.status_code == 200
    items = response.json()["items"]
    made = opened.made
    assert [c["id"] for c in items] == [
        made["whole"].pk,
        made["body"].pk,
        made["account"].pk,
        made["hidden"].pk,
        made["contact"].pk,
    ]
    hidden = next(c for c in items if c["id"] == made["hidden"].pk)
    assert hidden["state"] == "hidden" and hidden["hidden_reason"] == "Lời lẽ xúc phạm"
    assert hidden["hidden_at"]
    contact = next(c for c in items if c["id"] == made["contact"].pk)
    assert contact["author"] == "Chị Mai" and contact["author_kind"] == "contact"
    assert "user" not in contact and "user_id" not in contact
    no_email(response)
    a3 = article(opened, "3").pk
    on_a3 = client.get(url, {"part": a3}, **headers).json()["items"]
    assert {c["id"] for c in on_a3} == {made["account"].pk, made["hidden"].pk, made["contact"].pk}
    whole = client.get(url, {"whole": True}, **headers).json()["items"]
    assert [c["id"] for c in whole] == [made["whole"].pk]
    shown = client.get(url, {"state": "hidden"}, **headers).json()["items"]
    assert [c["id"] for c in shown] == [made["hidden"].pk]
    assert client.get(url, {"answered": True}, **headers).json()["count"] == 0


# --- Staff: answers and moderation --------------------------------------------------------------


def _answer(client, c, comment, user, **payload):  # type: ignore[no-untyped-def]
    body = {"outcome": "accepted", "text": "Tiếp thu, sửa Khoản 3 Điều 3.", **payload}
    with time_machine.travel(LATER):
        return put(client, f"{URL}/{c.pk}/comments/{comment.pk}/answer", body, **auth(user))


def test_the_drafting_body_answers_a_comment_and_may_change_it(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    comment = opened.made["account"]
    first = _answer(client, opened, comment, participating.c1_officer)
    assert first.status_code == 200, first.content
    assert first.json()["answer"]["outcome"] == "accepted"
    again = _answer(client, opened, comment, participating.c1_officer)
    assert again.status_code == 200 and again.json() == first.json() | {
        "answer": again.json()["answer"]
    }
    assert CommentAnswer.objects.filter(comment=comment).count() == 1
    changed = _answer(client, opened, comment, participating.c1_leader, outcome="explained")
    assert changed.json()["answer"]["outcome"] == "explained"
    assert CommentAnswer.objects.get(comment=comment).outcome == AnswerOutcome.EXPLAINED
    no_email(changed)
    # The public reads no answer before the synthesis is published.
    assert "Tiếp thu" not in client.get(f"{URL}/public/{opened.pk}").content.decode()


def test_a_bad_answer_is_400_per_field_and_a_published_one_is_fixed(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    comment = opened.made["account"]
    bad = _answer(client, opened, comment, participating.c1_officer, outcome="ok", text=" ")
    assert error_fields(assert_error(bad, 400, "invalid")) == {"outcome", "text"}
    assert not CommentAnswer.objects.filter(comment=comment).exists()
    _publish(opened, participating.c1_officer)
    late = assert_error(_answer(client, opened, comment, participating.c1_officer), 400, "invalid")
    assert late["detail"] and late["errors"] == []


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("c1_officer", 200, ""),
        ("c1_leader", 200, ""),
        ("city_leader", 403, "permission_denied"),  # reads it, is not its body
        ("c1_front_officer", 404, "not_found"),  # commented, but is not staff of the draft
        ("c2_officer", 404, "not_found"),
        ("other_officer", 404, "not_found"),
        ("citizen", 403, "permission_denied"),  # no staff role
    ],
)
def test_who_answers_hides_and_shows(client, opened, participating, who, status, code) -> None:  # type: ignore[no-untyped-def]
    user = getattr(participating, who)
    comment = opened.made["account"]
    responses = [
        _answer(client, opened, comment, user),
        post(
            client,
            f"{URL}/{opened.pk}/comments/{comment.pk}/hide",
            {"reason": "Trùng lặp"},
            **auth(user),
        ),
        post(client, f"{URL}/{opened.pk}/comments/{comment.pk}/show", {}, **auth(user)),
    ]
    for response in responses:
        if status == 200:
            assert response.status_code == 200, response.content
        else:
            assert_error(response, status, code)
    if status != 200:
        comment.refresh_from_db()
        assert comment.state == CommentState.PUBLISHED
        assert not CommentAnswer.objects.filter(comment=comment).exists()


def test_hiding_needs_a_reason_and_showing_again_restores_the_comment(  # type: ignore[no-untyped-def]
    client, opened, participating
) -> None:
    comment = opened.made["account"]
    hide = f"{URL}/{opened.pk}/comments/{comment.pk}/hide"
    headers = auth(participating.c1_officer)
    no_reason = post(client, hide, {"reason": "  "}, **headers)
    assert error_fields(assert_error(no_reason, 400, "invalid")) == {"reason"}
    assert "reason" in error_fields(assert_error(post(client, hide, {}, **headers), 422, "invalid"))
    hidden = post(client, hide, {"reason": "Nội dung trùng lặp"}, **headers)
    assert hidden.status_code == 200, hidden.content
    assert hidden.json()["state"] == "hidden"
    assert hidden.json()["hidden_reason"] == "Nội dung trùng lặp"
    again = post(client, hide, {"reason": "Nội dung trùng lặp"}, **headers)
    assert again.json()["state"] == "hidden"
    with time_machine.travel(LATER):
        public = client.get(f"{URL}/public/{opened.pk}").json()
    assert public["comments"] == 3
    show = f"{URL}/{opened.pk}/comments/{comment.pk}/show"
    for _ in range(2):  # shown twice: the same comment
        shown = post(client, show, {}, **headers)
        assert shown.status_code == 200
        assert shown.json()["state"] == "published" and shown.json()["hidden_reason"] == ""
    # A comment of another consultation under this one's path: 404.
    with time_machine.travel(NOW):
        other = svc.open_consultation(
            consultation=make_consultation(participating), actor=participating.c1_officer
        )
    wrong = post(client, f"{URL}/{other.pk}/comments/{comment.pk}/show", {}, **headers)
    assert_error(wrong, 404, "not_found")
    assert_error(
        post(client, f"{URL}/{opened.pk}/comments/999999/show", {}, **headers), 404, "not_found"
    )


# --- No e-mail anywhere -------------------------------------------------------------------------


def test_no_response_carries_a_commenters_email(client, opened, participating) -> None:  # type: ignore[no-untyped-def]
    _publish(opened, participating.c1_officer)
    headers = auth(participating.c1_officer)
    urls = [
        (f"{URL}/public", {}),
        (f"{URL}/public/{opened.pk}", {}),
        (f"{URL}/public/{opened.pk}/synthesis", {}),
        (URL, headers),
        (f"{URL}/{opened.pk}", headers),
        (f"{URL}/{opened.pk}/comments", headers),
    ]
    for url, extra in urls:
        response = client.get(url, **extra)
        assert response.status_code == 200, url
        no_email(response)
        text = json.dumps(response.json(), ensure_ascii=False)
        assert participating.citizen.username not in text
        assert participating.stranger.username not in text


# --- Query counts -------------------------------------------------------------------------------


def _queries(client, django_assert_max_num_queries, url, headers, sizes=(2, 50)):  # type: ignore[no-untyped-def]
    client.get(url, **headers)  # a token's first use is recorded once
    found = []
    for size in sizes:
        with django_assert_max_num_queries(10) as captured:
            response = client.get(url, {"page_size": size}, **headers)
        assert response.status_code == 200
        found.append((len(captured.captured_queries), len(response.json()["items"])))
    return found


def test_the_lists_read_the_same_queries_whatever_the_page(  # type: ignore[no-untyped-def]
    client, participating, django_assert_max_num_queries
) -> None:
    p = participating
    with time_machine.travel(NOW):
        for n in range(5):
            c = make_consultation(p, upload=n == 0)
            svc.open_consultation(consultation=c, actor=p.c1_officer)
        first = Consultation.objects.order_by("pk").first()
        assert first is not None
        parts = list(first.parts.order_by("position"))
        for n in range(6):
            svc.submit_comment(
                consultation=first,
                part=parts[n] if n % 2 else None,
                stance=Stance.AGREE,
                display_name=f"Người góp ý {n}",
                key=f"q{n}",
                user=p.citizen if n % 3 else None,
                check=None if n % 3 else _verified_check(first, f"nguoi{n}@example.vn"),
            )
    with time_machine.travel(LATER):
        public = _queries(client, django_assert_max_num_queries, f"{URL}/public", {})
        headers = auth(p.city_leader)
        staff = _queries(client, django_assert_max_num_queries, URL, headers)
        comments = _queries(
            client, django_assert_max_num_queries, f"{URL}/{first.pk}/comments", headers
        )
    _publish(first, p.c1_officer)
    synthesis = _queries(
        client, django_assert_max_num_queries, f"{URL}/public/{first.pk}/synthesis", {}
    )
    assert [n for _q, n in public] == [2, 5]
    assert [n for _q, n in staff] == [2, 5]
    assert [n for _q, n in comments] == [2, 6]
    assert [n for _q, n in synthesis] == [2, 6]
    for small, large in (public, staff, comments, synthesis):
        assert small[0] == large[0]
    assert public[0][0] <= 2 and synthesis[0][0] <= 3  # (the synthesis: its draft first)
