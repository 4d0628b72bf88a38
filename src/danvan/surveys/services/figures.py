"""Writes the surveys' monthly figures: the satisfaction index's (models.scores.SatisfactionMonth)
and the answer counts the results page reads (services.tallies). A month's rows are
recomputed and replaced in one transaction, so a reader sees the old month or the new one.
The worker refreshes the last two months every hour; `danvan refresh_satisfaction` and the
seeds call it too."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from danvan.lib.dates import today

from ..models import ResponseScore, SatisfactionMonth, SatisfactionRefresh
from . import tallies

BATCH = 2000


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@transaction.atomic
def refresh_month(*, month: dt.date) -> int:
    """Recompute one month everywhere. Returns the number of rows written."""
    month = month_start(month)
    rows = (
        ResponseScore.objects.filter(day__gte=month, day__lt=next_month(month))
        .values("province_id", "body_id", "criterion")
        .annotate(
            n=Count("*"),
            total=Sum("score"),
            squares=Sum(Cast(F("score") * F("score"), FloatField())),
        )
        .order_by()
    )
    made = [
        SatisfactionMonth(
            month=month,
            province_id=r["province_id"],
            body_id=r["body_id"],
            criterion=r["criterion"],
            n=r["n"],
            total=float(r["total"] or 0),
            squares=float(r["squares"] or 0),
        )
        for r in rows
    ]
    SatisfactionMonth.objects.filter(month=month).delete()
    SatisfactionMonth.objects.bulk_create(made, batch_size=BATCH)
    SatisfactionRefresh.objects.update_or_create(
        month=month, defaults={"refreshed_at": timezone.now()}
    )
    return len(made)


def refresh_all(*, month: dt.date) -> int:
    """The index's figures and the answer counts of one month; rows written."""
    return refresh_month(month=month) + tallies.refresh_month(month=month)


def refresh_recent(*, on: dt.date | None = None, months: int = 2) -> int:
    """The `months` months before the one under way, and the answer counts of the month under
    way so far (the index reads that month live from the scores)."""
    current = month_start(on or today())
    written, month = tallies.refresh_month(month=current), current
    for _ in range(months):
        month = month_start(month - dt.timedelta(days=1))
        written += refresh_all(month=month)
    return written


def refresh_since(*, first: dt.date, on: dt.date | None = None) -> int:
    """Every month from `first` to the one before the month under way, and the answer counts
    of the month under way so far."""
    current = month_start(on or today())
    month, written = month_start(first), 0
    while month < current:
        written += refresh_all(month=month)
        month = next_month(month)
    return written + tallies.refresh_month(month=current)
