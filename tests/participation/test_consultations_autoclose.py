"""The hourly close of consultations whose last day has passed: the last day itself (in Hà
Nội's time) stays open, the next day they close as the platform, a second run closes nothing
more, and the synthesis is never published by it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.participation.models import Consultation, ConsultationState
from danvan.participation.services import consultations as svc
from tests.participation.test_consultations_services import comment, make_consultation

pytestmark = pytest.mark.django_db

UTC = dt.UTC
OPENED = dt.datetime(2026, 12, 5, 3, tzinfo=UTC)  # 10:00 on 05/12/2026 in Hà Nội
LAST_DAY = dt.date(2026, 12, 25)  # opened 05/12 + the 20 days' minimum


def _open(p, opens_on=None):  # type: ignore[no-untyped-def]
    c = make_consultation(p, opens_on=opens_on)
    return svc.open_consultation(consultation=c, actor=p.c1_officer)


def _state(c: Consultation) -> str:
    c.refresh_from_db()
    return c.state


def test_the_last_day_stays_open_and_the_next_day_it_closes_once(participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with time_machine.travel(OPENED):
        c = _open(p)
        comment(c, p.citizen)
        later = _open(p, opens_on=dt.date(2026, 12, 10))  # open until 30/12
        prepared = make_consultation(p)  # being prepared: never touched
    assert c.closes_on == LAST_DAY
    # 23:59 on the last day in Hà Nội (16:59 UTC): still open.
    with time_machine.travel(dt.datetime(2026, 12, 25, 16, 59, tzinfo=UTC)):
        assert svc.close_ended_consultations() == 0
    assert _state(c) == ConsultationState.OPEN
    # 00:05 on the next day in Hà Nội, still the last day in UTC: closed.
    with time_machine.travel(dt.datetime(2026, 12, 25, 17, 5, tzinfo=UTC)):
        assert svc.close_ended_consultations() == 1
        assert svc.close_ended_consultations() == 0  # a second run closes nothing more
    c.refresh_from_db()
    assert c.state == ConsultationState.CLOSED and c.closed_at is not None
    assert c.published_at is None  # the drafting body answers first
    assert _state(later) == ConsultationState.OPEN
    assert _state(prepared) == ConsultationState.DRAFT


def test_the_moment_given_is_read_in_hanois_time(participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with time_machine.travel(OPENED):
        c = _open(p)
    with time_machine.travel(dt.datetime(2026, 12, 27, 3, tzinfo=UTC)):
        # Given a moment still on the last day in Hà Nội: nothing closes.
        assert svc.close_ended_consultations(now=dt.datetime(2026, 12, 25, 16, 0, tzinfo=UTC)) == 0
        assert _state(c) == ConsultationState.OPEN
        assert svc.close_ended_consultations(now=dt.datetime(2026, 12, 25, 17, 0, tzinfo=UTC)) == 1
    assert _state(c) == ConsultationState.CLOSED


def test_a_moment_ahead_of_today_closes_nothing_early(participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with time_machine.travel(OPENED):
        c = _open(p)
        # The period promised to the people is kept whatever moment a caller passes.
        assert svc.close_ended_consultations(now=dt.datetime(2027, 1, 10, tzinfo=UTC)) == 0
    assert _state(c) == ConsultationState.OPEN


def test_a_closed_consultation_can_still_be_published_by_its_body(participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with time_machine.travel(OPENED):
        c = _open(p)
    with time_machine.travel(dt.datetime(2026, 12, 26, 3, tzinfo=UTC)):
        assert svc.close_ended_consultations() == 1
        c.refresh_from_db()
        published = svc.publish_synthesis(consultation=c, actor=p.c1_officer)
    assert published.state == ConsultationState.PUBLISHED
