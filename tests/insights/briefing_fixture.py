"""A quarter of people's texts for the briefing tests: real matters in commune A1 of Hà Nội
(so that their officers read them through the matters' own accessor), their texts, a topic
model with weekly counts on both sides of the quarter's edges, and hotspots in Hà Nội and in
Tuyên Quang. The quarter is the third of 2026 (01/07–30/09, Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from danvan.insights.models import (
    Hotspot,
    HotspotKind,
    HotspotState,
    TextSource,
    Topic,
    TopicMembership,
    TopicModel,
    TopicWeekCount,
)
from tests.duplicates.conftest import make_case

from .conftest import make_text

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
IN_Q3 = dt.datetime(2026, 8, 12, 10, 0, tzinfo=VN)
AFTER_Q3 = dt.datetime(2026, 10, 15, 9, 0, tzinfo=VN)  # the last complete quarter: Q3

FLOOD = [
    "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn, đề nghị khơi thông cống MARKFLOODONE.",
    "Cống thoát nước khu dân cư bị tắc, mưa xuống là ngập MARKFLOODTWO.",
    "Nước ngập vào nhà dân sau mỗi trận mưa, đề nghị nạo vét kênh MARKFLOODTHREE.",
]
NAMED = (
    "Ông Nguyễn Văn Tám ở tổ 5, điện thoại 0912 345 678, email tam.nv@example.vn, phản ánh "
    "cống tắc gây ngập MARKNAMED."
)
DENUNCIATION = "Tố cáo cán bộ địa chính nhận tiền của dân để làm sổ đỏ MARKDENOUNCE."
SENSITIVE = "Giáo xứ đề nghị trả lại phần đất nhà thờ bị lấn chiếm MARKSENSITIVE."
LATE_Q3 = "Ngập sâu trước cổng trường lúc nửa đêm MARKLATEQ3."
EARLY_Q4 = "Ngập sâu trước cổng chợ lúc rạng sáng MARKEARLYQ4."
PETITIONER = "Trần Thị Bình"  # the name every matter of make_case is sent under


@dataclass
class Quarter3:
    model: TopicModel
    flood: Topic
    land: Topic
    noise: Topic
    cases: list[Any] = field(default_factory=list)
    hotspot: Hotspot | None = None
    other_hotspot: Hotspot | None = None
    q4_hotspot: Hotspot | None = None


def _week(topic: Topic, monday: dt.date, count: int, unit: Any, province: Any) -> None:
    TopicWeekCount.objects.create(
        topic=topic, week=monday, unit=unit, province=province, count=count
    )


def build(network: Any) -> Quarter3:
    a1 = network.commune_a1.unit
    hanoi = a1.province or a1.parent
    b1 = network.commune_b1.unit
    tuyen_quang = b1.province or b1.parent
    model = TopicModel.objects.create(
        scope=None,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 9, 30),
        topic_count=3,
        text_count=100,
        trained_at=IN_Q3,
        active=True,
    )
    flood = Topic.objects.create(
        model=model, number=0, label="Ngập úng đô thị", words=[["ngập", 0.5], ["cống", 0.3]]
    )
    land = Topic.objects.create(
        model=model, number=1, label="Cấp giấy chứng nhận đất", words=[["sổ_đỏ", 0.4]]
    )
    noise = Topic.objects.create(
        model=model, number=2, label="Tiếng ồn karaoke Tuyên Quang", words=[["karaoke", 0.6]]
    )
    # Flooding in A1: 9 + 4 (the week of 29/06 has its Thursday 02/07: Q3) = 13 in Q3;
    # 8 in Q2; the week of 28/09 (Thursday 01/10) is Q4's and is not counted.
    _week(flood, dt.date(2026, 8, 10), 9, a1, hanoi)
    _week(flood, dt.date(2026, 6, 29), 4, a1, hanoi)
    _week(flood, dt.date(2026, 5, 4), 8, a1, hanoi)
    _week(flood, dt.date(2026, 9, 28), 100, a1, hanoi)
    # Land: 7 in Q3, none before (new).
    _week(land, dt.date(2026, 8, 17), 7, a1, hanoi)
    # Noise: Tuyên Quang only, and more than anything in Hà Nội.
    _week(noise, dt.date(2026, 8, 17), 50, b1, tuyen_quang)

    made = Quarter3(model=model, flood=flood, land=land, noise=noise)
    texts = []  # (content, weight, moment, restricted, sensitive)
    texts += [(c, 0.9 - i * 0.1, IN_Q3, False, False) for i, c in enumerate(FLOOD)]
    texts += [
        (NAMED, 0.85, IN_Q3, False, False),
        (DENUNCIATION, 0.99, IN_Q3, True, False),
        (SENSITIVE, 0.98, IN_Q3, False, True),
        # 23:59 on 30/09 in Vietnam (16:59 UTC): still Q3.
        (LATE_Q3, 0.75, dt.datetime(2026, 9, 30, 16, 59, tzinfo=UTC), False, False),
        # 03:00 on 01/10 in Vietnam (20:00 UTC on 30/09): Q4.
        (EARLY_Q4, 0.97, dt.datetime(2026, 9, 30, 20, 0, tzinfo=UTC), False, False),
    ]
    with time_machine.travel(IN_Q3, tick=False):
        for content, weight, moment, restricted, sensitive in texts:
            case = make_case(network, ("Phản ánh của người dân", content))
            made.cases.append(case)
            text = make_text(
                content,
                unit=a1,
                province=hanoi,
                organization=case.organization,
                source=TextSource.CASE,
                source_id=case.pk,
                case_kind="denunciation" if restricted else "feedback",
                at=moment,
                restricted=restricted,
                sensitive=sensitive,
            )
            TopicMembership.objects.create(model=model, text=text, topic=flood, weight=weight)
    made.hotspot = _hotspot(
        "a1-flood",
        "Ngập úng tăng đột biến ở phường MARKHOTSPOT",
        dt.date(2026, 8, 10),
        flood,
        a1,
        hanoi,
        network.commune_a1_committee,
        HotspotState.WATCHED,
        9,
    )
    made.other_hotspot = _hotspot(
        "b1-noise",
        "Karaoke ồn ở Tuyên Quang MARKOTHERPROVINCE",
        dt.date(2026, 8, 17),
        noise,
        b1,
        tuyen_quang,
        network.commune_b1,
        HotspotState.HANDLING,
        50,
    )
    made.q4_hotspot = _hotspot(
        "a1-q4",
        "Ngập úng tuần đầu quý IV MARKQ4HOTSPOT",
        dt.date(2026, 9, 28),
        flood,
        a1,
        hanoi,
        None,
        HotspotState.DETECTED,
        100,
    )
    return made


def _hotspot(
    key: str,
    title: str,
    week: dt.date,
    topic: Topic,
    unit: Any,
    province: Any,
    in_charge: Any,
    state: str,
    observed: int,
) -> Hotspot:
    return Hotspot.objects.create(
        key=key,
        kind=HotspotKind.TOPIC_SURGE,
        state=state,
        title=title,
        week=week,
        topic=topic,
        unit=unit,
        province=province,
        in_charge=in_charge,
        observed=observed,
        baseline=2.0,
        detected_at=dt.datetime.combine(week, dt.time(9), tzinfo=VN),
    )
