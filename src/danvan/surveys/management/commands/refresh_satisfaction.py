"""`danvan refresh_satisfaction`: recompute the satisfaction index's monthly figures.

The worker refreshes the last two months every hour; run this after paper forms of old months
were typed in, or with --since to rebuild the whole history. Safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from danvan.lib.dates import today
from danvan.surveys.models import ResponseScore
from danvan.surveys.services.figures import month_start, next_month, refresh_month


class Command(BaseCommand):
    help = "Recompute the monthly figures that the satisfaction index reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", help="First month, as mm/yyyy (default: the month of the oldest answer)."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, since: str | None, quiet: bool, **options: Any) -> None:
        if since:
            try:
                first = dt.datetime.strptime(since, "%m/%Y").date()  # noqa: DTZ007 (a month)
            except ValueError:
                raise CommandError(
                    f"“{since}” is not a month: write it as mm/yyyy, e.g. 06/2025."
                ) from None
        else:
            oldest = ResponseScore.objects.order_by("day").values_list("day", flat=True).first()
            first = oldest or today()
        months, month = [], month_start(first)
        while month < month_start(today()):
            months.append(month)
            month = next_month(month)
        written = sum(
            refresh_month(month=m) for m in tqdm(months, desc="Tháng", unit=" tháng", disable=quiet)
        )
        self.stdout.write(f"{len(months)} tháng, {written} dòng số liệu / months, rows written.")
