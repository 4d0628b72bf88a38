"""Make the weekly forecasts of every series (or of one province) and print their back-test:
per series MAE, the naive forecast's MAE, MASE and interval coverage, then the whole run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.org.models import AdminLevel, AdminUnit

from ...forecasting.series import Key
from ...models import Topic
from ...services.forecasts import SeriesResult, refresh_forecasts, run_forecasts


def _f(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class Command(BaseCommand):
    help = "Forecast weekly counts per topic and province, and print the back-test."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="official code of one province (default: all)")
        parser.add_argument("--workers", type=int, default=None, help="processes (default 2)")
        parser.add_argument(
            "--dry-run", action="store_true", help="back-test and print, write nothing"
        )
        parser.add_argument("--limit", type=int, default=40, help="series rows printed")

    def handle(self, *args: Any, **options: Any) -> None:
        province = None
        if options["province"]:
            province = (
                AdminUnit.objects.current()
                .filter(code=options["province"], level=AdminLevel.PROVINCE)
                .first()
            )
            if province is None:
                raise CommandError(f"No province with code {options['province']}.")
        step = 0

        def progress(done: int, total: int) -> None:
            nonlocal step
            # About twenty lines whatever the number of series.
            if done == total or done * 20 // max(total, 1) > step:
                step = done * 20 // max(total, 1)
                self.stderr.write(f"  {done}/{total} series")

        now = timezone.now()
        if options["dry_run"]:
            results, _end = run_forecasts(
                province=province, now=now, workers=options["workers"], progress=progress
            )
            summary = None
        else:
            outcome = refresh_forecasts(
                province=province, now=now, workers=options["workers"], progress=progress
            )
            results, summary = outcome.results, outcome.backtest
            self.stderr.write(f"  {outcome.seconds:.1f} s")
        self._print(results, options["limit"])
        if summary is not None:
            self.stdout.write(
                f"Back-test #{summary.pk} saved: {summary.series} series, MAE {_f(summary.mae)}, "
                f"naive MAE {_f(summary.naive_mae)}, coverage {_f(summary.coverage)}"
            )

    def _print(self, results: list[SeriesResult], limit: int) -> None:
        names = dict(
            AdminUnit.objects.filter(
                pk__in={r.key.province_id for r in results if r.key.province_id}
            ).values_list("pk", "name")
        )
        topics = {
            t.pk: str(t)
            for t in Topic.objects.filter(
                pk__in={r.key.topic_id for r in results if r.key.topic_id}
            )
        }

        def label(key: Key) -> str:
            place = names.get(key.province_id or 0, "Cả nước")
            return f"{place} / {topics.get(key.topic_id or 0, '*')}"

        tested = [r for r in results if r.outcome.errors]
        self.stdout.write(
            f"{'series':<48} {'weeks':>5} {'MAE':>8} {'naive':>8} {'MASE':>6} {'cover':>6}"
        )
        for r in sorted(tested, key=lambda r: -(r.outcome.abs_error))[:limit]:
            o = r.outcome
            self.stdout.write(
                f"{label(r.key)[:48]:<48} {o.history_weeks:>5} {_f(o.mae):>8} "
                f"{_f(o.naive_mae):>8} {_f(o.mase):>6} {_f(o.coverage):>6}"
            )
        errors = sum(r.outcome.errors for r in tested)
        short = sum(1 for r in results if r.outcome.reason == "short")
        failed = sum(1 for r in results if r.outcome.reason == "failed")
        if errors:
            mae = sum(r.outcome.abs_error for r in tested) / errors
            naive = sum(r.outcome.naive_abs_error for r in tested) / errors
            cover = sum(r.outcome.covered for r in tested) / errors
            beats = sum(1 for r in tested if (r.outcome.mae or 0) < (r.outcome.naive_mae or 0))
            self.stdout.write(
                f"All {len(tested)} tested series: MAE {mae:.2f}, naive MAE {naive:.2f}, "
                f"ratio {mae / naive if naive else float('nan'):.2f}, coverage {cover:.2f}, "
                f"better than naive {beats}/{len(tested)}"
            )
        self.stdout.write(
            f"{len(results)} series: {len(tested)} back-tested, {short} too short "
            f"(no forecast), {failed} failed"
        )
