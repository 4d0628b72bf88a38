"""Demo citizen matters for the demo provinces, made through the real services, so that
their deadlines, routing and history are what the platform would produce. Demo data only."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from danvan.accounts.models import Assignment, Role, User
from danvan.cases.models import Case, CaseField, Channel, ServiceTarget, TargetDayType
from danvan.cases.services import workflow
from danvan.cases.services.intake import PersonData, Submission, client_key, submit
from danvan.org.models import AdminUnit

TOPICS = [
    (
        "dat-dai",
        "Tranh chấp ranh giới đất",
        "Nhà bên cạnh xây tường lấn sang phần đất của gia đình tôi khoảng 0,5 m.",
    ),
    (
        "moi-truong",
        "Xưởng gỗ gây ô nhiễm tiếng ồn",
        "Xưởng gỗ trong ngõ chạy máy đến 23 giờ hằng đêm, ảnh hưởng giấc ngủ.",
    ),
    (
        "giao-thong",
        "Đường ngập sau mưa",
        "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn, xe máy chết máy giữa đường.",
    ),
    (
        "an-sinh-xa-hoi",
        "Chậm chi trả trợ cấp",
        "Mẹ tôi thuộc diện bảo trợ xã hội nhưng ba tháng nay chưa nhận trợ cấp.",
    ),
    (
        "xay-dung-do-thi",
        "Công trình xây dựng không phép",
        "Một công trình đang xây 5 tầng trong khi khu vực chỉ cho phép 3 tầng.",
    ),
    (
        "y-te",
        "Trạm y tế thiếu thuốc",
        "Trạm y tế xã thường xuyên hết thuốc điều trị tăng huyết áp.",
    ),
    (
        "can-bo-cong-chuc",
        "Cán bộ gây khó khăn khi làm thủ tục",
        "Cán bộ một cửa yêu cầu bổ sung giấy tờ không có trong quy định.",
    ),
]
KINDS = ["feedback", "proposal", "complaint", "denunciation", "feedback", "proposal"]
DEMO_CLIENT = "demo"
DEMO_CITIZEN = "congdan"
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def _commune_officer(unit: AdminUnit) -> User | None:
    assignment = (
        Assignment.objects.current()
        .filter(organization__unit=unit, organization__kind="peoples_committee", role=Role.OFFICER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def seed_demo_cases(
    *, officers: list[User], citizen_commune: str = "", per_commune: int = 6, communes: int = 6
) -> int:
    """A few matters in each of the first communes of the demo provinces, at every stage,
    moved along by each province's demo leader (`officers`) and handed to the commune's
    officer; the demo citizen sent four of them, in `citizen_commune`, from her account."""
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not secrets
    fields = {f.code: f for f in CaseField.objects.all()}
    citizen = User.objects.filter(username=DEMO_CITIZEN).first()
    made = 0
    for officer in officers:
        org = officer.assignments.first().organization  # type: ignore[union-attr]
        _demo_target(org.province_id)
        units = list(
            AdminUnit.objects.current()
            .filter(province_id=org.province_id, level="commune")
            .order_by("code")[:communes]
        )
        for unit in units:
            handler = _commune_officer(unit)
            for i in range(per_commune):
                key = f"demo-{unit.code}-{i}"
                if (
                    made == 0
                    and Case.objects.filter(
                        idempotency_key=client_key(key, client=DEMO_CLIENT)
                    ).exists()
                ):
                    return 0  # seeded before
                code, title, content = rng.choice(TOPICS)
                received = timezone.now() - dt.timedelta(days=rng.randint(0, 45), hours=i)
                result = submit(
                    submission=Submission(
                        title=title,
                        content=content,
                        channel=rng.choice(
                            [Channel.WEB, Channel.WEB, Channel.IN_PERSON, Channel.LETTER]
                        ),
                        unit=unit,
                        field=fields.get(code),
                        received_at=received,
                        person=PersonData(
                            full_name=f"{rng.choice(NAMES)} (demo)",
                            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                            consent=True,
                        ),
                    ),
                    idempotency_key=key,
                    client=DEMO_CLIENT,
                    # The demo citizen's own matters, one at each stage, in her ward.
                    account=citizen if unit.code == citizen_commune and i < 4 else None,
                )
                if result.created:
                    made += 1
                    _advance(result.case, officer, stage=i % 4, rng=rng, handler=handler)
    return made


def _advance(
    case: Case, officer: User, *, stage: int, rng: random.Random, handler: User | None
) -> None:
    """Stage 0: left as received; 1: classified; 2: accepted; 3: answered and rated. The
    leader gives accepted matters to the commune's officer, when it has one."""
    if stage < 1 or not officer.has_perm("cases.change_case", case):
        return
    workflow.classify(actor=officer, case=case, kind=rng.choice(KINDS), field=case.field)
    if stage < 2:
        return
    workflow.accept(actor=officer, case=case)
    if handler is not None:
        workflow.assign(actor=officer, case=case, officer=handler)
    if stage < 3:
        _decide(case, officer, rng)
        return
    workflow.answer(
        actor=officer,
        case=case,
        text="Ủy ban đã kiểm tra thực tế và xử lý theo quy định; kết quả như sau. (demo)",
    )
    workflow.rate(case=case, rating=rng.randint(3, 5))


def _demo_target(province_id: int | None) -> None:
    """The province's own target for answering feedback (demo figure, labelled as such)."""
    if province_id is None:
        return
    ServiceTarget.objects.get_or_create(
        province_id=province_id,
        field=None,
        effective_from=dt.date(2025, 7, 1),
        defaults={
            "days": 15,
            "day_type": TargetDayType.WORKING,
            "source": "Dữ liệu minh họa (demo): chỉ tiêu trả lời phản ánh, kiến nghị",
        },
    )


def _decide(case: Case, officer: User, rng: random.Random) -> None:
    """Some accepted matters carry a decision on their period, as real ones do."""
    number, day = f"{rng.randint(10, 99)}/QĐ-UBND (demo)", timezone.localdate()
    if case.kind == "denunciation" and rng.random() < 0.5:
        workflow.extend(
            actor=officer,
            case=case,
            reason="Phải xác minh tại nhiều nơi. (demo)",
            document_number=number,
            document_date=day,
        )
    elif case.kind == "complaint" and rng.random() < 0.5:
        workflow.suspend(
            actor=officer,
            case=case,
            reason="Chờ kết quả đo đạc của cơ quan chuyên môn. (demo)",
            document_number=number,
            document_date=day,
        )
