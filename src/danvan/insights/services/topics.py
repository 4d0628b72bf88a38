"""Topic runs (issue 20, point 5): train a model over a scope and period, place new texts in
the active model, recount the weekly counts, name a topic. The computing runs before the
transaction, on the batch engine (`insights.batch`: here or on a Dask cluster); the writes
are one transaction each."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import numpy as np
from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from sklearn.decomposition import MiniBatchNMF

from danvan.lib.audit import audit, require
from danvan.org.models import AdminUnit

from .. import access, batch
from ..models import Topic, TopicModel, TopicWeekCount
from ..topics import compute, labels, training
from ..topics.permissions import may_label

PURPOSE_TRAIN = "topic model: training"
PURPOSE_ASSIGN = "topic model: new texts"


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def load_fitted(model: TopicModel) -> compute.Fitted:
    if not model.artifact:
        raise ValidationError(_("This topic model has no trained artifact."))
    return pickle.loads(bytes(model.artifact))  # noqa: S301 — written by train_model only


def train_model(
    *,
    actor: Any,
    scope: AdminUnit | None,
    period_start: dt.date,
    period_end: dt.date,
    topics: int | None = None,
    seed: int = 0,
    min_df: int | None = None,
    max_df: float | None = None,
    engine: batch.Engine | None = None,
    progress: batch.Progress = _quiet,
) -> TopicModel | None:
    """Train a model over the texts of `scope` (None: the country) raised in the period; it
    becomes the scope's active model, its topics inherit the previous model's labels. None
    when the period holds too few texts or words for that many topics."""
    require(actor, "insights.train")
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    options = batch.Options.from_settings(topics=topics, seed=seed, min_df=min_df, max_df=max_df)
    engine = engine or batch.Engine.configured()
    result = batch.train(
        engine,
        training.read_chunks(training.texts_of(scope, period_start, period_end)),
        options,
        progress=progress,
    )
    if result is None or result.fitted is None:
        return None
    fitted = result.fitted
    with transaction.atomic():
        previous = (
            TopicModel.objects.select_for_update()
            .filter(scope=scope, active=True)
            .order_by("-trained_at")
            .first()
        )
        model = TopicModel.objects.create(
            scope=scope,
            period_start=period_start,
            period_end=period_end,
            method="minibatch-nmf" if isinstance(fitted.nmf, MiniBatchNMF) else "nmf",
            topic_count=options.topics,
            text_count=result.docs,
            trained_at=timezone.now(),
            trained_by=actor if actor is not None and actor.pk else None,
            engine=engine.name,
            seconds=round(result.timings.get("total", 0.0), 2),
            quality=result.quality,
            artifact=pickle.dumps(fitted, protocol=pickle.HIGHEST_PROTOCOL),
            active=False,
        )
        sizes = np.bincount(result.topics, minlength=options.topics) if len(result.topics) else None
        new = [
            Topic(
                model=model,
                number=i + 1,
                words=[[w, v] for w, v in words],
                size=int(sizes[i]) if sizes is not None else 0,
                representatives=[pk for _w, pk in result.representatives.get(i, [])],
            )
            for i, words in enumerate(fitted.topic_words)
        ]
        if previous is not None:
            labels.carry_over(list(previous.topics.all()), new)
        Topic.objects.bulk_create(new)
        by_index = {t.number - 1: t for t in new}
        training.write_memberships(model, by_index, result.ids, result.topics, result.weights)
        _write_counts(by_index, result.counts)
        TopicModel.objects.filter(scope=scope, active=True).update(active=False)
        model.active = True
        model.save(update_fields=["active"])
        audit(actor, model, ADDITION, f"topics: {options.topics}, texts: {result.docs}")
        access.log_sensitive(
            actor,
            purpose=PURPOSE_TRAIN,
            texts=result.sensitive,
            scope_id=scope.pk if scope else None,
        )
    return model


def _write_counts(topics: dict[int, Topic], counts: dict[tuple[int, int, int, int], int]) -> None:
    TopicWeekCount.objects.bulk_create(
        (
            TopicWeekCount(
                topic=topics[number],
                week=dt.date.fromordinal(week),
                province_id=province or None,
                unit_id=unit or None,
                count=n,
            )
            for (number, week, province, unit), n in sorted(counts.items())
        ),
        batch_size=5_000,
    )


def assign_new(
    *,
    actor: Any,
    model: TopicModel,
    engine: batch.Engine | None = None,
    progress: batch.Progress = _quiet,
) -> int:
    """Place the texts harvested since the model last read (new texts only) in its topics and
    recount the weeks they fall in. Returns how many were placed."""
    if actor is not None and not access.may_train(actor):
        raise PermissionDenied
    fitted = load_fitted(model)
    texts = training.texts_of(model.scope, model.period_start, None).filter(
        pk__gt=training.last_assigned(model)
    )
    engine = engine or batch.Engine.configured()
    result = batch.assign(engine, training.read_chunks(texts), fitted, progress=progress)
    if not len(result.ids):
        return 0
    weeks = {dt.date.fromordinal(int(w)) for w in {k[1] for k in result.counts}}
    with transaction.atomic():
        topics = {t.number - 1: t for t in model.topics.select_for_update()}
        training.write_memberships(model, topics, result.ids, result.topics, result.weights)
        added = np.bincount(result.topics, minlength=len(topics))
        for index, topic in topics.items():
            if added[index]:
                topic.size += int(added[index])
                topic.save(update_fields=["size"])
        training.recount(model, weeks)
        audit(actor, model, CHANGE, f"new texts placed: {len(result.ids)}")
        access.log_sensitive(
            actor,
            purpose=PURPOSE_ASSIGN,
            texts=result.sensitive,
            scope_id=model.scope_id,
        )
    return len(result.ids)


def refresh_counts(*, actor: Any, model: TopicModel) -> int:
    """Rewrite the model's weekly counts from its memberships."""
    if actor is not None and not access.may_train(actor):
        raise PermissionDenied
    with transaction.atomic():
        rows = training.recount(model)
        audit(actor, model, CHANGE, "weekly counts recounted")
    return rows


def set_label(*, actor: Any, topic: Topic, label: str) -> Topic:
    """Name a topic: kept on this model and carried to the next runs."""
    if not may_label(actor, topic):
        raise PermissionDenied
    label = " ".join(label.split())
    if len(label) > 120:
        raise ValidationError(_("A label has at most 120 characters."))
    with transaction.atomic():
        topic.label = label
        topic.label_by = actor if label else None
        topic.label_at = timezone.now() if label else None
        topic.save(update_fields=["label", "label_by", "label_at"])
        audit(actor, topic, CHANGE, f"label: {label}")
    return topic
