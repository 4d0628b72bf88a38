"""Demo meetings (DEMO DATA): in the demo officer's ward, a dialogue with the people held two
months ago (questions answered, promised and made a matter; its results published; one
commitment done with evidence, one under way, one overdue), the quarterly briefing held last
month (which carried the open commitments), and a dialogue announced for the coming days
that people have already sent questions to. Titles say "(demo)"; the moments are set after
the services ran (demo data only: real records keep their own)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.org.models import Organization, OrganizationKind
from danvan.participation.meeting_rules import ensure_rules
from danvan.participation.models import (
    Commitment,
    Meeting,
    MeetingKind,
    MeetingQuestion,
    MeetingRule,
)
from danvan.participation.services import meetings as services

TITLE = "Hội nghị đối thoại giữa UBND phường với Nhân dân năm 2026 (demo)"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _spec(
    kind: str, title: str, starts: dt.datetime, place: str, chair: str
) -> services.MeetingSpec:
    return services.MeetingSpec(
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place=place,
        chaired_by=chair,
        agenda="Dữ liệu demo. Nghe ý kiến, kiến nghị của Nhân dân về trật tự đô thị, môi "
        "trường, an sinh xã hội và cải cách thủ tục hành chính.",
    )


def _moved(meeting: Meeting, *, announced: dt.datetime, held: dt.datetime | None = None) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        announced_at=announced,
        held_at=held,
        published_at=held + dt.timedelta(days=6) if held and meeting.results else None,
    )
    MeetingQuestion.objects.filter(meeting=meeting, online=True).update(
        raised_at=announced + dt.timedelta(days=2)
    )
    MeetingQuestion.objects.filter(meeting=meeting, online=False).update(
        raised_at=meeting.starts_at + dt.timedelta(minutes=40)
    )


def seed_demo_meetings(*, officer_commune: str) -> int:
    """Returns the number of meetings made (0 when seeded before)."""
    ensure_rules(MeetingRule)
    if Meeting.objects.filter(title=TITLE).exists():
        return 0
    host = Organization.objects.get(
        unit__code=officer_commune, kind=OrganizationKind.PEOPLES_COMMITTEE
    )
    officer = User.objects.filter(username="canbo").first()
    place = "Hội trường UBND phường, số 1 phố Chính (demo)"
    chair = "Chủ tịch UBND phường; Chủ tịch Ủy ban MTTQ phường"
    day = today()

    # 1. The dialogue held two months ago.
    held_on = day - dt.timedelta(days=60)
    dialogue = services.create_meeting(
        host=host, spec=_spec(MeetingKind.DIALOGUE, TITLE, _at(held_on, 8), place, chair)
    )
    Meeting.objects.filter(pk=dialogue.pk).update(state="announced")
    dialogue.refresh_from_db()
    asked = [
        (
            "Bà Nguyễn Thị Lan, tổ dân phố 5 (demo)",
            "Ngõ 7 không có đèn chiếu sáng, buổi tối rất nguy hiểm cho học sinh.",
        ),
        (
            "Ông Trần Văn Hùng, tổ dân phố 2 (demo)",
            "Rác thải tập kết ở đầu ngõ 12 không được thu gom đúng giờ.",
        ),
        (
            "Ông Lê Văn Minh, tổ dân phố 8 (demo)",
            "Đề nghị công khai danh sách hộ cận nghèo năm 2026.",
        ),
        (
            "Chị Phạm Thu Hà, tổ dân phố 3 (demo)",
            "Nhà tôi bị lún nứt do công trình bên cạnh thi công.",
        ),
        ("", "Thủ tục cấp giấy chứng nhận quyền sử dụng đất còn chậm."),
    ]
    questions = [
        services.record_question(meeting=dialogue, text=text, asked_by=who) for who, text in asked
    ]
    lamps = services.commit(
        meeting=dialogue,
        question=questions[0],
        owner=host,
        text="Lắp 6 bóng đèn LED chiếu sáng ngõ 7",
        due_on=held_on + dt.timedelta(days=30),
    )
    waste = services.commit(
        meeting=dialogue,
        question=questions[1],
        owner=host,
        text="Điều chỉnh giờ thu gom rác ngõ 12 trước 20 giờ hằng ngày",
        due_on=held_on + dt.timedelta(days=45),
    )
    services.commit(
        meeting=dialogue,
        question=questions[4],
        owner=host,
        text="Rà soát, giải quyết dứt điểm các hồ sơ đất đai tồn đọng",
        due_on=day + dt.timedelta(days=40),
    )
    services.answer_question(
        question=questions[2],
        answer="Danh sách đã niêm yết tại trụ sở UBND phường và nhà văn hóa các tổ dân phố "
        "từ ngày 15.",
    )
    if officer is not None:
        services.to_matter(
            question=questions[3],
            title="Nhà bị lún nứt do công trình bên cạnh thi công",
            phone="0900 000 003",  # demo data
            actor=officer,
        )
    Meeting.objects.filter(pk=dialogue.pk).update(state="announced")
    services.hold(meeting=dialogue, attendance=186, minutes="Dữ liệu demo. Hội nghị nghe 5 ý kiến.")
    services.publish_results(
        meeting=dialogue,
        results="Dữ liệu demo. Hội nghị đã nghe 5 ý kiến của Nhân dân: 1 ý kiến được trả lời "
        "tại hội nghị, 3 ý kiến được UBND phường cam kết giải quyết, 1 ý kiến được tiếp nhận "
        "thành đơn để giải quyết theo quy định.",
    )
    _moved(dialogue, announced=_at(held_on - dt.timedelta(days=10), 9), held=_at(held_on, 11))
    services.complete(
        commitment=lamps,
        done_on=held_on + dt.timedelta(days=21),
        evidence="Đã lắp 6 bóng đèn LED 50W, nghiệm thu và đưa vào sử dụng (dữ liệu demo).",
    )
    Commitment.objects.filter(pk=waste.pk).update(due_on=day - dt.timedelta(days=12))

    # 2. The quarterly briefing held last month: the open commitments are carried to it.
    briefed = day - dt.timedelta(days=25)
    briefing = services.create_meeting(
        host=host,
        spec=_spec(
            MeetingKind.BRIEFING,
            "Giao ban công tác dân vận quý (demo)",
            _at(briefed, 14),
            "Phòng họp UBND phường (demo)",
            "Bí thư Đảng ủy phường",
        ),
    )
    Meeting.objects.filter(pk=briefing.pk).update(state="announced")
    briefing.refresh_from_db()
    services.hold(meeting=briefing, attendance=24, minutes="Dữ liệu demo. Rà soát các cam kết.")
    _moved(briefing, announced=_at(briefed - dt.timedelta(days=7), 9), held=_at(briefed, 17))

    # 3. The next dialogue, announced, with questions already sent.
    coming = day + dt.timedelta(days=12)
    upcoming = services.create_meeting(
        host=host,
        spec=_spec(
            MeetingKind.DIALOGUE,
            "Đối thoại với Nhân dân về chỉnh trang đô thị (demo)",
            _at(coming, 8),
            place,
            chair,
        ),
    )
    upcoming = services.announce(meeting=upcoming)
    for n, (who, text) in enumerate(
        [
            (
                "Ông Đỗ Văn Tâm (demo)",
                "Vỉa hè phố Chính bị chiếm dụng làm chỗ để xe, đề nghị xử lý.",
            ),
            ("", "Đề nghị bố trí thêm thùng rác công cộng ở vườn hoa."),
        ]
    ):
        services.ask(meeting=upcoming, text=text, asked_by=who, key=f"demo-{n}")
    return 3
