"""Demo supervision and social critique (DEMO DATA), in the demo officer's ward: the ward's
Fatherland Front committee supervises this year how compensation, support and resettlement
are carried out (a delegation at the ward's People's Committee, its findings, four
recommendations to that committee: one answered and assessed done, one answered awaiting the
Front's assessment, one awaiting a response due in a few days, one overdue); it critiques two
drafts of the People's Committee (one replied to, one awaiting the reply); and it organizes
the ward's People's Inspection Board and a community investment supervision board, each with
a report. Titles say "(demo)"; the moments are set after the services ran (demo data only:
real records keep their own). Seeding again creates nothing.

The Front committee has no demo login of its own (demo/people.py): the records are made by
the platform (`actor=None`); the People's Committee's demo officer records its responses."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.org.models import Organization, OrganizationKind
from danvan.participation import access_supervision as access
from danvan.participation.models import (
    BoardKind,
    BoardReport,
    Consultation,
    Critique,
    CritiqueForm,
    DelegationState,
    InspectionBoard,
    Recommendation,
    RecommendationResponse,
    RecommendationState,
    SupervisionForm,
    SupervisionProgramme,
)
from danvan.participation.models.supervision import HAS_CONSULTATION
from danvan.participation.services import supervision as services

from .consultations import OPEN_TITLE

PROGRAMME_TITLE = (
    "Giám sát việc thực hiện chính sách bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi "
    "đất trên địa bàn phường (demo)"
)
CRITIQUE_REPLIED = "Dự thảo Kế hoạch chỉnh trang đô thị, cải tạo hè phố năm 2026 (demo)"
CRITIQUE_AWAITING = OPEN_TITLE
INSPECTION_BOARD = "Ban Thanh tra nhân dân phường (demo)"
INVESTMENT_BOARD = "Ban Giám sát đầu tư của cộng đồng — cải tạo ngõ 7 và hệ thống thoát nước (demo)"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _document(name: str, paragraphs: list[str]) -> SimpleUploadedFile:
    """A letter of the Front, as a Word file made in memory."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _programme(front: Organization, committee: Organization, officer: User | None) -> None:
    day = today()
    starts = day - dt.timedelta(days=75)
    programme = services.create_programme(
        organizer=front,
        year=starts.year,
        title=PROGRAMME_TITLE,
        form=SupervisionForm.DELEGATION,
        subject="Dữ liệu demo. Việc lập, công khai phương án bồi thường, hỗ trợ, tái định cư; "
        "chi trả tiền bồi thường; bố trí tái định cư và giải quyết kiến nghị của các hộ bị "
        "thu hồi đất thực hiện dự án mở rộng phố Chính.",
        plan_number="12/KH-MTTQ",
        plan_date=starts - dt.timedelta(days=20),
        response_days=30,
    )
    delegation = services.add_delegation(
        programme=programme,
        name="Đoàn giám sát số 1 (demo)",
        bodies=[committee],
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=14),
        head_name="Nguyễn Thị Hòa — Chủ tịch Ủy ban MTTQ Việt Nam phường (demo)",
        member_names="\n".join(
            [
                "Trần Văn Lợi — Phó Chủ tịch Ủy ban MTTQ phường (demo)",
                "Lê Thị Nhung — Chủ tịch Hội Liên hiệp Phụ nữ phường (demo)",
                "Phạm Quốc Việt — Chủ tịch Hội Cựu chiến binh phường (demo)",
                "Đỗ Minh Châu — Trưởng Ban Thanh tra nhân dân phường (demo)",
                "Vũ Thị Hương — luật gia, thành viên Hội đồng tư vấn (demo)",
            ]
        ),
    )
    services.set_delegation_state(delegation=delegation, state=DelegationState.REPORTED)
    found_on = starts + dt.timedelta(days=10)
    findings = [
        services.add_finding(
            programme=programme,
            delegation=delegation,
            body=committee,
            text=text,
            found_on=found_on,
        )
        for text in (
            "Phương án bồi thường, hỗ trợ được niêm yết công khai đủ 30 ngày tại trụ sở UBND "
            "phường và nhà văn hóa tổ dân phố 5; 46/52 hộ đã nhận tiền bồi thường (demo).",
            "Còn 6 hộ chưa được bố trí tái định cư do chưa thống nhất đơn giá đất ở; 4 đơn "
            "kiến nghị của các hộ chưa được trả lời bằng văn bản quá 30 ngày (demo).",
            "Biên bản kiểm đếm của 3 hộ thiếu chữ ký của đại diện tổ dân phố (demo).",
        )
    ]
    sent_on = starts + dt.timedelta(days=20)
    recommendations = [
        services.add_recommendation(
            programme=programme,
            finding=finding,
            addressed_to=committee,
            text=text,
            sent_on=sent,
            due_on=due,
        )
        for finding, text, sent, due in (
            (
                findings[2],
                "Hoàn thiện biên bản kiểm đếm của 3 hộ, có đủ chữ ký của đại diện tổ dân phố "
                "(demo).",
                sent_on,
                sent_on + dt.timedelta(days=30),
            ),
            (
                findings[1],
                "Trả lời bằng văn bản 4 đơn kiến nghị của các hộ bị thu hồi đất (demo).",
                sent_on,
                sent_on + dt.timedelta(days=30),
            ),
            (
                findings[1],
                "Tổ chức đối thoại với 6 hộ chưa được bố trí tái định cư, báo cáo Ủy ban MTTQ "
                "phường kết quả (demo).",
                day - dt.timedelta(days=27),
                day + dt.timedelta(days=3),
            ),
            (
                findings[0],
                "Công khai danh sách, mức chi trả của các hộ đã nhận tiền bồi thường tại nhà "
                "văn hóa tổ dân phố 5 (demo).",
                sent_on,
                day - dt.timedelta(days=12),
            ),
        )
    ]
    done, answered = recommendations[0], recommendations[1]
    services.record_response(
        recommendation=done,
        text="Đã bổ sung đủ chữ ký của đại diện tổ dân phố vào 3 biên bản kiểm đếm; gửi kèm "
        "bản sao (demo).",
        responded_on=sent_on + dt.timedelta(days=12),
        actor=officer,
    )
    services.close_recommendation(
        recommendation=done,
        outcome=RecommendationState.DONE,
        note="Đoàn giám sát đã kiểm tra hồ sơ: thực hiện đầy đủ (demo).",
    )
    Recommendation.objects.filter(pk=done.pk).update(closed_on=sent_on + dt.timedelta(days=16))
    services.record_response(
        recommendation=answered,
        text="UBND phường đã trả lời 3/4 đơn; đơn còn lại đang xác minh nguồn gốc đất, sẽ trả "
        "lời trước ngày 30 tháng sau (demo).",
        responded_on=min(sent_on + dt.timedelta(days=25), day),
        actor=officer,
    )
    for rec in recommendations:
        Recommendation.objects.filter(pk=rec.pk).update(created_at=_at(rec.sent_on, 10))
    for response in RecommendationResponse.objects.filter(recommendation__in=recommendations):
        RecommendationResponse.objects.filter(pk=response.pk).update(
            recorded_at=_at(response.responded_on, 15)
        )
    SupervisionProgramme.objects.filter(pk=programme.pk).update(
        created_at=_at(starts - dt.timedelta(days=20), 9)
    )


