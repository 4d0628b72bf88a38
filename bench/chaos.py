"""`make chaos`: public submissions through a PostgreSQL restart (issue 14), on a private server.

1. Starts a PostgreSQL of its own (initdb in a temporary directory, a free port on 127.0.0.1,
   run as the `postgres` user when started by root): the shared server on 5432 is never
   touched. Migrates it and seeds the national units and bodies (`seed --profile national`).
2. Serves the app with gunicorn (danvan/gunicorn_conf.py) and runs `danvan worker` at idle CPU
   priority under a small supervisor that restarts it if it exits (as systemd's
   `Restart=always` would), counting restarts.
3. Sends CHAOS_SUBMISSIONS submissions (2,000) to POST /api/v1/cases over CHAOS_SECONDS (30 s)
   from CHAOS_CLIENTS clients (4), each with its own Idempotency-Key, and restarts the database
   (`pg_ctl restart -m fast`) a third of the way through.
4. Sends again, with the same key and body, whatever failed or got no answer, until answered;
   then replays every key answered around the restart and checks the same tracking code
   comes back.
5. Waits until every receipt is a matter and prints submitted, answered, failed then retried,
   receipts, matters, duplicates and what became of the worker. Exits 1 unless nothing
   answered 2xx is lost, there are no duplicates, every receipt became a matter, and the
   worker lived through the restart (no restart by the supervisor, /healthz/worker 200 at
   the end).

CHAOS_RECORD=1 appends the figures to docs/benchmarks.md. The whole run takes about two
minutes and is cut short after CHAOS_BUDGET seconds (270).
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.fernet import Fernet

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import _machine, append_report  # noqa: E402

import cases  # noqa: E402 - bench/ is not a package

SUBMISSIONS = int(os.environ.get("CHAOS_SUBMISSIONS", "2000"))
SECONDS = float(os.environ.get("CHAOS_SECONDS", "30"))
CLIENTS = int(os.environ.get("CHAOS_CLIENTS", "4"))
RESTART_AT = float(os.environ.get("CHAOS_RESTART_AT", "0.33"))  # share of the load's duration
BUDGET = float(os.environ.get("CHAOS_BUDGET", "270"))
RESTART_SEC = 2.0  # the supervisor's pause before starting the worker again (RestartSec)
STARTED = time.monotonic()


def _left() -> float:
    return BUDGET - (time.monotonic() - STARTED)


def say(text: str) -> None:
    print(f"[chaos {time.monotonic() - STARTED:6.1f} s] {text}", flush=True)


# --- 1. A PostgreSQL of our own ----------------------------------------------------------


def _pg_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        sys.exit("make chaos needs PostgreSQL's server programs: apt-get install postgresql")
    return found[-1].parent


class PrivatePostgres:
    """initdb, pg_ctl start / restart / stop, in a temporary directory on a free port."""

    def __init__(self) -> None:
        self.bindir = _pg_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="danvan-chaos-"))
        self.data = self.dir / "pgdata"
        self.port = cases._free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/danvan_chaos"
        # initdb refuses to run as root: the cluster belongs to the postgres user then.
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _pg(self, tool: str, *args: str, timeout: float = 120) -> None:
        cmd = [*self.as_user, str(self.bindir / tool), *args]
        subprocess.run(  # noqa: S603 - our own arguments
            cmd, cwd=self.dir, check=True, timeout=timeout, stdout=subprocess.DEVNULL
        )

    def start(self) -> None:
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = shlex.join(
            [
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.dir}",
            ]
        )
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "postgres.log"),
            "-o",
            options,
            "-w",
            "start",
        )
        import psycopg

        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE danvan_chaos")

    def restart(self) -> float:
        t0 = time.monotonic()
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-m",
            "fast",
            "-w",
            "restart",
            "-l",
            str(self.dir / "postgres.log"),
        )
        return time.monotonic() - t0

    def stop(self, *, keep_logs: bool) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            if keep_logs:
                kept = Path(tempfile.mkdtemp(prefix="danvan-chaos-logs-"))
                for log in self.dir.glob("*.log"):
                    shutil.copy(log, kept)
                say(f"logs kept in {kept}")
            shutil.rmtree(self.dir, ignore_errors=True)


# --- 2. The worker under a supervisor ----------------------------------------------------


class Supervisor:
    """Restarts the worker whenever it exits, after RESTART_SEC: what systemd's
    Restart=always does in production and the loop in `make demo` does on a laptop."""

    def __init__(self, env: dict[str, str], log: IO[Any]) -> None:
        self.env, self.log = env, log
        self.pids: list[int] = []
        self.exits: list[int] = []
        self._done = threading.Event()
        self.proc = self._start()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _start(self) -> subprocess.Popen:
        proc = cases.start_worker(self.env, log=self.log)
        self.pids.append(proc.pid)
        return proc

    def _watch(self) -> None:
        while not self._done.wait(0.2):
            code = self.proc.poll()
            if code is not None and not self._done.is_set():
                self.exits.append(code)
                say(f"the worker exited with status {code}; restarting it in {RESTART_SEC} s")
                if self._done.wait(RESTART_SEC):
                    return
                self.proc = self._start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        cases.stop(self.proc)


# --- 3 and 4. Submissions ----------------------------------------------------------------


@dataclass
class Submission:
    key: str
    body: bytes
    first_status: int | None = None  # None: no answer (connection refused, reset, timeout)
    status: int | None = None
    codes: list[str] = field(default_factory=list)  # tracking codes of every 2xx answer
    answered_at: float = 0.0
    attempts: int = 0


def _bodies(url: str, run: str) -> list[Submission]:
    import psycopg

    with psycopg.connect(url) as conn:
        units = [
            r[0]
            for r in conn.execute(
                "SELECT unit_id FROM org_organization WHERE kind = 'peoples_committee' "
                "AND level = 'commune' AND valid_to IS NULL ORDER BY id LIMIT 200"
            )
        ]
    subs = []
    for n in range(SUBMISSIONS):
        title, content = cases.TEMPLATES[n % len(cases.TEMPLATES)]
        body = {
            "title": title,
            "content": content,
            "unit_id": units[n % len(units)],
            "consent": True,
            "person": {"full_name": "Nguyễn Văn An", "phone": f"09{n:08d}"},
        }
        subs.append(Submission(key=f"{run}-{n}", body=json.dumps(body).encode()))
    return subs


class Client:
    """One keep-alive HTTP connection; a broken one is replaced on the next request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def send(self, sub: Submission) -> None:
        sub.attempts += 1
        status: int | None = None
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.conn.request(
                "POST",
                "/api/v1/cases",
                body=sub.body,
                headers={"Content-Type": "application/json", "Idempotency-Key": sub.key},
            )
            response = self.conn.getresponse()
            payload = response.read()
            status = response.status
            if 200 <= status < 300:
                sub.codes.append(json.loads(payload)["tracking_code"])
                sub.answered_at = time.monotonic()
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
        if sub.first_status is None and sub.attempts == 1:
            sub.first_status = status
        sub.status = status


