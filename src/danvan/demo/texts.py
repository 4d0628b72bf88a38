"""Made-up citizen matters for the demo and the benchmarks (demo data, labelled as such):
varied Vietnamese wording per field of public life, so that the analysis has something real
to learn and to find — a classifier's held-out scores, topics, hotspots — without anyone's
real letter. Each sentence is built from pieces: a problem, where, since when, what is asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# field code → (titles, problems, asks)
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "dat-dai": (
        (
            "Tranh chấp ranh giới đất",
            "Chậm cấp giấy chứng nhận quyền sử dụng đất",
            "Lấn chiếm đất công",
            "Bồi thường giải phóng mặt bằng chưa thỏa đáng",
        ),
        (
            "nhà bên cạnh xây tường lấn sang phần đất của gia đình",
            "hồ sơ xin cấp sổ đỏ nộp từ lâu vẫn chưa có kết quả",
            "một hộ dân rào chiếm phần đất công làm bãi để vật liệu",
            "giá bồi thường khi thu hồi đất làm đường thấp hơn giá thị trường",
            "diện tích đo đạc lại khác với giấy chứng nhận đã cấp",
        ),
        (
            "đề nghị xác minh và giải quyết dứt điểm",
            "đề nghị Văn phòng đăng ký đất đai trả lời",
            "đề nghị tổ chức đối thoại với các hộ bị thu hồi đất",
        ),
    ),
    "moi-truong": (
        ("Xưởng sản xuất gây ô nhiễm", "Rác thải không được thu gom", "Nước thải xả ra kênh"),
        (
            "xưởng gỗ trong khu dân cư chạy máy đến khuya, bụi và tiếng ồn rất lớn",
            "rác thải tập kết ở đầu ngõ nhiều ngày không được thu gom, bốc mùi hôi thối",
            "cơ sở chăn nuôi xả nước thải chưa xử lý ra kênh thủy lợi",
            "khói từ lò đốt rác ảnh hưởng sức khỏe người dân xung quanh",
        ),
        (
            "đề nghị kiểm tra và xử lý cơ sở gây ô nhiễm",
            "đề nghị bố trí lịch thu gom rác hợp lý",
            "đề nghị quan trắc môi trường và công khai kết quả",
        ),
    ),
    "giao-thong": (
        ("Đường ngập sau mưa", "Đường liên thôn xuống cấp", "Thiếu đèn tín hiệu giao thông"),
        (
            "đoạn đường trước chợ ngập sâu mỗi khi mưa lớn, xe máy chết máy giữa đường",
            "đường liên thôn có nhiều ổ gà, học sinh đi lại rất nguy hiểm",
            "ngã tư gần trường học không có đèn tín hiệu, thường xảy ra va chạm",
            "xe tải chở vật liệu chạy quá tải làm hỏng mặt đường bê tông",
        ),
        (
            "đề nghị sửa chữa sớm trước mùa mưa",
            "đề nghị lắp đèn tín hiệu và biển báo",
            "đề nghị kiểm soát tải trọng xe",
        ),
    ),
    "an-sinh-xa-hoi": (
        ("Chậm chi trả trợ cấp", "Xét hộ nghèo chưa công bằng", "Hỗ trợ người có công"),
        (
            "mẹ tôi thuộc diện bảo trợ xã hội nhưng mấy tháng nay chưa nhận trợ cấp",
            "việc bình xét hộ nghèo, hộ cận nghèo ở thôn chưa công khai, minh bạch",
            "gia đình người có công chưa được hỗ trợ sửa chữa nhà ở như đã hứa",
            "thẻ bảo hiểm y tế cho người cao tuổi cấp chậm",
        ),
        (
            "đề nghị chi trả đầy đủ, đúng hạn",
            "đề nghị công khai danh sách bình xét",
            "đề nghị Ủy ban kiểm tra lại hồ sơ",
        ),
    ),
    "xay-dung-do-thi": (
        ("Công trình xây dựng không phép", "Xây dựng sai giấy phép", "Lấn chiếm vỉa hè"),
        (
            "một công trình đang xây 5 tầng trong khi khu vực chỉ cho phép 3 tầng",
            "nhà hàng xóm xây dựng làm nứt tường nhà tôi mà không khắc phục",
            "các hộ kinh doanh lấn chiếm vỉa hè, người đi bộ phải đi dưới lòng đường",
            "chủ đầu tư dự án chưa bàn giao hạ tầng cho cư dân",
        ),
        (
            "đề nghị kiểm tra, xử lý vi phạm trật tự xây dựng",
            "đề nghị buộc bồi thường thiệt hại",
            "đề nghị lập lại trật tự vỉa hè",
        ),
    ),
    "y-te": (
        ("Trạm y tế thiếu thuốc", "Thái độ phục vụ của nhân viên y tế", "Tiêm chủng cho trẻ"),
        (
            "trạm y tế xã thường xuyên hết thuốc điều trị tăng huyết áp",
            "nhân viên y tế có thái độ thiếu tôn trọng khi người bệnh hỏi",
            "lịch tiêm chủng mở rộng cho trẻ thay đổi mà không báo trước",
            "người bệnh phải chờ rất lâu mới được khám",
        ),
        (
            "đề nghị bổ sung thuốc kịp thời",
            "đề nghị chấn chỉnh tác phong phục vụ",
            "đề nghị thông báo lịch tiêm sớm",
        ),
    ),
    "giao-duc": (
        ("Thu các khoản ngoài quy định", "Thiếu phòng học", "Dạy thêm tràn lan"),
        (
            "nhà trường thu nhiều khoản đóng góp đầu năm ngoài quy định",
            "lớp học quá đông, điểm trường lẻ xuống cấp, mùa mưa bị dột",
            "giáo viên dạy thêm cho chính học sinh lớp mình và gợi ý phụ huynh cho con đi học",
        ),
        (
            "đề nghị kiểm tra các khoản thu",
            "đề nghị đầu tư sửa chữa phòng học",
            "đề nghị chấn chỉnh việc dạy thêm",
        ),
    ),
    "an-ninh-trat-tu": (
        ("Tụ tập gây mất trật tự", "Trộm cắp tài sản", "Cờ bạc trong khu dân cư"),
        (
            "thanh niên tụ tập đua xe, gây ồn ào vào ban đêm",
            "nhiều vụ mất trộm xe máy trong khu dân cư mà chưa được làm rõ",
            "một nhóm người tụ tập đánh bạc tại quán nước đầu thôn",
        ),
        ("đề nghị công an tăng cường tuần tra", "đề nghị điều tra làm rõ", "đề nghị xử lý nghiêm"),
    ),
    "can-bo-cong-chuc": (
        (
            "Cán bộ gây khó khăn khi làm thủ tục",
            "Giải quyết thủ tục trễ hẹn",
            "Thái độ cán bộ một cửa",
        ),
        (
            "cán bộ một cửa yêu cầu bổ sung giấy tờ không có trong quy định",
            "hồ sơ đăng ký kinh doanh bị trễ hẹn nhiều lần mà không có văn bản xin lỗi",
            "cán bộ tiếp dân có thái độ hách dịch, không hướng dẫn rõ ràng",
        ),
        (
            "đề nghị kiểm tra, chấn chỉnh",
            "đề nghị công khai thủ tục và thời hạn",
            "đề nghị xử lý trách nhiệm cán bộ",
        ),
    ),
}
# How a letter of each kind opens (TT 05/2021/TT-TTCP classifies a letter by what it says).
OPENINGS: dict[str, tuple[str, ...]] = {
    "feedback": ("Tôi xin phản ánh việc", "Người dân phản ánh", "Xin phản ánh tình trạng"),
    "proposal": ("Tôi kiến nghị về việc", "Đề xuất với chính quyền về việc", "Kiến nghị xem xét"),
    "complaint": (
        "Tôi khiếu nại quyết định của Ủy ban về việc",
        "Gia đình tôi khiếu nại việc",
        "Khiếu nại hành vi hành chính liên quan đến việc",
    ),
    "denunciation": (
        "Tôi tố cáo cán bộ có sai phạm trong việc",
        "Tố cáo hành vi vi phạm pháp luật:",
        "Tôi tố cáo việc làm sai quy định:",
    ),
}
WHERE = (
    "ở thôn {n}",
    "tại tổ dân phố {n}",
    "ở khu vực chợ",
    "gần trường tiểu học",
    "trong ngõ {n}",
)
SINCE = ("đã kéo dài nhiều tháng", "từ đầu năm đến nay", "mấy tuần nay", "đã phản ánh nhiều lần")

_BARE = str.maketrans(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ",
    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
    "AAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD",
)


@dataclass(frozen=True)
class MadeUp:
    field: str
    title: str
    content: str


def matter(rng: random.Random, field: str | None = None, kind: str = "") -> MadeUp:
    """One made-up matter of `field` (a random field otherwise), opening as a letter of
    `kind` says (feedback, proposal, complaint, denunciation; none when blank); one in ten is
    written without diacritics, as many are typed on a phone. The caller labels it as demo
    data."""
    field = field or rng.choice(list(FIELDS))
    titles, problems, asks = FIELDS[field]
    where = rng.choice(WHERE).format(n=rng.randint(1, 12))
    problem = rng.choice(problems)
    opening = rng.choice(OPENINGS[kind]) + " " if kind in OPENINGS else ""
    body = f"{opening}{problem}" if opening else problem.capitalize()
    content = f"{body} {where}, {rng.choice(SINCE)}. {rng.choice(asks).capitalize()}."
    title = rng.choice(titles)
    if rng.random() < 0.1:
        content = content.translate(_BARE)
    return MadeUp(field=field, title=title, content=content)
