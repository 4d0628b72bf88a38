"""The leader's dashboard tiles for commitments and the Front's recommendations: counted
through the accessors (a commune's are its own, a province sees its subtree), overdue by
the day in Hà Nội, each tile a link to the list it counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.participation.dashboard import leader_tiles, quarter_start
from danvan.participation.services import meetings, supervision

from .conftest import announced_dialogue
from .test_supervision_fixtures import make_supervised

pytestmark = pytest.mark.django_db

UTC = dt.UTC
HELD = dt.datetime(2026, 10, 1, 1, tzinfo=UTC)
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def promised(participating):  # type: ignore[no-untyped-def]
    """At commune c1's dialogue of 01/10/2026: one commitment past due (15/11), one due at the
    year's end, one done on 20/11; and the city Front's recommendation to c1 sent on
    01/10/2026 (due 31/10) and another not yet due."""
    p = participating
    meeting = announced_dialogue(p.c1, p.c1_officer, HELD)
    with time_machine.travel(HELD + dt.timedelta(hours=1)):
        for text, due in [
            ("Sửa đường ngõ 3", dt.date(2026, 11, 15)),
            ("Lắp đèn ngõ 7", dt.date(2026, 12, 31)),
            ("Nạo vét mương", dt.date(2026, 11, 30)),
        ]:
            last = meetings.commit(
                meeting=meeting, owner=p.c1, text=text, due_on=due, actor=p.c1_officer
            )
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=UTC)):
        meetings.complete(
            commitment=last, done_on=dt.date(2026, 11, 20), evidence="Đã nạo vét.",
            actor=p.c1_officer,
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 12, 5, 2, tzinfo=UTC)):
        made = make_supervised(p)
        supervision.add_recommendation(
            programme=made.programme,
            addressed_to=p.c1,
            text="Công khai kết quả giải quyết đơn.",
            sent_on=dt.date(2026, 10, 1),
            due_on=dt.date(2026, 10, 31),
            actor=p.city_front_officer,
        )
    return p


def _tiles(user):  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 12, 5, 2, tzinfo=UTC)):
        # By where they lead: their labels are translated.
        return {
            t.url.rsplit("/", 2)[-2] + t.url.partition("?")[2]: t for t in leader_tiles(user, TODAY)
        }


def test_a_communes_leader_sees_its_overdue_commitments_and_recommendations(promised) -> None:  # type: ignore[no-untyped-def]
    tiles = _tiles(promised.c1_leader)
    late = tiles["commitmentsshow=overdue"]
    assert (late.value, late.tone) == ("1", "alert") and "2" in late.change
    assert tiles["commitmentsshow=done"].value == "1"
    front = tiles["overdue"]
    assert (front.value, front.tone) == ("1", "alert") and "2" in front.change


def test_a_province_leader_sees_the_communes_below(promised) -> None:  # type: ignore[no-untyped-def]
    tiles = _tiles(promised.city_leader)
    assert tiles["commitmentsshow=overdue"].value == "1"


def test_another_communes_officer_and_another_province_see_no_tiles(promised) -> None:  # type: ignore[no-untyped-def]
    assert _tiles(promised.c2_officer) == {}
    assert _tiles(promised.other_officer) == {}


def test_the_tiles_take_two_queries(promised, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(2 + 4):  # + the leader's assignments, read once each
        _tiles(promised.c1_leader)


def test_the_quarter_starts_on_its_first_month() -> None:
    assert quarter_start(dt.date(2026, 12, 5)) == dt.date(2026, 10, 1)
    assert quarter_start(dt.date(2026, 3, 31)) == dt.date(2026, 1, 1)
