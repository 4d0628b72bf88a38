"""Server-rendered pages. Thin: reads come from selectors, permissions from rules."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from rules.contrib.views import permission_required

from danvan.accounts import scopes
from danvan.accounts.models import ADMINISTRATOR_ROLES, Role, User
from danvan.cases.worker import health as worker_health
from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.pagination import page_of
from danvan.org import selectors as org_selectors
from danvan.org.models import AdminLevel, AdminUnit, Organization

from . import dashboards
from .search import find
from .selectors import workspaces_for


def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/landing.html",
        {
            "counts": org_selectors.level_counts(),
            "organizations": Organization.objects.current().count(),
        },
    )


DASHBOARDS = {
    "leader": gettext_lazy("Leader"),
    "officer": gettext_lazy("Officer"),
    "administrator": gettext_lazy("Administration"),
    "citizen": gettext_lazy("My matters"),
}


def _dashboards_of(user: User) -> list[str]:
    roles = scopes.roles_of(user)
    out = []
    if user.is_superuser or Role.LEADER in roles:
        out.append("leader")
    if roles & {Role.OFFICER, Role.UNIT_ADMIN}:
        out.append("officer")
    if user.is_superuser or roles & ADMINISTRATOR_ROLES:
        out.append("administrator")
    return out or ["citizen"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's role (the first of theirs, or the one asked for)."""
    user = cast(User, request.user)
    available = _dashboards_of(user)
    view = request.GET.get("view", "")
    view = view if view in available else available[0]
    context: dict[str, object] = {
        "view": view,
        "tabs": [(key, DASHBOARDS[key]) for key in available] if len(available) > 1 else [],
        "today": today(),
    }
    if view == "leader":
        context["board"] = dashboards.leader(user)
    elif view == "officer":
        context["board"] = dashboards.officer(user)
        context["workspaces"] = workspaces_for(user)
    elif view == "administrator":
        context["board"] = dashboards.administrator(user)
    else:
        context["matters"] = dashboards.citizen(user)
    return render(request, f"portal/dashboards/{view}.html", context)


def units(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    level = request.GET.get("level", "")
    level = level if level in AdminLevel.values else ""
    as_of_text = request.GET.get("as_of", "").strip()
    error = ""
    try:
        as_of = parse_vn_date(as_of_text) if as_of_text else today()
    except ValueError:
        error = _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 30/06/2025.") % {
            "value": as_of_text
        }
        as_of = today()
    parent = None
    if (parent_id := request.GET.get("parent", "")).isdigit():
        parent = get_object_or_404(AdminUnit, pk=int(parent_id))
    qs = org_selectors.units(
        level=level or None, parent=parent.pk if parent else None, q=q, as_of=as_of
    )
    page, query = page_of(request, Paginator(qs, 50))
    context = {
        "page": page,
        "q": q,
        "level": level,
        "levels": AdminLevel.choices,
        "parent": parent,
        "as_of_text": as_of_text or format_vn_date(as_of),
        "error": error,
        "query": query,
    }
    template = "portal/_unit_results.html" if request.htmx else "portal/units.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def unit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(AdminUnit.objects.select_related("parent", "current"), pk=pk)
    return render(
        request,
        "portal/unit.html",
        {
            "unit": obj,
            "children_count": obj.children.count(),
            "successors": org_selectors.successors_of(obj),
            "predecessors": org_selectors.predecessors_of(obj),
        },
    )


def _organization(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(Organization, pk=pk)


@login_required
@permission_required("org.view_organization", fn=_organization, raise_exception=True)
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization.objects.select_related("unit", "parent", "current"), pk=pk)
    user = request.user
    assignments = history = None
    probe = org.assignments.model(organization=org)
    if user.has_perm("accounts.view_assignment", probe):
        assignments = org.assignments.current().select_related("user").order_by("role")
    if user.has_perm("org.view_organization_history", org):
        history = org_selectors.organization_history(org)
    return render(
        request,
        "portal/organization.html",
        {
            "org": org,
            "assignments": assignments,
            "history": history,
            # No link to a page the user may not open (the parent body is often above them).
            "may_open_parent": bool(
                org.parent and user.has_perm("org.view_organization", org.parent)
            ),
            "may_open_current": bool(
                org.current and user.has_perm("org.view_organization", org.current)
            ),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    return render(
        request, "portal/search.html", {"found": find(request.user, q), "search_query": q}
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the whole middleware stack, no database query."""
    return JsonResponse({"status": "ok"})


@never_cache
def healthz_worker(request: HttpRequest) -> JsonResponse:
    """For monitoring, not for load balancers (it reads the database): whether a task worker
    beat recently and how far behind the registration of public submissions is. 503 when no
    worker is alive or the database does not answer."""
    try:
        state = worker_health()
    except DatabaseError:
        return JsonResponse({"status": "database_unavailable"}, status=503)
    return JsonResponse(
        {
            "status": "ok" if state.alive else "worker_down",
            "worker": {
                "alive": state.alive,
                "last_beat_seconds": _rounded(state.last_beat_seconds),
            },
            "receipts": {
                "waiting": state.waiting,
                "oldest_waiting_seconds": _rounded(state.oldest_waiting_seconds),
            },
        },
        status=200 if state.alive else 503,
    )


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)
