"""Labels kept across runs: a new run's topic inherits the label officers gave the previous
run's topic whose top words it shares most — above `INSIGHTS_TOPIC_LABEL_OVERLAP` (Jaccard of
the top words, 0.3), each old label given once, the closest pairs first."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from ..models import Topic

WORDS = 10


def threshold() -> float:
    return float(getattr(settings, "INSIGHTS_TOPIC_LABEL_OVERLAP", 0.3))


def _words(topic: Topic) -> set[str]:
    return {str(w[0]) for w in topic.words[:WORDS]}


def overlap(a: Topic, b: Topic) -> float:
    x, y = _words(a), _words(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def carry_over(previous: Sequence[Topic], new: Sequence[Topic]) -> list[Topic]:
    """Give the new topics the labels of their closest labelled previous topics; returns the
    topics that got one (not saved)."""
    labelled = [t for t in previous if t.label]
    pairs = sorted(
        (
            (overlap(old, topic), old.number, topic.number, old, topic)
            for old in labelled
            for topic in new
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    changed = []
    limit = threshold()
    for score, _o, _n, old, topic in pairs:
        if score < limit:
            break
        if old.pk in used_old or topic.number in used_new:
            continue
        used_old.add(old.pk)
        used_new.add(topic.number)
        topic.label, topic.label_by_id, topic.label_at = old.label, old.label_by_id, old.label_at
        changed.append(topic)
    return changed
