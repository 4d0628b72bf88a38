"""Bodies, people and funds of the campaigns tests.

In Hà Nội: the city's Front Committee (keeps the city's Fund for the Poor) and two communes'
Front Committees (each keeps its own fund), with a People's Committee in the first commune;
a Tuyên Quang commune's Front Committee for "another province". Officers of each body (a
grant held at the body), the city Front's leader with a subtree grant over Hà Nội (reads
every Hà Nội fund, keeps only the city's), a central leader, a board member of the first
commune's fund, a citizen and a stranger (no assignment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from danvan.accounts.models import Role, Scope, User
from danvan.campaigns.models import BoardPosition, Fund, FundKind
from danvan.campaigns.services import ledger
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from tests.factories import UserFactory, make_org, unit, user_with

K = OrganizationKind
OPENED = dt.date(2026, 1, 5)


@dataclass
class Welfare:
    central: Organization  # Ủy ban Trung ương MTTQ Việt Nam
    central_leader: User  # leader, subtree over the whole country
    city_front: Organization  # Ủy ban MTTQ Việt Nam Thành phố Hà Nội
    city_officer: User  # unit grant at the city's Front
    city_leader: User  # leader, subtree over Hà Nội, at the city's Front
    c1_front: Organization  # a Hà Nội commune's Front Committee
    c1_committee: Organization  # that commune's People's Committee
    c1_officer: User  # officer held at c1_front
    c1_second_officer: User  # another officer of c1_front
    c1_committee_officer: User  # officer held at the commune's People's Committee
    c1_board: User  # a seat on c1_fund's board (officer of the commune's People's Committee)
    c2_front: Organization  # another Hà Nội commune's Front Committee
    c2_officer: User
    other_front: Organization  # a Tuyên Quang commune's Front Committee
    other_officer: User
    citizen: User
    city_fund: Fund
    c1_fund: Fund  # threshold 10.000.000 đồng
    c2_fund: Fund
    other_fund: Fund
    c1_unit: AdminUnit
    c2_unit: AdminUnit


def _fund(keeper: Organization, name: str) -> Fund:
    return ledger.open_fund(
        actor=None,
        keeper=keeper,
        spec=ledger.FundSpec(name=name, kind=FundKind.FOR_THE_POOR, opened_on=OPENED),
    )


def make_welfare() -> Welfare:
    hanoi, tuyen_quang = unit("01"), unit("08")
    u1, u2 = AdminUnit.objects.current().filter(parent=hanoi).order_by("code")[:2]
    u3 = AdminUnit.objects.current().filter(parent=tuyen_quang).order_by("code").first()
    assert u3 is not None
    central = make_org(unit=None, kind=K.FATHERLAND_FRONT, name="Ủy ban Trung ương MTTQ Việt Nam")
    city_front = make_org(
        unit=hanoi,
        kind=K.FATHERLAND_FRONT,
        parent=central,
        name="Ủy ban MTTQ Việt Nam Thành phố Hà Nội",
    )
    c1_front = make_org(
        unit=u1, kind=K.FATHERLAND_FRONT, parent=city_front, name=f"Ủy ban MTTQ Việt Nam {u1.name}"
    )
    c1_committee = make_org(unit=u1, kind=K.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {u1.name}")
    c2_front = make_org(
        unit=u2, kind=K.FATHERLAND_FRONT, parent=city_front, name=f"Ủy ban MTTQ Việt Nam {u2.name}"
    )
    other_front = make_org(unit=u3, kind=K.FATHERLAND_FRONT, name=f"Ủy ban MTTQ Việt Nam {u3.name}")
    c1_board = user_with(c1_committee, Role.OFFICER, username="c1_board")
    w = Welfare(
        central=central,
        central_leader=user_with(central, Role.LEADER, Scope.SUBTREE, username="central_leader"),
        city_front=city_front,
        city_officer=user_with(city_front, Role.OFFICER, username="city_officer"),
        city_leader=user_with(city_front, Role.LEADER, Scope.SUBTREE, username="city_leader"),
        c1_front=c1_front,
        c1_committee=c1_committee,
        c1_officer=user_with(c1_front, Role.OFFICER, username="c1_officer"),
        c1_second_officer=user_with(c1_front, Role.OFFICER, username="c1_second"),
        c1_committee_officer=user_with(c1_committee, Role.OFFICER, username="c1_committee"),
        c1_board=c1_board,
        c2_front=c2_front,
        c2_officer=user_with(c2_front, Role.OFFICER, username="c2_officer"),
        other_front=other_front,
        other_officer=user_with(other_front, Role.OFFICER, username="other_officer"),
        citizen=UserFactory(username="citizen"),
        city_fund=_fund(city_front, "Quỹ Vì người nghèo Thành phố Hà Nội"),
        c1_fund=_fund(c1_front, f"Quỹ Vì người nghèo {u1.name}"),
        c2_fund=_fund(c2_front, f"Quỹ Vì người nghèo {u2.name}"),
        other_fund=_fund(other_front, f"Quỹ Vì người nghèo {u3.name}"),
        c1_unit=u1,
        c2_unit=u2,
    )
    ledger.seat_board_member(
        actor=None, fund=w.c1_fund, user=c1_board, position=BoardPosition.CHAIR, starts_on=OPENED
    )
    return w


@pytest.fixture
def welfare(db) -> Welfare:  # type: ignore[no-untyped-def]
    return make_welfare()
