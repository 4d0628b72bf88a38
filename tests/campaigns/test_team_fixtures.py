"""Shared pieces of the community teams' tests (imported by the test_team* modules).

Today is 15/06/2026 (10:00 in Hà Nội). The first Hà Nội commune's Front (c1_front) set up a
community COVID-19 team on 01/02/2026 with a leader (phone recorded), a member, an open task
and three activities (March, May and June); the second commune's Front a mediation team; the
Tuyên Quang commune's Front a security team; c1_front also a volunteer team dissolved on
30/04/2026."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from danvan.campaigns.models import (
    CommunityTeam,
    MemberRole,
    TeamActivity,
    TeamKind,
    TeamMember,
    TeamTask,
)
from danvan.campaigns.services import teams as services

__all__ = ["frozen", "teamed"]  # the fixtures, for `import *`

NOW = dt.datetime(2026, 6, 15, 3, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)
FOUNDED = dt.date(2026, 2, 1)
PHONE = "0912 345 678"


@dataclass
class Teamed:
    covid: CommunityTeam  # c1_front's, active
    leader: TeamMember
    member: TeamMember
    task: TeamTask
    activities: list[TeamActivity]
    mediation: CommunityTeam  # c2_front's
    security: CommunityTeam  # other_front's (Tuyên Quang)
    dissolved: CommunityTeam  # c1_front's volunteer team, dissolved 30/04/2026


def spec(name: str = "Tổ", kind: str = TeamKind.COVID, **kw: object) -> services.TeamSpec:
    fields: dict[str, object] = {
        "name": name,
        "kind": kind,
        "area": "Thôn Đông",
        "founded_on": FOUNDED,
        **kw,
    }
    return services.TeamSpec(**fields)  # type: ignore[arg-type]


def member_spec(name: str, role: str = MemberRole.MEMBER, **kw: object) -> services.MemberSpec:
    fields: dict[str, object] = {"full_name": name, "role": role, "joined_on": FOUNDED, **kw}
    return services.MemberSpec(**fields)  # type: ignore[arg-type]


def activity(
    team: CommunityTeam, day: dt.date, people: int = 10, households: int = 3, **kw: object
) -> TeamActivity:
    return services.log_activity(
        actor=None,
        team=team,
        spec=services.ActivitySpec(
            held_on=day,
            title=str(kw.pop("title", f"Tuyên truyền {day:%d/%m}")),
            participants=4,
            people_reached=people,
            households_visited=households,
            **kw,  # type: ignore[arg-type]
        ),
    )


def make_teamed(w) -> Teamed:  # type: ignore[no-untyped-def]
    covid = services.create_team(
        actor=w.c1_officer, organization=w.c1_front, spec=spec("Tổ COVID-19 cộng đồng thôn Đông")
    )
    leader = services.add_member(
        actor=w.c1_officer,
        team=covid,
        spec=member_spec("Nguyễn Văn Trưởng", MemberRole.LEADER, phone=PHONE),
    )
    member = services.add_member(
        actor=w.c1_officer, team=covid, spec=member_spec("Trần Thị Viên", occupation="Y tá")
    )
    task = services.add_task(
        actor=w.c1_officer,
        team=covid,
        title="Rà soát người về từ vùng dịch",
        assigned_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 7, 1),
    )
    acts = [
        activity(covid, dt.date(2026, 3, 10), 20, 5, task=task),
        activity(covid, dt.date(2026, 5, 2), 30, 8),
        activity(covid, dt.date(2026, 6, 1), 50, 12),
    ]
    mediation = services.create_team(
        actor=None,
        organization=w.c2_front,
        spec=spec("Tổ hòa giải thôn Bắc", TeamKind.MEDIATION, area="Thôn Bắc"),
    )
    services.add_member(
        actor=None, team=mediation, spec=member_spec("Lê Văn Hòa", MemberRole.LEADER)
    )
    activity(mediation, dt.date(2026, 4, 20), 6, 2)
    security = services.create_team(
        actor=None,
        organization=w.other_front,
        spec=spec("Tổ an ninh xóm Nam", TeamKind.SECURITY, area="Xóm Nam"),
    )
    services.add_member(actor=None, team=security, spec=member_spec("Phạm Văn An"))
    dissolved = services.create_team(
        actor=None,
        organization=w.c1_front,
        spec=spec("Đội tình nguyện mùa hè", TeamKind.VOLUNTEER, area="Thôn Tây"),
    )
    services.add_member(actor=None, team=dissolved, spec=member_spec("Đỗ Thị Hè"))
    activity(dissolved, dt.date(2026, 4, 1), 15, 4)
    services.dissolve_team(actor=None, team=dissolved, dissolved_on=dt.date(2026, 4, 30))
    return Teamed(
        covid=covid,
        leader=leader,
        member=member,
        task=task,
        activities=acts,
        mediation=mediation,
        security=security,
        dissolved=dissolved,
    )


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def teamed(frozen, welfare) -> Teamed:  # type: ignore[no-untyped-def]
    return make_teamed(welfare)
