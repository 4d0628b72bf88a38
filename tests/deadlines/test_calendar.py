"""The working calendar: what the holidays package gives, the swaps table, the arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.deadlines.calendar import (
    CalendarException,
    ExceptionKind,
    WorkCalendar,
    public_is_working_day,
    work_calendar,
)
from danvan.deadlines.services import set_calendar_exception
from tests.factories import UserFactory

D = dt.date


def days_off(start: dt.date, end: dt.date) -> list[dt.date]:
    day, off = start, []
    while day <= end:
        if not public_is_working_day(day):
            off.append(day)
        day += dt.timedelta(days=1)
    return off


def span(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


# The worksheet depends on these; if a release of `holidays` changes one, this says which.
def test_tet_2025_is_off_from_saturday_25_01_to_sunday_02_02() -> None:
    assert days_off(D(2025, 1, 20), D(2025, 2, 9)) == [
        *span(D(2025, 1, 25), D(2025, 2, 2)),
        D(2025, 2, 8),
        D(2025, 2, 9),
    ]


def test_tet_2026_is_off_from_saturday_14_02_to_sunday_22_02() -> None:
    assert days_off(D(2026, 2, 9), D(2026, 3, 1)) == [
        *span(D(2026, 2, 14), D(2026, 2, 22)),
        D(2026, 2, 28),
        D(2026, 3, 1),
    ]


def test_april_and_may_2025_with_the_saturday_26_04_worked() -> None:
    assert public_is_working_day(D(2025, 4, 26))
    assert days_off(D(2025, 4, 26), D(2025, 5, 4)) == [
        D(2025, 4, 27),
        *span(D(2025, 4, 30), D(2025, 5, 4)),
    ]
    assert not public_is_working_day(D(2025, 4, 7))  # Giỗ Tổ Hùng Vương


def test_hung_kings_day_2026_on_a_sunday_is_observed_on_monday() -> None:
    assert not public_is_working_day(D(2026, 4, 27))


def test_national_day_gives_two_days() -> None:
    assert days_off(D(2025, 8, 30), D(2025, 9, 3)) == span(D(2025, 8, 30), D(2025, 9, 2))
    # 2026: 01–02/09 plus Monday 31/08, worked back on Saturday 22/08.
    assert days_off(D(2026, 8, 29), D(2026, 9, 3)) == span(D(2026, 8, 29), D(2026, 9, 2))
    assert public_is_working_day(D(2026, 8, 22))


def test_weekends_are_days_off() -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(D(2025, 3, 7))  # Friday
    assert not calendar.is_working_day(D(2025, 3, 8))  # Saturday
    assert not calendar.is_working_day(D(2025, 3, 9))  # Sunday


def test_swaps_table_wins_over_weekends_and_the_package() -> None:
    calendar = WorkCalendar(
        {
            D(2025, 11, 8): ExceptionKind.WORKING_DAY,  # a Saturday
            D(2025, 11, 14): ExceptionKind.DAY_OFF,  # a Friday
            D(2025, 5, 2): ExceptionKind.WORKING_DAY,  # off in the package
        }
    )
    assert calendar.is_working_day(D(2025, 11, 8))
    assert not calendar.is_working_day(D(2025, 11, 14))
    assert calendar.is_working_day(D(2025, 5, 2))


def test_next_working_day_is_strictly_after() -> None:
    calendar = WorkCalendar()
    assert calendar.next_working_day(D(2025, 3, 6)) == D(2025, 3, 7)
    assert calendar.next_working_day(D(2025, 3, 7)) == D(2025, 3, 10)
    assert calendar.next_working_day(D(2025, 1, 24)) == D(2025, 2, 3)


def test_the_start_day_is_not_counted() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(D(2025, 3, 10), 1) == D(2025, 3, 11)
    assert calendar.add_calendar_days(D(2025, 3, 10), 1) == D(2025, 3, 11)


def test_a_calendar_limit_ending_on_a_working_day_does_not_move() -> None:
    assert WorkCalendar().add_calendar_days(D(2025, 3, 3), 30) == D(2025, 4, 2)


def test_a_calendar_limit_ending_on_sunday_moves_to_monday() -> None:
    assert WorkCalendar().add_calendar_days(D(2025, 3, 2), 7) == D(2025, 3, 10)


@pytest.mark.parametrize("n", [0, -1])
def test_a_limit_counts_at_least_one_day(n: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        WorkCalendar().add_working_days(D(2025, 3, 3), n)
    with pytest.raises(ValueError, match="at least one day"):
        WorkCalendar().add_calendar_days(D(2025, 3, 3), n)


@pytest.mark.django_db
def test_work_calendar_reads_the_table_once(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for day in (D(2025, 11, 8), D(2026, 1, 10), D(2027, 6, 5)):
        set_calendar_exception(
            actor=None, date=day, kind=ExceptionKind.WORKING_DAY, name="Làm bù", legal_basis="-"
        )
    with django_assert_num_queries(1):
        calendar = work_calendar()
    with django_assert_num_queries(0):
        assert calendar.add_working_days(D(2025, 1, 1), 400) > D(2026, 1, 1)
        assert calendar.is_working_day(D(2027, 6, 5))


@pytest.mark.django_db
def test_a_second_announcement_replaces_the_first_and_is_audited() -> None:
    first, second = UserFactory(), UserFactory()
    day = D(2025, 11, 14)
    set_calendar_exception(
        actor=first, date=day, kind=ExceptionKind.DAY_OFF, name="Nghỉ bù", legal_basis="TB 1"
    )
    exception = set_calendar_exception(
        actor=second,
        date=day,
        kind=ExceptionKind.WORKING_DAY,
        name="Hủy nghỉ bù",
        legal_basis="TB 2",
    )
    # The migrations seed the announced swaps of 2025–2026: look at this date's row only.
    assert CalendarException.objects.get(date=day) == exception
    assert CalendarException.objects.filter(date=day).count() == 1
    new, old = exception.history.all()
    assert (old.history_type, old.history_user, old.kind) == ("+", first, "day_off")
    assert (new.history_type, new.history_user, new.kind) == ("~", second, "working_day")
