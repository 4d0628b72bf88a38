"""`make bench`, part four: periodic reports at national scale (PostgreSQL only).

1. Builds the national reporting network through the reports services, as demo/reports.py
   does: a 60-indicator monthly template of the central commission (TW-BTGDV; the standard
   template's sections, indicators and checks, widened with more figures the platform counts
   and more typed ones), published; one rule per receiver (the 34 provincial commissions
   report to the central one, each province's commune People's Committees to their
   commission); the 12 monthly periods up to the one under way (`ensure_period`) and their
   reports (`open_reports`, the worker's service: 3,355 a period).
2. Writes the figures and the steps in bulk SQL, never through the save services: every
   commune report's 60 figures (deterministic; in the period under way only the figures the
   platform counts), each province's consolidated from its communes'; the latest ended
   period with every status on the board (missing, returned, submitted late or on time,
   accepted), the older ones accepted but for a few missing; the events the workflow
   services would have left (approved, submitted, accepted or returned).
3. Needs 1,000,000 matters and 100,000 models for filling a commune's bound figures: the
   seeds of bench/cases.py and bench/exemplars.py make sure of them (nothing to do after
   those parts in bench/run.py; imported here only for that).
4. Times, in process (Django test client, logged in as overseers): the consolidated table
   and the submission board of the central commission (34 provinces) and of the province
   with the most communes, each page and the function alone, counting queries; filling a
   commune's bound figures (`services.filling.fill_platform_figures`); the national .xlsx
   of the consolidated table (time, size, peak Python memory) and the reports API, when the
   code for them exists (reported as not available otherwise).
5. Appends the figures to docs/benchmarks.md against the targets.

Run by bench/run.py after the other parts, or alone: DATABASE_URL=postgres://... python
bench/reports.py
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import re
import time
import tracemalloc
from collections.abc import Callable, Iterable
from typing import Any

from common import (  # bench/ is on sys.path
    RUNS,
    Timer,
    _machine,
    append_report,
    prepare_standalone,
)

PERIODS = int(os.environ.get("BENCH_REPORT_PERIODS", "12"))
INDICATORS = 60
TEMPLATE_CODE = "bench-bc-dan-van-60"
CENTRAL_CODE = "TW-BTGDV"
# Targets of the issue (ms, p95).
NATIONAL_TABLE_MS = 500.0
PROVINCE_TABLE_MS = 150.0
BOARD_MS = 150.0
FILL_MS = 300.0


# --- 1. The template, rules, periods and reports, through the services ---------------------


def _specs() -> list[tuple[str, str, str, bool, list[Any]]]:
    """The standard template's sections, each widened: more figures the platform counts
    (every one a key of the figure registry) and typed ones, to INDICATORS in all."""
    from danvan.lib import figures
    from danvan.reports.models import Consolidation, ValueType
    from danvan.reports.services.standard import SECTIONS
    from danvan.reports.services.templates import IndicatorSpec

    known = figures.sources()
    c, p, m, a, y = (
        ValueType.COUNT,
        ValueType.PERCENT,
        ValueType.MONEY,
        ValueType.AREA,
        ValueType.YES_NO,
    )
    bound_extra = {
        "II": [
            ("cases.received.kind.feedback", "Trong đó: phản ánh"),
            ("cases.received.kind.proposal", "Trong đó: kiến nghị"),
            ("cases.received.kind.mixed", "Trong đó: đơn có nhiều nội dung"),
            ("cases.received.channel.web", "Tiếp nhận qua cổng thông tin"),
            ("cases.received.channel.letter", "Tiếp nhận qua đường bưu chính"),
            ("cases.received.channel.api", "Tiếp nhận qua hệ thống khác (API)"),
            ("cases.received.channel.open311", "Tiếp nhận qua ứng dụng (Open311)"),
            ("cases.received.channel.import", "Tiếp nhận từ sổ sách chuyển vào"),
            ("cases.satisfied", "Số lượt đánh giá hài lòng (4–5 điểm)"),
        ],
        "III": [
            ("exemplars.registered.collective", "Đăng ký mới: tập thể"),
            ("exemplars.registered.individual", "Đăng ký mới: cá nhân"),
            ("exemplars.registered.field.economy", "Đăng ký mới: lĩnh vực kinh tế"),
            ("exemplars.registered.field.culture_society", "Đăng ký mới: văn hóa – xã hội"),
            ("exemplars.registered.field.defence_security", "Đăng ký mới: quốc phòng – an ninh"),
            ("exemplars.registered.field.political_system", "Đăng ký mới: hệ thống chính trị"),
            ("exemplars.recognized.commune", "Công nhận trong kỳ: cấp xã"),
            ("exemplars.recognized.central", "Công nhận trong kỳ: cấp Trung ương"),
            ("exemplars.recognized_total", "Tổng số mô hình đã công nhận đến cuối kỳ"),
            ("exemplars.replicated.collective", "Nhân rộng trong kỳ: tập thể"),
        ],
    }
    sections = []
    total = 0
    for heading, title, guidance, narrative, specs in SECTIONS:
        specs = list(specs)
        for key, label in bound_extra.get(heading, []):
            if key in known:
                code = "x_" + re.sub(r"[^a-z0-9]+", "_", key.split(".", 1)[1])
                specs.append(
                    IndicatorSpec(code=code, label=label, value_type=c, unit="", source=key)
                )
        total += len(specs)
        sections.append((heading, title, guidance, narrative, specs))
    # Typed figures of the mass organizations and the body's own work, every rule used.
    typed: list[Any] = []
    # The ratio's terms first, then one of each rule, then sums.
    kinds = [
        ("so_thon", "Số thôn, tổ dân phố", c, "thôn", Consolidation.SUM),
        ("thon_van_hoa", "Số thôn, tổ dân phố văn hóa", c, "thôn", Consolidation.SUM),
        ("co_quy_che", "Có quy chế dân chủ ở cơ sở", y, "có/không", Consolidation.COUNT_YES),
        ("muc_tieu_nam", "Chỉ tiêu năm về mô hình mới", c, "mô hình", Consolidation.LATEST),
        ("ho_it_nhat", "Số hộ ít nhất ở một thôn, tổ dân phố", c, "hộ", Consolidation.MINIMUM),
        (
            "ho_nhieu_nhat",
            "Số hộ nhiều nhất ở một thôn, tổ dân phố",
            c,
            "hộ",
            Consolidation.MAXIMUM,
        ),
        ("hv_moi", "Hội viên, đoàn viên mới kết nạp", c, "người", Consolidation.SUM),
        ("hv_tong", "Tổng số hội viên, đoàn viên", c, "người", Consolidation.SUM),
        ("to_hoa_giai", "Số tổ hòa giải ở cơ sở", c, "tổ", Consolidation.SUM),
        ("vu_hoa_giai", "Số vụ việc hòa giải thành", c, "vụ", Consolidation.SUM),
        ("hop_dan", "Số cuộc họp dân, hội nghị nhân dân", c, "cuộc", Consolidation.SUM),
        ("tham_gia", "Lượt người dân tham gia", c, "lượt", Consolidation.SUM),
        ("ho_ngheo_ho_tro", "Số hộ nghèo được hỗ trợ", c, "hộ", Consolidation.SUM),
        ("nha_dai_doan_ket", "Nhà Đại đoàn kết xây mới, sửa chữa", c, "căn", Consolidation.SUM),
        ("ngay_cong", "Ngày công nhân dân đóng góp", c, "ngày công", Consolidation.SUM),
        ("duong_gt", "Đường giao thông nông thôn làm mới", a, "m²", Consolidation.SUM),
        ("quy_vi_nguoi_ngheo", "Quỹ Vì người nghèo vận động được", m, "đồng", Consolidation.SUM),
        ("von_doi_ung", "Vốn đối ứng của nhân dân", m, "đồng", Consolidation.SUM),
    ]
    for code, label, value_type, unit, rule in kinds:
        if total + len(typed) >= INDICATORS - 1:
            break
        typed.append(
            IndicatorSpec(
                code=code, label=label, value_type=value_type, unit=unit, consolidation=rule
            )
        )
    n = 0
    while total + len(typed) < INDICATORS - 1:
        n += 1
        typed.append(
            IndicatorSpec(code=f"them_{n}", label=f"Chỉ tiêu bổ sung {n}", value_type=c, unit="")
        )
    typed.append(
        IndicatorSpec(
            code="ty_le_thon_van_hoa",
            label="Tỷ lệ thôn, tổ dân phố văn hóa",
            value_type=p,
            unit="%",
            required=False,
            consolidation=Consolidation.RATIO,
            numerator="thon_van_hoa",
            denominator="so_thon",
        )
    )
    sections.insert(4, ("IV.b", "Kết quả hoạt động của Mặt trận và các đoàn thể", "", False, typed))
    return sections


def _build() -> dict[str, Any]:
    """Template, rules, periods and reports through the services; nothing when built before
    (a period under way since the last run is opened as the worker would)."""
    from django.db import transaction

    from danvan.lib.dates import today
    from danvan.org.models import Organization
    from danvan.org.models.organizations import OrganizationKind, OrganizationLevel
    from danvan.reports.models import PeriodKind, ReportTemplate, RuleKind
    from danvan.reports.services import obligations, periods
    from danvan.reports.services.instances import open_reports
    from danvan.reports.services.standard import CHECKS
    from danvan.reports.services.templates import (
        add_check,
        add_indicator,
        add_section,
        create_template,
        publish,
    )

    now = today()
    (year, number), *_ = periods.numbers_containing(PeriodKind.MONTH, now)
    wanted = []
    for back in range(PERIODS - 1, -1, -1):
        index = year * 12 + number - 1 - back
        wanted.append((index // 12, index % 12 + 1))
    started = time.perf_counter()
    built = False
    template = ReportTemplate.objects.filter(code=TEMPLATE_CODE).first()
    first = periods.bounds(PeriodKind.MONTH, *wanted[0])[0]
    if template is None:
        central = Organization.objects.get(code=CENTRAL_CODE, valid_to__isnull=True)
        with transaction.atomic():
            template = create_template(
                owner=central,
                code=TEMPLATE_CODE,
                name="Báo cáo công tác dân vận hằng tháng (bench, 60 chỉ tiêu)",
                topic="mass_mobilization",
                applies_from=first,
                schedules={PeriodKind.MONTH: 3},
            )
            version = template.versions.get()
            for heading, title, guidance, narrative, specs in _specs():
                section = add_section(
                    version=version,
                    heading=heading,
                    title=title,
                    guidance=guidance,
                    narrative=narrative,
                )
                for spec in specs:
                    add_indicator(section=section, spec=spec)
            for kind, subject, parts in CHECKS:
                add_check(version=version, kind=kind, subject=subject, parts=parts)
            publish(version=version, actor=None)
            obligations.create_rule(
                template=template,
                receiver=central,
                kind=RuleKind.BELOW,
                organization_kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
                level=OrganizationLevel.PROVINCE,
                on=first,
            )
            commissions = Organization.objects.as_of(first).filter(
                kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
                level=OrganizationLevel.PROVINCE,
            )
            for commission in commissions.order_by("code"):
                obligations.create_rule(
                    template=template,
                    receiver=commission,
                    kind=RuleKind.BELOW,
                    organization_kind=OrganizationKind.PEOPLES_COMMITTEE,
                    level=OrganizationLevel.COMMUNE,
                    on=first,
                )
        built = True
    made = 0
    period_list = []
    for y, n in wanted:
        period = periods.ensure_period(kind=PeriodKind.MONTH, year=y, number=n)
        period_list.append(period)
        made += open_reports(period=period, template_ids=[template.pk])
    seconds = time.perf_counter() - started
    print(f"[reports] template and {made:,} reports opened in {seconds:.1f} s", flush=True)
    return {
        "template": template,
        "periods": period_list,
        "built": built,
        "opened": made,
        "build_seconds": seconds,
    }


# --- 2. Figures and steps in bulk ---------------------------------------------------------

FIGURES_SQL = """
INSERT INTO reports_figurevalue
    (report_id, indicator_id, value, platform_value, override_reason, counted_at)
