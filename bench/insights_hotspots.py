"""Bench: the national hotspot scan (issue 20, point 10: "the hotspot scan for the nation in
under a minute"), on PostgreSQL.

1. Builds its own history in its own database (danvan_ins_hotspots): the 34 provinces, 3,321
   communes and their bodies (`demo.services.seed_national`), then BENCH_HOTSPOT_WEEKS (26)
   weeks of texts per commune — a weekly rate per commune drawn from a gamma law (mean
   BENCH_HOTSPOT_RATE, 25; communes differ ten-fold), Poisson counts per week, spread over 20
   topics; matters' kinds 60 % feedback, 30 % complaints, 5 % denunciations, 5 % proposals,
   addressed to the commune's People's Committee — a few million `Text` rows loaded with
   COPY; the active national topic model's `TopicWeekCount` per (topic, commune, week); the
   topic memberships of the last week's texts (what the cluster rule reads).
2. Plants three hotspots in the last week: one commune at 4 × its rate, one topic in one
   province at 3 ×, one body's complaints at 4 ×.
3. Times `services.hotspots.scan` for the last week, three runs (the first creates the
   hotspots and alerts, the others find the same rows), and reports the series tested, what
   was raised (the three planted ones should be among it) and the seconds.

Senders (`Petitioner` rows) are not generated: the cluster rule's grouping queries run over
the real volume, the sender subquery only over the groups big enough (few here).

Run alone (any database URL of the server; the bench uses its own database on it):
cd bench && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python insights_hotspots.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

DB = "danvan_ins_hotspots"
WEEKS = int(os.environ.get("BENCH_HOTSPOT_WEEKS", "26"))
RATE = float(os.environ.get("BENCH_HOTSPOT_RATE", "25"))
TOPICS = 20
LAST = dt.date(2026, 11, 23)  # a Monday: the week scanned
SEED = 20


def _prepare() -> None:
    """Django on this bench's own database, migrated, with units and bodies."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parsed = urlparse(base)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = parsed._replace(path=f"/{DB}").geturl()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from danvan.demo.services import seed_national

    call_command("migrate", verbosity=0)
    seed_national()


def _copy(table: str, columns: list[str], rows: io.StringIO) -> None:
    from django.db import connection

    rows.seek(0)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            while chunk := rows.read(1 << 20):
                copy.write(chunk)


def _build() -> dict[str, object]:
    """The history (once: a second run reuses it). Returns what was planted."""
    import numpy as np
    from django.db import connection
    from django.utils import timezone

    from danvan.insights.models import Hotspot, Text, Topic, TopicModel
    from danvan.org.models import AdminLevel, AdminUnit, Organization, OrganizationKind

    model = TopicModel.objects.filter(scope__isnull=True, active=True).first()
    communes = list(
        AdminUnit.objects.current()
        .filter(level=AdminLevel.COMMUNE)
        .order_by("code")
        .values_list("pk", "province_id")
    )
    committees = dict(
        Organization.objects.filter(
            kind=OrganizationKind.PEOPLES_COMMITTEE, current_unit__level=AdminLevel.COMMUNE
        ).values_list("current_unit_id", "pk")
    )
    rng = np.random.default_rng(SEED)
    spike_commune, spike_body_commune = communes[100][0], communes[2000][0]
    spike_province = communes[1500][1]
    plan = {
        "commune": spike_commune,
        "topic_province": spike_province,
        "body": committees.get(spike_body_commune),
    }
    if model is not None and Text.objects.exists():
        Hotspot.objects.all().delete()
        return plan | {"topic": Topic.objects.get(model=model, number=3).pk, "body": _plant_body()}

    model = TopicModel.objects.create(
        scope=None,
        period_start=LAST - dt.timedelta(weeks=WEEKS),
        period_end=LAST,
        topic_count=TOPICS,
        trained_at=timezone.now(),
        active=True,
    )
    topics = [
        Topic.objects.create(
            model=model, number=i, words=[[f"chủ_đề_{i}", 1.0]], label=f"Chủ đề {i}"
        )
        for i in range(TOPICS)
    ].copy()
    topic_ids = [t.pk for t in topics]
    plan["topic"] = topic_ids[3]
    weeks = [LAST - dt.timedelta(weeks=k) for k in range(WEEKS - 1, -1, -1)]
    rates = rng.gamma(2.0, RATE / 2.0, size=len(communes))
    topic_share = rng.dirichlet(np.ones(TOPICS) * 2.0)
    kinds = np.array(["feedback", "complaint", "denunciation", "proposal"])
    kind_p = [0.60, 0.30, 0.05, 0.05]
    texts, counts, members = io.StringIO(), io.StringIO(), io.StringIO()
    next_id = 1
    now = timezone.now().isoformat()
    for i, (unit_id, province_id) in enumerate(communes):
        body = committees.get(unit_id, "\\N")
        for week in weeks:
            rate = rates[i]
            last = week == LAST
            if last and unit_id == spike_commune:
                rate *= 4
            n = int(rng.poisson(rate))
            share = topic_share
            if last and province_id == spike_province:
                share = topic_share.copy()
                share[3] *= 3
                share = share / share.sum()
                n = int(n * (1 + 2 * topic_share[3]))
            per_topic = rng.multinomial(n, share)
            week_kinds = rng.choice(kinds, size=n, p=kind_p)
            if last and unit_id == spike_body_commune:
                extra = int(rng.poisson(rate * 0.35 * 3))
                week_kinds = np.concatenate([week_kinds, np.full(extra, "complaint")])
                per_topic = per_topic.copy()
                per_topic[0] += extra
            at = f"{week + dt.timedelta(days=2)}T03:00:00+00:00"
            k = 0
            for t, m in enumerate(per_topic):
                if m:
                    counts.write(f"{topic_ids[t]}\t{week}\t{province_id}\t{unit_id}\t{m}\n")
                for _ in range(m):
                    kind = week_kinds[k]
                    k += 1
                    restricted = "t" if kind == "denunciation" else "f"
                    texts.write(
                        f"{next_id}\tcase\t{next_id}\t{kind}\t{restricted}\tf\t{unit_id}\t"
                        f"{province_id}\t{body}\t{at}\t{week}\tx\tw{next_id}\t{now}\n"
                    )
                    if last:
                        members.write(f"{model.pk}\t{next_id}\t{topic_ids[t]}\t0.9\n")
                    next_id += 1
    started = time.perf_counter()
    _copy(
        "insights_text",
        [
            "id",
            "source",
            "source_id",
            "case_kind",
            "restricted",
            "sensitive",
            "unit_id",
            "province_id",
            "organization_id",
            "occurred_at",
            "week",
            "content",
            "words",
            "harvested_at",
        ],
        texts,
    )
    _copy(
        "insights_topicweekcount", ["topic_id", "week", "province_id", "unit_id", "count"], counts
    )
    _copy("insights_topicmembership", ["model_id", "text_id", "topic_id", "weight"], members)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('insights_text', 'id'), "
            "(SELECT max(id) FROM insights_text))"
        )
        cursor.execute("ANALYZE insights_text")
        cursor.execute("ANALYZE insights_topicweekcount")
        cursor.execute("ANALYZE insights_topicmembership")
    print(f"loaded {next_id - 1:,} texts in {time.perf_counter() - started:.0f} s", flush=True)
    return plan | {"body": _plant_body()}


