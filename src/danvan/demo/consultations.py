"""Demo consultations on drafts (DEMO DATA), in the demo officer's ward: the People's
Committee's draft regulation on urban order and the temporary use of pavements, open for
comments now (a .docx made in memory and split by the services into its chapters, articles,
clauses and points; a dozen comments from the signed-in citizen and from citizens who verified
an e-mail address, one hidden by moderation with its reason), and last month's draft on the
residential groups' community halls, closed, every comment answered and its synthesis
published. Titles say "(demo)"; the moments are set after the services ran (demo data only:
real records keep their own). Seeding again creates nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from danvan.accounts.models import User
from danvan.lib import crypto
from danvan.lib.dates import today
from danvan.org.models import Organization, OrganizationKind
from danvan.participation.models import (
    AnswerOutcome,
    Comment,
    CommentAnswer,
    Consultation,
    ContactCheck,
    DraftPart,
    PartKind,
    Stance,
)
from danvan.participation.services import consultations as services

from .network import place
from .people import DEMO_EMAIL_DOMAIN

OPEN_TITLE = (
    "Dự thảo Quy chế quản lý trật tự đô thị và sử dụng tạm thời một phần hè phố trên địa bàn "
    "phường (demo)"
)
CLOSED_TITLE = "Dự thảo Quy chế quản lý, sử dụng nhà văn hóa tổ dân phố (demo)"
HIDDEN_REASON = (
    "Ý kiến nêu họ tên, số điện thoại của người khác và tố cáo cá nhân, không góp ý vào nội "
    "dung dự thảo. Đề nghị gửi nội dung tố cáo qua kênh tiếp nhận phản ánh, kiến nghị của "
    "phường để được giải quyết theo quy định."
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _docx(paragraphs: list[str]) -> bytes:
    """A Word file of the draft, laid out as a ward's regulation is."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
        bare = text.rstrip(".")
        if bare.isupper() or text.startswith(("Chương", "(Kèm theo", "DỰ THẢO")):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if bare.isupper() or text.startswith("Chương"):
                for run in paragraph.runs:
                    run.bold = True
        elif text.startswith("Điều"):
            for run in paragraph.runs:
                run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pavement_draft(ward: str) -> list[str]:
    return [
        f"ỦY BAN NHÂN DÂN {ward.upper()}",
        "DỰ THẢO (DỮ LIỆU DEMO)",
        "QUY CHẾ",
        f"Quản lý trật tự đô thị và sử dụng tạm thời một phần hè phố trên địa bàn {ward}",
        f"(Kèm theo Quyết định số …/QĐ-UBND ngày …/…/… của Ủy ban nhân dân {ward})",
        "Chương I",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Quy chế này quy định việc quản lý trật tự đô thị, sử dụng tạm thời một phần hè phố "
        f"ngoài mục đích giao thông và trách nhiệm của các tổ chức, cá nhân trên địa bàn {ward}.",
        "Điều 2. Đối tượng áp dụng",
        "1. Hộ gia đình, cá nhân, tổ chức có nhà, trụ sở tiếp giáp hè phố trên địa bàn phường.",
        "2. Tổ dân phố, Ban công tác Mặt trận, các cơ quan, đơn vị có liên quan.",
        "Điều 3. Nguyên tắc quản lý, sử dụng hè phố",
        "1. Hè phố được ưu tiên dành cho người đi bộ; việc sử dụng tạm thời một phần hè phố "
        "phải bảo đảm an toàn giao thông, mỹ quan đô thị và vệ sinh môi trường.",
        "2. Việc sử dụng tạm thời có thời hạn, công khai, có thu phí theo quy định của Hội "
        "đồng nhân dân Thành phố.",
        "3. Không cấp phép sử dụng tạm thời hè phố tại các tuyến phố đi bộ, khu vực trước cổng "
        "trường học, bệnh viện, cơ quan hành chính.",
        "Chương II",
        "SỬ DỤNG TẠM THỜI MỘT PHẦN HÈ PHỐ",
        "Điều 4. Các tuyến phố được sử dụng tạm thời một phần hè phố",
        "1. Hè phố có chiều rộng từ 3 m trở lên.",
        "2. Danh mục tuyến phố do Ủy ban nhân dân phường công bố, rà soát hằng năm.",
        "Điều 5. Mục đích sử dụng tạm thời",
        "Một phần hè phố được sử dụng tạm thời vào các mục đích sau:",
        "a) Để xe máy, xe đạp của hộ gia đình và khách đến giao dịch;",
        "b) Tổ chức việc cưới, việc tang, không quá 48 giờ;",
        "c) Kinh doanh, buôn bán hàng hóa tại các tuyến phố được phép, trong khung giờ quy định.",
        "Điều 6. Phần hè phố dành cho người đi bộ",
        "1. Phần hè phố dành cho người đi bộ có chiều rộng tối thiểu 1,5 m, liên tục, không có "
        "vật cản.",
        "2. Vạch sơn phân định phần hè phố được sử dụng tạm thời do Ủy ban nhân dân phường tổ "
        "chức kẻ.",
        "Điều 7. Thủ tục đăng ký sử dụng tạm thời",
        "1. Hộ gia đình, cá nhân nộp đơn đăng ký tại Trung tâm phục vụ hành chính công của "
        "phường hoặc trên Cổng dịch vụ công.",
        "2. Trong thời hạn 05 ngày làm việc, Ủy ban nhân dân phường xem xét, cấp phép hoặc trả "
        "lời bằng văn bản nêu rõ lý do.",
        "Điều 8. Phí sử dụng tạm thời hè phố",
        "Mức phí sử dụng tạm thời hè phố thực hiện theo Nghị quyết của Hội đồng nhân dân Thành "
        "phố; phí được nộp hằng tháng, công khai tại trụ sở Ủy ban nhân dân phường.",
        "Chương III",
        "TỔ CHỨC THỰC HIỆN",
        "Điều 9. Trách nhiệm của Ủy ban nhân dân phường",
        "1. Tổ chức kiểm tra, xử lý vi phạm trật tự đô thị theo thẩm quyền.",
        "2. Công khai danh sách hộ được cấp phép sử dụng tạm thời hè phố tại tổ dân phố.",
        "Điều 10. Trách nhiệm của Ủy ban Mặt trận Tổ quốc phường và tổ dân phố",
        "1. Ủy ban Mặt trận Tổ quốc Việt Nam phường giám sát việc thực hiện Quy chế.",
        "2. Tổ dân phố vận động Nhân dân thực hiện, phản ánh kịp thời các vi phạm.",
        "Điều 11. Xử lý vi phạm",
        "Tổ chức, cá nhân vi phạm Quy chế này bị xử lý theo quy định về xử phạt vi phạm hành "
        "chính; tái phạm lần thứ hai thì thu hồi giấy phép sử dụng tạm thời hè phố.",
        "Điều 12. Hiệu lực thi hành",
        "Quy chế này có hiệu lực kể từ ngày ký ban hành.",
    ]


