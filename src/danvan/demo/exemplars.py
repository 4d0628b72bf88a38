"""Demo "Dân vận khéo" models (labelled demo data): registered by communes and taken through
the real services — building, results, evaluation and recognition by the province, a few
replications — so that the showcase, its map and the figures have something to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danvan.accounts.models import User
from danvan.exemplars import services
from danvan.exemplars.models import Criterion, Exemplar, ExemplarField, ExemplarKind, SubField
from danvan.org.models import AdminUnit, Organization, OrganizationKind

from .network import code_for
from .people import DEMO_EMAIL_DOMAIN


@dataclass(frozen=True)
class DemoModel:
    kind: str
    name: str
    holder: str
    field: str
    subfield: str
    description: str
    results: dict[str, int]
    consent: bool = False


MODELS = [
    DemoModel(
        ExemplarKind.COLLECTIVE,
        "Hiến đất mở đường, xây dựng nông thôn mới (demo)",
        "Nhân dân thôn Đông",
        ExemplarField.ECONOMY,
        "nong-thon-moi",
        "Ban công tác Mặt trận vận động nhân dân tự nguyện hiến đất, góp công làm đường "
        "liên thôn rộng 5 mét, không phải đền bù, hoàn thành trước kế hoạch.",
        {"land_donated": 3200, "road_built": 2, "money_raised": 850_000_000},
    ),
    DemoModel(
        ExemplarKind.COLLECTIVE,
        "Tổ tự quản an ninh trật tự khu dân cư (demo)",
        "Tổ dân phố số 3",
        ExemplarField.DEFENCE_SECURITY,
        "an-ninh-trat-tu",
        "Tổ tự quản tuần tra ban đêm, hòa giải mâu thuẫn ở cơ sở, ba năm liền không có tội "
        "phạm hình sự trên địa bàn.",
        {"households_helped": 420},
    ),
    DemoModel(
        ExemplarKind.INDIVIDUAL,
        "Giúp hộ nghèo phát triển sinh kế (demo)",
        "Nguyễn Thị Hoa",
        ExemplarField.ECONOMY,
        "giam-ngheo-ben-vung",
        "Hội viên phụ nữ cho hộ nghèo mượn giống, vốn không lấy lãi và hướng dẫn kỹ thuật "
        "chăn nuôi; nhiều hộ đã thoát nghèo.",
        {"households_helped": 27, "money_raised": 180_000_000},
        consent=True,
    ),
    DemoModel(
        ExemplarKind.COLLECTIVE,
        "Một cửa thân thiện, trả kết quả tại nhà (demo)",
        "Bộ phận tiếp nhận và trả kết quả",
        ExemplarField.POLITICAL_SYSTEM,
        "cai-cach-hanh-chinh",
        "Công chức hướng dẫn người dân làm thủ tục trực tuyến và trả kết quả tại nhà cho "
        "người cao tuổi, người khuyết tật.",
        {"households_helped": 1350},
    ),
    DemoModel(
        ExemplarKind.INDIVIDUAL,
        "Cựu chiến binh gương mẫu vận động hiến đất (demo)",
        "Trần Văn Bình",
        ExemplarField.CULTURE_SOCIETY,
        "an-sinh-xa-hoi",
        "Cựu chiến binh đi đầu hiến đất, vận động các hộ trong xóm cùng góp đất làm nhà văn "
        "hóa và sân chơi cho trẻ em.",
        {"land_donated": 450},
    ),
]


def _officer_for(org: Organization) -> User | None:
    return User.objects.filter(assignments__organization=org, is_active=True).order_by("pk").first()


def seed_demo_exemplars(*, provinces: list[AdminUnit], year: int) -> int:
    """Five models per demo province (idempotent: nothing if the province already has some)."""
    made = 0
    criteria = list(Criterion.objects.filter(active=True))
    subfields = {s.code: s for s in SubField.objects.all()}
    for province in provinces:
        if Exemplar.objects.filter(province=province).exists():
            continue
        commission = Organization.objects.get(code=code_for(province, "BTGDV"))
        leader = _officer_for(commission)
        committees = list(
            Organization.objects.current()
            .filter(province=province, level="commune", kind=OrganizationKind.PEOPLES_COMMITTEE)
            .select_related("current_unit")
            .order_by("code")[: len(MODELS) + 2]
        )
        if leader is None or len(committees) < len(MODELS):
            continue
        for i, spec in enumerate(MODELS):
            body = committees[i]
            # The office contact a visitor of the showcase is given (demo addresses only).
            Organization.objects.filter(pk=body.pk).update(
                address=f"Trụ sở {body.name} (demo)",
                email=f"{body.code.lower()}@{DEMO_EMAIL_DOMAIN}",
            )
            exemplar = services.register(
                actor=leader,
                organization=body,
                kind=spec.kind,
                name=spec.name,
                holder_name=spec.holder,
                field=spec.field,
                year=year - 1,
                description=spec.description,
                subfields=[subfields[spec.subfield]] if spec.subfield in subfields else [],
                public_consent=spec.consent,
                results=spec.results,
            )
            services.start_building(actor=leader, exemplar=exemplar)
            # Every demo model passes: full marks less a little, criterion by criterion.
            scores = {c.code: max(c.max_score - (i % 3), 0) for c in criteria}
            services.evaluate(
                actor=leader, exemplar=exemplar, by=commission, scores=scores, comment="(demo)"
            )
            services.recognize(
                actor=leader,
                exemplar=exemplar,
                by=commission,
                decision_number=f"{100 + i}/QĐ-BTGDV (demo)",
                decision_date=dt.date(year - 1, 12, 15),
            )
            if i < 2:
                services.record_replication(
                    actor=leader,
                    exemplar=exemplar,
                    organization=committees[-1],
                    adopted_on=dt.date(year, 3, 1),
                    note="(demo)",
                )
            made += 1
    return made
