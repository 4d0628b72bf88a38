"""The staff pages of the community teams. Who may do what is access.may_team's (through
get_team); every write is a service of services.teams; bad input comes back with status 400
and the error beside the field; a missing record is a 404, another body's a 403."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danvan.accounts.models import User
from danvan.lib.access import user_allowed
from danvan.lib.dates import today
from danvan.lib.forms import form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.org.models import Organization

from . import access
from . import team_exports as exports
from .forms_teams import (
    ActivityForm,
    DissolveForm,
    DoneForm,
    LeaveForm,
    MemberForm,
    TaskForm,
    TeamFilter,
    TeamForm,
)
from .models import CommunityTeam, TeamMember, TeamTask
from .selectors import teams as select
from .services import teams as services

A = access.Action
PAGE = 25
FORM = "campaigns/teams/form.html"


def staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "campaigns.use"))


def _crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Community teams"), reverse("campaigns:teams")), *steps]


def _team_crumb(team: CommunityTeam) -> tuple[str, str]:
    return team.name, reverse("campaigns:team", args=[team.pk])


def _team_url(team: CommunityTeam | int, anchor: str = "") -> str:
    pk = team if isinstance(team, int) else team.pk
    return reverse("campaigns:team", args=[pk]) + (f"#{anchor}" if anchor else "")


def _form(
    request: HttpRequest,
    form: Any,
    save: Any,
    *,
    title: str,
    back: str,
    crumbs: list[tuple[str, str]],
    submit: str,
    intro: str = "",
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template=FORM,
        context={
            "title": title,
            "back": back,
            "crumbs": crumbs,
            "submit": submit,
            "intro": intro,
        },
    )


def _bodies(user: User) -> Any:
    """The bodies whose teams the user may set up: those they keep, in force today."""
    return access.list_keepers_for(user) & Organization.objects.current()


# ---- the list ----------------------------------------------------------------------------


def _cards(request: HttpRequest, kinds: list[select.KindCount]) -> list[dict[str, Any]]:
    """A card for all teams and one per kind, each a link to the list narrowed to it (the
    other filters kept)."""
    base = request.GET.copy()
    for name in ("kind", "page"):
        base.pop(name, None)
    here = reverse("campaigns:teams")

    def url(kind: str) -> str:
        query = base.copy()
        if kind:
            query["kind"] = kind
        return f"{here}?{query.urlencode()}" if query else here

    cards = [
        {
            "count": sum(k.count for k in kinds),
            "label": _("teams in all"),
            "url": url(""),
        }
    ]
    cards += [{"count": k.count, "label": k.label, "url": url(k.kind)} for k in kinds]
    return cards


@login_required
@require_GET
def list_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    filters = select.TeamFilters.from_query(request.GET)
    visible = access.teams_for(user)  # the user's coverage, worked out once
    provinces, communes = select.place_choices(user, visible)
    panel = TeamFilter(request.GET or None, provinces=provinces, communes=communes)
    rows = select.team_rows(select.team_list(user, filters, visible))
    page, query = page_of(request, Paginator(rows, PAGE))
    kinds = select.counts_by_kind(user, filters, visible)
    return render(
        request,
        "campaigns/teams/list.html",
        {
            "page": page,
            "query": query,
            "filters": panel,
            "chosen": filters,
            "cards": _cards(request, kinds),
            "can_add": access.writes_anywhere(user) and _bodies(user).exists(),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def teams_xlsx_view(request: HttpRequest) -> FileResponse:
    user = staff(request)
    filters = select.TeamFilters.from_query(request.GET)
    teams = select.team_list(user, filters)
    stamp = today().strftime("%Y%m%d")
    return FileResponse(
        exports.teams_xlsx(teams, title=_("Community teams")),
        as_attachment=True,
        filename=f"to-cong-dong-{stamp}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# ---- a team ------------------------------------------------------------------------------


@login_required
def team_new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    bodies = _bodies(user)
    if not bodies.exists():
        raise PermissionDenied
    form = TeamForm(request.POST or None, bodies=bodies, initial={"founded_on": today()})

    def save(d: dict[str, Any]) -> str:
        team = services.create_team(actor=user, organization=d["organization"], spec=form.spec())
        messages.success(request, _("The team is set up: add its members and tasks."))
        return _team_url(team)

    return _form(
        request,
        form,
        save,
        title=_("Set up a community team"),
        back=reverse("campaigns:teams"),
        crumbs=_crumbs(),
        submit=_("Set up the team"),
    )


@login_required
@require_GET
def team_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    team = access.get_team(user, pk)
    data = select.team_page(team, page=request.GET.get("page"))
    manages = access.may_team(user, team, A.MANAGE)
    if manages:  # phones are decrypted for the team's managers only
        for m in data.current_members:
            m.shown_phone = m.phone()  # type: ignore[attr-defined]
    return render(
        request,
        "campaigns/teams/team.html",
        {
            "team": team,
            "data": data,
            "page": data.activities,
            "can_manage": manages and data.active,
            "manages": manages,
            "crumbs": _crumbs(),
        },
    )


@login_required
@require_GET
def team_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    user = staff(request)
    team = access.get_team(user, pk)
    return FileResponse(
        exports.team_xlsx(team),
        as_attachment=True,
        filename=f"to-cong-dong-{team.pk}-hoat-dong-{today():%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def team_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    team = access.get_team(user, pk, A.MANAGE)
    bodies = _bodies(user) | Organization.objects.filter(pk=team.organization_id)
    initial = {
        "organization": team.organization_id,
        "name": team.name,
        "kind": team.kind,
        "area": team.area,
        "founded_on": team.founded_on,
        "founding_decision": team.founding_decision,
        "description": team.description,
    }
    form = TeamForm(request.POST or None, bodies=bodies, initial=initial)

    def save(d: dict[str, Any]) -> str:
        services.update_team(
            actor=user, team=team, spec=form.spec(), organization=d["organization"]
        )
        messages.success(request, _("The team's details are saved."))
        return _team_url(team)

    return _form(
        request,
        form,
        save,
        title=_("Edit the team"),
        back=_team_url(team),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Save"),
    )


@login_required
def dissolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks for the day on a GET; the POST dissolves the team."""
    user = staff(request)
    team = access.get_team(user, pk, A.MANAGE)
    form = DissolveForm(request.POST or None, initial={"dissolved_on": today()})

    def save(d: dict[str, Any]) -> str:
        services.dissolve_team(actor=user, team=team, dissolved_on=d["dissolved_on"])
        messages.success(request, _("The team is dissolved."))
        return _team_url(team)

    return _form(
        request,
        form,
        save,
        title=_("Dissolve the team"),
        back=_team_url(team),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Dissolve the team"),
        intro=_(
            "A dissolved team stays in the records and in the figures of the periods it was "
            "active in; it takes no new members, tasks or activities."
        ),
    )


