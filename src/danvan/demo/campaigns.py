"""Demo campaigns, funds, households supported and community teams (DEMO DATA), in Hà Nội and
the demo officer's ward.

- Funds for the Poor of the centre, the city and six Hà Nội communes (the demo ward's among
  them), and the city's relief fund; all published but one commune's. Eleven months of
  donations (persons, businesses, anonymous; a share acknowledged by name with consent),
  transfers from the communes up to the city (most reconciled, one waiting), the city's
  support down to the ward for house building, and the ward's disbursements: scholarships,
  health insurance cards, Tết gifts, house repairs, a great-solidarity house approved by the
  fund's board ("lanhdaoxa" sits on it) and one house still waiting for the board.
- Campaigns: the standing "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh" of the
  city's Front with targets per commune and results (land, labour days, houses), this year's
  peak month for the poor (closed and evaluated), and a relief appeal of the centre.
- The ward's list of 36 households (names, identity numbers and phones generated, encrypted
  like real ones) and what each received.
- Four community teams of the ward with members, tasks and a year of activities.

The ward's Front officer ("mattran") records what the ward's fund and list hold; the rest is
recorded by the platform. Names end in "(demo)"; seeding again creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.exceptions import ValidationError

from danvan.accounts.models import User
from danvan.campaigns.models import (
    BoardPosition,
    Campaign,
    CampaignKind,
    DonorKind,
    Fund,
    FundKind,
    Household,
    HouseholdCategory,
    Measure,
    Method,
    Purpose,
    Rating,
    SupportSource,
    TeamKind,
)
from danvan.campaigns.services import campaigns as campaign_services
from danvan.campaigns.services import households as household_services
from danvan.campaigns.services import ledger
from danvan.campaigns.services import teams as team_services
from danvan.lib.dates import today
from danvan.org.models import Organization, OrganizationKind

SEED = 21
WARD_FUND = "Quỹ Vì người nghèo {place} (demo)"
PEOPLE = [
    "Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Mai", "Phạm Quốc Bảo", "Hoàng Thị Thu",
    "Vũ Đức Thắng", "Đặng Thị Hạnh", "Bùi Văn Long", "Đỗ Thị Ngọc", "Ngô Minh Tuấn",
    "Dương Thị Hoa", "Lý Văn Phúc", "Phan Thị Yến", "Trịnh Văn Sơn", "Đinh Thị Loan",
    "Mai Xuân Trường", "Tạ Thị Bích", "Chu Văn Khánh", "Lương Thị Nga", "Hồ Văn Đạt",
]  # fmt: skip
BUSINESSES = [
    "Công ty TNHH Thương mại Hồng Hà", "Ngân hàng TMCP Phố Cổ — Chi nhánh Ba Đình",
    "Công ty Cổ phần Xây dựng Sông Đà 9", "Hộ kinh doanh Phở Thìn", "Hội doanh nhân trẻ phường",
    "Chi hội Phụ nữ tổ dân phố 4", "Trường THCS Nguyễn Trãi", "Công ty TNHH Dược phẩm An Khang",
]  # fmt: skip


def _people(rng: random.Random) -> str:
    return rng.choice(PEOPLE)


def _place(body: Organization) -> str:
    return body.unit.name if body.unit is not None else body.name


def _on(day: dt.date) -> dt.date:
    return min(day, today())


def _funds(ward_front: Organization, communes: list[Organization]) -> dict[str, Fund]:
    city_front = Organization.objects.get(
        kind=OrganizationKind.FATHERLAND_FRONT, level="province", province=ward_front.province
    )
    central = Organization.objects.get(code="TW-MTTQ")
    opened = dt.date(today().year - 3, 1, 1)

    def open_(keeper: Organization, name: str, kind: str = FundKind.FOR_THE_POOR) -> Fund:
        return ledger.open_fund(
            actor=None,
            keeper=keeper,
            spec=ledger.FundSpec(
                name=name,
                kind=kind,
                opened_on=opened,
                description="Quỹ được vận động từ cán bộ, đảng viên, doanh nghiệp và nhân dân; "
                "chi hỗ trợ hộ nghèo, hộ cận nghèo, người có hoàn cảnh khó khăn. (demo)",
                bank_account="Số tài khoản 1234 5678 9012 — Ngân hàng minh họa (demo)",
            ),
        )

    funds = {
        "central": open_(central, "Quỹ Vì người nghèo Trung ương (demo)"),
        "city": open_(city_front, f"Quỹ Vì người nghèo {_place(city_front)} (demo)"),
        "relief": open_(city_front, f"Quỹ Cứu trợ {_place(city_front)} (demo)", FundKind.RELIEF),
        "ward": open_(ward_front, WARD_FUND.format(place=_place(ward_front))),
    }
    for i, body in enumerate(communes):
        funds[f"c{i}"] = open_(body, WARD_FUND.format(place=_place(body)))
    for key, fund in funds.items():
        if key != f"c{len(communes) - 1}":  # one commune has not published yet
            ledger.publish_fund(actor=None, fund=fund, published=True)
    return funds


def _campaigns(
    city_front: Organization, central: Organization, bodies: list[Organization]
) -> dict[str, Campaign]:
    year = today().year
    s = campaign_services
    rural = s.create_campaign(
        actor=None,
        spec=s.CampaignSpec(
            name="Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh (demo)",
            kind=CampaignKind.STANDING,
            organizer=city_front,
            starts_on=dt.date(year, 1, 1),
            description="Cuộc vận động thường xuyên của Ủy ban MTTQ thành phố: hiến đất, góp "
            "công mở rộng ngõ, xây nhà Đại đoàn kết, giúp hộ nghèo thoát nghèo bền vững.",
            criteria="Đạt từ 100% chỉ tiêu: hoàn thành xuất sắc; từ 80%: hoàn thành tốt; từ "
            "50%: hoàn thành.",
        ),
    )
    s.set_bodies(actor=None, campaign=rural, bodies=bodies)
    targets: dict[tuple[int, str], object] = {}
    for body in bodies:
        targets[(body.pk, Measure.MONEY)] = 200_000_000
        targets[(body.pk, Measure.LAND)] = 500
        targets[(body.pk, Measure.LABOUR)] = 300
        targets[(body.pk, Measure.HOUSES)] = 3
        targets[(body.pk, Measure.HOUSEHOLDS)] = 20
    s.set_targets(actor=None, campaign=rural, targets=targets)
    s.launch(actor=None, campaign=rural)
    s.publish(actor=None, campaign=rural, published=True)
    peak = s.create_campaign(
        actor=None,
        spec=s.CampaignSpec(
            name=f"Tháng cao điểm “Vì người nghèo” năm {year} (demo)",
            kind=CampaignKind.TIME_BOUND,
            organizer=city_front,
            starts_on=_on(dt.date(year, 10, 17)),
            ends_on=_on(dt.date(year, 11, 18)),
            description="Từ 17/10 (Ngày vì người nghèo) đến 18/11 (Ngày hội Đại đoàn kết).",
        ),
    )
    s.set_bodies(actor=None, campaign=peak, bodies=bodies)
    s.set_targets(
        actor=None,
        campaign=peak,
        targets={(b.pk, Measure.HOUSEHOLDS): 10 for b in bodies},
    )
    s.launch(actor=None, campaign=peak)
    relief = s.create_campaign(
        actor=None,
        spec=s.CampaignSpec(
            name="Ủng hộ đồng bào miền Trung khắc phục thiệt hại do mưa lũ (demo)",
            kind=CampaignKind.EMERGENCY,
            organizer=central,
            starts_on=_on(dt.date(year, 9, 20)),
            ends_on=_on(dt.date(year, 11, 30)),
            description="Lời kêu gọi của Ủy ban Trung ương MTTQ Việt Nam (dữ liệu minh họa).",
        ),
    )
    s.set_bodies(actor=None, campaign=relief, bodies=[city_front])
    s.launch(actor=None, campaign=relief)
    s.publish(actor=None, campaign=relief, published=True)
    return {"rural": rural, "peak": peak, "relief": relief}


def _households(
    ward_front: Organization, actor: User | None, rng: random.Random
) -> list[Household]:
    categories = (
        [HouseholdCategory.POOR] * 8
        + [HouseholdCategory.NEAR_POOR] * 10
        + [HouseholdCategory.MERITORIOUS] * 6
        + [HouseholdCategory.HARDSHIP] * 6
        + [HouseholdCategory.LONELY_ELDERLY] * 3
        + [HouseholdCategory.DISABLED] * 2
        + [HouseholdCategory.ORPHAN]
    )
    made = []
    for n, category in enumerate(categories, start=1):
        name = _people(rng)
        made.append(
            household_services.add_household(
                actor=actor,
                keeper=ward_front,
                spec=household_services.HouseholdSpec(
                    code=f"BD-{today().year}-{n:03d}",
                    category=category,
                    list_year=today().year,
                    village=f"Tổ dân phố {rng.randint(1, 8)}",
                    members=rng.randint(1, 6),
                    head_name=name,
                    id_number=f"001{rng.randint(10**8, 10**9 - 1)}",
                    address=f"Số {rng.randint(1, 120)}, ngõ {rng.randint(1, 40)} (demo)",
                    phone=f"09{rng.randint(10**7, 10**8 - 1)}",
                    circumstances="Hoàn cảnh khó khăn, thu nhập thấp (dữ liệu minh họa).",
                ),
            )
        )
    return made


def _donations(
    fund: Fund,
    actor: User | None,
    rng: random.Random,
    n: int,
    *,
    campaign: Campaign | None,
    scale: int = 1,
    days: int = 330,
) -> None:
    for _i in range(n):
        kind = rng.choices(
            [DonorKind.PERSON, DonorKind.BODY, DonorKind.ANONYMOUS], weights=[5, 2, 2]
        )[0]
        big = kind == DonorKind.BODY
        amount = rng.randint(50, 5000 if big else 500) * 10_000 * scale
        method = rng.choices([Method.CASH, Method.TRANSFER, Method.IN_KIND], weights=[5, 4, 1])[0]
        ledger.record_receipt(
            actor=actor,
            fund=fund,
            spec=ledger.ReceiptSpec(
                amount=amount,
                entry_date=today() - dt.timedelta(days=rng.randint(1, days)),
                method=method,
                in_kind_items="Gạo, dầu ăn, sách vở (quy ra tiền)"
                if method == Method.IN_KIND
                else "",
                donor_kind=kind,
                donor_name=rng.choice(BUSINESSES) if big else _people(rng),
                publish_name=kind != DonorKind.ANONYMOUS and rng.random() < 0.6,
                receipt_number=f"PT-{rng.randint(100, 999)}",
                campaign=campaign if campaign is not None and rng.random() < 0.7 else None,
            ),
        )


def _pay(fund: Fund, actor: User | None, **spec: Any) -> Any:
    try:
        return ledger.request_disbursement(
            actor=actor, fund=fund, spec=ledger.DisbursementSpec(**spec), confirm_repeat=True
        )
    except ValidationError:  # the fund ran short in this draw: the demo pays what it can
        return None


def _ward_spending(
    fund: Fund, keeper: User | None, board: User | None, homes: list[Household], rng: random.Random
) -> None:
    year = today().year
    poor = [h for h in homes if h.category in (HouseholdCategory.POOR, HouseholdCategory.NEAR_POOR)]
    for h in homes[:20]:
        _pay(
            fund, keeper, amount=500_000, purpose=Purpose.GIFTS, household=h,
            description="Quà Tết Nguyên đán", paid_on=_on(dt.date(year, 2, 10)),
        )  # fmt: skip
    for h in poor[:8]:
        _pay(
            fund, keeper, amount=rng.choice([1_000_000, 1_500_000, 2_000_000]),
            purpose=Purpose.SCHOLARSHIP, household=h, description="Học bổng cho học sinh",
            paid_on=_on(dt.date(year, 9, 5)),
        )  # fmt: skip
    for h in poor[8:16]:
        _pay(
            fund, keeper, amount=756_000, purpose=Purpose.HEALTH_INSURANCE, household=h,
            description="Thẻ bảo hiểm y tế", paid_on=_on(dt.date(year, 3, 15)),
        )  # fmt: skip
    for h in poor[:2]:
        _pay(
            fund, keeper, amount=8_000_000, purpose=Purpose.HOUSE_REPAIR, household=h,
            description="Sửa chữa mái nhà", paid_on=_on(dt.date(year, 6, 20)),
            decision_number=f"{rng.randint(10, 40)}/QĐ-MTTQ",
        )  # fmt: skip
    built = _pay(
        fund,
        keeper,
        amount=60_000_000,
        purpose=Purpose.HOUSE_BUILDING,
        household=poor[2],
        description="Xây nhà Đại đoàn kết",
        decision_number="45/QĐ-MTTQ",
        decision_date=_on(dt.date(year, 8, 1)),
        paid_on=_on(dt.date(year, 8, 5)),
    )
    if built is not None and board is not None:
        ledger.approve_disbursement(actor=board, request=built, note="Đồng ý theo đề nghị.")
    _pay(
        fund,
        keeper,
        amount=50_000_000,
        purpose=Purpose.HOUSE_BUILDING,
        household=poor[3],
        description="Xây nhà Đại đoàn kết — chờ Ban vận động quỹ duyệt",
        decision_number="61/QĐ-MTTQ",
        decision_date=today() - dt.timedelta(days=2),
    )
    mistake = ledger.record_receipt(
        actor=keeper,
        fund=fund,
        spec=ledger.ReceiptSpec(
            amount=1_000_000,
            entry_date=today() - dt.timedelta(days=20),
            method=Method.CASH,
            donor_kind=DonorKind.ANONYMOUS,
            receipt_number="PT-000",
        ),
    )
    ledger.reverse_entry(actor=keeper, entry=mistake, reason="Ghi trùng phiếu thu PT-000")


def _results(campaign: Campaign, bodies: list[Organization], rng: random.Random) -> None:
    for body in bodies:
        for measure, low, high in (
            (Measure.LAND, 80, 400),
            (Measure.LABOUR, 50, 250),
            (Measure.HOUSES, 1, 2),
            (Measure.HOUSEHOLDS, 5, 15),
        ):
            campaign_services.report_result(
                actor=None,
                campaign=campaign,
                organization=body,
                measure=measure,
                quantity=rng.randint(low, high),
                achieved_on=today() - dt.timedelta(days=rng.randint(10, 200)),
                note="Số liệu tổng hợp từ các tổ dân phố (demo).",
            )


def _teams(ward_front: Organization, actor: User | None, rng: random.Random) -> None:
    t = team_services
    year = today().year
    specs = [
        ("Tổ COVID-19 cộng đồng tổ dân phố 3 (demo)", TeamKind.COVID, "Tổ dân phố 3", 2021),
        ("Tổ tự quản an ninh trật tự tổ dân phố 5 (demo)", TeamKind.SECURITY, "Tổ dân phố 5", 2019),
        ("Tổ hòa giải cơ sở tổ dân phố 1 (demo)", TeamKind.MEDIATION, "Tổ dân phố 1", 2018),
        ("Đội thanh niên tình nguyện phường (demo)", TeamKind.VOLUNTEER, "Toàn phường", 2020),
    ]
    for name, kind, area, founded_year in specs:
        founded = dt.date(founded_year, 3, 26)
        team = t.create_team(
            actor=actor,
            organization=ward_front,
            spec=t.TeamSpec(name=name, kind=kind, area=area, founded_on=founded),
        )
        for i in range(rng.randint(5, 8)):
            t.add_member(
                actor=actor,
                team=team,
                spec=t.MemberSpec(
                    full_name=_people(rng),
                    role="leader" if i == 0 else "deputy" if i == 1 else "member",
                    joined_on=founded,
                    phone=f"09{rng.randint(10**7, 10**8 - 1)}",
                ),
            )
        covid = kind == TeamKind.COVID
        # The COVID-19 teams worked from 2021 until the epidemic ended; the others this year.
        first = founded if covid else dt.date(year, 1, 1)
        last = dt.date(2023, 4, 30) if covid else today()
        task = t.add_task(
            actor=actor,
            team=team,
            title="Nắm tình hình các hộ trên địa bàn, báo cáo hằng tháng",
            assigned_on=first,
            due_on=last,
        )
        day = first
        while day <= last:
            t.log_activity(
                actor=actor,
                team=team,
                spec=t.ActivitySpec(
                    held_on=day,
                    title=rng.choice(
                        [
                            "Thăm hỏi hộ khó khăn",
                            "Tuyên truyền phòng chống dịch bệnh",
                            "Hòa giải mâu thuẫn giữa hai hộ",
                            "Tuần tra an ninh khu dân cư",
                            "Vệ sinh môi trường ngõ xóm",
                        ]
                    ),
                    participants=rng.randint(3, 8),
                    people_reached=rng.randint(10, 80),
                    households_visited=rng.randint(2, 20),
                    task=task,
                ),
            )
            day += dt.timedelta(days=rng.randint(12, 45) if covid else rng.randint(8, 25))
        if covid:
            t.dissolve_team(actor=actor, team=team, dissolved_on=dt.date(2023, 5, 15))


def seed_demo_campaigns(*, officer_commune: str) -> int:
    """Returns the ledger entries made (0 when the demo was seeded before)."""
    if Fund.objects.filter(name__endswith="(demo)").exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
    ward_front = Organization.objects.get(code=f"{officer_commune}-MTTQ")
    city_front = Organization.objects.get(
        kind=OrganizationKind.FATHERLAND_FRONT, level="province", province=ward_front.province
    )
    central = Organization.objects.get(code="TW-MTTQ")
    communes = list(
        Organization.objects.filter(
            kind=OrganizationKind.FATHERLAND_FRONT,
            level="commune",
            province=ward_front.province,
            valid_to__isnull=True,
        )
        .exclude(pk=ward_front.pk)
        .order_by("code")[:5]
    )
    keeper = User.objects.filter(username="mattran").first()
    board = User.objects.filter(username="lanhdaoxa").first()
    funds = _funds(ward_front, communes)
    if board is not None:
        ledger.seat_board_member(
            actor=None,
            fund=funds["ward"],
            user=board,
            position=BoardPosition.CHAIR,
            starts_on=dt.date(today().year - 1, 1, 1),
        )
    bodies = [ward_front, *communes]
    campaigns = _campaigns(city_front, central, bodies)
    homes = _households(ward_front, keeper, rng)
    _donations(funds["ward"], keeper, rng, 45, campaign=campaigns["rural"], scale=2)
    for i in range(len(communes)):
        _donations(funds[f"c{i}"], None, rng, 25, campaign=campaigns["rural"])
    _donations(funds["city"], None, rng, 30, campaign=campaigns["rural"], scale=5)
    _donations(funds["relief"], None, rng, 20, campaign=campaigns["relief"], scale=3, days=70)
    _donations(funds["central"], None, rng, 10, campaign=None, scale=20)
    # Communes send a share up to the city; the city sends house-building money down.
    for i in range(len(communes)):
        fund = funds[f"c{i}"]
        fund.refresh_from_db()
        transfer = ledger.send_transfer(
            actor=None,
            from_fund=fund,
            to_fund=funds["city"],
            amount=fund.balance // 5 // 1000 * 1000,
            sent_on=today() - dt.timedelta(days=rng.randint(15, 60)),
            reference=f"{rng.randint(10, 90)}/CV-MTTQ",
        )
        if i:  # the first is still waiting for the city to reconcile it
            ledger.reconcile_transfer(actor=None, transfer=transfer, receipt_number=f"PT-{i}")
    down = ledger.send_transfer(
        actor=None,
        from_fund=funds["city"],
        to_fund=funds["ward"],
        amount=60_000_000,
        sent_on=today() - dt.timedelta(days=150),
        reference="112/QĐ-MTTQ",
        note="Hỗ trợ xây nhà Đại đoàn kết",
    )
    ledger.reconcile_transfer(actor=None, transfer=down, receipt_number="PT-301")
    _ward_spending(funds["ward"], keeper, board, homes, rng)
    household_services.record_support(
        actor=keeper,
        household=homes[5],
        spec=household_services.SupportSpec(
            source=SupportSource.CAMPAIGN,
            purpose=Purpose.HOUSE_REPAIR,
            amount=0,
            given_on=today() - dt.timedelta(days=40),
            description="Đoàn viên thanh niên góp 20 ngày công sửa nhà",
            given_by=ward_front,
            campaign=campaigns["rural"],
        ),
        confirm_repeat=True,
    )
    _results(campaigns["rural"], bodies, rng)
    for i, body in enumerate(bodies[:3]):
        campaign_services.report_result(
            actor=None,
            campaign=campaigns["peak"],
            organization=body,
            measure=Measure.HOUSEHOLDS,
            quantity=12 - 3 * i,
            achieved_on=_on(dt.date(today().year, 11, 10)),
        )
    campaign_services.close(actor=None, campaign=campaigns["peak"])
    for body, rating in zip(bodies[:3], (Rating.EXCELLENT, Rating.GOOD, Rating.DONE), strict=True):
        campaign_services.evaluate(
            actor=None, campaign=campaigns["peak"], organization=body, rating=rating
        )
    _teams(ward_front, keeper, rng)
    return sum(f.last_seq for f in Fund.objects.filter(name__endswith="(demo)"))
