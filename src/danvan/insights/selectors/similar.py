"""Texts similar to a given one, by meaning and by characters (issue 20, point 4), among the
texts the user may read (`access.readable_texts`: a denunciation stays under its matter's
rules, a sensitive text is never returned)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Q
from django.utils import timezone

from danvan.cases.duplicates import words

from .. import access
from ..models import ModelRun, ModelTarget, RunOutcome, Text
from ..similarity import characters, combine, embedding, store

# Candidates scored per text asked: the best by meaning, and by shared rare words (texts
# not embedded yet: the backlog is matched by characters).
MEANING_CANDIDATES = 200
MEANING_CANDIDATES_MAX = 5000
CHARACTER_CANDIDATES = 200
PREFILTER_WORDS = 3


@dataclass(frozen=True)
class SimilarText:
    text: Text
    score: float  # combined (0–1)
    meaning: float | None  # None: no vector, or not comparable by meaning
    characters: float


def similar_texts(user: Any, text: str, limit: int = 10) -> list[SimilarText]:
    """The `limit` texts most similar to `text` that `user` may read, of the last
    `store.window_days()`, best first."""
    text = (text or "").strip()
    if not text or limit <= 0:
        return []
    readable = access.readable_texts(user)
    today = timezone.localdate()
    since = today - dt.timedelta(days=store.window_days())
    recent = readable.filter(week__gte=since - dt.timedelta(days=6))
    provinces = list(recent.order_by().values_list("province_id", flat=True).distinct())
    if not provinces:
        return []

    look_up = combine.query_texts(text)
    query = combine.query_from(text, embedding.embed(look_up))
    # The blocks are the provinces', not the user's: when too few of the best are readable,
    # look further (an officer of one body in a large province).
    wanted = MEANING_CANDIDATES
    while True:
        hits = store.search(query, provinces=provinces, since=since, until=today, limit=wanted)
        by_meaning = {h.text_id: h.meaning for h in hits}
        if len(hits) < wanted or wanted >= MEANING_CANDIDATES_MAX:
            break
        if recent.filter(pk__in=list(by_meaning)).count() >= limit:
            break
        wanted *= 5

    tokens = {t.strip(".,;:!?()\"'…") for t in text.split()}
    prefilter = sorted({t for t in tokens if len(t) >= 4 and words(t)}, key=lambda w: (-len(w), w))
    prefilter = prefilter[:PREFILTER_WORDS]
    character_ids: list[int] = []
    if prefilter:
        any_word = Q()
        for w in prefilter:
            any_word |= Q(content__icontains=w)
        character_ids = list(
            recent.filter(any_word, vector__isnull=True)
            .order_by("-occurred_at")
            .values_list("pk", flat=True)[:CHARACTER_CANDIDATES]
        )
    ids = set(by_meaning) | set(character_ids)
    if not ids:
        return []
    # Read through the accessor again: the vectors' blocks are the province's, not the user's.
    found = list(recent.filter(pk__in=ids).select_related("unit", "province", "organization"))
    if not found:
        return []
    chars = characters.similarity_matrix([text], [t.content for t in found])[0]
    plain = np.array([combine.unmarked(t.content) for t in found])
    # As in combine.meaning: a query typed without diacritics is no judge of marked texts.
    usable = plain | (not query.unmarked)
    results = []
    for i, t in enumerate(found):
        meaning = by_meaning.get(t.pk) if usable[i] else None
        score = float(chars[i]) if meaning is None else max(float(chars[i]), meaning)
        results.append(
            SimilarText(text=t, score=round(score, 4), meaning=meaning, characters=float(chars[i]))
        )
    results.sort(key=lambda r: (-r.score, -r.text.occurred_at.timestamp(), -r.text.pk))
    return results[:limit]


def evaluations(limit: int = 10) -> list[ModelRun]:
    """The latest measures of the similarity methods (`insights_similarity_eval`)."""
    return list(
        ModelRun.objects.filter(target=ModelTarget.SIMILAR, outcome=RunOutcome.TRAINED)
        .select_related("trained_by")
        .order_by("-trained_at", "-pk")[:limit]
    )
