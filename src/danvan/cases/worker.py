"""The background worker (`danvan worker`): django-tasks-db's loop, made to outlive the database.

`db_worker` ends at the first database error it meets outside a task, and a task whose
database went away is left `RUNNING` for ever: recording its failure needs the very
connection that broke. A PostgreSQL restart therefore stopped registration until someone
restarted the worker by hand (issue 14). This worker instead

- closes its broken connections, waits (0.5 s, doubling to at most 10 s) and carries on;
- puts back the task it held when the database went away (claimed, running, or failed with
  the database error) so that it runs again: every task here may run twice (registration
  takes only waiting receipts; reminders skip users already notified);
- writes a heartbeat into the shared cache, read by `/healthz/worker`;
- every minute, queues the reading and embedding of new texts (insights.tasks.read_new);
- every half minute, and whenever it (re)connects, queues a registration task if receipts
  wait and none is queued: a web process whose task row was lost in the outage (its receipt
  was committed, the task's insert was not) would otherwise leave them waiting until the
  next submission;
- every hour, recomputes the dashboards' monthly figures of the last two months
  (services.figures.refresh_recent, and the satisfaction index's), opens the periodic
  reports of the periods under way and reminds those nearly due (reports.services.instances),
  and reminds the bodies of the steps they owe under directives (directives.services.reminders)
  of the Front's recommendations and the meetings' commitments near or past due, and closes
  the consultations whose last day has passed (participation), and queues the analysis of
  the texts that came in (insights.tasks.analyse: new texts only);
- every hour, reminds the system administrators to enter next year's swap days when they
  are missing (deadlines.services.remind_next_year, which sends at most once a Monday).

Decision 0012 says why a subclass and not a supervisor alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
from dataclasses import dataclass
from time import monotonic, sleep
from typing import Any

from django.core.cache import cache
from django.db import close_old_connections, connections
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from danvan.deadlines.services import remind_next_year
from danvan.lib.dates import today

from .models import SubmissionReceipt
from .services.figures import refresh_recent

logger = logging.getLogger(__name__)

# The errors that mean "the database went away" (restart, failover, network), as opposed to
# a bug in a query.
DATABASE_GONE = (OperationalError, InterfaceError)
_GONE_PATHS = {f"{cls.__module__}.{cls.__qualname__}" for cls in DATABASE_GONE}
BACKOFF_FIRST = 0.5
BACKOFF_CAP = 10.0
# A task the database lost this many times (claims, counted in its worker ids) is failed.
MAX_ATTEMPTS = 5

HEARTBEAT_KEY = "worker:heartbeat"
HEARTBEAT_EVERY = 10.0
# Generous: at idle CPU priority a worker may get no CPU for a while during a rush.
ALIVE_WITHIN = dt.timedelta(seconds=120)
SWEEP_EVERY = 30.0
# New texts are read and embedded within a minute of arrival (decision 0029).
READ_TEXTS_EVERY = 60.0
# The reminder sends at most once a day (on Mondays); an hourly look is plenty.
CALENDAR_REMINDER_EVERY = 3600.0
FIGURES_EVERY = 3600.0


def close_connections() -> None:
    """Drop every open connection: after an outage they are all dead, and Django would keep
    using a dead one (it reconnects only when it has none)."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None


def beat(worker_id: str) -> None:
    cache.set(
        HEARTBEAT_KEY,
        {
            "at": timezone.now(),
            "worker_id": worker_id,
            "pid": os.getpid(),
            "host": socket.gethostname(),
        },
        timeout=int(ALIVE_WITHIN.total_seconds() * 10),
    )


def sweep() -> bool:
    """Queue a registration task when receipts wait and no task is queued to take them.
    Returns whether it queued one. A task too many costs nothing: it finds nothing to take
    (or the rush mark of the chain already waiting) and ends."""
    from .tasks import register_submissions

    if not SubmissionReceipt.objects.waiting().exists():
        return False
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=register_submissions.module_path
    )
    if queued.exists():
        return False
    register_submissions.enqueue()
    return True


def remind_swap_days() -> int:
    """The yearly swap-days reminder, never fatal to the worker: registration matters more
    than a reminder, so any error is logged and the worker carries on. A lost database is
    the exception: `run` waits it out as for any other query."""
    try:
        return remind_next_year(today=today())
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the swap days reminder failed; tried again in an hour")
        return 0


