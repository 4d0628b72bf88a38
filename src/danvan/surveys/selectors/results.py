"""A survey's results while it is open: per question, the count of each choice (per matrix
row), a rating's distribution and mean, a number's mean, the latest words, over the
responses a filter keeps (the body they are about, a period). The number of queries does not
grow with the answers: past months come from the monthly counts (models.tallies), the rest is
counted by the database (decision 0024)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from danvan.org.models import Organization

from .. import counting
from ..counting import month_bounds
from ..grouping import Group, groups
from ..models import (
    TEXT_KINDS,
    Answer,
    AnswerTally,
    AnswerTallyRefresh,
    Question,
    Response,
    Survey,
    SurveyVersion,
    TallyKind,
)
from ..satisfaction import satisfied_from

LATEST_WORDS = 20  # shown as they came
GROUPED_WORDS = 500  # grouped by similar wording (grouping.py)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    # (choice id, row id or None) → responses that chose it
    counts: dict[tuple[int, int | None], int] = field(default_factory=dict)
    # a rating: value → responses; a ranking: choice id → mean place
    distribution: dict[int, int] = field(default_factory=dict)
    mean: Decimal | None = None
    mean_place: dict[int, Decimal] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    grouped_from: int = 0  # how many of the latest answers the groups were made of

    @property
    def rated(self) -> int:
        return sum(self.distribution.values())

    @property
    def satisfied(self) -> int:
        """A rating's answers above the middle of its scale (satisfaction.satisfied_from):
        SIPAS counts "hài lòng" and "rất hài lòng" together."""
        lowest = satisfied_from(self.question.scale_max)
        return sum(n for rating, n in self.distribution.items() if rating >= lowest)

    @property
    def satisfied_share(self) -> float:
        """`satisfied` as a percentage of the ratings, one decimal (0 with none)."""
        return round(100 * self.satisfied / self.rated, 1) if self.rated else 0.0


@dataclass
class Results:
    survey: Survey
    version: SurveyVersion
    responses: int
    questions: list[QuestionResult]


def _kept(
    prefix: str,
    survey: Survey,
    version: SurveyVersion | None,
    body: Organization | None,
    spans: list[Span],
) -> Q:
    """The responses a filter keeps, as conditions on `prefix` (the answers read them through
    their response, so the database walks from the few responses to their answers)."""
    q = Q(**{f"{prefix}survey": survey})
    if version is not None:
        q &= Q(**{f"{prefix}version": version})
    if body is not None:
        q &= Q(**{f"{prefix}body": body})
    within: Q | None = None
    for since, until in spans:
        if since is None and until is None:
            return q  # all time
        span = Q()
        if since is not None:
            span &= Q(**{f"{prefix}submitted_at__gte": since})
        if until is not None:
            span &= Q(**{f"{prefix}submitted_at__lt": until})
        within = span if within is None else within | span
    return q & (within if within is not None else Q(pk__in=[]))


def filtered(
    survey: Survey,
    *,
    version: SurveyVersion | None = None,
    body: Organization | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Response]:
    return Response.objects.filter(_kept("", survey, version, body, [(since, until)]))


Span = tuple[dt.datetime | None, dt.datetime | None]


def _counted(
    body: Organization | None, since: dt.datetime | None, until: dt.datetime | None
) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """The months read from the monthly counts, with the moments their counts span: counted
    (the month under way up to its last refresh), the span wholly inside the period. A page
    about one body reads its answers (the counts are not kept per body;
    `response_body_idx` finds them)."""
    if body is not None:
        return []
    counted = []
    for month, covers in AnswerTallyRefresh.objects.values_list("month", "covers_until"):
        first, following = month_bounds(month)
        end = covers or following
        if (since is None or first >= since) and (until is None or end <= until):
            counted.append((month, first, end))
    return sorted(counted)


def _live_spans(
    counted: list[tuple[dt.date, dt.datetime, dt.datetime]],
    since: dt.datetime | None,
    until: dt.datetime | None,
) -> list[Span]:
    """The parts of [since, until) outside what the counts span."""
    spans: list[Span] = []
    start = since
    for _month, first, end in counted:
        if start is None or start < first:
            spans.append((start, first))
        start = end
    spans.append((start, until))
    return [(a, b) for a, b in spans if a is None or b is None or a < b]


def _mean(total: float, n: int) -> Decimal | None:
    return Decimal(repr(total)) / n if n else None


class _Sums:
    """Adds up counted rows, from the monthly counts and live alike."""

    def __init__(self, by_pk: dict[int, QuestionResult]) -> None:
        self.by_pk = by_pk
        self.responses = 0
        self.numbers: dict[int, list[float]] = {}  # question → [sum, n]
        self.places: dict[tuple[int, int], list[float]] = {}  # (question, choice) → [sum, n]

    def add(self, row: counting.Row) -> None:
        if row.kind == TallyKind.RESPONSES:
            self.responses += row.n
            return
        result = self.by_pk.get(row.question_id or 0)
        if result is None:
            return
        if row.kind == TallyKind.ANSWERED:
            result.answered += row.n
        elif row.kind == TallyKind.CHOICE and row.choice_id is not None:
            key = (row.choice_id, row.row_id)
            result.counts[key] = result.counts.get(key, 0) + row.n
        elif row.kind == TallyKind.RATING and row.value is not None:
            result.distribution[row.value] = result.distribution.get(row.value, 0) + row.n
            self._sum(self.numbers, result.question.pk, row.value * row.n, row.n)
        elif row.kind == TallyKind.NUMBER:
            self._sum(self.numbers, result.question.pk, row.total, row.n)
        elif row.kind == TallyKind.PLACE and row.choice_id is not None:
            self._sum(self.places, (result.question.pk, row.choice_id), row.total, row.n)

    @staticmethod
    def _sum(into: dict[Any, list[float]], key: object, total: float, n: int) -> None:
        sums = into.setdefault(key, [0.0, 0])
        sums[0] += total
        sums[1] += n

    def finish(self) -> None:
        for question_id, (total, n) in self.numbers.items():
            self.by_pk[question_id].mean = _mean(total, int(n))
        for (question_id, choice_id), (total, n) in self.places.items():
            place = _mean(total, int(n))
            if place is not None:
                self.by_pk[question_id].mean_place[choice_id] = place


def _words(result: QuestionResult, responses: QuerySet[Response] | None) -> None:
    """The latest words of one question, newest first (`answer_words_idx`)."""
    answers = Answer.objects.filter(question=result.question).exclude(text="")
    if responses is not None:
        answers = answers.filter(response__in=responses.values("pk"))
    found = list(answers.order_by("-pk").values_list("text", flat=True)[:GROUPED_WORDS])
    result.words = found[:LATEST_WORDS]
    if result.question.kind in TEXT_KINDS and len(found) > 1:
        result.groups = groups(found)
        result.grouped_from = len(found)


def _takes_words(question: Question) -> bool:
    return question.kind in TEXT_KINDS or any(c.free_text for c in question.choices.all())


def results(
    survey: Survey,
    *,
    version: SurveyVersion | None = None,
    body: Organization | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Results:
    """The results of one version (the latest unless given). Months already past and counted
    are read from the monthly counts (one read); the rest, live, by the same counting
    (counting.count: six grouped reads over those answers only); then one read of
    the latest words per question that takes words."""
    version = version or survey.versions.order_by("-number").first()
    assert version is not None
    questions = list(version.questions.prefetch_related("choices", "rows").order_by("position"))
    by_pk = {q.pk: QuestionResult(q) for q in questions}
    sums = _Sums(by_pk)
    counted = _counted(body, since, until)
    if counted:
        months = [month for month, _first, _end in counted]
        for values in AnswerTally.objects.filter(version=version, month__in=months).values_list(
            "version_id", "kind", "question_id", "choice_id", "row_id", "value", "n", "total"
        ):
            sums.add(counting.Row(*values))
    spans = _live_spans(counted, since, until)
    live = Response.objects.filter(_kept("", survey, version, body, spans))
    answers = Answer.objects.filter(_kept("response__", survey, version, body, spans))
    for row in counting.count(answers, live, questions):
        sums.add(row)
    sums.finish()
    narrowed = body is not None or since is not None or until is not None
    chosen = filtered(survey, version=version, body=body, since=since, until=until)
    for question in questions:
        if _takes_words(question):
            _words(by_pk[question.pk], chosen if narrowed else None)
    return Results(
        survey=survey,
        version=version,
        responses=sums.responses,
        questions=[by_pk[q.pk] for q in questions],
    )
