"""Meetings with the people and commitments over HTTP: the public schedule, a public meeting
with what its questions came to, questions sent by the public (idempotent, 400 per field,
rate limited), the public status of commitments; the staff's meetings with every question,
their commitments, and a commitment recorded done (404 unseen, 403 seen but not theirs)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.accounts.services import issue_api_token
from danvan.participation.meeting_rules import ensure_rules
from danvan.participation.models import (
    Commitment,
    CommitmentState,
    MeetingKind,
    MeetingQuestion,
    MeetingRule,
)
from danvan.participation.services import meetings as services
from tests.api.helpers import assert_error, error_fields
from tests.participation.conftest import make_participating

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 2, 2, tzinfo=UTC)  # 09:00 on 02/11/2026 in Hà Nội
STARTS = dt.datetime(2026, 11, 20, 1, tzinfo=UTC)  # 08:00 on 20/11/2026
AFTER = STARTS + dt.timedelta(hours=4)
LATER = dt.datetime(2026, 12, 10, 2, tzinfo=UTC)


@pytest.fixture
def participating(db):  # type: ignore[no-untyped-def]
    ensure_rules(MeetingRule)
    return make_participating()


def plan(host, actor, kind=MeetingKind.DIALOGUE, starts=STARTS, title="Đối thoại năm 2026"):  # type: ignore[no-untyped-def]
    return services.create_meeting(
        host=host,
        spec=services.MeetingSpec(
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            place="Hội trường UBND phường",
            chaired_by="Chủ tịch UBND phường",
        ),
        actor=actor,
    )


@pytest.fixture
def announced(participating):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        meeting = plan(participating.c1, participating.c1_officer)
        return services.announce(meeting=meeting, actor=participating.c1_officer)


@pytest.fixture
def held(announced, participating):  # type: ignore[no-untyped-def]
    """The announced meeting, held: one question answered, one promised (to c1), one made a
    matter, one declined, one pending; and a commitment given to c1's Front on its own."""
    officer = participating.c1_officer
    with time_machine.travel(NOW):
        asked = [
            services.ask(meeting=announced, text=text, asked_by=by, key=f"k{i}")
            for i, (text, by) in enumerate(
                [
                    ("Đề nghị nạo vét kênh thoát nước khu 3.", "Bà Lan"),
                    ("Đề nghị lắp đèn chiếu sáng ngõ 7.", ""),
                    ("Nhà tôi bị lún nứt do công trình bên cạnh.", "Ông Hùng"),
                    ("Câu hỏi không liên quan đến nội dung.", ""),
                    ("Bao giờ sửa đường liên thôn?", ""),
                ]
            )
        ]
    with time_machine.travel(AFTER):
        services.answer_question(question=asked[0], answer="Tháng 12 sẽ nạo vét.", actor=officer)
        promised = services.commit(
            meeting=announced,
            question=asked[1],
            owner=participating.c1,
            text="Lắp 6 bóng đèn chiếu sáng ngõ 7",
            due_on=dt.date(2026, 12, 31),
            actor=officer,
        )
        services.to_matter(
            question=asked[2], title="Nhà bị lún nứt", phone="0912 345 678", actor=officer
        )
        services.not_admitted(question=asked[3], reason="Không thuộc nội dung", actor=officer)
        front = services.commit(
            meeting=announced,
            owner=participating.c1_front,
            text="Vận động Nhân dân giữ vệ sinh kênh",
            due_on=dt.date(2026, 11, 30),
            actor=officer,
        )
        meeting = services.hold(
            meeting=announced, attendance=120, minutes="Biên bản", actor=officer
        )
    meeting.promised, meeting.front = promised, front  # type: ignore[attr-defined]
    meeting.asked = asked  # type: ignore[attr-defined]
    return meeting


def auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, raw = issue_api_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def ask(client, meeting, key="q-1", text="Đề nghị sửa đường liên xã đoạn qua thôn 4.", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/meetings/public/{meeting.key}/questions",
        {"key": key, "text": text, **extra},
        content_type="application/json",
    )


# --- Public -----------------------------------------------------------------------------------


