"""Writes a month's answer counts (models.tallies.AnswerTally): the month's rows are
recomputed by `counting.count` and replaced in one transaction, so a reader sees the old
counts or the new ones."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..counting import count, in_month, month_bounds
from ..models import Answer, AnswerTally, AnswerTallyRefresh, Response

BATCH = 2000


@transaction.atomic
def refresh_month(*, month: dt.date) -> int:
    """Recount one month of every survey. Returns the number of rows written."""
    month = month.replace(day=1)
    since, until = month_bounds(month)
    responses = Response.objects.filter(in_month(month))
    answers = Answer.objects.filter(
        response__submitted_at__gte=since, response__submitted_at__lt=until
    )
    made = [
        AnswerTally(
            version_id=r.version_id,
            month=month,
            kind=r.kind,
            question_id=r.question_id,
            choice_id=r.choice_id,
            row_id=r.row_id,
            value=r.value,
            n=r.n,
            total=r.total,
        )
        for r in count(answers, responses)
    ]
    AnswerTally.objects.filter(month=month).delete()
    AnswerTally.objects.bulk_create(made, batch_size=BATCH)
    AnswerTallyRefresh.objects.update_or_create(
        month=month, defaults={"refreshed_at": timezone.now()}
    )
    return len(made)
