"""What a quarterly briefing draft holds, gathered for one body and one quarter: the main
topics of its territory and their change since the quarter before, the hotspots, a few
notable matters quoted with their reference, the figures of citizens' matters from the
figure registry and from the body's own quarterly report, and the issues of situation
reports — each with a numbered reference, for the officers who edit the draft.

Everything goes through `access`: counts of the user's territory (`territory_q`) narrowed
to the body's, words only of texts the user reads (`readable_texts`), never a denunciation's
(`restricted`) nor a sensitive one, which are counted only. Excerpts are short and have
telephone numbers, e-mail addresses, identity numbers and personal names masked: the draft
quotes what people raised, not who raised it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from danvan.lib import figures
from danvan.lib.figures import Window
from danvan.lib.numbers import format_vn_number
from danvan.org.models import AdminLevel, AdminUnit, Organization

from .. import access
from ..models import Text, TextSource, Topic, TopicModel, TopicWeekCount
from .quarters import Quarter

# The figures of citizens' matters a briefing reports (keys of the cases' figure group):
# received and by kind, accepted, resolved (on time), overdue, and the citizens' ratings.
CASE_FIGURES = (
    "cases.received",
    "cases.received.kind.feedback",
    "cases.received.kind.proposal",
    "cases.received.kind.complaint",
    "cases.received.kind.denunciation",
    "cases.accepted",
    "cases.resolved",
    "cases.resolved.on_time",
    "cases.overdue",
    "cases.rated",
    "cases.satisfied",
    "cases.rating_average",
)
SUBMITTED_STATES = ("approved", "submitted", "accepted")


def topics_shown() -> int:
    return int(getattr(settings, "INSIGHTS_BRIEFING_TOPICS", 6))


def quotes_per_topic() -> int:
    return int(getattr(settings, "INSIGHTS_BRIEFING_QUOTES", 3))


def issues_shown() -> int:
    return int(getattr(settings, "INSIGHTS_BRIEFING_ISSUES", 30))


def hotspots_shown() -> int:
    return int(getattr(settings, "INSIGHTS_BRIEFING_HOTSPOTS", 15))


EXCERPT_CHARS = 240


@dataclass
class Reference:
    number: int
    text: str


@dataclass
class TopicRow:
    topic_id: int
    label: str
    words: str
    count: int | None  # None: hidden (fewer than the minimum, for who does not read texts)
    previous: int | None
    change: int | None
    percent: float | None  # None: no count last quarter (new), or hidden
    ref: int


@dataclass
class HotspotRow:
    pk: int
    title: str
    kind: str
    state: str
    state_key: str
    place: str
    in_charge: str
    week: dt.date
    observed: int | None
    ref: int


@dataclass
class Quote:
    topic_id: int
    excerpt: str
    source: str
    ref: int


@dataclass
class FigureRow:
    key: str
    label: str
    unit: str
    value: Decimal | None
    previous: Decimal | None
    change: Decimal | None
    ref: int
    count: bool = True
    url: str = ""  # the records behind the figure (the list filtered the same way)


@dataclass
class ReportFigure:
    label: str
    unit: str
    value: Decimal | None
    ref: int


@dataclass
class IssueRow:
    topic: str
    place: str
    people: str
    severity: str
    trend: str
    handling: str
    ref: int
    rank: int = 0  # by severity, the most severe first


@dataclass
class Briefing:
    body: Organization
    quarter: Quarter
    territory: str
    made_at: dt.datetime
    model: TopicModel | None
    texts: int | None
    texts_previous: int | None
    restricted: int | None  # denunciations: counted, never quoted
    sensitive: int  # political or religious views: counted, never quoted (logged)
    topics: list[TopicRow] = field(default_factory=list)
    hotspots: list[HotspotRow] = field(default_factory=list)
    hotspots_total: int = 0
    quotes: list[Quote] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)
    figures_window: Window | None = None
    report_figures: list[ReportFigure] = field(default_factory=list)
    issues: list[IssueRow] | None = None  # None: situation reports not available
    references: list[Reference] = field(default_factory=list)
    reads: bool = True

    def cite(self, text: str) -> int:
        """The reference's number, the same number for the same text."""
        for ref in self.references:
            if ref.text == text:
                return ref.number
        made = Reference(len(self.references) + 1, text)
        self.references.append(made)
        return made.number

    def quotes_of(self, topic_id: int) -> list[Quote]:
        return [q for q in self.quotes if q.topic_id == topic_id]