# ---- members -----------------------------------------------------------------------------


def _member(user: User, pk: int) -> tuple[TeamMember, CommunityTeam]:
    member = TeamMember.objects.filter(pk=pk).first()
    if member is None:
        raise Http404
    team = access.get_team(user, member.team_id, A.MANAGE)
    member.team = team
    return member, team


@login_required
def member_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    team = access.get_team(user, pk, A.MANAGE)
    form = MemberForm(request.POST or None, initial={"joined_on": today()})

    def save(d: dict[str, Any]) -> str:
        services.add_member(actor=user, team=team, spec=form.spec())
        messages.success(request, _("The member is added."))
        return _team_url(team, "members")

    return _form(
        request,
        form,
        save,
        title=_("Add a member"),
        back=_team_url(team, "members"),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Add the member"),
    )


@login_required
def member_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    member, team = _member(user, pk)
    initial = {
        "full_name": member.full_name,
        "role": member.role,
        "occupation": member.occupation,
        "phone": member.phone(),
        "joined_on": member.joined_on,
    }
    form = MemberForm(request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        services.update_member(actor=user, member=member, spec=form.spec())
        messages.success(request, _("The member's details are saved."))
        return _team_url(team, "members")

    return _form(
        request,
        form,
        save,
        title=_("Edit a member: %(name)s") % {"name": member.full_name},
        back=_team_url(team, "members"),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Save"),
    )


@login_required
def member_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    member, team = _member(user, pk)
    form = LeaveForm(request.POST or None, initial={"left_on": today()})

    def save(d: dict[str, Any]) -> str:
        services.member_leaves(actor=user, member=member, left_on=d["left_on"])
        messages.success(request, _("The member's leaving is recorded."))
        return _team_url(team, "members")

    return _form(
        request,
        form,
        save,
        title=_("A member leaves: %(name)s") % {"name": member.full_name},
        back=_team_url(team, "members"),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Record the leaving"),
    )


# ---- tasks -------------------------------------------------------------------------------


def _task(user: User, pk: int) -> tuple[TeamTask, CommunityTeam]:
    task = TeamTask.objects.filter(pk=pk).first()
    if task is None:
        raise Http404
    team = access.get_team(user, task.team_id, A.MANAGE)
    task.team = team
    return task, team


@login_required
def task_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    team = access.get_team(user, pk, A.MANAGE)
    form = TaskForm(request.POST or None, initial={"assigned_on": today()})

    def save(d: dict[str, Any]) -> str:
        services.add_task(
            actor=user,
            team=team,
            title=d["title"],
            description=d["description"],
            assigned_on=d["assigned_on"],
            due_on=d["due_on"],
        )
        messages.success(request, _("The task is given to the team."))
        return _team_url(team, "tasks")

    return _form(
        request,
        form,
        save,
        title=_("Give the team a task"),
        back=_team_url(team, "tasks"),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Give the task"),
    )


@login_required
def task_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    task, team = _task(user, pk)
    form = DoneForm(request.POST or None, initial={"done_on": today()})

    def save(d: dict[str, Any]) -> str:
        services.complete_task(actor=user, task=task, done_on=d["done_on"])
        messages.success(request, _("The task is done."))
        return _team_url(team, "tasks")

    return _form(
        request,
        form,
        save,
        title=_("Task done: %(task)s") % {"task": task.title},
        back=_team_url(team, "tasks"),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Record it done"),
    )


@login_required
@require_POST
def task_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    task, team = _task(user, pk)
    try:
        services.cancel_task(actor=user, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_team_url(team, "tasks"))
    messages.success(request, _("The task is cancelled."))
    return redirect(_team_url(team, "tasks"))


# ---- activities --------------------------------------------------------------------------


@login_required
def activity_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    team = access.get_team(user, pk, A.MANAGE)
    chosen = request.GET.get("task", "")
    form = ActivityForm(
        request.POST or None,
        tasks=team.tasks.order_by("state", "-assigned_on", "pk"),
        initial={"held_on": today(), "task": int(chosen) if chosen.isdigit() else None},
    )

    def save(d: dict[str, Any]) -> str:
        services.log_activity(
            actor=user, team=team, spec=form.spec(), idempotency_key=d["idempotency_key"]
        )
        messages.success(request, _("The activity is in the team's log."))
        return _team_url(team, "activities")

    return _form(
        request,
        form,
        save,
        title=_("Log an activity"),
        back=_team_url(team, "activities"),
        crumbs=_crumbs(_team_crumb(team)),
        submit=_("Log the activity"),
    )
