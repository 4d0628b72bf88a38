"""Demo logins, one per role, with a password printed by `danvan seed --profile demo`."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from danvan.accounts import services as account_services
from danvan.accounts.models import Role, Scope, User
from danvan.org.models import Organization

DEMO_PASSWORD = "DanVanSo@2026"  # noqa: S105 - printed on purpose: demo data only
DEMO_EMAIL_DOMAIN = "demo.danvan.invalid"
# A fixed base32 secret for the demo administrators' authenticator: add it to any TOTP app,
# or run `danvan demo_totp <username>`. Demo only; never used for real accounts.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDANVANSODEMOXYZA"  # noqa: S105 - demo only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    org_code: str | None
    scope: str
    title: str


def demo_logins(hanoi_code: str, commune_code: str) -> list[DemoLogin]:
    return [
        DemoLogin("congdan", "Trần Thị Dân (demo)", Role.CITIZEN, None, Scope.UNIT, ""),
        DemoLogin(
            "canbo",
            "Nguyễn Văn Cán (demo)",
            Role.OFFICER,
            f"{commune_code}-UBND",
            Scope.UNIT,
            "Công chức Văn phòng – Thống kê",
        ),
        DemoLogin(
            "mattran",
            "Vũ Thị Mặt (demo)",
            Role.OFFICER,
            f"{commune_code}-MTTQ",
            Scope.UNIT,
            "Cán bộ Ủy ban Mặt trận Tổ quốc phường",
        ),
        DemoLogin(
            "lanhdaoxa",
            "Đỗ Văn Xã (demo)",
            Role.LEADER,
            f"{commune_code}-UBND",
            Scope.UNIT,
            "Chủ tịch Ủy ban nhân dân phường",
        ),
        DemoLogin(
            "lanhdao",
            "Lê Thị Lãnh (demo)",
            Role.LEADER,
            f"{hanoi_code}-BTGDV",
            Scope.SUBTREE,
            "Trưởng ban",
        ),
        DemoLogin(
            "quantri",
            "Phạm Văn Quản (demo)",
            Role.UNIT_ADMIN,
            f"{hanoi_code}-BTGDV",
            Scope.SUBTREE,
            "Quản trị đơn vị",
        ),
        DemoLogin(
            "hethong",
            "Hoàng Văn Hệ (demo)",
            Role.SYSTEM_ADMIN,
            "TW-BTGDV",
            Scope.SUBTREE,
            "Quản trị hệ thống",
        ),
    ]


def ensure_login(spec: DemoLogin) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = account_services.create_user(
            username=spec.username,
            email=f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
            password=DEMO_PASSWORD,
            full_name=spec.full_name,
        )
    if spec.org_code is None:
        return user
    org = Organization.objects.get(code=spec.org_code)
    if not user.assignments.filter(organization=org, role=spec.role).exists():
        account_services.assign_role(
            actor=None,
            user=user,
            organization=org,
            role=spec.role,
            scope=spec.scope,
            title=spec.title,
        )
    if (
        spec.role in (Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    if spec.role == Role.SYSTEM_ADMIN and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    return user
