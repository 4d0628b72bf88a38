"""`danvan worker`: `db_worker` (same options) that survives database restarts.

Run it under a supervisor all the same (systemd `Restart=always`, see the README; `make demo`
restarts it in a loop): it survives the database, not a bug or the OOM killer."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from danvan.cases.worker import Worker


class Command(db_worker.Command):
    help = (
        "Run the background task worker (django-tasks, database backend); it waits out "
        "database restarts and writes the heartbeat that /healthz/worker reads."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child that runs the loop
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
