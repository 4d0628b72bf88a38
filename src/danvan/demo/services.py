"""Seeding: the demo dataset (a few provinces, fully staffed) and the national network.

Both are idempotent: running them again creates only what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from danvan.accounts import services as account_services
from danvan.accounts.models import Role, Scope, User
from danvan.cases.figure_selectors import add_months, month_start
from danvan.cases.services.figures import refresh_since
from danvan.lib.dates import today
from danvan.org.models import (
    AdminLevel,
    AdminUnit,
    EmulationCluster,
    EmulationClusterKind,
    Organization,
    OrganizationKind,
    UnitSuccession,
)
from danvan.org.services import NewBody, create_organization, load_admin_units, merge_organizations
from danvan.surveys.services.figures import refresh_since as refresh_satisfaction_since

from .campaigns import seed_demo_campaigns
from .cases import seed_demo_cases
from .consultations import seed_demo_consultations
from .contests import seed_demo_contest
from .directives import seed_demo_directives
from .emulation import seed_demo_emulation
from .exemplars import seed_demo_exemplars
from .history import MONTHS as HISTORY_MONTHS
from .history import seed_demo_history
from .insights import seed_demo_insights
from .meetings import seed_demo_meetings
from .models import SeedRun
from .network import code_for, committee_word, ensure_bodies
from .people import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoLogin, demo_logins, ensure_login
from .reports import seed_demo_reports
from .situation import seed_situation_reports
from .supervision import seed_demo_supervision
from .surveys import seed_demo_index, seed_demo_surveys

# Hà Nội (continued unchanged), Tuyên Quang (merged with Hà Giang), Cần Thơ (merged with Hậu
# Giang and Sóc Trăng): the demo shows both kinds of 2025 history.
DEMO_PROVINCES = ("01", "08", "92")
DEMO_OFFICER_COMMUNE = "00004"  # Phường Ba Đình, Hà Nội
COMMISSION_MERGER = dt.date(2025, 3, 1)
PROVINCE_REFORM = dt.date(2025, 7, 1)
COMMISSION_MERGER_DECISION = (
    "Quyết định của Bộ Chính trị về hợp nhất Ban Tuyên giáo và Ban Dân vận (demo)"
)

Progress = Callable[[Iterable], Iterable]


@dataclass
class SeedResult:
    profile: str
    units_created: int = 0
    organizations_created: int = 0
    users_created: int = 0
    cases_created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def _units_of(province_codes: Iterable[str] | None) -> list[AdminUnit]:
    qs = AdminUnit.objects.current().select_related("province")
    if province_codes is not None:
        qs = qs.filter(province__code__in=list(province_codes))
    return list(
        qs.filter(level__in=[AdminLevel.PROVINCE, AdminLevel.COMMUNE]).order_by("level", "code")
    )


def _commission_history(province: AdminUnit) -> None:
    """The 2025 history of a province's mass-mobilization commission.

    Each former province's Ban Dân vận and Ban Tuyên giáo merged on 01/03/2025; where
    provinces merged on 01/07/2025, their merged commissions merged again into the new
    province's. The current commission (code <province>-BTGDV) is the end of that chain.
    """
    current_code = code_for(province, "BTGDV")
    if Organization.objects.filter(code=current_code).exists():
        return
    party = Organization.objects.get(code=code_for(province, "TU"))
    former = list(
        AdminUnit.objects.filter(
            successions__successor=province, level=AdminLevel.PROVINCE
        ).order_by("code")
    )
    merged_per_former = []
    for old in former:
        word, short = committee_word(old), old.short_name
        boards = [
            create_organization(
                actor=None,
                code=f"{old.code}-BDV-2025",
                kind=OrganizationKind.MASS_MOBILIZATION_BOARD,
                name=f"Ban Dân vận {word} {short}",
                unit=old,
                parent=party,
            ),
            create_organization(
                actor=None,
                code=f"{old.code}-BTG-2025",
                kind=OrganizationKind.PROPAGANDA_BOARD,
                name=f"Ban Tuyên giáo {word} {short}",
                unit=old,
                parent=party,
            ),
        ]
        is_last_step = len(former) == 1
        merged_per_former.append(
            merge_organizations(
                actor=None,
                sources=boards,
                effective_date=COMMISSION_MERGER,
                unit=province if is_last_step else old,
                parent=party,
                into=NewBody(
                    code=current_code if is_last_step else f"{old.code}-BTGDV-2025",
                    name=f"Ban Tuyên giáo và Dân vận {word} {short}",
                    kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
                ),
                decision=COMMISSION_MERGER_DECISION,
            )
        )
    if len(merged_per_former) > 1:
        merge_organizations(
            actor=None,
            sources=merged_per_former,
            effective_date=PROVINCE_REFORM,
            unit=province,
            parent=party,
            into=NewBody(
                code=current_code,
                name=f"Ban Tuyên giáo và Dân vận {committee_word(province)} {province.short_name}",
                kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
            ),
            decision="Nghị quyết 202/2025/QH15 — sắp xếp đơn vị hành chính cấp tỉnh (demo)",
        )


def _clusters(provinces: list[AdminUnit], year: int) -> None:
    """One emulation cluster of communes per demo province (first 10 communes' committees)."""
    for province in provinces:
        organizer = Organization.objects.get(code=code_for(province, "BTGDV"))
        cluster, created = EmulationCluster.objects.get_or_create(
            organizer=organizer,
            year=year,
            name=f"Cụm thi đua số 1 — {province.short_name} (demo)",
            defaults={"kind": EmulationClusterKind.CLUSTER, "province": province},
        )
        if created:
            members = (
                Organization.objects.current()
                .filter(province=province, level="commune", kind=OrganizationKind.PEOPLES_COMMITTEE)
                .order_by("code")[:10]
            )
            cluster.members.set(members)
            cluster.leader = members[0] if members else None
            cluster.save()


def _commune_officers(provinces: list[AdminUnit]) -> int:
    """A leader for each demo province and an officer in its first three communes."""
    made = 0
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    for i, province in enumerate(provinces):
        communes = list(AdminUnit.objects.current().filter(parent=province).order_by("code")[:3])
        targets = [(code_for(province, "BTGDV"), Role.LEADER, Scope.SUBTREE, "Phó Trưởng ban")]
        targets += [(code_for(c, "UBND"), Role.OFFICER, Scope.UNIT, "Công chức") for c in communes]
        for j, (org_code, role, scope, title) in enumerate(targets):
            username = f"demo{province.code}_{j}"
            if User.objects.filter(username=username).exists():
                continue
            user = account_services.create_user(
                username=username,
                email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                password=DEMO_PASSWORD,
                full_name=f"{surnames[(i + j) % len(surnames)]} Văn {chr(65 + j)} (demo)",
            )
            account_services.assign_role(
                actor=None,
                user=user,
                organization=Organization.objects.get(code=org_code),
                role=role,
                scope=scope,
                title=title,
            )
            made += 1
    return made


def seed_demo(
    *,
    progress: Progress | None = None,
    year: int | None = None,
    history_months: int = HISTORY_MONTHS,
) -> SeedResult:
    """The demo provinces, staffed, with their matters, models, contest and movement of
    `year` (this year unless told)."""
    year = year or today().year
    result = SeedResult(profile="demo")
    result.units_created = load_admin_units().created
    with transaction.atomic():
        provinces = list(AdminUnit.objects.current().provinces().filter(code__in=DEMO_PROVINCES))
        # The commissions are made by their 2025 mergers, so they keep that history.
        result.organizations_created = ensure_bodies(
            _units_of(DEMO_PROVINCES), progress=progress, skip=frozenset({"BTGDV"})
        )
        for province in provinces:
            _commission_history(province)
        _clusters(provinces, year)
        users_before = User.objects.count()
        result.logins = demo_logins(DEMO_PROVINCES[0], DEMO_OFFICER_COMMUNE)
        for spec in result.logins:
            ensure_login(spec)
        _commune_officers(provinces)
        officers = list(User.objects.filter(username__regex=r"^demo\d+_0$").order_by("username"))
        result.cases_created = seed_demo_cases(
            officers=officers, citizen_commune=DEMO_OFFICER_COMMUNE
        )
        result.cases_created += seed_demo_history(provinces=provinces, months=history_months)
        seed_demo_exemplars(provinces=provinces, year=year)
        hanoi = next(p for p in provinces if p.code == DEMO_PROVINCES[0])
        seed_demo_contest(province=hanoi, year=year)
        seed_demo_emulation(province=hanoi, year=year)
        seed_demo_reports(provinces=provinces, officer_commune=DEMO_OFFICER_COMMUNE)
        seed_situation_reports(provinces=provinces, officer_commune=DEMO_OFFICER_COMMUNE)
        seed_demo_directives(provinces=provinces, officer_commune=DEMO_OFFICER_COMMUNE)
        seed_demo_surveys(officer_commune=DEMO_OFFICER_COMMUNE)
        seed_demo_index(provinces=provinces)
        seed_demo_meetings(officer_commune=DEMO_OFFICER_COMMUNE)
        seed_demo_consultations(officer_commune=DEMO_OFFICER_COMMUNE)
        seed_demo_supervision(officer_commune=DEMO_OFFICER_COMMUNE)
        seed_demo_campaigns(officer_commune=DEMO_OFFICER_COMMUNE)
        # The dashboards read past months from the monthly figures (the worker keeps them).
        refresh_since(first=add_months(month_start(today()), -history_months))
        refresh_satisfaction_since(first=add_months(month_start(today()), -history_months))
        result.users_created = User.objects.count() - users_before
        SeedRun.objects.update_or_create(
            profile="demo",
            defaults={
                "summary": {
                    "organizations_created": result.organizations_created,
                    "users_created": result.users_created,
                }
            },
        )
    _analyze_after_bulk_load()
    # After the commit: the analysis reads what the seed wrote, in transactions of its own.
    seed_demo_insights(officer_commune=DEMO_OFFICER_COMMUNE)
    return result


def _analyze_after_bulk_load() -> None:
    """Refresh PostgreSQL's planner statistics: right after a bulk load they still describe
    empty tables, and the planner picks plans 1,000 times slower until autovacuum catches up."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (AdminUnit, Organization, UnitSuccession):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def seed_national(*, progress: Progress | None = None) -> SeedResult:
    result = SeedResult(profile="national")
    result.units_created = load_admin_units(progress=progress).created
    result.organizations_created = ensure_bodies(_units_of(None), progress=progress)
    _analyze_after_bulk_load()
    SeedRun.objects.update_or_create(
        profile="national",
        defaults={
            "summary": {
                "organizations_created": result.organizations_created,
            }
        },
    )
    return result


__all__ = ["DEMO_PASSWORD", "SeedResult", "seed_demo", "seed_national"]
