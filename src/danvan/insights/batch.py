"""The national batch's engine (issue 20, point 10): the chunked work of the topic model —
document frequencies, TF-IDF, the factorization's transform, topic assignment, counting —
run in this process or on a Dask distributed cluster, by the same functions.

`Engine.configured()` reads `INSIGHTS_DASK_SCHEDULER` ("tcp://host:8786"; empty: in-process);
tests and the bench hand it a `distributed.Client` of a `LocalCluster`.

Chunks are shipped as arrays (`topics.compute.Chunk`), read once from the database by this
process: the workers then need no database access, see a test's uncommitted rows, and keep
the chunks and their TF-IDF matrices between the passes (document frequencies, then TF-IDF,
then — after the fit here — assignment), so each text crosses the network once. The fit
itself runs here, on a seeded sample of the TF-IDF rows gathered from the workers
(`Options.fit_sample`): the factorization is one model; vectorizing and placing every text
are the parts that grow with the country and spread over the workers. Chunk boundaries do
not depend on the engine, so the results are the same to the last digit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from scipy import sparse

from .topics import compute

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


class Engine:
    """Runs functions over chunks: here, or on a Dask cluster (`client`)."""

    def __init__(self, client: Any = None, *, owns: bool = False) -> None:
        self.client = client
        self._owns = owns

    @classmethod
    def configured(cls, scheduler: Any = None) -> Engine:
        """The engine named by `scheduler` (an address or a `Client`), else by the setting."""
        if scheduler is None:
            scheduler = getattr(settings, "INSIGHTS_DASK_SCHEDULER", "") or None
        if scheduler is None:
            return cls()
        if isinstance(scheduler, str):
            from distributed import Client

            return cls(Client(scheduler), owns=True)
        return cls(scheduler)

    @property
    def name(self) -> str:
        return "dask" if self.client is not None else "local"

    @property
    def workers(self) -> int:
        if self.client is None:
            return 1
        return len(self.client.scheduler_info().get("workers", {}))

    def put_all(self, values: Iterable[Any], *, progress: Progress = _quiet) -> list[Any]:
        """Chunks handed to the engine: on a cluster, they move to the workers a few at a time
        (one scatter per batch: a scatter per chunk costs a round trip each)."""
        if self.client is None:
            out = []
            for value in values:
                out.append(value)
                progress("read", len(out), 0)
            return out
        handles: list[Any] = []
        pending: list[Any] = []
        for value in values:
            pending.append(value)
            if len(pending) >= 2 * max(self.workers, 1):
                handles.extend(self.client.scatter(pending, hash=False))
                pending = []
                progress("read", len(handles), 0)
        if pending:
            handles.extend(self.client.scatter(pending, hash=False))
        return handles

    def broadcast(self, value: Any) -> Any:
        if self.client is None:
            return value
        return self.client.scatter(value, broadcast=True, hash=False)

    def map(
        self,
        fn: Callable[..., Any],
        *handles: Sequence[Any],
        stage: str = "",
        progress: Progress = _quiet,
        **kwargs: Any,
    ) -> list[Any]:
        """fn over the chunks (one list per argument), in order; handles stay where they are."""
        total = len(handles[0]) if handles else 0
        if self.client is None:
            out = []
            for i, args in enumerate(zip(*handles, strict=True)):
                out.append(fn(*args, **kwargs))
                progress(stage, i + 1, total)
            return out
        from distributed import as_completed

        futures = self.client.map(fn, *handles, pure=False, **kwargs)
        for i, _done in enumerate(as_completed(futures)):
            progress(stage, i + 1, total)
        return list(futures)

    def gather(self, handles: list[Any]) -> list[Any]:
        if self.client is None:
            return handles
        return list(self.client.gather(handles))

    def release(self, handles: list[Any]) -> None:
        if self.client is not None:
            self.client.cancel(handles)

    def close(self) -> None:
        if self.client is not None and self._owns:
            self.client.close()


@dataclass
class Options:
    topics: int = 12
    seed: int = 0
    min_df: int = 2
    max_df: float = 0.5
    max_features: int = 20_000
    max_iter: int = 200
    # The factorization is fitted on a seeded sample of this many texts at most (0: all);
    # every text is then placed in the topics. The fit's cost grows with the texts and runs
    # in one process; the sample's topics against all texts' are measured by the bench
    # (bench/insights_topics.py, "full" mode).
    fit_sample: int = 200_000

    @classmethod
    def from_settings(cls, **overrides: Any) -> Options:
        base = cls(
            topics=int(getattr(settings, "INSIGHTS_TOPICS", 12)),
            min_df=int(getattr(settings, "INSIGHTS_TOPICS_MIN_DF", 2)),
            max_df=float(getattr(settings, "INSIGHTS_TOPICS_MAX_DF", 0.5)),
            max_features=int(getattr(settings, "INSIGHTS_TOPICS_MAX_FEATURES", 20_000)),
            fit_sample=int(getattr(settings, "INSIGHTS_TOPICS_FIT_SAMPLE", 200_000)),
        )
        for key, value in overrides.items():
            if value is not None:
                setattr(base, key, value)
        return base


@dataclass
class Result:
    """Memberships, counts and representatives of a batch over chunks (training or new texts)."""

    ids: np.ndarray
    topics: np.ndarray
    weights: np.ndarray
    counts: dict[tuple[int, int, int, int], int]
    representatives: dict[int, list[tuple[float, int]]]
    sensitive: int
    docs: int
    fitted: compute.Fitted | None = None
    quality: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def _merge(parts: list[compute.Assigned]) -> Result:
    counts: Counter[tuple[int, int, int, int]] = Counter()
    best: dict[int, list[tuple[float, int]]] = {}
    for part in parts:
        for key, value in zip(part.count_keys.tolist(), part.count_values.tolist(), strict=True):
            counts[tuple(key)] += value
        for topic, items in part.representatives.items():
            best.setdefault(topic, []).extend(items)
    representatives = {
        topic: sorted(items, key=lambda item: (-item[0], item[1]))[: compute.REPRESENTATIVES]
        for topic, items in best.items()
    }
    return Result(
        ids=np.concatenate([p.ids for p in parts]) if parts else np.zeros(0, np.int64),
        topics=np.concatenate([p.topics for p in parts]) if parts else np.zeros(0, np.int64),
        weights=np.concatenate([p.weights for p in parts]) if parts else np.zeros(0, np.float32),
        counts=dict(counts),
        representatives=representatives,
        sensitive=sum(p.sensitive for p in parts),
        docs=sum(p.docs for p in parts),
    )


def _sum_frequencies(parts: list[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return total


def train(
    engine: Engine,
    chunks: Iterable[compute.Chunk],
    options: Options,
    *,
    progress: Progress = _quiet,
) -> Result | None:
    """Train a topic model over the chunks and place every text in it. None: too few texts or
    words for `options.topics` topics."""
    import time

    timings: dict[str, float] = {}
    start = time.perf_counter()
    handles = engine.put_all(chunks, progress=progress)
    sizes = engine.gather(engine.map(len, handles))
    docs = int(sum(sizes))
    timings["read"] = time.perf_counter() - start
    if docs < options.topics * 2:
        return None

    mark = time.perf_counter()
    frequencies = engine.gather(
        engine.map(compute.document_frequencies, handles, stage="frequencies", progress=progress)
    )
    vectorizer = compute.choose_vocabulary(
        _sum_frequencies(frequencies),
        docs,
        min_df=options.min_df,
        max_df=options.max_df,
        max_features=options.max_features,
    )
    del frequencies
    if len(vectorizer.vocabulary) < options.topics:
        return None
    shared_vectorizer = engine.broadcast(vectorizer)
    matrices = engine.map(
        compute.tfidf, handles, vectorizer=shared_vectorizer, stage="tfidf", progress=progress
    )
    timings["vectorize"] = time.perf_counter() - mark

    mark = time.perf_counter()
    share = min(1.0, options.fit_sample / docs) if options.fit_sample else 1.0
    seeds = [options.seed * 100_003 + i for i in range(len(matrices))]
    samples = engine.map(compute.sample_rows, matrices, seeds, share=share)
    stacked = sparse.vstack(engine.gather(samples), format="csr")
    engine.release(samples)
    fitted_on = int(stacked.shape[0])
    progress("fit", 0, 1)
    nmf, relative_error = compute.factorize(
        stacked, topics=options.topics, seed=options.seed, max_iter=options.max_iter
    )
    del stacked
    progress("fit", 1, 1)
    fitted = compute.Fitted(
        vectorizer=vectorizer,
        nmf=nmf,
        topic_words=compute.top_words(nmf, vectorizer.vocabulary),
    )
    timings["fit"] = time.perf_counter() - mark

    mark = time.perf_counter()
    columns = compute.coherence_columns(fitted)
    shared = engine.broadcast(fitted)
    parts = engine.gather(
        engine.map(
            compute.assign,
            matrices,
            handles,
            fitted=shared,
            columns=columns,
            stage="assign",
            progress=progress,
        )
    )
    result = _merge(parts)
    cooccurrence = sum(p.cooccurrence for p in parts if p.cooccurrence is not None)
    per_topic = compute.npmi(np.asarray(cooccurrence), docs, fitted, columns)
    engine.release(matrices)
    engine.release(handles)
    timings["assign"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start

    result.fitted = fitted
    result.timings = timings
    result.quality = {
        "npmi": round(float(np.mean(per_topic)), 4),
        "npmi_per_topic": per_topic,
        "relative_error": round(relative_error, 4),
        "vocabulary": len(vectorizer.vocabulary),
        "texts": docs,
        "fitted_on": fitted_on,
        "placed": len(result.ids),
        "iterations": int(getattr(nmf, "n_iter_", 0)),
        "seed": options.seed,
        "min_df": options.min_df,
        "max_df": options.max_df,
        "engine": engine.name,
        "workers": engine.workers,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }
    return result


def assign(
    engine: Engine,
    chunks: Iterable[compute.Chunk],
    fitted: compute.Fitted,
    *,
    progress: Progress = _quiet,
) -> Result:
    """Place texts (new ones) in a trained model's topics."""
    handles = engine.put_all(chunks, progress=progress)
    shared = engine.broadcast(fitted)
    parts = engine.gather(
        engine.map(compute.assign_texts, handles, fitted=shared, stage="assign", progress=progress)
    )
    engine.release(handles)
    return _merge(parts)
