"""`danvan refresh_figures`: recompute the dashboards' monthly figures of matters.

The worker refreshes the last two months every hour; run this after an import of old
matters, or with --since to rebuild the whole history. Safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from danvan.cases.figure_selectors import add_months, month_start
from danvan.cases.models import Case
from danvan.cases.services.figures import refresh_month
from danvan.lib.dates import today


class Command(BaseCommand):
    help = "Recompute the monthly figures of matters that the dashboards read."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            help="First month to recompute, as mm/yyyy (default: the month of the oldest matter).",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, since: str | None, quiet: bool, **options: Any) -> None:
        if since:
            try:
                first = dt.datetime.strptime(since, "%m/%Y").date()  # noqa: DTZ007 (a month, no time)
            except ValueError:
                raise CommandError(
                    f"“{since}” is not a month: write it as mm/yyyy, e.g. 06/2025."
                ) from None
        else:
            oldest = (
                Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
            )
            first = oldest.date() if oldest else today()
        current = month_start(today())
        months = []
        month = month_start(first)
        while month < current:
            months.append(month)
            month = add_months(month, 1)
        written = 0
        for month in tqdm(months, desc="Tháng", unit=" tháng", disable=quiet):
            written += refresh_month(month=month)
        self.stdout.write(f"{len(months)} months recomputed, {written} rows written.")