def test_the_schedule_shows_announced_meetings_not_plans(client, announced, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        planned = plan(participating.c2, participating.c2_officer, title="Kế hoạch")
        other = services.announce(
            meeting=plan(
                participating.other,
                participating.other_officer,
                kind=MeetingKind.RECEPTION,
                starts=STARTS + dt.timedelta(days=3),
                title="Tiếp công dân",
            ),
            actor=participating.other_officer,
        )
        body = client.get("/api/v1/meetings/schedule").json()
        assert [m["key"] for m in body["items"]] == [announced.key, other.key]
        assert planned.key not in str(body)
        first = body["items"][0]
        assert first["host"]["id"] == participating.c1.pk and first["state"] == "announced"
        assert first["takes_questions"] is True
        assert "minutes" not in first and "id" not in first
        kind = client.get("/api/v1/meetings/schedule", {"kind": "reception"}).json()
        assert [m["key"] for m in kind["items"]] == [other.key]
        hanoi = client.get(
            "/api/v1/meetings/schedule", {"province": participating.c1.province_id}
        ).json()
        assert [m["key"] for m in hanoi["items"]] == [announced.key]
        window = client.get(
            "/api/v1/meetings/schedule", {"from": "21/11/2026", "to": "2026-11-30"}
        ).json()
        assert [m["key"] for m in window["items"]] == [other.key]
        assert_error(
            client.get("/api/v1/meetings/schedule", {"from": "31/11/2026"}), 422, "invalid"
        )
        widest = {"from": "0001-01-01", "to": "9999-12-31"}
        assert client.get("/api/v1/meetings/schedule", widest).json()["count"] == 2


def test_a_public_meeting_shows_what_its_questions_came_to_and_no_contact(client, held) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER):
        response = client.get(f"/api/v1/meetings/public/{held.key}")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "held" and body["takes_questions"] is False
    outcomes = [q["outcome"] for q in body["questions"]]
    assert outcomes == ["answered", "committed", "matter", "pending"]  # not the declined one
    answered, committed, matter, _pending = body["questions"]
    assert answered["answer"] == "Tháng 12 sẽ nạo vét." and answered["asked_by"] == "Bà Lan"
    assert committed["commitment"]["id"] == held.promised.pk
    assert matter["commitment"] is None and "matter_code" not in matter
    assert {c["id"] for c in body["commitments"]} == {held.promised.pk, held.front.pk}
    front = next(c for c in body["commitments"] if c["id"] == held.front.pk)
    assert front["overdue"] is True and front["meeting"]["key"] == held.key
    text = response.content.decode()
    assert "0912" not in text and "Biên bản" not in text
    case = MeetingQuestion.objects.get(pk=held.asked[2].pk).case
    assert case is not None and case.tracking_code not in text


