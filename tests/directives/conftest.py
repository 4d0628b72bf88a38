"""A directing network: the central commission, two provinces' Party committees with their
communes' Party committees, and the people who act for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from danvan.accounts.models import Role, Scope, User
from danvan.directives.models import Document, Duty
from danvan.directives.services.documents import DocumentSpec, register_document
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from tests.factories import make_org, unit, user_with

K = OrganizationKind


@dataclass
class Directing:
    central: Organization
    central_officer: User
    hanoi: AdminUnit
    hanoi_committee: Organization  # Thành ủy Hà Nội
    hanoi_leader: User  # province-level grant over Hà Nội's subtree
    hanoi_officer: User  # unit grant on the Thành ủy
    a1: Organization  # Đảng ủy of Hà Nội's first commune
    a1_officer: User
    a2: Organization
    a2_officer: User
    tq_committee: Organization  # Tỉnh ủy Tuyên Quang
    tq_officer: User
    b1: Organization
    directive: Document


def make_directing(usernames: dict[str, str] | None = None) -> Directing:
    names = usernames or {}

    def person(org: Organization, role: str, field: str, scope: str = Scope.UNIT) -> User:
        return user_with(org, role, scope, **({"username": names[field]} if field in names else {}))

    hanoi, tuyen_quang = unit("01"), unit("08")
    c1, c2 = AdminUnit.objects.current().filter(parent=hanoi).order_by("code")[:2]
    d1 = AdminUnit.objects.current().filter(parent=tuyen_quang).order_by("code").first()
    assert d1 is not None
    central = make_org(unit=None, name="Ban Tuyên giáo và Dân vận Trung ương", code="TW-BTGDV")
    hanoi_committee = make_org(unit=hanoi, kind=K.PARTY_COMMITTEE, name="Thành ủy Hà Nội")
    tq_committee = make_org(unit=tuyen_quang, kind=K.PARTY_COMMITTEE, name="Tỉnh ủy Tuyên Quang")
    a1 = make_org(
        unit=c1, kind=K.PARTY_COMMITTEE, parent=hanoi_committee, name=f"Đảng ủy {c1.name}"
    )
    a2 = make_org(
        unit=c2, kind=K.PARTY_COMMITTEE, parent=hanoi_committee, name=f"Đảng ủy {c2.name}"
    )
    b1 = make_org(unit=d1, kind=K.PARTY_COMMITTEE, parent=tq_committee, name=f"Đảng ủy {d1.name}")
    # A People's Committee in a commune: not a Party committee, never named by the rules below.
    make_org(unit=c1, kind=K.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {c1.name}")
    directive = register_document(
        spec=DocumentSpec(
            symbol="236-KL/TW",
            signed_on=dt.date(2026, 1, 15),
            summary="Về tiếp tục thực hiện Chỉ thị số 49-CT/TW",
            issuer_name="Ban Bí thư",
            term="XIII",
        ),
        registrar=central,
    )
    return Directing(
        central=central,
        central_officer=person(central, Role.OFFICER, "central_officer"),
        hanoi=hanoi,
        hanoi_committee=hanoi_committee,
        hanoi_leader=person(hanoi_committee, Role.LEADER, "hanoi_leader", Scope.SUBTREE),
        hanoi_officer=person(hanoi_committee, Role.OFFICER, "hanoi_officer"),
        a1=a1,
        a1_officer=person(a1, Role.OFFICER, "a1_officer"),
        a2=a2,
        a2_officer=person(a2, Role.OFFICER, "a2_officer"),
        tq_committee=tq_committee,
        tq_officer=person(tq_committee, Role.OFFICER, "tq_officer"),
        b1=b1,
        directive=directive,
    )


@pytest.fixture
def directing(db) -> Directing:  # type: ignore[no-untyped-def]
    return make_directing()


def to_provinces(d: Directing, **dates: dt.date) -> Duty:
    """The centre cascades the directive to every provincial Party committee (study due
    15/03/2026, plan due 31/03/2026 unless told); returns Hà Nội's duty."""
    from danvan.directives.models import CascadeRule
    from danvan.directives.services import cascade as services
    from danvan.org.models.organizations import OrganizationLevel

    services.cascade(
        document=d.directive,
        issuer=d.central,
        rule=CascadeRule.BELOW,
        kinds=[K.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        study_due=dates.get("study_due", dt.date(2026, 3, 15)),
        plan_due=dates.get("plan_due", dt.date(2026, 3, 31)),
        on=dates.get("on", dt.date(2026, 1, 26)),
    )
    return Duty.objects.get(document=d.directive, body=d.hanoi_committee)


def to_communes(
    d: Directing, hanoi: Duty, *, study_due: dt.date, plan_due: dt.date, on: dt.date
) -> None:
    """Hà Nội passes the directive on to its communes' Party committees, under its duty."""
    from danvan.directives.models import CascadeRule
    from danvan.directives.services import cascade as services
    from danvan.org.models.organizations import OrganizationLevel

    services.cascade(
        document=d.directive,
        issuer=d.hanoi_committee,
        parent_duty=hanoi,
        rule=CascadeRule.BELOW,
        kinds=[K.PARTY_COMMITTEE],
        level=OrganizationLevel.COMMUNE,
        study_due=study_due,
        plan_due=plan_due,
        on=on,
    )
