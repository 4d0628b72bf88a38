"""Teams: registered by a body's staff while registration is open, once per body, in the
contest's territory; placed in the round of their cluster or group, or by the organizers."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.contests import services
from danvan.contests.models import MemberRole, RoundKind, Team
from tests.contests.conftest import MEMBERS, drafted, preliminary, registered
from tests.factories import Role, Scope, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _register(w, body, actor=None, **kw):
    values = {
        "actor": actor or user_with(body, Role.OFFICER),
        "contest": w.contest,
        "organization": body,
        "name": "Đội thi",
        "performance_title": "Tiểu phẩm “Dân vận khéo”",
        "members": MEMBERS,
        **kw,
    }
    return services.register_team(**values)


@pytest.fixture
def opened(network):
    w = drafted(network)
    services.open_registration(actor=w.organizer, contest=w.contest)
    return w


def test_a_body_registers_a_team_with_members_and_it_joins_its_round(network, opened):
    team = _register(opened, network.commune_a1)
    assert [(m.full_name, m.role) for m in team.members.all()] == [
        ("Nguyễn Thị Lan", MemberRole.CAPTAIN),
        ("Trần Văn Nam", MemberRole.MEMBER),
        ("Lê Thị Hoa", MemberRole.MEMBER),
    ]
    assert team.entries.get().round == opened.round1  # by the named group
    other = _register(opened, network.province_a_committee)
    assert other.entries.get().round == opened.round2  # by the emulation cluster


def test_a_body_in_no_group_waits_for_the_organizers_to_place_it(network, opened):
    body = user_with(network.province_a, Role.OFFICER)
    team = _register(opened, network.province_a, actor=body)
    assert not team.entries.exists()
    services.enter_team(actor=opened.organizer, round=opened.round1, team=team)
    services.enter_team(actor=opened.organizer, round=opened.round2, team=team)  # moved
    assert [e.round for e in team.entries.all()] == [opened.round2]


def test_registration_only_while_open(network):
    w = drafted(network)
    with pytest.raises(ValidationError):
        _register(w, network.commune_a1)
    services.open_registration(actor=w.organizer, contest=w.contest)
    w.contest.registration_deadline = dt.date(2026, 9, 20)
    w.contest.save()
    with (
        time_machine.travel(dt.datetime(2026, 9, 21, 9, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        _register(w, network.commune_a1)
    assert "20/09/2026" in error.value.messages[0]
    _register(w, network.commune_a1)  # on the 15th


def test_one_team_per_body(network, opened):
    _register(opened, network.commune_a1)
    with pytest.raises(ValidationError) as error:
        _register(opened, network.commune_a1)
    assert "organization" in error.value.message_dict


def test_only_the_bodys_staff_register_it(network, opened):
    for outsider in (
        user_with(network.commune_a2, Role.OFFICER),
        opened.judge("r1a"),
        user_with(network.commune_a1, Role.SYSTEM_ADMIN),
    ):
        with pytest.raises(PermissionDenied):
            _register(opened, network.commune_a1, actor=outsider)
    # the staff over the body may
    _register(
        opened, network.commune_a1, actor=user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    )


def test_a_body_outside_the_contests_territory_cannot_compete(network, opened):
    with pytest.raises(ValidationError) as error:
        _register(opened, network.commune_b1)
    assert "organization" in error.value.message_dict


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"name": " "}, "name"),
        ({"performance_title": ""}, "performance_title"),
        ({"members": []}, "members"),
        ({"members": [services.MemberInput(" ")]}, "members"),
        (
            {"members": [services.MemberInput("A", role="captain")] * 2},
            "members",
        ),
        ({"members": [services.MemberInput("A", role="coach")]}, "members"),
        ({"members": [services.MemberInput(f"Người {i}") for i in range(31)]}, "members"),
    ],
)
def test_bad_team_data_is_refused(network, opened, kw, field):
    with pytest.raises(ValidationError) as error:
        _register(opened, network.commune_a1, **kw)
    assert field in error.value.message_dict
    assert not Team.objects.exists()


def test_the_body_corrects_or_withdraws_its_team_while_registration_is_open(network):
    w = registered(network)
    team, staff = w.teams["a1"], w.staff["a1"]
    services.update_team(
        actor=staff,
        team=team,
        name="Đội mới",
        performance_title="Phần thi mới",
        members=[services.MemberInput("Phạm Văn Minh", "Trưởng thôn", "captain")],
    )
    assert [m.full_name for m in team.members.all()] == ["Phạm Văn Minh"]
    with pytest.raises(PermissionDenied):
        services.withdraw_team(actor=w.staff["a2"], team=team)
    services.withdraw_team(actor=staff, team=team)
    assert not Team.objects.filter(pk=team.pk).exists()


def test_teams_are_fixed_once_the_preliminary_rounds_start(network):
    w = preliminary(network)
    with pytest.raises(ValidationError):
        services.update_team(
            actor=w.staff["a1"],
            team=w.teams["a1"],
            name="X",
            performance_title="Y",
            members=MEMBERS,
        )


def test_a_scored_team_is_not_moved(network):
    w = preliminary(network)
    criteria = list(w.contest.criteria.all())
    services.record_scores(
        actor=w.judge("r1a"), round=w.round1, team=w.teams["a1c"], scores={criteria[0].pk: "20"}
    )
    with pytest.raises(ValidationError):
        services.enter_team(actor=w.organizer, round=w.round2, team=w.teams["a1c"])
    assert w.teams["a1c"].entries.get(kind=RoundKind.PRELIMINARY).round == w.round1
