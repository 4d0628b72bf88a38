"""`danvan purge_personal_data`: erase petitioners' details past the retention period.

Run it daily (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from danvan.cases.services.retention import purge_personal_data


class Command(BaseCommand):
    help = "Erase the personal data of matters closed longer ago than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        n = purge_personal_data(dry_run=dry_run)
        days = settings.CASE_PERSONAL_DATA_RETENTION_DAYS
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(f"{n} petitioners' details {verb} (retention {days} days after closing).")
