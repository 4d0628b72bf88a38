"""`make bench`, part five: directing documents at national scale (PostgreSQL only).

Issue 18, point 10: "50 directives cascaded to all 34 provinces and 3,321 communes, 20 tasks
per plan: the national compliance matrix p95 < 200 ms, a province's < 100 ms, an officer's
task list < 100 ms; `danvan extract` throughput in pages per second."

1. Through the services (actor None, the platform, as the demo does): 50 directing documents
   registered by the central commission (TW-BTGDV); each cascaded by it to every provincial
   Party committee (rule "below", kinds [party_committee], level province), and by each of
   those, under its duty, to its communes' Party committees (1,750 calls of `cascade`).
   Every province records its study session and registers its plan through `record_study`
   and `register_plan` (1,700 of each: on time or late, none missing).
2. In bulk, as those services would leave them (the communes' 166,000 duties are too many
   for them): study sessions, plan documents (fields filled by the registry service's own
   `_checked`/`_apply`, with their history), workplans (with history), IMPLEMENTS links and
   the duties' `studied_on`, `plan_id`, `plan_issued_on` — on time, late or missing by a
   deterministic roll on the directive and the body, pending when not yet due.
3. "20 tasks per plan": every plan, the provinces' and the communes' alike, gets 4 tasks of
   4 sub-tasks each (the services' numbering "2", "2.3", paths "0002.0003"), dated over the
   180 days after the plan. A province's top tasks are led by its Party committee,
   commission, People's Committee and Front; their sub-tasks by its communes' bodies in
   turn. A commune's top tasks by its Party committee, People's Committee and Front, their
   sub-tasks by the commune's eight bodies in turn. Sub-tasks are done, late, under way,
   not started or cancelled by a deterministic roll against their due date; a top task is
   done when all its sub-tasks are, and its computed progress is what `_roll_up` leaves
   (weighted average of the sub-tasks not cancelled). Each progress report leaves a
   TaskUpdate, and every task its history rows ('+' when added, '~' when reported), by
   COPY. BENCH_DIRECTIVES_COMMUNE_TASKS=0 gives tasks to the provinces' plans only.
4. Times in process (Django test client, then the function alone, counting queries): the
   national compliance matrix of one directive as a central subtree leader, the matrix of
   the province with the most communes as the subtree leader of its commission, "My tasks"
   of the officer of the commune with the most open tasks (officer, subtree scope, on the
   commune's Party committee: he works for the commune's eight bodies); EXPLAIN ANALYZE of
   the slowest query of a missed target, its key lines in the report. Then `danvan
   extract` throughput (bench/extract.py's measure, its section included in this one).
5. Appends the figures to docs/benchmarks.md against the targets.

Idempotent: a second run reuses what exists (each bulk phase is one transaction).

Run by bench/run.py, or alone: cd bench && DATABASE_URL=postgres://... python directives.py
(always on the `danvan_bench` database).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from common import (  # bench/ is on sys.path
    RUNS,
    Timer,
    _machine,
    append_report,
    prepare_standalone,
)

COMMUNE_TASKS = os.environ.get("BENCH_DIRECTIVES_COMMUNE_TASKS", "1") != "0"
DOCUMENTS = 50
CENTRAL_CODE = "TW-BTGDV"
NOTE = "Dữ liệu đo hiệu năng (bench)"
PLACE = "Hội trường (bench)"
CHUNK = 5000  # workplans a COPY statement (100,000 tasks)
# Targets of the issue (ms, p95).
NATIONAL_MS = 200.0
PROVINCE_MS = 100.0
MY_TASKS_MS = 100.0

# The directives: (type, issuer's name or "" for the central commission itself).
TYPES = [
    ("KL", "Ban Bí thư"),
    ("CT", "Ban Bí thư"),
    ("NQ", "Bộ Chính trị"),
    ("KL", "Bộ Chính trị"),
    ("HD", ""),
]
TOPICS = [
    "tăng cường công tác dân vận trong tình hình mới",
    "phát huy quyền làm chủ của nhân dân",
    "công tác dân tộc, tôn giáo",
    "xây dựng nông thôn mới và đô thị văn minh",
    "đối thoại giữa người đứng đầu cấp ủy với nhân dân",
    "phong trào thi đua “Dân vận khéo”",
    "thực hiện dân chủ ở cơ sở",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "củng cố khối đại đoàn kết toàn dân tộc",
    "chuyển đổi số trong công tác dân vận",
]
PARENTS = [
    ("Tổ chức học tập, quán triệt và tuyên truyền", "Hội nghị quán triệt; tin, bài tuyên truyền"),
    (
        "Cụ thể hóa thành chương trình, kế hoạch của các cơ quan, đơn vị",
        "Kế hoạch của các cơ quan, đơn vị",
    ),
    ("Triển khai các nhiệm vụ, giải pháp trọng tâm", "Kết quả thực hiện các chỉ tiêu"),
    ("Kiểm tra, giám sát, sơ kết, tổng kết", "Báo cáo sơ kết, tổng kết"),
]
CHILDREN = [
    [
        "Tổ chức hội nghị học tập, quán triệt cho cán bộ, đảng viên",
        "Tuyên truyền trên hệ thống truyền thanh cơ sở",
        "Phổ biến đến các chi bộ, thôn, tổ dân phố",
        "Biên soạn tài liệu hỏi – đáp cho nhân dân",
    ],
    [
        "Xây dựng kế hoạch của Ủy ban nhân dân",
        "Xây dựng kế hoạch của Mặt trận và các đoàn thể",
        "Phân công cán bộ phụ trách địa bàn",
        "Bố trí kinh phí thực hiện",
    ],
    [
        "Tổ chức đối thoại với nhân dân",
        "Vận động nhân dân tham gia phong trào thi đua",
        "Giải quyết kiến nghị, phản ánh của nhân dân",
        "Xây dựng, nhân rộng mô hình “Dân vận khéo”",
    ],
    [
        "Kiểm tra việc thực hiện ở các chi bộ",
        "Giám sát của Mặt trận và các đoàn thể",
        "Sơ kết 6 tháng",
        "Tổng kết, đánh giá kết quả thực hiện",
    ],
]
# Who leads: a province's top tasks, a commune's top tasks, a commune's sub-tasks (in turn);
# a province's sub-tasks go to its communes' bodies (COMMUNE_LEADS by sub-task).
PROVINCE_TOP = ["TU", "BTGDV", "UBND", "MTTQ"]
COMMUNE_TOP = ["DU", "UBND", "MTTQ", "DU"]
COMMUNE_BODIES = ["DU", "HDND", "UBND", "MTTQ", "HND", "HLHPN", "HCCB", "DTN"]
COMMUNE_LEADS = ["DU", "UBND", "MTTQ", "HND"]


def _roll(*parts: object) -> float:
    """A deterministic number in [0, 1) for these parts (a hash that mixes well: rolls of
    neighbouring parts are independent)."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# --- 1. Documents and cascades, through the services ---------------------------------------