SELECT r.id, i.id, v.value,
       CASE WHEN i.source <> '' THEN v.value END, '',
       CASE WHEN i.source <> '' THEN now() END
FROM reports_report r
JOIN org_organization o ON o.id = r.reporter_id AND o.level = 'commune'
JOIN reports_indicator i ON i.version_id = r.version_id
CROSS JOIN LATERAL (SELECT mod(r.id * 7919 + i.position * 104729, 1000003) AS h) AS hh
CROSS JOIN LATERAL (
    SELECT (CASE i.value_type
        WHEN 'count' THEN mod(hh.h, 40)::numeric
        WHEN 'yes_no' THEN (mod(hh.h, 3) > 0)::int::numeric
        WHEN 'percent' THEN mod(hh.h, 10001) / 100.0
        WHEN 'decimal' THEN 1 + mod(hh.h, 401) / 100.0
        WHEN 'money' THEN mod(hh.h, 41) * 5000000.0
        WHEN 'area' THEN mod(hh.h, 31) * 10.0
    END)::numeric(20, 4) AS value
) AS v
WHERE r.template_id = %(template)s AND r.period_id = %(period)s
  AND (NOT %(under_way)s OR i.source <> '')
ON CONFLICT (report_id, indicator_id) DO NOTHING
"""

# A province's own figures: its communes' consolidated (all of them, as a draft would be).
PROVINCE_FIGURES_SQL = """
INSERT INTO reports_figurevalue
    (report_id, indicator_id, value, platform_value, override_reason, counted_at)
