"""Demo directives (DEMO DATA).

The registry holds the metadata of real central documents (central_documents.json: symbols,
issuers, dates and summaries as published, each with its public source), marked as demo
data. Two cascades show the module at work, with invented dates and results:

- Kết luận 236-KL/TW (Ban Bí thư, 15/01/2026) is cascaded by the central commission to every
  provincial Party committee, each of which studied it, issued its plan and cascaded it to
  its communes' Party committees — most on time, some late, some still past due;
- Luật 136/2025/QH15 is cascaded by Hà Nội's People's Committee to its communes' People's
  Committees twelve days ago, due in the coming weeks: a few have studied it, Phường Ba
  Đình's is left for the demo officer.

Every plan the demo registers says "(demo)" in its summary.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

from danvan.directives.models import (
    Cascade,
    CascadeRule,
    Document,
    DocumentKind,
    DocumentState,
    Duty,
    ReviewKind,
    StudyForm,
    Task,
)
from danvan.directives.services import cascade as cascades
from danvan.directives.services import documents, leaders, plans, register, reviews
from danvan.lib.dates import today
from danvan.lib.symbols import parse
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

DATA = Path(__file__).parent / "central_documents.json"
NOTE = "Dữ liệu minh họa (demo): siêu dữ liệu của văn bản thật, theo nguồn công khai."

_KINDS = {
    "Nghị quyết": DocumentKind.RESOLUTION,
    "Kết luận": DocumentKind.CONCLUSION,
    "Chỉ thị": DocumentKind.DIRECTIVE,
    "Quy định": DocumentKind.REGULATION,
    "Quyết định": DocumentKind.DECISION,
    "Hướng dẫn": DocumentKind.GUIDANCE,
    "Luật": DocumentKind.LAW,
    "Nghị định": DocumentKind.DECREE,
    "Thông tư": DocumentKind.CIRCULAR,
}


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_central_documents(registrar: Organization) -> dict[str, Document]:
    """The real central documents' metadata and their links; again, nothing new."""
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    found: dict[tuple[str, dt.date], Document] = {}
    for e in entries:
        signed_on = dt.date.fromisoformat(e["signed_on"])
        existing = Document.objects.filter(symbol=e["symbol"], signed_on=signed_on).first()
        if existing is None:
            existing = documents.register_document(
                spec=documents.DocumentSpec(
                    symbol=e["symbol"],
                    signed_on=signed_on,
                    summary=e["summary"],
                    kind=_KINDS.get(e["type"], ""),
                    issuer_name=e["issuer"],
                    term=e.get("term") or "",
                    signer_name=e.get("signer") or "",
                    signer_title=e.get("signer_title") or "",
                    effective_from=_day(e.get("effective_from")),
                    expires_on=_day(e.get("expires_on")),
                    public=True,
                    source=e.get("source") or "",
                    note=NOTE,
                ),
                registrar=registrar,
            )
        found[(existing.symbol, signed_on)] = existing
    for e in entries:
        source = found[(e["symbol"], dt.date.fromisoformat(e["signed_on"]))]
        for link in e.get("links", []):
            target = found.get((link["target"], dt.date.fromisoformat(link["target_signed_on"])))
            if target is not None:
                documents.link_documents(source=source, kind=link["kind"], target=target)
    return {symbol: doc for (symbol, _day_), doc in found.items()}


def _held(rng: random.Random, due: dt.date, *, late: bool) -> dt.date:
    return due + dt.timedelta(days=rng.randint(3, 20) if late else -rng.randint(0, 12))


