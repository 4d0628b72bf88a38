"""`make bench`, part two: citizen matters at national scale (PostgreSQL only).

1. Seeds at least BENCH_MATTERS (1,000,000) matters over every current commune People's
   Committee with one INSERT ... SELECT over generate_series per batch (deterministic; no
   petitioners: identities are not needed by the inbox or the search).
2. Times the inbox (/cases/), its search and /api/v1/cases in process (Django test client) for
   a provincial leader (SUBTREE) and a commune officer (UNIT), counting queries.
3. Starts gunicorn on 127.0.0.1 and drives it with wrk (bench/load.lua): POST /api/v1/cases
   with a unique Idempotency-Key per request, then GET /healthz (the bare JSON view) on the
   same stack; compares the submissions answered 201 with the matters stored.
4. Appends the figures to docs/benchmarks.md.

Run by bench/run.py after its own part, or alone: DATABASE_URL=postgres://... python
bench/cases.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from common import _machine, append_report, pct, prepare_standalone  # bench/ is on sys.path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
MATTERS = int(os.environ.get("BENCH_MATTERS", "1000000"))
BATCH = 100_000
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
BUDGET_SECONDS = float(os.environ.get("BENCH_PAGE_BUDGET", "20"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WORKER_ARGS = shlex.split(os.environ.get("BENCH_WORKER", "--no-startup-delay"))
# `danvan worker` (survives database restarts); "db_worker" runs django-tasks-db's own.
WORKER_COMMAND = os.environ.get("BENCH_WORKER_COMMAND", "worker")
# How the registration worker shares the CPU with the web workers: "idle" (Linux SCHED_IDLE:
# it runs only when no web worker wants the CPU, and catches up after the rush), "nice"
# (nice 19: lower weight, but still a share under load), or "normal".
WORKER_PRIORITY = os.environ.get("BENCH_WORKER_PRIORITY", "idle")
_PRIORITY_PREFIX = {"idle": ["chrt", "--idle", "0"], "nice": ["nice", "-n", "19"], "normal": []}
# Submissions and the bare view are measured in alternating rounds, each submission round next
# to its bare round in time: on a shared machine throughput drifts by half between minutes, so
# a ratio of runs minutes apart says more about the machine than about the endpoint.
ROUNDS = int(os.environ.get("BENCH_LOAD_ROUNDS", "5"))
PREFIX = "B"  # bench tracking codes: B000000001 … (real ones start with DV)

# (title, content): what citizens write to a commune, in their words.
TEMPLATES: list[tuple[str, str]] = [
    (
        "Phản ánh đường giao thông nông thôn xuống cấp",
        "Đoạn đường liên thôn dài khoảng 800 mét bị sụt lún, nhiều ổ gà, mùa mưa ngập nước "
        "gây nguy hiểm cho học sinh và người dân đi lại. Đề nghị Ủy ban nhân dân xã sớm "
        "kiểm tra, sửa chữa.",
    ),
    (
        "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
        "Gia đình tôi đã nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất ở từ năm "
        "2023 nhưng đến nay chưa nhận được kết quả, cũng không được thông báo lý do. Kính "
        "đề nghị cơ quan có thẩm quyền xem xét giải quyết.",
    ),
    (
        "Khiếu nại về mức bồi thường giải phóng mặt bằng",
        "Diện tích đất nông nghiệp của gia đình bị thu hồi để làm dự án khu dân cư, mức bồi "
        "thường thấp hơn giá thị trường và chưa tính đến tài sản trên đất. Tôi không đồng ý "
        "với quyết định bồi thường và đề nghị xem xét lại.",
    ),
    (
        "Phản ánh ô nhiễm môi trường từ cơ sở chăn nuôi",
        "Trang trại chăn nuôi lợn gần khu dân cư xả nước thải chưa qua xử lý ra mương, mùi "
        "hôi thối kéo dài nhiều tháng ảnh hưởng đến sức khỏe người dân. Đề nghị chính quyền "
        "kiểm tra và xử lý nghiêm.",
    ),
    (
        "Đề nghị hỗ trợ hộ nghèo sau thiên tai",
        "Nhà ở của gia đình bị tốc mái sau cơn bão vừa qua, gia đình thuộc diện hộ nghèo, "
        "không có khả năng tự khắc phục. Kính mong Ủy ban nhân dân và Mặt trận Tổ quốc xã "
        "xem xét hỗ trợ.",
    ),
    (
        "Tố cáo hành vi xây dựng trái phép",
        "Một hộ gia đình đang xây dựng nhà ba tầng trên đất nông nghiệp, lấn chiếm hành lang "
        "kênh thủy lợi, không có giấy phép xây dựng. Đề nghị cơ quan chức năng kiểm tra, xử "
        "lý và giữ bí mật thông tin người tố cáo.",
    ),
    (
        "Phản ánh tình trạng mất an ninh trật tự ban đêm",
        "Thời gian gần đây thường xuyên có nhóm thanh niên tụ tập, đua xe, gây ồn ào sau 23 "
        "giờ tại khu vực chợ. Đề nghị công an xã tăng cường tuần tra, bảo đảm an ninh trật "
        "tự.",
    ),
    (
        "Kiến nghị về chế độ chính sách người có công",
        "Bố tôi là thương binh, hồ sơ đề nghị điều chỉnh trợ cấp đã nộp hơn sáu tháng nhưng "
        "chưa được giải quyết. Đề nghị xem xét, trả lời cho gia đình được biết.",
    ),
    (
        "Phản ánh chậm trễ giải quyết thủ tục hành chính",
        "Tôi nộp hồ sơ đăng ký khai sinh, chứng thực tại bộ phận một cửa nhưng bị hẹn nhiều "
        "lần, cán bộ yêu cầu bổ sung giấy tờ không có trong quy định. Đề nghị chấn chỉnh thái "
        "độ phục vụ.",
    ),
    (
        "Đề nghị sửa chữa hệ thống chiếu sáng công cộng",
        "Hệ thống đèn chiếu sáng trên tuyến đường chính của thôn bị hỏng đã hơn hai tháng, "
        "buổi tối rất tối, tiềm ẩn nguy cơ tai nạn giao thông. Kính đề nghị xã sớm thay thế.",
    ),
    (
        "Kiến nghị về thu phí, đóng góp tại trường học",
        "Đầu năm học nhà trường thu nhiều khoản đóng góp ngoài quy định, phụ huynh không được "
        "bàn bạc công khai. Đề nghị phòng giáo dục và chính quyền địa phương làm rõ.",
    ),
    (
        "Phản ánh ngập úng khu dân cư khi mưa lớn",
        "Mỗi khi mưa lớn, nước không thoát kịp khiến nhiều hộ dân bị ngập sâu, hư hỏng tài "
        "sản. Nguyên nhân do cống thoát nước bị bồi lấp. Đề nghị nạo vét, nâng cấp hệ thống "
        "thoát nước.",
    ),
]

# 20 slots: the weight of each state in the seeded data.
STATES = (
    ["received", "classified", "accepted", "accepted", "in_progress", "in_progress"]
    + ["in_progress", "extended", "reopened", "forwarded", "guided", "not_processable"]
    + ["resolved"] * 3
    + ["closed"] * 5
)
KINDS = ["feedback", "proposal", "complaint", "denunciation", "mixed"]
CHANNELS = ["web", "in_person", "letter", "import", "api", "open311"]
REASONS = ["anonymous", "duplicate", "outside_competence", "missing_information"]
OPEN = ("received", "classified", "accepted", "in_progress", "extended", "reopened")
ACCEPTED = ("accepted", "in_progress", "extended", "resolved", "closed", "reopened")
ANSWER = (
    "Ủy ban nhân dân xã đã kiểm tra, xác minh và giải quyết theo quy định; kết quả đã được "
    "thông báo đến người phản ánh."
)

SEED_SQL = """
INSERT INTO cases_case (
    tracking_code, access_digest, kind, declared_kind, processability, not_processable_reason,
    title, content, search_text, channel, received_at, address, latitude, longitude, state,
    complexity, remote_area, idempotency_key, duplicate_reason, accepted_at, next_due_date,
    public_answer, answered_at, closed_at, rating, rating_comment, rated_at, created_at,
    updated_at, assigned_to_id, duplicate_of_id, organization_id, province_id,
    unit_id, field_id, publication, publication_consent_at,
    complaint_round, several_places, outside_competence, handled_since, leg
)
SELECT
    s.code,
    encode(sha256(convert_to(s.code || ':BENCH', 'UTF8')), 'hex'),
    CASE WHEN s.state = 'received' THEN 'unclassified'
         ELSE (%(kinds)s::text[])[1 + (s.g / 7) %% 5] END,
    '',
    CASE WHEN s.state IN ('received', 'classified') THEN 'pending'
         WHEN s.state = 'not_processable' THEN 'not_processable' ELSE 'processable' END,
    CASE WHEN s.state = 'not_processable' THEN (%(reasons)s::text[])[1 + s.g %% 4] ELSE '' END,
    t.title,
    t.content,
    t.folded || ' thon ' || (1 + s.g %% 15) || ', ' || c.name_folded,
    (%(channels)s::text[])[1 + (s.g / 11) %% 6],
    s.received_at,
    'Thôn ' || (1 + s.g %% 15) || ', ' || c.name,
    NULL, NULL,
    s.state,
    CASE WHEN s.g %% 50 = 0 THEN 'especially_complex' WHEN s.g %% 10 = 0 THEN 'complex'
         ELSE 'normal' END,
    s.g %% 17 = 0,
    NULL,
    '',
    CASE WHEN s.state = ANY(%(accepted)s::text[]) THEN s.received_at + interval '3 days' END,
    CASE s.state
        WHEN 'received' THEN (s.received_at + interval '10 days')::date
        WHEN 'classified' THEN (s.received_at + interval '10 days')::date
        WHEN 'accepted' THEN (s.received_at + interval '33 days')::date
        WHEN 'in_progress' THEN (s.received_at + interval '33 days')::date
        WHEN 'extended' THEN (s.received_at + interval '63 days')::date
        WHEN 'reopened' THEN (s.received_at + interval '48 days')::date
    END,
    CASE WHEN s.state IN ('resolved', 'closed') THEN %(answer)s::text ELSE '' END,
    CASE WHEN s.state IN ('resolved', 'closed')
         THEN least(s.received_at + interval '20 days', %(now)s::timestamptz) END,
    CASE WHEN s.state = 'closed'
         THEN least(s.received_at + interval '25 days', %(now)s::timestamptz) END,
    CASE WHEN s.state = 'closed' AND s.g %% 3 = 0 THEN 1 + s.g %% 5 END,
    '',
    CASE WHEN s.state = 'closed' AND s.g %% 3 = 0
         THEN least(s.received_at + interval '26 days', %(now)s::timestamptz) END,
    s.received_at,
    s.received_at,
    NULL, NULL,
    c.org_id,
    c.province_id,
    c.unit_id,
    CASE WHEN s.state = 'received' THEN NULL
         ELSE (%(fields)s::bigint[])[1 + (s.g / 5) %% %(nfields)s] END,
    'summary',
    NULL,
    CASE WHEN s.g %% 9 = 0 THEN 'second' ELSE 'first' END,
    false,
    false,
    s.received_at,
    0
