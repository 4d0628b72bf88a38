"""Every write of the community teams: a team set up by a body, its members, tasks and
activity log. Each checks that the actor manages the team (access.may_team; the body's own
officers and leaders), raises ValidationError({field: message}) on bad input with nothing
changed, and audits the changes that matter. `actor=None` is the platform (demo, tests).

A team row is locked (SELECT … FOR UPDATE) while its members or activities change, so two
officers adding a leader at the same moment cannot both succeed, and a form sent twice logs
its activity once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit
from danvan.lib.contacts import is_phone
from danvan.lib.dates import format_vn_date, today
from danvan.lib.text import fold
from danvan.org.models import Organization

from .. import access
from ..models import (
    CommunityTeam,
    MemberRole,
    TaskState,
    TeamActivity,
    TeamKind,
    TeamMember,
    TeamTask,
)
from ._common import require

A = access.Action

# A count above this is a typing error (a commune has some tens of thousands of people).
MAX_COUNT = 1_000_000
_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _manages(actor: User | None, team: CommunityTeam) -> None:
    if actor is not None:
        require(access.may_team(actor, team, A.MANAGE))


def _locked(team: CommunityTeam) -> CommunityTeam:
    return CommunityTeam.objects.select_for_update().get(pk=team.pk)


def _not_future(day: dt.date | None, field: str, errors: dict[str, str]) -> None:
    if day is not None and day > today():
        errors[field] = _("The date cannot be in the future.")


def _required_day(day: dt.date | None, field: str, errors: dict[str, str]) -> None:
    if day is None:
        errors[field] = _("Write the date as dd/mm/yyyy.")
    else:
        _not_future(day, field, errors)


def _open_team(team: CommunityTeam, errors: dict[str, str]) -> None:
    if team.dissolved_on is not None:
        errors["__all__"] = _("The team was dissolved on %(day)s: it can no longer change.") % {
            "day": format_vn_date(team.dissolved_on)
        }


# ---- teams -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TeamSpec:
    name: str
    kind: str
    area: str
    founded_on: dt.date | None
    founding_decision: str = ""
    description: str = ""


def _check_team(spec: TeamSpec) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not spec.name.strip():
        errors["name"] = _("Give the team a name.")
    elif len(spec.name.strip()) > 300:
        errors["name"] = _("At most 300 characters.")
    if spec.kind not in TeamKind.values:
        errors["kind"] = _("Choose the kind of team.")
    if not spec.area.strip():
        errors["area"] = _("Write the village or residential group the team works in.")
    elif len(spec.area.strip()) > 300:
        errors["area"] = _("At most 300 characters.")
    if len(spec.founding_decision.strip()) > 120:
        errors["founding_decision"] = _("At most 120 characters.")
    _required_day(spec.founded_on, "founded_on", errors)
    return errors


def _body(actor: User | None, organization: Organization | None, errors: dict[str, str]) -> None:
    if organization is None:
        errors["organization"] = _("Choose the body that sets the team up.")
    elif actor is not None and not access.keeps(actor, organization):
        errors["organization"] = _("Only the body's own officers set up its teams.")


def _place(team: CommunityTeam, organization: Organization) -> None:
    team.organization = organization
    team.commune_id = organization.current_unit_id or organization.unit_id
    team.province_id = organization.province_id


def _apply(team: CommunityTeam, spec: TeamSpec) -> None:
    assert spec.founded_on is not None
    team.name, team.kind = spec.name.strip(), spec.kind
    team.area, team.founded_on = spec.area.strip(), spec.founded_on
    team.founding_decision = spec.founding_decision.strip()
    team.description = spec.description.strip()
    team.search_text = fold(f"{team.name} {team.area}")


@transaction.atomic
def create_team(
    *, actor: User | None, organization: Organization | None, spec: TeamSpec
) -> CommunityTeam:
    errors = _check_team(spec)
    _body(actor, organization, errors)
    _raise(errors)
    assert organization is not None
    team = CommunityTeam(created_by=actor)
    _place(team, organization)
    _apply(team, spec)
    team.save()
    audit(actor, team, ADDITION, _("Team set up."))
    return team


@transaction.atomic
def update_team(
    *,
    actor: User | None,
    team: CommunityTeam,
    spec: TeamSpec,
    organization: Organization | None = None,
) -> CommunityTeam:
    """The team's details; `organization` moves it to another body the actor keeps."""
    _manages(actor, team)
    team = _locked(team)
    errors = _check_team(spec)
    moving = organization is not None and organization.pk != team.organization_id
    if moving:
        _body(actor, organization, errors)
    first = (
        team.members.order_by("joined_on").values_list("joined_on", flat=True).first(),
        team.tasks.order_by("assigned_on").values_list("assigned_on", flat=True).first(),
        team.activities.order_by("held_on").values_list("held_on", flat=True).first(),
    )
    earliest = min((d for d in first if d is not None), default=None)
    if spec.founded_on and earliest and spec.founded_on > earliest:
        errors["founded_on"] = _(
            "The team has records from %(day)s: it was set up on that day or before."
        ) % {"day": format_vn_date(earliest)}
    if spec.founded_on and team.dissolved_on and spec.founded_on > team.dissolved_on:
        errors["founded_on"] = _("The team was set up before it was dissolved.")
    _raise(errors)
    if moving:
        assert organization is not None
        _place(team, organization)
    _apply(team, spec)
    team.save()
    audit(
        actor,
        team,
        CHANGE,
        _("Team details and body changed.") if moving else _("Team details changed."),
    )
    return team


