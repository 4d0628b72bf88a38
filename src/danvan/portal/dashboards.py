"""What each role's home page shows, for the user's scope, as of today (reads only).

Every figure carries the address of the records behind it (the inbox filtered the same way,
the registry, the decisions). Records are reached through each model's accessor only, so a
dashboard never counts what its reader may not open. Months already past come from the
monthly figures table (cases.figure_selectors), so a province's dashboard reads a few
hundred rows whatever the number of matters; the month under way is counted live."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from danvan.accounts import scopes
from danvan.accounts.models import Assignment, Role, User
from danvan.cases import access as case_access
from danvan.cases.figure_selectors import add_months, figures, month_start
from danvan.cases.models import (
    Case,
    CaseEvent,
    CaseField,
    CaseKind,
    CaseState,
    EventKind,
    FigureDimension,
    FigureRefresh,
    SubmissionReceipt,
)
from danvan.cases.models.cases import OPEN_STATES
from danvan.cases.selectors import cases_of_account
from danvan.contests import selectors as contest_selectors
from danvan.directives.dashboard import leader_tiles as directive_tiles
from danvan.emulation import selectors as emulation_selectors
from danvan.exemplars import selectors as exemplar_selectors
from danvan.insights.dashboard import leader_tiles as hotspot_tiles
from danvan.lib import maps
from danvan.lib.charts import Chart, Series
from danvan.lib.dates import day_start, format_vn_date, today
from danvan.org.models import AdminLevel, AdminUnit, Organization
from danvan.participation.dashboard import leader_tiles as promise_tiles
from danvan.reports.dashboard import leader_tiles
from danvan.surveys.dashboard import leader_tiles as satisfaction_tiles

DUE_SOON_DAYS = 3
NEW_DAYS = 7
LIST_SIZE = 6
WORST_BODIES = 10


@dataclass
class Figure:
    value: str
    label: str
    url: str = ""
    change: str = ""
    tone: str = ""


@dataclass
class Scope:
    """Whose matters the figures count, in words ("Hà Nội", "the whole country")."""

    label: str
    units: list[AdminUnit] = field(default_factory=list)
    national: bool = False


def inbox_url(**params: Any) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    url = reverse("cases:inbox")
    return f"{url}?{urlencode(query)}" if query else url


def n(value: float | int) -> str:
    return number_format(value, force_grouping=True)


def month_label(month: dt.date) -> str:
    return _("%(m)02d/%(y)d") % {"m": month.month, "y": month.year}


def scope_of(user: User, roles: frozenset[str]) -> Scope:
    grants = [g for g in scopes.grants_for(user) if g.role in roles]
    if user.is_superuser or any(g.unit_id is None and g.scope == "subtree" for g in grants):
        return Scope(_("the whole country"), national=True)
    orgs = Organization.objects.in_bulk([g.organization_id for g in grants])
    units = AdminUnit.objects.in_bulk([g.unit_id for g in grants if g.unit_id])
    names: list[str] = []
    for g in grants:
        if g.scope == "subtree" and g.unit_id in units:
            names.append(units[g.unit_id].name)
        elif g.organization_id in orgs:
            names.append(orgs[g.organization_id].name)
    return Scope(", ".join(dict.fromkeys(names)) or _("no body"), units=list(units.values()))


def _caption(scope: Scope, day: dt.date) -> str:
    return _("%(scope)s, as of %(day)s") % {"scope": scope.label, "day": format_vn_date(day)}


# --- Officer ----------------------------------------------------------------------------------


@dataclass
class OfficerDashboard:
    scope: Scope
    figures: list[Figure]
    by_state: Chart
    due_soon: list[Case]
    overdue: list[Case]
    newly_assigned: list[Case]
    events: list[CaseEvent]


def officer(user: User) -> OfficerDashboard:
    day = today()
    scope = scope_of(user, case_access.HANDLER_ROLES)
    visible = case_access.cases_for(user)
    mine = visible.filter(assigned_to=user)
    states = dict(mine.values_list("state").annotate(n=Count("*")).order_by())
    open_mine = sum(v for k, v in states.items() if k in OPEN_STATES)
    scoped_open = visible.filter(state__in=OPEN_STATES)
    soon_q = Q(next_due_date__gte=day, next_due_date__lte=day + dt.timedelta(days=DUE_SOON_DAYS))
    counts = scoped_open.aggregate(
        soon=Count("pk", filter=soon_q), late=Count("pk", filter=Q(next_due_date__lt=day))
    )
    since = timezone.now() - dt.timedelta(days=NEW_DAYS)
    assigned = (
        CaseEvent.objects.filter(kind=EventKind.ASSIGNED, at__gte=since, case__in=mine)
        .order_by("-at")
        .values_list("case_id", flat=True)[:50]
    )
    new_ids = list(dict.fromkeys(assigned))
    related = ("organization", "field")
    figures_ = [
        Figure(n(open_mine), _("My open matters"), inbox_url(assigned="me")),
        Figure(
            n(counts["soon"]),
            ngettext("Due within %(d)d day", "Due within %(d)d days", DUE_SOON_DAYS)
            % {"d": DUE_SOON_DAYS},
            inbox_url(due_within=DUE_SOON_DAYS, sort="next_due_date"),
            tone="warn" if counts["soon"] else "",
        ),
        Figure(
            n(counts["late"]),
            _("Overdue"),
            inbox_url(overdue=1, sort="next_due_date"),
            tone="alert" if counts["late"] else "good",
        ),
        Figure(
            n(len(new_ids)),
            ngettext(
                "Assigned to me in the last %(d)d day",
                "Assigned to me in the last %(d)d days",
                NEW_DAYS,
            )
            % {"d": NEW_DAYS},
            inbox_url(assigned="me"),
        ),
    ]
    labels, values, links = [], [], []
    for value, label in CaseState.choices:
        if states.get(value):
            labels.append(str(label))
            values.append(states[value])
            links.append(inbox_url(assigned="me", state=value))
    by_state = Chart(
        key="my-states",
        kind="hbar",
        title=_("My matters by state"),
        caption=_caption(Scope(_("matters assigned to me")), day),
        labels=labels,
        series=[Series(_("Matters"), values)],
        links=links,
    )
    return OfficerDashboard(
        scope=scope,
        figures=figures_,
        by_state=by_state,
        due_soon=list(
            scoped_open.filter(soon_q)
            .select_related(*related)
            .order_by("next_due_date", "id")[:LIST_SIZE]
        ),
        overdue=list(
            scoped_open.filter(next_due_date__lt=day)
            .select_related(*related)
            .order_by("next_due_date", "id")[:LIST_SIZE]
        ),
        newly_assigned=list(
            Case.objects.filter(pk__in=new_ids[:LIST_SIZE])
            .select_related(*related)
            .order_by("-received_at")
        ),
        events=list(
            CaseEvent.objects.filter(case__in=mine)
            .select_related("case", "actor")
            .order_by("-at", "-id")[:LIST_SIZE]
        ),
    )


# --- Leader -----------------------------------------------------------------------------------


@dataclass
class BodyRow:
    organization: Organization
    count: int
    url: str
    share: float


@dataclass
class LeaderDashboard:
    scope: Scope
    figures: list[Figure]
    by_month: Chart
    by_field: Chart
    overdue_bodies: list[BodyRow]
    overdue_total: int
    map: maps.Drawing | None
    map_title: str
    others: list[Figure]
    refreshed_at: dt.datetime | None
    reports: list[Figure] = field(default_factory=list)
    directives: list[Figure] = field(default_factory=list)
    satisfaction: list[Figure] = field(default_factory=list)
    promises: list[Figure] = field(default_factory=list)
    hotspots: list[Figure] = field(default_factory=list)


def _change(now: int, before: int, label: str) -> str:
    if not before:
        return ""
    pct = round((now - before) * 100 / before)
    sign = "+" if pct > 0 else ""
    return _("%(sign)s%(pct)s%% against %(label)s") % {"sign": sign, "pct": n(pct), "label": label}


def _same_days(month: dt.date, days: int) -> Q:
    """Received in the first `days` days of `month`: a month under way is compared with the
    same days of the months before, not with whole months."""
    end = min(month + dt.timedelta(days=days), add_months(month, 1))
    return Q(received_at__gte=day_start(month), received_at__lt=day_start(end))


def leader(user: User) -> LeaderDashboard:
    day = today()
    current = month_start(day)
    months = [add_months(current, -i) for i in range(11, -1, -1)]
    scope = scope_of(user, frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.OFFICER}))
    visible = case_access.cases_for(user)
    stored = case_access.figures_for(user)
    last_year = add_months(current, -12)
    by_dimension = figures(
        stored, visible, months=[last_year, *months], current=current, bodies_over=months
    )
    kinds, fields = by_dimension[FigureDimension.KIND], by_dimension[FigureDimension.FIELD]
    caption = _caption(scope, day)

    received_now = kinds.total(current, "received")
    elapsed = (day - current).days + 1
    before, a_year_ago = (
        _same_days(add_months(current, -1), elapsed),
        _same_days(last_year, elapsed),
    )
    earlier = visible.filter(before | a_year_ago).aggregate(
        before=Count("pk", filter=before), last_year=Count("pk", filter=a_year_ago)
    )
    closed = sum(kinds.total(m, "closed") for m in months)
    on_time = sum(kinds.total(m, "closed_on_time") for m in months)
    rated = sum(kinds.total(m, "rated") for m in months)
    rating_sum = sum(kinds.total(m, "rating_sum") for m in months)
    open_count = visible.filter(state__in=OPEN_STATES).count()

    # Every body with overdue matters (a few hundred at most in a province): the total is
    # their sum, without a second scan.
    overdue_all = list(
        visible.filter(state__in=OPEN_STATES, next_due_date__lt=day)
        .values("organization_id")
        .annotate(n=Count("*"))
        .order_by("-n", "organization_id")
    )
    overdue_total = sum(r["n"] for r in overdue_all)
    overdue_rows = overdue_all[:WORST_BODIES]
    bodies = Organization.objects.in_bulk(
        [r["organization_id"] for r in overdue_rows if r["organization_id"]]
    )
    worst = overdue_rows[0]["n"] if overdue_rows else 0
    overdue_bodies = [
        BodyRow(
            bodies[r["organization_id"]],
            r["n"],
            inbox_url(overdue=1, org=r["organization_id"], sort="next_due_date"),
            r["n"] / worst if worst else 0,
        )
        for r in overdue_rows
        if r["organization_id"] in bodies
    ]
    month_from = format_vn_date(current)
    figures_ = [
        Figure(
            n(received_now),
            _("Received this month"),
            inbox_url(received_from=month_from),
            " · ".join(
                filter(
                    None,
                    [
                        _change(received_now, earlier["before"], _("the same days of last month")),
                        _change(
                            received_now,
                            earlier["last_year"],
                            _("the same days of %(month)s") % {"month": month_label(last_year)},
                        ),
                    ],
                )
            ),
        ),
        Figure(n(open_count), _("Open matters"), inbox_url(sort="next_due_date")),
        Figure(
            n(overdue_total),
            _("Overdue"),
            inbox_url(overdue=1, sort="next_due_date"),
            tone="alert" if overdue_total else "good",
        ),
        Figure(
            f"{n(round(on_time * 100 / closed))} %" if closed else "—",
            _("Closed within the legal time limits (12 months)"),
            change=ngettext("of %(n)s matter closed", "of %(n)s matters closed", closed)
            % {"n": n(closed)},
            tone="good" if closed and on_time * 10 >= closed * 9 else ("warn" if closed else ""),
        ),
        Figure(
            f"{n(round(rating_sum / rated, 1))}/5" if rated else "—",
            _("Average satisfaction rating (12 months)"),
            change=ngettext("%(n)s rating", "%(n)s ratings", rated) % {"n": n(rated)},
        ),
    ]
    kind_labels = dict(CaseKind.choices)
    kind_order = [k for k in CaseKind.values if any(k in kinds.by_month.get(m, {}) for m in months)]
    by_month = Chart(
        key="by-month",
        kind="bar",
        title=_("Matters received by month and kind"),
        caption=caption,
        labels=[month_label(m) for m in months],
        series=[
            Series(
                str(kind_labels[k]),
                [kinds.by_month.get(m, {}).get(k, {}).get("received", 0) for m in months],
            )
            for k in kind_order
        ],
        links=[
            inbox_url(
                received_from=format_vn_date(m),
                received_to=format_vn_date(add_months(m, 1) - dt.timedelta(days=1)),
            )
            for m in months
        ],
        stacked=True,
        tall=True,
    )
    per_field = fields.over(months, "received")
    top = sorted(per_field.items(), key=lambda kv: -kv[1])[:10]
    names = CaseField.objects.in_bulk([int(k) for k, _v in top if k.isdigit()])
    by_field = Chart(
        key="by-field",
        kind="hbar",
        title=_("Matters received by field, last 12 months"),
        caption=caption,
        labels=[
            names[int(k)].name if k.isdigit() and int(k) in names else _("Not yet classified")
            for k, _v in top
        ],
        series=[Series(_("Matters"), [v for _k, v in top])],
        links=[inbox_url(field=k) if k.isdigit() else "" for k, _v in top],
        tall=True,
    )
    drawing, map_title = _map(kinds.received_by_body, scope)
    refreshed = (
        FigureRefresh.objects.filter(month__in=months)
        .order_by("-refreshed_at")
        .values_list("refreshed_at", flat=True)
        .first()
    )
    report_tiles = leader_tiles(user, day)
    return LeaderDashboard(
        scope=scope,
        figures=figures_,
        by_month=by_month,
        by_field=by_field,
        overdue_bodies=overdue_bodies,
        overdue_total=overdue_total,
        map=drawing,
        map_title=map_title,
        others=_movement_figures(user, day),
        refreshed_at=refreshed,
        reports=[Figure(t.value, t.label, t.url, t.change, t.tone) for t in report_tiles],
        directives=[
            Figure(t.value, t.label, t.url, t.change, t.tone) for t in directive_tiles(user, day)
        ],
        satisfaction=[
            Figure(t.value, t.label, t.url, t.change, t.tone) for t in satisfaction_tiles(user, day)
        ],
        promises=[
            Figure(t.value, t.label, t.url, t.change, t.tone) for t in promise_tiles(user, day)
        ],
        hotspots=[
            Figure(t.value, t.label, t.url, t.change, t.tone) for t in hotspot_tiles(user, day)
        ],
    )


def _map(per_body: dict[int | None, int], scope: Scope) -> tuple[maps.Drawing | None, str]:
    """A circle per commune (a province's leader) or per province (the whole country), by the
    matters received by their bodies over the 12 months, each a link to them in the inbox."""
    orgs = Organization.objects.filter(pk__in=[k for k in per_body if k]).values_list(
        "pk", "current_unit_id", "province_id"
    )
    by_unit: dict[int, int] = {}
    national = scope.national or not any(u.level == AdminLevel.PROVINCE for u in scope.units)
    for pk, unit_id, province_id in orgs:
        place = province_id if scope.national else (unit_id or province_id)
        if place:
            by_unit[place] = by_unit.get(place, 0) + per_body[pk]
    places = AdminUnit.objects.filter(pk__in=by_unit).only("name", "latitude", "longitude", "level")
    largest = max(by_unit.values(), default=0)
    points = [
        (p, maps.project(p.latitude, p.longitude))
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    frame = [] if national else [pt for _p, pt in points]
    view_box, scale = maps.view_of(frame)
    dots = [
        maps.Dot(
            x=f"{pt.x:g}",
            y=f"{pt.y:g}",
            r=f"{maps.radius(by_unit[p.pk], largest, smallest=3 * scale, biggest=14 * scale):g}",
            name=p.name,
            count=by_unit[p.pk],
            href=inbox_url(unit=p.pk),
            label=ngettext("%(place)s: %(n)s matter", "%(place)s: %(n)s matters", by_unit[p.pk])
            % {"place": p.name, "n": n(by_unit[p.pk])},
        )
        for p, pt in sorted(points, key=lambda x: -by_unit[x[0].pk])
    ]
    title = _("Where matters were received, last 12 months: %(scope)s") % {"scope": scope.label}
    return maps.drawing(dots, view_box=view_box), title


def _movement_figures(user: User, day: dt.date) -> list[Figure]:

    year_start = day.replace(month=1, day=1)
    out: list[Figure] = []
    if user.has_perm("exemplars.view_exemplar"):
        recognized = (
            exemplar_selectors.visible_exemplars(user).filter(recognized_on__gte=year_start).count()
        )
        out.append(
            Figure(
                n(recognized),
                _("“Dân vận khéo” models recognized this year"),
                reverse("exemplars:registry") + "?state=recognized",
            )
        )
    if user.has_perm("emulation.view_awarddecision"):
        decisions = (
            emulation_selectors.visible_decisions(user).filter(signed_on__gte=year_start).count()
        )
        out.append(
            Figure(
                n(decisions), _("Award decisions signed this year"), reverse("emulation:decisions")
            )
        )
    if user.has_perm("contests.view_contest"):
        running = (
            contest_selectors.staff_contests(user)
            .exclude(status__in=["draft", "published"])
            .count()
        )
        out.append(Figure(n(running), _("Contests under way"), reverse("contests:list")))
    return out


# --- Citizen ----------------------------------------------------------------------------------


@dataclass
class CitizenMatter:
    case: Case
    next_step: str


NEXT_STEP: dict[str, Any] = {
    CaseState.RECEIVED: _(
        "The receiving desk is reading your matter and will say which body handles it."
    ),
    CaseState.CLASSIFIED: _("The body is deciding whether to take up your matter."),
    CaseState.ACCEPTED: _("The body has taken up your matter and is handling it."),
    CaseState.IN_PROGRESS: _("The body is handling your matter."),
    CaseState.EXTENDED: _("The body extended the time to handle your matter."),
    CaseState.SUSPENDED: _(
        "Handling is suspended for now; the body will tell you when it resumes."
    ),
    CaseState.REOPENED: _("Your matter was reopened and is being handled again."),
    CaseState.RESOLVED: _("The body has answered: read the answer and rate it."),
    CaseState.FORWARDED: _("Your matter was sent to the competent body."),
    CaseState.GUIDED: _("You were guided to the competent body: read the guidance."),
}


def citizen(user: User) -> list[CitizenMatter]:

    rows = cases_of_account(user.pk)[:20]
    return [
        CitizenMatter(
            c, str(NEXT_STEP.get(c.state, _("Nothing more to do: the matter is finished.")))
        )
        for c in rows
    ]


# --- Administrator ----------------------------------------------------------------------------


@dataclass
class AdminDashboard:
    figures: list[Figure]
    roles: Chart
    failed_receipts: int
    tasks: list[Figure]


def administrator(user: User) -> AdminDashboard:

    day = today()
    assignments = Assignment.objects.current()
    if not user.is_superuser:
        q = scopes.organizations_q(
            user, frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}), "organization__"
        )
        assignments = assignments.filter(q) if q is not None else assignments.none()
    by_role = dict(assignments.values_list("role").annotate(n=Count("*")).order_by())
    accounts = assignments.values("user_id").distinct().count()
    role_labels = dict(Role.choices)
    roles = Chart(
        key="roles",
        kind="hbar",
        title=_("Assignments in force by role"),
        caption=_("As of %(day)s") % {"day": format_vn_date(day)},
        labels=[str(role_labels[r]) for r in Role.values if by_role.get(r)],
        series=[Series(_("Assignments"), [by_role[r] for r in Role.values if by_role.get(r)])],
    )

    def admin_url(perm: str, name: str, query: str = "") -> str:
        # No link to a page the reader may not open.
        return reverse(name) + query if user.is_staff and user.has_perm(perm) else ""

    failed = SubmissionReceipt.objects.exclude(error="").filter(case__isnull=True).count()
    waiting = SubmissionReceipt.objects.filter(case__isnull=True, error="").count()
    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("*")).order_by())
    figures_ = [
        Figure(
            n(accounts),
            _("Officers with an assignment in force"),
            admin_url("accounts.view_assignment", "admin:accounts_assignment_changelist"),
        ),
        Figure(
            n(failed),
            _("Submissions that failed to register"),
            admin_url("cases.view_submissionreceipt", "admin:cases_submissionreceipt_changelist"),
            tone="alert" if failed else "good",
        ),
        Figure(
            n(waiting),
            _("Submissions waiting to be registered"),
            admin_url("cases.view_submissionreceipt", "admin:cases_submissionreceipt_changelist"),
        ),
    ]
    task_figures = [
        Figure(
            n(tasks.get("READY", 0)),
            _("Background tasks waiting"),
            admin_url(
                "django_tasks_database.view_dbtaskresult",
                "admin:django_tasks_database_dbtaskresult_changelist",
                "?status__exact=READY",
            ),
        ),
        Figure(
            n(tasks.get("FAILED", 0)),
            _("Background tasks failed"),
            admin_url(
                "django_tasks_database.view_dbtaskresult",
                "admin:django_tasks_database_dbtaskresult_changelist",
                "?status__exact=FAILED",
            ),
            tone="alert" if tasks.get("FAILED") else "good",
        ),
    ]
    return AdminDashboard(figures=figures_, roles=roles, failed_receipts=failed, tasks=task_figures)
