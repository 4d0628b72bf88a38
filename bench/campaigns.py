"""Part eight of `make bench`: funds as ledgers (issue 21, decision 0030), on PostgreSQL.

1. Builds its own data in its own database (danvan_camp): the 34 provinces, 3,321 communes
   and their bodies (`demo.services.seed_national`); one published Fund for the Poor per
   Fatherland Front committee (central, provinces, communes: 3,356 funds); BENCH_LEDGER_ENTRIES
   (10,000,000) ledger entries spread over them (a weight per fund from a gamma law: funds
   differ ten-fold; provinces × 20, the centre × 100), over 23 months: receipts (cash,
   transfers, goods in kind; a third of them acknowledged by name) and disbursements for
   the eight purposes, each only while the balance allows — so every entry's balance_after
   and every fund's balance are the true running sums. Loaded with COPY; the month sums
   (`FundMonth`) and the funds' balances are then computed from the entries by SQL, as the
   service would have kept them.
2. Times, with Django's test client in process (up to BENCH_RUNS runs after a warm-up):
   a fund's balance (the fund row, as every page reads it), the same balance summed from the
   ledger (the proof), the national disclosure page, one province's disclosure, one busy
   fund's public page.
3. Records entries under load: BENCH_LEDGER_WRITERS (8) threads, each with its own
   connection, record receipts and disbursements through `services.ledger` for
   BENCH_LEDGER_SECONDS (20) into 40 funds (so writers meet on the same fund), then checks
   that nothing was lost: every call that returned has its entry, each fund's balance equals
   its ledger's sum, and entry numbers run without gaps.

Run alone: cd bench && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python campaigns.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

DB = "danvan_camp"
ENTRIES = int(os.environ.get("BENCH_LEDGER_ENTRIES", "10000000"))
WRITERS = int(os.environ.get("BENCH_LEDGER_WRITERS", "8"))
SECONDS = float(os.environ.get("BENCH_LEDGER_SECONDS", "20"))
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2026, 11, 30)
SEED = 21
PURPOSES = [
    "house_building",
    "house_repair",
    "scholarship",
    "health_insurance",
    "disaster_relief",
    "livelihood",
    "gifts",
    "other",
]


def _prepare() -> None:
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parsed = urlparse(base)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = parsed._replace(path=f"/{DB}").geturl()
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


def _copy(table: str, columns: list[str], rows: io.StringIO) -> None:
    from django.db import connection

    rows.seek(0)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        while chunk := rows.read(1 << 20):
            copy.write(chunk)


COLUMNS = [
    "fund_id", "seq", "kind", "flow", "amount", "balance_after", "entry_date", "recorded_at",
    "province_id", "unit_id", "method", "in_kind_items", "receipt_number", "donor_kind",
    "donor_name_enc", "donor_public_name", "purpose", "beneficiary", "decision_number", "note",
    "idempotency_key",
]  # fmt: skip


def _funds() -> list[tuple[int, int | None, int | None, str]]:
    from django.utils import timezone

    from danvan.campaigns.models import Fund
    from danvan.org.models import Organization, OrganizationKind

    if not Fund.objects.exists():
        fronts = Organization.objects.filter(
            kind=OrganizationKind.FATHERLAND_FRONT, valid_to__isnull=True
        ).select_related("current_unit")
        Fund.objects.bulk_create(
            [
                Fund(
                    name=f"Quỹ Vì người nghèo — {o.name}",
                    kind="for_the_poor",
                    keeper=o,
                    province_id=o.province_id,
                    unit_id=o.current_unit_id,
                    level=o.level,
                    opened_on=FIRST,
                    published_at=timezone.now(),
                )
                for o in fronts
            ],
            batch_size=2000,
        )
    return list(Fund.objects.order_by("pk").values_list("pk", "province_id", "unit_id", "level"))


def _build() -> dict[str, object]:
    from django.db import connection

    from danvan.campaigns.models import LedgerEntry

    started = time.perf_counter()
    funds = _funds()
    have = LedgerEntry.objects.count()
    if have >= ENTRIES:
        return {"funds": len(funds), "entries": have, "seconds": None}
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE campaigns_support, campaigns_disbursementrequest, campaigns_fundmonth, "
            "campaigns_placemonth, campaigns_ledgerentry RESTART IDENTITY CASCADE"
        )
    rng = random.Random(SEED)
    weights = [
        rng.gammavariate(2.0, 1.0)
        * (100 if level == "central" else 20 if level == "province" else 1)
        for _pk, _p, _u, level in funds
    ]
    scale = ENTRIES / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    counts[-1] += ENTRIES - sum(counts)
    span = (LAST - FIRST).days
    recorded = "2026-12-01 00:00:00+00"
    done = 0
    buffer = io.StringIO()
    for (pk, province, unit, _level), n in zip(funds, counts, strict=True):
        days = sorted(rng.randrange(span + 1) for _ in range(n))
        balance = 0
        prov = "\\N" if province is None else str(province)
        un = "\\N" if unit is None else str(unit)
        for seq, offset in enumerate(days, start=1):
            day = (FIRST + dt.timedelta(days=offset)).isoformat()
            if balance > 2_000_000 and rng.random() < 0.3:
                amount = -min(balance, rng.randrange(2, 200) * 10_000)
                purpose = rng.choice(PURPOSES)
                balance += amount
                fields = (
                    "disbursement", "disbursement", amount, balance, "", "", "", "", "",
                    purpose, f"Hộ {rng.randrange(1, 500)}", f"{seq}/QĐ-MTTQ",
                )  # fmt: skip
            else:
                amount = rng.randrange(1, 500) * 10_000
                balance += amount
                method = rng.choice(("cash", "cash", "transfer", "in_kind"))
                named = rng.random() < 0.33
                fields = (
                    "receipt", "receipt", amount, balance, method,
                    "Gạo, mì tôm" if method == "in_kind" else "", f"PT{seq}",
                    "person" if named else "anonymous",
                    f"Nhà hảo tâm {rng.randrange(1, 10_000)}" if named else "", "", "", "",
                )  # fmt: skip
            kind, flow, amount, bal, method, items, receipt, donor, public, purpose, benef, dec = (
                fields
            )
            buffer.write(
                f"{pk}\t{seq}\t{kind}\t{flow}\t{amount}\t{bal}\t{day}\t{recorded}\t{prov}\t{un}\t"
                f"{method}\t{items}\t{receipt}\t{donor}\t\t{public}\t{purpose}\t{benef}\t{dec}\t\t\n"
            )
        done += n
        if buffer.tell() > 64 << 20:
            _copy("campaigns_ledgerentry", COLUMNS, buffer)
            buffer = io.StringIO()
            print(f"campaigns: {done:,} / {ENTRIES:,} entries loaded", flush=True)
    _copy("campaigns_ledgerentry", COLUMNS, buffer)
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO campaigns_fundmonth
                 (fund_id, month, flow, purpose, method, campaign_id, amount, entries,
                  province_id, unit_id, level)
               SELECT e.fund_id, date_trunc('month', e.entry_date)::date, e.flow, e.purpose,
                      e.method, e.campaign_id, SUM(e.amount), COUNT(*), f.province_id,
                      f.unit_id, f.level
               FROM campaigns_ledgerentry e JOIN campaigns_fund f ON f.id = e.fund_id
               GROUP BY e.fund_id, 2, e.flow, e.purpose, e.method, e.campaign_id,
                        f.province_id, f.unit_id, f.level"""
        )
        cur.execute(
            """INSERT INTO campaigns_placemonth
                 (province_id, level, month, flow, purpose, amount, entries)
               SELECT COALESCE(m.province_id, 0), m.level, m.month, m.flow, m.purpose,
                      SUM(m.amount), SUM(m.entries)
               FROM campaigns_fundmonth m JOIN campaigns_fund f ON f.id = m.fund_id
               WHERE f.published_at IS NOT NULL
               GROUP BY 1, m.level, m.month, m.flow, m.purpose"""
        )
        cur.execute(
            """UPDATE campaigns_fund f SET balance = s.total, last_seq = s.last
               FROM (SELECT fund_id, SUM(amount) AS total, MAX(seq) AS last
                     FROM campaigns_ledgerentry GROUP BY fund_id) s
               WHERE s.fund_id = f.id"""
        )
        cur.execute("ANALYZE")
    return {
        "funds": len(funds),
        "entries": LedgerEntry.objects.count(),
        "seconds": time.perf_counter() - started,
    }