def test_a_planned_or_unknown_meeting_is_not_public(client, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        planned = plan(participating.c1, participating.c1_officer)
    assert_error(client.get(f"/api/v1/meetings/public/{planned.key}"), 404, "not_found")
    assert_error(ask(client, planned), 404, "not_found")
    assert_error(client.get("/api/v1/meetings/public/khong-co"), 404, "not_found")


def test_anyone_sends_a_question_once_per_key(client, announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        first = ask(client, announced, asked_by="Chị Mai")
        again = ask(client, announced, asked_by="Chị Mai")
    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["created"], again.json()["created"]) == (True, False)
    question = MeetingQuestion.objects.get()
    assert question.online and question.asked_by == "Chị Mai" and question.outcome == "pending"


def test_a_bad_question_is_400_beside_its_field_and_keeps_nothing(client, announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        short = ask(client, announced, text="Hỏi?")
        no_key = ask(client, announced, key="")
    assert error_fields(assert_error(short, 400, "invalid")) == {"text"}
    assert "key" in error_fields(assert_error(no_key, 422, "invalid"))
    with time_machine.travel(AFTER):  # the meeting has started
        late = assert_error(ask(client, announced), 400, "invalid")
    assert late["errors"] == [] and late["detail"]
    assert not MeetingQuestion.objects.exists()


def test_questions_are_rate_limited_per_address(client, announced, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "meeting_question": "2/h/ip"}
    with time_machine.travel(NOW):
        assert ask(client, announced, key="a").status_code == 201
        assert ask(client, announced, key="b").status_code == 201
        assert_error(ask(client, announced, key="c"), 429, "throttled")
    assert MeetingQuestion.objects.count() == 2


def test_the_public_commitments_by_state_and_province(client, held, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER):
        services.complete(
            commitment=held.promised,
            done_on=dt.date(2026, 12, 9),
            evidence="Đã lắp 6 bóng đèn LED, nghiệm thu.",
            actor=participating.c1_officer,
        )
        url = "/api/v1/commitments/public"
        every = client.get(url).json()
        assert [c["id"] for c in every["items"]] == [held.front.pk, held.promised.pk]
        done = client.get(url, {"state": "done"}).json()["items"]
        assert [c["id"] for c in done] == [held.promised.pk]
        assert done[0]["evidence"].startswith("Đã lắp") and done[0]["done_on"] == "2026-12-09"
        overdue = client.get(url, {"state": "overdue"}).json()["items"]
        assert [c["id"] for c in overdue] == [held.front.pk] and overdue[0]["overdue"]
        assert client.get(url, {"state": "open"}).json()["count"] == 1
        elsewhere = client.get(url, {"province": participating.other.province_id}).json()
        assert elsewhere["count"] == 0
        assert_error(client.get(url, {"state": "dropped"}), 422, "invalid")


# --- Staff ------------------------------------------------------------------------------------


def test_staff_list_their_meetings_plans_included(client, held, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        planned = plan(participating.c1, participating.c1_officer, title="Kế hoạch")
        other = plan(participating.other, participating.other_officer)
    body = client.get("/api/v1/meetings", **auth(participating.c1_officer)).json()
    assert [m["id"] for m in body["items"]] == [planned.pk, held.pk]
    assert body["items"][1]["questions"] == 5 and body["items"][1]["commitments"] == 2
    city = client.get(
        "/api/v1/meetings", {"state": "held"}, **auth(participating.city_leader)
    ).json()
    assert [m["id"] for m in city["items"]] == [held.pk]
    theirs = client.get("/api/v1/meetings", **auth(participating.other_officer)).json()
    assert [m["id"] for m in theirs["items"]] == [other.pk]
    assert_error(
        client.get("/api/v1/meetings", **auth(participating.citizen)), 403, "permission_denied"
    )
    assert_error(client.get("/api/v1/meetings"), 401, "not_authenticated")


def test_a_meeting_for_staff_has_every_question_and_only_a_matters_code(
    client, held, participating
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER):
        response = client.get(f"/api/v1/meetings/{held.pk}", **auth(participating.c1_officer))
    assert response.status_code == 200
    body = response.json()
    assert [q["outcome"] for q in body["questions_raised"]] == [
        "answered",
        "committed",
        "matter",
        "not_admitted",
        "pending",
    ]
    matter = body["questions_raised"][2]
    case = MeetingQuestion.objects.get(pk=held.asked[2].pk).case
    assert matter["matter_code"] == case.tracking_code
    assert body["questions_raised"][3]["not_admitted_reason"] == "Không thuộc nội dung"
    assert body["questions_raised"][1]["commitment_id"] == held.promised.pk
    assert body["attendance"] == 120 and body["minutes"] == "Biên bản"
    assert body["timeliness"]["notice_days"] == 18
    assert {c["id"] for c in body["commitments_made"]} == {held.promised.pk, held.front.pk}
    assert "0912" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("c1_officer", 200),  # the host
        ("c1_leader", 200),
        ("city_leader", 200),  # the city, subtree
        ("city_officer", 404),  # the city's committee, its own unit only
        ("c2_officer", 404),
        ("other_officer", 404),
        ("citizen", 403),
    ],
)
def test_who_reads_a_meeting(client, held, participating, who, status) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/meetings/{held.pk}", **auth(getattr(participating, who)))
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, status, "not_found" if status == 404 else "permission_denied")


def test_staff_list_commitments_with_filters(client, held, participating) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/commitments"
    with time_machine.travel(LATER):
        mine = client.get(url, **auth(participating.c1_officer)).json()
        assert [c["id"] for c in mine["items"]] == [held.front.pk, held.promised.pk]
        overdue = client.get(url, {"state": "overdue"}, **auth(participating.c1_officer)).json()
        assert [c["id"] for c in overdue["items"]] == [held.front.pk]
        owner = client.get(
            url, {"owner": participating.c1_front.pk}, **auth(participating.c1_officer)
        ).json()
        assert [c["id"] for c in owner["items"]] == [held.front.pk]
        front = client.get(url, **auth(participating.c1_front_officer)).json()
        assert [c["id"] for c in front["items"]] == [held.front.pk]  # given to them
        assert client.get(url, **auth(participating.other_officer)).json()["count"] == 0
        assert_error(client.get(url, **auth(participating.citizen)), 403, "permission_denied")


