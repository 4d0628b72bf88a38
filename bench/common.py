"""What the bench scripts share: the bench database, the machine's description, the report
file and the percentile. Imported by run.py, cases.py, exemplars.py, reports.py and chaos.py
alike (bench/ is on sys.path). The parts import no other part, except that reports.py calls
the seeds of cases.py and exemplars.py: it needs their million matters and 100,000 models."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path
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
