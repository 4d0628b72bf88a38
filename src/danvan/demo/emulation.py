"""A demo emulation movement and award (labelled demo data), run through the real services:
the Hà Nội commission launches a "Dân vận khéo" movement, communes register, the cluster
scores them, and an award proposal goes to the city's People's Committee, which issues a
Bằng khen decision (downloadable as .docx) that appears in the honor roll."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.accounts.models import User
from danvan.emulation import services
from danvan.emulation.models import AwardKind, DocumentType, Movement, RecipientKind
from danvan.org.models import AdminUnit, EmulationCluster, Organization

from .network import code_for

NAME = "Phong trào thi đua “Dân vận khéo” năm {year} (demo)"
CRITERIA = [
    services.CriterionInput("Kết quả thực hiện nhiệm vụ dân vận", "50"),
    services.CriterionInput("Xây dựng, nhân rộng mô hình “Dân vận khéo”", "30"),
    services.CriterionInput("Phối hợp, đổi mới phương thức", "20"),
]
# A small one-page PDF for the dossier's documents (demo, says so).
PDF = b"%PDF-1.4\n% Tai lieu demo - Demo document\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def seed_demo_emulation(*, province: AdminUnit, year: int) -> bool:
    """Idempotent: nothing when the demo movement exists or the demo leader is missing."""
    name = NAME.format(year=year)
    leader = User.objects.filter(username="lanhdao").first()
    if leader is None or Movement.objects.filter(name=name).exists():
        return False
    commission = Organization.objects.get(code=code_for(province, "BTGDV"))
    committee = Organization.objects.get(code=code_for(province, "UBND"))
    cluster = EmulationCluster.objects.filter(
        organizer=commission, year=year, name__startswith="Cụm thi đua số 1"
    ).first()
    if cluster is None:
        return False
    members = list(cluster.members.order_by("code"))
    movement = services.create_movement(
        actor=leader,
        organization=commission,
        name=name,
        start_date=dt.date(year, 1, 1),
        end_date=dt.date(year, 12, 31),
        description="Phong trào thi đua trong các xã, phường của Thành phố (dữ liệu demo).",
        criteria=CRITERIA,
    )
    services.launch_movement(actor=leader, movement=movement)
    for body in members:
        services.register(
            actor=leader,
            movement=movement,
            organization=body,
            year=year,
            commitments="Mỗi thôn, tổ dân phố có ít nhất một mô hình “Dân vận khéo” (demo).",
        )
    scoring = services.open_scoring(actor=leader, movement=movement, cluster=cluster)
    criteria = list(movement.criteria.order_by("position"))
    for i, body in enumerate(members):
        scores = {c.pk: max(int(c.max_score) - i - k, 0) for k, c in enumerate(criteria)}
        services.enter_assessed_scores(actor=leader, scoring=scoring, member=body, scores=scores)
    services.close_scoring(actor=leader, scoring=scoring)

    award = AwardKind.objects.get(code="bang-khen-chu-tich-ubnd-tinh")
    recipients = [
        services.RecipientInput(
            kind=RecipientKind.COLLECTIVE,
            organization=members[0],
            achievements="Dẫn đầu Cụm thi đua số 1 (demo).",
        ),
        services.RecipientInput(
            kind=RecipientKind.INDIVIDUAL,
            name="Nguyễn Thị Demo",
            position="Chủ tịch Ủy ban MTTQ phường (demo)",
            unit_name=members[0].name,
            achievements="Vận động Nhân dân hiến đất làm đường (demo).",
            public_consent=True,
        ),
    ]
    proposal = services.create_proposal(
        actor=leader,
        proposer=commission,
        award_kind=award,
        authority=committee,
        year=year,
        summary="Đề nghị tặng Bằng khen cho tập thể và cá nhân có thành tích xuất sắc (demo).",
        recipients=recipients,
        reference=f"12/TTr-BTGDV (demo) ngày 01/11/{year}",
        movement=movement,
    )
    for doc_type, file_name in (
        (DocumentType.SUBMISSION, "to-trinh-demo.pdf"),
        (DocumentType.ACHIEVEMENT_REPORT, "bao-cao-thanh-tich-demo.pdf"),
    ):
        services.attach_documents(
            actor=leader, proposal=proposal, doc_type=doc_type, files=[_pdf(file_name)]
        )
    services.submit(actor=leader, proposal=proposal, note="(demo)")
    services.issue_decision(
        actor=leader,
        proposal=proposal,
        number="2345/QĐ-UBND",
        signed_on=dt.date(year, 11, 15),
        signer_name="Trần Văn Demo",
        signer_title="Chủ tịch",
    )
    return True
