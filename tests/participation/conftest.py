"""Bodies and people of the participation tests: in Hà Nội, the city's People's Committee and
Fatherland Front Committee, and two communes each with its People's Committee and Front
Committee; a commune of Tuyên Quang for "another province"; officers and leaders of each, a
citizen with an account, and a stranger with no assignment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from danvan.accounts.models import Role, Scope, User
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.participation.models import Meeting
from tests.factories import UserFactory, make_org, unit, user_with

K = OrganizationKind


@dataclass
class Participating:
    city: Organization  # Ủy ban nhân dân Thành phố Hà Nội
    city_front: Organization  # Ủy ban MTTQ Việt Nam Thành phố Hà Nội
    city_officer: User  # unit grant on the city's People's Committee
    city_leader: User  # leader, subtree over Hà Nội, at the city's People's Committee
    city_front_officer: User  # unit grant on the city's Front
    city_front_leader: User  # leader, subtree over Hà Nội, at the city's Front
    c1: Organization  # a Hà Nội commune's People's Committee
    c1_front: Organization  # that commune's Front Committee
    c1_officer: User
    c1_leader: User
    c1_front_officer: User
    c2: Organization  # another Hà Nội commune's People's Committee
    c2_officer: User
    other: Organization  # a Tuyên Quang commune's People's Committee
    other_officer: User
    citizen: User  # an account without assignment (a citizen)
    stranger: User  # another citizen


def make_participating() -> Participating:
    hanoi, tuyen_quang = unit("01"), unit("08")
    u1, u2 = AdminUnit.objects.current().filter(parent=hanoi).order_by("code")[:2]
    u3 = AdminUnit.objects.current().filter(parent=tuyen_quang).order_by("code").first()
    assert u3 is not None
    city = make_org(unit=hanoi, kind=K.PEOPLES_COMMITTEE, name="Ủy ban nhân dân Thành phố Hà Nội")
    city_front = make_org(
        unit=hanoi, kind=K.FATHERLAND_FRONT, name="Ủy ban MTTQ Việt Nam Thành phố Hà Nội"
    )
    c1 = make_org(unit=u1, kind=K.PEOPLES_COMMITTEE, parent=city, name=f"Ủy ban nhân dân {u1.name}")
    c1_front = make_org(
        unit=u1, kind=K.FATHERLAND_FRONT, parent=city_front, name=f"Ủy ban MTTQ Việt Nam {u1.name}"
    )
    c2 = make_org(unit=u2, kind=K.PEOPLES_COMMITTEE, parent=city, name=f"Ủy ban nhân dân {u2.name}")
    other = make_org(unit=u3, kind=K.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {u3.name}")
    return Participating(
        city=city,
        city_front=city_front,
        city_officer=user_with(city, Role.OFFICER),
        city_leader=user_with(city, Role.LEADER, Scope.SUBTREE),
        city_front_officer=user_with(city_front, Role.OFFICER),
        city_front_leader=user_with(city_front, Role.LEADER, Scope.SUBTREE),
        c1=c1,
        c1_front=c1_front,
        c1_officer=user_with(c1, Role.OFFICER),
        c1_leader=user_with(c1, Role.LEADER),
        c1_front_officer=user_with(c1_front, Role.OFFICER),
        c2=c2,
        c2_officer=user_with(c2, Role.OFFICER),
        other=other,
        other_officer=user_with(other, Role.OFFICER),
        citizen=UserFactory(),
        stranger=UserFactory(),
    )


@pytest.fixture
def participating(db) -> Participating:  # type: ignore[no-untyped-def]
    return make_participating()


def announced_dialogue(host: Organization, actor: User, starts: dt.datetime) -> Meeting:
    """A dialogue of `host` starting at `starts`, planned and announced twenty days before
    (the meeting rules loaded)."""
    from danvan.participation.meeting_rules import ensure_rules
    from danvan.participation.models import MeetingKind, MeetingRule
    from danvan.participation.services import meetings

    ensure_rules(MeetingRule)
    with time_machine.travel(starts - dt.timedelta(days=20)):
        meeting = meetings.create_meeting(
            host=host,
            spec=meetings.MeetingSpec(
                kind=MeetingKind.DIALOGUE,
                title="Đối thoại năm 2026",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                place="Hội trường",
                chaired_by="Chủ tịch UBND",
            ),
            actor=actor,
        )
        return meetings.announce(meeting=meeting, actor=actor)