@transaction.atomic
def dissolve_team(
    *, actor: User | None, team: CommunityTeam, dissolved_on: dt.date | None
) -> CommunityTeam:
    """The team ends: its members leave on that day and its open tasks are cancelled, so the
    figures at any later day count neither."""
    _manages(actor, team)
    team = _locked(team)
    errors: dict[str, str] = {}
    if team.dissolved_on is not None:
        errors["dissolved_on"] = _("The team was already dissolved on %(day)s.") % {
            "day": format_vn_date(team.dissolved_on)
        }
    _required_day(dissolved_on, "dissolved_on", errors)
    if not errors and dissolved_on is not None:
        if dissolved_on < team.founded_on:
            errors["dissolved_on"] = _("The team cannot end before it was set up.")
        last = team.activities.order_by("-held_on").values_list("held_on", flat=True).first()
        joined = (
            team.members.filter(left_on__isnull=True)
            .order_by("-joined_on")
            .values_list("joined_on", flat=True)
            .first()
        )
        latest = max((d for d in (last, joined) if d is not None), default=None)
        if latest is not None and dissolved_on < latest:
            errors["dissolved_on"] = _(
                "The team has records up to %(day)s: it ends on that day or later."
            ) % {"day": format_vn_date(latest)}
    _raise(errors)
    assert dissolved_on is not None
    team.dissolved_on = dissolved_on
    team.save(update_fields=["dissolved_on"])
    team.members.filter(left_on__isnull=True).update(left_on=dissolved_on)
    team.tasks.filter(state=TaskState.OPEN).update(state=TaskState.CANCELLED)
    audit(
        actor, team, CHANGE, _("Team dissolved on %(day)s.") % {"day": f"{dissolved_on:%d/%m/%Y}"}
    )
    return team


# ---- members -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MemberSpec:
    full_name: str
    role: str
    joined_on: dt.date | None
    occupation: str = ""
    phone: str = ""


