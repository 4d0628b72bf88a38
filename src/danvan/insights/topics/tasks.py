"""Background runs of the topic model (django-tasks): thin, the work is in
`services.topics`. The page that starts a training run queues it here."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from danvan.accounts.models import User
from danvan.org.models import AdminUnit

from ..models import TopicModel
from ..services import topics as services


@task()
def train_topics(
    scope_id: int | None, start: str, end: str, topics: int, user_id: int | None
) -> int | None:
    actor = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    scope = AdminUnit.objects.get(pk=scope_id) if scope_id else None
    model = services.train_model(
        actor=actor,
        scope=scope,
        period_start=dt.date.fromisoformat(start),
        period_end=dt.date.fromisoformat(end),
        topics=topics,
    )
    return model.pk if model else None


@task()
def assign_new_texts() -> int:
    """New texts into every model in use (the schedule runs it after each harvest)."""
    return sum(
        services.assign_new(actor=None, model=model)
        for model in TopicModel.objects.filter(active=True)
    )
