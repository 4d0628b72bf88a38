"""Duplicate matters (đơn trùng): suggestions of matters that may be the same one, and groups.

A suggestion is a matter from the same person (equal blind indexes of the phone, e-mail or ID
number: nothing is decrypted), from the same place in the last months, or with similar text.
The work is bounded: a few indexed queries fetch at most a few hundred candidates, which are
then scored in Python (TF-IDF cosine over folded words and word pairs, diacritics ignored).

When the matters' harvested texts have vectors (`insights.similarity`: multilingual-e5-small
on the CPU), the similarity of two texts is also judged by meaning: the better of the
character score and the meaning score (`insights.similarity.combine`, as the evaluation on
the labelled pair set measured: ROC AUC 0.97 against 0.79 for characters alone), and the
matters nearest by meaning in the province are candidates too. Without vectors (SQLite,
fresh installs, texts not embedded yet) the characters alone decide, as before.

The score ranks them: the same sender weighs most, then the similarity of the texts, then the
same place — more the closer in time. A matter's page shows only the best few above
LIKELY_SCORE (`likely_duplicates`): the same place alone, however recent, is not enough, so a
ward's other matters are not all proposed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from danvan.accounts.models import User
from danvan.lib import crypto
from danvan.lib.text import fold
from danvan.org.models import AdminUnit

from . import access
from .models import Case, Petitioner
from .selectors import visible_cases

SAME_PERSON = "same_person"
SAME_PLACE = "same_place"
SIMILAR_TEXT = "similar_text"

PLACE_WINDOW = dt.timedelta(days=180)
TEXT_WINDOW = dt.timedelta(days=365)
# Candidates fetched per query; at most the sum of these are scored.
PERSON_CAP = 50
PLACE_CAP = 150
TEXT_CAP = 200
# Words of the query text used to prefilter in the database (the longest ones).
PREFILTER_WORDS = 3
# Cosine similarity from which two texts count as similar.
TEXT_THRESHOLD = 0.3
# Meaning score (0–1, `insights.similarity.combine`) from which two texts count as similar:
# the best-F1 threshold of the combined method on the pair set (0.52), rounded down.
MEANING_THRESHOLD = 0.5
# Matters fetched as the nearest by meaning.
MEANING_CAP = 100
WEIGHTS = {SAME_PERSON: 0.45, SAME_PLACE: 0.15, SIMILAR_TEXT: 0.4}
# The same place counts half as much at the edge of PLACE_WINDOW as on the same day.
PLACE_DECAY = 0.5
# What a matter's page proposes: above the same place alone (at most 0.15), reached by the
# same sender, by very similar text, or by similar text at the same place.
LIKELY_SCORE = 0.2
LIKELY_LIMIT = 5

MIN_WORD = 2
# Folded, so "và" and "va" are one word. Function words and the formulas of a petition.
_STOPWORDS = """
    va cua la cac nhung cho voi trong tai da duoc khong co nay de nghi mot thi ma khi den tu
    ra vao len se dang con cung nhu theo ve tren do vi neu hay hoac bi rat nhieu hon
    toi chung ong ba anh chi em xin kinh gui viec kien