SELECT pr.id, i.id, agg.value,
       CASE WHEN i.source <> '' THEN agg.value END, '',
       CASE WHEN i.source <> '' THEN now() END
FROM (
    SELECT pr.id AS report_id, fv.indicator_id,
           CASE max(i.consolidation)
               WHEN 'sum' THEN sum(fv.value)
               WHEN 'min' THEN min(fv.value)
               WHEN 'max' THEN max(fv.value)
               WHEN 'count_yes' THEN max(fv.value)
               ELSE round(avg(fv.value), 2)
           END AS value
    FROM reports_report pr
    JOIN reports_report cr ON cr.receiver_id = pr.reporter_id
         AND cr.template_id = pr.template_id AND cr.period_id = pr.period_id
    JOIN reports_figurevalue fv ON fv.report_id = cr.id
    JOIN reports_indicator i ON i.id = fv.indicator_id
    WHERE pr.template_id = %(template)s AND pr.period_id = %(period)s
      AND pr.receiver_id = %(central)s
    GROUP BY pr.id, fv.indicator_id
) AS agg
JOIN reports_report pr ON pr.id = agg.report_id
JOIN reports_indicator i ON i.id = agg.indicator_id
ON CONFLICT (report_id, indicator_id) DO NOTHING
"""

# States by a deterministic roll per report: in the latest ended period 5% missing, 5%
# returned, half submitted, the rest accepted, 12% of those sent late; before it 2% missing,
# the rest accepted. Provinces: all accepted before, and in the latest ended period 30 of
# 34 sent (the others still consolidating). The period under way is left in draft.
STATES_SQL = """
WITH s AS (
    SELECT r.id, r.due_on, o.level,
           mod(r.reporter_id * 7919 + r.period_id * 104729, 100)::int AS roll,
           r.period_id = %(latest)s AS latest
    FROM reports_report r JOIN org_organization o ON o.id = r.reporter_id
    WHERE r.template_id = %(template)s AND r.period_id <> %(under_way)s
), st AS (
    SELECT id, due_on, roll,
           CASE
               WHEN level = 'province' AND latest AND roll < 12 THEN 'draft'
               WHEN level = 'province' AND latest THEN 'submitted'
               WHEN level = 'province' THEN 'accepted'
               WHEN latest AND roll < 5 THEN 'draft'
               WHEN latest AND roll < 10 THEN 'returned'
               WHEN latest AND roll < 60 THEN 'submitted'
               WHEN latest THEN 'accepted'
               WHEN roll < 2 THEN 'draft'
               ELSE 'accepted'
           END AS state
    FROM s
), at AS (
    SELECT id, state,
           CASE WHEN state <> 'draft' THEN
               ((due_on + CASE WHEN roll >= 88 THEN 1 + mod(roll, 6) ELSE -mod(roll, 3) END)
                   ::timestamp + make_interval(hours => 8 + mod(roll, 9),
                                               mins => mod(roll * 7, 60)))
               AT TIME ZONE %(tz)s
           END AS sent
    FROM st
)
UPDATE reports_report r
SET state = at.state, first_submitted_at = at.sent, submitted_at = at.sent, updated_at = now()
FROM at WHERE r.id = at.id
"""

EVENTS_SQL = """
INSERT INTO reports_reportevent (report_id, kind, at, actor_id, note)
SELECT r.id, e.kind, r.first_submitted_at + e.shift, NULL, e.note
FROM reports_report r
JOIN (VALUES ('approved', interval '-2 hours', '', 1),
             ('submitted', interval '0', 'Phiên bản 1', 2),
             ('accepted', interval '1 day', '', 3),
             ('returned', interval '1 day',
              'Đề nghị bổ sung số liệu đối thoại và làm rõ đơn quá hạn. (bench)', 4))
     AS e(kind, shift, note, n)
  ON e.n <= 2 OR (e.n = 3 AND r.state = 'accepted') OR (e.n = 4 AND r.state = 'returned')
