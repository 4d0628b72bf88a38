"""Scan the nation for hotspots: `danvan insights_scan [--week YYYY-MM-DD] [--weeks N]`.

Without --week, the current week (its count grows as the week fills: running the scan again,
for instance hourly from the scheduler, updates the same hotspots and alerts only the
leaders not yet alerted). --weeks N also scans the N−1 weeks before (catching up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.lib.dates import today, week_start

from ...services.hotspots import scan


class Command(BaseCommand):
    help = "Scan the nation's topics, communes and bodies for hotspots (điểm nóng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="a day of the week to scan (YYYY-MM-DD)")
        parser.add_argument("--weeks", type=int, default=1, help="how many weeks, back from it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["week"]) if options["week"] else today()
        except ValueError as error:
            raise CommandError(f"--week: {error}") from error
        if options["weeks"] < 1:
            raise CommandError("--weeks must be at least 1")
        last = week_start(day)
        for back in range(options["weeks"] - 1, -1, -1):
            result = scan(week=last - dt.timedelta(weeks=back))
            self.stdout.write(
                f"{result.week:%d/%m/%Y}: {result.tested} series tested, "
                f"{len(result.raised)} hotspots ({result.created} new, {result.updated} updated), "
                f"{result.alerted} alerts, {result.seconds:.1f} s"
            )