def _hall_draft(ward: str) -> list[str]:
    return [
        f"ỦY BAN NHÂN DÂN {ward.upper()}",
        "DỰ THẢO (DỮ LIỆU DEMO)",
        "QUY CHẾ",
        f"Quản lý, sử dụng nhà văn hóa tổ dân phố trên địa bàn {ward}",
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Quy chế này quy định việc quản lý, sử dụng nhà văn hóa của các tổ dân phố.",
        "Điều 2. Nguyên tắc sử dụng",
        "1. Nhà văn hóa phục vụ sinh hoạt cộng đồng, không vì mục đích lợi nhuận.",
        "2. Việc sử dụng phải được đăng ký với Ban quản lý nhà văn hóa.",
        "Chương II",
        "QUẢN LÝ, SỬ DỤNG",
        "Điều 3. Ban quản lý nhà văn hóa",
        "Ban quản lý gồm Tổ trưởng tổ dân phố, Trưởng ban công tác Mặt trận và đại diện các "
        "đoàn thể ở tổ dân phố.",
        "Điều 4. Giờ mở cửa",
        "1. Nhà văn hóa mở cửa từ 06 giờ đến 21 giờ hằng ngày.",
        "2. Các hoạt động văn nghệ, thể thao kết thúc trước 21 giờ.",
        "Điều 5. Kinh phí hoạt động",
        "Kinh phí điện, nước, vệ sinh do các hộ trong tổ dân phố đóng góp theo mức do hội nghị "
        "tổ dân phố quyết định.",
        "Chương III",
        "TỔ CHỨC THỰC HIỆN",
        "Điều 6. Trách nhiệm thi hành",
        "Tổ dân phố, Ban công tác Mặt trận và các hộ gia đình có trách nhiệm thực hiện Quy chế "
        "này.",
        "Điều 7. Hiệu lực",
        "Quy chế này có hiệu lực kể từ ngày ký ban hành.",
    ]