def _ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def send_load(port: int, subs: list[Submission], pg: PrivatePostgres) -> dict[str, float]:
    """The load, paced evenly; the database restarted RESTART_AT of the way through."""
    lock = threading.Lock()
    nxt = iter(range(len(subs)))
    start = time.monotonic() + 0.5
    gap = SECONDS / len(subs)
    restart: dict[str, float] = {}

    def client() -> None:
        http_client = Client(port)
        while True:
            with lock:
                n = next(nxt, None)
            if n is None:
                return
            time.sleep(max(0.0, start + n * gap - time.monotonic()))
            http_client.send(subs[n])

    def restarter() -> None:
        time.sleep(max(0.0, start + SECONDS * RESTART_AT - time.monotonic()))
        restart["at"] = time.monotonic()
        restart["offset"] = restart["at"] - start
        say("restarting PostgreSQL (pg_ctl restart -m fast)")
        restart["seconds"] = pg.restart()
        say(f"PostgreSQL is back after {restart['seconds']:.1f} s")

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    threads.append(threading.Thread(target=restarter))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    restart["load_seconds"] = time.monotonic() - start
    return restart


def resend_failed(port: int, subs: list[Submission]) -> int:
    """Send again, same key and body, what failed or got no answer; rounds a second apart."""
    http_client = Client(port)
    rounds = 0
    while _left() > 60:
        pending = [s for s in subs if not _ok(s.status)]
        if not pending:
            break
        rounds += 1
        for sub in pending:
            http_client.send(sub)
        time.sleep(1)
    return rounds


