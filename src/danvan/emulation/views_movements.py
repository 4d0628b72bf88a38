"""Officer pages for movements: the list in scope, creating and editing one, its page with
registration and the clusters' scoring sheets, and a sheet with its entry forms and results.

Every write goes through `services`; the pages offer only what the user may do now.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.lib.search import matching_all
from danvan.org.models import EmulationCluster, Organization

from . import access, exports, selectors, services
from .access import OWNER_ROLES, WORKER_ROLES, within
from .forms import MovementForm, OpenScoringForm, RegistrationForm, ScoresForm
from .models import ClusterScoring, Movement, MovementStatus, Registration, ScoringStatus
from .services._common import typed

PER_PAGE = 25


def user_of(request: HttpRequest) -> User:
    # Every view here is behind login_required, so the user is a real account.
    return cast(User, request.user)


def _service_error(form: object, error: ValidationError) -> None:
    """Each message under its field; the criteria's under the criteria box."""
    add_service_errors(form, error)  # type: ignore[arg-type]


# The list ---------------------------------------------------------------------------------------


@login_required
def movement_list_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("emulation.view_movement"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    q = request.GET.get("q", "")[:100].strip()
    qs = selectors.visible_movements(user)
    if status in MovementStatus.values:
        qs = qs.filter(status=status)
    qs = matching_all(qs, q).select_related("organization").order_by("-start_date", "-id")
    page, query = page_of(request, Paginator(qs, PER_PAGE))
    return render(
        request,
        "emulation/movements/list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": MovementStatus.choices,
            "query": query,
            "can_add": user.has_perm("emulation.add_movement"),
        },
    )


# Creating and editing ---------------------------------------------------------------------------