@dataclass(frozen=True)
class _Said:
    """One comment: who says it (an e-mail address, or None for the signed-in citizen), on
    which article (None: the whole draft), what, and the answer it gets (if any)."""

    who: str | None
    name: str
    article: str | None
    stance: str
    wording: str = ""
    reasons: str = ""
    answer: tuple[str, str] | None = None


AGREE, DISAGREE, OTHER = Stance.AGREE, Stance.DISAGREE, Stance.OTHER

OPEN_COMMENTS = [
    _Said(
        None,
        "",
        "4",
        OTHER,
        "1. Hè phố có chiều rộng từ 3,5 m trở lên.",
        "Nhiều tuyến phố trong phường hè chỉ rộng 3 m, nếu để xe thì người đi bộ phải xuống "
        "lòng đường.",
    ),
    _Said(
        "binh.nguyen",
        "Nguyễn Văn Bình (demo)",
        "6",
        AGREE,
        reasons="Giữ 1,5 m cho người đi bộ là hợp lý, nhất là đoạn gần trường tiểu học.",
    ),
    _Said(
        "thu.hoang",
        "Hoàng Thị Thu (demo)",
        "5",
        DISAGREE,
        "b) Tổ chức việc cưới, việc tang, không quá 72 giờ;",
        "Việc tang thường kéo dài 3 ngày theo phong tục, 48 giờ là không đủ.",
    ),
    _Said(
        "quang.le",
        "Lê Minh Quang (demo)",
        "8",
        OTHER,
        reasons="Đề nghị công bố cụ thể mức phí cho từng tuyến phố ngay trong Quy chế để người "
        "dân dễ theo dõi.",
    ),
    _Said(
        "hanh.pham",
        "Phạm Thị Hạnh (demo)",
        "7",
        OTHER,
        "2. Trong thời hạn 03 ngày làm việc, Ủy ban nhân dân phường xem xét, cấp phép hoặc "
        "trả lời bằng văn bản nêu rõ lý do.",
        "Thủ tục đơn giản, có thể rút ngắn thời hạn; đề nghị cho nộp hồ sơ qua ứng dụng VNeID.",
    ),
    _Said(
        "tuan.vu",
        "Vũ Đức Tuấn (demo)",
        "11",
        DISAGREE,
        reasons="Thu hồi giấy phép ngay khi tái phạm lần thứ hai là quá nặng với hộ kinh doanh "
        "nhỏ; đề nghị nhắc nhở, lập biên bản trước.",
    ),
    _Said(
        "mai.dang",
        "Đặng Thị Mai (demo)",
        "3",
        AGREE,
        reasons="Đồng ý không cấp phép trước cổng trường học; sáng nào phụ huynh cũng phải "
        "dừng xe dưới lòng đường.",
    ),
    _Said(
        "son.bui",
        "Bùi Văn Sơn (demo)",
        "10",
        OTHER,
        "3. Ban công tác Mặt trận tổ dân phố tổ chức lấy ý kiến Nhân dân về danh sách hộ được "
        "cấp phép trước khi công bố.",
        "Để Nhân dân cùng giám sát, tránh cấp phép thiếu công bằng.",
    ),
    _Said(
        None,
        "",
        None,
        AGREE,
        reasons="Dự thảo rõ ràng, dễ hiểu. Đề nghị sớm ban hành để lập lại trật tự vỉa hè phố "
        "Chính.",
    ),
    _Said(
        "lan.ngo",
        "Ngô Thị Lan (demo)",
        "9",
        OTHER,
        reasons="Đề nghị bổ sung việc công khai kết quả kiểm tra, xử lý vi phạm hằng tháng trên "
        "bảng tin tổ dân phố.",
    ),
    _Said(
        "hieu.do",
        "Đỗ Trung Hiếu (demo)",
        "5",
        DISAGREE,
        reasons="Ông Trần Văn X ở số 15 tổ 4, điện thoại 09xx xxx xxx, lấn chiếm vỉa hè nhiều "
        "năm mà không ai xử lý, đề nghị bắt ngay!",
    ),
    _Said(
        "nga.trinh",
        "Trịnh Thị Nga (demo)",
        "12",
        OTHER,
        "Quy chế này có hiệu lực sau 30 ngày kể từ ngày ký ban hành.",
        "Cần thời gian để các hộ kinh doanh sắp xếp lại và làm thủ tục đăng ký.",
    ),
]
HIDDEN_INDEX = 10  # the comment naming a neighbour and his phone number

