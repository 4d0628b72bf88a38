"""The worker waits out a database that goes away and carries on (issue 14, defect 7): no
task is lost, and receipts left with no task are picked up."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from danvan.cases import worker as worker_module
from danvan.cases.models import Case, SubmissionReceipt
from danvan.cases.services import intake
from danvan.cases.tasks import register_submissions
from tests.worker.conftest import make_worker, receive_one

pytestmark = pytest.mark.django_db

SHUTTING_DOWN = "FATAL:  the database system is shutting down"


def _fails_first(monkeypatch, owner, name, times=1):
    """Replace owner.name by a function that raises the database's shutdown error the first
    `times` calls, then behaves as before."""
    original = getattr(owner, name)
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise OperationalError(SHUTTING_DOWN)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, fake)
    return calls


def _registration_task() -> DBTaskResult:
    return DBTaskResult.objects.get(task_path=register_submissions.module_path)


def test_the_loop_waits_out_a_failed_fetch_and_runs_the_next_task(network, pauses, monkeypatch):
    slept, closed = pauses
    receive_one(network)
    register_submissions.enqueue()
    _fails_first(monkeypatch, DBTaskResultQuerySet, "get_locked")
    worker = make_worker()
    worker.run()  # before the fix: OperationalError out of the loop, the worker gone
    assert worker.outages == 1 and closed == [True] and slept == [worker_module.BACKOFF_FIRST]
    assert _registration_task().status == TaskResultStatus.SUCCESSFUL
    assert SubmissionReceipt.objects.get().case == Case.objects.get()


def test_pauses_double_up_to_the_cap_while_the_database_stays_away(network, pauses, monkeypatch):
    slept, _closed = pauses
    _fails_first(monkeypatch, DBTaskResultQuerySet, "get_locked", times=7)
    worker = make_worker()
    worker.run()
    assert slept == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_a_task_whose_database_went_away_while_it_ran_is_put_back_and_runs_again(
    network, pauses, monkeypatch
):
    receive_one(network)
    register_submissions.enqueue()
    _fails_first(monkeypatch, intake, "register_pending")
    # Recording the failure needs the connection that just broke: it fails too, and the
    # task would stay RUNNING for ever.
    _fails_first(monkeypatch, DBTaskResult, "set_failed")
    worker = make_worker()
    worker.run()
    task = _registration_task()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["test-worker", "test-worker"]  # claimed twice, ran twice
    assert SubmissionReceipt.objects.get().case == Case.objects.get()


def test_a_task_recorded_as_failed_by_a_database_error_runs_again(network, pauses, monkeypatch):
    receive_one(network)
    register_submissions.enqueue()
    _fails_first(monkeypatch, intake, "register_pending")
    worker = make_worker()
    worker.run()
    assert worker.outages == 1
    assert _registration_task().status == TaskResultStatus.SUCCESSFUL
    assert Case.objects.count() == 1


def test_a_task_that_loses_its_database_every_time_is_failed_after_five_attempts(
    network, pauses, monkeypatch
):
    slept, _closed = pauses
    receive_one(network)
    register_submissions.enqueue()
    _fails_first(monkeypatch, intake, "register_pending", times=5)
    worker = make_worker()
    worker.run()
    # (The worker also queues the reading of new texts every minute: not under test here.)
    first, second = DBTaskResult.objects.filter(
        task_path=register_submissions.module_path
    ).order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED and len(first.worker_ids) == 5
    assert slept == [0.5, 1.0, 2.0, 4.0, 8.0]  # never a busy loop
    # The receipt was not set aside: the sweep queued registration again, and it went through.
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert SubmissionReceipt.objects.get().case == Case.objects.get()


def test_the_sweep_queues_registration_for_receipts_that_wait_with_no_task(network):
    receive_one(network)
    assert not DBTaskResult.objects.exists()
    assert worker_module.sweep() is True
    assert _registration_task().status == TaskResultStatus.READY
    # One queued task is enough: the sweep adds no second one.
    assert worker_module.sweep() is False
    assert DBTaskResult.objects.count() == 1


def test_the_sweep_queues_nothing_when_nothing_waits(db):
    assert worker_module.sweep() is False
    assert not DBTaskResult.objects.exists()


def test_a_worker_that_starts_registers_receipts_left_with_no_task(network, pauses):
    receive_one(network)
    make_worker().run()
    assert SubmissionReceipt.objects.get().case == Case.objects.get()
