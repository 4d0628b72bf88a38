"""Reminders about commitments: due soon to the responsible body's officers and leaders,
overdue to them and the host body's, once per person, kind and due date; a commitment done
is left alone; moving the due date reminds again."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.participation.models import CommitmentReminder
from danvan.participation.services import meetings
from danvan.participation.services.commitment_reminders import sweep

from .conftest import announced_dialogue

pytestmark = pytest.mark.django_db

UTC = dt.UTC
HELD = dt.datetime(2026, 10, 1, 1, tzinfo=UTC)
Kind = CommitmentReminder.Kind


def _at(day: dt.date):  # type: ignore[no-untyped-def]
    return time_machine.travel(dt.datetime.combine(day, dt.time(2), tzinfo=UTC))


@pytest.fixture
def commitment(participating):  # type: ignore[no-untyped-def]
    """The city's dialogue of 01/10/2026 gave commune c1 a commitment due 20/12/2026."""
    p = participating
    meeting = announced_dialogue(p.city, p.city_officer, HELD)
    with time_machine.travel(HELD + dt.timedelta(hours=1)):
        return meetings.commit(
            meeting=meeting,
            owner=p.c1,
            text="Sửa đường ngõ 3",
            due_on=dt.date(2026, 12, 20),
            actor=p.city_officer,
        )


def _reminded(kind: str) -> set[str]:
    return set(
        CommitmentReminder.objects.filter(kind=kind).values_list("user__username", flat=True)
    )


def test_nothing_before_the_reminder_days(commitment) -> None:  # type: ignore[no-untyped-def]
    with _at(dt.date(2026, 12, 12)):
        assert sweep() == 0


def test_due_soon_reminds_the_responsible_bodys_staff_once(
    commitment, participating, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with _at(dt.date(2026, 12, 13)):
        assert sweep() == 2
        assert sweep() == 0
    assert _reminded(Kind.APPROACHING) == {p.c1_officer.username, p.c1_leader.username}
    assert len(mailoutbox) == sum(1 for u in (p.c1_officer, p.c1_leader) if u.email)
    assert all("20/12/2026" in m.body for m in mailoutbox)


def test_overdue_reminds_the_host_too(commitment, participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with _at(dt.date(2026, 12, 21)):
        sweep()
        sweep()
    overdue = _reminded(Kind.OVERDUE)
    assert {p.c1_officer.username, p.c1_leader.username, p.city_officer.username} <= overdue
    assert p.c2_officer.username not in overdue
    assert CommitmentReminder.objects.filter(kind=Kind.OVERDUE).count() == len(overdue)


def test_a_commitment_done_is_not_reminded(commitment, participating) -> None:  # type: ignore[no-untyped-def]
    with _at(dt.date(2026, 12, 10)):
        meetings.complete(
            commitment=commitment,
            done_on=dt.date(2026, 12, 10),
            evidence="Đã sửa xong.",
            actor=participating.c1_officer,
        )
    with _at(dt.date(2026, 12, 21)):
        assert sweep() == 0


def test_a_new_due_date_reminds_again(commitment, participating) -> None:  # type: ignore[no-untyped-def]
    with _at(dt.date(2026, 12, 21)):
        first = sweep()
    assert first > 0
    with _at(dt.date(2026, 12, 22)):
        meetings.reschedule(
            commitment=commitment,
            due_on=dt.date(2027, 1, 10),
            reason="Chờ vốn",
            actor=participating.c1_officer,
        )
    with _at(dt.date(2027, 1, 11)):
        assert sweep() == first