CLOSED_COMMENTS = [
    _Said(
        None,
        "",
        "4",
        OTHER,
        "1. Nhà văn hóa mở cửa từ 05 giờ 30 đến 21 giờ 30 hằng ngày.",
        "Các câu lạc bộ dưỡng sinh tập từ 5 giờ 30 sáng.",
        (
            AnswerOutcome.ACCEPTED,
            "Tiếp thu: sửa khoản 1 Điều 4 thành mở cửa từ 05 giờ 30 đến 21 giờ 30.",
        ),
    ),
    _Said(
        "khanh.ly",
        "Lý Văn Khánh (demo)",
        "5",
        DISAGREE,
        reasons="Đóng góp theo hộ là chưa công bằng; hộ ít người cũng phải đóng như hộ đông người.",
        answer=(
            AnswerOutcome.PARTLY,
            "Tiếp thu một phần: bổ sung miễn đóng góp cho hộ nghèo, hộ cận nghèo và hộ chỉ có "
            "người cao tuổi sống một mình; mức đóng góp vẫn tính theo hộ để đơn giản việc thu.",
        ),
    ),
    _Said(
        "yen.cao",
        "Cao Thị Yến (demo)",
        "3",
        OTHER,
        "Ban quản lý gồm Tổ trưởng tổ dân phố, Trưởng ban công tác Mặt trận, đại diện các "
        "đoàn thể và 01 đại diện các câu lạc bộ sinh hoạt tại nhà văn hóa.",
        "Các câu lạc bộ sử dụng nhà văn hóa nhiều nhất nên cần có tiếng nói.",
        (AnswerOutcome.ACCEPTED, "Tiếp thu, bổ sung vào Điều 3."),
    ),
    _Said(
        "phong.ta",
        "Tạ Minh Phong (demo)",
        "2",
        DISAGREE,
        reasons="Đề nghị cho thuê nhà văn hóa tổ chức tiệc cưới để có thêm kinh phí.",
        answer=(
            AnswerOutcome.EXPLAINED,
            "Giải trình: nhà văn hóa là tài sản công phục vụ sinh hoạt cộng đồng; việc cho "
            "thuê để kinh doanh không phù hợp với quy định về quản lý, sử dụng tài sản công. "
            "Các hộ vẫn được đăng ký sử dụng miễn phí cho việc cưới, việc tang.",
        ),
    ),
    _Said(
        "hoa.duong",
        "Dương Thị Hoa (demo)",
        None,
        AGREE,
        reasons="Nhất trí với dự thảo; đề nghị niêm yết Quy chế tại từng nhà văn hóa.",
        answer=(
            AnswerOutcome.ACCEPTED,
            "Tiếp thu: Quy chế được niêm yết tại 12 nhà văn hóa tổ dân phố sau khi ban hành.",
        ),
    ),
    _Said(
        "dung.mac",
        "Mạc Văn Dũng (demo)",
        "4",
        OTHER,
        reasons="Đề nghị cho phép hoạt động đến 22 giờ vào các dịp lễ, Tết.",
        answer=(
            AnswerOutcome.PARTLY,
            "Tiếp thu một phần: bổ sung khoản 3 Điều 4 cho phép kéo dài đến 22 giờ vào các "
            "ngày lễ, Tết theo thông báo của Ban quản lý; ngày thường giữ đến 21 giờ 30 để "
            "không ảnh hưởng các hộ xung quanh.",
        ),
    ),
    _Said(
        "thao.kieu",
        "Kiều Phương Thảo (demo)",
        "7",
        OTHER,
        "Quy chế này có hiệu lực kể từ ngày 01 của tháng sau tháng ký ban hành.",
        "Để các tổ dân phố kịp họp phổ biến.",
        (
            AnswerOutcome.EXPLAINED,
            "Giải trình: Quy chế không phát sinh nghĩa vụ mới phải chuẩn bị; Ủy ban nhân dân "
            "phường sẽ phổ biến qua hệ thống loa truyền thanh và các tổ dân phố ngay sau khi "
            "ban hành.",
        ),
    ),
]


