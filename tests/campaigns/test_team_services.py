"""The community teams' services: bad input is refused beside its field with nothing changed;
a team has one leader at a time; dates keep to the team's life; phones are stored encrypted;
a form sent twice logs one activity; only the body's own officers write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.campaigns.models import (
    CommunityTeam,
    MemberRole,
    TaskState,
    TeamActivity,
    TeamKind,
    TeamMember,
)
from danvan.campaigns.services import teams as services
from danvan.lib.text import fold

from .test_team_fixtures import *  # noqa: F403 - the fixtures
from .test_team_fixtures import FOUNDED, PHONE, TODAY, activity, member_spec, spec

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


# ---- teams -------------------------------------------------------------------------------


def test_a_team_takes_its_place_from_the_body_and_a_folded_search_text(frozen, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    team = services.create_team(
        actor=w.c1_officer,
        organization=w.c1_front,
        spec=spec("Tổ tự quản Đường Hoa", TeamKind.SELF_MANAGED, area="Tổ dân phố Số 5"),
    )
    assert team.commune_id == w.c1_front.current_unit_id == w.c1_unit.pk
    assert team.province_id == w.c1_front.province_id
    assert team.search_text == fold("Tổ tự quản Đường Hoa Tổ dân phố Số 5")
    assert "duong hoa" in team.search_text
    assert team.created_by == w.c1_officer
    assert LogEntry.objects.filter(object_id=str(team.pk), user=w.c1_officer).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"kind": "club"}, "kind"),
        ({"area": ""}, "area"),
        ({"founded_on": None}, "founded_on"),
        ({"founded_on": TODAY + dt.timedelta(days=1)}, "founded_on"),
        ({"founding_decision": "x" * 121}, "founding_decision"),
    ],
)
def test_a_team_with_bad_details_is_refused_and_nothing_is_stored(
    frozen, welfare, changes, field
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        services.create_team(
            actor=welfare.c1_officer,
            organization=welfare.c1_front,
            spec=spec(**{"name": "Tổ", **changes}),
        )
    assert field in _errors(excinfo)
    assert not CommunityTeam.objects.exists()


def test_only_the_bodys_own_officers_set_up_its_teams(frozen, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    for actor in (w.city_leader, w.c2_officer, w.other_officer, w.citizen):
        with pytest.raises(ValidationError) as excinfo:
            services.create_team(actor=actor, organization=w.c1_front, spec=spec("Tổ"))
        assert "organization" in _errors(excinfo)
    with pytest.raises(ValidationError):
        services.create_team(actor=w.c1_officer, organization=None, spec=spec("Tổ"))
    assert not CommunityTeam.objects.exists()


def test_editing_a_team_checks_the_manager_and_keeps_its_records_in_its_life(
    teamed, welfare
) -> None:  # type: ignore[no-untyped-def]
    w, team = welfare, teamed.covid
    with pytest.raises(PermissionDenied):
        services.update_team(actor=w.city_leader, team=team, spec=spec("Đổi tên"))
    with pytest.raises(ValidationError) as excinfo:  # members joined on 01/02
        services.update_team(
            actor=w.c1_officer, team=team, spec=spec("Đổi tên", founded_on=dt.date(2026, 3, 1))
        )
    assert _errors(excinfo) == {"founded_on"}
    with pytest.raises(ValidationError) as excinfo:  # moved to a body not kept
        services.update_team(
            actor=w.c1_officer, team=team, spec=spec("Đổi tên"), organization=w.c2_front
        )
    assert "organization" in _errors(excinfo)
    team.refresh_from_db()
    assert team.name == "Tổ COVID-19 cộng đồng thôn Đông"
    services.update_team(actor=w.c1_officer, team=team, spec=spec("Tổ COVID thôn Đông mới"))
    team.refresh_from_db()
    assert team.name == "Tổ COVID thôn Đông mới" and "moi" in team.search_text


def test_dissolving_ends_memberships_and_open_tasks_on_that_day(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    team = teamed.covid
    with pytest.raises(ValidationError) as excinfo:  # an activity was held on 01/06
        services.dissolve_team(
            actor=welfare.c1_officer, team=team, dissolved_on=dt.date(2026, 5, 31)
        )
    assert _errors(excinfo) == {"dissolved_on"}
    with pytest.raises(ValidationError):
        services.dissolve_team(
            actor=welfare.c1_officer, team=team, dissolved_on=TODAY + dt.timedelta(days=1)
        )
    team.refresh_from_db()
    assert team.dissolved_on is None
    services.dissolve_team(actor=welfare.c1_officer, team=team, dissolved_on=TODAY)
    assert set(team.members.values_list("left_on", flat=True)) == {TODAY}
    assert set(team.tasks.values_list("state", flat=True)) == {TaskState.CANCELLED}
    with pytest.raises(ValidationError) as excinfo:
        services.dissolve_team(actor=welfare.c1_officer, team=team, dissolved_on=TODAY)
    assert _errors(excinfo) == {"dissolved_on"}
    with pytest.raises(ValidationError):
        services.add_member(actor=welfare.c1_officer, team=team, spec=member_spec("Mới"))


# ---- members -----------------------------------------------------------------------------


def test_a_team_has_one_current_leader(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    w, team = welfare, teamed.covid
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(
            actor=w.c1_officer, team=team, spec=member_spec("Người thứ hai", MemberRole.LEADER)
        )
    assert _errors(excinfo) == {"role"}
    assert teamed.leader.full_name in excinfo.value.message_dict["role"][0]
    with pytest.raises(ValidationError) as excinfo:  # promoting a member: the same rule
        services.update_member(
            actor=w.c1_officer,
            member=teamed.member,
            spec=member_spec("Trần Thị Viên", MemberRole.LEADER),
        )
    assert _errors(excinfo) == {"role"}
    assert team.members.filter(role=MemberRole.LEADER).count() == 1
    # Once the leader leaves, a new one may be named; the former one stays in the record.
    services.member_leaves(actor=w.c1_officer, member=teamed.leader, left_on=TODAY)
    services.update_member(
        actor=w.c1_officer,
        member=teamed.member,
        spec=member_spec("Trần Thị Viên", MemberRole.LEADER),
    )
    assert team.members.filter(role=MemberRole.LEADER).count() == 2
    assert team.members.filter(role=MemberRole.LEADER, left_on__isnull=True).get().pk == (
        teamed.member.pk
    )


def test_a_leader_edits_their_own_details_without_clashing_with_themselves(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    services.update_member(
        actor=welfare.c1_officer,
        member=teamed.leader,
        spec=member_spec("Nguyễn Văn Trưởng", MemberRole.LEADER, phone="0987 654 321"),
    )
    teamed.leader.refresh_from_db()
    assert teamed.leader.phone() == "0987 654 321"


def test_a_members_phone_is_stored_encrypted(teamed) -> None:  # type: ignore[no-untyped-def]
    stored = TeamMember.objects.get(pk=teamed.leader.pk)
    assert PHONE not in stored.phone_enc and "0912" not in stored.phone_enc
    assert stored.phone() == PHONE


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"role": "chief"}, "role"),
        ({"phone": "gọi tôi"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"joined_on": None}, "joined_on"),
        ({"joined_on": FOUNDED - dt.timedelta(days=1)}, "joined_on"),
        ({"joined_on": TODAY + dt.timedelta(days=1)}, "joined_on"),
    ],
)
def test_a_member_with_bad_details_is_refused(teamed, welfare, changes, field) -> None:  # type: ignore[no-untyped-def]
    before = TeamMember.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(
            actor=welfare.c1_officer, team=teamed.covid, spec=member_spec("Người mới", **changes)
        )
    assert field in _errors(excinfo)
    assert TeamMember.objects.count() == before


def test_a_member_leaves_once_and_not_before_joining(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    m = teamed.member
    with pytest.raises(ValidationError) as excinfo:
        services.member_leaves(
            actor=welfare.c1_officer, member=m, left_on=FOUNDED - dt.timedelta(days=1)
        )
    assert _errors(excinfo) == {"left_on"}
    services.member_leaves(actor=welfare.c1_officer, member=m, left_on=TODAY)
    with pytest.raises(ValidationError):
        services.member_leaves(actor=welfare.c1_officer, member=m, left_on=TODAY)
    m.refresh_from_db()
    assert m.left_on == TODAY


# ---- tasks -------------------------------------------------------------------------------


def test_a_task_is_given_done_or_cancelled_once(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    w, team = welfare, teamed.covid
    with pytest.raises(ValidationError) as excinfo:
        services.add_task(
            actor=w.c1_officer,
            team=team,
            title="Phát khẩu trang",
            assigned_on=dt.date(2026, 6, 1),
            due_on=dt.date(2026, 5, 1),
        )
    assert _errors(excinfo) == {"due_on"}
    with pytest.raises(ValidationError) as excinfo:
        services.complete_task(actor=w.c1_officer, task=teamed.task, done_on=dt.date(2026, 2, 1))
    assert _errors(excinfo) == {"done_on"}
    services.complete_task(actor=w.c1_officer, task=teamed.task, done_on=TODAY)
    teamed.task.refresh_from_db()
    assert (teamed.task.state, teamed.task.done_on) == (TaskState.DONE, TODAY)
    with pytest.raises(ValidationError):
        services.cancel_task(actor=w.c1_officer, task=teamed.task)
    other = services.add_task(
        actor=w.c1_officer, team=team, title="Phát khẩu trang", assigned_on=TODAY
    )
    with pytest.raises(PermissionDenied):
        services.cancel_task(actor=w.city_leader, task=other)
    services.cancel_task(actor=w.c1_officer, task=other)
    other.refresh_from_db()
    assert other.state == TaskState.CANCELLED


# ---- activities --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on"),
        ({"held_on": FOUNDED - dt.timedelta(days=1)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"title": " "}, "title"),
        ({"people_reached": -1}, "people_reached"),
        ({"participants": -3}, "participants"),
        ({"households_visited": 10_000_000}, "households_visited"),
    ],
)
def test_an_activity_with_bad_details_is_refused(teamed, welfare, changes, field) -> None:  # type: ignore[no-untyped-def]
    fields = {"held_on": TODAY, "title": "Họp tổ", **changes}
    before = TeamActivity.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.log_activity(
            actor=welfare.c1_officer, team=teamed.covid, spec=services.ActivitySpec(**fields)
        )
    assert field in _errors(excinfo)
    assert TeamActivity.objects.count() == before


def test_an_activity_is_not_held_after_the_team_is_dissolved(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        activity(teamed.dissolved, dt.date(2026, 5, 1))
    assert _errors(excinfo) == {"held_on"}
    activity(teamed.dissolved, dt.date(2026, 4, 30))  # its last day still counts


def test_an_activitys_task_is_one_of_the_teams_own(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    foreign = services.add_task(
        actor=None, team=teamed.mediation, title="Hòa giải", assigned_on=TODAY
    )
    with pytest.raises(ValidationError) as excinfo:
        activity(teamed.covid, TODAY, task=foreign)
    assert _errors(excinfo) == {"task"}
    done = activity(teamed.covid, TODAY, task=teamed.task)
    assert done.task == teamed.task


def test_a_form_sent_twice_logs_one_activity(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    s = services.ActivitySpec(held_on=TODAY, title="Phun khử khuẩn", people_reached=40)
    key = "3f2b8c0e9d6a4b1c8e7f6a5b4c3d2e1f"
    first = services.log_activity(
        actor=w.c1_officer, team=teamed.covid, spec=s, idempotency_key=key
    )
    again = services.log_activity(
        actor=w.c1_officer, team=teamed.covid, spec=s, idempotency_key=key
    )
    assert first.pk == again.pk
    assert teamed.covid.activities.filter(title="Phun khử khuẩn").count() == 1
    other = services.log_activity(
        actor=w.c1_officer, team=teamed.covid, spec=s, idempotency_key=key[::-1]
    )
    assert other.pk != first.pk


def test_only_the_bodys_officers_write_a_teams_records(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    w, team = welfare, teamed.covid
    s = services.ActivitySpec(held_on=TODAY, title="Họp tổ")
    for actor in (w.city_leader, w.city_officer, w.c2_officer, w.other_officer, w.citizen):
        with pytest.raises(PermissionDenied):
            services.log_activity(actor=actor, team=team, spec=s)
        with pytest.raises(PermissionDenied):
            services.add_member(actor=actor, team=team, spec=member_spec("X"))
        with pytest.raises(PermissionDenied):
            services.dissolve_team(actor=actor, team=team, dissolved_on=TODAY)
    assert team.activities.count() == 3 and team.members.count() == 2
    services.log_activity(actor=w.c1_second_officer, team=team, spec=s)
    assert team.activities.count() == 4