PLANTED = 900_000_000  # source ids of the planted complaints


def _plant_body() -> int:
    """Complaints about one body rising: the commune People's Committee whose weekly
    complaints and denunciations are nearest the median gets four times its mean in the last
    week (planted again on every run, so that a rerun finds the same)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM insights_text WHERE source_id >= %s", [PLANTED])
        cursor.execute(
            """
            WITH per_body AS (
                SELECT organization_id AS body, unit_id, province_id, count(*)::float / %s AS mean
                FROM insights_text
                WHERE case_kind IN ('complaint', 'denunciation') AND week < %s AND week >= %s
                GROUP BY 1, 2, 3
            )
            SELECT body, unit_id, province_id, mean FROM per_body
            ORDER BY abs(mean - (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY mean)
                                 FROM per_body)), body
            LIMIT 1
            """,
            [8, LAST, LAST - dt.timedelta(weeks=8)],
        )
        body, unit_id, province_id, mean = cursor.fetchone()
        extra = int(3 * mean) + 5
        cursor.execute(
            """
            INSERT INTO insights_text (source, source_id, case_kind, restricted, sensitive,
                unit_id, province_id, organization_id, occurred_at, week, content, words,
                harvested_at)
            SELECT 'case', %s + g, 'complaint', false, false, %s, %s, %s, %s, %s, 'x',
                'planted ' || g, now()
            FROM generate_series(1, %s) AS g
            """,
            [
                PLANTED,
                unit_id,
                province_id,
                body,
                f"{LAST + dt.timedelta(days=2)}T03:00:00+00:00",
                LAST,
                extra,
            ],
        )
    print(f"planted {extra} complaints about body {body} (mean {mean:.1f} a week)", flush=True)
    return int(body)


def run(report: Callable[[str], None]) -> None:
    from django.conf import settings
    from django.db import connection

    if not settings.configured or connection.vendor != "postgresql":
        raise SystemExit("the hotspot bench measures PostgreSQL")
    from danvan.insights.models import Hotspot, Text, TopicWeekCount
    from danvan.insights.services.hotspots import scan

    plan = _build()
    texts = Text.objects.count()
    counts = TopicWeekCount.objects.count()
    times, results = [], []
    for _ in range(3):
        started = time.perf_counter()
        results.append(scan(week=LAST))
        times.append(time.perf_counter() - started)
    first = results[0]
    raised = list(
        Hotspot.objects.values_list("kind", "unit_id", "province_id", "topic_id", "subject_body_id")
    )
    found = {
        "commune": any(k == "place_surge" and u == plan["commune"] for k, u, _p, _t, _b in raised),
        "topic × province": any(
            k == "topic_surge" and p == plan["topic_province"] and t == plan["topic"]
            for k, _u, p, t, _b in raised
        ),
        "body": any(k == "body" and b == plan["body"] for k, _u, _p, _t, b in raised),
    }
    report(
        "\n## Insights: the national hotspot scan\n\n"
        f"{dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC, "
        f"PostgreSQL {connection.pg_version // 10000}, "
        f"database {connection.settings_dict['NAME']}. {texts:,} texts over {WEEKS} weeks × 3,321 "
        f"communes, {counts:,} weekly topic counts ({TOPICS} topics). Target: < 60 s.\n\n"
        f"| run | seconds | series tested | raised | new |\n|---|---|---|---|---|\n"
        + "".join(
            f"| {i + 1} | {t:.1f} | {r.tested:,} | {len(r.raised)} | {r.created} |\n"
            for i, (t, r) in enumerate(zip(times, results, strict=True))
        )
        + f"\nMedian {statistics.median(times):.1f} s. Planted hotspots found: "
        + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in found.items())
        + f". Raised in all: {len(first.raised)} (of {first.tested:,} series).\n"
    )


if __name__ == "__main__":
    _prepare()
    run(print)
