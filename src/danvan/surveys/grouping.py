"""Free-text answers grouped by similar wording, so that an officer reads "Cần thêm ghế ngồi
chờ — 37 ý kiến" instead of 37 lines. Each answer is reduced to its folded words and word
pairs (diacritics and the commonest function words set aside); an answer joins the first
group whose first answer shares at least two of them and 60% of the shorter one's, most
frequent wordings first — so "Cần thêm ghế ngồi chờ" and "Nên có thêm ghế ngồi chờ vào
buổi sáng" go together.

Deliberately simple (decision 0024): it runs on the few hundred latest answers of a question
while the page is drawn, needs no model and no new dependency, and its groups can be
explained to the person reading them. Clustering by meaning (sentence embeddings) belongs to
the insights module."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from danvan.lib.text import fold

THRESHOLD = 0.6
_WORD = re.compile(r"[a-z0-9]+")
# Folded function words that say nothing about what is asked for.
_STOP = frozenset(
    {
        # Not "cho": folded, "chờ" (wait) is "cho" too.
        "va",
        "la",
        "cua",
        "co",
        "cac",
        "nhung",
        "duoc",
        "de",
        "thi",
        "voi",
        "trong",
        "mot",
        "nen",
        "can",
        "rat",
        "hon",
        "da",
        "dang",
        "se",
        "toi",
        "chung",
        "ta",
        "minh",
        "ong",
        "ba",
        "anh",
        "chi",
        "em",
        "khong",
        "cung",
        "nhu",
        "con",
        "ve",
        "tai",
        "theo",
    }
)


@dataclass
class Group:
    label: str  # the group's commonest wording
    count: int = 0
    examples: list[str] = field(default_factory=list)


def _features(text: str) -> frozenset[str]:
    words = [w for w in _WORD.findall(fold(text)) if w not in _STOP]
    return frozenset(words) | frozenset(f"{a} {b}" for a, b in pairwise(words))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    shared = len(a & b)
    return shared >= 2 and shared / min(len(a), len(b)) >= THRESHOLD


def groups(texts: list[str], *, examples: int = 3) -> list[Group]:
    """The texts' groups, largest first; each with up to `examples` other wordings."""
    wordings = Counter(" ".join(t.split()) for t in texts if t.strip())
    found: list[tuple[frozenset[str], Group]] = []
    for wording, count in wordings.most_common():
        features = _features(wording)
        home = next((g for f, g in found if _similar(features, f)), None)
        if home is None:
            home = Group(label=wording)
            found.append((features, home))
        elif len(home.examples) < examples:
            home.examples.append(wording)
        home.count += count
    return sorted((g for _f, g in found), key=lambda g: (-g.count, g.label))
