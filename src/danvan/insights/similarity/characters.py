"""The character method of the cases app (`cases.duplicates`) over lists of texts: TF-IDF
(sublinear tf, smoothed idf) over folded words and pairs of neighbouring words, cosine.
Diacritics are ignored, so a copy typed without marks scores as the original."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from danvan.cases.duplicates import terms


def vectorizer() -> TfidfVectorizer:
    # The same weighting as cases.duplicates._cosines: (1 + log tf) · (log((1+n)/(1+df)) + 1).
    return TfidfVectorizer(analyzer=terms, sublinear_tf=True, smooth_idf=True, norm="l2")


def similarity_matrix(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
    """Cosine of each query with each document, the idf counted over both lists."""
    model = vectorizer().fit([*queries, *documents])
    q = model.transform(queries)
    d = model.transform(documents)
    return np.asarray((q @ d.T).toarray(), dtype=np.float32)


def pair_scores(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine of left[i] with right[i], the idf counted over all the texts."""
    model = vectorizer().fit([*left, *right])
    a = model.transform(left)
    b = model.transform(right)
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float32).ravel()