def _check_member(
    team: CommunityTeam, spec: MemberSpec, *, current: bool, exclude: int | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = spec.full_name.strip()
    if not name:
        errors["full_name"] = _("Write the member's full name.")
    elif len(name) > 150:
        errors["full_name"] = _("At most 150 characters.")
    if len(spec.occupation.strip()) > 150:
        errors["occupation"] = _("At most 150 characters.")
    if spec.role not in MemberRole.values:
        errors["role"] = _("Choose the member's role in the team.")
    elif spec.role == MemberRole.LEADER and current:
        leaders = team.members.filter(role=MemberRole.LEADER, left_on__isnull=True)
        if exclude is not None:
            leaders = leaders.exclude(pk=exclude)
        leader = leaders.first()
        if leader is not None:
            errors["role"] = _(
                "The team already has a leader, %(name)s: a team has one leader at a time. "
                "Record that they leave first, or add this member as a deputy."
            ) % {"name": leader.full_name}
    phone = spec.phone.strip()
    if phone and not is_phone(phone):
        errors["phone"] = _("Write a phone number, e.g. 0912 345 678.")
    _required_day(spec.joined_on, "joined_on", errors)
    if "joined_on" not in errors and spec.joined_on and spec.joined_on < team.founded_on:
        errors["joined_on"] = _("The team was set up on %(day)s: members join from that day.") % {
            "day": format_vn_date(team.founded_on)
        }
    return errors


def _fill(member: TeamMember, spec: MemberSpec) -> None:
    assert spec.joined_on is not None
    member.full_name, member.role = spec.full_name.strip(), spec.role
    member.occupation, member.joined_on = spec.occupation.strip(), spec.joined_on
    member.set_phone(spec.phone)


@transaction.atomic
def add_member(*, actor: User | None, team: CommunityTeam, spec: MemberSpec) -> TeamMember:
    _manages(actor, team)
    team = _locked(team)
    errors = _check_member(team, spec, current=True)
    _open_team(team, errors)
    _raise(errors)
    member = TeamMember(team=team)
    _fill(member, spec)
    member.save()
    audit(actor, team, CHANGE, _("Member %(member)d joined.") % {"member": member.pk})
    return member


@transaction.atomic
def update_member(*, actor: User | None, member: TeamMember, spec: MemberSpec) -> TeamMember:
    team = member.team
    _manages(actor, team)
    team = _locked(team)
    member = TeamMember.objects.get(pk=member.pk)
    errors = _check_member(team, spec, current=member.left_on is None, exclude=member.pk)
    if member.left_on and spec.joined_on and spec.joined_on > member.left_on:
        errors["joined_on"] = _("The member left on %(day)s: they joined before.") % {
            "day": format_vn_date(member.left_on)
        }
    _raise(errors)
    _fill(member, spec)
    member.save()
    audit(actor, team, CHANGE, _("Member %(member)d changed.") % {"member": member.pk})
    return member


@transaction.atomic
def member_leaves(*, actor: User | None, member: TeamMember, left_on: dt.date | None) -> TeamMember:
    _manages(actor, member.team)
    _locked(member.team)
    member = TeamMember.objects.get(pk=member.pk)
    errors: dict[str, str] = {}
    if member.left_on is not None:
        errors["left_on"] = _("The member already left on %(day)s.") % {
            "day": format_vn_date(member.left_on)
        }
    _required_day(left_on, "left_on", errors)
    if not errors and left_on is not None and left_on < member.joined_on:
        errors["left_on"] = _("The member joined on %(day)s: they leave on that day or later.") % {
            "day": format_vn_date(member.joined_on)
        }
    _raise(errors)
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    audit(actor, member.team, CHANGE, _("Member %(member)d left.") % {"member": member.pk})
    return member


# ---- tasks -------------------------------------------------------------------------------


@transaction.atomic
def add_task(
    *,
    actor: User | None,
    team: CommunityTeam,
    title: str,
    assigned_on: dt.date | None,
    due_on: dt.date | None = None,
    description: str = "",
) -> TeamTask:
    _manages(actor, team)
    team = _locked(team)
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("Say what the team is to do.")
    elif len(title) > 300:
        errors["title"] = _("At most 300 characters.")
    _required_day(assigned_on, "assigned_on", errors)
    if "assigned_on" not in errors and assigned_on and assigned_on < team.founded_on:
        errors["assigned_on"] = _("The team was set up on %(day)s.") % {
            "day": format_vn_date(team.founded_on)
        }
    if due_on and assigned_on and due_on < assigned_on:
        errors["due_on"] = _("The task is due on or after the day it is given.")
    _open_team(team, errors)
    _raise(errors)
    assert assigned_on is not None
    task = TeamTask.objects.create(
        team=team,
        title=title,
        description=description.strip(),
        assigned_on=assigned_on,
        due_on=due_on,
    )
    audit(actor, team, CHANGE, _("Task %(task)d given.") % {"task": task.pk})
    return task


def _open_task(actor: User | None, task: TeamTask) -> TeamTask:
    _manages(actor, task.team)
    _locked(task.team)
    task = TeamTask.objects.select_related("team").get(pk=task.pk)
    if task.state != TaskState.OPEN:
        raise ValidationError(
            {"__all__": _("The task is already %(state)s.") % {"state": task.get_state_display()}}
        )
    return task


@transaction.atomic
def complete_task(*, actor: User | None, task: TeamTask, done_on: dt.date | None) -> TeamTask:
    task = _open_task(actor, task)
    errors: dict[str, str] = {}
    _required_day(done_on, "done_on", errors)
    if not errors and done_on is not None and done_on < task.assigned_on:
        errors["done_on"] = _("The task was given on %(day)s: it is done on that day or later.") % {
            "day": format_vn_date(task.assigned_on)
        }
    _raise(errors)
    task.state, task.done_on = TaskState.DONE, done_on
    task.save(update_fields=["state", "done_on"])
    audit(actor, task.team, CHANGE, _("Task %(task)d done.") % {"task": task.pk})
    return task


@transaction.atomic
def cancel_task(*, actor: User | None, task: TeamTask) -> TeamTask:
    task = _open_task(actor, task)
    task.state = TaskState.CANCELLED
    task.save(update_fields=["state"])
    audit(actor, task.team, CHANGE, _("Task %(task)d cancelled.") % {"task": task.pk})
    return task


# ---- activities --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ActivitySpec:
    held_on: dt.date | None
    title: str
    description: str = ""
    participants: int | None = 0
    people_reached: int | None = 0
    households_visited: int | None = 0
    task: TeamTask | None = None


def _count(value: int | None, field: str, errors: dict[str, str]) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or value < 0:
        errors[field] = _("Write a whole number, 0 or more.")
        return 0
    if value > MAX_COUNT:
        errors[field] = _("This number is too large: check the figure.")
    return value


def _check_activity(team: CommunityTeam, spec: ActivitySpec) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = spec.title.strip()
    if not title:
        errors["title"] = _("Say what the team did.")
    elif len(title) > 300:
        errors["title"] = _("At most 300 characters.")
    _required_day(spec.held_on, "held_on", errors)
    day = spec.held_on
    if "held_on" not in errors and day is not None:
        if day < team.founded_on:
            errors["held_on"] = _("The team was set up on %(day)s.") % {
                "day": format_vn_date(team.founded_on)
            }
        elif team.dissolved_on and day > team.dissolved_on:
            errors["held_on"] = _("The team was dissolved on %(day)s.") % {
                "day": format_vn_date(team.dissolved_on)
            }
    for field in ("participants", "people_reached", "households_visited"):
        _count(getattr(spec, field), field, errors)
    if spec.task is not None:
        if spec.task.team_id != team.pk:
            errors["task"] = _("Choose one of this team's tasks.")
        elif spec.task.state == TaskState.CANCELLED:
            errors["task"] = _("The task was cancelled.")
    return errors


def _logged_before(team: CommunityTeam, key: str) -> TeamActivity | None:
    """The activity an earlier sending of the same form logged (unique per team and key)."""
    if not key:
        return None
    return TeamActivity.objects.filter(team=team, idempotency_key=key).first()


@transaction.atomic
def log_activity(
    *,
    actor: User | None,
    team: CommunityTeam,
    spec: ActivitySpec,
    idempotency_key: str = "",
) -> TeamActivity:
    """One activity in the team's log. A form sent twice (the same `idempotency_key`) logs
    it once and returns the first."""
    _manages(actor, team)
    team = _locked(team)  # a second sending waits here for the first one's commit
    key = idempotency_key.strip()
    if key and not _KEY.match(key):
        key = ""
    if (done := _logged_before(team, key)) is not None:
        return done
    errors = _check_activity(team, spec)
    _raise(errors)
    assert spec.held_on is not None
    activity = TeamActivity.objects.create(
        team=team,
        task=spec.task,
        held_on=spec.held_on,
        title=spec.title.strip(),
        description=spec.description.strip(),
        participants=spec.participants or 0,
        people_reached=spec.people_reached or 0,
        households_visited=spec.households_visited or 0,
        idempotency_key=key,
        recorded_by=actor,
    )
    audit(actor, activity, ADDITION, _("Activity logged."))
    return activity
