"""Suggest a matter's field and kind with the active runs: batches (`suggest_many`) so that
segmentation and the vectorizers run once per batch. Each run's model is loaded once per
process, keyed by the run's id (a retrained run gets a new id, so a stale model is never
used)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from sklearn.pipeline import Pipeline

from danvan.insights.models import ModelRun, ModelTarget, RunOutcome

from . import training

CLASSIFIER_TARGETS = (ModelTarget.FIELD, ModelTarget.KIND)

_models: dict[int, Pipeline] = {}
_lock = threading.Lock()


def min_confidence() -> float:
    return float(getattr(settings, "INSIGHTS_MIN_CONFIDENCE", 0.4))


@dataclass(frozen=True)
class Guess:
    target: str
    value: str
    confidence: float  # the classifier's probability of `value`, 0–1
    run_id: int


def active_runs(targets: Iterable[str] = CLASSIFIER_TARGETS) -> dict[str, ModelRun]:
    """The run in use for each target that has one (artifact not read: one query)."""
    runs = ModelRun.objects.filter(
        active=True, outcome=RunOutcome.TRAINED, target__in=list(targets)
    ).defer("artifact")
    return {run.target: run for run in runs.order_by("trained_at")}


def model_for(run: ModelRun) -> Pipeline | None:
    cached = _models.get(run.pk)
    if cached is not None:
        return cached
    artifact = ModelRun.objects.filter(pk=run.pk).values_list("artifact", flat=True).first()
    if not artifact:
        return None
    model = training.load(bytes(artifact))
    with _lock:
        _models[run.pk] = model
    return model


def forget() -> None:
    """Drop the loaded models (tests; a process keeps them otherwise)."""
    with _lock:
        _models.clear()


def predict(model: Pipeline, docs: Sequence[str], *, target: str, run_id: int) -> list[Guess]:
    if not docs:
        return []
    probabilities = model.predict_proba(docs)
    classes = model.classes_
    best = probabilities.argmax(axis=1)
    return [
        Guess(
            target=target,
            value=str(classes[j]),
            confidence=float(probabilities[i, j]),
            run_id=run_id,
        )
        for i, j in enumerate(best)
    ]


def suggest_many(
    texts: Sequence[str],
    *,
    runs: dict[str, ModelRun] | None = None,
    confident_only: bool = False,
) -> list[dict[str, Guess]]:
    """For each text, the guess of each target with an active run (none without one).
    `confident_only`: leave out guesses below `INSIGHTS_MIN_CONFIDENCE`, as intake does."""
    runs = active_runs() if runs is None else runs
    out: list[dict[str, Guess]] = [{} for _ in texts]
    models = {t: (r.pk, m) for t, r in runs.items() if (m := model_for(r)) is not None}
    if not models or not texts:
        return out
    docs = list(texts)
    floor = min_confidence() if confident_only else 0.0
    for target, (run_id, model) in models.items():
        for i, guess in enumerate(predict(model, docs, target=target, run_id=run_id)):
            if guess.confidence >= floor:
                out[i][target] = guess
    return out