def _pages(t: object) -> None:
    from django.db.models import Max
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from danvan.campaigns.models import Fund
    from danvan.campaigns.services import ledger

    rng = random.Random(SEED + 1)
    ids = list(Fund.objects.values_list("pk", flat=True))
    busiest = Fund.objects.order_by("-last_seq").values_list("pk", flat=True).first()

    def balance() -> None:
        Fund.objects.only("balance").get(pk=rng.choice(ids)).balance  # noqa: B018

    def summed() -> None:
        ledger.balance_from_entries(Fund.objects.get(pk=rng.choice(ids)))

    t.measure("a fund's balance (its row)", balance, 200)  # type: ignore[attr-defined]
    t.measure("a fund's balance summed from its ledger", summed, 200)  # type: ignore[attr-defined]
    client = Client()
    try:
        national = reverse("campaigns_public:funds")
    except NoReverseMatch:
        return
    t.measure(  # type: ignore[attr-defined]
        "national disclosure page", lambda: _ok(client.get(national)), 200
    )
    code = Fund.objects.filter(level="province").values_list("province__code", flat=True).first()
    t.measure(  # type: ignore[attr-defined]
        "a province's disclosure", lambda: _ok(client.get(national, {"province": code})), 200
    )
    try:
        page = reverse("campaigns_public:fund", args=[busiest])
    except NoReverseMatch:
        return
    most = Fund.objects.aggregate(m=Max("last_seq"))["m"]
    t.measure(  # type: ignore[attr-defined]
        f"the busiest fund's public page ({most:,} entries)", lambda: _ok(client.get(page)), 200
    )


