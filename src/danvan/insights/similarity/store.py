"""The vectors searched: int8 matrices per province and month, in memory.

The database keeps each vector as float16 (`TextVector`, 768 bytes); in memory a block holds
them quantized to int8 with a scale per vector (388 bytes a text, 388 MB for a million) and a
scan converts chunks of `CHUNK` rows to float32 for the product — measured
(bench/insights_embeddings.py) about twice as fast as converting float16 chunks, at half the
memory. On the pair set, quantized so, the combined method's ROC AUC is 0.971 (0.970 in
float32) and its precision@1 0.933 (0.942): one look-up in 120 ranks differently. One scale
for all vectors (× 127) lost more (AUC 0.962). A search covers the user's provinces
and the last `window_days()`: a province's year is tens of thousands of texts, scanned in
tens of milliseconds; the whole country's year (a million) in about a second on two busy
cores — the reason to partition by province and month rather than to add an ANN index
(usearch, hnswlib, faiss: a package, and a second copy of the data to keep in step with the
database) at this size.

The database (`TextVector`) is the truth. A block is read once per process and then only
what was embedded since (`embedded_at`), at most every `refresh_seconds()`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import BooleanField, Case, Value, When

from ..models import TextVector
from . import combine, embedding

CHUNK = 8192  # rows converted at a time: small enough for the CPU's cache
SCALE = 127.0


def window_days() -> int:
    return int(getattr(settings, "INSIGHTS_SIMILAR_DAYS", 365))


def refresh_seconds() -> float:
    return float(getattr(settings, "INSIGHTS_SIMILAR_REFRESH_SECONDS", 60))


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months(since: dt.date, until: dt.date) -> list[dt.date]:
    out = []
    month = month_of(since)
    while month <= until:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


@dataclass
class Block:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unmarked: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIM), dtype=np.int8))
    inverse: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    seen: dt.datetime | None = None  # the latest embedded_at read
    checked: float = 0.0  # time.monotonic() of the last read

    def add(self, ids: list[int], unmarked: list[bool], vectors: list[bytes]) -> None:
        if not ids:
            return
        new_ids = np.asarray(ids, dtype=np.int64)
        keep = ~np.isin(self.ids, new_ids)  # a text embedded again replaces its row
        rows = np.frombuffer(b"".join(bytes(v) for v in vectors), dtype="<f2")
        self.ids = np.concatenate([self.ids[keep], new_ids])
        self.unmarked = np.concatenate([self.unmarked[keep], np.asarray(unmarked, dtype=bool)])
        matrix, inverse = quantized(rows.reshape(len(ids), embedding.DIM))
        self.matrix = np.concatenate([self.matrix[keep], matrix])
        self.inverse = np.concatenate([self.inverse[keep], inverse])


def quantized(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectors as int8, each scaled so that its largest component is ±127, and the inverse
    of each scale (a row's cosine is its int8 product times it)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    largest = np.maximum(np.abs(vectors).max(axis=1, initial=0.0), 1e-12)
    scale = SCALE / largest
    rows = np.clip(np.rint(vectors * scale[:, None]), -127, 127).astype(np.int8)
    return rows, (1.0 / scale).astype(np.float32)


_blocks: dict[tuple[int | None, dt.date], Block] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop the blocks held in memory (tests; after a model change)."""
    with _lock:
        _blocks.clear()


def _read(province_id: int | None, month: dt.date) -> Block:
    key = (province_id, month)
    with _lock:
        block = _blocks.setdefault(key, Block())
    now = time.monotonic()
    if block.checked and now - block.checked < refresh_seconds():
        return block
    following = (month + dt.timedelta(days=32)).replace(day=1)
    rows = TextVector.objects.filter(
        text__province_id=province_id, text__week__gte=month, text__week__lt=following
    )
    if block.seen is not None:
        rows = rows.filter(embedded_at__gte=block.seen)
    rows = rows.annotate(
        marked=Case(
            When(text__content__regex=combine.MARKED_REGEX, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    ids, plain, vectors = [], [], []
    seen = block.seen
    for text_id, vector, marked, embedded_at in rows.values_list(
        "text_id", "vector", "marked", "embedded_at"
    ).iterator(chunk_size=10_000):
        ids.append(text_id)
        plain.append(not marked)
        vectors.append(vector)
        seen = embedded_at if seen is None or embedded_at > seen else seen
    with _lock:
        block.add(ids, plain, vectors)
        block.seen = seen
        block.checked = now
    return block


@dataclass(frozen=True)
class Hit:
    text_id: int
    meaning: float


def scan(query: combine.Query, blocks: Iterable[Block], *, limit: int) -> list[Hit]:
    """The `limit` best texts by meaning among `blocks` (only where meaning is usable)."""
    matrix = combine.query_matrix(query)
    best_ids: list[np.ndarray] = []
    best_scores: list[np.ndarray] = []
    for block in blocks:
        for start in range(0, len(block.ids), CHUNK):
            end = start + CHUNK
            cosines = block.matrix[start:end].astype(np.float32) @ matrix
            cosines *= block.inverse[start:end, None]
            score, usable = combine.meaning_of(query, cosines, block.unmarked[start:end])
            score = np.where(usable, score, -1.0)
            if len(score) > limit:
                top = np.argpartition(-score, limit)[:limit]
            else:
                top = np.arange(len(score))
            best_ids.append(block.ids[start:end][top])
            best_scores.append(score[top])
    if not best_ids:
        return []
    ids = np.concatenate(best_ids)
    scores = np.concatenate(best_scores)
    order = np.argsort(-scores, kind="stable")[:limit]
    return [Hit(int(ids[i]), float(scores[i])) for i in order if scores[i] > 0]


def search(
    query: combine.Query,
    *,
    provinces: Iterable[int | None],
    since: dt.date,
    until: dt.date,
    limit: int,
) -> list[Hit]:
    """The best `limit` texts by meaning of the given provinces (None: texts with no province)
    whose week falls between `since` and `until`."""
    spans = months(since, until)
    blocks = [_read(p, m) for p in provinces for m in spans]
    return scan(query, blocks, limit=limit)
