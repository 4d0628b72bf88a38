"""A demo Hội thi "Dân vận khéo" (labelled demo data), run through the real services: the Hà
Nội commission organizes it, two preliminary rounds by cluster and a final, three judges,
teams of commune People's Committees; the results are published, so the public results page,
the score sheets and the summary have something to show."""

from __future__ import annotations

import datetime as dt

from danvan.accounts.models import User
from danvan.contests import services
from danvan.contests.models import Contest, RoundKind
from danvan.org.models import AdminUnit, EmulationCluster, Organization, OrganizationKind

from .network import code_for

NAME = "Hội thi “Dân vận khéo” Thành phố Hà Nội năm {year} (demo)"
CRITERIA = [
    services.CriterionInput("Nội dung, tính thiết thực của mô hình", "40", "1", tie_break=1),
    services.CriterionInput("Hình thức thể hiện, sáng tạo", "30", "1", tie_break=2),
    services.CriterionInput("Hiệu quả, khả năng nhân rộng", "30", "1"),
]
# Each judge's scores (criterion by criterion) for the n-th team of a round: a little spread.
BASE = [(34, 25, 25), (31, 26, 24), (30, 22, 23), (27, 21, 22)]


def _members(body: Organization) -> list[services.MemberInput]:
    return [
        services.MemberInput(f"Đội trưởng {body.short_name or body.name} (demo)", "", "captain"),
        services.MemberInput("Thành viên 1 (demo)", "Bí thư Chi bộ thôn"),
        services.MemberInput("Thành viên 2 (demo)", "Chi hội trưởng Phụ nữ"),
    ]


def _score_round(round_, judges: list[User], teams: list, criteria: list) -> None:
    for n, team in enumerate(teams):
        for j, judge in enumerate(judges):
            base = BASE[n % len(BASE)]
            values = [
                min(v + (j % 2), int(c.max_score)) for v, c in zip(base, criteria, strict=True)
            ]
            services.record_scores(
                actor=judge,
                round=round_,
                team=team,
                scores={c.pk: str(v) for c, v in zip(criteria, values, strict=True)},
            )
    for judge in judges:
        services.submit_sheet(actor=judge, round=round_)


def seed_demo_contest(*, province: AdminUnit, year: int) -> bool:
    """Idempotent: nothing when the demo contest exists or the demo staff are missing."""
    name = NAME.format(year=year)
    if Contest.objects.filter(name=name).exists():
        return False
    commission = Organization.objects.get(code=code_for(province, "BTGDV"))
    judges = list(
        User.objects.filter(username__in=["lanhdao", "quantri", f"demo{province.code}_0"])
    )
    organizer = next((u for u in judges if u.username == "lanhdao"), None)
    committees = list(
        Organization.objects.current()
        .filter(province=province, level="commune", kind=OrganizationKind.PEOPLES_COMMITTEE)
        .order_by("code")[10:18]
    )
    if organizer is None or len(judges) < 3 or len(committees) < 8:
        return False
    judges.sort(key=lambda u: u.username != "lanhdao")  # the head judge first
    contest = services.create_contest(
        actor=organizer,
        organizer=commission,
        settings=services.ContestSettings(
            name=name,
            year=year,
            description="Hội thi dành cho các xã, phường (dữ liệu demo).",
            aggregation="mean",
            advance_count=2,
            consolation_prizes=1,
        ),
    )
    criteria = services.set_criteria(actor=organizer, contest=contest, criteria=CRITERIA)
    rounds = []
    for i, group in enumerate((committees[:4], committees[4:])):
        cluster = EmulationCluster.objects.create(
            year=year,
            name=f"Cụm thi đua số {i + 2} — Hà Nội (demo)",
            kind="cluster",
            organizer=commission,
            province=province,
        )
        cluster.members.set(group)
        rounds.append(
            services.add_round(
                actor=organizer,
                contest=contest,
                kind=RoundKind.PRELIMINARY,
                name=f"Vòng sơ khảo cụm số {i + 2}",
                cluster=cluster,
                held_on=dt.date(year, 9, 10 + i),
                place="Hội trường UBND phường (demo)",
            )
        )
    final = services.add_round(
        actor=organizer,
        contest=contest,
        kind=RoundKind.FINAL,
        name="Vòng chung khảo",
        held_on=dt.date(year, 10, 15),
        place="Cung Văn hóa Hữu nghị (demo)",
    )
    for round_ in (*rounds, final):
        for k, judge in enumerate(judges):
            services.assign_judge(
                actor=organizer, round=round_, user=judge, is_head=k == 0, organization=commission
            )
    services.open_registration(actor=organizer, contest=contest)
    teams = {
        body.pk: services.register_team(
            actor=organizer,
            contest=contest,
            organization=body,
            name=f"Đội {body.name}",
            performance_title=f"Tiểu phẩm “Dân vận khéo ở cơ sở” — {body.short_name or body.name}",
            members=_members(body),
        )
        for body in committees
    }
    services.start_preliminary(actor=organizer, contest=contest)
    for round_, group in zip(rounds, (committees[:4], committees[4:]), strict=True):
        _score_round(round_, judges, [teams[b.pk] for b in group], criteria)
        services.close_round(actor=judges[0], round=round_)
    entries = services.advance_to_final(actor=organizer, contest=contest)
    _score_round(final, judges, [e.team for e in entries], criteria)
    services.close_round(actor=judges[0], round=final)
    services.publish_results(actor=organizer, contest=contest)
    return True
