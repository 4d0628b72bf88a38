"""The bodies' pages: registering a team with its members, and correcting or withdrawing it
while registration is open."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.lib.forms import add_service_errors

from . import access, selectors, services
from .access import TEAM_ROLES
from .forms import MembersFormSet, TeamForm, members_input
from .models import Contest, ContestStatus
from .views_organizer import _bodies, user_of


def _members_errors(exc: ValidationError) -> tuple[ValidationError | None, list[str]]:
    if hasattr(exc, "error_dict") and "members" in exc.error_dict:
        rest = {k: v for k, v in exc.error_dict.items() if k != "members"}
        return (ValidationError(rest) if rest else None), exc.message_dict["members"]
    return exc, []


@login_required
def register_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(Contest.objects.select_related("organizer"), pk=pk)
    user = user_of(request)
    if not user.has_perm("contests.register_team") or contest.status != ContestStatus.REGISTRATION:
        raise PermissionDenied
    taken = contest.teams.values("organization")
    bodies = _bodies(user, TEAM_ROLES).filter(selectors.scope_q(contest)).exclude(pk__in=taken)
    form = TeamForm(request.POST or None, bodies=bodies)
    formset = MembersFormSet(request.POST or None, prefix="m")
    member_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            team = services.register_team(
                actor=user,
                contest=contest,
                organization=form.cleaned_data["organization"],
                name=form.cleaned_data["name"],
                performance_title=form.cleaned_data["performance_title"],
                members=members_input(formset),
            )
        except ValidationError as exc:
            rest, member_errors = _members_errors(exc)
            if rest is not None:
                add_service_errors(form, rest)
        except PermissionDenied as exc:
            form.add_error("organization", str(exc))
        else:
            messages.success(request, _("The team is registered."))
            return redirect("contests:team", pk=team.pk)
    return render(
        request,
        "contests/teams/form.html",
        {
            "contest": contest,
            "team": None,
            "form": form,
            "formset": formset,
            "member_errors": member_errors,
        },
    )


@login_required
def team_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    team = access.team_for(user, pk, access.Action.VIEW)
    contest = team.contest
    can_change = (
        user.has_perm("contests.change_team", team) and contest.status == ContestStatus.REGISTRATION
    )
    members = list(team.members.all())
    form = TeamForm(
        request.POST or None,
        initial={"name": team.name, "performance_title": team.performance_title},
    )
    formset = MembersFormSet(
        request.POST or None,
        prefix="m",
        initial=[
            {"full_name": m.full_name, "position": m.position, "role": m.role} for m in members
        ],
    )
    member_errors: list[str] = []
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("action") == "withdraw":
            try:
                services.withdraw_team(actor=user, team=team)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("contests:team", pk=team.pk)
            messages.success(request, _("The team is withdrawn."))
            return redirect("contests:list")
        if form.is_valid() and formset.is_valid():
            try:
                services.update_team(
                    actor=user,
                    team=team,
                    name=form.cleaned_data["name"],
                    performance_title=form.cleaned_data["performance_title"],
                    members=members_input(formset),
                )
            except ValidationError as exc:
                rest, member_errors = _members_errors(exc)
                if rest is not None:
                    add_service_errors(form, rest)
            else:
                messages.success(request, _("The team is saved."))
                return redirect("contests:team", pk=team.pk)
    return render(
        request,
        "contests/teams/form.html",
        {
            "contest": contest,
            "team": team,
            "members": members,
            "entries": list(team.entries.select_related("round")),
            "form": form,
            "formset": formset,
            "member_errors": member_errors,
            "can_change": can_change,
        },
    )


__all__ = ["register_view", "team_view"]
