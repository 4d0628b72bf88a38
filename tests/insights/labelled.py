"""Labelled matters for the classifiers' tests and bench: synthetic but written as citizens
write — each field's everyday troubles, each kind's own turns of phrase (a complaint contests a
decision, a denunciation names wrongdoing, a proposal asks for a change, feedback reports a
situation), varied wording and places, and a share typed without diacritics as on a phone.

Deterministic from a seed. `labelled_matters` gives plain records (no database);
`make_labelled_cases` writes them as classified matters, as officers would have left them."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from danvan.lib.text import fold

# field code → (subject, detail) pairs: what people write about in that field.
FIELD_TOPICS: dict[str, list[tuple[str, str]]] = {
    "dat-dai": [
        ("cấp giấy chứng nhận quyền sử dụng đất", "hồ sơ cấp sổ đỏ nộp từ lâu vẫn chưa có kết quả"),
        ("tranh chấp ranh giới thửa đất", "nhà bên cạnh xây tường lấn sang phần đất của gia đình"),
        ("bồi thường giải phóng mặt bằng", "giá đền bù đất nông nghiệp thấp hơn giá thị trường"),
        ("thu hồi đất làm dự án", "đất bị thu hồi nhưng chưa được bố trí tái định cư"),
        ("chuyển mục đích sử dụng đất", "xin chuyển đất vườn sang đất ở nhưng bị trả hồ sơ"),
        ("đo đạc lại diện tích thửa đất", "diện tích trên sổ đỏ khác với thực tế khi đo đạc"),
    ],
    "moi-truong": [
        ("ô nhiễm từ trại chăn nuôi lợn", "mùi hôi nồng nặc, nước thải chảy ra mương thủy lợi"),
        ("xưởng sản xuất xả khói bụi", "khói đen và bụi mịn bay vào khu dân cư cả ngày"),
        ("rác thải không được thu gom", "rác tồn đọng ven đường nhiều ngày, ruồi muỗi phát sinh"),
        ("khai thác cát trái phép trên sông", "tàu hút cát ban đêm làm sạt lở bờ sông"),
        ("tiếng ồn từ nhà máy", "máy móc chạy suốt đêm gây tiếng ồn lớn"),
        ("nước thải sinh hoạt chảy tràn", "cống thoát nước bị tắc, nước thải đen bốc mùi"),
    ],
    "xay-dung-do-thi": [
        ("xây dựng nhà không phép", "công trình xây thêm tầng không có giấy phép xây dựng"),
        ("lấn chiếm vỉa hè", "các hộ kinh doanh dựng mái che, bày hàng hết vỉa hè"),
        ("công trình xây dựng gây nứt nhà", "đóng cọc móng làm nứt tường nhà liền kề"),
        ("chậm cấp giấy phép xây dựng", "nộp hồ sơ xin giấy phép xây nhà đã quá hạn"),
        ("đèn chiếu sáng công cộng hỏng", "cột đèn ở ngõ tắt cả tháng nay, buổi tối rất tối"),
        ("cống thoát nước khu đô thị", "mỗi khi mưa lớn khu đô thị mới lại ngập sâu"),
    ],
    "giao-thong": [
        ("đường liên xã xuống cấp", "mặt đường nhiều ổ gà, xe máy đi lại rất nguy hiểm"),
        ("xe quá tải chạy qua khu dân cư", "xe tải chở vật liệu quá tải làm hỏng đường làng"),
        ("thiếu biển báo tại ngã tư", "ngã tư không có đèn tín hiệu, đã xảy ra nhiều vụ va chạm"),
        ("cầu dân sinh bị hư hỏng", "cầu treo qua suối bị gãy ván, học sinh đi học rất nguy hiểm"),
        ("đỗ xe trái phép trên đường", "ô tô đỗ hai bên đường gây ùn tắc giờ cao điểm"),
        ("dự án mở rộng quốc lộ chậm tiến độ", "đường đào bới dở dang gây bụi và tắc đường"),
    ],
    "an-sinh-xa-hoi": [
        ("chế độ trợ cấp cho người có công", "gia đình liệt sĩ chưa được hưởng trợ cấp hằng tháng"),
        ("xét hộ nghèo không đúng", "hộ khó khăn không được xét hộ nghèo trong khi hộ khá lại có"),
        ("trợ cấp cho người khuyết tật", "con bị khuyết tật nặng nhưng chưa nhận trợ cấp xã hội"),
        ("lương hưu và bảo hiểm xã hội", "chưa được giải quyết chế độ hưu trí sau khi nghỉ việc"),
        ("hỗ trợ người cao tuổi", "mẹ tôi đủ tám mươi tuổi nhưng chưa có trợ cấp tuổi cao"),
        ("hỗ trợ nhà ở cho hộ khó khăn", "nhà dột nát nhưng không có tên trong danh sách hỗ trợ"),
    ],
    "y-te": [
        ("thái độ nhân viên trạm y tế", "nhân viên trạm y tế xã quát mắng người bệnh"),
        ("thẻ bảo hiểm y tế", "thẻ bảo hiểm y tế của con chưa được cấp lại"),
        ("thiếu thuốc tại bệnh viện huyện", "bệnh nhân phải tự mua thuốc bên ngoài dù có bảo hiểm"),
        ("tiêm chủng cho trẻ em", "lịch tiêm vắc xin cho trẻ ở trạm y tế bị hoãn nhiều lần"),
        ("cơ sở khám chữa bệnh tư nhân", "phòng khám tư không có giấy phép vẫn khám và bán thuốc"),
        ("an toàn thực phẩm", "bếp ăn tập thể làm nhiều công nhân bị ngộ độc thực phẩm"),
    ],
    "giao-duc": [
        ("các khoản thu đầu năm học", "nhà trường thu nhiều khoản ngoài quy định của học sinh"),
        ("dạy thêm học thêm", "giáo viên ép học sinh đi học thêm tại nhà"),
        ("tuyển sinh vào lớp một", "con đúng tuyến nhưng không được nhận vào trường gần nhà"),
        ("cơ sở vật chất trường học", "phòng học xuống cấp, mái dột khi mưa, bàn ghế hỏng"),
        ("chế độ cho giáo viên hợp đồng", "giáo viên hợp đồng chưa được trả lương ba tháng"),
        ("bạo lực học đường", "con bị bạn cùng lớp đánh nhiều lần mà nhà trường không xử lý"),
    ],
    "an-ninh-trat-tu": [
        ("tụ tập đua xe ban đêm", "thanh niên tụ tập đua xe, nẹt pô trên đê sau nửa đêm"),
        ("trộm cắp tài sản", "nhiều nhà trong xóm bị mất trộm xe máy và gia cầm"),
        ("quán karaoke hát khuya", "quán karaoke mở nhạc rất to sau mười một giờ đêm"),
        ("cho vay nặng lãi", "nhóm người lạ cho vay lãi cao rồi đến nhà đe dọa đòi nợ"),
        ("đánh bạc tại khu dân cư", "một số đối tượng tổ chức đánh bạc thường xuyên"),
        ("tệ nạn ma túy", "có người lạ bán chất cấm gần cổng trường"),
    ],
    "thue-tai-chinh": [
        ("thuế hộ kinh doanh", "mức thuế khoán của hộ kinh doanh nhỏ tăng quá cao"),
        ("lệ phí trước bạ", "bị thu lệ phí trước bạ nhà đất cao hơn quy định"),
        ("quản lý quỹ của thôn", "quỹ xây dựng nhà văn hóa thôn không được công khai thu chi"),
        ("hoàn thuế thu nhập cá nhân", "hồ sơ hoàn thuế thu nhập cá nhân chậm giải quyết"),
        ("thu phí chợ", "ban quản lý chợ thu phí của tiểu thương không có biên lai"),
        ("đóng góp xây dựng đường", "thôn thu tiền đóng góp làm đường nhưng không quyết toán"),
    ],
    "can-bo-cong-chuc": [
        ("thái độ cán bộ một cửa", "cán bộ bộ phận một cửa hách dịch, gây khó dễ cho người dân"),
        ("cán bộ nhận tiền khi làm thủ tục", "cán bộ địa chính đòi tiền mới giải quyết hồ sơ"),
        (
            "cán bộ xã vắng mặt giờ hành chính",
            "đến ủy ban trong giờ làm việc nhưng không có cán bộ",
        ),
        (
            "bổ nhiệm cán bộ không đúng quy trình",
            "người thân của lãnh đạo được bổ nhiệm sai quy trình",
        ),
        ("cán bộ thôn lạm quyền", "trưởng thôn tự ý quyết định việc chung mà không họp dân"),
        ("chậm trả lời đơn của công dân", "gửi đơn đã lâu mà cơ quan không có văn bản trả lời"),
    ],
    "tu-phap-ho-tich": [
        ("đăng ký khai sinh", "làm thủ tục khai sinh cho con bị yêu cầu nhiều giấy tờ"),
        ("chứng thực bản sao", "chứng thực giấy tờ ở xã phải chờ rất lâu"),
        ("đăng ký kết hôn", "hồ sơ đăng ký kết hôn với người nước ngoài bị trả lại"),
        ("thi hành án dân sự", "bản án đã có hiệu lực nhưng chưa được thi hành"),
        ("trích lục hộ tịch", "xin trích lục khai tử cho người thân nhưng bị hẹn nhiều lần"),
        ("hòa giải ở cơ sở", "tổ hòa giải không mời đủ các bên khi hòa giải tranh chấp"),
    ],
    "khac": [
        ("sinh hoạt văn hóa ở thôn", "nhà văn hóa thôn bị khóa, người dân không có chỗ sinh hoạt"),
        ("sóng điện thoại yếu", "vùng bản không có sóng điện thoại và internet"),
        ("nước sạch sinh hoạt", "nhà máy nước cấp nước không đều, có ngày mất nước hoàn toàn"),
        ("giá điện tăng bất thường", "hóa đơn tiền điện tháng này tăng gấp đôi"),
        ("hỗ trợ sản xuất nông nghiệp", "giống lúa được hỗ trợ bị lép, không cho thu hoạch"),
        ("dịch bệnh trên đàn gia súc", "nhiều con bò trong xã chết mà chưa được tiêm phòng"),
    ],
}

# Each kind's turns of phrase: an opening and a closing, {subject} and {detail} filled in.
KIND_FRAMES: dict[str, list[tuple[str, str]]] = {
    "feedback": [
        ("Phản ánh việc {subject}", "Tôi phản ánh để các cơ quan chức năng nắm được tình hình."),
        ("Về tình trạng {subject}", "Người dân trong khu vực rất bức xúc về tình trạng này."),
        ("Thông tin về {subject}", "Xin gửi thông tin để chính quyền biết."),
        ("Tình hình {subject} ở địa phương", "Kính mong các cấp quan tâm theo dõi."),
    ],
    "proposal": [
        ("Kiến nghị về {subject}", "Đề nghị chính quyền sớm có giải pháp khắc phục."),
        ("Đề xuất giải quyết {subject}", "Chúng tôi đề xuất nên bố trí kinh phí sửa chữa."),
        ("Đề nghị xem xét {subject}", "Mong cấp trên xem xét, bổ sung chính sách cho phù hợp."),
        ("Góp ý về {subject}", "Kiến nghị sửa đổi quy định để người dân được thuận lợi hơn."),
    ],
    "complaint": [
        (
            "Đơn khiếu nại về {subject}",
            "Tôi khiếu nại quyết định hành chính này vì không đúng quy định của pháp luật.",
        ),
        (
            "Khiếu nại quyết định liên quan đến {subject}",
            "Đề nghị thu hồi quyết định và giải quyết lại quyền lợi hợp pháp của tôi.",
        ),
        (
            "Khiếu nại lần hai về {subject}",
            "Không đồng ý với quyết định giải quyết khiếu nại lần đầu của Chủ tịch Ủy ban.",
        ),
        (
            "Không đồng ý với quyết định về {subject}",
            "Quyết định xâm phạm quyền và lợi ích hợp pháp của gia đình tôi nên tôi khiếu nại.",
        ),
    ],
    "denunciation": [
        (
            "Tố cáo sai phạm trong {subject}",
            "Tôi tố cáo hành vi vi phạm pháp luật này và đề nghị xử lý nghiêm người vi phạm.",
        ),
        (
            "Đơn tố cáo ông Nguyễn Văn {name} về {subject}",
            "Ông {name} đã lợi dụng chức vụ, quyền hạn để trục lợi, tôi tố cáo hành vi đó.",
        ),
        (
            "Tố giác hành vi sai trái liên quan {subject}",
            "Có dấu hiệu tham nhũng, nhận hối lộ; đề nghị cơ quan có thẩm quyền xác minh.",
        ),
        (
            "Tố cáo bà Trần Thị {name} vi phạm về {subject}",
            "Bà {name} đã cố ý làm trái quy định, gây thiệt hại; tôi chịu trách nhiệm về nội "
            "dung tố cáo.",
        ),
    ],
    "mixed": [
        (
            "Đơn khiếu nại và kiến nghị về {subject}",
            "Tôi vừa khiếu nại quyết định trên, vừa kiến nghị sửa đổi cách làm cho đúng.",
        ),
        (
            "Phản ánh, tố cáo và kiến nghị về {subject}",
            "Đơn gồm nhiều nội dung: phản ánh tình trạng, tố cáo cán bộ và kiến nghị giải pháp.",
        ),
        (
            "Nhiều nội dung về {subject}",
            "Đơn có cả nội dung khiếu nại lẫn tố cáo, đề nghị tách ra giải quyết theo quy định.",
        ),
    ],
}

PLACES = [
    "thôn Đông",
    "xóm 3",
    "tổ dân phố số 5",
    "bản Nà Hang",
    "khu phố Hòa Bình",
    "ấp Tân Lập",
    "thôn Trung Hậu",
    "xã Phú Cường",
    "phường Trung Hòa",
    "tổ 12",
]
TIMES = [
    "Từ đầu năm đến nay",
    "Đã ba tháng nay",
    "Từ tháng trước",
    "Nhiều năm qua",
    "Trong tuần vừa rồi",
    "Kể từ khi có dự án",
]
SENDERS = [
    "Tôi là người dân sống tại {place}.",
    "Chúng tôi là các hộ dân ở {place}.",
    "Tôi tên là Lê Thị Hoa, cư trú tại {place}.",
    "Thay mặt bà con {place}, tôi xin trình bày.",
    "",
]
EXTRAS = [
    "Gia đình đã nhiều lần lên xã hỏi nhưng chưa được trả lời.",
    "Sự việc ảnh hưởng lớn đến đời sống của bà con.",
    "Tôi gửi kèm ảnh chụp và giấy tờ liên quan.",
    "Việc này đã kéo dài và người dân rất lo lắng.",
    "",
    "",
]
_codes = itertools.count(1)

NAMES = ["An", "Bình", "Cường", "Dũng", "Hải", "Lan", "Mai", "Nam", "Sơn", "Tâm"]

FIELD_WEIGHTS = {
    "dat-dai": 18,
    "moi-truong": 10,
    "xay-dung-do-thi": 10,
    "giao-thong": 9,
    "an-sinh-xa-hoi": 9,
    "y-te": 6,
    "giao-duc": 7,
    "an-ninh-trat-tu": 8,
    "thue-tai-chinh": 5,
    "can-bo-cong-chuc": 7,
    "tu-phap-ho-tich": 5,
    "khac": 6,
}
KIND_WEIGHTS = {"feedback": 35, "proposal": 25, "complaint": 20, "denunciation": 12, "mixed": 8}


@dataclass(frozen=True)
class Matter:
    title: str
    content: str
    field: str  # CaseField.code
    kind: str  # CaseKind value

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.content}"


def _matter(rnd: random.Random, field: str, kind: str, plain: bool) -> Matter:
    subject, detail = rnd.choice(FIELD_TOPICS[field])
    # A second topic of the same field now and then: real letters wander within a field.
    other_subject, other_detail = rnd.choice(FIELD_TOPICS[field])
    opening, closing = rnd.choice(KIND_FRAMES[kind])
    name = rnd.choice(NAMES)
    place = rnd.choice(PLACES)
    title = opening.format(subject=subject, name=name)
    # Letters stray: a word on another field's trouble, a formula of another kind.
    stray_field = rnd.choice(list(FIELD_TOPICS))
    stray_subject, stray_detail = rnd.choice(FIELD_TOPICS[stray_field])
    sentences = [
        rnd.choice(SENDERS).format(place=place),
        f"{rnd.choice(TIMES)}, {detail} tại {place}.",
        rnd.choice(["", f"Ngoài ra, {other_detail}.", f"Việc {other_subject} cũng chưa rõ."]),
        rnd.choice(["", "", f"Bên cạnh đó, {stray_detail}.", f"Chuyện {stray_subject} thì đã ổn."]),
        rnd.choice(EXTRAS),
        rnd.choice(["", "", "", "Đề nghị các cơ quan quan tâm.", "Mong được trả lời sớm."]),
        closing.format(name=name),
    ]
    content = " ".join(s for s in sentences if s)
    if plain:  # typed without diacritics, as on many phones
        title, content = fold(title).capitalize(), fold(content).capitalize()
    return Matter(title=title, content=content, field=field, kind=kind)


def labelled_matters(
    n: int,
    *,
    seed: int = 0,
    plain_share: float = 0.15,
    noise: float = 0.04,
    fields: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
) -> list[Matter]:
    """`n` matters with their field and kind, the same for the same seed."""
    rnd = random.Random(seed)
    field_codes = list(fields or FIELD_WEIGHTS)
    kind_codes = list(kinds or KIND_WEIGHTS)
    field_w = [FIELD_WEIGHTS.get(f, 5) for f in field_codes]
    kind_w = [KIND_WEIGHTS.get(k, 5) for k in kind_codes]
    out = []
    for _ in range(n):
        field = rnd.choices(field_codes, field_w)[0]
        kind = rnd.choices(kind_codes, kind_w)[0]
        matter = _matter(rnd, field, kind, rnd.random() < plain_share)
        if rnd.random() < noise:  # officers do not always agree: a share of other labels
            matter = Matter(
                title=matter.title,
                content=matter.content,
                field=rnd.choice(field_codes) if rnd.random() < 0.5 else field,
                kind=rnd.choice(kind_codes) if rnd.random() < 0.5 else kind,
            )
        out.append(matter)
    return out


def make_labelled_cases(
    matters: Sequence[Matter], *, unit: Any = None, organization: Any = None
) -> list[Any]:
    """The matters as classified cases (bulk: the intake's rules are tested elsewhere)."""
    import datetime as dt

    from django.utils import timezone

    from danvan.cases.models import Case, CaseField, CaseState, Channel

    fields = {f.code: f for f in CaseField.objects.all()}
    start = timezone.now() - dt.timedelta(days=60)
    cases = [
        Case(
            tracking_code=f"LB{next(_codes):08d}",
            access_digest="",
            title=m.title[:200],
            content=m.content,
            channel=Channel.WEB,
            received_at=start + dt.timedelta(minutes=i),
            unit=unit,
            organization=organization,
            state=CaseState.CLASSIFIED,
            kind=m.kind,
            field=fields[m.field],
        )
        for i, m in enumerate(matters)
    ]
    return Case.objects.bulk_create(cases, batch_size=1000)