def _symbol(i: int) -> str:
    return f"{301 + i}-{TYPES[i % len(TYPES)][0]}/TW"


def _documents(central: Any, now: dt.date) -> list[Any]:
    """The 50 directives, registered once; their dates from the day of the first run."""
    from danvan.directives.models import Document
    from danvan.directives.services.documents import DocumentSpec, register_document
    from danvan.lib.symbols import parse

    existing = {d.symbol: d for d in Document.objects.filter(registrar=central, note=NOTE)}
    anchor = now - _days(560)
    for i in range(DOCUMENTS):
        if (found := existing.get(_symbol(i))) is not None:
            anchor = found.signed_on - _days(11 * i)
            break
    found_all = []
    for i in range(DOCUMENTS):
        symbol = _symbol(i)
        if symbol in existing:
            found_all.append(existing[symbol])
            continue
        _type, issuer_name = TYPES[i % len(TYPES)]
        name = parse(symbol).kind_name
        issuer = central if not issuer_name else None
        found_all.append(
            register_document(
                spec=DocumentSpec(
                    symbol=symbol,
                    signed_on=anchor + _days(11 * i),
                    summary=f"{name} về {TOPICS[i % len(TOPICS)]} (bench)",
                    issuer=issuer,
                    issuer_name=issuer_name,
                    term="XIII",
                    signer_name="Nguyễn Văn Bench",
                    signer_title="T/M Ban Bí thư" if issuer_name else "Trưởng ban",
                    note=NOTE,
                ),
                registrar=central,
            )
        )
    return found_all


def _cascades(central: Any, docs: list[Any], now: dt.date) -> int:
    """Central commission → provincial Party committees → their communes' Party committees.
    Returns the number of cascades made (0 when made before)."""
    from danvan.directives.models import Cascade, CascadeRule
    from danvan.directives.services.cascade import cascade
    from danvan.org.models import OrganizationKind
    from danvan.org.models.organizations import OrganizationLevel

    made = 0
    for i, doc in enumerate(docs):
        top = Cascade.objects.filter(document=doc, parent_duty=None).first()
        if top is None:
            on = min(doc.signed_on + _days(10), now)
            top = cascade(
                document=doc,
                issuer=central,
                rule=CascadeRule.BELOW,
                kinds=[OrganizationKind.PARTY_COMMITTEE],
                level=OrganizationLevel.PROVINCE,
                study_due=on + _days(30),
                plan_due=on + _days(45),
                on=on,
                note="bench",
            )
            made += 1
        passed = set(
            Cascade.objects.filter(document=doc, parent_duty__isnull=False).values_list(
                "parent_duty_id", flat=True
            )
        )
        for duty in top.duties.select_related("body").order_by("body__code"):
            if duty.pk in passed:
                continue
            on = min(top.started_on + _days(5 + int(_roll(i, duty.body.code, "on") * 11)), now)
            cascade(
                document=doc,
                issuer=duty.body,
                parent_duty=duty,
                rule=CascadeRule.BELOW,
                kinds=[OrganizationKind.PARTY_COMMITTEE],
                level=OrganizationLevel.COMMUNE,
                study_due=on + _days(30),
                plan_due=on + _days(45),
                on=on,
                note="bench",
            )
            made += 1
        if made and (i + 1) % 10 == 0:
            print(f"[directives]   {i + 1} directives cascaded", flush=True)
    return made


