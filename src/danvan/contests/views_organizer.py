"""The organizers' pages: the list of contests, creating and editing a contest, its criteria
and rounds, the judges and teams of a round, and each step of the contest.

Every write goes through `services`, which check the permission and the state; the pages
only offer what the user may do now."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.forms import add_service_errors
from danvan.org.models import EmulationCluster, Organization

from . import access, selectors, services
from .access import ORGANIZER_ROLES, TEAM_ROLES
from .forms import (
    ContestForm,
    CriteriaFormSet,
    EnterTeamForm,
    JudgeForm,
    RoundEditForm,
    RoundForm,
    criteria_initial,
    criteria_input,
)
from .models import Contest, ContestStatus, Entry, Judge, Round, RoundKind, Team


def user_of(request: HttpRequest) -> User:
    # Every view here is behind login_required, so the user is a real account.
    return cast(User, request.user)


def _contest(request: HttpRequest, pk: int, action: access.Action = access.Action.VIEW) -> Contest:
    return access.contest_for(request.user, pk, action)


def _bodies(user: User, roles: frozenset[str]) -> QuerySet[Organization]:
    q = scopes.organizations_q(user, roles)
    current = Organization.objects.current()
    return current.none() if q is None else current.filter(q)


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    filters = selectors.ContestFilters.from_query(request.GET)
    mine = list(selectors.staff_contests(user, filters))
    if filters.active:
        # The contests behind a report's figure: nothing else on the page.
        return render(
            request,
            "contests/staff/list.html",
            {"mine": mine, "open": [], "judged": [], "filters": filters, "can_add": False},
        )
    open_ = [c for c in selectors.open_contests() if c not in mine]
    return render(
        request,
        "contests/staff/list.html",
        {
            "mine": mine,
            "open": open_ if scopes.has_role(user, TEAM_ROLES) else [],
            "judged": list(selectors.judged_rounds(user)),
            "filters": filters,
            "can_add": user.has_perm("contests.add_contest"),
        },
    )


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("contests.add_contest"):
        raise PermissionDenied
    form = ContestForm(request.POST or None, bodies=_bodies(user, ORGANIZER_ROLES))
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.create_contest(
                actor=user, organizer=form.cleaned_data["organizer"], settings=form.settings()
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            messages.success(
                request, _("The contest is created as a draft: add its criteria and rounds.")
            )
            return redirect("contests:detail", pk=contest.pk)
    return render(request, "contests/staff/contest_form.html", {"form": form, "contest": None})


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, access.Action.CHANGE)
    initial = {f: getattr(contest, f) for f in ContestForm.base_fields if f != "organizer"}
    form = ContestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contest(
                actor=user_of(request), contest=contest, settings=form.settings()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contest is saved."))
            return redirect("contests:detail", pk=contest.pk)
    return render(request, "contests/staff/contest_form.html", {"form": form, "contest": contest})


@login_required
def criteria_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, access.Action.CHANGE)
    formset = CriteriaFormSet(
        request.POST or None, initial=criteria_initial(selectors.criteria_of(contest))
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.set_criteria(
                actor=user_of(request), contest=contest, criteria=criteria_input(formset)
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("contests:detail", pk=contest.pk)
    return render(
        request,
        "contests/staff/criteria.html",
        {"contest": contest, "formset": formset, "errors": errors},
    )


STEPS = {
    "open_registration": (services.open_registration, _("Registration is open.")),
    "start_preliminary": (services.start_preliminary, _("The preliminary rounds have started.")),
    "advance": (services.advance_to_final, _("The advancing teams are entered in the final.")),
    "publish": (services.publish_results, _("The results are published.")),
}
NEXT_STEP = {
    ContestStatus.DRAFT: "open_registration",
    ContestStatus.REGISTRATION: "start_preliminary",
    ContestStatus.PRELIMINARY: "advance",
    ContestStatus.FINAL: "publish",
}


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    user = user_of(request)
    can_change = user.has_perm("contests.change_contest", contest)
    errors: list[str] = []
    if request.method == "POST":
        step = request.POST.get("action", "")
        if not can_change or step not in STEPS:
            raise PermissionDenied
        function, done = STEPS[step]
        try:
            function(actor=user, contest=contest)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, str(done))
            return redirect("contests:detail", pk=contest.pk)
    rounds = (
        contest.rounds.annotate(
            n_judges=Count("judges", distinct=True),
            n_teams=Count("entries", distinct=True),
            n_submitted=Count(
                "judges", filter=Q(judges__submitted_at__isnull=False), distinct=True
            ),
        )
        .select_related("cluster")
        .order_by("-kind", "name")
    )
    teams = contest.teams.select_related("organization").prefetch_related(
        Prefetch("entries", queryset=Entry.objects.select_related("round"))
    )
    return render(
        request,
        "contests/staff/detail.html",
        {
            "contest": contest,
            "criteria": selectors.criteria_of(contest),
            "rounds": rounds,
            "teams": teams.order_by("name"),
            "can_change": can_change,
            "next_step": NEXT_STEP.get(ContestStatus(contest.status)) if can_change else None,
            "errors": errors,
        },
    )


@login_required
def round_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, access.Action.CHANGE)
    clusters = EmulationCluster.objects.filter(year=contest.year).order_by("name")
    bodies = Organization.objects.current().filter(selectors.scope_q(contest))
    form = RoundForm(request.POST or None, clusters=clusters, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            round_ = services.add_round(
                actor=user_of(request),
                contest=contest,
                kind=d["kind"],
                name=d["name"],
                cluster=d.get("cluster"),
                bodies=d.get("bodies") or [],
                held_on=d.get("held_on"),
                place=d.get("place") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("contests:round", pk=round_.pk)
    return render(request, "contests/staff/round_new.html", {"contest": contest, "form": form})


def _round(request: HttpRequest, pk: int) -> Round:
    # The round's page: its organizers, and its head judge (who closes it).
    return access.round_for(request.user, pk, access.Action.CLOSE)


def _round_action(request: HttpRequest, round_: Round, user: User, action: str) -> Any:
    """Perform a posted action on the round page; the form to show again on an error."""
    post = request.POST
    if action == "close":
        services.close_round(actor=user, round=round_)
        return _("The round is closed and its results computed.")
    if action == "reopen":
        judge = get_object_or_404(Judge, pk=post.get("judge") or 0, round=round_)
        services.reopen_sheet(actor=user, judge=judge)
        return _("The sheet is reopened for corrections.")
    if not user.has_perm("contests.change_contest", round_.contest):
        raise PermissionDenied
    form: JudgeForm | EnterTeamForm | RoundEditForm
    if action == "add_judge":
        form = JudgeForm(post)
        if not form.is_valid():
            return form
        name = form.cleaned_data["username"].strip()
        judge_user = User.objects.filter(Q(username=name) | Q(email__iexact=name)).first()
        if judge_user is None:
            form.add_error("username", _("No account with this user name or e-mail."))
            return form
        services.assign_judge(
            actor=user, round=round_, user=judge_user, is_head=form.cleaned_data["is_head"]
        )
        return _("The judge is assigned.")
    if action in ("head", "remove"):
        judge = get_object_or_404(Judge, pk=post.get("judge") or 0, round=round_)
        if action == "head":
            services.set_head_judge(actor=user, judge=judge)
            return _("The head judge is changed.")
        services.remove_judge(actor=user, judge=judge)
        return _("The judge is removed.")
    if action == "enter":
        form = EnterTeamForm(post, teams=round_.contest.teams.all())
        if not form.is_valid():
            return form
        services.enter_team(actor=user, round=round_, team=form.cleaned_data["team"])
        return _("The team is placed in this round.")
    if action == "edit":
        form = RoundEditForm(post)
        if not form.is_valid():
            return form
        d = form.cleaned_data
        services.update_round(
            actor=user,
            round=round_,
            name=d["name"],
            held_on=d.get("held_on"),
            place=d.get("place") or "",
        )
        return _("The round is saved.")
    raise PermissionDenied


@login_required
def round_view(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    user = user_of(request)
    contest = round_.contest
    can_change = user.has_perm("contests.change_contest", contest)
    can_close = user.has_perm("contests.close_round", round_)
    if not (can_change or can_close):
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    errors: list[str] = []
    failed: dict[str, Any] = {}
    if action:
        try:
            outcome = _round_action(request, round_, user, action)
        except ValidationError as exc:
            errors = exc.messages
        else:
            if isinstance(outcome, str):
                messages.success(request, outcome)
                return redirect("contests:round", pk=round_.pk)
            failed[action] = outcome
    judges = list(round_.judges.select_related("user", "organization").order_by("position", "id"))
    others = Team.objects.filter(contest=contest).exclude(entries__round=round_).order_by("name")
    return render(
        request,
        "contests/staff/round.html",
        {
            "round": round_,
            "contest": contest,
            "judges": judges,
            "teams": selectors.teams_of(round_),
            "can_change": can_change and round_.is_open,
            "can_close": can_close and round_.is_open,
            "judge_form": failed.get("add_judge") or JudgeForm(),
            "enter_form": failed.get("enter")
            or (EnterTeamForm(teams=others) if round_.kind == RoundKind.PRELIMINARY else None),
            "edit_form": failed.get("edit")
            or RoundEditForm(
                initial={"name": round_.name, "held_on": round_.held_on, "place": round_.place}
            ),
            "errors": errors,
        },
    )


__all__ = [
    "criteria_view",
    "detail_view",
    "edit_view",
    "list_view",
    "new_view",
    "round_new_view",
    "round_view",
]
