"""Background tasks (django-tasks) of the suggestions: thin, the work is in the service."""

from __future__ import annotations

from django_tasks import task

from danvan.accounts.models import User


@task()
def train_classifiers(targets: list[str], seed: int = 0, actor_id: int | None = None) -> list[int]:
    """Retrain (asked from the evaluation page): the runs' ids."""
    from danvan.insights.services import suggestions

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return [suggestions.train(target=t, seed=seed, actor=actor).pk for t in targets]


@task()
def record_suggestion_decisions() -> int:
    from danvan.insights.services import suggestions

    return suggestions.record_decisions()
