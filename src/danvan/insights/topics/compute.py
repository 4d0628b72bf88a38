"""What one chunk of texts goes through, with no Django: a Dask worker imports this module and
runs the same functions the web process runs in-process (`insights.batch`).

A chunk is shipped as arrays (the texts' words, ids, weeks and places), not read from the
database inside the worker: a cluster's workers need no database credentials or network path
to PostgreSQL, a test's uncommitted rows are visible to them, and the functions stay pure,
so in-process and on a cluster they give the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.decomposition import NMF, MiniBatchNMF
from sklearn.preprocessing import normalize

# Words of petitions and reports that say nothing of what they are about (the segmenter has
# already dropped function words). Places are left out too: where a text comes from is its
# own dimension (the counts per place), not a topic.
STOP_WORDS = frozenset(
    [
        "đề_nghị",
        "kiến_nghị",
        "phản_ánh",
        "đề_xuất",
        "xin",
        "yêu_cầu",
        "mong",
        "muốn",
        "cần",
        "rất",
        "nhiều",
        "ít",
        "việc",
        "vấn_đề",
        "hiện_nay",
        "hiện",
        "tình_trạng",
        "người_dân",
        "nhân_dân",
        "bà_con",
        "công_dân",
        "ông",
        "bà",
        "tôi",
        "chúng_tôi",
        "anh",
        "chị",
        "em",
        "gia_đình",
        "họ",
        "mình",
        "các",
        "những",
        "đã",
        "đang",
        "sẽ",
        "gì",
        "nào",
        "như",
        "thế",
        "về",
        "theo",
        "từ",
        "đến",
        "để",
        "nên",
        "cũng",
        "vẫn",
        "còn",
        "nữa",
        "lại",
        "ra",
        "vào",
        "lên",
        "hơn",
        "năm",
        "tháng",
        "ngày",
        "tuần",
        "xã",
        "phường",
        "thị_trấn",
        "tỉnh",
        "huyện",
        "thành_phố",
        "thôn",
        "ấp",
        "tổ",
        "khu_phố",
        "địa_phương",
        "địa_bàn",
        "trên",
        "dưới",
        "sau",
        "trước",
        "đây",
        "đó",
        "kia",
        "thì",
        "là",
        "và",
        "của",
        "có",
        "không",
        "được",
        "cho",
        "với",
        "trong",
        "tại",
        "một",
        "hai",
        "ba",
        "khi",
        "nhưng",
        "mà",
        "do",
        "vì",
        "nếu",
        "hoặc",
        "hay",
        "bị",
    ]
)

# The top words kept per topic, and those its coherence is measured on.
TOP_WORDS = 12
COHERENCE_WORDS = 10
# Quotable texts kept per topic and chunk as candidate representatives.
REPRESENTATIVES = 20
# Above this many texts the factorization runs in mini-batches (MiniBatchNMF); below it the
# full NMF, more exact on a small scope.
MINIBATCH_ABOVE = 50_000


@dataclass
class Chunk:
    """Texts as arrays: `weeks` are date ordinals (the week's Monday), places 0 when unknown."""

    ids: npt.NDArray[np.int64]
    words: list[str]
    weeks: npt.NDArray[np.int64]
    provinces: npt.NDArray[np.int64]
    units: npt.NDArray[np.int64]
    sensitive: npt.NDArray[np.bool_]
    # Neither sensitive nor a denunciation: may be offered as a representative text (and is
    # still shown only to whoever reads it, `access.readable_texts`).
    quotable: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.words)


@dataclass
class Vectorizer:
    vocabulary: list[str]
    idf: npt.NDArray[np.float32]
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {w: i for i, w in enumerate(self.vocabulary)}


@dataclass
class Fitted:
    """What places a text in a model's topics: stored pickled in `TopicModel.artifact`."""

    vectorizer: Vectorizer
    nmf: Any  # NMF or MiniBatchNMF
    topic_words: list[list[tuple[str, float]]]