def _critiques(front: Organization, committee: Organization, officer: User | None) -> None:
    day = today()
    if not Critique.objects.filter(draft_title=CRITIQUE_REPLIED, organizer=front).exists():
        received = day - dt.timedelta(days=60)
        critique = services.create_critique(
            organizer=front,
            draft_title=CRITIQUE_REPLIED,
            drafting_body=committee,
            form=CritiqueForm.CONFERENCE,
            received_on=received,
        )
        sent = received + dt.timedelta(days=12)
        services.send_critique(
            critique=critique,
            number="08/VB-MTTQ",
            sent_on=sent,
            file=_document(
                "van-ban-phan-bien-08.docx",
                [
                    "ỦY BAN MTTQ VIỆT NAM PHƯỜNG — VĂN BẢN PHẢN BIỆN XÃ HỘI (DỮ LIỆU DEMO)",
                    "Qua hội nghị phản biện, Ủy ban MTTQ phường đề nghị: bố trí lối đi cho "
                    "người khuyết tật trên các tuyến hè phố cải tạo; thi công theo từng đoạn, "
                    "không đào đồng loạt; công khai tiến độ tại tổ dân phố.",
                ],
            ),
        )
        critique.refresh_from_db()
        services.record_critique_reply(
            critique=critique,
            text="UBND phường tiếp thu: bổ sung lối đi cho người khuyết tật, thi công cuốn "
            "chiếu từng đoạn 200 m, công khai tiến độ hằng tuần trên bảng tin tổ dân phố "
            "(demo).",
            replied_on=sent + dt.timedelta(days=18),
            actor=officer,
        )
        Critique.objects.filter(pk=critique.pk).update(created_at=_at(received, 14))
    if not Critique.objects.filter(draft_title=CRITIQUE_AWAITING, organizer=front).exists():
        received = day - dt.timedelta(days=12)
        critique = services.create_critique(
            organizer=front,
            draft_title=CRITIQUE_AWAITING,
            drafting_body=committee,
            form=CritiqueForm.WRITTEN,
            received_on=received,
        )
        # The same draft the people comment on (linked here: the service checks that its
        # actor may read the consultation, and the platform has no account).
        consultation = Consultation.objects.filter(title=OPEN_TITLE, body=committee).first()
        if HAS_CONSULTATION and consultation is not None:
            Critique.objects.filter(pk=critique.pk).update(consultation=consultation)
        services.send_critique(
            critique=critique,
            number="15/VB-MTTQ",
            sent_on=day - dt.timedelta(days=4),
            file=_document(
                "van-ban-phan-bien-15.docx",
                [
                    "ỦY BAN MTTQ VIỆT NAM PHƯỜNG — VĂN BẢN PHẢN BIỆN XÃ HỘI (DỮ LIỆU DEMO)",
                    "Đề nghị nâng chiều rộng hè phố tối thiểu được sử dụng tạm thời lên 3,5 m; "
                    "kéo dài thời gian tổ chức việc tang lên 72 giờ; bổ sung trách nhiệm lấy ý "
                    "kiến Nhân dân về danh sách hộ được cấp phép.",
                ],
            ),
        )
        Critique.objects.filter(pk=critique.pk).update(created_at=_at(received, 9))