def refresh_figures() -> int:
    """The dashboards' monthly figures of the last two months (services.figures), never fatal
    to the worker: stale figures are better than no registration."""
    try:
        return refresh_recent()
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the monthly figures could not be refreshed; tried again in an hour")
        return 0


def refresh_satisfaction() -> int:
    """The satisfaction index's monthly figures of the last two months (surveys.services.
    figures), never fatal to the worker."""
    from danvan.surveys.services.figures import refresh_recent as refresh_index

    try:
        return refresh_index()
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the satisfaction figures could not be refreshed; tried again in an hour")
        return 0


def remind_supervision() -> int:
    """The Front's recommendations and critiques near or past their due date
    (participation.services.supervision_reminders.sweep, idempotent), never fatal."""
    from danvan.participation.services.supervision_reminders import sweep

    try:
        return sweep()
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the supervision reminders failed; tried again in an hour")
        return 0


def remind_commitments() -> int:
    """The meetings' commitments near or past their due date
    (participation.services.commitment_reminders.sweep, idempotent), never fatal."""
    from danvan.participation.services.commitment_reminders import sweep

    try:
        return sweep()
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the commitment reminders failed; tried again in an hour")
        return 0


def queue_analysis(task_name: str = "analyse") -> bool:
    """Queue an analysis task of insights.tasks (`analyse`, hourly: everything; `read_new`,
    every minute: new texts read and embedded) unless one waits or runs: it may take minutes,
    so it runs as a task, never in this loop."""
    from danvan.insights import tasks

    task = getattr(tasks, task_name)
    try:
        pending = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            task_path=task.module_path,
        )
        if pending.exists():
            return False
        task.enqueue()
        return True
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the analysis could not be queued; tried again in an hour")
        return False


def close_consultations() -> int:
    """Consultations whose last day has passed stop taking comments
    (participation.services.consultations.close_ended_consultations), never fatal."""
    from danvan.participation.services.consultations import close_ended_consultations

    try:
        return close_ended_consultations()
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the consultations could not be closed; tried again in an hour")
        return 0


def open_reports() -> int:
    """The periodic reports of the periods under way, and the reminders of those nearly
    due (reports.services.instances), never fatal to the worker."""
    from danvan.reports.services.instances import open_current, remind

    try:
        made = open_current()
        remind()
        return made
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the periodic reports could not be opened; tried again in an hour")
        return 0


def remind_directives() -> int:
    """The reminders of the steps owed under directives (directives.services.reminders),
    never fatal to the worker."""
    from danvan.directives.services.reminders import remind

    try:
        return remind()
    except DATABASE_GONE:
        raise
    except Exception:
        logger.exception("the directives' reminders failed; tried again in an hour")
        return 0


def put_back(task: DBTaskResult, *, worker_id: str) -> bool:
    """Make a task that the database lost under this worker ready to run again. Returns
    whether it did. Left alone: a claim that never committed (the task is still ready), a
    task another worker has claimed since, a task that finished or failed otherwise."""
    row = (
        DBTaskResult.objects.filter(pk=task.pk)
        .values("status", "worker_ids", "exception_class_path")
        .first()
    )
    if row is None or not row["worker_ids"] or row["worker_ids"][-1] != worker_id:
        return False
    lost = row["status"] == TaskResultStatus.RUNNING or (
        row["status"] == TaskResultStatus.FAILED and row["exception_class_path"] in _GONE_PATHS
    )
    if not lost:
        return False
    if len(row["worker_ids"]) >= MAX_ATTEMPTS:
        logger.error("task %s lost its database %d times; left failed", task.pk, MAX_ATTEMPTS)
        if row["status"] == TaskResultStatus.RUNNING:
            task.set_failed(OperationalError(f"the database went away {MAX_ATTEMPTS} times"))
        return False
    DBTaskResult.objects.filter(pk=task.pk, status=row["status"]).update(
        status=TaskResultStatus.READY,
        started_at=None,
        finished_at=None,
        return_value=None,
        exception_class_path="",
        traceback="",
    )
    logger.warning("task %s (%s) put back to run again", task.pk, task.task_path)
    return True


