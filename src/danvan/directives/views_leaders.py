"""Leaders in charge of mass mobilization and communes' blocs: who is in charge in each
agency and commune the user covers, as of any date, the share computed (never typed), and
the forms to designate them. Decided by `access`; written by the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.dates import parse_vn_date, today
from danvan.lib.forms import form_page
from danvan.lib.pagination import page_of
from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from danvan.org.models.validity import valid_on

from . import access
from .figure_sources import AGENCY_KINDS
from .forms import BlocForm, LeaderForm
from .models import LeaderInCharge, MassMobilizationBloc
from .pages import staff
from .services import leaders as services


def _day(request: HttpRequest) -> dt.date:
    try:
        return parse_vn_date(request.GET.get("on", "")) if request.GET.get("on") else today()
    except ValueError:
        return today()


@login_required
def leaders_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    day = _day(request)
    agencies = access.agencies_for(user).filter(kind__in=AGENCY_KINDS).filter(valid_on(day))
    in_charge = LeaderInCharge.objects.filter(body=OuterRef("pk")).filter(valid_on(day))
    total = agencies.count()
    named = agencies.filter(Exists(in_charge)).count()
    rows = (
        agencies.annotate(named=Exists(in_charge))
        .prefetch_related(
            Prefetch(
                "mass_mobilization_leaders",
                queryset=LeaderInCharge.objects.filter(valid_on(day)),
                to_attr="in_charge",
            )
        )
        .order_by("named", "level", "name")
    )
    page, query = page_of(request, Paginator(rows, 25))
    return render(
        request,
        "directives/leaders.html",
        {
            "page": page,
            "query": query,
            "day": day,
            "total": total,
            "named": named,
            "share": round(named * 100 / total, 1) if total else None,
            "crumbs": [(_("Directing documents"), reverse("directives:registry"))],
        },
    )


@login_required
def leader_new_view(request: HttpRequest, body: int) -> HttpResponse:
    user = staff(request)
    org = get_object_or_404(access.agencies_for(user), pk=body)
    if not access.may_designate(user, org):
        raise PermissionDenied
    form = LeaderForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        services.designate_leader(
            body=org,
            name=d["name"],
            position=d["position"],
            valid_from=d["valid_from"],
            decision=d["decision"],
            actor=user,
        )
        messages.success(request, _("The leader in charge is recorded."))
        return reverse("directives:leaders")

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Leader in charge of mass mobilization: %(body)s") % {"body": org.name},
            "crumbs": [(_("Leaders in charge"), reverse("directives:leaders"))],
            "back": reverse("directives:leaders"),
            "submit": _("Record"),
        },
    )


@login_required
def blocs_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    day = _day(request)
    committees = (
        access.agencies_for(user)
        .filter(kind=OrganizationKind.PARTY_COMMITTEE, level=OrganizationLevel.COMMUNE)
        .filter(valid_on(day))
    )
    current = MassMobilizationBloc.objects.filter(party_committee=OuterRef("pk")).filter(
        valid_on(day)
    )
    total = committees.count()
    set_up = committees.filter(Exists(current)).count()
    rows = (
        committees.annotate(has_bloc=Exists(current))
        .prefetch_related(
            Prefetch(
                "mass_mobilization_blocs",
                queryset=MassMobilizationBloc.objects.filter(valid_on(day)).prefetch_related(
                    "members"
                ),
                to_attr="blocs",
            )
        )
        .order_by("has_bloc", "name")
    )
    page, query = page_of(request, Paginator(rows, 25))
    return render(
        request,
        "directives/blocs.html",
        {
            "page": page,
            "query": query,
            "day": day,
            "total": total,
            "set_up": set_up,
            "crumbs": [(_("Leaders in charge"), reverse("directives:leaders"))],
        },
    )


@login_required
def bloc_new_view(request: HttpRequest, body: int) -> HttpResponse:
    user = staff(request)
    org = get_object_or_404(
        access.agencies_for(user).filter(
            kind=OrganizationKind.PARTY_COMMITTEE, level=OrganizationLevel.COMMUNE
        ),
        pk=body,
    )
    if not access.may_designate(user, org):
        raise PermissionDenied
    form = BlocForm(
        request.POST or None,
        members=Organization.objects.current()
        .filter(current_unit_id=org.current_unit_id)
        .exclude(pk=org.pk),
    )

    def save(d: dict[str, Any]) -> str:
        services.establish_bloc(
            party_committee=org,
            head_name=d["head_name"],
            head_position=d["head_position"],
            valid_from=d["valid_from"],
            members=list(d["members"]),
            decision=d["decision"],
            actor=user,
        )
        messages.success(request, _("The mass-mobilization bloc is recorded."))
        return reverse("directives:blocs")

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Mass-mobilization bloc: %(body)s") % {"body": org.name},
            "crumbs": [(_("Mass-mobilization blocs"), reverse("directives:blocs"))],
            "back": reverse("directives:blocs"),
            "submit": _("Record"),
        },
    )