def _fulfil(
    duty: Duty,
    rng: random.Random,
    *,
    plan_kind: str,
    plan_code: str,
    late: bool,
    with_plan: bool = True,
) -> None:
    assert duty.study_due is not None and duty.plan_due is not None
    held = min(_held(rng, duty.study_due, late=late), today())
    members = rng.randint(40, 400)
    cascades.record_study(
        document=duty.document,
        body=duty.body,
        held_on=held,
        form=rng.choice([StudyForm.IN_PERSON, StudyForm.COMBINED, StudyForm.ONLINE]),
        attendees=members + rng.randint(0, 30),
        party_members_attending=members - rng.randint(0, members // 10),
        party_members_total=members,
        place="Hội trường (demo)",
    )
    if not with_plan:
        return
    late = late or rng.random() < 0.15  # a plan often comes later than the session
    signed = max(min(_held(rng, duty.plan_due, late=late), today()), duty.document.signed_on)
    cascades.register_plan(
        duty=duty,
        spec=documents.DocumentSpec(
            symbol=f"{rng.randint(10, 99)}-{plan_kind}/{plan_code}",
            signed_on=signed,
            summary=f"Kế hoạch thực hiện {parse(duty.document.symbol).kind_name} số "
            f"{duty.document.symbol} (demo)",
            kind=DocumentKind.PLAN,
            note="Dữ liệu minh họa (demo)",
        ),
    )


def seed_demo_directives(*, provinces: list[AdminUnit], officer_commune: str) -> int:
    """Returns the number of duties made (0 when seeded before)."""
    if Cascade.objects.exists():
        return 0
    rng = random.Random(23)  # noqa: S311 - demo data, not security
    central = Organization.objects.get(code="TW-BTGDV")
    registry = load_central_documents(central)
    made = 0

    # 236-KL/TW: central → provinces → communes, months ago.
    conclusion = registry["236-KL/TW"]
    start = conclusion.signed_on + dt.timedelta(days=11)
    top = cascades.cascade(
        document=conclusion,
        issuer=central,
        rule=CascadeRule.BELOW,
        kinds=[OrganizationKind.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        study_due=start + dt.timedelta(days=45),
        plan_due=start + dt.timedelta(days=60),
        on=start,
    )
    made += top.duties.count()
    for duty in top.duties.select_related("document", "body").order_by("body__code"):
        _fulfil(duty, rng, plan_kind="KH", plan_code="TU", late=rng.random() < 0.3)
        assert duty.study_due is not None
        down = cascades.cascade(
            document=conclusion,
            issuer=duty.body,
            parent_duty=duty,
            rule=CascadeRule.BELOW,
            kinds=[OrganizationKind.PARTY_COMMITTEE],
            level=OrganizationLevel.COMMUNE,
            study_due=duty.study_due + dt.timedelta(days=60),
            plan_due=duty.study_due + dt.timedelta(days=75),
            on=duty.study_due + dt.timedelta(days=5),
        )
        made += down.duties.count()
        for commune in down.duties.select_related("document", "body").order_by("body__code"):
            roll = rng.random()
            if roll < 0.12:
                continue  # still past due
            _fulfil(
                commune,
                rng,
                plan_kind="KH",
                plan_code="ĐU",
                late=roll > 0.8,
                with_plan=rng.random() < 0.88,
            )

    # 136/2025/QH15: Hà Nội's People's Committee → its communes' People's Committees, now.
    law = registry.get("136/2025/QH15")
    hanoi = provinces[0]
    if law is not None:
        now = today()
        fresh = cascades.cascade(
            document=law,
            issuer=Organization.objects.get(code=f"{hanoi.code}-UBND"),
            rule=CascadeRule.BELOW,
            kinds=[OrganizationKind.PEOPLES_COMMITTEE],
            level=OrganizationLevel.COMMUNE,
            study_due=now + dt.timedelta(days=18),
            plan_due=now + dt.timedelta(days=33),
            on=max(now - dt.timedelta(days=12), law.signed_on),
        )
        made += fresh.duties.count()
        demo = f"{officer_commune}-UBND"
        for duty in fresh.duties.select_related("document", "body").order_by("body__code"):
            if duty.body.code == demo or rng.random() < 0.75:
                continue
            cascades.record_study(
                document=law,
                body=duty.body,
                held_on=now - dt.timedelta(days=rng.randint(0, 9)),
                form=StudyForm.IN_PERSON,
                attendees=rng.randint(25, 80),
                place="Hội trường Ủy ban nhân dân (demo)",
            )
        _hanoi_plan(law, hanoi, officer_commune, rng)
    _leaders_and_blocs(provinces, rng)
    _review(registry["25-NQ/TW"], central, rng)
    _outgoing(provinces[0], rng)
    assert Document.objects.filter(state=DocumentState.PROPOSED).count() == 0
    return made


def _hanoi_plan(law: Document, hanoi: AdminUnit, officer_commune: str, rng: random.Random) -> None:
    """Hà Nội People's Committee's own plan for the law, with targets and tasks: the city's
    steps, and one task per commune (a sample of them, Phường Ba Đình's among them)."""
    committee = Organization.objects.get(code=f"{hanoi.code}-UBND")
    now = today()
    signed = max(now - dt.timedelta(days=10), law.signed_on)
    document = documents.register_document(
        spec=documents.DocumentSpec(
            symbol=f"{rng.randint(200, 399)}/KH-UBND",
            signed_on=signed,
            summary="Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật "
            "Tiếp công dân, Luật Khiếu nại và Luật Tố cáo (demo)",
            kind=DocumentKind.PLAN,
            issuer=committee,
            note="Dữ liệu minh họa (demo)",
        ),
        registrar=committee,
    )
    documents.link_documents(source=document, kind="implements", target=law)
    workplan = plans.open_workplan(document=document)
    plans.add_target(
        workplan=workplan,
        name="Xã, phường tổ chức quán triệt Luật",
        unit="%",
        target_value=Decimal(100),
    )
    plans.add_target(
        workplan=workplan,
        name="Cán bộ tiếp công dân được tập huấn",
        unit="người",
        target_value=Decimal(1200),
    )

    def task(
        title: str, lead: Organization, days: int, parent: Task | None = None, weight: int = 1
    ) -> Task:
        return plans.add_task(
            workplan=workplan,
            spec=plans.TaskSpec(
                title=title,
                lead_body=lead,
                due_on=now + dt.timedelta(days=days),
                starts_on=signed,
                weight=weight,
                expected_output="Báo cáo kết quả (demo)",
            ),
            parent=parent,
        )

    briefing = task(
        "Tổ chức hội nghị quán triệt Luật cho cán bộ chủ chốt (demo)", committee, 5, weight=2
    )
    plans.report_progress(task=briefing, percent=100, narrative="Đã tổ chức hội nghị (demo)")
    training = task(
        "Tập huấn nghiệp vụ tiếp công dân theo Luật mới (demo)", committee, 25, weight=2
    )
    plans.report_progress(task=training, percent=40, narrative="Đã tập huấn 3/8 lớp (demo)")
    task("Rà soát, sửa đổi quy chế tiếp công dân của Thành phố (demo)", committee, -2)
    local = task("Triển khai thi hành Luật tại xã, phường (demo)", committee, 30, weight=3)
    communes = list(
        Organization.objects.filter(
            province_id=hanoi.pk,
            kind=OrganizationKind.PEOPLES_COMMITTEE,
            level=OrganizationLevel.COMMUNE,
        ).order_by("code")[:12]
    )
    demo_body = Organization.objects.filter(code=f"{officer_commune}-UBND").first()
    if demo_body is not None and demo_body not in communes:
        communes[-1] = demo_body
    for body in communes:
        item = task(f"Quán triệt, triển khai Luật tại {body.name} (demo)", body, 20, parent=local)
        if body == demo_body:
            continue  # left for the demo officer to report
        roll = rng.random()
        if roll < 0.45:
            plans.report_progress(task=item, percent=rng.choice([30, 50, 70]))
        elif roll < 0.75:
            plans.report_progress(task=item, percent=100)


_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_GIVEN = ("Văn Hùng", "Thị Lan", "Minh Tuấn", "Thu Hà", "Đức Anh", "Thị Mai", "Quốc Bảo")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)} (demo)"


