"""What the bench scripts share: the bench database, the machine's description, the report
file and the percentile. Imported by run.py, cases.py, exemplars.py, reports.py and chaos.py
alike (bench/ is on sys.path). The parts import no other part, except that reports.py calls
the seeds of cases.py and exemplars.py: it needs their million matters and 100,000 models."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * q + 0.5) - 1)]


def _bench_database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("make bench measures PostgreSQL: set DATABASE_URL=postgres://... (see Makefile)")
    parsed = urlparse(url)
    return parsed._replace(path="/danvan_bench").geturl()


def _ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'danvan_bench'").fetchone()
        if not exists:
            conn.execute("CREATE DATABASE danvan_bench")


def _machine() -> str:
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{mem}, {platform.platform()}"


def append_report(text: str) -> None:
    """Add a section to docs/benchmarks.md (newest last), creating the file if needed."""
    out = ROOT / "docs" / "benchmarks.md"
    if not out.exists():
        out.write_text(
            "# Benchmarks\n\nWritten by `make bench` (bench/run.py) against PostgreSQL. "
            "Newest last.\n",
            encoding="utf-8",
        )
    with out.open("a", encoding="utf-8") as fh:
        fh.write(text)


def prepare_standalone() -> str:
    """For running one part alone (bench/cases.py, bench/exemplars.py): Django on the bench
    database, migrated, with the national network. Returns the database URL."""
    url = _bench_database_url()
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault(
        "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django

    django.setup()
    from django.core.management import call_command

    from danvan.demo.services import seed_national

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed_national()
    return url


RUNS = int(os.environ.get("BENCH_RUNS", "30"))
BUDGET_SECONDS = float(os.environ.get("BENCH_PAGE_BUDGET", "20"))

Row = tuple[str, int, float, float, float | None, int, float, str]


class Timer:
    """Runs a callable RUNS times after a warm-up (fewer, at least 10, when it is slow),
    counting and timing its queries on one run; EXPLAIN ANALYZE of the slowest query when
    the target is missed."""

    def __init__(self, tag: str) -> None:
        self.tag = tag  # the part's name in the printed lines
        self.rows: list[Row] = []
        self.plans: dict[str, str] = {}

    def measure(self, label: str, fn: Callable[[], object], target: float | None = None) -> Row:
        from django.db import connection

        fn()  # warm-up (the first call also compiles templates, fills caches)
        timed: list[tuple[float, str, Any]] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append(((time.perf_counter() - started) * 1000, sql, params))

        t0 = time.perf_counter()
        with connection.execute_wrapper(count):
            fn()
        # A slow call gets fewer runs (at least 10): `make bench` must end in minutes.
        runs = max(10, min(RUNS, int(BUDGET_SECONDS / max(time.perf_counter() - t0, 0.001))))
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        db_ms = sum(t for t, _s, _p in timed)
        timed.sort(key=lambda t: t[0], reverse=True)
        slowest = timed[0][0] if timed else 0.0
        med, p95 = statistics.median(times), pct(times, 0.95)
        row: Row = (label, runs, med, p95, target, len(timed), slowest, f"{db_ms:.1f}")
        self.rows.append(row)
        print(
            f"[{self.tag}] {label}: {runs} runs, p50 {med:.1f} ms, p95 {p95:.1f} ms, "
            f"{len(timed)} queries ({db_ms:.1f} ms in the database), slowest {slowest:.1f} ms",
            flush=True,
        )
        for ms, sql, _params in timed[:3]:
            print(f"[{self.tag}]     {ms:7.1f} ms  {sql[:200]}", flush=True)
        if target is not None and p95 > target and timed:
            _ms, sql, params = timed[0]
            if sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(r[0] for r in cur.fetchall())
                self.plans[label] = plan
                print(f"[{self.tag}]   EXPLAIN ANALYZE of the slowest query:\n{plan}", flush=True)
        return row