@login_required
def movement_new_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("emulation.add_movement"):
        raise PermissionDenied
    form = MovementForm(
        request.POST or None, bodies=selectors.bodies_acting_for(user, WORKER_ROLES)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            movement = services.create_movement(
                actor=user,
                organization=d["organization"],
                name=d["name"],
                start_date=d["start_date"],
                end_date=d["end_date"],
                description=d["description"],
                criteria=form.criteria_list(),
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The movement has been created as a draft."))
            return redirect("emulation:movement", pk=movement.pk)
    return render(request, "emulation/movements/form.html", {"form": form, "movement": None})


def _movement_for(request: HttpRequest, pk: int) -> Movement:
    return access.movement_for(request.user, pk, access.Action.VIEW)


@login_required
def movement_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    movement = access.movement_for(request.user, pk, access.Action.CHANGE)
    user = user_of(request)
    initial = {
        "name": movement.name,
        "start_date": movement.start_date,
        "end_date": movement.end_date,
        "description": movement.description,
        "criteria": MovementForm.criteria_text(movement),
    }
    form = MovementForm(request.POST or None, initial=initial, bodies=None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_movement(
                actor=user,
                movement=movement,
                name=d["name"],
                start_date=d["start_date"],
                end_date=d["end_date"],
                description=d["description"],
                criteria=form.criteria_list(),
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The movement has been saved."))
            return redirect("emulation:movement", pk=movement.pk)
    return render(request, "emulation/movements/form.html", {"form": form, "movement": movement})


# A movement's page ------------------------------------------------------------------------------


def _registrable_bodies(user: User, movement: Movement) -> list[Organization]:
    bodies = selectors.bodies_acting_for(user, OWNER_ROLES)
    return [b for b in bodies.order_by("name")[:300] if within(movement.organization, b)]


def _openable_clusters(user: User, movement: Movement) -> list[EmulationCluster]:
    """Clusters of a year the movement runs in, organized by a body the user works for, with
    no sheet for this movement yet."""
    q = scopes.organizations_q(user, WORKER_ROLES, "organizer__")
    if q is None:
        return []
    clusters = (
        EmulationCluster.objects.filter(q)
        .exclude(emulation_scorings__movement=movement)
        .select_related("organizer")
        .order_by("-year", "name")[:200]
    )
    return [c for c in clusters if movement.runs_in(c.year)]


@login_required
def movement_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _movement_for(request, pk)
    user = user_of(request)
    can_change = user.has_perm("emulation.change_movement", movement)
    launched = movement.status == MovementStatus.LAUNCHED
    bodies = _registrable_bodies(user, movement) if launched else []
    clusters = _openable_clusters(user, movement) if launched else []
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    register_form = (
        RegistrationForm(
            data if action == "register" else None,
            bodies=Organization.objects.filter(pk__in=[b.pk for b in bodies]),
            auto_id="id_register_%s",
        )
        if bodies
        else None
    )
    scoring_form = (
        OpenScoringForm(
            data if action == "open_scoring" else None,
            clusters=EmulationCluster.objects.filter(pk__in=[c.pk for c in clusters]),
            auto_id="id_scoring_%s",
        )
        if clusters
        else None
    )
    if action:
        done = _act(request, user, movement, action, register_form, scoring_form, can_change)
        if done is not None:
            return done
    registrations = (
        selectors.visible_registrations(user)
        .filter(movement=movement)
        .select_related("organization", "target_title")
        .order_by("-year", "organization__name")
    )
    scorings = (
        selectors.visible_scorings(user)
        .filter(movement=movement)
        .select_related("cluster", "cluster__organizer")
        .order_by("-year", "cluster__name")
    )
    return render(
        request,
        "emulation/movements/detail.html",
        {
            "movement": movement,
            "criteria": list(movement.criteria.all()),
            "registrations": registrations,
            "scorings": scorings,
            "can_change": can_change,
            "register_form": register_form,
            "scoring_form": scoring_form,
            "action": action,
        },
    )


def _act(
    request: HttpRequest,
    user: User,
    movement: Movement,
    action: str,
    register_form: RegistrationForm | None,
    scoring_form: OpenScoringForm | None,
    can_change: bool,
) -> HttpResponse | None:
    try:
        if action in ("launch", "close"):
            if not can_change:
                raise PermissionDenied
            if action == "launch":
                services.launch_movement(actor=user, movement=movement)
                messages.success(request, _("The movement has been launched."))
            else:
                services.close_movement(actor=user, movement=movement)
                messages.success(request, _("The movement has been closed."))
            return redirect("emulation:movement", pk=movement.pk)
        if action == "register":
            if register_form is None:
                raise PermissionDenied
            if not register_form.is_valid():
                return None
            d = register_form.cleaned_data
            services.register(
                actor=user,
                movement=movement,
                organization=d["organization"],
                year=d["year"],
                commitments=d["commitments"],
                target_title=d["target_title"],
            )
            messages.success(request, _("The registration has been recorded."))
            return redirect("emulation:movement", pk=movement.pk)
        if action == "open_scoring":
            if scoring_form is None:
                raise PermissionDenied
            if not scoring_form.is_valid():
                return None
            scoring = services.open_scoring(
                actor=user, movement=movement, cluster=scoring_form.cleaned_data["cluster"]
            )
            messages.success(request, _("The scoring sheet has been opened."))
            return redirect("emulation:scoring", pk=scoring.pk)
    except ValidationError as error:
        form = register_form if action == "register" else scoring_form
        if form is not None:
            _service_error(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        movement.refresh_from_db()
        return None
    messages.error(request, _("Unknown action."))
    return None


# A scoring sheet --------------------------------------------------------------------------------


def _scoring_for(request: HttpRequest, pk: int) -> ClusterScoring:
    return access.scoring_for(request.user, pk, access.Action.VIEW)


@login_required
def scoring_view(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _scoring_for(request, pk)
    user = user_of(request)
    criteria = list(scoring.movement.criteria.all())
    members = list(scoring.cluster.members.order_by("name", "pk"))
    can_assess = user.has_perm("emulation.assess_clusterscoring", scoring)
    member = None
    wanted = request.POST.get("member") or request.GET.get("member")
    if wanted and wanted.isdigit():
        member = next((m for m in members if m.pk == int(wanted)), None)
    self_form = assess_form = None
    open_ = scoring.status == ScoringStatus.OPEN
    if member is not None and open_:
        current = {
            s.criterion_id: s
            for s in scoring.scores.filter(member=member).only(
                "criterion_id", "self_score", "assessed_score"
            )
        }
        if user.has_perm("emulation.self_assess", (scoring, member)):  # type: ignore[arg-type]
            self_form = ScoresForm(
                request.POST if request.POST.get("column") == "self" else None,
                criteria=criteria,
                column="self",
                auto_id="id_self_%s",
                initial={
                    f"c{k}": typed(s.self_score)
                    for k, s in current.items()
                    if s.self_score is not None
                },
            )
        if can_assess:
            assess_form = ScoresForm(
                request.POST if request.POST.get("column") == "assessed" else None,
                criteria=criteria,
                column="assessed",
                auto_id="id_assessed_%s",
                initial={
                    f"c{k}": typed(s.assessed_score)
                    for k, s in current.items()
                    if s.assessed_score is not None
                },
            )
    if request.method == "POST" and member is not None:
        form = self_form if request.POST.get("column") == "self" else assess_form
        if form is None and not open_:
            messages.error(request, _("The scoring is closed: scores can no longer be changed."))
            return redirect(f"{request.path}?member={member.pk}")
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            call = (
                services.enter_self_scores
                if form.column == "self"
                else services.enter_assessed_scores
            )
            try:
                call(actor=user, scoring=scoring, member=member, scores=form.scores())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The scores have been saved."))
                return redirect(f"{request.path}?member={member.pk}")
    return render(
        request,
        "emulation/scoring/detail.html",
        {
            "scoring": scoring,
            "criteria": criteria,
            "members": members,
            "member": member,
            "rows": [
                (row, [row.scores.get(c.pk, (None, None)) for c in criteria])
                for row in selectors.results(scoring)
            ],
            "self_form": self_form,
            "assess_form": assess_form,
            "can_close": open_ and user.has_perm("emulation.close_clusterscoring", scoring),
            "open": open_,
        },
    )


@login_required
@require_POST
def scoring_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _scoring_for(request, pk)
    try:
        services.close_scoring(actor=user_of(request), scoring=scoring)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scoring has been closed; the results are final."))
    return redirect("emulation:scoring", pk=scoring.pk)


@login_required
def scoring_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    scoring = _scoring_for(request, pk)
    return FileResponse(
        exports.scoring_xlsx(scoring),
        as_attachment=True,
        filename=f"ket-qua-cham-diem-{scoring.pk}-{scoring.year}.xlsx",
        content_type=exports.XLSX,
    )


@login_required
def registration_list_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("emulation.view_registration"):
        raise PermissionDenied
    qs = (
        selectors.visible_registrations(user)
        .select_related("organization", "movement", "target_title")
        .order_by("-year", "organization__name", "id")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "emulation/movements/registrations.html", {"page": page})


__all__ = [
    "Registration",
    "movement_detail_view",
    "movement_edit_view",
    "movement_list_view",
    "movement_new_view",
    "registration_list_view",
    "scoring_close_view",
    "scoring_view",
    "scoring_xlsx_view",
]
