"""A directive down the levels: cascade it to the bodies a rule names, the compliance matrix
of who has done what as of any date (the nation, a province, a commune), a body's duties,
and recording what a body did (its study session, its programme or plan). Who may do what
is `access`'s; every write is a service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import charts, figures
from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.forms import form_page
from danvan.lib.pagination import page_of
from danvan.lib.symbols import parse
from danvan.org.models import AdminUnit, Organization
from danvan.org.selectors import organization_subtree

from . import access
from .compliance_table import rows_html
from .figure_sources import duty_q
from .forms import CascadeForm, PlanForm, StudyFormForm
from .models import Duty, Progress, ReviewSubmission, progress
from .pages import crumbs, of, staff
from .selectors import compliance
from .services import cascade as services


def _day(request: HttpRequest) -> dt.date:
    raw = request.GET.get("on", "")
    try:
        return parse_vn_date(raw) if raw else today()
    except ValueError:
        return today()


@login_required
def cascade_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk)
    duty_pk = request.GET.get("duty") or request.POST.get("duty")
    parent: Duty | None = None
    issuers: QuerySet[Organization]
    if duty_pk:
        parent = access.duty_for(user, int(duty_pk)) if str(duty_pk).isdigit() else None
        if parent is None or parent.document_id != document.pk:
            raise Http404
        issuers = Organization.objects.filter(pk=parent.body_id)
    else:
        issuers = access.bodies_for(user, access.WRITER_ROLES).order_by("level", "name")
    if not issuers.exists():
        raise PermissionDenied
    candidates = (
        Organization.objects.current().filter(
            province_id__in=issuers.exclude(province_id=None).values("province_id")
        )
        if not issuers.filter(level="central").exists()
        else Organization.objects.current()
    )
    form = CascadeForm(request.POST or None, issuers=issuers, candidates=candidates)

    def save(d: dict[str, Any]) -> str:
        made = services.cascade(
            document=document,
            issuer=d["issuer"],
            rule=d["rule"],
            kinds=form.kinds(),
            level=d["level"],
            chosen=list(d["chosen"]),
            requires_study=d["requires_study"],
            study_due=d["study_due"],
            requires_plan=d["requires_plan"],
            plan_due=d["plan_due"],
            parent_duty=parent,
            note=d["note"],
            actor=user,
        )
        messages.success(
            request,
            _("%(n)s bodies must now act on %(document)s.")
            % {"n": made.duties.count(), "document": document.symbol},
        )
        return reverse("directives:compliance", args=[document.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Cascade %(document)s") % {"document": document.symbol},
            "intro": _(
                "Name the bodies that must act on this directive: each must hold a study "
                "session and issue its own programme or plan by the dates you set. A body "
                "already named keeps its duty."
            ),
            "crumbs": crumbs(of(document)),
            "back": reverse("directives:document", args=[document.pk]),
            "submit": _("Cascade"),
            "hidden": {"duty": parent.pk} if parent else {},
        },
    )


_STATES = [
    (Progress.ON_TIME, "on_time"),
    (Progress.LATE, "late"),
    (Progress.OVERDUE, "overdue"),
    (Progress.PENDING, "pending"),
]


def _chart(matrix: compliance.Matrix, step: str, title: str, links: list[str]) -> charts.Chart:
    """The nation: a stacked bar per province. A province or a commune: the shares of its
    bodies by state (its hundred communes read better as a table below)."""
    states = [
        (_("Done on time"), "on_time"),
        (_("Done late"), "late"),
        (_("Not yet, past due"), "overdue"),
        (_("Not yet, not due"), "pending"),
    ]
    # Okabe–Ito, by meaning: green done, orange late, vermillion past due, sky blue waiting.
    colors = ["#009E73", "#E69F00", "#D55E00", "#56B4E9"]
    caption = _("As of %(day)s") % {"day": format_vn_date(matrix.on)}
    if matrix.scope != "nation":
        total = matrix.total.steps[step]
        return charts.Chart(
            key=f"compliance-{step}",
            kind="doughnut",
            title=title,
            caption=caption,
            labels=[str(label) for label, _key in states],
            series=[charts.Series(title, [getattr(total, key) for _label, key in states])],
            colors=colors,
        )
    rows = matrix.rows
    return charts.Chart(
        key=f"compliance-{step}",
        kind="hbar",
        title=title,
        caption=caption,
        labels=[r.label for r in rows],
        series=[
            charts.Series(str(label), [getattr(r.steps[step], key) for r in rows])
            for label, key in states
        ],
        links=links,
        stacked=True,
        tall=len(rows) > 12,
        colors=colors,
    )


@login_required
def compliance_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk)
    day = _day(request)
    province = unit = None
    if raw := request.GET.get("province", ""):
        province = AdminUnit.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if province is None:
            raise Http404
    if raw := request.GET.get("unit", ""):
        unit = (
            AdminUnit.objects.filter(pk=int(raw) if raw.isdigit() else 0)
            .select_related("province")
            .first()
        )
        if unit is None:
            raise Http404
    duties = access.duties_for(user)
    matrix = compliance.matrix(
        document=document, duties=duties, on=day, province=province, unit=unit
    )
    if province is None and unit is None:
        keys = [r.key for r in matrix.rows if r.kind == "province" and r.key is not None]
        if len(matrix.rows) == 1 and keys:
            # All the reader sees is one province: its communes are the view worth showing.
            province = AdminUnit.objects.get(pk=keys[0])
            matrix = compliance.matrix(document=document, duties=duties, on=day, province=province)
    base = reverse("directives:compliance", args=[document.pk])
    on = format_vn_date(day)

    def link(row: compliance.Row) -> str:
        if row.kind in ("province", "unit") and row.key is not None:
            return f"{base}?{urlencode({row.kind: str(row.key), 'on': on})}"
        if row.kind == "body" and row.duty_id:
            return reverse("directives:duty", args=[row.duty_id])
        return ""

    links = [link(r) for r in matrix.rows]
    trail = crumbs(of(document))
    if request.GET.get("province") or request.GET.get("unit"):
        trail.append((_("Whole country"), f"{base}?{urlencode({'on': on})}"))
    if unit is not None and unit.province is not None and unit.province_id != unit.pk:
        query = urlencode({"province": str(unit.province.pk), "on": on})
        trail.append((unit.province.name, f"{base}?{query}"))
    place = unit.name if unit else province.name if province else _("Whole country")
    return render(
        request,
        "directives/compliance.html",
        {
            "document": document,
            "matrix": matrix,
            "rows": bool(matrix.rows),
            "body": rows_html(zip(matrix.rows, links, strict=True)),
            "place": place,
            "day": day,
            "crumbs": trail,
            "charts": [
                _chart(matrix, "study", _("Study sessions"), links),
                _chart(matrix, "plan", _("Programmes and plans"), links),
            ],
            "is_today": day == today(),
        },
    )


def _figure_duties(request: HttpRequest, user: User) -> dict[str, Any] | None:
    """The duties behind a report's figure (?org=&figure=&figure_from=&figure_to=), as the
    figure counted them: the body's subtree, the figure's rule, its window."""
    key, org = request.GET.get("figure", ""), request.GET.get("org", "")
    if not key or not org.isdigit():
        return None
    try:
        window = figures.Window(
            parse_vn_date(request.GET.get("figure_from", "")),
            parse_vn_date(request.GET.get("figure_to", "")),
        )
    except ValueError:
        return None
    q = duty_q(key, window)
    source = figures.source(key)
    if q is None or source is None:
        return None
    rows = (
        access.duties_for(user)
        .filter(q, body_id__in=organization_subtree(int(org)))
        .select_related("document", "body")
        .order_by("document__signed_on", "body__name")
    )
    return {"label": source.label, "window": window, "rows": rows[:200], "total": rows.count()}


def _state(key: str) -> tuple[str, str]:
    return key, str(Progress(key).label)


@login_required
def duties_view(request: HttpRequest) -> HttpResponse:
    """The duties of the user's own bodies (what they must do), and, for those who oversee
    bodies, the overdue duties of the bodies they cover."""
    user = staff(request)
    day = today()
    own_bodies = access.bodies_for(user, access.WRITER_ROLES)
    own = (
        access.duties_for(user)
        .filter(body__in=own_bodies)
        .select_related("document", "body", "plan")
        .order_by("document__signed_on", "pk")
    )
    page, query = page_of(request, Paginator(own, 25))
    rows = [
        (
            d,
            _state(progress(required=d.requires_study, due=d.study_due, done=d.studied_on, on=day)),
            _state(
                progress(required=d.requires_plan, due=d.plan_due, done=d.plan_issued_on, on=day)
            ),
        )
        for d in page.object_list
    ]
    counted = _figure_duties(request, user)
    late = (
        compliance.overdue(access.duties_for(user), day)
        .exclude(body__in=own_bodies)
        .select_related("document", "body")
        .order_by("study_due", "plan_due", "pk")[:50]
    )
    return render(
        request,
        "directives/duties.html",
        {
            "page": page,
            "query": query,
            "rows": rows,
            "late": late,
            "calendar_bodies": list(own_bodies.filter(duties__isnull=False).distinct()[:3]),
            "counted": counted,
            "to_review": ReviewSubmission.objects.filter(
                body__in=own_bodies, submitted_on__isnull=True
            )
            .select_related("round", "body")
            .order_by("round__due_on")[:20],
            "crumbs": crumbs(),
        },
    )


@login_required
def duty_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    duty = access.duty_for(user, pk)
    day = today()
    studies = duty.document.studies.filter(body=duty.body).order_by("-held_on")
    below = duty.body.level != "commune"
    return render(
        request,
        "directives/duty.html",
        {
            "duty": duty,
            "study": _state(
                progress(
                    required=duty.requires_study, due=duty.study_due, done=duty.studied_on, on=day
                )
            ),
            "plan": _state(
                progress(
                    required=duty.requires_plan, due=duty.plan_due, done=duty.plan_issued_on, on=day
                )
            ),
            "studies": studies,
            "may_fulfil": access.may_fulfil(user, duty),
            "may_cascade": below and access.may_fulfil(user, duty),
            "cascades": duty.cascades.select_related("issuer").all(),
            "crumbs": crumbs(of(duty.document)),
        },
    )


def _fulfilled(request: HttpRequest, pk: int) -> tuple[User, Duty]:
    user = staff(request)
    duty = access.duty_for(user, pk)
    if not access.may_fulfil(user, duty):
        raise PermissionDenied
    return user, duty


@login_required
def study_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, duty = _fulfilled(request, pk)
    form = StudyFormForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        services.record_study(
            document=duty.document,
            body=duty.body,
            held_on=d["held_on"],
            form=d["form"],
            attendees=d["attendees"],
            party_members_attending=d["party_members_attending"],
            party_members_total=d["party_members_total"],
            place=d["place"],
            note=d["note"],
            actor=user,
        )
        messages.success(request, _("The study session is recorded."))
        return reverse("directives:duty", args=[duty.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Study session on %(document)s") % {"document": duty.document.symbol},
            "subtitle": duty.body.name,
            "crumbs": crumbs(
                of(duty.document), (duty.body.name, reverse("directives:duty", args=[duty.pk]))
            ),
            "back": reverse("directives:duty", args=[duty.pk]),
            "submit": _("Record the session"),
        },
    )


@login_required
def plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, duty = _fulfilled(request, pk)
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        registrars=Organization.objects.filter(pk=duty.body_id),
        issuers=Organization.objects.filter(pk=duty.body_id),
        # The document's own words (a Vietnamese excerpt), not the interface's.
        initial={
            "summary": f"Kế hoạch thực hiện {parse(duty.document.symbol).kind_name} "
            f"số {duty.document.symbol}"
        },
    )

    def save(d: dict[str, Any]) -> str:
        plan = services.register_plan(duty=duty, spec=form.spec(), upload=d["file"], actor=user)
        messages.success(
            request, _("%(document)s is registered and fills the duty.") % {"document": plan}
        )
        return reverse("directives:duty", args=[duty.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Programme or plan for %(document)s") % {"document": duty.document.symbol},
            "subtitle": duty.body.name,
            "crumbs": crumbs(
                of(duty.document), (duty.body.name, reverse("directives:duty", args=[duty.pk]))
            ),
            "back": reverse("directives:duty", args=[duty.pk]),
            "submit": _("Register the plan"),
            "multipart": True,
        },
    )