def _leaders_and_blocs(provinces: list[AdminUnit], rng: random.Random) -> None:
    """Most People's Committees have named their leader in charge of mass mobilization, and
    most communes have set up their bloc; the rest are left for the demo to show as gaps."""
    start = dt.date(2025, 7, 1)  # the two-level local government
    for province in provinces:
        committees = Organization.objects.filter(
            province_id=province.pk, kind=OrganizationKind.PEOPLES_COMMITTEE
        ).order_by("code")
        for body in committees:
            if rng.random() < 0.8:
                leaders.designate_leader(
                    body=body,
                    name=_name(rng),
                    position="Phó Chủ tịch Ủy ban nhân dân",
                    valid_from=start + dt.timedelta(days=rng.randint(0, 90)),
                    decision=f"{rng.randint(10, 300)}/QĐ-UBND",
                )
        parties = Organization.objects.filter(
            province_id=province.pk,
            kind=OrganizationKind.PARTY_COMMITTEE,
            level=OrganizationLevel.COMMUNE,
        ).order_by("code")
        for party in parties:
            if rng.random() < 0.7:
                members = Organization.objects.filter(
                    current_unit_id=party.current_unit_id,
                    kind__in=[
                        OrganizationKind.FATHERLAND_FRONT,
                        OrganizationKind.PEOPLES_COMMITTEE,
                        OrganizationKind.WOMENS_UNION,
                        OrganizationKind.FARMERS_ASSOCIATION,
                    ],
                )
                leaders.establish_bloc(
                    party_committee=party,
                    head_name=_name(rng),
                    valid_from=start + dt.timedelta(days=rng.randint(0, 60)),
                    members=list(members),
                    decision=f"{rng.randint(10, 99)}-QĐ/ĐU",
                )


