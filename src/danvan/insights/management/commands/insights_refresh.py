"""`danvan insights_refresh`: the hourly analysis, now (services.pipeline): new texts read,
embedded, placed in topics, the hotspot scan and the week's forecasts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.insights.services.pipeline import analyse_new


class Command(BaseCommand):
    help = "Analyse the texts that came in since the last run (what the worker does hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Analysing new texts: harvest, embeddings, topics, hotspots, forecasts…")
        result = analyse_new()
        for step, value in result.done.items():
            self.stdout.write(f"  {step}: {value}")
        for step in result.failed:
            self.stderr.write(f"  {step}: failed (see the log); run the command again later")
        if result.failed:
            raise SystemExit(1)