"""
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Suggestion:
    case: Case
    reasons: tuple[str, ...]
    score: float


def words(text: str) -> list[str]:
    """Folded words of `text`, without very short words and function words."""
    return [w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD and w not in STOPWORDS]


def terms(text: str) -> list[str]:
    """The terms the text similarity counts: folded words and pairs of neighbouring words."""
    # Vietnamese words are mostly two syllables: pairs of syllables carry the meaning
    # ("duong ngap"), single ones give recall across paraphrases.
    ws = words(text)
    return ws + [f"{a} {b}" for a, b in pairwise(ws)]


def _cosines(query: list[str], docs: dict[int, list[str]]) -> dict[int, float]:
    """TF-IDF (sublinear tf, smoothed idf) cosine of `query` with each document."""
    n = len(docs) + 1
    df: Counter[str] = Counter(set(query))
    for terms in docs.values():
        df.update(set(terms))

    def vector(terms: Iterable[str]) -> dict[str, float]:
        tf = Counter(terms)
        vec = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}

    qv = vector(query)
    if not qv:
        return {}
    result = {}
    for pk, terms in docs.items():
        dv = vector(terms)
        result[pk] = sum(w * dv[t] for t, w in qv.items() if t in dv)
    return result


def _petitioner(case: Case) -> Petitioner | None:
    try:
        return case.petitioner
    except ObjectDoesNotExist:
        return None


def _person_indexes(
    case: Case | None, phone: str, email: str, id_number: str
) -> dict[str, set[str]]:
    indexes: dict[str, set[str]] = {"phone": set(), "email": set(), "id_number": set()}
    for kind, value in (("phone", phone), ("email", email), ("id_number", id_number)):
        if digest := crypto.blind_index(value or "", kind=kind):
            indexes[kind].add(digest)
    if case is not None and (p := _petitioner(case)) is not None and not p.anonymous:
        for kind in indexes:
            if digest := getattr(p, f"{kind}_index"):
                indexes[kind].add(digest)
    return indexes


def _same_person(candidate: Case, indexes: dict[str, set[str]]) -> bool:
    p = _petitioner(candidate)
    if p is None or p.anonymous:
        return False
    return any(getattr(p, f"{kind}_index") in values for kind, values in indexes.items() if values)


def similar_cases(
    *,
    case: Case | None = None,
    text: str = "",
    unit: AdminUnit | None = None,
    phone: str = "",
    email: str = "",
    id_number: str = "",
    user: User | None = None,
    limit: int = 10,
    min_score: float = 0.0,
) -> list[Suggestion]:
    """Matters that may be the same as `case` (an existing matter) or as the given details
    (a matter being entered), best first, scoring at least `min_score`. With `user`, only
    matters the user may see."""
    if case is not None:
        text = text or case.search_text or f"{case.title} {case.content} {case.address}"
        unit = unit or case.unit
        anchor = case.received_at
        province_id = unit.province_id if unit is not None else case.province_id
    else:
        anchor = timezone.now()
        province_id = unit.province_id if unit is not None else None

    # "The same sender" is identity: it is used only where the user may see who sent both
    # matters (access.may_see_petitioner), so that neither a suggestion nor a typed phone
    # number tells anyone else whose matters these are.
    def may_see_sender(c: Case) -> bool:
        return user is None or access.may_see_petitioner(user, c)

    anchor_identity = case if case is not None and may_see_sender(case) else None
    indexes = _person_indexes(anchor_identity, phone, email, id_number)
    query_terms = terms(text)

    base: QuerySet[Case] = visible_cases(user) if user is not None else Case.objects.all()
    if case is not None and case.pk is not None:
        base = base.exclude(pk=case.pk)
    base = base.select_related("petitioner", "unit", "organization").order_by("-received_at")

    found: dict[int, Case] = {}

    def collect(qs: Iterable[Case]) -> None:
        for c in qs:
            found.setdefault(c.pk, c)

    person_q = Q()
    for kind, values in indexes.items():
        if values:
            person_q |= Q(**{f"petitioner__{kind}_index__in": sorted(values)})
    if person_q:
        same = base.filter(person_q).filter(petitioner__anonymous=False)[:PERSON_CAP]
        collect(c for c in same if may_see_sender(c))

    if unit is not None:
        collect(
            base.filter(
                unit=unit,
                received_at__gte=anchor - PLACE_WINDOW,
                received_at__lte=anchor + PLACE_WINDOW,
            )[:PLACE_CAP]
        )

    # The longest words are the likeliest to be rare; matters containing more of them first.
    prefilter = sorted({w for w in words(text) if len(w) >= 3}, key=lambda w: (-len(w), w))
    prefilter = prefilter[:PREFILTER_WORDS]
    if prefilter:
        any_word = Q()
        for w in prefilter:
            any_word |= Q(search_text__contains=w)
        hits = sum(
            (
                SqlCase(
                    When(search_text__contains=w, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for w in prefilter
            ),
            Value(0, output_field=IntegerField()),
        )
        qs = base.filter(
            any_word,
            received_at__gte=anchor - TEXT_WINDOW,
            received_at__lte=anchor + TEXT_WINDOW,
        )
        if province_id is not None:
            qs = qs.filter(province_id=province_id)
        collect(qs.annotate(word_hits=hits).order_by("-word_hits", "-received_at")[:TEXT_CAP])

    meanings = (
        _meanings(case, base, province_id, anchor, found, collect)
        if case is not None and case.pk is not None
        else {}
    )
    if not found:
        return []
    cosines = (
        _cosines(query_terms, {pk: terms(c.search_text) for pk, c in found.items()})
        if query_terms
        else {}
    )
    suggestions = []
    for pk, c in found.items():
        reasons = []
        if any(indexes.values()) and may_see_sender(c) and _same_person(c, indexes):
            reasons.append(SAME_PERSON)
        if (
            unit is not None
            and c.unit_id == unit.pk
            and abs(c.received_at - anchor) <= PLACE_WINDOW
        ):
            reasons.append(SAME_PLACE)
        similarity = cosines.get(pk, 0.0)
        meaning = meanings.get(pk)
        if similarity >= TEXT_THRESHOLD or (meaning is not None and meaning >= MEANING_THRESHOLD):
            reasons.append(SIMILAR_TEXT)
        if meaning is not None:
            similarity = max(similarity, meaning)
        if not reasons:
            continue
        score = WEIGHTS[SAME_PERSON] if SAME_PERSON in reasons else 0.0
        if SAME_PLACE in reasons:
            closeness = 1 - abs(c.received_at - anchor) / PLACE_WINDOW
            score += WEIGHTS[SAME_PLACE] * (1 - PLACE_DECAY * (1 - closeness))
        score += WEIGHTS[SIMILAR_TEXT] * min(similarity, 1.0)
        if score < min_score:
            continue
        suggestions.append(Suggestion(case=c, reasons=tuple(reasons), score=round(score, 4)))
    suggestions.sort(key=lambda s: (-s.score, -s.case.received_at.timestamp(), -s.case.pk))
    return suggestions[: max(limit, 0)]


def _meanings(
    case: Case,
    base: QuerySet[Case],
    province_id: int | None,
    anchor: dt.datetime,
    found: dict[int, Case],
    collect: Callable[[Iterable[Case]], None],
) -> dict[int, float]:
    """Meaning scores (0–1) of matters against `case`, from the vectors of their harvested
    texts: the matters nearest by meaning in the province join `found`. Empty when `case`
    has no vector (then the characters alone decide). The stored vector is the query: no
    model runs on a page view, so only texts typed the same way (with or without
    diacritics) are compared by meaning."""
    from danvan.insights.models import Text, TextSource
    from danvan.insights.similarity import combine, embedding, store

    own = (
        Text.objects.filter(source=TextSource.CASE, source_id=case.pk, vector__isnull=False)
        .values_list("vector__vector", "content", "province_id")
        .first()
    )
    if own is None:
        return {}
    vector, content, text_province = own
    query = combine.Query(
        vector=embedding.from_bytes(vector), folded=None, unmarked=combine.unmarked(content)
    )
    since = (anchor - TEXT_WINDOW).date()
    until = (anchor + TEXT_WINDOW).date()
    hits = store.search(
        query,
        provinces=[province_id if province_id is not None else text_province],
        since=since,
        until=until,
        limit=MEANING_CAP + 1,
    )
    by_text = {h.text_id: h.meaning for h in hits}
    case_of = dict(
        Text.objects.filter(pk__in=list(by_text), source=TextSource.CASE).values_list(
            "pk", "source_id"
        )
    )
    scores = {case_of[t]: m for t, m in by_text.items() if t in case_of and case_of[t] != case.pk}
    missing = [pk for pk in scores if pk not in found]
    if missing:
        collect(
            base.filter(
                pk__in=missing,
                received_at__gte=anchor - TEXT_WINDOW,
                received_at__lte=anchor + TEXT_WINDOW,
            )
        )
    return scores


def likely_duplicates(*, case: Case, user: User | None = None) -> list[Suggestion]:
    """What a matter's page proposes to mark as duplicates: the best LIKELY_LIMIT matters
    scoring at least LIKELY_SCORE, best first; none for a matter that is itself a duplicate."""
    if case.duplicate_of_id is not None:
        return []
    return similar_cases(case=case, user=user, limit=LIKELY_LIMIT, min_score=LIKELY_SCORE)


@dataclass(frozen=True)
class DuplicateGroup:
    primary: Case
    duplicates: tuple[Case, ...]

    @property
    def cases(self) -> tuple[Case, ...]:
        return (self.primary, *self.duplicates)


def primary_of(case: Case) -> Case:
    """The matter `case` is a duplicate of, or `case` itself. Groups are one level deep; the
    loop only guards against rows written by hand."""
    seen = {case.pk}
    while case.duplicate_of_id is not None and case.duplicate_of_id not in seen:
        assert case.duplicate_of is not None
        case = case.duplicate_of
        seen.add(case.pk)
    return case


def group_of(case: Case, *, user: User | None = None) -> DuplicateGroup:
    """The primary matter of `case`'s group and all its duplicates (oldest first). With
    `user`, only the duplicates the user may see."""
    primary = primary_of(case)
    qs: QuerySet[Case] = visible_cases(user) if user is not None else Case.objects.all()
    duplicates = (
        qs.filter(duplicate_of=primary)
        .exclude(pk=primary.pk)
        .select_related("unit", "organization")
        .order_by("received_at", "pk")
    )
    return DuplicateGroup(primary=primary, duplicates=tuple(duplicates))


__all__ = [
    "SAME_PERSON",
    "SAME_PLACE",
    "SIMILAR_TEXT",
    "DuplicateGroup",
    "Suggestion",
    "group_of",
    "likely_duplicates",
    "primary_of",
    "similar_cases",
    "words",
]