def _review(resolution: Document, central: Organization, rng: random.Random) -> None:
    """The ten-year review of Nghị quyết 25-NQ/TW asked of the provinces (dates, texts and
    figures invented)."""
    labels = ["Số hội nghị quán triệt", "Số mô hình “Dân vận khéo”"]
    review = reviews.open_round(
        document=resolution,
        caller=central,
        kind=ReviewKind.FINAL,
        years=10,
        title="Tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW (demo)",
        period_from=resolution.signed_on,
        period_to=dt.date(2023, 6, 30),
        due_on=dt.date(2023, 8, 15),
        rule=CascadeRule.BELOW,
        kinds=[OrganizationKind.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        figure_labels=labels,
        on=dt.date(2023, 6, 1),
    )
    for submission in review.submissions.select_related("body"):
        reviews.submit(
            submission=submission,
            results=f"{submission.body.name} đã quán triệt Nghị quyết đến 100% chi bộ; công tác "
            "dân vận của hệ thống chính trị có nhiều chuyển biến (demo).",
            shortcomings="Một số nơi còn hình thức, chưa sâu sát cơ sở (demo).",
            lessons="Cấp ủy quan tâm lãnh đạo; cán bộ gần dân, trọng dân (demo).",
            proposals="Tiếp tục tăng cường nguồn lực cho công tác dân vận ở cơ sở (demo).",
            figures={labels[0]: str(rng.randint(80, 400)), labels[1]: str(rng.randint(200, 900))},
            on=dt.date(2023, 8, rng.randint(1, 20)),
        )
    reviews.record_conference(
        review=review,
        held_on=dt.date(2023, 11, 28),
        participants=420,
        place="Hà Nội (demo)",
        note="Hội nghị tổng kết (demo).",
    )


def _outgoing(hanoi: AdminUnit, rng: random.Random) -> None:
    """A few numbered documents in the Hà Nội commission's register."""
    commission = Organization.objects.get(code=f"{hanoi.code}-BTGDV")
    ago = iter(sorted(rng.sample(range(1, 40), 4), reverse=True))  # numbered in date order
    for kind, summary in (
        ("BC", "Kết quả công tác dân vận tháng 10 năm 2026 (demo)"),
        ("TB", "Kết luận của Thường trực Ban về công tác dân vận quý III (demo)"),
        ("BC", "Kết quả công tác dân vận tháng 11 năm 2026 (demo)"),
        ("CV", "Đôn đốc học tập, quán triệt Kết luận số 236-KL/TW (demo)"),
    ):
        register.issue(
            body=commission,
            spec=register.OutgoingSpec(
                kind=kind,
                summary=summary,
                signer_name=_name(rng),
                signer_title="Phó Trưởng ban",
                signer_capacity="K/T Trưởng ban",
                recipients="Ban Tuyên giáo và Dân vận Trung ương (để báo cáo)",
                signed_on=today() - dt.timedelta(days=next(ago)),
            ),
        )
