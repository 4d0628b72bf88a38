"""Suggestions at intake (issue 20, points 3 and 10): how fast a matter's field and kind are
suggested, how long training takes on 50,000 labelled matters, and the held-out scores.

1. BENCH_SUGGEST_LABELLED (50,000) synthetic labelled matters (tests/insights/labelled.py:
   12 fields, 5 kinds, 15 % typed without diacritics, ~2 % labels changed on purpose), the
   classifiers fitted as `danvan insights_train` fits them (`suggesting.training.fit`: 80 %
   for training, 20 % held out, seed 0) — in memory: the time is the classifier's, reading
   the matters from the database is not measured here.
2. Throughput of the suggestion as intake asks it (`suggesting.prediction.predict` for both
   targets, from the raw text: normalisation and folding included) on 10,000 fresh matters,
   in batches of 100 and one by one; CPU time of this process (one core: BLAS threads set to
   one, SGD is single-threaded).
3. For the decision record: the cost of the word segmenter (`language.segment.words`) per
   text, and the held-out macro-F1 with segmented words instead of syllable n-grams on
   BENCH_SUGGEST_COMPARE (5,000) matters.

Needs a database with the administrative units (the segmenter's dictionary reads them):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_ins_suggestions \
    python bench/insights_suggestions.py
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import datetime as dt  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELLED = int(os.environ.get("BENCH_SUGGEST_LABELLED", "50000"))
PROBE = int(os.environ.get("BENCH_SUGGEST_PROBE", "10000"))
COMPARE = int(os.environ.get("BENCH_SUGGEST_COMPARE", "5000"))
TARGET_PER_SECOND = 500


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    # A database of its own whatever DATABASE_URL names (make bench passes the server's).
    from urllib.parse import urlparse

    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
    os.environ["DATABASE_URL"] = base._replace(path="/danvan_ins_suggestions").geturl()
    import django

    django.setup()


def run(report: Callable[[str], None]) -> None:
    _setup()
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from tests.insights.labelled import labelled_matters

    from danvan.insights.language import segment
    from danvan.insights.suggesting import prediction, training

    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    matters = labelled_matters(LABELLED, seed=0)
    texts = [m.text for m in matters]
    probe = [m.text for m in labelled_matters(PROBE, seed=1)]
    lines = []
    fitted_models = {}
    for target in ("field", "kind"):
        started = time.perf_counter()
        fitted = training.fit(texts, [getattr(m, target) for m in matters], seed=0)
        seconds = time.perf_counter() - started
        assert fitted.model is not None
        fitted_models[target] = fitted.model
        size = len(training.dump(fitted.model)) / 1e6
        worst = min(fitted.metrics["classes"].values(), key=lambda c: c["f1"])
        lines.append(
            f"| {target} | {fitted.train_size:,} / {fitted.test_size:,} | {seconds:.1f} s | "
            f"{fitted.metrics['accuracy']:.3f} | {fitted.metrics['macro_f1']:.3f} | "
            f"{worst['label']} {worst['precision']:.2f} / {worst['recall']:.2f} | {size:.1f} MB |"
        )

    def both(batch: list[str]) -> None:
        for target, model in fitted_models.items():
            prediction.predict(model, batch, target=target, run_id=0)

    speeds = {}
    for size in (100, 1):
        count = PROBE if size > 1 else min(PROBE, 2000)
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(0, count, size):
            both(probe[i : i + size])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        speeds[size] = (count / cpu, count / wall)

    sample = probe[:1000]
    segment.words(sample[0])
    cpu = time.process_time()
    for t in sample:
        segment.words(t)
    segment_ms = (time.process_time() - cpu) / len(sample) * 1000

    small = matters[:COMPARE]
    compare = []
    for with_segmenter in (False, True):
        f1s = []
        for target in ("field", "kind"):
            fitted = training.fit(
                [m.text for m in small],
                [getattr(m, target) for m in small],
                seed=0,
                with_segmenter=with_segmenter,
            )
            f1s.append(f"{fitted.metrics['macro_f1']:.3f}")
        compare.append(" / ".join(f1s))

    ok = speeds[100][0] >= TARGET_PER_SECOND
    report(
        "\n".join(
            [
                "## Insights: suggestions at intake (field and kind)",
                "",
                f"Measured {dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC on {platform.machine()}, "
                f"{os.cpu_count()} cores (shared), Python {platform.python_version()}; "
                "synthetic labelled matters (tests/insights/labelled.py).",
                "",
                f"Training on {LABELLED:,} labelled matters (20 % held out, seed 0):",
                "",
                "| target | trained / held out | training time | accuracy | macro-F1 | "
                "weakest class P / R | artifact |",
                "|---|---|---|---|---|---|---|",
                *lines,
                "",
                f"Suggestion of both field and kind from the raw text, one core (CPU time): "
                f"**{speeds[100][0]:,.0f} texts/s** in batches of 100 "
                f"({speeds[100][1]:,.0f}/s wall), {speeds[1][0]:,.0f} texts/s one at a time "
                f"({speeds[1][1]:,.0f}/s wall) — target ≥ {TARGET_PER_SECOND}/s: "
                f"{'met' if ok else 'NOT met'}.",
                "",
                f"Word segmenter (underthesea + dictionary): {segment_ms:.2f} ms CPU a text "
                f"(≤ {1000 / segment_ms:,.0f} texts/s before any classifying). Held-out "
                f"macro-F1 field / kind on {COMPARE:,} matters: syllable n-grams "
                f"{compare[0]}, segmented words {compare[1]}.",
                "",
            ]
        )
    )


if __name__ == "__main__":
    run(print)