def _steps(
    key: str,
    started: dt.date,
    study_due: dt.date,
    plan_due: dt.date,
    now: dt.date,
    *,
    sure: bool = False,
) -> tuple[dt.date | None, dt.date | None]:
    """(session held on, plan signed on) of one duty, each None when not done by `now`.
    Past due: on time about 3 in 4, late 1 in 7, the rest missing (`sure`: none missing).
    Not yet due: done so far in proportion to the time gone by."""
    r1, r2 = _roll(key, "study"), _roll(key, "plan")
    spread1, spread2 = int(r1 * 10007), int(r2 * 10007)
    held: dt.date | None = None
    if study_due < now:
        if r1 < (0.82 if sure else 0.76):
            held = max(study_due - _days(spread1 % 15), started)
        elif sure or r1 < 0.90:
            held = min(study_due + _days(1 + spread1 % 25), now)
    else:
        elapsed = (now - started).days
        share = elapsed / max(1, (study_due - started).days)
        if sure or r1 < 0.85 * share:
            held = started + _days(spread1 % (elapsed + 1))
    signed: dt.date | None = None
    if plan_due < now:
        if held is not None and r2 < (0.85 if sure else 0.82):
            signed = max(plan_due - _days(spread2 % 12), held)
        elif (held is not None and (sure or r2 < 0.93)) or (held is None and r2 < 0.25):
            signed = max(min(plan_due + _days(1 + spread2 % 30), now), held or started)
    elif held is not None:
        elapsed = (now - held).days
        share = elapsed / max(1, (plan_due - held).days)
        if sure or r2 < 0.6 * share:
            signed = held + _days(spread2 % (elapsed + 1))
    return held, signed