def _verified(consultation: Consultation, email: str) -> ContactCheck:
    """An e-mail address verified for this consultation. The demo does not send the code
    (its addresses do not exist): the check is recorded as a verified one, its code hash
    matching no code."""
    return ContactCheck.objects.create(
        consultation=consultation,
        contact_enc=crypto.encrypt(email),
        contact_index=crypto.blind_index(email, kind="email"),
        code_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
        verified_at=timezone.now(),
    )


def _comment(
    consultation: Consultation,
    articles: dict[str, DraftPart],
    said: _Said,
    n: int,
    citizen: User | None,
) -> Comment | None:
    part = articles.get(said.article) if said.article else None
    user, check, name = None, None, said.name
    if said.who is None:
        if citizen is None:
            return None
        user, name = citizen, citizen.full_name
    else:
        check = _verified(consultation, f"{said.who}@{DEMO_EMAIL_DOMAIN}")
    return services.submit_comment(
        consultation=consultation,
        part=part,
        stance=said.stance,
        proposed_wording=said.wording,
        reasons=said.reasons,
        display_name=name,
        key=f"demo-{n}",
        user=user,
        check=check,
    )


def _articles(consultation: Consultation) -> dict[str, DraftPart]:
    return {p.number: p for p in consultation.parts.filter(kind=PartKind.ARTICLE)}


