"""The yearly reminder to enter next year's swap days: the e-mail to the system
administrators, its hook in the worker, and the warning on the admin page."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import translation

from danvan.accounts.models import Assignment, User
from danvan.cases import worker as worker_module
from danvan.deadlines.calendar import CalendarException, ExceptionKind
from danvan.deadlines.services import remind_next_year, set_calendar_exception
from tests.factories import Role, Scope, sign_in, user_with
from tests.worker.conftest import make_worker

pytestmark = pytest.mark.django_db

D = dt.date
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# 2026 has its seeded swaps, 2027 none (no announcement when the migration was written).
MONDAY_IN_OCTOBER = D(2026, 10, 5)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HANOI)


@pytest.fixture
def admins(network, time_machine):  # type: ignore[no-untyped-def]
    """Two system administrators who get the reminder, and users who must not."""
    time_machine.move_to(at(MONDAY_IN_OCTOBER), tick=False)
    first = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    second = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    user_with(network.commune_a1, Role.OFFICER)
    user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE, is_active=False)
    user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE, email="")
    former = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    Assignment.objects.filter(user=former).update(valid_to=D(2026, 9, 30))
    return first, second


def test_no_reminder_before_october(admins, time_machine) -> None:  # type: ignore[no-untyped-def]
    monday = D(2026, 9, 28)
    time_machine.move_to(at(monday), tick=False)
    assert remind_next_year(today=monday) == 0
    assert mail.outbox == []


def test_a_monday_in_october_mails_each_current_system_admin_once(admins) -> None:  # type: ignore[no-untyped-def]
    # Whatever language is active (the worker has none), the mail is in Vietnamese.
    with translation.override("en"):
        assert remind_next_year(today=MONDAY_IN_OCTOBER) == 2
    assert sorted(message.to for message in mail.outbox) == sorted([user.email] for user in admins)
    message = mail.outbox[0]
    # In Vietnamese, naming the year, the page, and when the Government announces the swaps.
    assert message.subject == "Nhập ngày nghỉ bù, làm bù của năm 2027"
    assert "/admin/deadlines/calendarexception/" in message.body
    assert "Chính phủ công bố lịch hoán đổi vào mùa thu" in message.body
    # A second call the same day (another worker, the next hour) sends nothing.
    assert remind_next_year(today=MONDAY_IN_OCTOBER) == 0
    assert len(mail.outbox) == 2


def test_only_on_mondays_and_again_the_next_monday(admins, time_machine) -> None:  # type: ignore[no-untyped-def]
    tuesday, next_monday = D(2026, 10, 6), D(2026, 10, 12)
    time_machine.move_to(at(tuesday), tick=False)
    assert remind_next_year(today=tuesday) == 0
    time_machine.move_to(at(next_monday), tick=False)
    assert remind_next_year(today=next_monday) == 2


def test_until_the_end_of_december(admins, time_machine) -> None:  # type: ignore[no-untyped-def]
    last_monday = D(2026, 12, 28)
    time_machine.move_to(at(last_monday), tick=False)
    assert remind_next_year(today=last_monday) == 2
    assert "2027" in mail.outbox[0].subject


def test_none_once_a_day_of_next_year_is_entered(admins) -> None:  # type: ignore[no-untyped-def]
    set_calendar_exception(
        actor=None,
        date=D(2027, 2, 8),
        kind=ExceptionKind.DAY_OFF,
        name="Nghỉ Tết Đinh Mùi",
        legal_basis="test",
    )
    assert remind_next_year(today=MONDAY_IN_OCTOBER) == 0
    assert mail.outbox == []


def test_a_failed_sending_is_tried_again_the_same_day(admins, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from danvan.deadlines import services

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mass_mail", down)
    with pytest.raises(ConnectionRefusedError):
        remind_next_year(today=MONDAY_IN_OCTOBER)
    monkeypatch.undo()
    assert remind_next_year(today=MONDAY_IN_OCTOBER) == 2


# --- The worker -----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    # time_machine leaves the monotonic clock alone: the worker's own is replaced.
    clock = Clock()
    monkeypatch.setattr(worker_module, "monotonic", clock)
    return clock


def test_the_worker_housekeeping_sends_the_reminder(admins, clock) -> None:  # type: ignore[no-untyped-def]
    make_worker().housekeeping()
    assert len(mail.outbox) == 2


def test_the_worker_asks_at_most_once_an_hour_with_the_local_date(  # type: ignore[no-untyped-def]
    db, clock, monkeypatch, time_machine
) -> None:
    # 17:30 UTC on 30/09 is already 01/10 in Hanoi.
    time_machine.move_to(dt.datetime(2026, 9, 30, 17, 30, tzinfo=dt.UTC), tick=False)
    days: list[dt.date] = []

    def remind(*, today: dt.date) -> int:
        days.append(today)
        return 0

    monkeypatch.setattr(worker_module, "remind_next_year", remind)
    worker = make_worker()
    worker.housekeeping()
    clock.now += worker_module.SWEEP_EVERY + 1
    worker.housekeeping()
    clock.now = 1000.0 + worker_module.CALENDAR_REMINDER_EVERY - 1
    worker.housekeeping()
    assert days == [D(2026, 10, 1)]
    clock.now = 1000.0 + worker_module.CALENDAR_REMINDER_EVERY
    worker.housekeeping()
    assert days == [D(2026, 10, 1)] * 2


def test_a_reminder_error_is_logged_and_the_worker_carries_on(  # type: ignore[no-untyped-def]
    db, clock, monkeypatch, caplog
) -> None:
    def broken(*, today: dt.date) -> int:
        raise RuntimeError("smtp down")

    monkeypatch.setattr(worker_module, "remind_next_year", broken)
    monkeypatch.setattr(worker_module, "beat", lambda worker_id: None)
    swept: list[bool] = []

    def sweep() -> bool:
        swept.append(True)
        return False

    monkeypatch.setattr(worker_module, "sweep", sweep)
    with caplog.at_level(logging.ERROR, logger=worker_module.logger.name):
        make_worker().housekeeping()
    assert swept == [True]
    assert "swap days reminder failed" in caplog.text
    assert "smtp down" in caplog.text


def test_a_lost_database_in_the_reminder_is_left_to_the_outage_handling(  # type: ignore[no-untyped-def]
    db, monkeypatch
) -> None:
    # run() waits it out (close, back off, resume) instead of logging it as a bug.
    def gone(*, today: dt.date) -> int:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(worker_module, "remind_next_year", gone)
    with pytest.raises(OperationalError):
        worker_module.remind_swap_days()


# --- The admin page ----------------------------------------------------------------------


def _signed_in(client, network, role: str) -> User:  # type: ignore[no-untyped-def]
    org = network.central if role == Role.SYSTEM_ADMIN else network.province_a
    user = user_with(org, role, Scope.SUBTREE)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return sign_in(client, user)


def warnings_on_the_changelist(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("admin:deadlines_calendarexception_changelist"))
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("moment", "years"),
    [
        # 2026 has its seeded rows: nothing to say before October ...
        (at(D(2026, 9, 30), 23), []),
        # ... from 1 October (Hanoi time), 2027 has none.
        (at(D(2026, 10, 1), 0), ["2027"]),
        (at(D(2026, 12, 31), 23), ["2027"]),
        # Into 2027 without rows: the current year, and from October the next one too.
        (at(D(2027, 3, 1)), ["2027"]),
        (at(D(2027, 10, 4)), ["2027", "2028"]),
    ],
    ids=["sep-2026", "oct-2026", "dec-2026", "mar-2027", "oct-2027"],
)
def test_the_changelist_warns_of_the_years_without_swap_days(  # type: ignore[no-untyped-def]
    network, client, time_machine, moment, years
) -> None:
    time_machine.move_to(moment, tick=False)
    _signed_in(client, network, Role.SYSTEM_ADMIN)
    warnings = warnings_on_the_changelist(client)
    assert len(warnings) == len(years), warnings
    for year, warning in zip(years, warnings, strict=True):
        assert year in warning


def test_no_warning_once_next_years_rows_are_entered(network, client, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(MONDAY_IN_OCTOBER), tick=False)
    CalendarException.objects.create(
        date=D(2027, 1, 1), kind=ExceptionKind.DAY_OFF, name="test", legal_basis="test"
    )
    _signed_in(client, network, Role.SYSTEM_ADMIN)
    assert warnings_on_the_changelist(client) == []


def test_readers_who_cannot_enter_rows_get_no_warning(network, client, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(MONDAY_IN_OCTOBER), tick=False)
    _signed_in(client, network, Role.UNIT_ADMIN)
    assert warnings_on_the_changelist(client) == []
