"""The one place the supervision services queue background work (django-tasks).

Services name a task by its dotted path, resolved only when the work is queued, so the
services never import the tasks module."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.module_loading import import_string

REMIND_RECOMMENDATION = "danvan.participation.tasks_supervision.remind_recommendation"
REMIND_CRITIQUE = "danvan.participation.tasks_supervision.remind_critique"
SWEEP = "danvan.participation.tasks_supervision.sweep_reminders"


def enqueue(path: str, *args: Any, run_after: dt.datetime | None = None) -> None:
    task = import_string(path)
    if run_after is not None:
        task = task.using(run_after=run_after)
    task.enqueue(*args)