def _session_figures(key: str) -> dict[str, Any]:
    r = _roll(key, "session")
    members = 30 + int(r * 10007) % 170
    forms = ["in_person", "in_person", "combined", "online"]
    return {
        "form": forms[int(r * 1009) % 4],
        "attendees": members + int(r * 997) % 30,
        "party_members_attending": members - int(r * 991) % (members // 10 + 1),
        "party_members_total": members,
    }


def _province_steps(docs: list[Any], now: dt.date) -> int:
    """Every province studies the directive and registers its plan, through the services."""
    from danvan.directives.models import Duty
    from danvan.directives.services.cascade import record_study, register_plan
    from danvan.directives.services.documents import DocumentSpec
    from danvan.lib.symbols import parse

    index = {d.pk: i for i, d in enumerate(docs)}
    duties = (
        Duty.objects.filter(document__in=docs, body__level="province", plan__isnull=True)
        .select_related("document", "body", "cascade")
        .order_by("document__signed_on", "body__code")
    )
    done = 0
    for duty in duties:
        i = index[duty.document_id]
        key = f"{duty.document.symbol}|{duty.body.code}"
        held, signed = _steps(
            key, duty.cascade.started_on, duty.study_due, duty.plan_due, now, sure=True
        )
        assert held is not None and signed is not None
        if duty.studied_on is None:
            record_study(
                document=duty.document,
                body=duty.body,
                held_on=held,
                place=PLACE,
                **_session_figures(key),
            )
        register_plan(
            duty=duty,
            spec=DocumentSpec(
                symbol=f"{100 + 3 * i}-KH/TU",
                signed_on=signed,
                summary=f"Kế hoạch thực hiện {parse(duty.document.symbol).kind_name} số "
                f"{duty.document.symbol} (bench)",
                kind="plan",
                note=NOTE,
            ),
        )
        done += 1
        if done % 200 == 0:
            print(f"[directives]   {done} provincial sessions and plans", flush=True)
    return done


# --- 2. The communes' steps in bulk -------------------------------------------------------


def _copy(cur: Any, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> int:
    """COPY rows into a table (one statement); returns how many."""
    n = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cur.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def _commune_steps(docs: list[Any], now: dt.date) -> dict[str, int]:
    """Sessions, plans, workplans, links and duty dates of the communes, in one transaction;
    nothing when written before."""
    from django.db import connection, transaction
    from simple_history.utils import bulk_create_with_history

    from danvan.directives.models import (
        Document,
        DocumentLink,
        Duty,
        LinkKind,
        StudySession,
        Workplan,
    )
    from danvan.directives.services.documents import DocumentSpec, _apply, _checked
    from danvan.lib.symbols import parse
    from danvan.org.models import Organization

    if StudySession.objects.filter(document__in=docs, body__level="commune").exists():
        return {}
    rows = list(
        Duty.objects.filter(document__in=docs, body__level="commune", plan__isnull=True)
        .order_by("document__signed_on", "body__code")
        .values_list("pk", "document_id", "body_id", "cascade__started_on", "study_due", "plan_due")
    )
    bodies = {
        o.pk: o for o in Organization.objects.filter(pk__in={r[2] for r in rows}).order_by("code")
    }
    # Same-named Party committees (a "xã Tân Phú" in several provinces) number their plans
    # apart, so that symbol, date and issuer's name stay unique.
    rank: dict[int, int] = {}
    seen: dict[str, int] = defaultdict(int)
    for pk, body in bodies.items():
        rank[pk] = seen[body.name]
        seen[body.name] += 1
    by_pk = {d.pk: (i, d) for i, d in enumerate(docs)}
    sessions: list[StudySession] = []
    plans: list[Document] = []
    plan_of: list[tuple[int, dt.date]] = []  # (duty, plan signed on), as `plans`
    studied: dict[int, dt.date] = {}
    for pk, doc_id, body_id, started, study_due, plan_due in rows:
        i, doc = by_pk[doc_id]
        body = bodies[body_id]
        key = f"{doc.symbol}|{body.code}"
        held, signed = _steps(key, started, study_due, plan_due, now)
        if held is not None:
            studied[pk] = held
            sessions.append(
                StudySession(
                    document_id=doc_id,
                    body_id=body_id,
                    held_on=held,
                    place=PLACE,
                    note="",
                    **_session_figures(key),
                )
            )
        if signed is not None:
            spec = DocumentSpec(
                symbol=f"{10 + 10 * i + rank[body_id]}-KH/ĐU",
                signed_on=signed,
                summary=f"Kế hoạch thực hiện {parse(doc.symbol).kind_name} số {doc.symbol} (bench)",
                kind="plan",
                issuer=body,
                note=NOTE,
            )
            symbol, kind, issuer = _checked(spec)
            plan = Document(registrar_id=body_id, state="confirmed", created_by=None)
            _apply(plan, spec, symbol, kind, issuer)
            plans.append(plan)
            plan_of.append((pk, signed))
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET LOCAL synchronous_commit = off")
        StudySession.objects.bulk_create(sessions, batch_size=2000)
        print(f"[directives]   {len(sessions):,} commune study sessions", flush=True)
        made = bulk_create_with_history(plans, Document, batch_size=2000)
        print(f"[directives]   {len(made):,} commune plans registered", flush=True)
        directive_of = {pk: doc_id for pk, doc_id, *_rest in rows}
        DocumentLink.objects.bulk_create(
            [
                DocumentLink(source=plan, kind=LinkKind.IMPLEMENTS, target_id=directive_of[pk])
                for plan, (pk, _s) in zip(made, plan_of, strict=True)
            ],
            batch_size=2000,
        )
        bulk_create_with_history(
            [
                Workplan(document=plan, body_id=plan.issuer_id, progress_rule="weighted")
                for plan in made
            ],
            Workplan,
            batch_size=2000,
        )
        cur.execute(
            "CREATE TEMP TABLE bench_duty_steps (id bigint, studied_on date, plan_id bigint, "
            "plan_issued_on date) ON COMMIT DROP"
        )
        plan_ids = {pk: (plan.pk, signed) for plan, (pk, signed) in zip(made, plan_of, strict=True)}
        _copy(
            cur,
            "bench_duty_steps",
            ["id", "studied_on", "plan_id", "plan_issued_on"],
            (
                (pk, studied.get(pk), *plan_ids.get(pk, (None, None)))
                for pk in {*studied, *plan_ids}
            ),
        )
        cur.execute(
            "UPDATE directives_duty d SET studied_on = s.studied_on, plan_id = s.plan_id, "
            "plan_issued_on = s.plan_issued_on FROM bench_duty_steps s WHERE d.id = s.id"
        )
        print(f"[directives]   {cur.rowcount:,} commune duties updated", flush=True)
    return {"sessions": len(sessions), "plans": len(made), "duties": len(rows)}


# --- 3. Tasks in bulk ---------------------------------------------------------------------

TASK_COLUMNS = [
    "id",
    "workplan_id",
    "parent_id",
    "position",
    "number",
    "path",
    "title",
    "lead_body_id",
    "officer_id",
    "starts_on",
    "due_on",
    "expected_output",
    "weight",
    "state",
    "done_on",
    "reported_percent",
    "computed_percent",
    "updated_at",
]
UPDATE_COLUMNS = ["task_id", "percent", "state", "narrative", "created_by_id", "created_at"]
HISTORY_COLUMNS = [
    "id",
    "workplan_id",
    "parent_id",
    "position",
    "title",
    "lead_body_id",
    "officer_id",
    "starts_on",
    "due_on",
    "expected_output",
    "weight",
    "state",
    "done_on",
    "reported_percent",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]
_HUNDRED = Decimal(100)


def _leaf(
    r: float, starts: dt.date, due: dt.date, now: dt.date
) -> tuple[str, dt.date | None, int | None, dt.date | None]:
    """(state, done on, reported percent, reported on) of a sub-task."""
    spread = int(r * 10007)
    if due < now:
        if r < 0.58:
            day = max(starts, due - _days(spread % 10))
            return "done", day, 100, day
        if r < 0.70:
            day = min(due + _days(1 + spread % 20), now)
            return "done", day, 100, day
        if r < 0.82:
            return "in_progress", None, 10 + spread % 80, min(starts + _days(spread % 30), now)
        if r < 0.96:
            return "not_started", None, None, None
        return "cancelled", None, None, None
    if starts > now:
        return ("not_started" if r < 0.98 else "cancelled"), None, None, None
    elapsed = (now - starts).days
    if r < 0.2:
        day = starts + _days(spread % (elapsed + 1))
        return "done", day, 100, day
    if r < 0.6:
        return "in_progress", None, 10 + spread % 80, starts + _days(spread % (elapsed + 1))
    if r < 0.98:
        return "not_started", None, None, None
    return "cancelled", None, None, None


def _plan_tasks(
    wp: int,
    signed: dt.date,
    tops: list[int],
    subs: list[int],
    next_id: Iterator[int],
    now: dt.date,
    at: Callable[[dt.date], dt.datetime],
    stamp: dt.datetime,
) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """One plan's 20 tasks, their progress reports and history rows."""
    tasks, updates, history = [], [], []
    for p in range(1, 5):
        parent_id = next(next_id)
        starts = signed + _days(45 * (p - 1))
        children: list[tuple[int, str, dt.date | None, int | None]] = []
        child_rows = []
        for c in range(1, 5):
            task_id = next(next_id)
            due = starts + _days(11 * c)
            weight = 1 + (p + c) % 3
            state, done_on, reported, reported_on = _leaf(_roll(wp, p, c), starts, due, now)
            lead = subs[(p - 1) * 4 + c - 1]
            title = CHILDREN[p - 1][c - 1]
            child_rows.append(
                (
                    task_id, wp, parent_id, c, f"{p}.{c}", f"{p:04d}.{c:04d}", title, lead,
                    None, starts, due, "", weight, state, done_on, reported, None, stamp,
                )
            )  # fmt: skip
            history.append(
                (
                    task_id, wp, parent_id, c, title, lead, None, starts, due, "", weight,
                    "not_started", None, None, stamp, None, "+", None,
                )
            )  # fmt: skip
            if reported is not None:
                assert reported_on is not None
                updates.append((task_id, reported, state, "", None, at(reported_on)))
            if state != "not_started":
                history.append(
                    (
                        task_id, wp, parent_id, c, title, lead, None, starts, due, "", weight,
                        state, done_on, reported, stamp, None, "~", None,
                    )
                )  # fmt: skip
            children.append((weight, state, done_on, reported))
        # The parent as `_roll_up` leaves it: the weighted average of its sub-tasks not
        # cancelled; reported done (100%) once they are all done.
        live = [ch for ch in children if ch[1] != "cancelled"]
        weight_sum = sum(w for w, *_x in live)
        total = sum(
            (Decimal(w) * (_HUNDRED if s == "done" else Decimal(rp or 0)) for w, s, _d, rp in live),
            Decimal(0),
        )
        computed = (
            (total / weight_sum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if weight_sum
            else None
        )
        all_done = bool(live) and all(s == "done" for _w, s, _d, _r in live)
        done_on = max(d for _w, _s, d, _r in live if d is not None) if all_done else None
        state, reported = ("done", 100) if all_done else ("not_started", None)
        due = signed + _days(45 * p)
        weight = 2 if p == 3 else 1
        title, output = PARENTS[p - 1]
        lead = tops[p - 1]
        tasks.append(
            (
                parent_id, wp, None, p, str(p), f"{p:04d}", title, lead, None, starts, due,
                output, weight, state, done_on, reported, computed, stamp,
            )
        )  # fmt: skip
        tasks += child_rows
        history.append(
            (
                parent_id, wp, None, p, title, lead, None, starts, due, output, weight,
                "not_started", None, None, stamp, None, "+", None,
            )
        )  # fmt: skip
        if all_done:
            assert done_on is not None
            updates.append((parent_id, 100, "done", "", None, at(done_on)))
            history.append(
                (
                    parent_id, wp, None, p, title, lead, None, starts, due, output, weight,
                    "done", done_on, 100, stamp, None, "~", None,
                )
            )  # fmt: skip
    return tasks, updates, history


def _tasks(docs: list[Any], now: dt.date) -> dict[str, int]:
    """20 tasks for every bench plan that has none (one transaction)."""
    from django.db import connection, transaction
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from danvan.directives.models import Duty, Task, Workplan
    from danvan.org.models import Organization

    plan_ids = Duty.objects.filter(document__in=docs, plan__isnull=False).values("plan_id")
    workplans = Workplan.objects.filter(document_id__in=plan_ids).exclude(
        Exists(Task.objects.filter(workplan=OuterRef("pk")))
    )
    if not COMMUNE_TASKS:
        workplans = workplans.filter(body__level="province")
    todo = list(
        workplans.order_by("pk").values_list("pk", "document__signed_on", "body_id", "body__level")
    )
    if not todo:
        return {}
    orgs = {
        code: (pk, province_id)
        for code, pk, province_id in Organization.objects.filter(valid_to__isnull=True)
        .exclude(level="central")
        .values_list("code", "pk", "province_id")
    }
    code_of = {pk: code for code, (pk, _p) in orgs.items()}
    communes: dict[int, list[str]] = defaultdict(list)  # province → its communes' unit codes
    for code in sorted(orgs):
        if code.endswith("-DU"):
            communes[orgs[code][1]].append(code[: -len("-DU")])
    zone = timezone.get_default_timezone()

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(15, 0), tzinfo=zone)

    stamp = timezone.now()
    counts = {"tasks": 0, "updates": 0, "history": 0, "plans": len(todo)}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET LOCAL synchronous_commit = off")
        cur.execute("SELECT pg_get_serial_sequence('directives_task', 'id')")
        sequence = cur.fetchone()[0]
        for lo in range(0, len(todo), CHUNK):
            chunk = todo[lo : lo + CHUNK]
            n = 20 * len(chunk)
            cur.execute("SELECT nextval(%s)", [sequence])
            first = cur.fetchone()[0]
            cur.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
            next_id = iter(range(first, first + n))
            tasks: list[tuple] = []
            updates: list[tuple] = []
            history: list[tuple] = []
            for wp, signed, body_id, level in chunk:
                code = code_of[body_id]
                place = code.rsplit("-", 1)[0]
                if level == "province":
                    tops = [orgs[f"{place}-{s}"][0] for s in PROVINCE_TOP]
                    ring = communes[orgs[code][1]]
                    subs = [
                        orgs[f"{ring[(wp * 16 + k) % len(ring)]}-{COMMUNE_LEADS[k % 4]}"][0]
                        for k in range(16)
                    ]
                else:
                    tops = [orgs[f"{place}-{s}"][0] for s in COMMUNE_TOP]
                    subs = [orgs[f"{place}-{COMMUNE_BODIES[(k + 4) % 8]}"][0] for k in range(16)]
                t, u, h = _plan_tasks(wp, signed, tops, subs, next_id, now, at, stamp)
                tasks += t
                updates += u
                history += h
            counts["tasks"] += _copy(cur, "directives_task", TASK_COLUMNS, tasks)
            counts["updates"] += _copy(cur, "directives_taskupdate", UPDATE_COLUMNS, updates)
            counts["history"] += _copy(cur, "directives_historicaltask", HISTORY_COLUMNS, history)
            print(
                f"[directives]   tasks of {lo + len(chunk):,}/{len(todo):,} plans "
                f"({counts['tasks']:,} tasks)",
                flush=True,
            )
    return counts


def _analyze() -> float:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for table in (
            "directives_document",
            "directives_documentlink",
            "directives_cascade",
            "directives_duty",
            "directives_studysession",
            "directives_workplan",
            "directives_task",
            "directives_taskupdate",
        ):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - t0


def build() -> dict[str, Any]:
    from danvan.lib.dates import today
    from danvan.org.models import Organization

    now = today()
    central = Organization.objects.get(code=CENTRAL_CODE, valid_to__isnull=True)
    phases: list[tuple[str, float]] = []
    started = time.perf_counter()
    docs = _documents(central, now)
    made = _cascades(central, docs, now)
    if made:
        phases.append(
            (f"50 directives and {made:,} cascades (services)", time.perf_counter() - started)
        )
    t0 = time.perf_counter()
    provinces = _province_steps(docs, now)
    if provinces:
        phases.append(
            (f"{provinces:,} provincial sessions and plans (services)", time.perf_counter() - t0)
        )
    t0 = time.perf_counter()
    communes = _commune_steps(docs, now)
    if communes:
        phases.append(
            (
                f"{communes['sessions']:,} commune sessions, {communes['plans']:,} plans, "
                f"workplans, links and duty dates (bulk)",
                time.perf_counter() - t0,
            )
        )
    t0 = time.perf_counter()
    tasks = _tasks(docs, now)
    if tasks:
        phases.append(
            (
                f"{tasks['tasks']:,} tasks of {tasks['plans']:,} plans, {tasks['updates']:,} "
                f"progress reports, {tasks['history']:,} history rows (COPY)",
                time.perf_counter() - t0,
            )
        )
    if phases:
        phases.append(("VACUUM ANALYZE", _analyze()))
    for label, s in phases:
        print(f"[directives] {label}: {s:.0f} s", flush=True)
    return {"docs": docs, "central": central, "fresh": bool(phases), "phases": _seeding(phases)}


def _seeding(phases: list[tuple[str, float]]) -> list[tuple[str, float, dt.datetime, float | None]]:
    """The seeding phases of this run, kept in the bench database with the machine's load
    average when they ended, and those of the runs before: a later run reports how long the
    data took to build. (label, seconds, ended at, 1-minute load average)"""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_directives_seeding (id serial PRIMARY KEY, "
            "label text NOT NULL, seconds double precision NOT NULL, "
            "ended_at timestamptz NOT NULL DEFAULT now(), load double precision)"
        )
        load = os.getloadavg()[0]
        for label, seconds in phases:
            cur.execute(
                "INSERT INTO bench_directives_seeding (label, seconds, load) VALUES (%s, %s, %s)",
                [label, seconds, load],
            )
        cur.execute(
            "SELECT label, seconds, ended_at, load FROM bench_directives_seeding ORDER BY id"
        )
        return list(cur.fetchall())


# --- 4. Timing ------------------------------------------------------------------------------


def _cpu_times() -> list[int]:
    with open("/proc/stat", encoding="ascii") as fh:
        return [int(x) for x in fh.readline().split()[1:9]]


def _get(client: Any, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(response.content)


def in_process(built: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count, Max
    from django.test import Client
    from django.urls import reverse

    from danvan.accounts.models import Assignment, Role, Scope, User
    from danvan.directives import access
    from danvan.directives.models import Cascade, Duty
    from danvan.directives.selectors import compliance
    from danvan.directives.selectors import plans as plan_selectors
    from danvan.lib.dates import today
    from danvan.org.models import AdminUnit, Organization

    now = today()
    docs, central = built["docs"], built["central"]
    # The latest directive whose every step is due: the matrix with every state in it.
    last_due = {
        row["document_id"]: row["due"]
        for row in Cascade.objects.filter(document__in=docs)
        .values("document_id")
        .annotate(due=Max("plan_due"))
    }
    document = max(
        (d for d in docs if last_due[d.pk] < now), key=lambda d: d.signed_on, default=docs[-1]
    )
    big = (
        Organization.objects.filter(level="commune", kind="party_committee", valid_to__isnull=True)
        .values("province_id")
        .annotate(n=Count("id"))
        .order_by("-n", "province_id")
        .first()
    )
    assert big is not None
    province = AdminUnit.objects.get(pk=big["province_id"])
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT o.current_unit_id, count(*) FROM directives_task t
            JOIN org_organization o ON o.id = t.lead_body_id
            WHERE o.level = 'commune' AND t.state IN ('not_started', 'in_progress')
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1
            """
        )
        commune_id, _most = cur.fetchone()
    commune = AdminUnit.objects.get(pk=commune_id)

    def user(name: str, org: Organization, role: str, scope: str) -> User:
        """A bench user holding this one assignment (an earlier run on other data may have
        given it another body)."""
        found, _ = User.objects.get_or_create(username=name)
        Assignment.objects.filter(user=found).exclude(
            organization=org, role=role, scope=scope
        ).delete()
        Assignment.objects.get_or_create(user=found, organization=org, role=role, scope=scope)
        return User.objects.get(pk=found.pk)

    overseer = user("bench_directives_central", central, Role.LEADER, Scope.SUBTREE)
    provincial = user(
        "bench_directives_province",
        Organization.objects.get(code=f"{province.code}-BTGDV", valid_to__isnull=True),
        Role.LEADER,
        Scope.SUBTREE,
    )
    officer = user(
        "bench_directives_officer",
        Organization.objects.get(code=f"{commune.code}-DU", valid_to__isnull=True),
        Role.OFFICER,
        Scope.SUBTREE,
    )
    open_tasks = access.my_tasks(officer).count()  # what the officer answers for
    clients = {}
    for who, u in (("central", overseer), ("province", provincial), ("officer", officer)):
        clients[who] = Client()
        clients[who].force_login(u)
    duties_seen = {
        "central": Duty.objects.filter(document=document).count(),
        "province": Duty.objects.filter(document=document, body__province=province).count(),
    }
    page = reverse("directives:compliance", args=[document.pk])
    mine = reverse("directives:my_tasks")
    t = Timer("directives")
    before, load_before = _cpu_times(), os.getloadavg()[0]
    started = time.perf_counter()
    t.measure(
        f"GET compliance — nation ({document.symbol}, {duties_seen['central']:,} duties, "
        "central subtree leader)",
        lambda: _get(clients["central"], page),
        NATIONAL_MS,
    )
    t.measure(
        "compliance.matrix() alone — nation",
        lambda: compliance.matrix(document=document, duties=access.duties_for(overseer), on=now),
    )
    t.measure(
        f"GET compliance?province= — {province.name} ({big['n']} communes, "
        f"{duties_seen['province']:,} duties, its subtree leader)",
        lambda: _get(clients["province"], f"{page}?province={province.pk}"),
        PROVINCE_MS,
    )
    t.measure(
        "compliance.matrix() alone — province",
        lambda: compliance.matrix(
            document=document, duties=access.duties_for(provincial), on=now, province=province
        ),
    )
    t.measure(
        f"GET My tasks — commune officer ({commune.name}, {open_tasks:,} open tasks)",
        lambda: _get(clients["officer"], mine),
        MY_TASKS_MS,
    )
    t.measure(
        "access.my_tasks() evaluated — the first page (open_tasks()[:25])",
        lambda: list(plan_selectors.open_tasks(access.my_tasks(officer))[:25]),
    )
    t.measure(
        f"access.my_tasks() evaluated — all {open_tasks:,} open tasks",
        lambda: list(plan_selectors.open_tasks(access.my_tasks(officer))),
    )
    window = time.perf_counter() - started
    after, load_after = _cpu_times(), os.getloadavg()[0]
    d = [b - a for a, b in zip(before, after, strict=True)]
    busy = 1 - (d[3] + d[4] + d[7]) / (sum(d) or 1)
    return {
        "timer": t,
        "document": document,
        "province": province,
        "province_communes": big["n"],
        "commune": commune,
        "open_tasks": open_tasks,
        "cpu_busy": busy,
        "window": window,
        "load": (load_before, load_after),
    }


# --- 5. Extract throughput and the report -----------------------------------------------------


def _extract(machine: str) -> tuple[str, list[tuple[str, str]]]:
    """bench/extract.py's section (headings one level down) and its pages a second."""
    import extract

    text = extract.run(machine)
    rates = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 5 and cells[4].replace(",", "").isdigit():
            rates.append((cells[1], cells[4]))
    return re.sub(r"^## ", "### ", text, flags=re.MULTILINE), rates


def _sizes(docs: list[Any]) -> dict[str, int]:
    from danvan.directives.models import (
        Cascade,
        DocumentLink,
        Duty,
        StudySession,
        Task,
        TaskUpdate,
        Workplan,
    )

    duties = Duty.objects.filter(document__in=docs)
    plans = duties.exclude(plan=None).values("plan_id")
    workplans = Workplan.objects.filter(document_id__in=plans)
    return {
        "cascades": Cascade.objects.filter(document__in=docs).count(),
        "duties": duties.count(),
        "province_duties": duties.filter(body__level="province").count(),
        "studied": duties.exclude(studied_on=None).count(),
        "sessions": StudySession.objects.filter(document__in=docs).count(),
        "plans": duties.exclude(plan=None).count(),
        "links": DocumentLink.objects.filter(target__in=docs, kind="implements").count(),
        "workplans": workplans.count(),
        "province_workplans": workplans.filter(body__level="province").count(),
        "tasks": Task.objects.filter(workplan__in=workplans).count(),
        "province_tasks": Task.objects.filter(
            workplan__in=workplans.filter(body__level="province")
        ).count(),
        "open_tasks": Task.objects.filter(
            workplan__in=workplans, state__in=("not_started", "in_progress")
        ).count(),
        "updates": TaskUpdate.objects.filter(task__workplan__in=workplans).count(),
    }


def _mix(document: Any, on: dt.date) -> str:
    from danvan.directives.models import Duty
    from danvan.directives.selectors import compliance

    total = compliance.matrix(document=document, duties=Duty.objects.all(), on=on).total.steps
    parts = []
    for step, name in (("study", "sessions"), ("plan", "plans")):
        s = total[step]
        parts.append(
            f"{name} {s.on_time:,} on time, {s.late:,} late, {s.overdue:,} past due, "
            f"{s.pending:,} not yet due"
        )
    return "; ".join(parts)


KEY = ("Seq Scan", "Join Filter", "Rows Removed by", "SubPlan", "Index Scan", "Execution Time")


def _key_lines(plan: str, most: int = 14) -> list[str]:
    """The plan's top node and the lines that tell where the time goes."""
    lines = [x.rstrip() for x in plan.splitlines() if x.strip()]
    picked = lines[:1] + [x for x in lines[1:] if any(k in x for k in KEY)]
    if len(picked) > most:
        picked = picked[: most - 1] + picked[-1:]
    return [re.sub(r"\(cost=[^)]*\) ", "", x.strip())[:150] for x in picked]


def report(
    built: dict[str, Any], context: dict[str, Any], extract: tuple[str, list], machine: str, pg: str
) -> str:
    from danvan.lib.dates import today

    sizes = _sizes(built["docs"])
    t: Timer = context["timer"]
    day = dt.datetime.now(dt.UTC).strftime("%d/%m/%Y")
    phases = built["phases"]
    if phases:
        loads = sorted({f"{load:.1f}" for *_x, load in phases if load is not None})
        seeding = (
            f"seeded {'by this run' if built['fresh'] else 'by an earlier run'} "
            f"(ended {phases[-1][2].astimezone(dt.UTC):%d/%m/%Y %H:%M} UTC) in "
            f"{sum(s for _l, s, *_x in phases):.0f} s: "
            + "; ".join(f"{label} {s:.0f} s" for label, s, *_x in phases)
            + (f" (1-minute load average at the end: {', '.join(loads)})" if loads else "")
        )
    else:
        seeding = "seeded before (seeding time not recorded)"
    tasks_scope = (
        "every plan (the provinces' and the communes')"
        if sizes["tasks"] > sizes["province_tasks"]
        else "the provinces' plans only (BENCH_DIRECTIVES_COMMUNE_TASKS=0)"
    )
    extract_text, rates = extract
    lines = [
        "",
        f"## {day} — directives — {machine}",
        "",
        f"PostgreSQL {pg}. The national network (34 provinces, 3,321 communes) with "
        f"{len(built['docs'])} directives registered by {CENTRAL_CODE}, each cascaded to the "
        f"34 provincial Party committees and by each of those to its communes' Party "
        f"committees: {sizes['cascades']:,} cascades, {sizes['duties']:,} duties "
        f"({sizes['province_duties']:,} provincial), {sizes['sessions']:,} study sessions, "
        f"{sizes['plans']:,} plans registered ({sizes['links']:,} IMPLEMENTS links), "
        f"{sizes['workplans']:,} plans at work ({sizes['province_workplans']:,} provincial) "
        f"with {sizes['tasks']:,} tasks ({sizes['province_tasks']:,} in provincial plans; "
        f"{sizes['open_tasks']:,} open) and {sizes['updates']:,} progress reports; "
        f"{seeding}. “20 tasks per plan” read as: {tasks_scope} has 4 tasks of 4 sub-tasks "
        "each over the 180 days after it is signed; a province's top tasks are led by its "
        "Party committee, commission, People's Committee and Front, their sub-tasks by its "
        "communes' bodies in turn; a commune's by its own bodies. The provinces' steps went "
        "through `record_study`/`register_plan`, the communes' in bulk as those services "
        "leave them (history rows included).",
        "",
        f"Matrix of {context['document'].symbol} as of {today():%d/%m/%Y}: "
        f"{_mix(context['document'], today())}. Django test client in process, up to {RUNS} "
        "runs after one warm-up (at least 10 when slow); “DB ms” is the time of one run's "
        f"queries. Machine while timing: CPU {context['cpu_busy']:.0%} busy over "
        f"{context['window']:.0f} s, load average {context['load'][0]:.2f} → "
        f"{context['load'][1]:.2f} (the benchmark and its database keep about one core busy; "
        "the rest is other work on the machine, such as a CI run, which slows the figures).",
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
    if rates:
        lines.append(
            "- `danvan extract` throughput: "
            + ", ".join(f"{label} {rate} pages/s" for label, rate in rates)
        )
    for label, plan in t.plans.items():
        lines += [
            "",
            f"EXPLAIN ANALYZE of the slowest query of “{label}”, its key lines:",
            "",
            "```",
            *_key_lines(plan),
            "```",
        ]
    lines.append("")
    lines.append(extract_text.strip("\n"))
    lines.append("")
    return "\n".join(lines)


def run(url: str, machine: str) -> None:
    from django.db import connection

    built = build()
    connection.close()  # the timed part sees the new statistics
    context = in_process(built)
    extract = _extract(machine)
    version = connection.cursor().connection.info.server_version
    text = report(built, context, extract, machine, f"{version // 10000}.{version % 10000}")
    print(text)
    append_report(text)


def main() -> None:
    url = prepare_standalone()
    run(url, _machine())


if __name__ == "__main__":
    main()
