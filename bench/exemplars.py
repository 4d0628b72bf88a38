"""`make bench`, part three: "Dân vận khéo" figures at national scale (PostgreSQL only).

1. Seeds at least BENCH_EXEMPLARS (100,000) models over every current commune body with one
   INSERT ... SELECT over generate_series (deterministic): 4 in 7 collectives; fields in turn;
   years 2019–2026; 4 in 5 recognized at commune level, one in five of those also at province
   level and one in fifty at central level; one in ten replicated by a neighbouring commune.
   The recognizing body in the seed is the commune's own body (the figures do not read it).
2. Times the staff figures page and the figures API in process (Django test client) for a
   provincial leader, by each dimension, as of today and as of a past date, counting queries.
3. Appends the figures to docs/benchmarks.md against the target (< 200 ms).

Run by bench/run.py after the other parts, or alone: DATABASE_URL=postgres://... python
bench/exemplars.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from common import _machine, append_report, prepare_standalone  # bench/ is on sys.path
from common import pct as _pct

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
MODELS = int(os.environ.get("BENCH_EXEMPLARS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
TARGET_MS = 200.0
PREFIX = "BENCH-"


def seed(url: str) -> dict[str, Any]:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        have = conn.execute(
            "SELECT count(*) FROM exemplars_exemplar WHERE name LIKE %s", [PREFIX + "%"]
        ).fetchone()[0]  # type: ignore[index]
        if have >= MODELS:
            print(f"[exemplars] {have:,} bench models already there", flush=True)
            return {"added": 0, "seconds": 0.0, "bench_models": have}
        conn.execute("SET synchronous_commit = off")
        conn.execute(
            """
            CREATE TEMP TABLE bench_bodies AS
            SELECT (row_number() OVER (ORDER BY o.id)) - 1 AS rn, o.id AS org_id,
                   o.current_unit_id AS unit_id, o.province_id
            FROM org_organization o
            WHERE o.level = 'commune' AND o.kind = 'peoples_committee'
              AND (o.valid_to IS NULL OR o.valid_to >= current_date)
              AND o.current_unit_id IS NOT NULL
            """
        )
        n = conn.execute("SELECT count(*) FROM bench_bodies").fetchone()[0]  # type: ignore[index]
        if not n:
            sys.exit("no current commune body: run seed --profile national first")
        first = have + 1
        print(f"[exemplars] seeding {MODELS - have:,} models over {n:,} communes", flush=True)
        conn.execute(
            """
            INSERT INTO exemplars_exemplar
              (kind, name, holder_name, public_consent, field, organization_id, unit_id,
               province_id, year, description, search_text, public_search_text, state,
               recognition_level, recognized_on, registered_on, updated_at)
            SELECT
              CASE WHEN mod(i, 7) < 4 THEN 'collective' ELSE 'individual' END,
              %(prefix)s || i || ' Mô hình dân vận khéo số ' || i,
              'Thôn ' || (mod(i, 40)),
              mod(i, 3) = 0,
              (ARRAY['economy', 'culture_society', 'defence_security',
                     'political_system'])[1 + mod(i, 4)],
              b.org_id, b.unit_id, b.province_id,
              2019 + mod(i, 8),
              'Nhân dân góp công, góp đất xây dựng đường giao thông nông thôn và giúp hộ nghèo.',
              'mo hinh dan van kheo so ' || i || ' nhan dan gop cong gop dat',
              'mo hinh dan van kheo so ' || i || ' nhan dan gop cong gop dat',
              CASE WHEN mod(i, 5) = 4 THEN 'building' ELSE 'recognized' END,
              CASE WHEN mod(i, 5) = 4 THEN ''
                   WHEN mod(i, 50) = 0 THEN 'central'
                   WHEN mod(i, 5) = 0 THEN 'province'
                   ELSE 'commune' END,
              CASE WHEN mod(i, 5) = 4 THEN NULL
                   ELSE make_date(2019 + mod(i, 8), 1, 1) + (mod(i, 300)) END,
              make_date(2019 + mod(i, 8), 1, 1) + (mod(i, 30)),
              now()
            FROM generate_series(%(first)s, %(last)s) AS i
            JOIN bench_bodies b ON b.rn = mod(i, %(n)s)
            """,
            {"prefix": PREFIX, "first": first, "last": MODELS, "n": n},
        )
        # Recognitions: commune level for every recognized one, then province and central.
        conn.execute(
            """
            INSERT INTO exemplars_recognition
              (exemplar_id, level, organization_id, decision_number, decision_date)
            SELECT e.id, lv.level, e.organization_id, e.id || '/QĐ-' || lv.level,
                   e.recognized_on + lv.later
            FROM exemplars_exemplar e
            JOIN LATERAL (VALUES ('commune', 0, 1), ('province', 100, 2), ('central', 200, 3))
                 AS lv(level, later, rank) ON true
            WHERE e.name LIKE %(like)s AND e.state = 'recognized'
              AND lv.rank <= CASE e.recognition_level WHEN 'central' THEN 3
                                  WHEN 'province' THEN 2 ELSE 1 END
              AND NOT EXISTS (SELECT 1 FROM exemplars_recognition r WHERE r.exemplar_id = e.id)
            """,
            {"like": PREFIX + "%"},
        )
        conn.execute(
            """
            INSERT INTO exemplars_replication (exemplar_id, organization_id, adopted_on, note)
            SELECT e.id, b.org_id, e.recognized_on + 150, ''
            FROM exemplars_exemplar e
            JOIN bench_bodies b0 ON b0.org_id = e.organization_id
            JOIN bench_bodies b ON b.rn = mod(b0.rn + 1, %(n)s)
            WHERE e.name LIKE %(like)s AND e.state = 'recognized' AND mod(e.id, 10) = 0
            ON CONFLICT DO NOTHING
            """,
            {"like": PREFIX + "%", "n": n},
        )
        conn.execute(
            """
            INSERT INTO exemplars_exemplar_subfields (exemplar_id, subfield_id)
            SELECT e.id, s.id FROM exemplars_exemplar e
            JOIN LATERAL (SELECT id FROM exemplars_subfield WHERE field = e.field
                          ORDER BY position LIMIT 1) s ON true
            WHERE e.name LIKE %(like)s
            ON CONFLICT DO NOTHING
            """,
            {"like": PREFIX + "%"},
        )
        conn.execute("VACUUM ANALYZE exemplars_exemplar")
        conn.execute("VACUUM ANALYZE exemplars_recognition")
        conn.execute("VACUUM ANALYZE exemplars_replication")
        conn.execute("VACUUM ANALYZE exemplars_exemplar_subfields")
    seconds = time.perf_counter() - started
    print(f"[exemplars] seeded in {seconds:.1f} s", flush=True)
    return {"added": MODELS - have, "seconds": seconds, "bench_models": MODELS}


def in_process() -> tuple[list[tuple[str, int, float, float, int]], dict[str, Any]]:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from danvan.accounts.models import Assignment, Role, Scope, User
    from danvan.exemplars.models import Exemplar
    from danvan.org.models import Organization

    big = Exemplar.objects.values("province_id").annotate(n=Count("id")).order_by("-n").first()
    assert big is not None
    province_org = (
        Organization.objects.current()
        .filter(level="province", kind="peoples_committee", province_id=big["province_id"])
        .order_by("code")
        .first()
    )
    assert province_org is not None
    leader, _ = User.objects.get_or_create(username="bench_exemplar_leader")
    Assignment.objects.get_or_create(
        user=leader, organization=province_org, role=Role.LEADER, scope=Scope.SUBTREE
    )
    client = Client()
    client.force_login(leader)
    today = dt.date.today()  # noqa: DTZ011 - the machine's date is the point
    paths = [f"/exemplars/figures/?by={by}" for by in ("kind", "field", "level", "province")]
    paths += [
        "/exemplars/figures/?by=subfield",
        "/exemplars/figures/?by=level&as_of=31/12/2023",
        f"/exemplars/figures/?by=commune&province={big['province_id']}",
        "/exemplars/figures.xlsx?by=province",
        f"/api/v1/exemplars/figures?by=level&as_of={today.isoformat()}",
    ]
    rows = []
    for path in paths:
        client.get(path)  # warm-up
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert client.get(path).status_code == 200, path
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        med, p95 = statistics.median(times), _pct(times, 0.95)
        rows.append((f"GET {path}", RUNS, med, p95, len(queries)))
        print(
            f"[exemplars] {path}: p50 {med:.1f} ms, p95 {p95:.1f} ms, {len(queries)} q", flush=True
        )
    return rows, {"province": province_org.name, "models": Exemplar.objects.count()}


def report(
    seeded: dict[str, Any], rows: list, context: dict[str, Any], machine: str, pg: str
) -> str:
    worst = max((p95 for _l, _r, _m, p95, _q in rows), default=0.0)
    day = dt.date.today().strftime("%d/%m/%Y")  # noqa: DTZ011 - the machine's date is the point
    seeding = (
        f"seeded {seeded['added']:,} models in {seeded['seconds']:.0f} s"
        if seeded["added"]
        else f"{seeded['bench_models']:,} bench models already seeded"
    )
    lines = [
        "",
        f"## {day} — Dân vận khéo figures — {machine}",
        "",
        f"PostgreSQL {pg}; {context['models']:,} models in the database ({seeding}). "
        f"Staff figures page as a provincial leader ({context['province']}), Django test "
        f"client in process, {RUNS} runs after one warm-up each.",
        "",
        "| request | runs | median ms | p95 ms | queries |",
        "|---|---:|---:|---:|---:|",
        *[f"| {lbl} | {n} | {m:.1f} | {p:.1f} | {q} |" for lbl, n, m, p, q in rows],
        "",
        f"- Target: the statistics page answers in under {TARGET_MS:.0f} ms with 100,000 "
        f"models: {'**met**' if worst < TARGET_MS else '**not met**'} (worst p95 {worst:.1f} ms)",
        "",
    ]
    return "\n".join(lines)


def run(url: str, machine: str) -> None:
    from django.db import connection

    seeded = seed(url)
    connection.close()
    rows, context = in_process()
    version = connection.cursor().connection.info.server_version
    text = report(seeded, rows, context, machine, f"{version // 10000}.{version % 10000}")
    print(text)
    append_report(text)


def main() -> None:
    url = prepare_standalone()
    run(url, _machine())


if __name__ == "__main__":
    main()