def _ok(response: object) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    if status != 200:
        raise RuntimeError(f"status {status}")


def _under_load() -> dict[str, object]:
    """Writers recording at once; then the proof that nothing was lost."""
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.db.models import Count, Max, Sum

    from danvan.campaigns.models import Fund, LedgerEntry
    from danvan.campaigns.services import ledger

    funds = list(Fund.objects.filter(level="commune").order_by("pk")[:40])
    before = {f.pk: LedgerEntry.objects.filter(fund=f).count() for f in funds}
    stop = time.perf_counter() + SECONDS
    lock = threading.Lock()
    recorded: list[tuple[int, int]] = []  # (fund, seq) of each call that returned
    refused: list[int] = []
    failed: list[str] = []
    latencies: list[float] = []

    def writer(n: int) -> None:
        rng = random.Random(SEED + 100 + n)
        try:
            while time.perf_counter() < stop:
                fund = rng.choice(funds)
                started = time.perf_counter()
                try:
                    if rng.random() < 0.7:
                        entry = ledger.record_receipt(
                            actor=None,
                            fund=fund,
                            spec=ledger.ReceiptSpec(
                                amount=rng.randrange(1, 100) * 10_000,
                                entry_date=LAST,
                                method="cash",
                                donor_kind="anonymous",
                            ),
                        )
                        done = (fund.pk, entry.seq)
                    else:
                        request = ledger.request_disbursement(
                            actor=None,
                            fund=fund,
                            spec=ledger.DisbursementSpec(
                                amount=rng.randrange(1, 100) * 10_000,
                                purpose="scholarship",
                                beneficiary="Học sinh",
                                paid_on=LAST,
                            ),
                        )
                        done = (fund.pk, request.entry.seq)  # type: ignore[union-attr]
                except ValidationError:
                    with lock:
                        refused.append(fund.pk)
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    recorded.append(done)
                    latencies.append(elapsed)
        except Exception as exc:  # reported, never hidden: a lost write fails the bench
            with lock:
                failed.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    started = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - started
    after = {
        row["fund"]: row
        for row in LedgerEntry.objects.filter(fund__in=funds)
        .values("fund")
        .annotate(n=Count("pk"), total=Sum("amount"), last=Max("seq"))
    }
    lost = 0
    mismatched = 0
    for fund in Fund.objects.filter(pk__in=[f.pk for f in funds]):
        row = after[fund.pk]
        mine = [s for f, s in recorded if f == fund.pk]
        lost += len(mine) - (row["n"] - before[fund.pk])
        if fund.balance != row["total"] or row["last"] != row["n"]:
            mismatched += 1
        if not set(mine) <= set(
            LedgerEntry.objects.filter(fund=fund, seq__in=mine).values_list("seq", flat=True)
        ):
            lost += 1
    return {
        "writers": WRITERS,
        "seconds": elapsed,
        "recorded": len(recorded),
        "refused": len(refused),
        "failed": failed,
        "per_second": len(recorded) / elapsed,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": sorted(latencies)[int(len(latencies) * 0.95) - 1] if latencies else 0.0,
        "lost": lost,
        "mismatched": mismatched,
    }