WHERE r.template_id = %(template)s AND r.first_submitted_at IS NOT NULL
"""


def _write(built: dict[str, Any]) -> dict[str, Any]:
    """Figures, states and events in bulk; nothing when every report has its figures."""
    from django.conf import settings
    from django.db import connection, transaction

    from danvan.org.models import Organization

    template = built["template"]
    periods = built["periods"]
    under_way, latest = periods[-1], periods[-2]
    central = Organization.objects.get(code=CENTRAL_CODE, valid_to__isnull=True)
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT count(*) FILTER (WHERE NOT EXISTS
                (SELECT 1 FROM reports_figurevalue f WHERE f.report_id = r.id))
            FROM reports_report r WHERE r.template_id = %s
            """,
            [template.pk],
        )
        empty = cur.fetchone()[0]
    if not empty:
        print("[reports] every bench report has its figures: nothing to write", flush=True)
        return {"written": False, "seconds": 0.0}
    started = time.perf_counter()
    print(f"[reports] writing figures and steps ({empty:,} reports without figures)", flush=True)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL synchronous_commit = off")
        cur.execute("SET LOCAL work_mem = '64MB'")
        # A run stopped half way: start the written part again from the opened reports.
        cur.execute(
            "DELETE FROM reports_figurevalue f USING reports_report r "
            "WHERE f.report_id = r.id AND r.template_id = %s",
            [template.pk],
        )
        cur.execute(
            "DELETE FROM reports_reportevent e USING reports_report r "
            "WHERE e.report_id = r.id AND r.template_id = %s AND e.kind <> 'opened'",
            [template.pk],
        )
        cur.execute(
            "UPDATE reports_report SET state = 'draft', first_submitted_at = NULL, "
            "submitted_at = NULL WHERE template_id = %s",
            [template.pk],
        )
        for period in periods:
            t0 = time.perf_counter()
            params = {
                "template": template.pk,
                "period": period.pk,
                "under_way": period.pk == under_way.pk,
                "central": central.pk,
            }
            cur.execute(FIGURES_SQL, params)
            communes = cur.rowcount
            cur.execute(PROVINCE_FIGURES_SQL, params)
            print(
                f"[reports]   {period.title}: {communes:,} commune figures, {cur.rowcount:,} "
                f"province figures ({time.perf_counter() - t0:.1f} s)",
                flush=True,
            )
        cur.execute(
            STATES_SQL,
            {
                "template": template.pk,
                "latest": latest.pk,
                "under_way": under_way.pk,
                "tz": settings.TIME_ZONE,
            },
        )
        cur.execute(EVENTS_SQL, {"template": template.pk})
    seconds = time.perf_counter() - started
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for table in (
            "reports_report",
            "reports_figurevalue",
            "reports_reportevent",
            "reports_obligation",
            "reports_indicator",
        ):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    vacuum = time.perf_counter() - t0
    print(f"[reports] written in {seconds:.0f} s, VACUUM ANALYZE {vacuum:.0f} s", flush=True)
    return {"written": True, "seconds": seconds, "vacuum_seconds": vacuum}


