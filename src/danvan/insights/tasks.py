"""Background tasks of the analysis (django-tasks). Thin: the work is in services.pipeline."""

from __future__ import annotations

from django_tasks import task

from .services.pipeline import analyse_new, read_new_texts


@task()
def analyse() -> dict[str, object]:
    result = analyse_new()
    return {"done": result.done, "failed": result.failed}


@task()
def read_new() -> dict[str, object]:
    result = read_new_texts()
    return {"done": result.done, "failed": result.failed}