def run(report: Callable[[str], None]) -> None:
    import common
    from django.db import connection

    built = _build()
    print(f"campaigns: {built}", flush=True)
    t = common.Timer("campaigns")
    _pages(t)
    load = _under_load()
    print(f"campaigns: under load {load}", flush=True)
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    day = dt.date.today().isoformat()  # noqa: DTZ011 - the report's date, on this machine
    seeding = (
        f"seeded by this run in {built['seconds']:.0f} s"
        if built["seconds"] is not None
        else "seeded by an earlier run"
    )
    lines = [
        "",
        f"## {day} — funds as ledgers — {common._machine()}",
        "",
        f"PostgreSQL {pg}. {built['entries']:,} ledger entries in {built['funds']:,} published "
        f"funds (one per Front committee: centre, 34 provinces, 3,321 communes), 23 months; "
        f"{seeding}. Django test client in process, up to {common.RUNS} runs after a warm-up; "
        "“DB ms” is one run's queries.",
        "",
        "| request | runs | median ms | p95 ms | target ms | queries | DB ms | slowest query ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {lbl} | {n} | {m:.1f} | {p:.1f} | {'' if tg is None else f'{tg:.0f}'} | "
            f"{q} | {db} | {s:.1f} |"
            for lbl, n, m, p, tg, q, s, db in t.rows
        ],
        "",
    ]
    for lbl, _n, _m, p95, target, *_rest in t.rows:
        if target is not None:
            verdict = "**PASS**" if p95 < target else "**MISS**"
            lines.append(f"- {verdict} {lbl}: p95 {p95:.1f} ms against {target:.0f} ms")
    verdict = (
        "**PASS**"
        if not load["lost"] and not load["mismatched"] and not load["failed"]
        else "**FAIL**"
    )
    lines += [
        "",
        f"Recording under load: {load['writers']} writers for {load['seconds']:.0f} s through "
        f"`services.ledger` (70 % receipts, 30 % disbursements) into 40 commune funds: "
        f"{load['recorded']:,} entries recorded ({load['per_second']:.0f}/s), "
        f"{load['refused']:,} disbursements refused for want of money, p50 "
        f"{load['p50']:.1f} ms, p95 {load['p95']:.1f} ms per entry; "
        f"{verdict} nothing lost: {load['lost']} missing entries, {load['mismatched']} funds "
        f"whose balance or numbering disagrees with the ledger, {len(load['failed'])} errors.",
    ]
    for label, plan in t.plans.items():
        lines += ["", f"EXPLAIN ANALYZE of the slowest query of “{label}”:", "", "```",
                  *plan.splitlines()[:25], "```"]  # fmt: skip
    report("\n".join(lines) + "\n")


if __name__ == "__main__":
    import common

    _prepare()
    run(common.append_report)