def _volume(url: str) -> dict[str, Any]:
    """1,000,000 matters and 100,000 models: bench/cases.py's and bench/exemplars.py's seeds
    (each does nothing when its rows are there already)."""
    import cases
    import exemplars

    return {"cases": cases.seed(url), "exemplars": exemplars.seed(url)}


# --- 3. Timing -----------------------------------------------------------------------------


def _cpu_times() -> list[int]:
    with open("/proc/stat", encoding="ascii") as fh:
        return [int(x) for x in fh.readline().split()[1:9]]


def _loadavg() -> float:
    return os.getloadavg()[0]


def _drain(response: Any) -> int:
    """Read a response as a browser would, keeping nothing: its size in bytes."""
    size = 0
    if getattr(response, "streaming", False):
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    response.close()
    return size


def _read_file(result: Any) -> int:
    """The size of what an export function returned (a file, bytes, a response, chunks)."""
    if isinstance(result, bytes | bytearray):
        return len(result)
    if hasattr(result, "streaming_content") or hasattr(result, "content"):
        return _drain(result)
    if hasattr(result, "read"):
        size = 0
        while chunk := result.read(1 << 16):
            size += len(chunk)
        result.close()
        return size
    if isinstance(result, Iterable):
        return sum(len(c.encode() if isinstance(c, str) else c) for c in result)
    raise TypeError(f"an export returned {type(result).__name__}")


def _fill(params: Iterable[str], known: dict[str, Any]) -> dict[str, Any] | None:
    out = {}
    for name in params:
        if name not in known:
            return None
        out[name] = known[name]
    return out


def _known(receiver: Any, template: Any, period: Any) -> dict[str, Any]:
    return {
        "receiver": receiver.pk,
        "receiver_id": receiver.pk,
        "org": receiver.pk,
        "organization": receiver.pk,
        "organization_id": receiver.pk,
        "template": template.pk,
        "template_id": template.pk,
        "period": period.pk,
        "period_id": period.pk,
    }