@dataclass
class Assigned:
    """One chunk's result: each text's topic (-1: none of the words is in the vocabulary) and
    weight, the counts per (topic, week, province, unit), candidate representatives per topic,
    and the co-document counts of the topics' top words (for coherence)."""

    ids: npt.NDArray[np.int64]
    topics: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float32]
    count_keys: npt.NDArray[np.int64]  # rows (topic, week, province, unit)
    count_values: npt.NDArray[np.int64]
    representatives: dict[int, list[tuple[float, int]]]
    sensitive: int
    docs: int
    cooccurrence: npt.NDArray[np.float64] | None


def document_frequencies(chunk: Chunk) -> Counter[str]:
    """In how many of the chunk's texts each word appears."""
    df: Counter[str] = Counter()
    for text in chunk.words:
        df.update(set(text.split()))
    return df


def choose_vocabulary(
    df: Counter[str], docs: int, *, min_df: int, max_df: float, max_features: int
) -> Vectorizer:
    """Words in at least `min_df` texts and at most the share `max_df` of them, the stop-list
    out, the `max_features` most frequent kept (ties by the word: a run is reproducible)."""
    ceiling = max_df * docs
    kept = [
        (n, w)
        for w, n in df.items()
        if n >= min_df and n <= ceiling and w not in STOP_WORDS and not _number(w)
    ]
    kept.sort(key=lambda item: (-item[0], item[1]))
    vocabulary = sorted(w for _n, w in kept[:max_features])
    # scikit-learn's smooth idf: as if one more text held every word.
    idf = np.array([math.log((1 + docs) / (1 + df[w])) + 1.0 for w in vocabulary], dtype=np.float32)
    return Vectorizer(vocabulary=vocabulary, idf=idf)


def _number(word: str) -> bool:
    return not any(ch.isalpha() for ch in word)


def tfidf(chunk: Chunk, vectorizer: Vectorizer) -> sparse.csr_matrix:
    """The chunk's TF-IDF matrix, rows L2-normalized (an empty text: an empty row)."""
    index = vectorizer.index
    indptr = [0]
    indices: list[int] = []
    values: list[int] = []
    for text in chunk.words:
        counts: Counter[int] = Counter()
        for word in text.split():
            col = index.get(word)
            if col is not None:
                counts[col] += 1
        for col in sorted(counts):
            indices.append(col)
            values.append(counts[col])
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (
            np.asarray(values, dtype=np.float32),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(chunk.words), len(vectorizer.vocabulary)),
    )
    matrix = matrix.multiply(vectorizer.idf[np.newaxis, :]).tocsr()
    return normalize(matrix, norm="l2", copy=False)


def sample_rows(matrix: sparse.csr_matrix, seed: int, *, share: float) -> sparse.csr_matrix:
    """A seeded share of a chunk's rows: what the factorization is fitted on above
    `INSIGHTS_TOPICS_FIT_SAMPLE` texts (every text is still placed and counted)."""
    if share >= 1:
        return matrix
    keep = np.random.default_rng(seed).random(matrix.shape[0]) < share
    return matrix[keep]


def factorize(
    matrix: sparse.csr_matrix, *, topics: int, seed: int, max_iter: int = 200
) -> tuple[Any, float]:
    """The topics: NMF on the stacked TF-IDF (NNDSVDa start, deterministic for a seed).
    Returns the fitted factorization and its relative reconstruction error."""
    model: Any
    if matrix.shape[0] > MINIBATCH_ABOVE:
        model = MiniBatchNMF(
            n_components=topics,
            init="nndsvda",
            random_state=seed,
            batch_size=4096,
            max_iter=max_iter,
            max_no_improvement=5,
            tol=1e-4,
        )
    else:
        model = NMF(
            n_components=topics, init="nndsvda", random_state=seed, max_iter=max_iter, tol=1e-4
        )
    model.fit(matrix)
    norm = math.sqrt(float(matrix.multiply(matrix).sum())) or 1.0
    return model, float(model.reconstruction_err_) / norm


