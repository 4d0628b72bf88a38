"""`danvan recompute_deadlines`: give every open matter its plan of steps again.

Run once after upgrading to the deadline plan (issue 15), and after correcting a rule or a
swap day that open matters depend on. Safe to run again: it changes only what differs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from danvan.cases.services.deadlines import recompute_open_matters


class Command(BaseCommand):
    help = "Recompute the due dates of every open matter from the rules and the calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, quiet: bool, **options: Any) -> None:
        bar = tqdm(desc="Vụ việc", unit=" vụ việc", disable=quiet)
        n = recompute_open_matters(progress=bar.update)
        bar.close()
        self.stdout.write(f"{n} open matters recomputed.")