def _xlsx_exports(receiver: Any, template: Any, period: Any, client: Any) -> tuple[str, Any]:
    """How to get the consolidated table as .xlsx: (label, a callable returning its size),
    or ("", why not). A page of the reports app whose name or route says xlsx first, else a
    function of danvan.reports.exports whose name says xlsx; BENCH_REPORTS_XLSX_URL (with
    {receiver}, {template}, {period}) overrides."""
    known = _known(receiver, template, period)
    override = os.environ.get("BENCH_REPORTS_XLSX_URL", "")
    if override:
        path = override.format(receiver=receiver.pk, template=template.pk, period=period.pk)
        return f"GET {path}", lambda: _get(client, path)
    try:
        exports = importlib.import_module("danvan.reports.exports")
    except ModuleNotFoundError as error:
        if error.name not in ("danvan.reports.exports",):
            raise
        return "", "danvan.reports.exports does not exist yet"
    from django.urls import reverse

    from danvan.reports import urls

    for pattern in urls.urlpatterns:
        name = getattr(pattern, "name", "") or ""
        route = str(getattr(pattern, "pattern", ""))
        if "xlsx" not in name and "xlsx" not in route:
            continue
        kwargs = _fill(getattr(pattern.pattern, "converters", {}).keys(), known)
        if kwargs is None:
            continue
        path = reverse(f"reports:{name}", kwargs=kwargs)
        return f"GET {path}", lambda path=path: _get(client, path)
    for name, fn in inspect.getmembers(exports, inspect.isfunction):
        if "xlsx" not in name or fn.__module__ != exports.__name__:
            continue
        params = inspect.signature(fn).parameters
        names = {"receiver", "template", "period"}
        if names <= set(params):
            return f"exports.{name}(receiver, template, period)", lambda fn=fn: _read_file(
                fn(receiver=receiver, template=template, period=period)
            )
        required = [
            p
            for p in params.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if len(required) == 3:
            return f"exports.{name}(receiver, template, period)", lambda fn=fn: _read_file(
                fn(receiver, template, period)
            )
    return (
        "",
        "danvan.reports.exports has no xlsx function or page for (receiver, template, period)",
    )


def _api_paths(receiver: Any, template: Any, period: Any) -> tuple[list[str], str]:
    """GET paths of the reports API (danvan.api.reports) for this receiver, template and
    period, from the OpenAPI schema: every operation under /api/v1/reports whose required
    parameters are a receiver, a template, a period or a format (each format it lists),
    naming all three (the consolidated table).
    BENCH_REPORTS_API_URLS (comma-separated, with {receiver}, {template}, {period})
    overrides."""
    override = os.environ.get("BENCH_REPORTS_API_URLS", "")
    if override:
        return [
            p.strip().format(receiver=receiver.pk, template=template.pk, period=period.pk)
            for p in override.split(",")
            if p.strip()
        ], ""
    try:
        importlib.import_module("danvan.api.reports")
    except ModuleNotFoundError as error:
        if error.name != "danvan.api.reports":
            raise
        return [], "danvan.api.reports does not exist yet"
    from urllib.parse import urlencode

    from danvan.api.api import api

    known = _known(receiver, template, period)
    schema = api.get_openapi_schema()
    found: list[str] = []
    for path, operations in schema["paths"].items():
        if "/reports" not in path or "get" not in operations:
            continue
        query: dict[str, Any] = {}
        formats: list[str] = [""]
        usable = True
        given: set[str] = set()
        for param in operations["get"].get("parameters", []):
            name, where = param["name"], param["in"]
            if name == "format":
                enum = param.get("schema", {}).get("enum") or []
                formats = [f for f in enum if f in ("json", "csv", "xlsx")] or [""]
                continue
            if name in known:
                given.add(name.removesuffix("_id"))
                if where == "path":
                    path = path.replace("{" + name + "}", str(known[name]))
                else:
                    query[name] = known[name]
            elif param.get("required"):
                usable = False
        # Only the consolidated table: operations naming a receiver, a template and a period.
        if not usable or "{" in path or not {"template", "period"} <= given:
            continue
        if not given & {"receiver", "org", "organization"}:
            continue
        for fmt in formats:
            q = {**query, **({"format": fmt} if fmt else {})}
            found.append(path + (f"?{urlencode(q)}" if q else ""))
    if not found:
        return [], "danvan.api.reports has no GET operation for (receiver, template, period)"
    return found[:6], ""


def _get(client: Any, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return _drain(response)


def _memory(fn: Callable[[], int]) -> tuple[float, int, float]:
    """(seconds, bytes, peak Python MiB): timed, then a second pass under tracemalloc (it
    slows Python down several times)."""
    t0 = time.perf_counter()
    size = fn()
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, size, peak / 1024 / 1024


def _chunks(how: Callable[[], int]) -> list[tuple[int, float]]:
    """Peak Python memory of the national export by how many reports it reads at once
    (danvan.reports.exports.CHUNK, set here for the measure only, then put back): flat
    memory is a peak that follows the chunk, not the size of the network."""
    try:
        exports = importlib.import_module("danvan.reports.exports")
    except ModuleNotFoundError:
        return []
    shipped = getattr(exports, "CHUNK", None)
    if not isinstance(shipped, int):
        return []
    found = []
    try:
        for chunk in sorted({100, shipped, 1_000_000}):
            exports.CHUNK = chunk
            tracemalloc.start()
            how()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            found.append((chunk, peak / 1024 / 1024))
            print(f"[reports] xlsx, {chunk} reports at once: peak {found[-1][1]:.1f} MiB")
    finally:
        exports.CHUNK = shipped
    return found


def in_process(built: dict[str, Any]) -> dict[str, Any]:
    from django.db.models import Count
    from django.test import Client

    from danvan.accounts.models import Assignment, Role, Scope, User
    from danvan.lib.dates import today
    from danvan.org.models import Organization
    from danvan.reports.board import board
    from danvan.reports.consolidation import table
    from danvan.reports.models import Obligation, Report
    from danvan.reports.services.filling import fill_platform_figures

    template = built["template"]
    under_way, latest = built["periods"][-1], built["periods"][-2]
    central = Organization.objects.get(code=CENTRAL_CODE, valid_to__isnull=True)
    # The province with the most communes reporting, its commission, a commune of it.
    big = (
        Obligation.objects.current()
        .filter(template=template)
        .exclude(receiver=central)
        .values("receiver_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert big is not None
    province = Organization.objects.get(pk=big["receiver_id"])
    commune_report = (
        Report.objects.filter(template=template, period=under_way, receiver=province)
        .order_by("reporter__code")
        .select_related("reporter")
        .first()
    )
    assert commune_report is not None

    def user(name: str, org: Organization, role: str, scope: str) -> User:
        found, _ = User.objects.get_or_create(username=name)
        Assignment.objects.get_or_create(user=found, organization=org, role=role, scope=scope)
        return found

    overseer = user("bench_report_central", central, Role.LEADER, Scope.SUBTREE)
    provincial = user("bench_report_province", province, Role.LEADER, Scope.SUBTREE)
    officer = user("bench_report_officer", commune_report.reporter, Role.OFFICER, Scope.UNIT)
    national_client, province_client = Client(), Client()
    national_client.force_login(overseer)
    province_client.force_login(provincial)

    def page(client: Client, path: str) -> Callable[[], object]:
        return lambda: _get(client, path)

    t = Timer("reports")
    args = f"{template.pk}/{latest.pk}"
    before, load_before = _cpu_times(), _loadavg()
    started = time.perf_counter()
    t.measure(
        f"GET /reports/consolidated/ — central ({central.code}, 34 provinces)",
        page(national_client, f"/reports/consolidated/{central.pk}/{args}/"),
        NATIONAL_TABLE_MS,
    )
    t.measure(
        "consolidation.table() alone — central",
        lambda: table(central, template, latest),
    )
    children = Obligation.objects.current().filter(template=template, receiver=province).count()
    t.measure(
        f"GET /reports/consolidated/ — province ({province.code}, {children} communes)",
        page(province_client, f"/reports/consolidated/{province.pk}/{args}/"),
        PROVINCE_TABLE_MS,
    )
    t.measure(
        "consolidation.table() alone — province",
        lambda: table(province, template, latest),
    )
    t.measure(
        "GET /reports/board/ — central",
        page(national_client, f"/reports/board/{central.pk}/{args}/"),
        BOARD_MS,
    )
    t.measure("board.board() alone — central", lambda: board(central, template, latest, today()))
    t.measure(
        "GET /reports/board/ — province",
        page(province_client, f"/reports/board/{province.pk}/{args}/"),
        BOARD_MS,
    )
    t.measure("board.board() alone — province", lambda: board(province, template, latest, today()))
    bound = sum(1 for i in commune_report.version.indicators.all() if i.source)
    t.measure(
        f"fill_platform_figures — commune ({commune_report.reporter.code}, {bound} figures, "
        f"{under_way.title})",
        lambda: fill_platform_figures(report=commune_report, actor=officer),
        FILL_MS,
    )
    window = time.perf_counter() - started
    after, load_after = _cpu_times(), _loadavg()
    d = [b - a for a, b in zip(before, after, strict=True)]
    busy = 1 - (d[3] + d[4] + d[7]) / (sum(d) or 1)

    # The national .xlsx of the consolidated table, and the reports API.
    exports: list[tuple[str, float, int, float]] = []
    chunks: list[tuple[int, float]] = []
    label, how = _xlsx_exports(central, template, latest, national_client)
    xlsx_note = ""
    if label:
        for who, receiver, client in (
            ("central", central, national_client),
            ("province", province, province_client),
        ):
            label, how = _xlsx_exports(receiver, template, latest, client)
            try:
                seconds, size, peak = _memory(how)
            except Exception as error:  # someone else's code, being written
                xlsx_note = f"{label}: failed ({type(error).__name__}: {error})"
                print(f"[reports] xlsx export {who}: {xlsx_note}", flush=True)
                break
            exports.append((f"{label} ({who})", seconds, size, peak))
            print(f"[reports] {label}: {seconds:.2f} s, {size:,} B, peak {peak:.1f} MiB")
        chunks = _chunks(_xlsx_exports(central, template, latest, national_client)[1])
    else:
        xlsx_note = how
        print(f"[reports] xlsx export not available: {how}", flush=True)
    api_paths, api_note = _api_paths(central, template, latest)
    for path in api_paths:
        try:
            t.measure(f"GET {path}", page(national_client, path))
            seconds, size, peak = _memory(lambda path=path: _get(national_client, path))
            exports.append((f"GET {path}", seconds, size, peak))
        except AssertionError as error:
            api_note += f"{path}: answered {error.args[0][1]}; "
    if not api_paths:
        print(f"[reports] reports API not available: {api_note}", flush=True)
    counts = dict(
        Report.objects.filter(template=template, period=latest)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "timer": t,
        "central": central,
        "province": province,
        "province_children": children,
        "commune": commune_report.reporter,
        "bound": bound,
        "latest": latest,
        "under_way": under_way,
        "states": counts,
        "exports": exports,
        "chunks": chunks,
        "xlsx_note": xlsx_note,
        "api_note": api_note,
        "cpu_busy": busy,
        "window": window,
        "load": (load_before, load_after),
    }


# --- 4. Report -----------------------------------------------------------------------------


def report(
    built: dict[str, Any],
    written: dict[str, Any],
    volume: dict[str, Any],
    context: dict[str, Any],
    machine: str,
    pg: str,
) -> str:
    from danvan.cases.models import Case
    from danvan.exemplars.models import Exemplar
    from danvan.reports.models import FigureValue, Indicator, Report, ReportEvent

    template = built["template"]
    periods = built["periods"]
    reports = Report.objects.filter(template=template).count()
    values = FigureValue.objects.filter(report__template=template).count()
    events = ReportEvent.objects.filter(report__template=template).count()
    indicators = Indicator.objects.filter(version__template=template)
    t: Timer = context["timer"]

    def met(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    # The machine's own date: its clock is UTC (Django moves the process to Vietnam's zone).
    day = dt.datetime.now(dt.UTC).strftime("%d/%m/%Y")
    if written["written"]:
        seeding = (
            f"template, rules, periods and reports through the services in "
            f"{built['build_seconds']:.0f} s, figures and steps in bulk SQL in "
            f"{written['seconds']:.0f} s (VACUUM ANALYZE {written['vacuum_seconds']:.0f} s)"
        )
    else:
        seeding = "seeded before (no seeding time)"
    for name, what in (("cases", "matters"), ("exemplars", "models")):
        done = volume[name]
        if done.get("added"):
            seeding += f"; {done['added']:,} {what} seeded in {done['seconds']:.0f} s"
    states = context["states"]
    order = ["draft", "returned", "submitted", "accepted", "approved"]
    state_text = ", ".join(f"{states[s]:,} {s}" for s in order if states.get(s))
    lines = [
        "",
        f"## {day} — periodic reports — {machine}",
        "",
        f"PostgreSQL {pg}. The national network on one template of "
        f"{indicators.count()} indicators ({indicators.exclude(source='').count()} counted by "
        f"the platform): {len(periods)} monthly periods ({periods[0].title} … "
        f"{periods[-1].title}, the last under way), {reports:,} reports (3,321 communes → "
        f"their provincial commission, 34 commissions → {context['central'].code}), "
        f"{values:,} figures, {events:,} report events; {Case.objects.count():,} matters and "
        f"{Exemplar.objects.count():,} models in the database; {seeding}. Boards and tables "
        f"for {context['latest'].title} ({state_text}), Django test client in process as an "
        f"overseer of the receiver (leader, subtree), up to {RUNS} runs after one warm-up "
        f"(at least 10 when slow); “DB ms” is the time of one run's queries. "
        f"Machine while timing: CPU {context['cpu_busy']:.0%} busy over "
        f"{context['window']:.0f} s, load average {context['load'][0]:.2f} → "
        f"{context['load'][1]:.2f} (the benchmark and its database keep about one of the two "
        "cores busy: the rest is other work on the machine, such as test suites, which slows "
        "the figures down).",
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
    if context["exports"]:
        lines += [
            "| export | seconds | bytes | peak Python memory MiB |",
            "|---|---:|---:|---:|",
            *[
                f"| {lbl} | {s:.2f} | {b:,} | {peak:.1f} |"
                for lbl, s, b, peak in context["exports"]
            ],
            "",
        ]
    by_label = {r[0]: r for r in t.rows}

    def target_line(prefix: str, target: float, what: str) -> str:
        found = [r for lbl, r in by_label.items() if lbl.startswith(prefix)]
        if not found:
            return f"- Target {what} p95 < {target:.0f} ms: not measured"
        p95 = max(r[3] for r in found)
        return f"- Target {what} p95 < {target:.0f} ms: {met(p95 < target)} ({p95:.1f} ms)"

    lines += [
        target_line(
            "GET /reports/consolidated/ — central", NATIONAL_TABLE_MS, "national consolidated table"
        ),
        target_line(
            "GET /reports/consolidated/ — province",
            PROVINCE_TABLE_MS,
            f"province's consolidated table ({context['province_children']} communes)",
        ),
        target_line("GET /reports/board/ — central", BOARD_MS, "board, central receiver"),
        target_line("GET /reports/board/ — province", BOARD_MS, "board, province"),
        target_line(
            "fill_platform_figures — commune",
            FILL_MS,
            f"filling a commune's {context['bound']} bound figures",
        ),
    ]
    if context["exports"]:
        xlsx = [e for e in context["exports"] if "xlsx" in e[0].lower() or "exports." in e[0]]
        if xlsx:
            lines.append(
                "- National .xlsx of the consolidated table: peak Python memory "
                + ", ".join(f"{peak:.1f} MiB for {b:,} bytes" for _l, _s, b, peak in xlsx)
            )
        if context["chunks"]:
            lines.append(
                "  - Peak by the number of reports the export reads at once "
                "(`exports.CHUNK`, set for the measure): "
                + ", ".join(
                    f"{peak:.1f} MiB at {'every report' if n >= 1_000_000 else f'{n:,}'}"
                    for n, peak in context["chunks"]
                )
            )
    if context["xlsx_note"]:
        lines.append(
            f"- National .xlsx of the consolidated table: not available ({context['xlsx_note']})"
        )
    if context["api_note"]:
        lines.append(f"- Reports API (JSON/CSV): not available ({context['api_note'].strip()})")
    for label, plan in t.plans.items():
        head = next((x.strip() for x in plan.splitlines() if x.strip()), "")
        total = next((x.strip() for x in plan.splitlines() if "Execution Time" in x), "")
        lines.append(f"- {label}: slowest query `{head[:120]}` — {total}")
    lines.append("")
    return "\n".join(lines)


def run(url: str, machine: str) -> None:
    from django.db import connection

    volume = _volume(url)
    connection.close()
    built = _build()
    written = _write(built)
    connection.close()  # the timed part sees the new statistics
    context = in_process(built)
    version = connection.cursor().connection.info.server_version
    text = report(built, written, volume, context, machine, f"{version // 10000}.{version % 10000}")
    print(text)
    append_report(text)


def main() -> None:
    url = prepare_standalone()
    run(url, _machine())


if __name__ == "__main__":
    main()
