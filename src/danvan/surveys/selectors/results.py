"""A survey's results while it is open: per question, the count of each choice (per matrix
row), a rating's distribution and mean, a number's mean, the latest words, over the
responses a filter keeps (the body they are about, a period). A fixed number of queries
whatever the number of answers: the counting is the database's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from danvan.org.models import Organization

from ..grouping import Group, groups
from ..models import (
    TEXT_KINDS,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyVersion,
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


def filtered(
    survey: Survey,
    *,
    version: SurveyVersion | None = None,
    body: Organization | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    if version is not None:
        responses = responses.filter(version=version)
    if body is not None:
        responses = responses.filter(body=body)
    if since is not None:
        responses = responses.filter(submitted_at__gte=since)
    if until is not None:
        responses = responses.filter(submitted_at__lt=until)
    return responses


def results(
    survey: Survey,
    *,
    version: SurveyVersion | None = None,
    body: Organization | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Results:
    """The results of one version (the latest unless given): eleven queries."""
    version = version or survey.versions.order_by("-number").first()
    assert version is not None
    questions = list(version.questions.prefetch_related("choices", "rows").order_by("position"))
    by_pk = {q.pk: QuestionResult(q) for q in questions}
    responses = filtered(survey, version=version, body=body, since=since, until=until)
    answers = Answer.objects.filter(question__version=version)
    if body is not None or since is not None or until is not None:
        answers = answers.filter(response__in=responses.values("pk"))
    for answered in answers.values("question_id").annotate(n=Count("response_id", distinct=True)):
        by_pk[answered["question_id"]].answered = answered["n"]
    for chosen in (
        answers.filter(choice__isnull=False)
        .exclude(question__kind=QuestionKind.RANKING)
        .values("question_id", "choice_id", "row_id")
        .annotate(n=Count("pk"))
    ):
        by_pk[chosen["question_id"]].counts[(chosen["choice_id"], chosen["row_id"])] = chosen["n"]
    numeric = answers.filter(question__kind__in=[QuestionKind.RATING, QuestionKind.NUMBER])
    for averaged in numeric.values("question_id").annotate(mean=Avg("number")):
        by_pk[averaged["question_id"]].mean = averaged["mean"]
    for rated in (
        answers.filter(question__kind=QuestionKind.RATING)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
    ):
        if rated["number"] is not None:
            by_pk[rated["question_id"]].distribution[int(rated["number"])] = rated["n"]
    for ranked in (
        answers.filter(question__kind=QuestionKind.RANKING)
        .values("question_id", "choice_id")
        .annotate(mean=Avg("number"))
    ):
        by_pk[ranked["question_id"]].mean_place[ranked["choice_id"]] = ranked["mean"]
    latest = (
        answers.filter(Q(question__kind__in=list(TEXT_KINDS)) | ~Q(text=""))
        .annotate(
            place=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").desc())
        )
        .filter(place__lte=GROUPED_WORDS)
        .values_list("question_id", "text")
    )
    texts: dict[int, list[str]] = {}
    for question_id, text in latest:
        if text:
            texts.setdefault(question_id, []).append(text)
    for question_id, found_texts in texts.items():
        result = by_pk[question_id]
        result.words = found_texts[:LATEST_WORDS]
        if result.question.kind in TEXT_KINDS and len(found_texts) > 1:
            result.groups = groups(found_texts)
            result.grouped_from = len(found_texts)
    return Results(
        survey=survey,
        version=version,
        responses=responses.count(),
        questions=[by_pk[q.pk] for q in questions],
    )
