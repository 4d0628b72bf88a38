"""Measure the similarity methods on the labelled pair set and store the result:
`danvan insights_similarity_eval`.

Prints, for each method (characters, embeddings, combined), the ROC AUC, the best F1 over
thresholds with its threshold and precision@1 of retrieval among the set, by kind of pair
too; stores them as a `ModelRun` of target SIMILAR (metrics: see `similarity.evaluate`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ...services.embeddings import record_evaluation
from ...similarity.evaluate import METHODS, POSITIVE_KINDS, evaluate


class Command(BaseCommand):
    help = "Measure the similar-text methods on the labelled pair set and store the result."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = evaluate()
        run = record_evaluation(metrics=result.metrics, seconds=time.perf_counter() - started)
        m = result.metrics
        self.stdout.write(
            f"{m['pairs']} pairs ({m['positives']} same), {m['texts']} texts, "
            f"{m['embedded']} embedded in {m['embed_seconds']:.1f} s"
        )
        header = f"{'method':<11} {'ROC AUC':>7} {'best F1':>7} {'at':>6} {'P@1':>6}"
        for kind in POSITIVE_KINDS:
            header += f"  {kind[:8] + ' AUC':>12} {'P@1':>5}"
        self.stdout.write(header)
        for name in METHODS:
            r = m["methods"][name]
            line = (
                f"{name:<11} {r['auc']:7.3f} {r['f1']:7.3f} {r['threshold']:6.3f} "
                f"{r['precision_at_1']:6.3f}"
            )
            for kind in POSITIVE_KINDS:
                k = r["kinds"][kind]
                line += f"  {k['auc']:12.3f} {k['precision_at_1']:5.3f}"
            self.stdout.write(line)
        self.stdout.write(f"chosen: {m['chosen']} (run #{run.pk})")
