"""Embed the texts that have no vector yet: `danvan insights_embed [--batch N] [--budget S]`.

Run every minute (the scheduler, or a task calling `services.embeddings.embed_new`): each run
embeds the newest texts first for at most the budget; what is left is matched by characters
until a later run reaches it, and the run says how many."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...services.embeddings import MAX_BATCH, embed_new


class Command(BaseCommand):
    help = "Embed the analysed texts that have no vector yet (newest first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=None, help=f"texts a batch (≤ {MAX_BATCH})"
        )
        parser.add_argument("--budget", type=float, default=None, help="seconds at most")
        parser.add_argument("--limit", type=int, default=None, help="texts at most")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] is not None and not 1 <= options["batch"] <= MAX_BATCH:
            raise CommandError(f"--batch must be between 1 and {MAX_BATCH}")
        if options["budget"] is not None and options["budget"] <= 0:
            raise CommandError("--budget must be positive")
        result = embed_new(size=options["batch"], budget=options["budget"], limit=options["limit"])
        self.stdout.write(
            f"{result.embedded} texts embedded in {result.batches} batches "
            f"({result.rate:.1f} texts/s, {result.seconds:.1f} s); {result.backlog} left"
        )
        if result.notice:
            self.stdout.write(self.style.WARNING(result.notice))
