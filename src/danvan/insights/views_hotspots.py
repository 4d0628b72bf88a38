"""The hotspot register's pages: the register (filters, map, chart), a hotspot's page (what
was found, in plain words; the records behind it as the user may see them; who is in charge;
notes) and its three forms (state, assignment, note). Thin: reads in `selectors.hotspots`,
writes in `services.hotspots`, who may what in `access`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib.access import user_allowed
from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.org.models import AdminUnit, Organization

from . import access
from .hotspots.stats import Settings
from .models import Hotspot, HotspotKind, HotspotState
from .selectors import hotspots as select
from .services import hotspots as services

PAGE = 25


class RegisterFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Open (not settled)")), ("", _("All")), *HotspotState.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *HotspotKind.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=AdminUnit.objects.none()
    )
    # Typed as dd/mm/yyyy: a browser's date picker shows the browser's own order (mm/dd/yyyy).
    week = forms.DateField(
        label=_("Week of (dd/mm/yyyy)"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = select.provinces(user)
        field.empty_label = str(_("All"))


class AnyStateField(forms.ChoiceField):
    """Any state is a valid value: the lifecycle (the service) says whether it may follow."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in HotspotState.values


class StateForm(forms.Form):
    state = AnyStateField(label=_("Move to"), choices=HotspotState.choices)
    note = forms.CharField(
        label=_("Why (for the record)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, hotspot: Hotspot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["state"]
        assert isinstance(field, forms.ChoiceField)
        allowed = services.allowed_states(hotspot)
        # Offer what the lifecycle allows; a tampered value is refused by the service (400).
        field.choices = [(v, label) for v, label in HotspotState.choices if v in allowed]


class AssignForm(forms.Form):
    in_charge = forms.ModelChoiceField(
        label=_("Body in charge"), required=False, queryset=Organization.objects.none()
    )
    assigned_to = forms.ModelChoiceField(
        label=_("Officer in charge"), required=False, queryset=User.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, hotspot: Hotspot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies, officers = self.fields["in_charge"], self.fields["assigned_to"]
        assert isinstance(bodies, forms.ModelChoiceField)
        assert isinstance(officers, forms.ModelChoiceField)
        bodies.queryset = select.assignable_bodies(hotspot)
        officers.queryset = select.assignable_officers(hotspot)
        officers.label_from_instance = str  # type: ignore[method-assign,assignment]
        self.initial.setdefault("in_charge", hotspot.in_charge_id)
        self.initial.setdefault("assigned_to", hotspot.assigned_to_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        body: Organization | None = data.get("in_charge")
        officer: User | None = data.get("assigned_to")
        if officer is not None and body is None:
            self.add_error("in_charge", _("Choose the body the officer works for."))
        elif officer is not None and body is not None and not select.officer_in_body(officer, body):
            self.add_error("assigned_to", _("This officer does not work for the body in charge."))
        return data


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _crumbs() -> list[tuple[str, str]]:
    return [(str(_("People's situation")), reverse("insights:home"))]


def _user(request: HttpRequest) -> Any:
    return user_allowed(request, "insights.use")


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RegisterFilterForm(request.GET or None, user=user)
    filters = select.RegisterFilters(state="open")
    status = 200
    if form.is_bound:
        if form.is_valid():
            d = form.cleaned_data
            filters = select.RegisterFilters(
                state=d["state"],
                kind=d["kind"],
                province=d["province"].pk if d["province"] else None,
                week=d["week"],
            )
        else:
            status = 400
    page, query = page_of(request, Paginator(select.register(user, filters), PAGE))
    map_query = request.GET.copy()
    for name in ("page", "province"):
        map_query.pop(name, None)
    return render(
        request,
        "insights/hotspots/register.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "map": select.open_map(user, filters, map_query.urlencode()),
            "chart": select.weekly_chart(user, today()),
            "today": today(),
            "crumbs": _crumbs(),
        },
        status=status,
    )


def _detail(
    request: HttpRequest, hotspot: Hotspot, *, status: int = 200, **forms_: Any
) -> HttpResponse:
    user = request.user
    manages = access.may_hotspot(user, hotspot, access.Action.MANAGE)
    conf = Settings.from_django()
    context: dict[str, Any] = {
        "h": hotspot,
        "linked": select.linked(user, hotspot),
        "notes": select.notes(hotspot),
        "manages": manages,
        "conf": conf,
        "ratio": round(hotspot.observed / hotspot.baseline, 1) if hotspot.baseline else None,
        # "once in N weeks" reads well up to a million; beyond, the page says so.
        "one_in": round(1 / hotspot.p_value)
        if hotspot.p_value and hotspot.p_value >= 1e-6
        else None,
        "rarer": hotspot.p_value is not None and hotspot.p_value < 1e-6,
        "significant": hotspot.adjusted_p is not None and hotspot.adjusted_p < conf.alpha,
        "cluster_texts": services.cluster_min_texts(),
        "cluster_people": services.cluster_min_people(),
        "min_count": access.min_count(),
        "crumbs": [*_crumbs(), (_("Hotspots"), reverse("insights:hotspots"))],
    }
    if manages:
        context["state_form"] = forms_.get("state_form") or StateForm(hotspot=hotspot)
        context["assign_form"] = forms_.get("assign_form") or AssignForm(hotspot=hotspot)
        context["note_form"] = forms_.get("note_form") or NoteForm()
    return render(request, "insights/hotspots/detail.html", context, status=status)


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    return _detail(request, access.hotspot_for(user, pk))


def _managed(request: HttpRequest, pk: int) -> tuple[Any, Hotspot]:
    user = _user(request)
    return user, access.hotspot_for(user, pk, access.Action.MANAGE)


def _back(hotspot: Hotspot) -> HttpResponse:
    return redirect(reverse("insights:hotspot", args=[hotspot.pk]))


@login_required
@require_POST
def state_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, hotspot = _managed(request, pk)
    form = StateForm(request.POST, hotspot=hotspot)
    if form.is_valid():
        try:
            services.change_state(
                actor=user,
                hotspot=hotspot,
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
            )
            return _back(hotspot)
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, hotspot, status=400, state_form=form)


@login_required
@require_POST
def assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, hotspot = _managed(request, pk)
    form = AssignForm(request.POST, hotspot=hotspot)
    if form.is_valid():
        d = form.cleaned_data
        services.assign(
            actor=user,
            hotspot=hotspot,
            in_charge=d["in_charge"],
            assigned_to=d["assigned_to"],
            note=d["note"],
        )
        return _back(hotspot)
    return _detail(request, hotspot, status=400, assign_form=form)


@login_required
@require_POST
def note_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, hotspot = _managed(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(actor=user, hotspot=hotspot, body=form.cleaned_data["body"])
            return _back(hotspot)
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, hotspot, status=400, note_form=form)