def _comments(
    consultation: Consultation, said: list[_Said], citizen: User | None, opened: dt.date
) -> list[tuple[_Said, Comment]]:
    """The comments, sent over the days after opening."""
    articles = _articles(consultation)
    made = []
    for n, each in enumerate(said):
        comment = _comment(consultation, articles, each, n, citizen)
        if comment is None:
            continue
        moment = _at(opened + dt.timedelta(days=1 + n * 3 // 4), 8 + (n * 5) % 13, (n * 17) % 60)
        Comment.objects.filter(pk=comment.pk).update(submitted_at=moment)
        ContactCheck.objects.filter(
            consultation=consultation, contact_index=comment.contact_index, contact_index__gt=""
        ).update(sent_at=moment - dt.timedelta(minutes=4), verified_at=moment)
        made.append((each, comment))
    return made


def _create(
    host: Organization,
    title: str,
    summary: str,
    paragraphs: list[str],
    opens_on: dt.date,
    closes_on: dt.date,
    actor: User | None,
) -> Consultation:
    consultation = services.create_consultation(
        body=host,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        summary=summary,
        document_kind="Quy chế",
        draft=SimpleUploadedFile("du-thao-quy-che.docx", _docx(paragraphs)),
        actor=actor,
    )
    return services.open_consultation(consultation=consultation, actor=actor)


def _may(user: User | None, perm: str, obj: Organization) -> User | None:
    """The demo user as the actor when they hold the permission (else the platform)."""
    return user if user is not None and user.has_perm(perm, obj) else None


def seed_demo_consultations(*, officer_commune: str) -> int:
    """Returns the number of consultations made (0 when seeded before)."""
    host = Organization.objects.get(
        unit__code=officer_commune, kind=OrganizationKind.PEOPLES_COMMITTEE
    )
    ward = place(host.unit) if host.unit else "phường"
    users = {u.username: u for u in User.objects.filter(username__in=["canbo", "lanhdaoxa"])}
    citizen = User.objects.filter(username="congdan").first()
    officer = _may(users.get("canbo"), "participation.add_consultation", host)
    leader = _may(users.get("lanhdaoxa"), "participation.add_consultation", host) or officer
    day = today()
    made = 0

    # 1. Open now: opened ten days ago for thirty days, a dozen comments, one hidden.
    if not Consultation.objects.filter(title=OPEN_TITLE, body=host).exists():
        opened = day - dt.timedelta(days=10)
        consultation = _create(
            host,
            OPEN_TITLE,
            "Dữ liệu demo. Ủy ban nhân dân phường lấy ý kiến Nhân dân về dự thảo Quy chế quản "
            "lý trật tự đô thị, sử dụng tạm thời một phần hè phố: tuyến phố được phép, phần "
            "hè dành cho người đi bộ, thủ tục đăng ký, phí và xử lý vi phạm.",
            _pavement_draft(ward),
            opened,
            opened + dt.timedelta(days=30),
            officer,
        )
        comments = _comments(consultation, OPEN_COMMENTS, citizen, opened)
        hidden = next((c for s, c in comments if s is OPEN_COMMENTS[HIDDEN_INDEX]), None)
        if hidden is not None:
            services.hide_comment(comment=hidden, reason=HIDDEN_REASON, actor=officer)
            Comment.objects.filter(pk=hidden.pk).update(
                hidden_at=F("submitted_at") + dt.timedelta(hours=3)
            )
        # Two answers drafted already (shown to the public once the synthesis is published).
        for said, comment in comments[:2]:
            services.answer_comment(
                comment=comment,
                outcome=AnswerOutcome.PARTLY if said.stance == OTHER else AnswerOutcome.ACCEPTED,
                text="Dự kiến tiếp thu, đang xin ý kiến Phòng Kinh tế, Hạ tầng và Đô thị (demo).",
                actor=officer,
            )
        Consultation.objects.filter(pk=consultation.pk).update(
            created_at=_at(opened - dt.timedelta(days=3), 9),
            opened_at=_at(opened, 8),
        )
        made += 1

    # 2. Closed last month, every comment answered, the synthesis published.
    if not Consultation.objects.filter(title=CLOSED_TITLE, body=host).exists():
        closes_on = day.replace(day=1) - dt.timedelta(days=10)
        opens_on = closes_on - dt.timedelta(days=30)
        # Opened while comments can be taken today, then moved to its real dates.
        consultation = _create(
            host,
            CLOSED_TITLE,
            "Dữ liệu demo. Lấy ý kiến Nhân dân về dự thảo Quy chế quản lý, sử dụng nhà văn "
            "hóa tổ dân phố: ban quản lý, giờ mở cửa, kinh phí hoạt động.",
            _hall_draft(ward),
            day,
            day + dt.timedelta(days=30),
            officer,
        )
        comments = _comments(consultation, CLOSED_COMMENTS, citizen, opens_on)
        Consultation.objects.filter(pk=consultation.pk).update(
            opens_on=opens_on, closes_on=closes_on
        )
        consultation.refresh_from_db()
        services.close_consultation(consultation=consultation, actor=officer)
        for n, (said, comment) in enumerate(comments):
            assert said.answer is not None
            outcome, text = said.answer
            services.answer_comment(comment=comment, outcome=outcome, text=text, actor=officer)
            CommentAnswer.objects.filter(comment=comment).update(
                answered_at=_at(closes_on + dt.timedelta(days=2 + n // 3), 10 + n % 6)
            )
        services.publish_synthesis(consultation=consultation, actor=leader)
        Consultation.objects.filter(pk=consultation.pk).update(
            created_at=_at(opens_on - dt.timedelta(days=4), 9),
            opened_at=_at(opens_on, 8),
            closed_at=_at(closes_on + dt.timedelta(days=1), 8),
            published_at=_at(closes_on + dt.timedelta(days=8), 15),
        )
        made += 1
    return made