FROM (
    SELECT g,
           %(prefix)s::text || lpad(g::text, 9, '0') AS code,
           (%(states)s::text[])[1 + (g / %(ncommunes)s) %% 20] AS state,
           %(base)s::timestamptz - make_interval(
               days => ((g * 37) %% 365)::int, secs => ((g * 7919) %% 86400)::float8
           )
               AS received_at
    FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g
) AS s
JOIN bench_communes c ON c.rn = s.g %% %(ncommunes)s
JOIN bench_templates t ON t.i = (s.g / 3) %% %(ntemplates)s
"""


def _fold(text: str) -> str:
    from danvan.lib.text import fold

    return fold(text)


_pct = pct


# --- 1. Seeding ---------------------------------------------------------------------------


def seed(url: str) -> dict[str, Any]:
    """Bring the bench matters up to MATTERS; returns what was done and how long it took."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        _restore_indexes(conn)  # an earlier run stopped between drop and re-create
        have = conn.execute(
            "SELECT count(*), coalesce(max(substr(tracking_code, 2)::bigint), 0) FROM cases_case "
            "WHERE tracking_code ~ %s",
            [f"^{PREFIX}[0-9]{{9}}$"],
        ).fetchone()
        assert have is not None
        count, last = have
        if count >= MATTERS:
            print(f"[cases] {count:,} bench matters already there: nothing to seed", flush=True)
            return {"added": 0, "seconds": 0.0, "bench_matters": count}
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET work_mem = '64MB'")
        conn.execute(
            """
            CREATE TEMP TABLE bench_communes AS
            SELECT (row_number() OVER (ORDER BY o.id)) - 1 AS rn, o.id AS org_id,
                   u.id AS unit_id, u.province_id, u.name, u.name_folded
            FROM org_organization o JOIN org_adminunit u ON u.id = o.unit_id
            WHERE o.kind = 'peoples_committee' AND o.level = 'commune'
              AND (o.valid_from IS NULL OR o.valid_from <= current_date)
              AND (o.valid_to IS NULL OR o.valid_to >= current_date)
              AND u.province_id IS NOT NULL
            """
        )
        conn.execute("CREATE UNIQUE INDEX ON bench_communes (rn)")
        ncommunes = conn.execute("SELECT count(*) FROM bench_communes").fetchone()[0]  # type: ignore[index]
        if not ncommunes:
            sys.exit("no current commune People's Committee: run seed --profile national first")
        conn.execute(
            "CREATE TEMP TABLE bench_templates (i int PRIMARY KEY, title text, content text, "
            "folded text)"
        )
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO bench_templates VALUES (%s, %s, %s, %s)",
                [(i, t, c, _fold(f"{t} {c}")) for i, (t, c) in enumerate(TEMPLATES)],
            )
        fields = [r[0] for r in conn.execute("SELECT id FROM cases_casefield ORDER BY id")]
        fields.append(None)  # some matters have no field
        now = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
        base = now.replace(minute=0, second=0, microsecond=0)
        drop_at = time.perf_counter()
        dropped = _drop_indexes(conn)
        print(
            f"[cases] seeding {MATTERS - count:,} matters over {ncommunes:,} communes "
            f"({dropped} secondary indexes dropped for the load)",
            flush=True,
        )
        params: dict[str, Any] = {
            "kinds": KINDS,
            "reasons": REASONS,
            "channels": CHANNELS,
            "accepted": list(ACCEPTED),
            "answer": ANSWER,
            "now": now,
            "fields": fields,
            "nfields": len(fields),
            "prefix": PREFIX,
            "states": STATES,
            "ncommunes": ncommunes,
            "ntemplates": len(TEMPLATES),
            "base": base,
        }
        lo = last + 1
        target = last + (MATTERS - count)
        while lo <= target:
            hi = min(lo + BATCH - 1, target)
            t0 = time.perf_counter()
            conn.execute(SEED_SQL, {**params, "lo": lo, "hi": hi})
            print(
                f"[cases]   {hi - last:>9,} / {target - last:,} ({time.perf_counter() - t0:.1f} s)",
                flush=True,
            )
            lo = hi + 1
        insert_seconds = time.perf_counter() - drop_at
        t0 = time.perf_counter()
        _restore_indexes(conn, verbose=True)
        index_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute("VACUUM (ANALYZE) cases_case")
        vacuum_seconds = time.perf_counter() - t0
        print(f"[cases]   VACUUM ANALYZE: {vacuum_seconds:.1f} s", flush=True)
        total = conn.execute(
            "SELECT count(*) FROM cases_case WHERE tracking_code ~ %s", [f"^{PREFIX}[0-9]{{9}}$"]
        ).fetchone()[0]  # type: ignore[index]
    return {
        "added": MATTERS - count,
        "seconds": time.perf_counter() - started,
        "insert_seconds": insert_seconds,
        "index_seconds": index_seconds,
        "vacuum_seconds": vacuum_seconds,
        "bench_matters": total,
        "communes": ncommunes,
    }


