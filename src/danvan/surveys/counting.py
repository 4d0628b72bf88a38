"""How a survey's answers are counted, one way for the monthly counts (services.tallies)
and for the months read live (selectors.results), so the two never disagree: six grouped
reads, whatever the number of answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet, Sum

from danvan.lib.dates import day_start

from .models import Answer, Question, QuestionKind, Response, TallyKind


class Row(NamedTuple):
    version_id: int
    kind: str
    question_id: int | None
    choice_id: int | None
    row_id: int | None
    value: int | None
    n: int
    total: float


def count(
    answers: QuerySet[Answer],
    responses: QuerySet[Response],
    questions: Sequence[Question] | None = None,
) -> Iterator[Row]:
    """The counts of `answers` and `responses` by version: six grouped reads, whatever their
    number. Given the `questions` (one version's), a question's kind is matched by its id
    rather than by joining the questions, so that the database starts from the responses
    kept and walks to their answers instead of reading every answer of a kind."""

    def of(kind: str) -> Q:
        if questions is None:
            return Q(question__kind=kind)
        return Q(question_id__in=[q.pk for q in questions if q.kind == kind])

    for r in responses.values("version_id").annotate(n=Count("pk")).order_by():
        yield Row(r["version_id"], TallyKind.RESPONSES, None, None, None, None, r["n"], 0.0)
    # The response's version: the answers are always read joined to their responses.
    version = "response__version_id"
    for r in (
        answers.values(version, "question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    ):
        yield Row(r[version], TallyKind.ANSWERED, r["question_id"], None, None, None, r["n"], 0.0)
    for r in (
        answers.filter(choice__isnull=False)
        .exclude(of(QuestionKind.RANKING))
        .values(version, "question_id", "choice_id", "row_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield Row(
            r[version], TallyKind.CHOICE, r["question_id"], r["choice_id"], r["row_id"], None,
            r["n"], 0.0,
        )  # fmt: skip
    for r in (
        answers.filter(of(QuestionKind.RATING), number__isnull=False)
        .values(version, "question_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield Row(
            r[version], TallyKind.RATING, r["question_id"], None, None, int(r["number"]), r["n"],
            0.0,
        )  # fmt: skip
    for r in (
        answers.filter(of(QuestionKind.NUMBER), number__isnull=False)
        .values(version, "question_id")
        .annotate(n=Count("pk"), total=Sum("number"))
        .order_by()
    ):
        yield Row(
            r[version], TallyKind.NUMBER, r["question_id"], None, None, None, r["n"],
            float(r["total"] or 0),
        )  # fmt: skip
    for r in (
        answers.filter(of(QuestionKind.RANKING), number__isnull=False)
        .values(version, "question_id", "choice_id")
        .annotate(n=Count("pk"), total=Sum("number"))
        .order_by()
    ):
        yield Row(
            r[version], TallyKind.PLACE, r["question_id"], r["choice_id"], None, None, r["n"],
            float(r["total"] or 0),
        )  # fmt: skip


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A month's first moment and the next month's, in Asia/Ho_Chi_Minh."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return day_start(first), day_start(following)


def in_month(month: dt.date) -> Q:
    since, until = month_bounds(month)
    return Q(submitted_at__gte=since, submitted_at__lt=until)
