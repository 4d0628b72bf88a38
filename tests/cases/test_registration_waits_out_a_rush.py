"""During a rush of public submissions, registering them as matters waits, so that citizens are
answered first; it catches up once the rush is over, and never falls more than a set time
behind."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from danvan.cases import tasks
from danvan.cases.models import Case, SubmissionReceipt
from danvan.cases.services import intake
from danvan.cases.services.intake import receive
from tests.cases.conftest import submission

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


def _receive(network, count: int, *, prefix: str, every: dt.timedelta, start: dt.datetime):
    for n in range(count):
        with time_machine.travel(start + n * every, tick=False):
            receive(
                submission=submission(network, channel="api"),
                client="test",
                idempotency_key=f"{prefix}-{n}",
            )


def _rush(network) -> None:
    """A rush's worth of submissions, 10 ms apart, from START."""
    _receive(
        network,
        intake.RUSH_SUBMISSIONS,
        prefix="rush",
        every=dt.timedelta(milliseconds=10),
        start=START,
    )


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="register_submissions").count()


def test_registration_waits_while_citizens_submit_in_a_rush(network):
    _rush(network)
    queued_before = _queued()
    with time_machine.travel(START + dt.timedelta(milliseconds=600), tick=False):
        assert tasks.register_submissions.call() == 0
        # A second task queued by another web process meanwhile ends without queueing more.
        assert tasks.register_submissions.call() == 0
    assert Case.objects.count() == 0
    assert _queued() == queued_before + 1
    follow_up = DBTaskResult.objects.order_by("-enqueued_at", "-pk").first()
    assert follow_up is not None
    assert follow_up.run_after == START + dt.timedelta(milliseconds=600) + intake.RUSH_PAUSE


def test_registration_catches_up_once_the_rush_is_over(network):
    rush = intake.RUSH_SUBMISSIONS
    _rush(network)
    with time_machine.travel(START + dt.timedelta(seconds=3), tick=False):
        assert tasks.register_submissions.call() == rush
    assert Case.objects.count() == rush
    assert not SubmissionReceipt.objects.filter(registered_at__isnull=True).exists()


def test_a_steady_flow_below_the_rush_rate_is_registered_at_once(network):
    count = intake.RUSH_SUBMISSIONS
    # The same number of submissions spread over more than the rush window.
    every = intake.RUSH_WINDOW / (count - 2)
    _receive(network, count, prefix="flow", every=every, start=START)
    with time_machine.travel(START + (count - 1) * every, tick=False):
        assert tasks.register_submissions.call() == count
    assert Case.objects.count() == count


def test_registration_never_falls_further_behind_than_the_longest_wait(network):
    rush = intake.RUSH_SUBMISSIONS
    oldest = START - intake.REGISTER_MAX_WAIT - dt.timedelta(seconds=1)
    _receive(network, 1, prefix="old", every=dt.timedelta(0), start=oldest)
    _rush(network)
    with time_machine.travel(START + dt.timedelta(milliseconds=600), tick=False):
        assert tasks.register_submissions.call() == rush + 1
    assert Case.objects.count() == rush + 1


def test_the_waiting_task_keeps_waiting_as_long_as_the_rush_lasts_then_catches_up(network):
    rush = intake.RUSH_SUBMISSIONS
    _rush(network)
    queued_before = _queued()
    with time_machine.travel(START + dt.timedelta(milliseconds=600), tick=False):
        # The first task marks the wait; its follow-ups go on while the mark is there.
        assert tasks.register_submissions.call() == 0
        assert tasks.register_submissions.call(follow_up=True) == 0
        assert tasks.register_submissions.call(follow_up=True) == 0
        # Read while the clock still stands in the rush: the mark expires with real time.
        assert cache.get(tasks.RUSH_MARK) is not None
    assert _queued() == queued_before + 3
    with time_machine.travel(START + dt.timedelta(seconds=3), tick=False):
        assert tasks.register_submissions.call(follow_up=True) == rush
        # A later rush starts its own wait.
        assert cache.get(tasks.RUSH_MARK) is None
    assert Case.objects.count() == rush
