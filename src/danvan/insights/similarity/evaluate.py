"""Measure the similarity methods on the labelled pair set (`pairs`): for each method —
characters, embeddings (e5, with the folded look-up), combined — the area under the ROC
curve of same/not-same, the best F1 over thresholds with its threshold, and precision@1 of
retrieval: each reworded, accent-stripped or abbreviated text looked up among the originals,
the hard negatives and the other texts of its kind, a hit when the best is its own original
(the mean of the three kinds). Each also by kind of
pair (reworded, accent, variant: its positives against all the negatives).

The result (`Evaluation.metrics`) is what the command stores in `ModelRun.metrics`:

    {"pairs": int, "positives": int, "texts": int, "e5_floor": float, "e5_plain_floor": float,
     "embed_seconds": float, "embedded": int (texts embedded, folded look-ups included),
     "chosen": "characters" | "embeddings" | "combined",
     "methods": {name: {"auc": float, "f1": float, "threshold": float,
                        "precision_at_1": float,
                        "kinds": {kind: {"auc": float, "precision_at_1": float}}}}}
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import precision_recall_curve, roc_auc_score

from . import characters, combine, embedding
from .pairs import NEGATIVE, Pair, pairs

CHARACTERS = "characters"
EMBEDDINGS = "embeddings"
COMBINED = "combined"
METHODS = (CHARACTERS, EMBEDDINGS, COMBINED)
POSITIVE_KINDS = ("reworded", "accent", "variant")

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Evaluation:
    metrics: dict[str, Any]

    def method(self, name: str) -> dict[str, Any]:
        return dict(self.metrics["methods"][name])

    @property
    def chosen(self) -> str:
        return str(self.metrics["chosen"])


def _best_f1(labels: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1[:-1])) if len(thresholds) else 0
    return float(f1[best]), float(thresholds[best]) if len(thresholds) else 0.0


def _auc(labels: np.ndarray, scores: np.ndarray) -> float:
    if labels.all() or not labels.any():
        return float("nan")
    return float(roc_auc_score(labels, scores))


def _precision_at_1(
    similarity: np.ndarray, kinds: Sequence[str], targets: dict[int, int], kind: str
) -> float:
    """Share of the texts of `kind` whose most similar text, among the originals, the
    negatives and the other texts of that kind, is their own original (`targets`)."""
    queries = [i for i, k in enumerate(kinds) if k == kind and i in targets]
    if not queries:
        return float("nan")
    allowed = np.array([k in ("original", NEGATIVE, kind) for k in kinds])
    hits = 0
    for qi in queries:
        row = np.where(allowed, similarity[qi], -np.inf)
        row[qi] = -np.inf
        hits += int(np.argmax(row)) == targets[qi]
    return hits / len(queries)


def evaluate(
    the_pairs: Sequence[Pair] | None = None, *, embed: Embed = embedding.embed
) -> Evaluation:
    """Measure the three methods on `the_pairs` (by default the whole set)."""
    ps = list(the_pairs if the_pairs is not None else pairs())
    texts: list[str] = []
    index: dict[str, int] = {}
    groups: list[int | None] = []
    kinds: list[str] = []

    def add(text: str, group: int | None, kind: str) -> int:
        if text not in index:
            index[text] = len(texts)
            texts.append(text)
            groups.append(group)
            kinds.append(kind)
        return index[text]

    for p in ps:
        add(p.a, p.group, "original")
        add(p.b, p.group if p.same else None, p.kind)

    # One call to the model: the texts, then the folded look-up texts of the marked ones.
    look_ups = [combine.query_texts(t) for t in texts]
    extra = [q[1] for q in look_ups if len(q) > 1]
    started = time.perf_counter()
    vectors = embed([*texts, *extra])
    embed_seconds = time.perf_counter() - started
    stored = vectors[: len(texts)]
    queries: list[combine.Query] = []
    row = len(texts)
    for i, q in enumerate(look_ups):
        if len(q) > 1:
            queries.append(combine.query_from(texts[i], np.stack([stored[i], vectors[row]])))
            row += 1
        else:
            queries.append(combine.query_from(texts[i], stored[i : i + 1]))

    # All against all, as a search scores them: row = the text looked up.
    n = len(texts)
    plain = np.array([combine.unmarked(t) for t in texts])
    char = characters.similarity_matrix(texts, texts)
    meaning = np.zeros((n, n), dtype=np.float32)
    both = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        meaning[i], usable = combine.meaning(queries[i], stored, plain)
        both[i] = combine.combined(char[i], meaning[i], usable)
    # A pair's score is its original looking the other up (the original is the stored side's
    # usual case: the text of an existing matter).
    a_idx = np.array([index[p.a] for p in ps])
    b_idx = np.array([index[p.b] for p in ps])
    matrices = {CHARACTERS: char, EMBEDDINGS: meaning, COMBINED: both}
    labels = np.array([p.same for p in ps])
    pair_kinds = np.array([p.kind for p in ps])
    negatives = pair_kinds == NEGATIVE
    # The original each positive text should find.
    original_of = {p.group: index[p.a] for p in ps}
    targets = {
        i: original_of[g] for i, g in enumerate(groups) if g is not None and kinds[i] != "original"
    }
    results: dict[str, Any] = {}
    for name, matrix in matrices.items():
        scores = matrix[a_idx, b_idx]
        f1, threshold = _best_f1(labels, scores)
        by_kind = {}
        for kind in POSITIVE_KINDS:
            mask = (pair_kinds == kind) | negatives
            by_kind[kind] = {
                "auc": _auc(labels[mask], scores[mask]),
                "precision_at_1": _precision_at_1(matrix, kinds, targets, kind),
            }
        results[name] = {
            "auc": _auc(labels, scores),
            "f1": f1,
            "threshold": threshold,
            "precision_at_1": float(
                np.nanmean([by_kind[k]["precision_at_1"] for k in POSITIVE_KINDS])
            ),
            "kinds": by_kind,
        }
    # The better area under the curve; on a tie the combination, which also keeps working
    # for texts that have no vector yet.
    order = {COMBINED: 0, EMBEDDINGS: 1, CHARACTERS: 2}
    chosen = max(METHODS, key=lambda m: (round(results[m]["auc"], 3), -order[m]))
    metrics = {
        "pairs": len(ps),
        "positives": int(labels.sum()),
        "texts": n,
        "e5_floor": combine.floor(),
        "e5_plain_floor": combine.plain_floor(),
        "embed_seconds": round(embed_seconds, 2),
        "embedded": len(texts) + len(extra),
        "chosen": chosen,
        "methods": results,
    }
    return Evaluation(metrics=metrics)
