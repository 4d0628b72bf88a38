"""danvan insights_train [--target field|kind|all] [--seed N]: retrain the classifiers that
suggest a new matter's field and kind, from the matters officers have classified, and print
each class's precision and recall on the held-out matters."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.insights.models import ModelRun, ModelTarget, RunOutcome
from danvan.insights.services import suggestions


class Command(BaseCommand):
    help = "Retrain the field and kind suggestions and print their held-out measures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--target", choices=["field", "kind", "all"], default="all", help="Which classifier."
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (split, shuffling).")
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        targets = (
            [ModelTarget.FIELD, ModelTarget.KIND]
            if options["target"] == "all"
            else [ModelTarget(options["target"])]
        )
        quiet = options["quiet"]

        def progress(message: str) -> None:
            if not quiet:
                self.stderr.write(f"… {message}")

        decided = suggestions.record_decisions()
        if decided:
            self.stdout.write(f"{decided} suggestions matched with the officers' choice.")
        for target in targets:
            run = suggestions.train(target=target, seed=options["seed"], progress=progress)
            self._print(run)

    def _print(self, run: ModelRun) -> None:
        out = self.stdout
        out.write(f"\n== {run.target}: {run.get_outcome_display()} (run {run.pk}, seed {run.seed})")
        if run.outcome == RunOutcome.TOO_FEW:
            out.write(run.note)
            return
        metrics = run.metrics
        out.write(
            f"{run.labels} labelled matters: {run.train_size} for training, "
            f"{run.test_size} held out; {run.seconds:.1f} s"
        )
        out.write(f"{'class':<32} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
        for value, c in metrics["classes"].items():
            label = f"{c['label'][: 30 - len(value)]} [{value}]"
            out.write(
                f"{label:<32} {c['precision']:>9.3f} {c['recall']:>7.3f} {c['f1']:>6.3f} "
                f"{c['support']:>8d}"
            )
        out.write(f"accuracy {metrics['accuracy']:.3f}, macro-F1 {metrics['macro_f1']:.3f}")
        if run.note:
            out.write(run.note)
