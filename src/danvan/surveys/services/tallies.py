"""Writes a month's answer counts (models.tallies.AnswerTally): the month's rows are
recomputed by `counting.count` and replaced in one transaction, so a reader sees the old
counts or the new ones."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..counting import count, month_bounds
from ..models import Answer, AnswerTally, AnswerTallyRefresh, Response

BATCH = 2000


# Answers are stamped when their submission starts and are visible once it commits: the
# month under way is counted only up to this long before the refresh, so that a submission
# still committing is read live rather than missed.
MARGIN = dt.timedelta(minutes=5)


@transaction.atomic
def refresh_month(*, month: dt.date, now: dt.datetime | None = None) -> int:
    """Recount one month of every survey (the month under way up to MARGIN before now).
    Returns the number of rows written."""
    month = month.replace(day=1)
    now = now or timezone.now()
    since, following = month_bounds(month)
    covers = min(following, now - MARGIN)
    if covers <= since:
        return 0
    kept = {"submitted_at__gte": since, "submitted_at__lt": covers}
    responses = Response.objects.filter(**kept)
    answers = Answer.objects.filter(**{f"response__{k}": v for k, v in kept.items()})
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
        month=month,
        defaults={"refreshed_at": now, "covers_until": None if covers == following else covers},
    )
    return len(made)
