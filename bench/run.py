"""`make bench`: national-scale figures against PostgreSQL, appended to docs/benchmarks.md.

Builds the national network (34 provinces, 3,321 communes and their standard bodies) in a
database of its own (`danvan_bench` by default), then times the lists and pages that must
stay fast, counting queries for each. Timing happens here, never in unit tests.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable

from common import (
    _bench_database_url,
    _ensure_database,
    _machine,
    append_report,
)

RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def main() -> None:
    url = _bench_database_url()
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client
    os.environ.setdefault(
        "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from danvan.accounts.models import Assignment, Role, Scope, User
    from danvan.demo.services import seed_national
    from danvan.org.models import AdminUnit, Organization
    from danvan.org.services import tree_io

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    fresh = not Organization.objects.exists()
    started = time.perf_counter()
    seed_national()
    seed_seconds = time.perf_counter() - started

    leader, _ = User.objects.get_or_create(username="bench_leader")
    province_org = (
        Organization.objects.get(code="01-BTGDV")
        if Organization.objects.filter(code="01-BTGDV").exists()
        else Organization.objects.filter(level="province").first()
    )
    assert province_org is not None
    Assignment.objects.get_or_create(
        user=leader, organization=province_org, role=Role.LEADER, scope=Scope.SUBTREE
    )
    client = Client()
    client.force_login(leader)

    rows: list[tuple[str, float, float, int]] = []

    def measure(label: str, fn: Callable[[], object]) -> None:
        fn()  # warm-up
        times = []
        # Django empties its query log at every request start, so count with a wrapper.
        queries: list[str] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            fn()
        for _ in range(RUNS):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        rows.append((label, statistics.median(times), p95, len(queries)))

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return call

    commune = AdminUnit.objects.current().communes().order_by("code").first()
    assert commune is not None
    measure("GET /api/v1/units?level=commune (page 1 of 3,321)", get("/api/v1/units?level=commune"))
    measure("GET /api/v1/units?level=commune&page=60", get("/api/v1/units?level=commune&page=60"))
    measure("GET /api/v1/units?q=phu (diacritic-insensitive)", get("/api/v1/units?q=phu"))
    measure("GET /api/v1/organizations?level=commune", get("/api/v1/organizations?level=commune"))
    measure(
        "GET /api/v1/organizations?q=hoi nong dan",
        get("/api/v1/organizations?q=hoi%20nong%20dan"),
    )
    measure(
        f"GET /api/v1/organizations?province={province_org.province_id}",
        get(f"/api/v1/organizations?province={province_org.province_id}"),
    )
    measure("GET /home/ (provincial leader, subtree)", get("/home/"))
    measure("GET /units/?q=dak lak", get("/units/?q=dak+lak"))

    # Streaming export of every body: time and peak Python memory.
    orgs = Organization.objects.count()

    def export() -> None:
        with open(os.devnull, "w", encoding="utf-8-sig", newline="") as sink:
            tree_io.write_csv(tree_io.export_rows(include_ended=True), sink)

    t0 = time.perf_counter()
    export()
    export_seconds = time.perf_counter() - t0
    # Memory in a second pass: tracemalloc slows Python down several times.
    tracemalloc.start()
    export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    pg_version = connection.cursor().connection.info.server_version
    today = dt.date.today().strftime("%d/%m/%Y")  # noqa: DTZ011 - the machine's date is the point
    lines = [
        "",
        f"## {today} — {_machine()}",
        "",
        f"PostgreSQL {pg_version // 10000}.{pg_version % 10000}, "
        f"{AdminUnit.objects.count():,} units, {orgs:,} organizations; {RUNS} runs each "
        "after one warm-up, Django test client (no network).",
        "",
        f"- `seed --profile national` ({'empty database' if fresh else 're-run, nothing to add'}"
        f"): {seed_seconds:.1f} s",
        f"- CSV export of all {orgs:,} organizations: {export_seconds:.2f} s, "
        f"peak Python memory {peak / 1024 / 1024:.1f} MiB",
        "",
        "| request | median ms | p95 ms | queries |",
        "|---|---:|---:|---:|",
        *[f"| {label} | {med:.1f} | {p95:.1f} | {q} |" for label, med, p95, q in rows],
        "",
    ]
    report = "\n".join(lines)
    print(report)
    append_report(report)

    # Part two: a million citizen matters, the inbox, and submissions under load.
    if os.environ.get("BENCH_CASES", "1") != "0":
        import cases

        cases.run(url, _machine())

    # Part three: "Dân vận khéo" figures with 100,000 models.
    if os.environ.get("BENCH_EXEMPLAR_FIGURES", "1") != "0":
        import exemplars

        exemplars.run(url, _machine())

    # Part four: periodic reports over the national network, 12 months of a 60-figure template.
    if os.environ.get("BENCH_REPORTS", "1") != "0":
        import reports

        reports.run(url, _machine())

    # Part five: 50 directives cascaded nationally, compliance matrices, My tasks, and
    # `danvan extract` throughput (bench/extract.py's measure, reported in the same section).
    if os.environ.get("BENCH_DIRECTIVES", "1") != "0":
        import directives

        directives.run(url, _machine())

    # Part six: a survey of a million answers, the satisfaction index of the nation by
    # province, and survey answers under load.
    if os.environ.get("BENCH_SURVEYS", "1") != "0":
        import surveys

        surveys.run(url, _machine())

    # Part seven: the people's situation — suggestions, embeddings, topics over a million
    # texts (and on a local Dask cluster), the national hotspot scan, forecasts.
    if os.environ.get("BENCH_INSIGHTS", "1") != "0":
        import insights

        insights.run()

    # Part eight: funds as ledgers — ten million entries, a fund's balance, the national
    # disclosure, recording under load (its own database and process).
    if os.environ.get("BENCH_CAMPAIGNS", "1") != "0":
        import subprocess
        import sys

        code = "import common, campaigns as p\np._prepare()\np.run(common.append_report)\n"
        subprocess.run(  # noqa: S603 - our own bench module, not input
            [sys.executable, "-c", code], cwd=os.path.dirname(os.path.abspath(__file__)), check=True
        )


if __name__ == "__main__":
    main()
