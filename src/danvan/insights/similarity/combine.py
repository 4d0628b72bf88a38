"""How a text's similarity to another is scored from the two methods, as the evaluation
(`evaluate` on the pair set, `insights_similarity_eval`) measured:

- **meaning** (`meaning`): the cosine of the two e5 vectors mapped onto the character scale
  (0 at the cosine of unrelated texts, `floor()`; 1 at 1). The model reads a text typed
  without diacritics as nearly another language: accent-stripped copies of a letter scored
  *below* different letters on the same topic. So a stored text without diacritics is
  compared with the looked-up text folded (its second vector, made at look-up only), and
  two texts both typed without diacritics on their own scale (`plain_floor()`). A text
  typed without diacritics is no judge of texts written with them: there the cosines are
  noise, and the meaning is not used.
- **combined** (`combined`): the better of the character score and the meaning score. Where
  a text has no vector yet, or the meaning is not usable, the characters alone decide, as
  before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from danvan.lib.text import fold


def floor() -> float:
    """The e5 cosine that counts as no similarity at all between texts written with
    diacritics (unrelated letters: median 0.84, 90th percentile 0.88 on the pair set)."""
    return float(getattr(settings, "INSIGHTS_SIMILAR_E5_FLOOR", 0.85))


def plain_floor() -> float:
    """The same between texts without diacritics, which the model sees as much closer to each
    other (unrelated letters folded: median 0.92, 90th percentile 0.94)."""
    return float(getattr(settings, "INSIGHTS_SIMILAR_E5_PLAIN_FLOOR", 0.93))


def unmarked(text: str) -> bool:
    """Whether `text` is written without Vietnamese diacritics (folding changes nothing)."""
    plain = " ".join((text or "").lower().split())
    return fold(text) == plain


# For the database: a text with any letter outside ASCII in its first characters is marked.
MARKED_REGEX = r"[^\x01-\x7f]"


@dataclass(frozen=True)
class Query:
    """The vectors of a text looked up: as written, and folded (the same when unmarked)."""

    vector: np.ndarray
    # None: no folded vector (a stored text's own vector looked up, no model call): then
    # only texts typed the same way as this one are compared by meaning.
    folded: np.ndarray | None
    unmarked: bool


def query_texts(text: str) -> list[str]:
    """The texts to embed for looking `text` up: itself, and folded unless already so."""
    return [text] if unmarked(text) else [text, fold(text)]


def query_from(text: str, vectors: np.ndarray) -> Query:
    """The `Query` of `text` from the vectors of `query_texts(text)`."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return Query(vector=vectors[0], folded=vectors[-1], unmarked=len(vectors) == 1)


def rescaled(cosines: np.ndarray | float, low: float) -> np.ndarray:
    return np.clip((np.asarray(cosines, dtype=np.float32) - low) / (1 - low), 0.0, 1.0)


def query_matrix(query: Query) -> np.ndarray:
    """384 × 2: the query as written and folded (as written again when it has no folded)."""
    folded = query.vector if query.folded is None else query.folded
    return np.stack([query.vector, folded]).T.astype(np.float32)


def meaning(
    query: Query, vectors: np.ndarray, stored_unmarked: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The meaning score (0–1, the character scale) of each stored vector, and where it can be
    trusted."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=bool)
    both = np.asarray(vectors, dtype=np.float32) @ query_matrix(query)
    return meaning_of(query, both, stored_unmarked)


def meaning_of(
    query: Query, cosines: np.ndarray, stored_unmarked: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`meaning` from the cosines (n × 2) of the stored vectors with `query_matrix(query)`.

    A stored text without diacritics is compared with the query folded; one with diacritics
    with the query as written. A query typed without diacritics has no marked vector: against
    marked texts its cosines are noise (precision@1 of 0 on the pair set), and the characters
    decide there. Without a folded vector (a stored text's own vector looked up), only texts
    typed the same way are compared."""
    stored_unmarked = np.asarray(stored_unmarked, dtype=bool)
    if query.folded is None:
        low = plain_floor() if query.unmarked else floor()
        return rescaled(cosines[:, 0], low), stored_unmarked == query.unmarked
    # Both typed without diacritics: the folded texts' own scale. A marked query folded
    # against a stored text without diacritics: measured best on the marked scale (the pair
    # set's accent-stripped copies: ROC AUC 0.985 against 0.69 on the folded scale).
    folded_floor = plain_floor() if query.unmarked else floor()
    score = np.where(
        stored_unmarked, rescaled(cosines[:, 1], folded_floor), rescaled(cosines[:, 0], floor())
    )
    usable = stored_unmarked | (not query.unmarked)
    return score.astype(np.float32), np.asarray(usable, dtype=bool)


def combined(
    characters: np.ndarray | float,
    meanings: np.ndarray | float,
    usable: np.ndarray | bool = True,
) -> np.ndarray:
    """The better of the two where meaning can be trusted, else the characters."""
    chars = np.asarray(characters, dtype=np.float32)
    return np.asarray(np.where(usable, np.maximum(chars, meanings), chars), dtype=np.float32)
