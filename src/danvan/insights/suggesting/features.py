"""What a classifier reads of a matter's text (title and content): its syllables' uni- and
bigrams, and the character n-grams of its folded text.

- Bigrams of syllables stand for Vietnamese compound words ("quyền sử dụng đất" gives
  "quyền sử", "sử dụng", "dụng đất"): most words are one or two syllables. The word segmenter
  (`language.segment`) costs 2.3–2.8 ms of CPU a text (bench/insights_suggestions.py), which
  alone would hold suggestions under 500 texts a second; its words gained no accuracy here
  (same bench, `with_segmenter=True`: held-out macro-F1 within ±0.002), so intake does not
  pay for it.
- Folded character n-grams let a letter typed without diacritics meet the words it was trained
  on, and keep the formulas that say the kind ("đề nghị", "khiếu nại", "tố cáo").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from danvan.insights.language import segment
from danvan.lib.text import fold


def matter_text(title: str, content: str) -> str:
    """What is classified: a matter's title and content (classified by content, the title
    being the sender's own words on it)."""
    return f"{title}\n{content}"


# Module-level functions, not lambdas: the fitted pipeline is pickled into ModelRun.artifact.
def normalised(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def folded(text: str) -> str:
    return fold(text)


def segmented(text: str) -> str:
    return segment.analysed(text)


def pipeline(seed: int, *, with_segmenter: bool = False) -> Pipeline:
    words = TfidfVectorizer(
        preprocessor=segmented if with_segmenter else normalised,
        token_pattern=r"(?u)\S+" if with_segmenter else r"(?u)\b\w+\b",
        ngram_range=(1, 2),
        min_df=2,
        max_features=200_000,
        sublinear_tf=True,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        preprocessor=folded,
        ngram_range=(2, 4),
        min_df=2,
        max_features=200_000,
        sublinear_tf=True,
    )
    # Log loss: probabilities, shown as the suggestion's confidence. SGD: seconds on 50,000
    # matters where a batch solver takes minutes; its shuffling follows the run's seed.
    classifier = SGDClassifier(
        loss="log_loss",
        alpha=2e-5,
        max_iter=100,
        tol=1e-3,
        class_weight="balanced",
        random_state=seed,
    )
    return Pipeline(
        [("features", FeatureUnion([("words", words), ("chars", chars)])), ("classify", classifier)]
    )


def slim(model: Pipeline) -> Pipeline:
    """Drop what the vectorizers keep only for inspection (the terms cut by min_df and
    max_features): most of the artifact's size, no part in predicting."""
    union = model.named_steps["features"]
    for _name, vectorizer in union.transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            del vectorizer.stop_words_
    return model


def texts(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [matter_text(title, content) for title, content in pairs]