def _boards(front: Organization) -> None:
    day = today()
    if not InspectionBoard.objects.filter(name=INSPECTION_BOARD, commune_body=front).exists():
        board = services.create_board(
            commune_body=front,
            kind=BoardKind.INSPECTION,
            name=INSPECTION_BOARD,
            members="\n".join(
                [
                    "Đỗ Minh Châu — Trưởng ban (demo)",
                    "Nguyễn Văn Khải — Phó Trưởng ban, tổ dân phố 2 (demo)",
                    "Lê Thị Hằng — tổ dân phố 3 (demo)",
                    "Trần Quang Huy — tổ dân phố 5 (demo)",
                    "Phan Thị Loan — tổ dân phố 8 (demo)",
                ]
            ),
            # A term of two and a half years, running now.
            term_from=dt.date(day.year - 2, 7, 1),
            term_to=dt.date(day.year, 12, 31),
        )
        quarter_end = day.replace(day=1) - dt.timedelta(days=1)
        report = services.add_board_report(
            board=board,
            period_from=quarter_end.replace(day=1) - dt.timedelta(days=61),
            period_to=quarter_end,
            text="Dữ liệu demo. Trong kỳ, Ban đã giám sát việc thu, chi quỹ vận động xây dựng "
            "nhà văn hóa tổ dân phố 5, việc giải quyết 3 đơn kiến nghị về trật tự xây dựng và "
            "việc niêm yết danh sách hộ cận nghèo. Phát hiện 2 việc: chứng từ chi chưa có chữ "
            "ký người nhận; một đơn trả lời chậm 10 ngày. Đã kiến nghị UBND phường khắc phục.",
            findings_count=2,
        )
        BoardReport.objects.filter(pk=report.pk).update(
            created_at=_at(quarter_end + dt.timedelta(days=3), 10)
        )
    if not InspectionBoard.objects.filter(name=INVESTMENT_BOARD, commune_body=front).exists():
        board = services.create_board(
            commune_body=front,
            kind=BoardKind.INVESTMENT,
            name=INVESTMENT_BOARD,
            project="Cải tạo, nâng cấp ngõ 7 và hệ thống thoát nước tổ dân phố 5 (demo)",
            members="\n".join(
                [
                    "Phạm Văn Thành — Trưởng ban, tổ dân phố 5 (demo)",
                    "Ngô Thị Bích — tổ dân phố 5 (demo)",
                    "Hồ Văn Lâm — tổ dân phố 5 (demo)",
                ]
            ),
            term_from=day - dt.timedelta(days=120),
            term_to=day + dt.timedelta(days=60),
        )
        report = services.add_board_report(
            board=board,
            period_from=day - dt.timedelta(days=120),
            period_to=day - dt.timedelta(days=30),
            text="Dữ liệu demo. Nhà thầu thi công đúng thiết kế, đúng tiến độ; bê tông mặt ngõ "
            "đạt mác 250 theo kết quả kiểm định. Một đoạn cống dài 12 m chưa có nắp đậy, đã đề "
            "nghị chủ đầu tư yêu cầu nhà thầu bổ sung trước khi nghiệm thu.",
            findings_count=1,
        )
        BoardReport.objects.filter(pk=report.pk).update(
            created_at=_at(day - dt.timedelta(days=27), 16)
        )


def seed_demo_supervision(*, officer_commune: str) -> int:
    """Returns the number of programmes made (0 when seeded before); the critiques and boards
    are made once each as well."""
    front = Organization.objects.get(
        unit__code=officer_commune, kind=OrganizationKind.FATHERLAND_FRONT
    )
    committee = Organization.objects.get(
        unit__code=officer_commune, kind=OrganizationKind.PEOPLES_COMMITTEE
    )
    # The People's Committee's officer records its responses and replies (else the platform).
    officer = User.objects.filter(username="canbo").first()
    if officer is not None and not access.works_for(officer, committee):
        officer = None
    made = 0
    if not SupervisionProgramme.objects.filter(title=PROGRAMME_TITLE, organizer=front).exists():
        _programme(front, committee, officer)
        made = 1
    programme = SupervisionProgramme.objects.get(title=PROGRAMME_TITLE, organizer=front)
    if programme.published_at is None:
        # Its recommendations name bodies only, so the Front publishes the summary.
        services.publish_programme(programme=programme, actor=None)
    _critiques(front, committee, officer)
    _boards(front)
    return made
