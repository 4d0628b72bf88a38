"""Bench: the topic model over 1,000,000 texts (issue 20, point 10: "a topic model over
1,000,000 texts in under 15 minutes"; the national batch on a local Dask cluster of several
worker processes, with the speed-up measured).

What is measured is the topic model, not segmentation nor the database: BENCH_TOPICS_TEXTS
(1,000,000) synthetic Vietnamese texts are generated from realistic phrase templates of 16
issues people raise (land, waste, health insurance, roads, …), already segmented into words
(`Text.words`' form), with a week over a year and one of 3,321 communes of 34 provinces each,
then cut into chunks of INSIGHTS_TOPICS_CHUNK (20,000) as `training.read_chunks` cuts them.
`batch.train` (document frequencies → vocabulary → TF-IDF → NMF fit → assignment and counts
per topic, week and place → coherence) runs on them:

1. in-process (`batch.Engine()`), in its own process so that its memory peak is its own;
   The factorization is fitted on a seeded sample of BENCH_TOPICS_SAMPLE (200,000) texts
   (`Options.fit_sample`); every text is then placed and counted;
2. on `distributed.LocalCluster(n_workers=BENCH_TOPICS_WORKERS (2), processes=True,
   threads_per_worker=1)`, the chunks shipped from the driver as `training` ships them.

3. in-process again with the fit on all texts ("full"; BENCH_TOPICS_FULL=0 skips it), to
   compare its topics with the sample's.

Each mode reports wall time per stage, the peak resident memory (driver; and each worker) and
the topics' quality; the speed-up is in-process time over cluster time. Also checked: both
modes give the same memberships (a hash of them).

cd bench && python insights_topics.py   (no database needed)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEXTS = int(os.environ.get("BENCH_TOPICS_TEXTS", "1000000"))
WORKERS = int(os.environ.get("BENCH_TOPICS_WORKERS", "2"))
TOPICS = int(os.environ.get("BENCH_TOPICS_K", "20"))
CHUNK = int(os.environ.get("INSIGHTS_TOPICS_CHUNK", "20000"))
TARGET_S = 15 * 60

# Phrases people write, already segmented as `language.segment` leaves them.
ISSUES: dict[str, list[str]] = {
    "land": [
        "tiền bồi_thường giải_phóng mặt_bằng quá thấp",
        "chưa nhận tiền bồi_thường đất nông_nghiệp",
        "giá đất bồi_thường không sát thực_tế",
        "thu_hồi đất làm dự_án chưa bố_trí tái_định_cư",
        "chậm cấp giấy chứng_nhận quyền sử_dụng đất",
        "tranh_chấp ranh_giới thửa đất",
    ],
    "waste": [
        "rác_thải sinh_hoạt không được thu_gom",
        "bãi rác bốc mùi hôi_thối gây ô_nhiễm",
        "nhà_máy xả nước_thải ra sông",
        "khói bụi lò gạch ô_nhiễm không_khí",
        "xe chở rác rơi_vãi",
        "kênh mương đầy rác nước_thải",
    ],
    "health": [
        "khám chữa bệnh bảo_hiểm y_tế chờ lâu",
        "bệnh_viện thiếu thuốc bảo_hiểm y_tế",
        "trạm y_tế không có bác_sĩ trực",
        "thanh_toán bảo_hiểm y_tế phức_tạp",
        "người cao_tuổi chưa được cấp thẻ bảo_hiểm y_tế",
    ],
    "roads": [
        "đường giao_thông xuống_cấp nhiều ổ_gà",
        "cầu dân_sinh hư_hỏng nguy_hiểm",
        "đường liên thôn lầy_lội mùa mưa",
        "thi_công đường kéo_dài gây bụi",
        "thiếu đèn chiếu_sáng đường",
    ],
    "water": [
        "thiếu nước sạch sinh_hoạt mùa khô",
        "nước máy có mùi lạ màu vàng",
        "giếng khoan nhiễm phèn",
        "giá nước sạch tăng cao",
        "đường_ống cấp nước bị vỡ",
    ],
    "electricity": [
        "tiền điện tăng bất_thường",
        "mất điện thường_xuyên không báo trước",
        "cột điện nghiêng nguy_hiểm",
        "chỉ_số công_tơ điện không chính_xác",
    ],
    "schools": [
        "trường học thiếu phòng học",
        "thu các khoản đóng_góp đầu năm_học",
        "học_sinh đi học xa nguy_hiểm",
        "thiếu giáo_viên tiếng anh tin_học",
        "bếp ăn bán_trú không bảo_đảm vệ_sinh",
    ],
    "admin": [
        "thủ_tục hành_chính rườm_rà phải đi lại nhiều lần",
        "cán_bộ một_cửa hướng_dẫn không rõ",
        "hồ_sơ trễ hẹn không xin_lỗi",
        "dịch_vụ công trực_tuyến hay lỗi",
    ],
    "pensions": [
        "chậm chi_trả lương hưu trợ_cấp",
        "chưa được hưởng trợ_cấp người có công",
        "hồ_sơ chế_độ chính_sách thương_binh",
        "trợ_cấp bảo_trợ xã_hội người khuyết_tật",
    ],
    "floods": [
        "ngập_úng sau mưa lớn",
        "sạt_lở bờ sông đe_dọa nhà_cửa",
        "hỗ_trợ khắc_phục hậu_quả bão lũ chậm",
        "đê bao xuống_cấp",
    ],
    "agriculture": [
        "giá lúa thấp thương_lái ép giá",
        "phân_bón giả kém chất_lượng",
        "dịch_bệnh gia_súc chưa được hỗ_trợ",
        "kênh thủy_lợi bồi_lắng thiếu nước tưới",
    ],
    "security": [
        "trộm_cắp tài_sản ban_đêm",
        "thanh_niên tụ_tập đua xe gây mất trật_tự",
        "cho vay nặng_lãi tín_dụng đen",
        "tệ_nạn ma_túy",
    ],
    "construction": [
        "xây_dựng trái_phép lấn_chiếm hành_lang",
        "công_trình xây_dựng gây nứt nhà liền_kề",
        "cấp phép xây_dựng chậm",
        "lấn_chiếm vỉa_hè buôn_bán",
    ],
    "jobs": [
        "thiếu việc_làm thanh_niên nông_thôn",
        "doanh_nghiệp nợ lương công_nhân",
        "chưa đóng bảo_hiểm xã_hội cho người lao_động",
        "đào_tạo nghề không phù_hợp",
    ],
    "prices": [
        "giá thực_phẩm tăng cao",
        "chợ tạm mất vệ_sinh",
        "hàng giả hàng kém chất_lượng",
        "xăng_dầu tăng giá",
    ],
    "noise": [
        "karaoke gây ồn ào đêm khuya",
        "xưởng cơ_khí gây tiếng ồn",
        "loa phát_thanh quá to",
        "quán nhậu ồn ào lấn_chiếm",
    ],
}
OPENINGS = [
    "kính gửi ủy_ban",
    "tôi xin phản_ánh",
    "đề_nghị cơ_quan chức_năng xem_xét",
    "bà_con trong thôn bức_xúc",
    "mong được giải_quyết sớm",
    "đã nhiều lần kiến_nghị nhưng chưa được trả_lời",
]


def generate(seed: int = 2026) -> list[Any]:
    """The texts as the engine's chunks (numpy vectorized draws, the words joined per text)."""
    import numpy as np

    from danvan.insights.topics.compute import Chunk

    rng = np.random.default_rng(seed)
    issues = list(ISSUES.values())
    share = rng.dirichlet(np.ones(len(issues)) * 3)
    # A long tail of rarer words (names of hamlets, persons, streets): what min_df prunes.
    tail = [f"thôn_{i}" for i in range(3000)] + [f"ông_{i}" for i in range(2000)]
    first_week = dt.date(2025, 12, 1).toordinal()
    chunks = []
    ids = 0
    for start in range(0, TEXTS, CHUNK):
        n = min(CHUNK, TEXTS - start)
        issue = rng.choice(len(issues), size=n, p=share)
        second = rng.choice(len(issues), size=n, p=share)
        mixed = rng.random(n) < 0.15  # some texts raise two issues
        words = []
        for i in range(n):
            phrases = issues[issue[i]]
            parts = [
                OPENINGS[rng.integers(len(OPENINGS))],
                phrases[rng.integers(len(phrases))],
                phrases[rng.integers(len(phrases))],
                tail[rng.integers(len(tail))],
            ]
            if mixed[i]:
                other = issues[second[i]]
                parts.append(other[rng.integers(len(other))])
            words.append(" ".join(parts))
        weeks = first_week + 7 * rng.integers(0, 52, size=n)
        provinces = rng.integers(1, 35, size=n)
        units = 100 + provinces * 100 + rng.integers(0, 98, size=n)
        sensitive = rng.random(n) < 0.01
        chunks.append(
            Chunk(
                ids=np.arange(ids + 1, ids + n + 1, dtype=np.int64),
                words=words,
                weeks=weeks.astype(np.int64),
                provinces=provinces.astype(np.int64),
                units=units.astype(np.int64),
                sensitive=sensitive,
                quotable=~sensitive,
            )
        )
        ids += n
    return chunks


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str) -> dict[str, Any]:
    """One mode, in this process: generate, train, report."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    import numpy as np

    from danvan.insights import batch

    t = time.perf_counter()
    chunks = generate()
    generated = time.perf_counter() - t
    base_rss = _rss_mb()
    cluster = client = None
    if mode == "dask":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    engine = batch.Engine(client)
    options = batch.Options(
        topics=TOPICS,
        seed=0,
        min_df=5,
        max_df=0.5,
        max_features=20_000,
        fit_sample=0 if mode == "full" else int(os.environ.get("BENCH_TOPICS_SAMPLE", "200000")),
    )
    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter())

    t = time.perf_counter()
    result = batch.train(engine, iter(chunks), options, progress=progress)
    seconds = time.perf_counter() - t
    assert result is not None and result.fitted is not None
    worker_rss: list[float] = []
    if client is not None:
        worker_rss = sorted(
            client.run(
                lambda: __import__("resource").getrusage(0).ru_maxrss / 1024  # RUSAGE_SELF
            ).values()
        )
        client.close()
        cluster.close()  # type: ignore[union-attr]
    digest = hashlib.sha256(result.ids.tobytes() + result.topics.tobytes()).hexdigest()[:16]
    return {
        "mode": mode,
        "texts": TEXTS,
        "generated_s": round(generated, 1),
        "seconds": round(seconds, 1),
        "stages": result.quality["seconds"],
        "driver_rss_mb": round(_rss_mb(), 0),
        "data_rss_mb": round(base_rss, 0),
        "worker_rss_mb": [round(x, 0) for x in worker_rss],
        "npmi": result.quality["npmi"],
        "relative_error": result.quality["relative_error"],
        "vocabulary": result.quality["vocabulary"],
        "iterations": result.quality["iterations"],
        "placed": len(result.ids),
        "sizes": sorted(np.bincount(result.topics).tolist(), reverse=True)[:5],
        "topics": [", ".join(w for w, _ in words[:5]) for words in result.fitted.topic_words],
        "top10": [[w for w, _ in words[:10]] for words in result.fitted.topic_words],
        "fitted_on": result.quality["fitted_on"],
        "digest": digest,
    }


DB_URL = os.environ.get(
    "BENCH_TOPICS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_ins_topics"
)


def _prepare_database() -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(DB_URL)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from danvan.org.models import AdminUnit

    if not AdminUnit.objects.exists():
        from danvan.org.services import load_admin_units

        load_admin_units()


def _load_texts() -> None:
    """The synthetic texts as `Text` rows (COPY), on real communes; once."""
    from django.db import connection

    from danvan.insights.models import Text
    from danvan.org.models import AdminLevel, AdminUnit

    have = Text.objects.count()
    if have >= TEXTS:
        return
    Text.objects.all().delete()
    communes = list(
        AdminUnit.objects.current()
        .exclude(level=AdminLevel.PROVINCE)
        .values_list("pk", "province_id")
        .order_by("pk")
    )
    table = Text._meta.db_table
    columns = (
        "source, source_id, case_kind, restricted, sensitive, unit_id, province_id, "
        "occurred_at, week, content, words, harvested_at"
    )
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for chunk in generate():
                for i in range(len(chunk)):
                    unit, province = communes[(int(chunk.units[i]) * 7919) % len(communes)]
                    week = dt.date.fromordinal(int(chunk.weeks[i]))
                    at = dt.datetime(week.year, week.month, week.day, 3, tzinfo=dt.UTC)
                    n += 1
                    copy.write_row(
                        (
                            "case",
                            n,
                            "",
                            False,
                            bool(chunk.sensitive[i]),
                            unit,
                            province,
                            at,
                            week,
                            chunk.words[i].replace("_", " "),
                            chunk.words[i],
                            at,
                        )
                    )


def measure_db() -> dict[str, Any]:
    """The whole service on PostgreSQL: read the texts, train in-process, write the model,
    its topics, memberships and weekly counts."""
    _prepare_database()
    t = time.perf_counter()
    _load_texts()
    loaded = time.perf_counter() - t
    from danvan.insights import batch
    from danvan.insights.models import TopicMembership, TopicWeekCount
    from danvan.insights.services import topics as services

    t = time.perf_counter()
    model = services.train_model(
        actor=None,
        scope=None,
        period_start=dt.date(2025, 12, 1),
        period_end=dt.date(2026, 11, 30),
        topics=TOPICS,
        min_df=5,
        engine=batch.Engine(),
    )
    seconds = time.perf_counter() - t
    assert model is not None
    compute_s = float(model.quality["seconds"]["total"])
    return {
        "load_s": round(loaded, 1),
        "seconds": round(seconds, 1),
        "compute_s": round(compute_s, 1),
        "write_s": round(seconds - compute_s, 1),
        "stages": model.quality["seconds"],
        "memberships": TopicMembership.objects.filter(model=model).count(),
        "counts": TopicWeekCount.objects.filter(topic__model=model).count(),
        "rss_mb": round(_rss_mb(), 0),
    }


def _child(mode: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(  # noqa: S603 — this script, another mode
        [sys.executable, __file__, "--mode", mode],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _match(a: list[list[str]], b: list[list[str]]) -> float:
    scores = [max(len(set(x) & set(y)) / len(set(x) | set(y)) for y in b) for x in a]
    return sum(scores) / len(scores) if scores else 0.0


def run(report: Callable[[str], None]) -> None:
    local = _child("local")
    dask = _child("dask")
    full = _child("full") if os.environ.get("BENCH_TOPICS_FULL", "1") != "0" else None
    db = _child("db") if os.environ.get("BENCH_TOPICS_DB", "1") != "0" else None
    speedup = local["seconds"] / dask["seconds"] if dask["seconds"] else 0.0
    workers_rss = ", ".join(f"{x:.0f}" for x in dask["worker_rss_mb"])
    load = os.getloadavg()
    lines = [
        "\n## Topics: the topic model over "
        f"{TEXTS:,} texts (issue 20, points 5 and 10) — {dt.datetime.now(dt.UTC):%d/%m/%Y}\n",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
        f"load average at the end {load[0]:.1f} (machine shared with other work).\n",
        f"Synthetic segmented texts (16 issues, 15 % raising two, a tail of 5,000 rare words), "
        f"{TOPICS} topics, chunks of {CHUNK:,}; MiniBatchNMF (NNDSVDa start, seed 0).\n",
        f"| | in-process | Dask LocalCluster ({WORKERS} worker processes) |\n|---|---:|---:|",
        f"| total training (s) | {local['seconds']} | {dask['seconds']} |",
    ]
    for stage in ("read", "vectorize", "fit", "assign"):
        lines.append(
            f"| — {stage} (s) | {local['stages'].get(stage)} | {dask['stages'].get(stage)} |"
        )
    lines += [
        f"| peak memory, driver (MiB) | {local['driver_rss_mb']:.0f} | "
        f"{dask['driver_rss_mb']:.0f} |",
        f"| — of which the generated texts (MiB) | {local['data_rss_mb']:.0f} | "
        f"{dask['data_rss_mb']:.0f} |",
        f"| peak memory, each worker (MiB) | — | {workers_rss} |",
        f"| mean NPMI of top words | {local['npmi']} | {dask['npmi']} |",
        f"| relative reconstruction error | {local['relative_error']} | {dask['relative_error']} |",
        f"| vocabulary / NMF epochs | {local['vocabulary']} / {local['iterations']} | "
        f"{dask['vocabulary']} / {dask['iterations']} |",
        f"| memberships digest | {local['digest']} | {dask['digest']} |",
        "",
        f"Speed-up on the cluster: ×{speedup:.2f}. Target 15 min: "
        f"{'met' if max(local['seconds'], dask['seconds']) < TARGET_S else 'NOT met'} "
        f"(in-process {local['seconds'] / 60:.1f} min).",
        "",
        "Topics found (first five words): " + "; ".join(local["topics"]) + ".",
        "",
    ]
    if full is not None:
        matched = _match(local["top10"], full["top10"])
        lines += [
            f"Fitted on all {TEXTS:,} texts instead of a sample of {local['fitted_on']:,} "
            f"(in-process): {full['seconds']} s (fit {full['stages'].get('fit')} s), NPMI "
            f"{full['npmi']}, relative error {full['relative_error']}, peak memory "
            f"{full['driver_rss_mb']:.0f} MiB; the sample's topics against the full fit's: "
            f"mean best Jaccard of top-10 words {matched:.2f}.",
            "",
        ]
    if db is not None:
        lines += [
            f"The whole service on PostgreSQL ({DB_URL.rsplit('/', 1)[-1]}, `train_model`, "
            f"in-process): {db['seconds']} s — reading and computing {db['compute_s']} s "
            f"(stages {db['stages']}), writing {db['memberships']:,} memberships and "
            f"{db['counts']:,} weekly counts {db['write_s']} s; peak memory "
            f"{db['rss_mb']:.0f} MiB (loading the texts by COPY first: {db['load_s']} s).",
            "",
        ]
    report("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--mode" and sys.argv[2] == "db":
        print(json.dumps(measure_db(), ensure_ascii=False))
    elif len(sys.argv) == 3 and sys.argv[1] == "--mode":
        print(json.dumps(measure(sys.argv[2]), ensure_ascii=False))
    else:
        run(print)
