"""Each web process queues registration tasks sparingly: one waiting task at a time, and
during a rush in that process one every rush pause, since registration waits anyway."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from danvan.cases.services import intake
from danvan.cases.services.intake import registration_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _travelling_clock(monkeypatch):
    # The queue keeps time by the monotonic clock, which time_machine leaves alone.
    monkeypatch.setattr(registration_queue, "clock", lambda: time.time())


START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


def _submitted_at(moment: dt.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        registration_queue.submitted()


def _queued_run_after() -> list[dt.datetime]:
    tasks = DBTaskResult.objects.filter(task_path__endswith="register_submissions")
    return list(tasks.order_by("enqueued_at", "pk").values_list("run_after", flat=True))


def test_one_task_waits_for_every_submission_that_arrives_before_it_runs():
    for n in range(5):
        _submitted_at(START + n * dt.timedelta(milliseconds=50))
    assert _queued_run_after() == [START + intake.REGISTER_DELAY]


def test_the_next_submission_after_the_task_ran_queues_another():
    _submitted_at(START)
    later = START + dt.timedelta(seconds=1)
    _submitted_at(later)
    assert _queued_run_after() == [START + intake.REGISTER_DELAY, later + intake.REGISTER_DELAY]


def test_a_process_in_a_rush_queues_its_next_task_a_rush_pause_ahead_then_comes_back():
    every = dt.timedelta(milliseconds=5)
    # A rush's worth within the first task's wait: 100 submissions in half a second.
    for n in range(100):
        _submitted_at(START + n * every)
    in_rush = START + dt.timedelta(milliseconds=600)
    _submitted_at(in_rush)
    # One submission in the whole pause: the rush is over.
    calm = in_rush + intake.RUSH_PAUSE + dt.timedelta(milliseconds=100)
    _submitted_at(calm)
    assert _queued_run_after() == [
        START + intake.REGISTER_DELAY,
        in_rush + intake.RUSH_PAUSE,
        calm + intake.REGISTER_DELAY,
    ]


def test_a_steady_flow_below_the_rush_rate_keeps_the_short_delay():
    # 40 a second, under the rush rate of 50.
    every = dt.timedelta(milliseconds=25)
    for n in range(80):
        _submitted_at(START + n * every)
    delays = {b - a for a, b in zip(_queued_run_after(), _queued_run_after()[1:], strict=False)}
    assert _queued_run_after()[0] == START + intake.REGISTER_DELAY
    assert all(d <= intake.REGISTER_DELAY + every for d in delays)
