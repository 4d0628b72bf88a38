"""The rules table: what the migration seeds, which row applies, and how it is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from danvan.deadlines.calendar import WorkCalendar
from danvan.deadlines.models import Complexity, DayType, DeadlineRule, Matter, Step
from danvan.deadlines.selectors import Due, due_dates, explain, rule_for
from danvan.deadlines.services import amend_rule, update_rule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def seeded(matter: str, step: str, **flags) -> DeadlineRule:  # type: ignore[no-untyped-def]
    return DeadlineRule.objects.get(matter=matter, step=step, **flags)


# --- The seed ---------------------------------------------------------------------------


LAW_136 = D(2026, 7, 1)


def test_the_migrations_seed_the_limits_of_the_design_and_of_2026() -> None:
    # 0002: the nineteen limits of the design; 0004: letter handling, and the complaint
    # acceptance of Luật 136/2025/QH15 replacing the ten days of the Law on Complaints.
    assert DeadlineRule.objects.count() == 19 + 3
    ended = DeadlineRule.objects.filter(effective_to__isnull=False)
    assert sorted(ended.values_list("matter", "step", "effective_to")) == [
        (Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, LAW_136 - dt.timedelta(days=1)),
        (Matter.COMPLAINT_SECOND, Step.ACCEPTANCE, LAW_136 - dt.timedelta(days=1)),
    ]
    later = DeadlineRule.objects.filter(effective_from__gte=D(2026, 1, 1))
    assert sorted(later.values_list("matter", "step", "days", "effective_from")) == [
        (Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, 7, LAW_136),
        (Matter.COMPLAINT_SECOND, Step.ACCEPTANCE, 7, LAW_136),
    ]


# fmt: off
# Acceptance has two versions: the flags name the one meant.
SEEDED = [
    (Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, {"effective_from": D(2012, 7, 1)}, 10,
     DayType.WORKING, D(2012, 7, 1), "Luật Khiếu nại 2011, Điều 27"),
    (Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, {"effective_from": LAW_136}, 7,
     DayType.WORKING, LAW_136,
     "NĐ 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi NĐ 155/2026/NĐ-CP)"),
    (Matter.COMPLAINT_SECOND, Step.ACCEPTANCE, {"effective_from": LAW_136}, 7,
     DayType.WORKING, LAW_136,
     "NĐ 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi NĐ 155/2026/NĐ-CP)"),
    (Matter.LETTER, Step.HANDLING, {}, 10, DayType.WORKING, D(2021, 11, 15),
     "Thông tư 05/2021/TT-TTCP"),
    (Matter.COMPLAINT_SECOND, Step.RESOLUTION,
     {"complexity": Complexity.COMPLEX, "remote_area": True}, 70, DayType.CALENDAR,
     D(2012, 7, 1), "Luật Khiếu nại 2011, Điều 37"),
    (Matter.COMPLAINT_FIRST, Step.FILING_LIMIT, {}, 90, DayType.CALENDAR, D(2012, 7, 1),
     "Luật Khiếu nại 2011, Điều 9"),
    (Matter.DENUNCIATION, Step.INITIAL_PROCESSING, {"several_places": True}, 10,
     DayType.WORKING, D(2019, 1, 1), "Luật Tố cáo 2018, Điều 24, khoản 1"),
    (Matter.DENUNCIATION, Step.RESOLUTION, {"complexity": Complexity.ESPECIALLY_COMPLEX},
     90, DayType.CALENDAR, D(2019, 1, 1), "Luật Tố cáo 2018, Điều 30"),
    (Matter.CITIZEN_RECEPTION, Step.REPLY, {}, 10, DayType.WORKING, D(2014, 7, 1),
     "Luật Tiếp công dân 2013, Điều 28"),
    (Matter.FEEDBACK, Step.FORWARDING, {}, 5, DayType.WORKING, D(2008, 3, 10),
     "Nghị định 20/2008/NĐ-CP, Điều 9"),
]
# fmt: on


@pytest.mark.parametrize(
    ("matter", "step", "flags", "days", "day_type", "effective_from", "basis"), SEEDED
)
def test_seeded_values(matter, step, flags, days, day_type, effective_from, basis) -> None:  # type: ignore[no-untyped-def]
    rule = seeded(matter, step, **flags)
    assert (rule.days, rule.day_type, rule.effective_from, rule.legal_basis) == (
        days,
        day_type,
        effective_from,
        basis,
    )


def test_the_unverified_effective_date_says_so() -> None:
    assert "cần đối chiếu" in seeded(Matter.FEEDBACK, Step.FORWARDING).note


def test_seeded_rules_start_their_history() -> None:
    record = seeded(Matter.CITIZEN_RECEPTION, Step.REPLY).history.get()
    assert (record.history_type, record.history_change_reason) == ("+", "seed")
    record = seeded(Matter.LETTER, Step.HANDLING).history.get()
    assert (record.history_type, record.history_change_reason) == ("+", "seed")


def test_the_2026_amendment_is_in_the_history_of_the_old_row() -> None:
    old = seeded(Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, effective_from=D(2012, 7, 1))
    amended, seed = old.history.all()
    assert (seed.history_type, seed.history_change_reason, seed.effective_to) == (
        "+",
        "seed",
        None,
    )
    assert (amended.history_type, amended.history_change_reason, amended.effective_to) == (
        "~",
        "amended",
        D(2026, 6, 30),
    )
    new = seeded(Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, effective_from=LAW_136)
    assert new.history.get().history_change_reason == "seed"


# --- Which row applies ------------------------------------------------------------------


def test_a_new_row_applies_from_its_effective_date_only() -> None:
    # The seeded amendment of 0004: 10 working days until 30/06/2026, 7 from 01/07/2026.
    old = seeded(Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, effective_from=D(2012, 7, 1))
    new = seeded(Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, effective_from=LAW_136)
    assert old.effective_to == D(2026, 6, 30)
    before = rule_for(matter=Matter.COMPLAINT_FIRST, step=Step.ACCEPTANCE, on=D(2026, 6, 30))
    after = rule_for(matter=Matter.COMPLAINT_FIRST, step=Step.ACCEPTANCE, on=D(2026, 7, 1))
    assert (before, after) == (old, new)

    # Received Tue 30/06/2026: 10 working days → Tue 14/07. Received Wed 01/07: 7 → Fri 10/07.
    (due_before,) = due_dates(
        matter=Matter.COMPLAINT_FIRST, start=D(2026, 6, 30), steps=[Step.ACCEPTANCE]
    )
    (due_after,) = due_dates(
        matter=Matter.COMPLAINT_FIRST, start=D(2026, 7, 1), steps=[Step.ACCEPTANCE]
    )
    assert (due_before.due_date, due_before.days, due_before.effective_from) == (
        D(2026, 7, 14),
        10,
        D(2012, 7, 1),
    )
    assert (due_after.due_date, due_after.days, due_after.effective_from) == (
        D(2026, 7, 10),
        7,
        D(2026, 7, 1),
    )


def test_a_new_row_left_open_still_wins_over_the_old_one() -> None:
    # An administrator who forgets to close the old row must not get the old limit.
    DeadlineRule.objects.create(
        matter=Matter.DENUNCIATION,
        step=Step.FORWARDING,
        days=3,
        day_type=DayType.WORKING,
        effective_from=D(2026, 7, 1),
        legal_basis="test",
    )
    assert rule_for(matter=Matter.DENUNCIATION, step=Step.FORWARDING, on=D(2026, 7, 1)).days == 3  # type: ignore[union-attr]
    assert rule_for(matter=Matter.DENUNCIATION, step=Step.FORWARDING, on=D(2026, 6, 30)).days == 5  # type: ignore[union-attr]


def test_no_rule_before_the_law_came_into_force() -> None:
    assert rule_for(matter=Matter.DENUNCIATION, step=Step.RESOLUTION, on=D(2018, 12, 31)) is None
    assert due_dates(matter=Matter.DENUNCIATION, start=D(2018, 12, 31)) == []


# fmt: off
FALLBACKS = [
    # The flag matches exactly when a row has it ...
    (Matter.COMPLAINT_FIRST, Step.RESOLUTION, {"remote_area": True}, 45),
    (Matter.DENUNCIATION, Step.INITIAL_PROCESSING, {"several_places": True}, 10),
    # ... and falls back to the general row when none has.
    (Matter.DENUNCIATION, Step.RESOLUTION, {"remote_area": True}, 30),
    (Matter.COMPLAINT_FIRST, Step.ACCEPTANCE, {"remote_area": True}, 10),
    (Matter.DENUNCIATION, Step.FORWARDING, {"several_places": True}, 5),
    # Complexity: the greatest defined one not above the one asked for.
    (Matter.COMPLAINT_FIRST, Step.RESOLUTION, {"complexity": Complexity.COMPLEX}, 45),
    (Matter.COMPLAINT_FIRST, Step.RESOLUTION,
     {"complexity": Complexity.ESPECIALLY_COMPLEX}, 45),
    (Matter.COMPLAINT_SECOND, Step.RESOLUTION,
     {"complexity": Complexity.ESPECIALLY_COMPLEX, "remote_area": True}, 70),
    (Matter.DENUNCIATION, Step.RESOLUTION, {"complexity": Complexity.COMPLEX}, 60),
    (Matter.DENUNCIATION, Step.RESOLUTION,
     {"complexity": Complexity.ESPECIALLY_COMPLEX, "remote_area": True}, 90),
    (Matter.DENUNCIATION, Step.INITIAL_PROCESSING,
     {"complexity": Complexity.COMPLEX}, 7),
    # A step the matter does not have.
    (Matter.FEEDBACK, Step.RESOLUTION, {}, None),
]
# fmt: on


@pytest.mark.parametrize(("matter", "step", "flags", "days"), FALLBACKS)
def test_fallbacks(matter, step, flags, days) -> None:  # type: ignore[no-untyped-def]
    rule = rule_for(matter=matter, step=step, on=D(2025, 6, 2), **flags)
    assert (rule.days if rule else None) == days


def test_due_dates_gives_every_step_of_the_matter_in_order() -> None:
    dues = due_dates(matter=Matter.COMPLAINT_FIRST, start=D(2025, 3, 3))
    assert [due.step for due in dues] == [Step.FILING_LIMIT, Step.ACCEPTANCE, Step.RESOLUTION]
    steps = [Step.RESOLUTION, Step.FORWARDING, Step.INITIAL_PROCESSING]
    dues = due_dates(matter=Matter.DENUNCIATION, start=D(2025, 3, 3), steps=steps)
    assert [due.step for due in dues] == steps


def test_due_dates_makes_the_same_queries_for_one_step_or_all(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(2):  # the rules, the swaps table
        assert len(due_dates(matter=Matter.DENUNCIATION, start=D(2025, 3, 3))) == 3
    with django_assert_num_queries(2):
        assert (
            len(due_dates(matter=Matter.DENUNCIATION, start=D(2025, 3, 3), steps=[Step.FORWARDING]))
            == 1
        )
    with django_assert_num_queries(1):  # a calendar passed in is not read again
        due_dates(matter=Matter.COMPLAINT_SECOND, start=D(2025, 3, 3), calendar=WorkCalendar())


# --- Explanation --------------------------------------------------------------------------


def test_explain_working_days() -> None:
    (due,) = due_dates(matter=Matter.COMPLAINT_FIRST, start=D(2025, 2, 3), steps=[Step.ACCEPTANCE])
    with translation.override("en"):
        assert explain(due) == "10 working days from 03/02/2025 (Luật Khiếu nại 2011, Điều 27)"


def test_explain_calendar_days_and_the_singular() -> None:
    due = Due(
        step=Step.RESOLUTION,
        start=D(2025, 3, 3),
        due_date=D(2025, 3, 4),
        days=1,
        day_type=DayType.CALENDAR,
        rule_id=1,
        legal_basis="X",
        effective_from=D(2020, 1, 1),
    )
    with translation.override("en"):
        assert explain(due) == "1 day from 03/03/2025 (X)"
        assert explain(due.__class__(**{**due.__dict__, "days": 30})) == (
            "30 days from 03/03/2025 (X)"
        )


# --- Audit and validation -----------------------------------------------------------------


def test_editing_a_rule_is_audited(time_machine) -> None:  # type: ignore[no-untyped-def]
    editor = UserFactory()
    rule = seeded(Matter.CITIZEN_RECEPTION, Step.REPLY)
    time_machine.move_to(dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False)
    update_rule(actor=editor, rule=rule, note="Đã đối chiếu.", reason="checked")
    latest, first = rule.history.all()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        editor,
        "checked",
    )
    assert latest.history_date == dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)
    assert (first.note, latest.note) == (
        "Trả lời kết quả xử lý cho người đến trình bày.",
        "Đã đối chiếu.",
    )


def test_amend_rule_ends_the_old_row_the_day_before_the_new_one() -> None:
    # A made-up amendment: the service, not a law, is under test.
    old = seeded(Matter.DENUNCIATION, Step.FORWARDING)
    new = amend_rule(actor=None, rule=old, effective_from=D(2027, 1, 1), days=3, legal_basis="test")
    old.refresh_from_db()
    assert old.effective_to == D(2026, 12, 31)
    assert rule_for(matter=Matter.DENUNCIATION, step=Step.FORWARDING, on=D(2026, 12, 31)) == old
    assert rule_for(matter=Matter.DENUNCIATION, step=Step.FORWARDING, on=D(2027, 1, 1)) == new


def test_amending_a_rule_is_audited_on_both_rows() -> None:
    editor = UserFactory()
    old = seeded(Matter.DENUNCIATION, Step.FORWARDING)
    new = amend_rule(
        actor=editor, rule=old, effective_from=D(2027, 1, 1), days=3, legal_basis="test"
    )
    assert old.history.first().history_user == editor  # type: ignore[union-attr]
    assert old.history.first().effective_to == D(2026, 12, 31)  # type: ignore[union-attr]
    assert new.history.get().history_user == editor


def test_only_listed_fields_can_be_edited() -> None:
    with pytest.raises(ValueError, match="matter"):
        update_rule(actor=None, rule=seeded(Matter.FEEDBACK, Step.FORWARDING), matter="x")


@pytest.mark.parametrize(
    "changes",
    [{"days": 0}, {"effective_to": D(2000, 1, 1)}],
)
def test_invalid_rules_are_refused(changes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        update_rule(actor=None, rule=seeded(Matter.FEEDBACK, Step.FORWARDING), **changes)


@pytest.mark.django_db
def test_the_complaint_resolution_rows_say_what_law_136_changes() -> None:
    rows = DeadlineRule.objects.filter(
        matter__in=["complaint_first", "complaint_second"], step="resolution"
    )
    assert rows.count() == 8
    for row in rows:
        assert "Luật 136/2025/QH15" in row.note and "tạm đình chỉ không tính" in row.note
        assert row.history.first().history_change_reason == "Luật 136/2025"