def top_words(
    nmf: Any, vocabulary: list[str], count: int = TOP_WORDS
) -> list[list[tuple[str, float]]]:
    result = []
    for row in nmf.components_:
        order = np.argsort(-row, kind="stable")[:count]
        total = float(row.sum()) or 1.0
        result.append(
            [(vocabulary[i], round(float(row[i]) / total, 5)) for i in order if row[i] > 0]
        )
    return result


def coherence_columns(fitted: Fitted) -> list[int]:
    """The vocabulary columns of every topic's top words (coherence is counted on them)."""
    cols = {
        fitted.vectorizer.index[w]
        for words in fitted.topic_words
        for w, _ in words[:COHERENCE_WORDS]
    }
    return sorted(cols)


def assign(
    matrix: sparse.csr_matrix,
    chunk: Chunk,
    fitted: Fitted,
    columns: list[int] | None = None,
) -> Assigned:
    """Each text's topic (the strongest component), the counts per topic, week and place,
    the chunk's best quotable texts per topic and, with `columns`, the top words' co-document
    counts."""
    weights_all = fitted.nmf.transform(matrix) if matrix.shape[0] else np.zeros((0, 1))
    topics = (
        np.argmax(weights_all, axis=1).astype(np.int64) if len(chunk) else np.zeros(0, np.int64)
    )
    weights = (
        weights_all[np.arange(len(topics)), topics].astype(np.float32)
        if len(chunk)
        else np.zeros(0, np.float32)
    )
    topics[weights <= 0] = -1
    placed = topics >= 0
    keys = np.stack(
        [topics[placed], chunk.weeks[placed], chunk.provinces[placed], chunk.units[placed]], axis=1
    )
    if len(keys):
        count_keys, count_values = np.unique(keys, axis=0, return_counts=True)
    else:
        count_keys, count_values = np.zeros((0, 4), np.int64), np.zeros(0, np.int64)
    representatives: dict[int, list[tuple[float, int]]] = {}
    candidates = placed & chunk.quotable
    for topic in np.unique(topics[candidates]):
        mask = candidates & (topics == topic)
        order = np.argsort(-weights[mask], kind="stable")[:REPRESENTATIVES]
        representatives[int(topic)] = [
            (float(weights[mask][i]), int(chunk.ids[mask][i])) for i in order
        ]
    cooccurrence = None
    if columns is not None:
        binary = (matrix[:, columns] > 0).astype(np.float64)
        cooccurrence = np.asarray((binary.T @ binary).todense())
    return Assigned(
        ids=chunk.ids[placed],
        topics=topics[placed],
        weights=weights[placed],
        count_keys=count_keys.astype(np.int64),
        count_values=count_values.astype(np.int64),
        representatives=representatives,
        sensitive=int((chunk.sensitive & placed).sum()),
        docs=len(chunk),
        cooccurrence=cooccurrence,
    )


def assign_texts(chunk: Chunk, fitted: Fitted) -> Assigned:
    """New texts: TF-IDF with the model's vocabulary, then `assign`."""
    return assign(tfidf(chunk, fitted.vectorizer), chunk, fitted)


def npmi(
    cooccurrence: npt.NDArray[np.float64], docs: int, fitted: Fitted, columns: list[int]
) -> list[float]:
    """Each topic's mean normalized pointwise mutual information of its top words' pairs,
    over the texts themselves (−1: never together, 0: independent, 1: always together)."""
    where = {col: i for i, col in enumerate(columns)}
    per_topic = []
    for words in fitted.topic_words:
        idx = [where[fitted.vectorizer.index[w]] for w, _ in words[:COHERENCE_WORDS]]
        scores = []
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                both = cooccurrence[idx[a], idx[b]] / docs
                pa, pb = cooccurrence[idx[a], idx[a]] / docs, cooccurrence[idx[b], idx[b]] / docs
                if both <= 0 or pa <= 0 or pb <= 0:
                    scores.append(-1.0)
                elif both >= 1:
                    scores.append(1.0)
                else:
                    scores.append(math.log(both / (pa * pb)) / -math.log(both))
        per_topic.append(round(float(np.mean(scores)), 4) if scores else 0.0)
    return per_topic