def body_q(body: Organization, *, unit: str = "unit", province: str = "province") -> Q:
    """The rows of the body's territory: its commune, its province, or (a central body) the
    whole country — as `access.territory_q` reads a grant's."""
    place: AdminUnit | None = body.current_unit or body.unit
    if place is None:
        return Q()
    if place.level == AdminLevel.PROVINCE:
        return Q(**{province: place.pk})
    return Q(**{unit: place.pk}) | Q(**{f"{unit}__current_id": place.pk})


def territory_name(body: Organization) -> str:
    place = body.current_unit or body.unit
    return place.name if place is not None else "Toàn quốc"


def active_model() -> TopicModel | None:
    """The national topic model in use (a briefing compares quarters in one set of topics)."""
    return (
        TopicModel.objects.filter(scope__isnull=True, active=True).order_by("-trained_at").first()
    )


# ---- masking personal data in excerpts -------------------------------------------------

_SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đào|Lương|"
    "Trương|Mai|Tô|Hà|Lâm|Đoàn|Trịnh|Cao|Chu|La|Thái|Kiều|Quách|Vương|Tạ|Văn|Triệu|Lưu|Tăng"
)
# Every upper-case Latin letter Vietnamese writes (a range like À-Ỹ would take the lower-case
# letters between them too).
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.isupper())
_NAME = re.compile(rf"\b(?:{_SURNAMES})(?:\s+[{_UPPER}][\w]*){{1,3}}", re.UNICODE)
_TITLE_NAME = re.compile(
    rf"\b(?i:ông|bà|anh|chị|em|cô|chú|bác|cụ|cháu)\s+[{_UPPER}][\w]*(?:\s+[{_UPPER}][\w]*){{0,3}}",
    re.UNICODE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?:\+?84|0)?[\d][\d .-]{7,}\d")


def masked(text: str) -> str:
    """Personal data out of an excerpt: e-mail, telephone and identity numbers, and names
    (a common surname followed by capitalised words, or a form of address and a name)."""
    text = _EMAIL.sub("[…]", text)
    text = _DIGITS.sub("[…]", text)
    text = _TITLE_NAME.sub(lambda m: m.group(0).split()[0] + " [họ tên]", text)
    return _NAME.sub("[họ tên]", text)


