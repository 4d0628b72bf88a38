"""Meetings with the people: from the plan to the published results; questions answered,
promised or made matters; commitments followed to done in public; the legal minimums as
data; who may do what, as a matrix."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from danvan.cases.models import Channel
from danvan.participation import access_meetings as access
from danvan.participation.meeting_rules import ensure_rules
from danvan.participation.models import (
    Commitment,
    CommitmentState,
    MeetingKind,
    MeetingRule,
    MeetingState,
    QuestionOutcome,
)
from danvan.participation.selectors.meetings import (
    commitment_counts,
    rule_for,
    standings,
    timeliness,
)
from danvan.participation.services import meetings as services
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 2, 2, tzinfo=UTC)  # 09:00 on 02/11/2026 in Hà Nội
STARTS = dt.datetime(2026, 11, 20, 1, tzinfo=UTC)  # 08:00 on 20/11/2026


@pytest.fixture(autouse=True)
def _rules(db) -> None:  # type: ignore[no-untyped-def]
    ensure_rules(MeetingRule)


def plan(host, actor, kind=MeetingKind.DIALOGUE, starts=STARTS):  # type: ignore[no-untyped-def]
    return services.create_meeting(
        host=host,
        spec=services.MeetingSpec(
            kind=kind,
            title="Hội nghị đối thoại giữa UBND phường với Nhân dân năm 2026",
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


# --- Planning and announcing -----------------------------------------------------------------


def test_a_meeting_is_planned_private_then_announced_public(participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        meeting = plan(participating.c1, participating.c1_officer)
        assert meeting.state == MeetingState.PLANNED
        assert not access.public_meetings().filter(pk=meeting.pk).exists()
        meeting = services.announce(meeting=meeting, actor=participating.c1_officer)
    assert meeting.state == MeetingState.ANNOUNCED
    assert access.public_meetings().filter(pk=meeting.pk).exists()
    assert meeting.unit == participating.c1.current_unit


def test_a_meeting_with_bad_input_names_each_field(participating) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            host=participating.c1,
            spec=services.MeetingSpec(
                kind="party",
                title=" ",
                starts_at=STARTS,
                ends_at=STARTS - dt.timedelta(hours=1),
                place="",
            ),
            actor=participating.c1_officer,
        )
    assert set(error.value.message_dict) == {"kind", "title", "place", "ends_at"}


def test_announcing_late_is_shown_against_the_rule(participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 11, 16, 2, tzinfo=UTC)):  # 4 days ahead
        meeting = plan(participating.c1, participating.c1_officer)
        meeting = services.announce(meeting=meeting, actor=participating.c1_officer)
    rule = rule_for(MeetingKind.DIALOGUE, "commune", dt.date(2026, 11, 20))
    assert rule is not None and rule.notice_days == 7
    found = timeliness(meeting, rule)
    assert found.notice_days == 4 and found.notice_short


def test_results_are_due_within_the_rules_days_after_the_meeting(announced, participating) -> None:  # type: ignore[no-untyped-def]
    rule = rule_for(MeetingKind.DIALOGUE, "commune", dt.date(2026, 11, 20))
    with time_machine.travel(STARTS + dt.timedelta(hours=4)):
        held = services.hold(
            meeting=announced, attendance=150, minutes="Biên bản", actor=participating.c1_officer
        )
    due = timeliness(held, rule, on=dt.date(2026, 11, 30))
    assert due.publish_by == dt.date(2026, 11, 30) and not due.publish_late
    assert timeliness(held, rule, on=dt.date(2026, 12, 1)).publish_late
    with time_machine.travel(dt.datetime(2026, 11, 25, 2, tzinfo=UTC)):
        published = services.publish_results(
            meeting=held,
            results="Hội nghị đã nghe 12 ý kiến, trả lời 9 ý kiến.",
            actor=participating.c1_officer,
        )
    assert not timeliness(published, rule, on=dt.date(2026, 12, 20)).publish_late


def test_a_meeting_is_not_held_before_it_starts(announced, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW), pytest.raises(ValidationError):
        services.hold(meeting=announced, attendance=10, minutes="", actor=participating.c1_officer)


def test_the_reception_rule_changes_on_1_july_2026() -> None:
    before = rule_for(MeetingKind.RECEPTION, "commune", dt.date(2026, 6, 30))
    after = rule_for(MeetingKind.RECEPTION, "commune", dt.date(2026, 7, 1))
    assert before is not None and before.min_days_per_week == 1
    assert after is not None and after.min_days_per_month == 2
    assert "136/2025/QH15" in after.basis


def test_a_body_stands_against_the_yearly_dialogue_minimum(announced, participating) -> None:  # type: ignore[no-untyped-def]
    from danvan.org.models import Organization

    hosts = Organization.objects.filter(pk=participating.c1.pk)
    with time_machine.travel(NOW):
        (dialogue,) = [s for s in standings(hosts) if s.kind == MeetingKind.DIALOGUE]
    assert (dialogue.held, dialogue.required, dialogue.met) == (0, 1, False)
    with time_machine.travel(STARTS + dt.timedelta(hours=4)):
        services.hold(meeting=announced, attendance=80, minutes="", actor=participating.c1_officer)
        (dialogue,) = [s for s in standings(hosts) if s.kind == MeetingKind.DIALOGUE]
    assert dialogue.met


# --- Questions -------------------------------------------------------------------------------


def test_people_send_questions_before_the_meeting_once_per_key(announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        first = services.ask(
            meeting=announced, text="Khi nào sửa đường ngõ 5?", asked_by="Bà Lan", key="k1"
        )
        again = services.ask(
            meeting=announced, text="Khi nào sửa đường ngõ 5?", asked_by="Bà Lan", key="k1"
        )
    assert first.pk == again.pk and first.online
    assert announced.questions.count() == 1


def test_no_online_question_once_the_meeting_has_started(announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(STARTS + dt.timedelta(minutes=5)), pytest.raises(ValidationError):
        services.ask(meeting=announced, text="Câu hỏi gửi muộn quá rồi", key="k2")


def test_a_too_short_question_is_refused_beside_its_field(announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW), pytest.raises(ValidationError) as error:
        services.ask(meeting=announced, text="Hỏi", key="k3")
    assert "text" in error.value.message_dict


def test_a_question_becomes_a_commitment_followed_to_done(announced, participating) -> None:  # type: ignore[no-untyped-def]
    officer = participating.c1_officer
    with time_machine.travel(NOW):
        question = services.ask(
            meeting=announced, text="Đề nghị lắp đèn chiếu sáng ngõ 7.", key="k4"
        )
    with time_machine.travel(STARTS + dt.timedelta(hours=1)):
        commitment = services.commit(
            meeting=announced,
            question=question,
            owner=participating.c1,
            text="Lắp 6 bóng đèn chiếu sáng ngõ 7",
            due_on=dt.date(2026, 12, 31),
            actor=officer,
        )
    question.refresh_from_db()
    assert question.outcome == QuestionOutcome.COMMITTED
    with time_machine.travel(dt.datetime(2026, 12, 10, 2, tzinfo=UTC)):
        done = services.complete(
            commitment=commitment,
            done_on=dt.date(2026, 12, 9),
            evidence="Đã lắp 6 bóng đèn LED, nghiệm thu ngày 09/12/2026.",
            actor=officer,
        )
        counts = commitment_counts(Commitment.objects.all())
    assert done.state == CommitmentState.DONE
    assert (counts.done, counts.done_on_time, counts.open) == (1, 1, 0)
    assert access.public_commitments().filter(pk=commitment.pk).exists()


def test_a_question_is_dealt_with_once(announced, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        question = services.ask(
            meeting=announced, text="Đề nghị nạo vét kênh thoát nước.", key="k5"
        )
    services.answer_question(
        question=question, answer="Tháng 12 sẽ nạo vét.", actor=participating.c1_officer
    )
    with pytest.raises(ValidationError):
        services.not_admitted(question=question, reason="Trùng", actor=participating.c1_officer)


def test_a_question_becomes_a_citizen_matter_in_one_step(announced, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        question = services.ask(
            meeting=announced,
            text="Nhà tôi bị lún nứt do công trình bên cạnh thi công.",
            asked_by="Ông Hùng",
            key="k6",
        )
    with time_machine.travel(STARTS + dt.timedelta(hours=1)):
        done = services.to_matter(
            question=question,
            title="Nhà bị lún nứt do thi công",
            phone="0912 345 678",
            actor=participating.c1_officer,
        )
    case = done.case
    assert case is not None and case.channel == Channel.MEETING
    assert case.organization_id == participating.c1.pk
    assert case.meeting_question == done
    note = case.events.filter(kind="note").first()
    assert note is not None and reverse("participation:meeting", args=[announced.pk]) in note.text


def test_open_commitments_are_carried_to_the_next_briefing(participating) -> None:  # type: ignore[no-untyped-def]
    officer = participating.c1_officer
    with time_machine.travel(NOW):
        first = services.announce(meeting=plan(participating.c1, officer), actor=officer)
    with time_machine.travel(STARTS + dt.timedelta(hours=1)):
        kept = services.commit(
            meeting=first,
            owner=participating.c1,
            text="Sửa cống ngõ 3",
            due_on=dt.date(2027, 1, 31),
            actor=officer,
        )
    later = STARTS + dt.timedelta(days=30)
    with time_machine.travel(NOW):
        briefing = services.announce(
            meeting=plan(participating.c1, officer, kind=MeetingKind.BRIEFING, starts=later),
            actor=officer,
        )
    with time_machine.travel(later + dt.timedelta(hours=2)):
        services.hold(meeting=briefing, attendance=20, minutes="", actor=officer)
    kept.refresh_from_db()
    assert kept.carried_to_id == briefing.pk


# --- Who may ---------------------------------------------------------------------------------

# person → (reads c1's meeting, changes it, records what was done on c1's commitment)
EXPECTED = {
    "c1_officer": (True, True, True),
    "c1_leader": (True, True, True),
    "c2_officer": (False, False, False),
    "city_officer": (False, False, False),  # a unit grant on the city's committee
    "city_leader": (True, False, False),  # subtree: reads; holds meetings at its own level
    "city_front_officer": (False, False, False),
    "other_officer": (False, False, False),
    "citizen": (False, False, False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_permission_matrix(participating, announced, name) -> None:  # type: ignore[no-untyped-def]
    user = getattr(participating, name)
    reads, changes, completes = EXPECTED[name]
    with time_machine.travel(STARTS + dt.timedelta(hours=1)):
        commitment = services.commit(
            meeting=announced,
            owner=participating.c1,
            text="Cam kết thử",
            due_on=dt.date(2027, 1, 1),
            actor=participating.c1_officer,
        )
    assert user.has_perm("participation.view_meeting", announced) is reads
    assert access.meetings_for(user).filter(pk=announced.pk).exists() is reads
    assert user.has_perm("participation.change_meeting", announced) is changes
    assert user.has_perm("participation.change_commitment", commitment) is completes
    assert access.commitments_for(user).filter(pk=commitment.pk).exists() is reads
    assert user.has_perm("participation.delete_meeting", announced) is False
    if not changes:
        with pytest.raises(PermissionDenied):
            services.cancel(meeting=announced, reason="Thử", actor=user)


def test_a_commitment_given_to_a_body_below_is_that_bodys_to_complete(participating) -> None:  # type: ignore[no-untyped-def]
    officer = participating.city_officer
    with time_machine.travel(NOW):
        meeting = services.announce(meeting=plan(participating.city, officer), actor=officer)
    with time_machine.travel(STARTS + dt.timedelta(hours=1)):
        commitment = services.commit(
            meeting=meeting,
            owner=participating.c1,
            text="Phường rà soát hộ nghèo",
            due_on=dt.date(2027, 1, 1),
            actor=officer,
        )
    assert participating.c1_officer.has_perm("participation.change_commitment", commitment)
    assert not participating.c2_officer.has_perm("participation.change_commitment", commitment)


# --- Pages -----------------------------------------------------------------------------------


def test_the_public_schedule_and_its_calendar_feed(client, announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        page = client.get(reverse("participation_public:schedule"))
        feed = client.get(reverse("participation_public:schedule_ics"))
    assert page.status_code == 200 and announced.title in page.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]).endswith(announced.title)
    assert event.decoded("dtstart") == STARTS
    assert announced.key in str(event["url"])


def test_a_planned_meeting_is_not_public(client, participating) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        meeting = plan(participating.c1, participating.c1_officer)
        assert (
            client.get(reverse("participation_public:meeting", args=[meeting.key])).status_code
            == 404
        )
        assert (
            meeting.title
            not in client.get(reverse("participation_public:schedule")).content.decode()
        )


def test_a_citizen_sends_a_question_on_the_public_page(client, announced) -> None:  # type: ignore[no-untyped-def]
    url = reverse("participation_public:meeting", args=[announced.key])
    with time_machine.travel(NOW):
        bad = client.post(url, {"text": "ngắn", "key": "abc"})
        good = client.post(
            url,
            {"text": "Đề nghị mở rộng giờ tiếp dân buổi tối.", "asked_by": "Chị Mai", "key": "abc"},
        )
        trap = client.post(
            url, {"text": "Quảng cáo bán hàng giá rẻ!!!", "key": "bot", "website": "x"}
        )
    assert bad.status_code == 400
    assert good.status_code == 302 and trap.status_code == 302
    assert list(announced.questions.values_list("asked_by", flat=True)) == ["Chị Mai"]


def test_the_staff_pages_answer_with_few_queries(
    client, participating, announced, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, participating.c1_officer)
    with time_machine.travel(NOW):
        for i in range(5):
            services.ask(meeting=announced, text=f"Câu hỏi thứ {i} của người dân", key=f"q{i}")
        assert client.get(reverse("participation:meetings")).status_code == 200
        with django_assert_max_num_queries(25):
            assert (
                client.get(reverse("participation:meeting", args=[announced.pk])).status_code == 200
            )
        assert client.get(reverse("participation:commitments")).status_code == 200
        assert client.get(reverse("participation:commitments_xlsx")).status_code == 200
        assert (
            client.get(reverse("participation:meeting_docx", args=[announced.pk])).status_code
            == 200
        )


def test_a_bad_form_on_the_staff_side_is_400_and_changes_nothing(
    client, participating, announced
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, participating.c1_officer)
    with time_machine.travel(NOW):
        question = services.ask(
            meeting=announced, text="Đề nghị làm rõ quy hoạch khu dân cư.", key="z"
        )
        page = client.post(
            reverse("participation:handle_question", args=[question.pk, "commit"]),
            {"owner": participating.c1.pk, "text": "Làm rõ", "due_on": "31/02/2026"},
        )
    assert page.status_code == 400
    assert not Commitment.objects.exists()


def test_others_cannot_open_a_communes_meeting(client, participating, announced) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, participating.c2_officer)
    assert client.get(reverse("participation:meeting", args=[announced.pk])).status_code == 403
    assert client.get(reverse("participation:meetings")).status_code == 200


def test_the_public_commitments_page_shows_what_was_done(client, participating, announced) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(STARTS + dt.timedelta(hours=1)):
        commitment = services.commit(
            meeting=announced,
            owner=participating.c1,
            text="Trồng 50 cây xanh",
            due_on=dt.date(2026, 12, 1),
            actor=participating.c1_officer,
        )
    with time_machine.travel(dt.datetime(2026, 11, 28, 2, tzinfo=UTC)):
        services.complete(
            commitment=commitment,
            done_on=dt.date(2026, 11, 27),
            evidence="Đã trồng 50 cây sao đen.",
            actor=participating.c1_officer,
        )
        page = client.get(reverse("participation_public:commitments"))
    text = page.content.decode()
    assert "Trồng 50 cây xanh" in text and "Đã trồng 50 cây sao đen." in text
    assert timezone.localdate(commitment.meeting.starts_at) == dt.date(2026, 11, 20)
