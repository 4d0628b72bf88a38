"""Fit one classifier and measure it on held-out matters (no database: `services.suggestions`
reads the labelled matters and records the run).

The split is stratified, 20 % held out, from the run's seed; the model kept is the one fitted
on the other 80 % — the one the measures describe. Classes with too few labelled matters to be
learnt or measured are left out (named in the run's note); with too few labels in all, nothing
is fitted and no suggestion is made."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib
from django.conf import settings
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from . import features


def min_labels() -> int:
    return int(getattr(settings, "INSIGHTS_MIN_LABELS", 60))


def min_per_class() -> int:
    return int(getattr(settings, "INSIGHTS_MIN_CLASS_LABELS", 8))


TEST_SHARE = 0.2


@dataclass
class Fitted:
    model: Pipeline | None  # None: too few labels
    metrics: dict[str, Any]
    labels: int  # labelled matters kept (the classes learnt)
    train_size: int = 0
    test_size: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # class → its few matters
    counts: dict[str, int] = field(default_factory=dict)  # every class's labelled matters

    @property
    def too_few(self) -> bool:
        return self.model is None


def fit(
    docs: Sequence[str],
    labels: Sequence[str],
    *,
    seed: int,
    names: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    with_segmenter: bool = False,
) -> Fitted:
    """`docs`: the matters' texts (`features.matter_text`); `labels`: the officers'
    classification of each; `names`: how each class is shown (a field's name)."""
    say = progress or (lambda _message: None)
    counts = Counter(labels)
    left_out = {c: n for c, n in counts.items() if n < min_per_class()}
    kept = [i for i, label in enumerate(labels) if label not in left_out]
    classes = sorted(set(counts) - set(left_out))
    if len(kept) < min_labels() or len(classes) < 2:
        return Fitted(
            model=None, metrics={}, labels=len(kept), left_out=left_out, counts=dict(counts)
        )
    x = [docs[i] for i in kept]
    y = [labels[i] for i in kept]
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_SHARE, random_state=seed, stratify=y
    )
    say(f"fitting on {len(x_train)} matters, {len(classes)} classes")
    model = features.pipeline(seed, with_segmenter=with_segmenter)
    model.fit(x_train, y_train)
    say(f"measuring on {len(x_test)} held-out matters")
    predicted = model.predict(x_test)
    metrics = measures(y_test, list(predicted), classes=classes, names=names or {})
    return Fitted(
        model=features.slim(model),
        metrics=metrics,
        labels=len(kept),
        train_size=len(x_train),
        test_size=len(x_test),
        left_out=left_out,
        counts=dict(counts),
    )


def measures(
    truth: Sequence[str],
    predicted: Sequence[str],
    *,
    classes: Sequence[str],
    names: Mapping[str, str],
) -> dict[str, Any]:
    """The shape documented on `ModelRun.metrics`."""
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=list(classes), zero_division=0
    )
    return {
        "classes": {
            c: {
                "label": names.get(c, c),
                "precision": round(float(precision[i]), 4),
                "recall": round(float(recall[i]), 4),
                "f1": round(float(f1[i]), 4),
                "support": int(support[i]),
            }
            for i, c in enumerate(classes)
        },
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(
            float(
                f1_score(truth, predicted, labels=list(classes), average="macro", zero_division=0)
            ),
            4,
        ),
    }


def dump(model: Pipeline) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


def load(artifact: bytes) -> Pipeline:
    # Only ever our own artifact, written by `dump` into the database by the training command.
    return joblib.load(io.BytesIO(artifact))  # type: ignore[no-any-return,unused-ignore]