class Worker(db_worker.Worker):
    """`db_worker`'s worker with the same options; `run` is its loop with outages survived."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The task claimed and not yet recorded as finished: put back if the database goes.
        self.held: DBTaskResult | None = None
        self.outages = 0
        self._beat_due = 0.0
        self._sweep_due = 0.0
        # Not reset on reconnecting (unlike the two above): once an hour whatever happens.
        self._reminder_due = 0.0
        self._figures_due = 0.0
        self._texts_due = 0.0

    def run(self) -> None:
        logger.info("worker %s starts (queues %s)", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            sleep(random.random())  # noqa: S311 - spreads workers started together
        pause = BACKOFF_FIRST
        down_since: float | None = None
        while self.running:
            try:
                self.resume()
                while self.running:
                    more = self.step()
                    # Back to short pauses only once a whole step went through: a task that
                    # fails on the database every time is retried at most every 10 s.
                    pause = BACKOFF_FIRST
                    if down_since is not None:
                        logger.warning(
                            "database back after %.1f s; worker carries on",
                            monotonic() - down_since,
                        )
                        down_since = None
                    if not more:
                        return
            except DATABASE_GONE as exc:
                self.outages += 1
                down_since = down_since or monotonic()
                logger.warning(
                    "database unavailable (%s); trying again in %.1f s",
                    str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                    pause,
                )
                close_connections()
                sleep(pause)
                pause = min(pause * 2, BACKOFF_CAP)

    def resume(self) -> None:
        """On (re)connecting: put back the task the database lost, beat, sweep."""
        if self.held is not None:
            put_back(self.held, worker_id=self.worker_id)
            self.held = None
        self._beat_due = self._sweep_due = 0.0
        self.housekeeping()

    def housekeeping(self) -> None:
        now = monotonic()
        if now >= self._beat_due:
            beat(self.worker_id)
            self._beat_due = now + HEARTBEAT_EVERY
        if now >= self._sweep_due:
            if sweep():
                logger.warning("receipts waited with no registration task: one queued")
            self._sweep_due = now + SWEEP_EVERY
        if now >= self._texts_due:
            self._texts_due = now + READ_TEXTS_EVERY
            queue_analysis("read_new")
        if now >= self._reminder_due:
            # Set first: a reminder that fails is not tried again at every step.
            self._reminder_due = now + CALENDAR_REMINDER_EVERY
            if sent := remind_swap_days():
                logger.info("swap days reminder sent to %d system administrators", sent)
        if now >= self._figures_due:
            self._figures_due = now + FIGURES_EVERY
            refresh_figures()
            refresh_satisfaction()
            open_reports()
            remind_directives()
            remind_supervision()
            remind_commitments()
            close_consultations()
            queue_analysis()

    def _ready(self) -> DBTaskResultQuerySet:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def step(self) -> bool:
        """Claim and run the next ready task, or wait a poll interval. False when the worker
        is done (--batch with nothing left, --max-tasks reached)."""
        close_old_connections()
        self.housekeeping()
        tasks = self._ready()
        retrieved = True
        task: DBTaskResult | None = None
        with exclusive_transaction(tasks.db):
            try:
                task = tasks.get_locked()
                if task is not None:
                    self.held = task  # before the claim commits: its commit may be lost too
                    task.claim(self.worker_id)
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                retrieved, task, self.held = False, None, None  # SQLite busy: try again
        if task is not None:
            self.run_task(task)
            if task.status == TaskResultStatus.FAILED and task.exception_class_path in _GONE_PATHS:
                # Recorded as failed, but by a database error: an outage to wait out, after
                # which the task runs again.
                raise OperationalError(f"task {task.pk} met a database error")
            self.held = None
        if self.batch and retrieved and task is None:
            return False
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return False
        close_old_connections()
        if self.running and task is None:
            sleep(self.interval)
        return True


@dataclass(frozen=True)
class Health:
    alive: bool
    last_beat_seconds: float | None
    waiting: int
    oldest_waiting_seconds: float | None


def health() -> Health:
    """Whether a worker beat recently, and the registration queue (two indexed queries)."""
    now = timezone.now()
    last = cache.get(HEARTBEAT_KEY)
    age = (now - last["at"]).total_seconds() if isinstance(last, dict) else None
    waiting = SubmissionReceipt.objects.waiting()
    oldest = waiting.order_by("id").values_list("received_at", flat=True).first()
    return Health(
        alive=age is not None and age <= ALIVE_WITHIN.total_seconds(),
        last_beat_seconds=age,
        waiting=waiting.count(),
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else None,
    )
