"""Embed the texts that have no vector yet (issue 20, points 4 and 10), newest first, in
bounded batches, within a time budget; run every minute (`insights_embed`).

The backlog rule: a run embeds for at most `budget_seconds()`. What it could not reach in
that time — a busy day, or the first run over years of history — is the backlog: those texts
are matched by characters only (`cases.duplicates` and `similar_texts` use the vectors that
exist, the characters for the rest) until a later run reaches them, and the run says so
(`EmbedResult.notice`). Texts marked sensitive are never embedded: they are never shown, and
processing them for similarity has no purpose (Luật 91/2025/QH15).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from ..models import ModelRun, ModelTarget, RunOutcome, Text, TextVector
from ..similarity import embedding

logger = logging.getLogger(__name__)

MAX_BATCH = 256


def batch_size() -> int:
    return max(1, min(int(getattr(settings, "INSIGHTS_EMBED_BATCH", 64)), MAX_BATCH))


def budget_seconds() -> float:
    return float(getattr(settings, "INSIGHTS_EMBED_BUDGET_SECONDS", 50))


def pending() -> int:
    """Texts waiting for a vector."""
    return Text.objects.filter(vector__isnull=True, sensitive=False).count()


@dataclass(frozen=True)
class EmbedResult:
    embedded: int
    batches: int
    largest_batch: int
    backlog: int  # texts left without a vector: matched by characters until embedded
    seconds: float

    @property
    def rate(self) -> float:
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    @property
    def notice(self) -> str:
        if not self.backlog:
            return ""
        return ngettext(
            "%(count)d text waits for its vector: it is matched by characters only until then.",
            "%(count)d texts wait for their vectors: they are matched by characters only "
            "until then.",
            self.backlog,
        ) % {"count": self.backlog}


def embed_new(
    *, size: int | None = None, budget: float | None = None, limit: int | None = None
) -> EmbedResult:
    """Embed texts without a vector, newest first, `size` at a time (at most MAX_BATCH), until
    none is left, `budget` seconds have passed or `limit` texts are done."""
    size = max(1, min(size or batch_size(), MAX_BATCH))
    budget = budget_seconds() if budget is None else budget
    started = time.perf_counter()
    embedded = batches = largest = 0
    done: set[int] = set()
    while limit is None or embedded < limit:
        take = size if limit is None else min(size, limit - embedded)
        rows = list(
            Text.objects.filter(vector__isnull=True, sensitive=False)
            .exclude(pk__in=done)
            .order_by("-pk")
            .values_list("pk", "content")[:take]
        )
        if not rows:
            break
        vectors = embedding.embed([content for _pk, content in rows])
        # One short transaction a batch: the model's time is spent outside it.
        with transaction.atomic():
            TextVector.objects.bulk_create(
                [
                    TextVector(text_id=pk, method=embedding.METHOD, vector=embedding.to_bytes(v))
                    for (pk, _content), v in zip(rows, vectors, strict=True)
                ],
                ignore_conflicts=True,
            )
        done.update(pk for pk, _content in rows)
        embedded += len(rows)
        batches += 1
        largest = max(largest, len(rows))
        if time.perf_counter() - started >= budget:
            break
    result = EmbedResult(
        embedded=embedded,
        batches=batches,
        largest_batch=largest,
        backlog=pending(),
        seconds=time.perf_counter() - started,
    )
    if result.backlog:
        logger.warning(
            "insights embeddings: %d embedded, %d left to the characters until embedded",
            result.embedded,
            result.backlog,
        )
    return result


def record_evaluation(*, metrics: dict[str, Any], seconds: float, user: Any = None) -> ModelRun:
    """Store a measure of the similarity methods (`similarity.evaluate`) as a run of target
    SIMILAR; the latest is the one in use."""
    with transaction.atomic():
        ModelRun.objects.filter(target=ModelTarget.SIMILAR, active=True).update(active=False)
        return ModelRun.objects.create(
            target=ModelTarget.SIMILAR,
            outcome=RunOutcome.TRAINED,
            trained_at=timezone.now(),
            trained_by=user if user is not None and user.is_authenticated else None,
            labels=int(metrics.get("pairs", 0)),
            test_size=int(metrics.get("pairs", 0)),
            metrics=metrics,
            active=True,
            seconds=round(seconds, 2),
            note=f"chosen: {metrics.get('chosen', '')}",
        )
