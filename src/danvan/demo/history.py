"""Eighteen months of past matters for the demo provinces (demo data, labelled as such).

The recent matters (`demo/cases.py`) go through the workflow services one by one, dated now.
A year and a half of history cannot: the services date every step at the moment they run,
and one matter costs ~30 ms, so 5,000 would take minutes. These are written in bulk, as the
services would have left them on the days they happened: the same states, the events the
services write (same kinds, texts and visibility), the due dates of the deadline rules in
force on their days (`planned_deadlines`), met or missed.

The proportions are plausible, not measured: more letters in the rainy season and fewer at
Tết, more matters as the platform is adopted, land dominant among complaints, a few slow
bodies that hold the overdue ones, satisfaction lower where the answer came late.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from danvan.accounts.models import Assignment, Role, User
from danvan.cases.figure_selectors import add_months, month_start
from danvan.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseField,
    CaseKind,
    CaseState,
    Channel,
    EventKind,
    NotProcessableReason,
    Petitioner,
    Processability,
    ServiceTarget,
    Visibility,
)
from danvan.cases.services import codes
from danvan.cases.services.deadlines import planned_deadlines, target_deadline
from danvan.cases.services.intake import client_key
from danvan.deadlines.calendar import WorkCalendar, work_calendar
from danvan.deadlines.models import DeadlineRule, RemoteCommune, Step
from danvan.demo import texts
from danvan.lib.dates import day_start, today
from danvan.lib.text import fold
from danvan.org.models import AdminUnit, Organization, OrganizationKind

MONTHS = 18
CLIENT = "demo-history"
# Matters a month in each demo province before the seasons and the adoption curve.
MONTHLY = {"01": 150, "08": 60, "92": 85}
# January to December: Tết in January/February, the rainy season from July to October.
SEASON = [0.85, 0.6, 1.0, 1.0, 1.05, 1.1, 1.25, 1.35, 1.3, 1.15, 1.0, 1.05]
RAINY = {7, 8, 9, 10}
KINDS = [
    (CaseKind.FEEDBACK, 42),
    (CaseKind.PROPOSAL, 24),
    (CaseKind.COMPLAINT, 20),
    (CaseKind.DENUNCIATION, 8),
]  # a letter of several kinds is split into matters of one kind each
CHANNELS = [
    (Channel.WEB, 38),
    (Channel.IN_PERSON, 24),
    (Channel.LETTER, 18),
    (Channel.API, 8),
    (Channel.OPEN311, 7),
    (Channel.IMPORT, 5),
]
ONLINE = {Channel.WEB, Channel.API, Channel.OPEN311}
# field code: (weight, weight among complaints and denunciations, title, content)
# The share of past matters written in varied words rather than the fixed examples below.
VARIED_SHARE = 0.7

TOPICS: dict[str, tuple[int, int, list[tuple[str, str]]]] = {
    "dat-dai": (
        18,
        40,
        [
            (
                "Tranh chấp ranh giới đất với hộ liền kề",
                "Hộ liền kề xây tường rào lấn sang đất của gia đình tôi khoảng 0,6 mét, "
                "đã hòa giải ở thôn nhưng không thành.",
            ),
            (
                "Chậm cấp giấy chứng nhận quyền sử dụng đất",
                "Hồ sơ cấp giấy chứng nhận nộp từ đầu năm đến nay chưa có kết quả, cũng "
                "không được báo lý do.",
            ),
            (
                "Khiếu nại mức bồi thường khi thu hồi đất",
                "Mức bồi thường đất nông nghiệp bị thu hồi thấp hơn giá thị trường và chưa "
                "tính cây trồng trên đất.",
            ),
        ],
    ),
    "moi-truong": (
        12,
        6,
        [
            (
                "Cơ sở chăn nuôi xả nước thải ra mương",
                "Trang trại lợn gần khu dân cư xả nước thải chưa xử lý, mùi hôi kéo dài "
                "nhiều tháng.",
            ),
            (
                "Rác thải tồn đọng ven đường",
                "Điểm tập kết rác ven đường liên thôn không được thu gom nhiều ngày, gây ô nhiễm.",
            ),
        ],
    ),
    "xay-dung-do-thi": (
        10,
        14,
        [
            (
                "Công trình xây dựng không phép",
                "Một hộ đang xây nhà bốn tầng trong khi khu vực chỉ cho phép ba tầng, lấn "
                "chiếm vỉa hè.",
            ),
            (
                "Tố cáo hộ gia đình xây dựng lấn chiếm kênh thủy lợi",
                "Một hộ xây nhà ba tầng trên đất nông nghiệp, lấn hành lang kênh thủy lợi, "
                "không có giấy phép; đề nghị giữ bí mật người tố cáo.",
            ),
            (
                "Vỉa hè bị chiếm dụng làm nơi kinh doanh",
                "Các hộ kinh doanh chiếm hết vỉa hè, người đi bộ phải xuống lòng đường.",
            ),
        ],
    ),
    "giao-thong": (
        10,
        3,
        [
            (
                "Đường liên thôn xuống cấp",
                "Đoạn đường liên thôn dài khoảng 800 mét nhiều ổ gà, mùa mưa ngập nước, "
                "học sinh đi lại nguy hiểm.",
            ),
            (
                "Đèn chiếu sáng công cộng hỏng",
                "Hệ thống đèn trên tuyến đường chính của thôn hỏng đã hai tháng, buổi tối rất tối.",
            ),
        ],
    ),
    "an-sinh-xa-hoi": (
        13,
        6,
        [
            (
                "Chậm chi trả trợ cấp bảo trợ xã hội",
                "Mẹ tôi thuộc diện bảo trợ xã hội nhưng ba tháng nay chưa nhận được trợ cấp.",
            ),
            (
                "Đề nghị hỗ trợ hộ nghèo sửa nhà sau bão",
                "Nhà của gia đình bị tốc mái sau cơn bão, gia đình thuộc hộ nghèo không đủ "
                "khả năng tự sửa.",
            ),
        ],
    ),
    "y-te": (
        5,
        2,
        [
            (
                "Trạm y tế thiếu thuốc điều trị",
                "Trạm y tế thường xuyên hết thuốc điều trị tăng huyết áp, người bệnh phải "
                "mua ngoài.",
            ),
        ],
    ),
    "giao-duc": (
        5,
        3,
        [
            (
                "Thu các khoản ngoài quy định ở trường học",
                "Đầu năm học nhà trường thu nhiều khoản đóng góp ngoài quy định, phụ huynh "
                "không được bàn bạc.",
            ),
        ],
    ),
    "an-ninh-trat-tu": (
        7,
        6,
        [
            (
                "Thanh niên tụ tập đua xe ban đêm",
                "Nhóm thanh niên thường tụ tập, nẹt pô sau 23 giờ tại khu vực chợ, đề nghị "
                "tăng cường tuần tra.",
            ),
        ],
    ),
    "thue-tai-chinh": (
        3,
        2,
        [
            (
                "Thắc mắc về khoản thu phí vệ sinh",
                "Thôn thu phí vệ sinh cao hơn mức của xã nhưng không công khai cách tính.",
            ),
        ],
    ),
    "can-bo-cong-chuc": (
        6,
        12,
        [
            (
                "Cán bộ một cửa gây khó khăn khi làm thủ tục",
                "Cán bộ yêu cầu bổ sung giấy tờ không có trong quy định và hẹn nhiều lần.",
            ),
            (
                "Tố cáo cán bộ địa chính nhận tiền khi làm hồ sơ",
                "Cán bộ địa chính xã đòi tiền ngoài quy định mới nhận hồ sơ đăng ký biến động "
                "đất đai của gia đình tôi.",
            ),
        ],
    ),
    "tu-phap-ho-tich": (
        4,
        1,
        [
            (
                "Chậm cấp bản sao trích lục khai sinh",
                "Tôi đề nghị cấp bản sao trích lục khai sinh đã hơn hai tuần chưa nhận được.",
            ),
        ],
    ),
    "khac": (
        7,
        5,
        [
            (
                "Ý kiến về việc tổ chức họp khu dân cư",
                "Đề nghị thông báo lịch họp khu dân cư sớm hơn để người đi làm có thể tham dự.",
            ),
        ],
    ),
}
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Hoa",
    "Đỗ Văn Khánh",
    "Ngô Thị Lan",
]
ANSWER = (
    "Ủy ban nhân dân đã kiểm tra thực tế, làm việc với các bên liên quan và giải quyết theo "
    "quy định; kết quả như trên. (demo)"
)
NOT_PROCESSABLE_ANSWER = (
    "Đơn chưa đủ điều kiện xử lý theo quy định; đề nghị công dân bổ sung thông tin. (demo)"
)


@dataclass
class _Body:
    organization: Organization
    unit: AdminUnit
    weight: float
    slow: bool  # a body that falls behind: most of the overdue matters are its own
    officer: User | None
    remote: list[RemoteCommune]


@dataclass
class _Past:
    """One generated matter and what happened to it (the services' steps, dated)."""

    case: Case
    petitioner: Petitioner
    events: list[CaseEvent]
    met: dict[str, dt.datetime]  # step → when it was met; the others stay open
    closed_steps_at: dt.datetime | None = None  # when the open steps stopped applying


@dataclass
class _Rules:
    """The deadline rules and targets, read once: the past matters' steps are timed against
    the due dates they give (on time, or late on purpose), not against guessed limits."""

    calendar: WorkCalendar
    rules: list[DeadlineRule]
    targets: list[ServiceTarget]

    def due(self, case: Case, step: str) -> dt.date | None:
        """The due date of `step` as the matter stands (before or after its acceptance)."""
        if step == "target":
            assert case.accepted_at is not None
            start = timezone.localdate(case.accepted_at)
            target = target_deadline(case, start, self.calendar, self.targets)
            return target.due_date if target else None
        rows = planned_deadlines([case], self.calendar, self.rules)
        return next((d.due_date for d in rows if d.step == step), None)

    def at_work(self, moment: dt.datetime | None, rng: random.Random) -> dt.datetime | None:
        """`moment`, or the next office hour of a working day after it: officers classify,
        accept and answer at the office (07:30–17:00), not at night or on Sundays."""
        if moment is None:
            return None
        local = timezone.localtime(moment)
        day, minutes = local.date(), local.hour * 60 + local.minute
        if not self.calendar.is_working_day(day) or minutes >= 17 * 60:
            day, minutes = self.calendar.next_working_day(day), rng.randint(7 * 60 + 30, 11 * 60)
        elif minutes < 7 * 60 + 30:
            minutes = rng.randint(7 * 60 + 30, 9 * 60)
        return _local(day, minutes)


def _when(
    rng: random.Random, start: dt.datetime, due: dt.date | None, late: bool, fallback: float
) -> float:
    """Days from `start` to a step done before `due` (or `fallback` days without one), or
    1 to 20 days after it when `late`."""
    if due is None:
        return rng.uniform(0.3, 1.0) * fallback + (fallback if late else 0)
    left = (due - timezone.localdate(start)).days
    if late:
        return left + rng.uniform(1.5, 20)
    return rng.uniform(0.15, 0.95) * max(left, 0.5)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _bodies(province: AdminUnit, rng: random.Random) -> list[_Body]:
    committees = (
        Organization.objects.current()
        .filter(province=province, level="commune", kind=OrganizationKind.PEOPLES_COMMITTEE)
        .select_related("current_unit")
        .order_by("code")
    )
    officers: dict[int, User] = {}
    for assignment in (
        Assignment.objects.current()
        .filter(organization__in=committees, role=Role.OFFICER)
        .select_related("user")
        .order_by("pk")
    ):
        officers.setdefault(assignment.organization_id, assignment.user)
    remote: dict[int, list[RemoteCommune]] = {}
    for row in RemoteCommune.objects.filter(unit__province=province):
        remote.setdefault(row.unit_id, []).append(row)
    bodies = []
    for org in committees:
        unit = org.current_unit
        if unit is None:
            continue
        # Wards are busier than rural communes, and the communes where the demo's officers
        # work piloted the platform (their officers have a desk full); a few bodies are slow.
        weight = rng.lognormvariate(0, 0.6) * (2.0 if unit.name.startswith("Phường") else 1.0)
        weight *= 10.0 if org.pk in officers else 1.0
        bodies.append(
            _Body(
                org,
                unit,
                weight,
                slow=rng.random() < 0.08,
                officer=officers.get(org.pk),
                remote=remote.get(unit.pk, []),
            )
        )
    return bodies


def _received_at(rng: random.Random, month: dt.date, channel: str, last: dt.date) -> dt.datetime:
    days = ((add_months(month, 1) if add_months(month, 1) <= last else last) - month).days
    day = month + dt.timedelta(days=rng.randrange(max(days, 1)))
    # Letters and visits arrive on working days in office hours; the web at any hour.
    if channel in (Channel.IN_PERSON, Channel.LETTER, Channel.IMPORT):
        while day.weekday() >= 5 and day > month:
            day -= dt.timedelta(days=1)
        minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    else:
        minutes = rng.randint(6 * 60, 23 * 60)
    return _local(day, minutes)


def _local(day: dt.date, minutes: int) -> dt.datetime:
    """`minutes` after midnight of `day`, in the project's time zone."""
    return day_start(day) + dt.timedelta(minutes=minutes)


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def _later(moment: dt.datetime | None, days: float, now: dt.datetime) -> dt.datetime | None:
    """`days` after `moment`, or None if that (or `moment`) is still to come."""
    if moment is None:
        return None
    at = moment + dt.timedelta(days=days)
    return at if at <= now else None


def _make(
    rng: random.Random,
    n: int,
    body: _Body,
    month: dt.date,
    last: dt.date,
    fields: dict[str, CaseField],
    now: dt.datetime,
    rules: _Rules,
) -> _Past:
    channel = _pick(rng, CHANNELS)
    received = _received_at(rng, month, channel, last)
    kind = _pick(rng, KINDS)
    severe = kind in (CaseKind.COMPLAINT, CaseKind.DENUNCIATION)
    rainy = received.month in RAINY
    weights = [
        (
            code,
            (spec[1] if severe else spec[0])
            * (2 if rainy and code in ("giao-thong", "moi-truong") else 1),
        )
        for code, spec in TOPICS.items()
    ]
    field_code = _pick(rng, weights)
    title, content = rng.choice(TOPICS[field_code][2])
    # Classified by content (TT 05/2021/TT-TTCP): a letter that complains or denounces in its
    # own words is one.
    for word, said in (("Khiếu nại", CaseKind.COMPLAINT), ("Tố cáo", CaseKind.DENUNCIATION)):
        if title.startswith(word):
            kind, severe = said, True
    # Most letters in their own words (demo.texts), drawn from a generator of their own so
    # that the history's other draws stay as they were: the analysis needs variety to learn.
    variety = random.Random(n * 7919 + 17)  # noqa: S311 - reproducible demo data
    if variety.random() < VARIED_SHARE and field_code in texts.FIELDS:
        made = texts.matter(variety, field_code, kind)
        title, content = made.title, made.content
    hamlet = (
        f"Tổ dân phố {rng.randint(1, 25)}"
        if body.unit.name.startswith("Phường")
        else f"Thôn {rng.randint(1, 15)}"
    )
    address = f"{hamlet}, {body.unit.name}"
    key = client_key(f"{n}", client=CLIENT)
    code = f"DV{timezone.localtime(received):%y%m}" + "".join(
        rng.choice(codes.ALPHABET) for _i in range(6)
    )
    remote = _is_remote(body.remote, timezone.localdate(received))
    case = Case(
        remote_area=remote,
        tracking_code=code,
        access_digest=codes.access_digest(code, codes.secret_for(key)),
        title=f"{title} (demo)",
        content=f"{content} (demo)",
        search_text=fold(f"{title} (demo) {content} (demo) {address}"),
        channel=channel,
        received_at=received,
        handled_since=received,
        unit=body.unit,
        province_id=body.organization.province_id,
        address=address,
        organization=body.organization,
        idempotency_key=key,
        state=CaseState.RECEIVED,
    )
    case.created_at = received
    petitioner = Petitioner(case=case, consent_at=received)
    petitioner.set_data(
        full_name=f"{rng.choice(NAMES)} (demo)", phone=f"09{rng.randint(10_000_000, 99_999_999)}"
    )
    officer = body.officer
    events = [
        CaseEvent(
            case=case,
            kind=EventKind.SUBMITTED,
            visibility=Visibility.PUBLIC,
            text=_("Received by %(channel)s.") % {"channel": Channel(channel).label},
            at=received,
        )
    ]
    past = _Past(case, petitioner, events, met={})

    def event(kind: str, at: dt.datetime, text: str = "", public: bool = False) -> None:
        events.append(
            CaseEvent(
                case=case,
                kind=kind,
                text=text,
                actor=officer,
                at=at,
                visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
            )
        )

    classified = _later(rules.at_work(received + _days(rng.uniform(0.2, 3)), rng), 0, now)
    if classified is None:
        return past
    case.kind, case.field, case.state = kind, fields.get(field_code), CaseState.CLASSIFIED
    event(EventKind.CLASSIFIED, classified, str(CaseKind(kind).label))
    slow = body.slow and rng.random() < 0.6
    if rng.random() < 0.05:  # not processable: the reply says why
        answered = _later(rules.at_work(classified + _days(rng.uniform(1, 6)), rng), 0, now)
        if answered is not None:
            case.processability = Processability.NOT_PROCESSABLE
            case.not_processable_reason = NotProcessableReason.MISSING_INFORMATION
            case.state, case.public_answer, case.answered_at = (
                CaseState.NOT_PROCESSABLE,
                NOT_PROCESSABLE_ANSWER,
                answered,
            )
            past.met = {Step.HANDLING: answered, Step.REPLY: answered}
            past.closed_steps_at = answered
            event(EventKind.NOT_PROCESSABLE, answered, NOT_PROCESSABLE_ANSWER, public=True)
        return past
    # Accepted within the handling limit, but late at a slow body (or now and then anywhere).
    late = slow or rng.random() < 0.06
    handling = rules.due(case, Step.HANDLING)
    accepted = _later(
        rules.at_work(received + _days(_when(rng, received, handling, late, 8)), rng), 0, now
    )
    if accepted is not None and accepted <= classified:
        later = classified + dt.timedelta(hours=rng.uniform(1, 8))
        accepted = _later(rules.at_work(later, rng), 0, now)
    if accepted is None:
        return past
    case.processability, case.state, case.accepted_at = (
        Processability.PROCESSABLE,
        CaseState.ACCEPTED,
        accepted,
    )
    event(EventKind.ACCEPTED, accepted, _("The matter has been accepted for resolution."), True)
    past.met = dict.fromkeys(
        (Step.HANDLING, Step.ACCEPTANCE, Step.INITIAL_PROCESSING, Step.REPLY), accepted
    )
    if officer is not None:
        case.assigned_to, case.state = officer, CaseState.IN_PROGRESS
        event(EventKind.ASSIGNED, accepted + dt.timedelta(hours=2), str(officer))
    late = slow or rng.random() < (0.12 if severe else 0.07)
    due = rules.due(case, Step.RESOLUTION if severe else "target")
    days = _when(rng, accepted, due, late, 30 if severe else 15)
    if slow and rng.random() < 0.35 and now - accepted < dt.timedelta(days=180):
        days = 10_000  # still waiting for an answer: overdue
    answered = _later(rules.at_work(accepted + _days(min(days, 3650)), rng), 0, now)
    if answered is None:
        return past
    case.state, case.public_answer, case.answered_at = CaseState.RESOLVED, ANSWER, answered
    past.met[Step.RESOLUTION] = answered
    past.closed_steps_at = answered
    event(EventKind.ANSWERED, answered, ANSWER, public=True)
    if channel in ONLINE and rng.random() < 0.6:
        rated = _later(answered, rng.uniform(0.5, 6), now)
        if rated is not None:
            good = [1, 2, 8, 22, 30] if not late else [6, 10, 10, 6, 3]
            case.rating = rng.choices([1, 2, 3, 4, 5], weights=good)[0]
            case.rated_at = rated
            events.append(
                CaseEvent(case=case, kind=EventKind.RATED, text=str(case.rating), at=rated)
            )
    closed = _later(rules.at_work(answered + _days(rng.uniform(3, 12)), rng), 0, now)
    if closed is not None:
        case.state, case.closed_at = CaseState.CLOSED, closed
        event(EventKind.CLOSED, closed, public=True)
    return past


def _deadlines(pasts: list[_Past], rules: _Rules) -> list[CaseDeadline]:
    """The rows the services would have written: those planned before acceptance, then those
    planned after it; met when the step was done, closed when it no longer applied."""
    rows: list[CaseDeadline] = []
    for past in pasts:
        case = past.case
        accepted = case.accepted_at
        case.accepted_at = None
        mine = {d.step: d for d in planned_deadlines([case], rules.calendar, rules.rules)}
        case.accepted_at = accepted
        if accepted is not None:
            for d in planned_deadlines([case], rules.calendar, rules.rules):
                mine.setdefault(d.step, d)
            target = target_deadline(
                case, timezone.localdate(accepted), rules.calendar, rules.targets
            )
            if target is not None:
                target.case, target.leg, target.organization_id = (
                    case,
                    case.leg,
                    case.organization_id,
                )
                target.met_at = past.met.get(Step.RESOLUTION)
                mine[target.step] = target
        for step, row in mine.items():
            row.met_at = past.met.get(step)
            if row.met_at is None and past.closed_steps_at is not None:
                row.closed_at = past.closed_steps_at
        open_dues = [d.due_date for d in mine.values() if d.met_at is None and d.closed_at is None]
        case.next_due_date = min(open_dues, default=None)
        rows += mine.values()
    return rows


def _is_remote(rows: list[RemoteCommune], day: dt.date) -> bool:
    return any(
        r.effective_from <= day and (r.effective_to is None or day <= r.effective_to) for r in rows
    )


def seed_demo_history(*, provinces: list[AdminUnit], months: int = MONTHS, seed: int = 2026) -> int:
    """About 5,000 past matters over the last 18 `months` (idempotent: none if seeded
    before)."""
    if months <= 0 or Case.objects.filter(idempotency_key=client_key("0", client=CLIENT)).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    now, last = timezone.now(), today()
    first = add_months(month_start(last), -months)
    fields = {f.code: f for f in CaseField.objects.all()}
    rules = _Rules(
        work_calendar(), list(DeadlineRule.objects.all()), list(ServiceTarget.objects.all())
    )
    pasts: list[_Past] = []
    for province in sorted(provinces, key=lambda p: p.code):
        bodies = _bodies(province, rng)
        if not bodies:
            continue
        weights = [b.weight for b in bodies]
        for i in range(months + 1):
            month = add_months(first, i)
            adoption = 0.6 + 0.4 * i / months
            share = 1.0 if month < month_start(last) else last.day / 30
            count = round(MONTHLY[province.code] * SEASON[month.month - 1] * adoption * share)
            for body in rng.choices(bodies, weights=weights, k=count):
                pasts.append(_make(rng, len(pasts), body, month, last, fields, now, rules))
    _store(pasts, rules)
    return len(pasts)


@contextmanager
def _own_dates(*fields: models.DateTimeField) -> Iterator[None]:
    """Insert the dates given: `auto_now`/`auto_now_add` would stamp today on every row, and a
    dashboard's "latest events" would show 5,000 past matters as new. The seed runs alone in
    its process, so switching the flags off for the insert affects nothing else."""
    flags = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in flags:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _store(pasts: list[_Past], rules: _Rules) -> None:
    deadlines = _deadlines(pasts, rules)
    cases = [p.case for p in pasts]
    for p in pasts:
        last = max(e.at for e in p.events)
        p.case.created_at, p.case.updated_at = p.case.received_at, last
        p.case._history_date = last  # type: ignore[attr-defined]
    dated = [Case._meta.get_field(n) for n in ("created_at", "updated_at")]
    with _own_dates(*dated, CaseEvent._meta.get_field("at")):  # type: ignore[arg-type]
        bulk_create_with_history(cases, Case, batch_size=500)
        # The petitioners, events and deadlines take their matter's new key on insert.
        Petitioner.objects.bulk_create([p.petitioner for p in pasts], batch_size=500)
        CaseDeadline.objects.bulk_create(deadlines, batch_size=1000)
        CaseEvent.objects.bulk_create([e for p in pasts for e in p.events], batch_size=1000)