def replay_around(port: int, subs: list[Submission], moment: float, window: float = 5) -> int:
    """Send again every key answered within `window` s of the restart: the answer must carry
    the same tracking code (a second code would be a duplicate)."""
    http_client = Client(port)
    chosen = [s for s in subs if s.codes and abs(s.answered_at - moment) <= window]
    for sub in chosen:
        http_client.send(sub)
    return len(chosen)


# --- 5. Counting ---------------------------------------------------------------------------


def count(url: str, subs: list[Submission]) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        receipts: dict[str, int | None] = dict(
            conn.execute("SELECT tracking_code, case_id FROM cases_submissionreceipt").fetchall()
        )
        matters = [r[0] for r in conn.execute("SELECT tracking_code FROM cases_case")]
        shared_keys = conn.execute(
            "SELECT count(*) FROM (SELECT idempotency_key FROM cases_case "
            "WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key HAVING count(*) > 1) d"
        ).fetchone()[0]  # type: ignore[index]
        errors = conn.execute(
            "SELECT left(error, 300), count(*) FROM cases_submissionreceipt WHERE error <> '' "
            "GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        waiting, set_aside = conn.execute(
            "SELECT count(*) FILTER (WHERE error = ''), count(*) FILTER (WHERE error <> '') "
            "FROM cases_submissionreceipt WHERE registered_at IS NULL"
        ).fetchone()  # type: ignore[misc]
    answered = {code for s in subs for code in s.codes}
    matter_codes = set(matters)
    keys_with_two_codes = sum(len(set(s.codes)) > 1 for s in subs)
    return {
        "submitted": len(subs),
        "answered_first": sum(_ok(s.first_status) for s in subs),
        "no_answer_first": sum(s.first_status is None for s in subs),
        "non2xx_first": sum(s.first_status is not None and not _ok(s.first_status) for s in subs),
        "failed_then_retried": sum(not _ok(s.first_status) for s in subs),
        "answered_in_the_end": sum(_ok(s.status) for s in subs),
        "receipts": len(receipts),
        "matters": len(matters),
        "waiting": waiting,
        "set_aside": set_aside,
        "lost": len(answered - (set(receipts) & matter_codes)),
        "duplicates": keys_with_two_codes
        + shared_keys
        + (len(matters) - len(matter_codes))
        + max(0, len(receipts) - len(subs)),
        "unanswered_stored": len(set(receipts) - answered),
        "errors": errors,
    }