def excerpt(content: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(masked(content).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + " …"


# ---- gathering -------------------------------------------------------------------------


def _percent(now: int, before: int) -> float | None:
    return None if before == 0 else round(100 * (now - before) / before, 1)


def _topic_rows(
    briefing: Briefing, user: Any, model: TopicModel, place: Q, reads: bool
) -> list[TopicRow]:
    quarter = briefing.quarter
    first, last = quarter.weeks()
    before_first, before_last = quarter.previous().weeks()
    counts = (
        TopicWeekCount.objects.filter(topic__model=model, week__gte=before_first, week__lte=last)
        .filter(place)
        .values("topic")
        .annotate(
            now=Sum("count", filter=Q(week__gte=first)),
            before=Sum("count", filter=Q(week__lte=before_last)),
        )
    )
    by_topic = {row["topic"]: (row["now"] or 0, row["before"] or 0) for row in counts}
    ranked = sorted(
        ((now, before, pk) for pk, (now, before) in by_topic.items() if now > 0),
        key=lambda r: (-r[0], -(r[0] - r[1]), r[2]),
    )[: topics_shown()]
    topics = Topic.objects.in_bulk([pk for _now, _before, pk in ranked])
    ref = briefing.cite(
        f"Mô hình chủ đề toàn quốc (huấn luyện ngày "
        f"{timezone.localtime(model.trained_at):%d/%m/%Y}, dữ liệu "
        f"{model.period_start:%d/%m/%Y}–{model.period_end:%d/%m/%Y}): số ý kiến theo tuần, "
        f"{briefing.territory}, các tuần từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} so với "
        f"{before_first:%d/%m/%Y}–{before_last:%d/%m/%Y}"
    )
    rows = []
    for now, before, pk in ranked:
        topic = topics[pk]
        shown_now = access.shown_count(now, reads=reads)
        shown_before = access.shown_count(before, reads=reads)
        visible = shown_now is not None and shown_before is not None
        rows.append(
            TopicRow(
                topic_id=pk,
                label=str(topic),
                words=", ".join(str(w[0]).replace("_", " ") for w in topic.words[:6]),
                count=shown_now,
                previous=shown_before,
                change=now - before if visible else None,
                percent=_percent(now, before) if visible else None,
                ref=ref,
            )
        )
    return rows


def _hotspot_rows(briefing: Briefing, user: Any, place: Q, reads: bool) -> list[HotspotRow]:
    first, last = briefing.quarter.weeks()
    hotspots = access.hotspots_for(user).filter(place, week__gte=first, week__lte=last)
    briefing.hotspots_total = hotspots.count()
    rows = []
    for h in hotspots.select_related("unit", "province", "in_charge").order_by(
        "-observed", "-week", "pk"
    )[: hotspots_shown()]:
        where = h.unit.name if h.unit else (h.province.name if h.province else "")
        rows.append(
            HotspotRow(
                pk=h.pk,
                title=h.title,
                kind=str(h.get_kind_display()),
                state=str(h.get_state_display()),
                state_key=h.state,
                place=where,
                in_charge=h.in_charge.name if h.in_charge else "",
                week=h.week,
                observed=access.shown_count(h.observed, reads=reads),
                ref=briefing.cite(
                    f"Sổ điểm nóng, mục số {h.pk}: “{h.title}”, tuần từ {h.week:%d/%m/%Y}, "
                    f"phát hiện ngày {timezone.localtime(h.detected_at):%d/%m/%Y}"
                ),
            )
        )
    return rows


def _source_labels(texts: list[Text]) -> dict[int, str]:
    """Each quoted text's reference: a matter's tracking code, a report's body and period, a
    dialogue and its day, a survey, a draft — one query per kind of source."""
    by_source: dict[str, list[int]] = {}
    for t in texts:
        by_source.setdefault(t.source, []).append(t.source_id)
    labels: dict[tuple[str, int], str] = {}
    if ids := by_source.get(TextSource.CASE):
        from danvan.cases.models import Case

        for pk, code, at in Case.objects.filter(pk__in=ids).values_list(
            "pk", "tracking_code", "received_at"
        ):
            labels[(TextSource.CASE, pk)] = (
                f"Đơn thư, phản ánh mã {code}, tiếp nhận ngày {timezone.localtime(at):%d/%m/%Y}"
            )
    if ids := by_source.get(TextSource.MEETING_QUESTION):
        from danvan.participation.models import MeetingQuestion

        for pk, title, at in MeetingQuestion.objects.filter(pk__in=ids).values_list(
            "pk", "meeting__title", "meeting__starts_at"
        ):
            labels[(TextSource.MEETING_QUESTION, pk)] = (
                f"Ý kiến tại “{title}”, ngày {timezone.localtime(at):%d/%m/%Y}"
            )
    if ids := by_source.get(TextSource.REPORT_NARRATIVE):
        from danvan.reports.models import SectionText

        for st in SectionText.objects.filter(pk__in=ids).select_related(
            "report__reporter", "report__period", "section"
        ):
            labels[(TextSource.REPORT_NARRATIVE, st.pk)] = _report_label(st.report)
    if ids := by_source.get(TextSource.SURVEY_ANSWER):
        from danvan.surveys.models import Answer

        for pk, title in Answer.objects.filter(pk__in=ids).values_list(
            "pk", "response__survey__title"
        ):
            labels[(TextSource.SURVEY_ANSWER, pk)] = f"Ý kiến trong khảo sát “{title}”"
    if ids := by_source.get(TextSource.CONSULTATION_COMMENT):
        from danvan.participation.models import Comment

        for pk, title in Comment.objects.filter(pk__in=ids).values_list(
            "pk", "consultation__title"
        ):
            labels[(TextSource.CONSULTATION_COMMENT, pk)] = f"Góp ý dự thảo “{title}”"
    if (ids := by_source.get(TextSource.SITUATION_ISSUE)) and (issue := _situation_model()):
        for row in issue.objects.filter(pk__in=ids).select_related(
            "report__reporter", "report__period"
        ):
            labels[(TextSource.SITUATION_ISSUE, row.pk)] = _report_label(row.report)
    return {
        t.pk: labels.get((t.source, t.source_id), f"{t.get_source_display()} số {t.source_id}")
        for t in texts
    }


def _report_label(report: Any) -> str:
    number = f" số {report.number}" if report.number else ""
    return f"Báo cáo{number} của {report.reporter.name}, {report.period.title}"


def _situation_model() -> Any:
    try:
        from danvan.reports.models import SituationIssue
    except ImportError:  # the situation report is built by its own module
        return None
    return SituationIssue


def _quotes(
    briefing: Briefing, user: Any, model: TopicModel, place: Q, start: dt.datetime, end: dt.datetime
) -> list[Quote]:
    readable = access.readable_texts(user).filter(
        place, occurred_at__gte=start, occurred_at__lt=end, restricted=False, sensitive=False
    )
    picked: list[tuple[int, Text]] = []
    for row in briefing.topics:
        texts = (
            readable.filter(memberships__topic_id=row.topic_id, memberships__model=model)
            .order_by("-memberships__weight", "pk")
            .only("pk", "source", "source_id", "content", "occurred_at")[: quotes_per_topic()]
        )
        picked += [(row.topic_id, t) for t in texts]
    labels = _source_labels([t for _topic, t in picked])
    return [
        Quote(
            topic_id=topic_id,
            excerpt=excerpt(t.content),
            source=labels[t.pk],
            ref=briefing.cite(labels[t.pk]),
        )
        for topic_id, t in picked
    ]


def figures_window(quarter: Quarter) -> Window:
    """The quarter's reporting period when one is set (its cut-off dates, Nghị định
    09/2019/NĐ-CP), so that the figures match the quarterly reports; else the calendar days."""
    from danvan.reports.models import PeriodKind, ReportingPeriod

    period = ReportingPeriod.objects.filter(
        kind=PeriodKind.QUARTER, year=quarter.year, number=quarter.number
    ).first()
    if period is not None:
        return Window(period.starts_on, period.ends_on)
    return Window(quarter.starts_on, quarter.ends_on)


def _registry_figures(briefing: Briefing, reads: bool) -> list[FigureRow]:
    group = figures.group_of("cases.received")
    if group is None:
        return []
    sources = {s.key: s for s in group.sources() if s.key in CASE_FIGURES}
    keys = [k for k in CASE_FIGURES if k in sources]
    window = figures_window(briefing.quarter)
    before = figures_window(briefing.quarter.previous())
    briefing.figures_window = window
    now = figures.count(keys, briefing.body.pk, window)
    then = figures.count(keys, briefing.body.pk, before)
    ref = briefing.cite(
        f"Số liệu nền tảng (nguồn số liệu “{group.label}”): {briefing.body.name} và các cơ "
        f"quan trực thuộc, từ {window.starts_on:%d/%m/%Y} đến {window.ends_on:%d/%m/%Y}; kỳ "
        f"trước từ {before.starts_on:%d/%m/%Y} đến {before.ends_on:%d/%m/%Y}"
    )
    rows = []
    for key in keys:
        source = sources[key]
        value, previous = now.get(key), then.get(key)
        if source.value_type == "count":
            value = _shown_decimal(value, reads)
            previous = _shown_decimal(previous, reads)
        change = value - previous if value is not None and previous is not None else None
        rows.append(
            FigureRow(
                key=key,
                label=str(source.label),
                unit=str(source.unit),
                value=value,
                previous=previous,
                change=change,
                ref=ref,
                count=source.value_type == "count",
                url=figures.records_url(key, briefing.body.pk, window),
            )
        )
    return rows


def _shown_decimal(value: Decimal | None, reads: bool) -> Decimal | None:
    if value is None:
        return None
    shown = access.shown_count(int(value), reads=reads)
    return None if shown is None else Decimal(shown)


def _report_figures(briefing: Briefing, user: Any) -> list[ReportFigure]:
    """The figures of citizens' matters in the body's own report of the quarter, as the body
    reported them (indicators bound to the cases' figure sources)."""
    from danvan.reports.access import reports_for
    from danvan.reports.models import FigureValue, PeriodKind

    report = (
        reports_for(user)
        .filter(
            reporter=briefing.body,
            period__kind=PeriodKind.QUARTER,
            period__year=briefing.quarter.year,
            period__number=briefing.quarter.number,
            state__in=SUBMITTED_STATES,
        )
        .select_related("reporter", "period")
        .first()
    )
    if report is None:
        return []
    ref = briefing.cite(_report_label(report))
    values = (
        FigureValue.objects.filter(report=report, indicator__source__startswith="cases.")
        .select_related("indicator")
        .order_by("indicator__position")
    )
    return [
        ReportFigure(label=v.indicator.label, unit=v.indicator.unit, value=v.value, ref=ref)
        for v in values
    ]


def _issues(briefing: Briefing, user: Any) -> list[IssueRow] | None:
    """The issues the bodies of the territory raised in their situation reports whose period
    ends in the quarter (reports.SituationIssue, read with their report through
    `reports_for`), the most severe first; None when that model is not there. An issue
    consolidated into another report of the set is shown once, as its copy; merged rows are
    shown under the row they were merged into; an issue whose text is sensitive is left out."""
    issue = _situation_model()
    if issue is None:
        return None
    from danvan.reports.access import reports_for

    reports = reports_for(user).filter(
        body_q(briefing.body, unit="reporter__current_unit", province="reporter__province"),
        period__ends_on__gte=briefing.quarter.starts_on,
        period__ends_on__lte=briefing.quarter.ends_on,
        state__in=SUBMITTED_STATES,
    )
    in_set = issue.objects.filter(report__in=reports)
    sensitive = Text.objects.filter(source=TextSource.SITUATION_ISSUE, sensitive=True)
    rows = (
        in_set.filter(merged_into__isnull=True)
        .exclude(copies__in=in_set)
        .exclude(pk__in=sensitive.values("source_id"))
        .select_related("place", "report__reporter", "report__period")
        .order_by("report__reporter__name", "position", "pk")[: issues_shown()]
    )
    order = {str(s): i for i, s in enumerate(_severity_order())}
    made = [
        IssueRow(
            topic=row.topic,
            place=row.place.name if row.place_id else "",
            people=format_vn_number(row.people_affected) if row.people_affected else "",
            severity=str(row.get_severity_display()),
            trend=str(row.get_trend_display()),
            handling=row.handling,
            ref=briefing.cite(_report_label(row.report)),
            rank=order.get(row.severity, len(order)),
        )
        for row in rows
    ]
    return sorted(made, key=lambda r: r.rank)


def _severity_order() -> list[Any]:
    try:
        from danvan.reports.models import SEVERITY_ORDER
    except ImportError:
        return []
    return list(SEVERITY_ORDER)


def gather(user: Any, body: Organization, quarter: Quarter, *, quotes: bool = True) -> Briefing:
    """The draft's content for `body` and `quarter`, as `user` may see it. The caller has
    checked that the user works for the body (views_briefing.bodies_for). `quotes`: the
    notable matters quoted (the draft), or not (the page's preview)."""
    reads = access.reads_texts(user)
    place = access.territory_q(user) & body_q(body)
    start, end = quarter.bounds()
    before_start, _before_end = quarter.previous().bounds()
    totals = (
        Text.objects.filter(place)
        .filter(occurred_at__gte=before_start, occurred_at__lt=end)
        .aggregate(
            now=Count("pk", filter=Q(occurred_at__gte=start)),
            before=Count("pk", filter=Q(occurred_at__lt=start)),
            restricted=Count("pk", filter=Q(occurred_at__gte=start, restricted=True)),
            sensitive=Count("pk", filter=Q(occurred_at__gte=start, sensitive=True)),
        )
    )
    model = active_model()
    briefing = Briefing(
        body=body,
        quarter=quarter,
        territory=territory_name(body),
        made_at=timezone.now(),
        model=model,
        texts=access.shown_count(totals["now"], reads=reads),
        texts_previous=access.shown_count(totals["before"], reads=reads),
        restricted=access.shown_count(totals["restricted"], reads=reads),
        sensitive=totals["sensitive"],
        reads=reads,
    )
    if model is not None:
        briefing.topics = _topic_rows(briefing, user, model, place, reads)
    briefing.hotspots = _hotspot_rows(briefing, user, body_q(body), reads)
    if model is not None and reads and quotes:
        briefing.quotes = _quotes(briefing, user, model, place, start, end)
    briefing.figures = _registry_figures(briefing, reads)
    briefing.report_figures = _report_figures(briefing, user)
    briefing.issues = _issues(briefing, user)
    return briefing
