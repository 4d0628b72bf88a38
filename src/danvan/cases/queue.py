"""The one place the services queue background work (django-tasks).

Tasks call services; services never import the tasks module. They name a task here by its
dotted path, which is resolved only when the work is queued, so the two stay apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.module_loading import import_string

REGISTER_SUBMISSIONS = "danvan.cases.tasks.register_submissions"
REMIND_BEFORE_DUE = "danvan.cases.tasks.remind_before_due"
ESCALATE_OVERDUE = "danvan.cases.tasks.escalate_overdue"
INVITE_AFTER_CLOSE = "danvan.cases.tasks.invite_to_survey"


def enqueue(path: str, *args: Any, run_after: dt.datetime | None = None) -> None:
    task = import_string(path)
    if run_after is not None:
        task = task.using(run_after=run_after)
    task.enqueue(*args)
