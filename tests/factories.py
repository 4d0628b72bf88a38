"""factory_boy factories and a small, real organization network for tests.

The network uses real units (loaded from the package by the session fixture):
    central:  Ban Tuyên giáo và Dân vận Trung ương (no territory)
    province A = Thành phố Hà Nội (01), province B = Tỉnh Tuyên Quang (08)
    commune A1, A2 = two communes of Hà Nội; commune B1 = a commune of Tuyên Quang
Each territory has a Party committee's mass-mobilization commission (mm_commission) and a
People's Committee; the commune bodies' parents are the province's bodies.
"""

from __future__ import annotations

from dataclasses import dataclass

import factory

from danvan.accounts import services as account_services
from danvan.accounts.models import Assignment, Role, Scope, User
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.org.services import create_organization

PASSWORD = "mat-khau-thu-nghiem-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


def unit(code: str) -> AdminUnit:
    """A unit in force today, by official code."""
    return AdminUnit.objects.current().get(code=code)


_seq = iter(range(1, 10**9))


def make_org(
    *,
    unit: AdminUnit | None,
    kind: str = OrganizationKind.MASS_MOBILIZATION_COMMISSION,
    parent: Organization | None = None,
    name: str | None = None,
    code: str | None = None,
    **extra,  # type: ignore[no-untyped-def]
) -> Organization:
    n = next(_seq)
    return create_organization(
        actor=None,
        code=code or f"T{n:05d}",
        name=name or f"Cơ quan thử nghiệm {n} — {unit.name if unit else 'Trung ương'}",
        kind=kind,
        unit=unit,
        parent=parent,
        **extra,
    )


def grant(user: User, org: Organization, role: str, scope: str = Scope.UNIT) -> Assignment:
    return account_services.assign_role(
        actor=None, user=user, organization=org, role=role, scope=scope
    )


def sign_in_with_totp(client, user: User) -> User:  # type: ignore[no-untyped-def]
    """Sign `user` in as allauth does after the password and a TOTP code: an authenticator,
    and the session's record of both steps (accounts.middleware.TwoFactorMiddleware)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {}}
    )
    return sign_in(client, user)


def sign_in(client, user: User) -> User:  # type: ignore[no-untyped-def]
    """force_login, plus — for a user with an authenticator — the session's record that the
    second factor was passed, as allauth writes it after a valid code."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user).first()
    if authenticator is None:
        return user
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.username},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return user


def user_with(org: Organization, role: str, scope: str = Scope.UNIT, **kw) -> User:  # type: ignore[no-untyped-def]
    user = UserFactory(**kw)
    grant(user, org, role, scope)
    return user


@dataclass
class Network:
    central: Organization
    province_a: Organization
    province_a_committee: Organization
    commune_a1: Organization
    commune_a1_committee: Organization
    commune_a2: Organization
    province_b: Organization
    commune_b1: Organization


def build_network() -> Network:
    hanoi, tuyen_quang = unit("01"), unit("08")
    a1, a2 = AdminUnit.objects.current().filter(parent=hanoi).order_by("code")[:2]
    b1 = AdminUnit.objects.current().filter(parent=tuyen_quang).order_by("code").first()
    assert b1 is not None
    central = make_org(unit=None, name="Ban Tuyên giáo và Dân vận Trung ương", code="TW-BTGDV")
    province_a = make_org(
        unit=hanoi, parent=central, name="Ban Tuyên giáo và Dân vận Thành ủy Hà Nội"
    )
    province_b = make_org(
        unit=tuyen_quang, parent=central, name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang"
    )
    return Network(
        central=central,
        province_a=province_a,
        province_a_committee=make_org(
            unit=hanoi,
            kind=OrganizationKind.PEOPLES_COMMITTEE,
            name="Ủy ban nhân dân Thành phố Hà Nội",
        ),
        commune_a1=make_org(unit=a1, parent=province_a),
        commune_a1_committee=make_org(unit=a1, kind=OrganizationKind.PEOPLES_COMMITTEE),
        commune_a2=make_org(unit=a2, parent=province_a),
        province_b=province_b,
        commune_b1=make_org(unit=b1, parent=province_b),
    )


__all__ = [
    "PASSWORD",
    "Role",
    "Scope",
    "UserFactory",
    "build_network",
    "grant",
    "make_org",
    "user_with",
]