def _healthz_worker(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/worker", timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _worker_log_lines(path: Path, needle: str) -> int:
    return sum(needle in line for line in path.read_text(errors="replace").splitlines())


def main() -> int:
    pg = PrivatePostgres()
    say(f"private PostgreSQL ({pg.bindir.parts[-2]}) in {pg.dir}, port {pg.port}")
    supervisor: Supervisor | None = None
    web: subprocess.Popen | None = None
    ok = False
    try:
        pg.start()
        port = cases._free_port()
        env = {
            **cases.server_env(pg.url, port),
            "DATA_DIR": str(pg.dir / "app"),
            # Keys as production sets them. Left to be generated into DATA_DIR, they are
            # written by whichever requests encrypt first, side by side, and one of them may
            # encrypt with a key that nobody keeps (seen once here: a receipt that could not
            # be decrypted, set aside) — a fault of its own, not the one this run is about.
            "DATA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "DATA_INDEX_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        }
        danvan = str(Path(sys.executable).with_name("danvan"))
        for step in (
            ["migrate", "--noinput", "-v0"],
            ["createcachetable"],
            ["seed", "--profile", "national", "--quiet"],
        ):
            say(f"danvan {' '.join(step)}")
            subprocess.run(  # noqa: S603
                [danvan, *step],
                env=env,
                cwd=cases.ROOT,
                check=True,
                timeout=_left(),
                stdout=subprocess.DEVNULL,
            )
        run = f"chaos-{int(time.time())}"
        subs = _bodies(pg.url, run)
        web_log = (pg.dir / "web.log").open("w")
        web = cases.start_gunicorn(env, log=web_log)
        worker_log_path = pg.dir / "worker.log"
        worker_log = worker_log_path.open("w")
        # The worker's warnings (outages, tasks put back, sweeps) are what the run looks for.
        supervisor = Supervisor({**env, "LOG_LEVEL": "WARNING"}, worker_log)
        cases._wait_ready(port, web)
        say(f"{SUBMISSIONS:,} submissions over {SECONDS:.0f} s from {CLIENTS} clients")
        restart = send_load(port, subs, pg)
        first = sum(_ok(s.first_status) for s in subs)
        say(f"load done: {first:,} answered 2xx at once; sending the others again")
        rounds = resend_failed(port, subs)
        replayed = replay_around(port, subs, restart["at"])
        say(f"resent in {rounds} round(s); replayed {replayed} keys answered around the restart")
        drain = cases._drain(pg.url, 0, timeout=max(10.0, _left() - 20))
        say(f"registration drained {drain['seconds']:.1f} s after the resends")
        health = _healthz_worker(port)
        figures = count(pg.url, subs)
        worker_log.close()
        outages = _worker_log_lines(worker_log_path, "database unavailable")
        back = _worker_log_lines(worker_log_path, "database back after")
        put_back = _worker_log_lines(worker_log_path, "put back to run again")
        swept = _worker_log_lines(worker_log_path, "one queued")
        # Stricter than the data alone: a supervisor that restarts a dead worker would hide
        # the defect this run exists to catch (issue 14, defect 7): the worker must live
        # through the restart.
        ok = (
            not supervisor.exits
            and health[0] == 200
            and figures["lost"] == 0
            and figures["duplicates"] == 0
            and figures["answered_in_the_end"] == figures["submitted"]
            and figures["receipts"] == figures["matters"]
            and figures["waiting"] == figures["set_aside"] == 0
        )
    finally:
        if supervisor is not None:
            supervisor.stop()
        if web is not None:
            cases.stop(web)
        pg.stop(keep_logs=not ok)

    if supervisor.exits:
        fate = (
            f"exited {len(supervisor.exits)} time(s) (status {supervisor.exits}); restarted by "
            f"the supervisor (pids {supervisor.pids})"
        )
    else:
        fate = f"survived in process (pid {supervisor.pids[0]}, never restarted)"
    today = dt.date.today().strftime("%d/%m/%Y")  # noqa: DTZ011 - the machine's date is the point
    f = figures
    text = "\n".join(
        [
            "",
            f"## {today} — make chaos: a PostgreSQL restart under submissions — {_machine()}",
            "",
            f"A private PostgreSQL ({pg.bindir.parts[-2]}), gunicorn (`danvan.gunicorn_conf`), "
            f"`danvan {cases.WORKER_COMMAND}` at idle CPU priority under a supervisor that "
            "restarts it if it "
            f"exits. {f['submitted']:,} submissions to POST /api/v1/cases over {SECONDS:.0f} s "
            f"({CLIENTS} clients, one Idempotency-Key each); `pg_ctl restart -m fast` "
            f"{restart['offset']:.0f} s into the load "
            f"(the database was back after {restart['seconds']:.1f} s); whatever failed sent "
            "again with the same key; the keys answered within 5 s of the restart replayed.",
            "",
            "| figure | value |",
            "|---|---:|",
            f"| submitted | {f['submitted']:,} |",
            f"| answered 2xx at once | {f['answered_first']:,} |",
            f"| failed then retried (non-2xx / no answer) | {f['failed_then_retried']:,} "
            f"({f['non2xx_first']:,} / {f['no_answer_first']:,}) |",
            f"| answered 2xx in the end | {f['answered_in_the_end']:,} |",
            f"| keys replayed around the restart | {replayed:,} |",
            f"| stored receipts | {f['receipts']:,} |",
            f"| registered matters | {f['matters']:,} |",
            f"| receipts waiting / set aside at the end | {f['waiting']} / {f['set_aside']} |",
            f"| answered 2xx but lost | {f['lost']} |",
            f"| duplicates | {f['duplicates']} |",
            f"| every receipt a matter, after the resends | {drain['seconds']:.1f} s |",
            "",
            f"- The worker {fate}; its log: {outages} “database unavailable”, {back} “database "
            f"back”, {put_back} task(s) put back, {swept} sweep(s) that queued registration.",
            f"- /healthz/worker at the end: {health[0]} {json.dumps(health[1])}",
            *[f"- {n} receipt(s) set aside with the error: {error}" for error, n in f["errors"]],
            f"- Whole run {time.monotonic() - STARTED:.0f} s. Result: "
            f"**{'passed' if ok else 'FAILED'}**.",
            "",
        ]
    )
    print(text)
    if os.environ.get("CHAOS_RECORD") == "1":
        append_report(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
