"""Writes the monthly figures table (models/figures.py): a month's rows are recomputed from
the matters and replaced in one transaction, so a reader sees the old month or the new one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.lib.dates import today

from ..figure_selectors import add_months, aggregate_month, month_start
from ..models import Case, CaseMonthlyFigure, FigureRefresh

BATCH = 2000


@transaction.atomic
def refresh_month(*, month: dt.date) -> int:
    """Recompute one month everywhere. Returns the number of rows written."""
    month = month_start(month)
    rows = [
        CaseMonthlyFigure(
            month=month,
            province_id=province,
            organization_id=organization,
            dimension=dimension,
            value=value,
            **measures,
        )
        for (province, organization, dimension, value), measures in aggregate_month(
            Case.objects.all(), month
        ).items()
    ]
    CaseMonthlyFigure.objects.filter(month=month).delete()
    CaseMonthlyFigure.objects.bulk_create(rows, batch_size=BATCH)
    FigureRefresh.objects.update_or_create(month=month, defaults={"refreshed_at": timezone.now()})
    return len(rows)


def refresh_recent(*, on: dt.date | None = None, months: int = 2) -> int:
    """The last `months` months before the one under way (it is read live): matters closed,
    rated or reclassified late still land in them."""
    current = month_start(on or today())
    return sum(refresh_month(month=add_months(current, -n)) for n in range(1, months + 1))


def refresh_since(*, first: dt.date, on: dt.date | None = None) -> int:
    """Every month from `first` to the one before the month under way (the seed, the command)."""
    current = month_start(on or today())
    month, written = month_start(first), 0
    while month < current:
        written += refresh_month(month=month)
        month = add_months(month, 1)
    return written