def _drop_indexes(conn: Any) -> int:
    """Drop cases_case's secondary indexes (kept in bench_index_defs) for a faster bulk load.

    Primary key and unique constraints stay.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_index_defs (name text PRIMARY KEY, def text NOT NULL)"
    )
    conn.execute(
        """
        INSERT INTO bench_index_defs
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = 'cases_case'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
        ON CONFLICT DO NOTHING
        """
    )
    rows = conn.execute("SELECT name FROM bench_index_defs ORDER BY name").fetchall()
    for (name,) in rows:
        conn.execute(f'DROP INDEX IF EXISTS "{name}"')
    return len(rows)


def _restore_indexes(conn: Any, *, verbose: bool = False) -> None:
    exists = conn.execute("SELECT to_regclass('public.bench_index_defs')").fetchone()[0]
    if exists is None:
        return
    conn.execute("SET maintenance_work_mem = '512MB'")
    rows = conn.execute("SELECT name, def FROM bench_index_defs ORDER BY name").fetchall()
    for name, definition in rows:
        t0 = time.perf_counter()
        if conn.execute("SELECT to_regclass(%s)", [f'public."{name}"']).fetchone()[0] is None:
            conn.execute(definition)
        if verbose:
            print(f"[cases]   index {name}: {time.perf_counter() - t0:.1f} s", flush=True)
    conn.execute("DROP TABLE bench_index_defs")


# --- 2. In-process latency -----------------------------------------------------------------


def in_process() -> tuple[list[tuple[str, int, float, float, int, float]], dict[str, Any]]:
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client

    from danvan.accounts.models import Assignment, Role, Scope, User
    from danvan.cases.models import Case
    from danvan.org.models import Organization

    # The province with the most communes, at its People's Committee; a commune of it.
    committees = Organization.objects.current().filter(kind="peoples_committee")
    big = (
        committees.filter(level="commune")
        .values("province_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert big is not None
    province_org = committees.get(level="province", province_id=big["province_id"])
    commune_org = (
        committees.filter(level="commune", province_id=big["province_id"]).order_by("code").first()
    )
    assert commune_org is not None
    leader, _ = User.objects.get_or_create(username="bench_case_leader")
    Assignment.objects.get_or_create(
        user=leader, organization=province_org, role=Role.LEADER, scope=Scope.SUBTREE
    )
    officer, _ = User.objects.get_or_create(username="bench_case_officer")
    Assignment.objects.get_or_create(
        user=officer, organization=commune_org, role=Role.OFFICER, scope=Scope.UNIT
    )
    context = {
        "province": province_org.name,
        "province_matters": Case.objects.filter(province_id=big["province_id"]).count(),
        "commune": commune_org.name,
        "commune_matters": Case.objects.filter(
            Q(organization=commune_org) | Q(organization__current=commune_org)
        ).count(),
    }
    # The dashboards read past months from the monthly figures, kept by the worker: fill
    # them once for the seeded months (timed, as an operator would run it after an import).
    from danvan.cases.models import FigureRefresh
    from danvan.cases.services.figures import refresh_since

    if not FigureRefresh.objects.exists():
        t0 = time.perf_counter()
        oldest = Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
        written = refresh_since(first=oldest.date()) if oldest else 0
        context["figures_seconds"] = time.perf_counter() - t0
        context["figures_rows"] = written
        print(f"[cases] monthly figures: {written:,} rows in {context['figures_seconds']:.0f} s")
    # What autovacuum does after the worker's hourly refresh: planner statistics, and the
    # visibility map that lets the dashboards read the figures from their index alone.
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_casemonthlyfigure")
    words = "duong giao"  # two folded words of one template in twelve
    context["words"] = words
    rows: list[tuple[str, int, float, float, int, float]] = []
    explained: set[str] = set()

    for who, user in (("provincial leader", leader), ("commune officer", officer)):
        client = Client()
        client.force_login(user)
        for path in (
            "/home/",  # the role's dashboard (issue 16: p95 < 150 ms)
            "/cases/",
            f"/cases/?q={words.replace(' ', '+')}",
            "/api/v1/cases",
            f"/api/v1/cases?q={words.replace(' ', '+')}",
        ):

            def call(path: str = path, client: Client = client) -> None:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            t0 = time.perf_counter()
            call()  # warm-up
            # A slow page gets fewer runs (at least 10): `make bench` must end in minutes.
            warm = time.perf_counter() - t0
            runs = max(10, min(RUNS, int(BUDGET_SECONDS / max(warm, 0.001))))
            timed: list[tuple[float, str, Any]] = []

            def count(execute, sql, params, many, context, timed=timed):  # type: ignore[no-untyped-def]
                t0 = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    timed.append(((time.perf_counter() - t0) * 1000, sql, params))

            with connection.execute_wrapper(count):
                call()
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                call()
                times.append((time.perf_counter() - t0) * 1000)
            timed.sort(key=lambda t: t[0], reverse=True)
            slowest = timed[0][0] if timed else 0.0
            label = f"GET {path} ({who})"
            med, p95 = statistics.median(times), _pct(times, 0.95)
            rows.append((label, runs, med, p95, len(timed), slowest))
            print(
                f"[cases] {label}: {runs} runs, p50 {med:.1f} ms, p95 {p95:.1f} ms, "
                f"{len(timed)} queries, slowest query {slowest:.1f} ms",
                flush=True,
            )
            for ms, sql, _params in timed[:3]:
                print(f"[cases]     {ms:7.1f} ms  {sql[:160]}", flush=True)
            if p95 > 100 and timed and path not in explained:
                explained.add(path)
                _ms, sql, params = timed[0]
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(r[0] for r in cur.fetchall())
                print(f"[cases]   EXPLAIN ANALYZE of the slowest query:\n{plan}", flush=True)
    return rows, context


# --- 3. Load on loopback --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def _cpu_times() -> list[int]:
    # The machine's CPU time so far (/proc/stat, first line): user nice system idle iowait irq
    # softirq steal.
    with open("/proc/stat", encoding="ascii") as fh:
        return [int(x) for x in fh.readline().split()[1:9]]


def _cpu_share(before: list[int], after: list[int]) -> dict[str, float]:
    """Busy, idle and stolen shares of the machine's CPU between two readings. On a virtual
    machine "steal" is time the hypervisor gave to other guests: the same load gets less done,
    and throughput from run to run moves with it."""
    d = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(d) or 1
    idle = d[3] + d[4]
    return {
        "busy": 1 - (idle + d[7]) / total,
        "idle": idle / total,
        # Idle while some process waits on the disk (the database flushing its log at commit).
        "iowait": d[4] / total,
        "steal": d[7] / total,
    }


def _wrk(
    port: int,
    mode: str,
    seconds: int,
    run: str,
    units: str,
    *,
    script: str = "load.lua",
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One wrk run of `script` (bench/load.lua, or another part's): new requests for
    `seconds`, then a quiet tail while those in flight end."""
    tail = 5
    launch = time.time()
    deadline = int(launch) + seconds + 1  # a whole second: the Lua side only has os.time()
    env = {
        **os.environ,
        "BENCH_MODE": mode,
        "BENCH_DEADLINE": str(deadline),
        "BENCH_RUN": run,
        "BENCH_UNITS": units,
        **(extra or {}),
    }
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{deadline - int(launch) + tail}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / script),
        f"http://127.0.0.1:{port}",
    ]
    before = _cpu_times()
    proc = subprocess.Popen(  # noqa: S603 - fixed arguments, our own wrk script
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(max(0.0, deadline - time.time()))
    cpu = _cpu_share(before, _cpu_times())
    stdout, stderr = proc.communicate(timeout=seconds + 60)
    line = next((x for x in stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures:\n{stdout}\n{stderr}")
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["window_s"] = deadline - launch
    result.update(cpu)
    ok = result["created"] + result["ok_other"]
    result["rps"] = ok / result["window_s"]
    return result


def server_env(url: str, port: int) -> dict[str, str]:
    """The environment of the served app: production settings on `url`, bound to `port`."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "ERROR",
        "WEB_BIND": f"127.0.0.1:{port}",
    }


def start_gunicorn(env: dict[str, str], log: Any = None) -> subprocess.Popen:
    """The server stack: gunicorn with the project's own configuration (danvan/gunicorn_conf.py),
    workers and threads from WEB_WORKERS / WEB_THREADS (their production defaults unless set)."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    cmd = [
        gunicorn,
        "-c",
        "python:danvan.gunicorn_conf",
        "danvan.wsgi:application",
        "--log-level",
        "warning",
    ]
    print(f"[cases] {' '.join(cmd[1:])}", flush=True)
    return subprocess.Popen(  # noqa: S603
        cmd, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log
    )


def worker_command() -> list[str]:
    """The worker as the README runs it in production: `danvan worker`, at WORKER_PRIORITY."""
    return [
        *_PRIORITY_PREFIX[WORKER_PRIORITY],
        str(Path(sys.executable).with_name("danvan")),
        WORKER_COMMAND,
        *WORKER_ARGS,
    ]


def start_worker(env: dict[str, str], log: Any = subprocess.DEVNULL) -> subprocess.Popen:
    cmd = worker_command()
    print(f"[cases] {' '.join(cmd)}", flush=True)
    return subprocess.Popen(  # noqa: S603
        cmd, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log
    )


def stop(*procs: subprocess.Popen) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def load(url: str) -> dict[str, Any]:
    import psycopg

    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (the Makefile's bench target does it)")
    with psycopg.connect(url) as conn:
        units = ",".join(
            str(r[0])
            for r in conn.execute(
                "SELECT unit_id FROM org_organization WHERE kind = 'peoples_committee' "
                "AND level = 'commune' AND valid_to IS NULL ORDER BY id LIMIT 200"
            )
        )
    port = _free_port()
    env = server_env(url, port)
    proc = start_gunicorn(env)
    # The background worker registers receipts as matters while the load runs, beside the web
    # workers on the same two cores, at the idle CPU priority the README asks for on web
    # machines: during a rush citizens are answered first and registration catches up.
    worker = start_worker(env)
    from danvan import gunicorn_conf as conf

    run = f"bench-{int(time.time())}"
    rounds: list[dict[str, Any]] = []
    try:
        _wait_ready(port, proc)
        # Warm-up: every worker imports, connects, fills its caches.
        _wrk(port, "submit", 3, f"warm-{run}", units)
        _wrk(port, "healthz", 3, f"warm-{run}", units)
        for n in range(1, ROUNDS + 1):
            keys = f"{run}r{n}"
            # Keys are stored only as client-scoped digests (decision 0008): a round's rows are
            # those after the receipts' high-water mark taken before it.
            since = _last_receipt_id(url)
            submit = _wrk(port, "submit", LOAD_SECONDS, keys, units)
            print(f"[cases] round {n} submit: {submit}", flush=True)
            drain = _drain(url, since)
            print(f"[cases] round {n} registered: {drain}", flush=True)
            bare = _wrk(port, "healthz", LOAD_SECONDS, keys, units)
            print(f"[cases] round {n} healthz: {bare}", flush=True)
            rounds.append(
                {"keys": keys, "since": since, "submit": submit, "drain": drain, "bare": bare}
            )
    finally:
        stop(proc, worker)
    with psycopg.connect(url) as conn:
        for r in rounds:
            # Rounds follow one another: a round's receipts are those after its mark and up to
            # the next round's.
            nxt = next((x["since"] for x in rounds if x["since"] > r["since"]), None)
            r["receipts"], r["stored"] = conn.execute(
                "SELECT count(*), count(case_id) FROM cases_submissionreceipt "
                "WHERE id > %s AND (%s::bigint IS NULL OR id <= %s)",
                [r["since"], nxt, nxt],
            ).fetchone()  # type: ignore[misc]
            r["ratio"] = r["submit"]["rps"] / r["bare"]["rps"] if r["bare"]["rps"] else 0.0
    return {
        "rounds": rounds,
        "args": f"-c python:danvan.gunicorn_conf: {conf.workers} workers × {conf.threads} "
        f"threads ({conf.worker_class})",
        "worker": " ".join(WORKER_ARGS),
        "run": run,
    }


def _last_receipt_id(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM cases_submissionreceipt").fetchone()
    return int(row[0]) if row else 0


def _drain(url: str, since: int = 0, timeout: float = 600) -> dict[str, Any]:
    """Wait until every receipt after `since` (its id) is a matter; how long after the load it
    took."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            waiting, failed = conn.execute(
                "SELECT count(*) FILTER (WHERE error = ''), count(*) FILTER (WHERE error <> '') "
                "FROM cases_submissionreceipt WHERE registered_at IS NULL AND id > %s",
                [since],
            ).fetchone()  # type: ignore[misc]
            if not waiting or time.perf_counter() - started > timeout:
                return {
                    "seconds": time.perf_counter() - started,
                    "waiting": waiting,
                    "failed": failed,
                }
            time.sleep(0.5)


# --- 4. Report -----------------------------------------------------------------------------


def report(
    seeded: dict[str, Any],
    rows: list[tuple[str, int, float, float, int, float]],
    context: dict[str, Any],
    loaded: dict[str, Any],
    matters: int,
    pg_version: str,
    machine: str,
) -> str:
    rounds = loaded["rounds"]
    ratio = statistics.median(r["ratio"] for r in rounds)
    p99 = statistics.median(r["submit"]["p99_ms"] for r in rounds)
    ratio_rounds = sum(r["ratio"] >= 0.40 for r in rounds)
    p99_rounds = sum(r["submit"]["p99_ms"] < 150 for r in rounds)
    submitted = sum(r["submit"]["created"] for r in rounds)
    stored = sum(r["stored"] for r in rounds)
    receipts = sum(r["receipts"] for r in rounds)
    equal = all(r["submit"]["created"] == r["stored"] == r["receipts"] for r in rounds)
    slowest_drain = max(rounds, key=lambda r: r["drain"]["seconds"])["drain"]
    window = rounds[0]["submit"]["window_s"]
    dashboards = [r for r in rows if "/home/" in r[0]]
    rows = [r for r in rows if "/home/" not in r[0]]
    worst_dashboard = max((r[3] for r in dashboards), default=0)
    dashboard_queries = sorted({r[4] for r in dashboards})
    worst_list = max((p95 for label, _r, _m, p95, _q, _s in rows if "?q=" not in label), default=0)
    worst_search = max((p95 for label, _r, _m, p95, _q, _s in rows if "?q=" in label), default=0)

    def met(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    today = dt.date.today().strftime("%d/%m/%Y")  # noqa: DTZ011 - the machine's date is the point
    if seeded["added"]:
        seeding = (
            f"seeded {seeded['added']:,} matters in {seeded['seconds']:.0f} s "
            f"(insert {seeded['insert_seconds']:.0f} s, re-creating the secondary indexes "
            f"{seeded['index_seconds']:.0f} s, VACUUM ANALYZE {seeded['vacuum_seconds']:.0f} s)"
        )
    else:
        seeding = f"{seeded['bench_matters']:,} bench matters already seeded (no seeding time)"

    def load_row(n: int, name: str, r: dict[str, Any]) -> str:
        socket_errors = r["connect_errors"] + r["read_errors"] + r["write_errors"]
        return (
            f"| {n} | {name} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['created'] + r['ok_other']:,} | "
            f"{r['non2xx']} non-2xx, {socket_errors} socket, {r['timeouts']} timeouts | "
            f"{r['busy']:.0%} / {r['idle']:.0%} ({r['iowait']:.0%}) / {r['steal']:.0%} |"
        )

    load_rows = []
    for n, r in enumerate(rounds, 1):
        load_rows.append(load_row(n, "POST /api/v1/cases", r["submit"]))
        load_rows.append(load_row(n, "GET /healthz", r["bare"]))
    round_lines = [
        f"- Round {n}: submissions / bare view {r['ratio']:.1%}; submitted (201 answers) "
        f"{r['submit']['created']:,}, stored {r['receipts']:,} receipts and {r['stored']:,} "
        f"matters; every receipt a matter {r['drain']['seconds']:.1f} s after the load"
        for n, r in enumerate(rounds, 1)
    ]

    lines = [
        "",
        f"## {today} — citizen matters — {machine}",
        "",
        f"PostgreSQL {pg_version}; {matters:,} matters in the database "
        f"({context['province']}: {context['province_matters']:,}; {context['commune']}: "
        f"{context['commune_matters']:,}); {seeding}. Seeded matters have no petitioner rows.",
        "",
        f"In process (Django test client, no network), up to {RUNS} runs after one warm-up "
        f"(at least 10 when a page is slow); "
        f"search words “{context['words']}”:",
        "",
        "| request | runs | median ms | p95 ms | queries | slowest query ms |",
        "|---|---:|---:|---:|---:|---:|",
        *[f"| {lbl} | {n} | {m:.1f} | {p:.1f} | {q} | {s:.1f} |" for lbl, n, m, p, q, s in rows],
        "",
        f"Load on loopback: gunicorn `{loaded['args']}`, DEBUG=0; wrk, 2 threads, "
        f"{CONNECTIONS} connections, {window:.1f} s of new requests then a quiet tail "
        "so that every request in flight is answered; req/s = 2xx answers / window. The load "
        "generator, gunicorn and PostgreSQL share the machine. A submission is answered once "
        f"its receipt is stored; one background worker (`danvan {WORKER_COMMAND} "
        f"{loaded['worker']}`, CPU priority `{WORKER_PRIORITY}`) registers receipts as matters "
        f"on the same cores. {len(rounds)} rounds, each: submissions (a new matter each, "
        "unique Idempotency-Key), wait until every receipt is a matter, then the bare JSON view "
        "(GET /healthz) on the same server. CPU: the machine's, over the window (/proc/stat); "
        "“disk wait” is the part of the idle time in which a process waited on the disk (the "
        "database flushing its log at commit); “stolen” is time the hypervisor gave to other "
        "guests.",
        "",
        "| round | endpoint | req/s | p50 ms | p95 ms | p99 ms | max ms | 2xx | errors | "
        "CPU busy / idle (disk wait) / stolen |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
        *load_rows,
        "",
        *round_lines,
        f"- Submitted {submitted:,} vs stored {receipts:,} receipts and {stored:,} matters: "
        f"{'equal' if equal else 'NOT equal'} ({slowest_drain['waiting']} still waiting, "
        f"{slowest_drain['failed']} failed in the slowest round)",
        f"- Target submissions ≥ 40% of the bare view: {met(ratio >= 0.40)} (median of the "
        f"rounds {ratio:.1%}; {ratio_rounds} of {len(rounds)} rounds at 40% or more)",
        f"- Target submission p99 < 150 ms at {CONNECTIONS} clients: {met(p99 < 150)} (median "
        f"{p99:.1f} ms; {p99_rounds} of {len(rounds)} rounds under 150 ms)",
        f"- Target inbox list p95 < 100 ms: {met(worst_list < 100)} (worst {worst_list:.1f} ms)",
        f"- Target search p95 < 100 ms: {met(worst_search < 100)} (worst {worst_search:.1f} ms)",
        f"- Target dashboard p95 < 150 ms: {met(worst_dashboard < 150)} "
        f"(worst {worst_dashboard:.1f} ms; queries per dashboard: "
        f"{', '.join(str(q) for q in dashboard_queries)})",
        *[
            f"  - {label}: p50 {med:.1f} ms, p95 {p95:.1f} ms, {queries} queries, "
            f"slowest query {slowest:.1f} ms ({runs} runs)"
            for label, runs, med, p95, queries, slowest in dashboards
        ],
        *(
            [
                f"  - Monthly figures compiled for the seeded months first: "
                f"{context['figures_rows']:,} rows in {context['figures_seconds']:.0f} s"
            ]
            if "figures_seconds" in context
            else []
        ),
        f"- Submitted equals stored: {met(equal)}",
        "",
    ]
    return "\n".join(lines)


def run(url: str, machine: str) -> None:
    """Everything after Django is set up on the bench database (bench/run.py's main)."""
    from django.db import connection

    from danvan.cases.models import Case

    seeded = seed(url)
    connection.close()  # the in-process part sees the new statistics
    rows, context = in_process()
    loaded = load(url)
    matters = Case.objects.count()
    version = connection.cursor().connection.info.server_version
    text = report(
        seeded, rows, context, loaded, matters, f"{version // 10000}.{version % 10000}", machine
    )
    print(text)
    append_report(text)


def main() -> None:
    url = prepare_standalone()
    run(url, _machine())


if __name__ == "__main__":
    main()
