"""`danvan refresh_satisfaction`: recompute the surveys' monthly figures (the satisfaction
index's and the answer counts of the results pages).

The worker refreshes the last two months every hour; run this with --since to rebuild the
whole history (after an upgrade that adds a kind of figure, say). Safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from danvan.lib.dates import today
from danvan.surveys.models import Response
from danvan.surveys.services import tallies
from danvan.surveys.services.figures import month_start, next_month, refresh_all


class Command(BaseCommand):
    help = "Recompute the monthly figures that the satisfaction index and results pages read."

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
            oldest = Response.objects.order_by("submitted_at").values_list(
                "submitted_at", flat=True
            )[:1]
            first = timezone.localdate(oldest[0]) if oldest else today()
        months, month = [], month_start(first)
        while month < month_start(today()):
            months.append(month)
            month = next_month(month)
        written = sum(
            refresh_all(month=m) for m in tqdm(months, desc="Tháng", unit=" tháng", disable=quiet)
        )
        # The month under way: its answer counts so far (the index reads it live).
        written += tallies.refresh_month(month=month_start(today()))
        self.stdout.write(f"{len(months)} tháng, {written} dòng số liệu / months, rows written.")
