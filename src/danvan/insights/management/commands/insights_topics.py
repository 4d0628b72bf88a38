"""Topic runs from the command line (the national batch, issue 20 points 5 and 10).

    danvan insights_topics train [--scope 01] --from 2026-01-01 --to 2026-12-31 [--topics 20]
                                 [--seed 0] [--dask tcp://host:8786]
    danvan insights_topics assign [--model ID | --scope 01] [--dask …]   # new texts only
    danvan insights_topics count [--model ID | --scope 01]              # recount weekly counts

Runs as the platform itself (no person: nothing to check or audit as a person); progress on
stderr, the outcome on stdout. Without --dask, `INSIGHTS_DASK_SCHEDULER` decides.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.insights import batch
from danvan.insights.models import TopicModel
from danvan.insights.services import topics as services
from danvan.org.models import AdminUnit


def _date(raw: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 — a calendar date
        except ValueError:
            continue
    raise CommandError(f"Not a date: {raw!r} (yyyy-mm-dd or dd/mm/yyyy)")


class Command(BaseCommand):
    help = "Train the topic model, place new texts in it, or recount its weekly counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train", "assign", "count"])
        parser.add_argument("--scope", default="", help="official code of a province or commune")
        parser.add_argument("--from", dest="start", default="")
        parser.add_argument("--to", dest="end", default="")
        parser.add_argument("--topics", type=int, default=None)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--model", type=int, default=None)
        parser.add_argument("--dask", default=None, help="a Dask scheduler: tcp://host:8786")

    def _progress(self) -> batch.Progress:
        last: dict[str, Any] = {"at": 0.0, "stage": ""}

        def report(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if stage == last["stage"] and now - float(last["at"]) < 2 and done != total:
                return
            last.update(at=now, stage=stage)
            of = f"/{total}" if total else ""
            self.stderr.write(f"  {stage}: {done}{of}")

        return report

    def _scope(self, code: str) -> AdminUnit | None:
        if not code:
            return None
        scope = AdminUnit.objects.current().filter(code=code).first()
        if scope is None:
            raise CommandError(f"No unit in force with code {code!r}.")
        return scope

    def _model(self, options: dict[str, Any]) -> TopicModel:
        if options["model"]:
            model = TopicModel.objects.filter(pk=options["model"]).first()
        else:
            model = TopicModel.objects.filter(
                scope=self._scope(options["scope"]), active=True
            ).first()
        if model is None:
            raise CommandError("No such topic model (train one first).")
        return model

    def handle(self, *args: Any, **options: Any) -> None:
        engine = batch.Engine.configured(options["dask"])
        try:
            self._run(engine, options)
        finally:
            engine.close()

    def _run(self, engine: batch.Engine, options: dict[str, Any]) -> None:
        action = options["action"]
        self.stderr.write(f"engine: {engine.name} ({engine.workers} worker(s))")
        if action == "train":
            if not options["start"] or not options["end"]:
                raise CommandError("train needs --from and --to.")
            started = time.perf_counter()
            model = services.train_model(
                actor=None,
                scope=self._scope(options["scope"]),
                period_start=_date(options["start"]),
                period_end=_date(options["end"]),
                topics=options["topics"],
                seed=options["seed"],
                engine=engine,
                progress=self._progress(),
            )
            if model is None:
                raise CommandError("Too few texts or words in that scope and period.")
            self.stdout.write(
                f"model {model.pk}: {model.topic_count} topics over {model.text_count} texts "
                f"in {time.perf_counter() - started:.1f} s on {model.engine}; "
                f"NPMI {model.quality.get('npmi')}, relative error "
                f"{model.quality.get('relative_error')}"
            )
            for topic in model.topics.all():
                words = ", ".join(str(w[0]) for w in topic.words[:8])
                self.stdout.write(
                    f"  {topic.number:>3} [{topic.size}] {topic.label or '—'}: {words}"
                )
        elif action == "assign":
            model = self._model(options)
            placed = services.assign_new(
                actor=None, model=model, engine=engine, progress=self._progress()
            )
            self.stdout.write(f"model {model.pk}: {placed} new texts placed")
        else:
            model = self._model(options)
            rows = services.refresh_counts(actor=None, model=model)
            self.stdout.write(f"model {model.pk}: {rows} weekly counts written")