def done(client, commitment, user, **payload):  # type: ignore[no-untyped-def]
    body = {"done_on": "2026-12-09", "evidence": "Đã lắp 6 bóng đèn LED, nghiệm thu.", **payload}
    with time_machine.travel(LATER):
        return client.post(
            f"/api/v1/commitments/{commitment.pk}/done",
            body,
            content_type="application/json",
            **auth(user),
        )


def test_the_responsible_body_records_a_commitment_done(client, held, participating) -> None:  # type: ignore[no-untyped-def]
    response = done(client, held.front, participating.c1_front_officer)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "done" and body["done_on"] == "2026-12-09" and not body["overdue"]
    held.front.refresh_from_db()
    assert held.front.state == CommitmentState.DONE
    again = assert_error(done(client, held.front, participating.c1_front_officer), 400, "invalid")
    assert again["detail"]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("c1_officer", 200, ""),  # the meeting's host
        ("c1_leader", 200, ""),
        ("city_leader", 403, "permission_denied"),  # reads it, is not its body
        ("c2_officer", 404, "not_found"),  # does not read it
        ("other_officer", 404, "not_found"),
        ("citizen", 403, "permission_denied"),  # no staff role
    ],
)
def test_who_records_a_commitment_done(client, held, participating, who, status, code) -> None:  # type: ignore[no-untyped-def]
    response = done(client, held.promised, getattr(participating, who))
    if status == 200:
        assert response.status_code == 200, response.content
    else:
        assert_error(response, status, code)
        assert Commitment.objects.get(pk=held.promised.pk).state == CommitmentState.OPEN


def test_a_bad_completion_is_400_per_field_and_changes_nothing(client, held, participating) -> None:  # type: ignore[no-untyped-def]
    response = done(
        client, held.promised, participating.c1_officer, done_on="2027-01-01", evidence="Xong"
    )
    assert error_fields(assert_error(response, 400, "invalid")) == {"done_on", "evidence"}
    bad = done(client, held.promised, participating.c1_officer, done_on="hôm qua")
    assert "done_on" in error_fields(assert_error(bad, 422, "invalid"))
    assert_error(_missing(client, participating), 404, "not_found")
    assert Commitment.objects.get(pk=held.promised.pk).state == CommitmentState.OPEN


def _missing(client, participating):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/commitments/999999/done",
        {"done_on": "2026-12-09", "evidence": "Đã làm xong việc."},
        content_type="application/json",
        **auth(participating.c1_officer),
    )


# --- Query counts -----------------------------------------------------------------------------


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
    officer = participating.c1_officer
    with time_machine.travel(NOW):
        for i in range(6):
            meeting = services.announce(
                meeting=plan(
                    participating.c1 if i % 2 else participating.c2,
                    officer if i % 2 else participating.c2_officer,
                    starts=STARTS + dt.timedelta(days=i),
                ),
                actor=officer if i % 2 else participating.c2_officer,
            )
            services.ask(meeting=meeting, text="Đề nghị sửa đường liên thôn.", key="k")
    with time_machine.travel(STARTS + dt.timedelta(days=7)):
        for meeting in participating.c1.meetings.all():
            for n in range(2):
                services.commit(
                    meeting=meeting,
                    owner=participating.c1,
                    text=f"Sửa đoạn đường số {n}",
                    due_on=dt.date(2027, 1, 1),
                    actor=officer,
                )
        public = _queries(client, django_assert_max_num_queries, "/api/v1/meetings/schedule", {})
        promised = _queries(client, django_assert_max_num_queries, "/api/v1/commitments/public", {})
        headers = auth(participating.city_leader)
        staff = _queries(client, django_assert_max_num_queries, "/api/v1/meetings", headers)
        theirs = _queries(client, django_assert_max_num_queries, "/api/v1/commitments", headers)
    assert [n for _q, n in public] == [2, 6]
    assert [n for _q, n in promised] == [2, 6]
    assert [n for _q, n in staff] == [2, 6]
    assert [n for _q, n in theirs] == [2, 6]
    for small, large in (public, promised, staff, theirs):
        assert small[0] == large[0]
    assert public[0][0] <= 2 and promised[0][0] <= 2  # a COUNT and a page, as the others
