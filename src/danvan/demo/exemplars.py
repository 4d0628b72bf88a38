"""Demo "Dân vận khéo" models (labelled demo data): fifteen per demo province, registered by
communes across the whole province and taken through the real services — building, results,
evaluation and recognition by the province, replications by neighbouring communes, and
illustrative photos (drawn offline, see pictures.py) attached through the evidence service
with its file checks.

Most models are recognized, in 2024, 2025 and the seed's year, so that the showcase, its map,
the figures and the leaders' "recognized this year" have something to show; a few are still
registered, being built or evaluated, and one failed its evaluation, so that the registry
shows every state. Running the seed again creates nothing: a model whose name is already in
its province is skipped.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.accounts.models import Assignment, Role, Scope, User
from danvan.exemplars import services
from danvan.exemplars.models import (
    Criterion,
    EvidenceKind,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    SubField,
)
from danvan.lib.dates import today
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.org.services import update_organization

from .network import code_for
from .people import DEMO_EMAIL_DOMAIN
from .pictures import demo_picture

GROUP, PERSON = ExemplarKind.COLLECTIVE, ExemplarKind.INDIVIDUAL
ECONOMY, CULTURE = ExemplarField.ECONOMY, ExemplarField.CULTURE_SOCIETY
SECURITY, POLITICS = ExemplarField.DEFENCE_SECURITY, ExemplarField.POLITICAL_SYSTEM


class Stage(enum.Enum):
    """How far along the services a demo model is taken."""

    REGISTERED = "registered"
    BUILDING = "building"
    EVALUATED = "evaluated"  # passed, awaiting the decision
    FAILED = "failed"  # evaluated and not recognized
    RECOGNIZED = "recognized"


@dataclass(frozen=True)
class Plan:
    stage: Stage
    # The year registered (and recognized) is the seed's year less this.
    years_ago: int = 0
    decided: tuple[int, int] = (12, 15)  # month and day of the recognition decision
    replications: int = 0  # communes that adopted it since


def recognized(years_ago: int, month: int, day: int, replications: int = 0) -> Plan:
    return Plan(Stage.RECOGNIZED, years_ago, (month, day), replications)


REGISTERED, BUILDING = Plan(Stage.REGISTERED), Plan(Stage.BUILDING)
EVALUATED, FAILED = Plan(Stage.EVALUATED), Plan(Stage.FAILED)


@dataclass(frozen=True)
class DemoModel:
    kind: str
    name: str  # ends with " (demo)": demo data says so wherever it is shown
    holder: str
    field: str
    subfield: str
    description: str
    results: dict[str, int]
    plan: Plan
    consent: bool = False  # an individual who agreed to be shown publicly


# Hà Nội: wards and suburban communes of the capital.
HANOI = [
    DemoModel(
        GROUP,
        "Tổ tự quản an ninh trật tự khu dân cư (demo)",
        "Tổ dân phố số 3",
        SECURITY,
        "an-ninh-trat-tu",
        "Tổ tự quản tuần tra ban đêm, hòa giải mâu thuẫn ở cơ sở, ba năm liền không có tội "
        "phạm hình sự trên địa bàn.",
        {"households_helped": 420, "workdays": 1460},
        recognized(2, 11, 20, replications=3),
    ),
    DemoModel(
        GROUP,
        "Một cửa thân thiện, trả kết quả tại nhà (demo)",
        "Bộ phận tiếp nhận và trả kết quả",
        POLITICS,
        "cai-cach-hanh-chinh",
        "Công chức hướng dẫn người dân làm thủ tục trực tuyến và trả kết quả tại nhà cho "
        "người cao tuổi, người khuyết tật.",
        {"households_helped": 1350},
        recognized(2, 12, 10, replications=2),
    ),
    DemoModel(
        GROUP,
        "Phố văn minh, không rác thải nhựa (demo)",
        "Chi hội Phụ nữ tổ dân phố số 7",
        CULTURE,
        "moi-truong",
        "Chi hội vận động các hộ phân loại rác tại nguồn, đổi chai nhựa lấy cây xanh, thay "
        "túi ni lông bằng làn đi chợ; tuyến phố sạch, xanh quanh năm.",
        {"households_helped": 380, "workdays": 1200},
        recognized(2, 12, 18, replications=1),
    ),
    DemoModel(
        PERSON,
        "Người “giữ lửa” khu tập thể cũ (demo)",
        "Phạm Thị Lan",
        CULTURE,
        "an-sinh-xa-hoi",
        "Tổ trưởng tổ dân phố đã nghỉ hưu vận động các hộ góp tiền sửa cầu thang, lắp đèn "
        "chiếu sáng và camera an ninh cho khu tập thể xây từ những năm 1970.",
        {"households_helped": 96, "money_raised": 320_000_000},
        recognized(1, 6, 12, replications=2),
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Đối thoại từng nhà, giải phóng mặt bằng đúng hạn (demo)",
        "Ban Chỉ đạo giải phóng mặt bằng",
        ECONOMY,
        "phat-trien-kinh-te",
        "Cán bộ đến từng nhà đối thoại, công khai phương án bồi thường, hỗ trợ tái định cư; "
        "các hộ bàn giao mặt bằng đúng hạn, không có khiếu nại vượt cấp.",
        {"households_helped": 215, "land_donated": 18_500},
        recognized(1, 9, 5, replications=1),
    ),
    DemoModel(
        GROUP,
        "Đoàn viên hướng dẫn dân dùng dịch vụ công trực tuyến (demo)",
        "Đoàn Thanh niên phường",
        POLITICS,
        "chuyen-doi-so",
        "Đoàn viên hướng dẫn người dân cài đặt ứng dụng định danh điện tử, gửi phản ánh, "
        "kiến nghị trực tuyến và thanh toán không dùng tiền mặt ở chợ dân sinh.",
        {"households_helped": 2100, "workdays": 640},
        recognized(1, 11, 20),
    ),
    DemoModel(
        PERSON,
        "Doanh nhân trẻ tạo việc làm cho người khuyết tật (demo)",
        "Đỗ Minh Tuấn",
        ECONOMY,
        "phat-trien-kinh-te",
        "Chủ cơ sở may gia công nhận và dạy nghề cho người khuyết tật, bảo đảm thu nhập ổn "
        "định; mỗi năm trao học bổng cho con em các gia đình khó khăn.",
        {"households_helped": 35, "money_raised": 150_000_000},
        recognized(1, 12, 16, replications=1),
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Bữa cơm nghĩa tình cho bệnh nhân nghèo (demo)",
        "Câu lạc bộ thiện nguyện tổ dân phố số 9",
        CULTURE,
        "an-sinh-xa-hoi",
        "Mỗi trưa, hội viên và các nhà hảo tâm nấu, phát hàng trăm suất cơm miễn phí cho "
        "bệnh nhân nghèo và người nhà tại các bệnh viện trên địa bàn.",
        {"households_helped": 1800, "workdays": 2500, "money_raised": 600_000_000},
        recognized(0, 3, 18, replications=1),
    ),
    DemoModel(
        GROUP,
        "Chợ dân sinh an toàn, văn minh thương mại (demo)",
        "Ban quản lý chợ dân sinh",
        ECONOMY,
        "phat-trien-kinh-te",
        "Tiểu thương ký cam kết không bán hàng giả, hàng không rõ nguồn gốc, niêm yết giá và "
        "thanh toán bằng mã QR; chợ nhiều năm không để xảy ra cháy nổ.",
        {"households_helped": 240},
        recognized(0, 5, 22),
    ),
    DemoModel(
        PERSON,
        "Cựu chiến binh gương mẫu vận động hiến đất (demo)",
        "Trần Văn Bình",
        CULTURE,
        "an-sinh-xa-hoi",
        "Cựu chiến binh đi đầu hiến đất, vận động các hộ trong xóm cùng góp đất làm nhà văn "
        "hóa và sân chơi cho trẻ em.",
        {"land_donated": 450, "households_helped": 18},
        recognized(0, 7, 8),
    ),
    DemoModel(
        GROUP,
        "Câu lạc bộ “Ông bà kể chuyện” giữ nếp nhà (demo)",
        "Hội Người cao tuổi thôn Đoài",
        CULTURE,
        "van-hoa-giao-duc",
        "Các cụ sinh hoạt hằng tuần, kể chuyện truyền thống, dạy các cháu hát ca trù, chèo "
        "và giữ gìn nếp nhà, gia phong.",
        {"households_helped": 150, "workdays": 300},
        recognized(0, 9, 15),
    ),
    DemoModel(
        GROUP,
        "Khu dân cư “ba không”: không ma túy, không tệ nạn, không vi phạm (demo)",
        "Nhân dân tổ dân phố số 12",
        SECURITY,
        "an-ninh-trat-tu",
        "Nhân dân ký cam kết, lắp camera ở các ngõ, giúp người sau cai nghiện có việc làm; "
        "khu dân cư không còn điểm tụ tập tệ nạn.",
        {"households_helped": 510, "money_raised": 95_000_000},
        recognized(0, 11, 12),
    ),
    DemoModel(
        GROUP,
        "Chi bộ bám dân, mỗi đảng viên phụ trách mười hộ (demo)",
        "Chi bộ khu dân cư số 2",
        POLITICS,
        "xay-dung-dang",
        "Chi bộ sinh hoạt chuyên đề hằng tháng; mỗi đảng viên phụ trách mười hộ, nắm tâm tư "
        "nguyện vọng của nhân dân và kiến nghị giải quyết kịp thời ở cơ sở.",
        {"households_helped": 300},
        EVALUATED,
    ),
    DemoModel(
        PERSON,
        "Cô giáo về hưu mở lớp học tình thương (demo)",
        "Nguyễn Thu Trang",
        CULTURE,
        "van-hoa-giao-duc",
        "Giáo viên về hưu mở lớp học miễn phí buổi tối cho con em lao động tự do; nhiều em "
        "bỏ học đã được đi học lại.",
        {"households_helped": 42},
        BUILDING,
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Vườn rau sạch trên sân thượng khu tập thể (demo)",
        "Chi hội Nông dân tổ dân phố số 5",
        CULTURE,
        "moi-truong",
        "Chi hội hướng dẫn các hộ trồng rau sạch trên sân thượng bằng thùng xốp tái chế và "
        "phân hữu cơ ủ từ rác nhà bếp.",
        {"households_helped": 60},
        REGISTERED,
    ),
]

# Tuyên Quang (with the former Hà Giang): mountain communes, many peoples.
TUYEN_QUANG = [
    DemoModel(
        GROUP,
        "Hiến đất mở đường, xây dựng nông thôn mới (demo)",
        "Nhân dân thôn Đông",
        ECONOMY,
        "nong-thon-moi",
        "Ban công tác Mặt trận vận động nhân dân tự nguyện hiến đất, góp công làm đường "
        "liên thôn rộng 5 mét, không phải đền bù, hoàn thành trước kế hoạch.",
        {"land_donated": 3200, "road_built": 2, "money_raised": 850_000_000},
        recognized(2, 11, 15, replications=3),
    ),
    DemoModel(
        GROUP,
        "“Nhà nước và nhân dân cùng làm” đường bê tông đến bản (demo)",
        "Nhân dân thôn Nà Khán",
        ECONOMY,
        "nong-thon-moi",
        "Nhân dân góp ngày công, hiến đất và vật liệu, Nhà nước hỗ trợ xi măng: 12 km đường "
        "bê tông đã về đến tận bản.",
        {"road_built": 12, "land_donated": 8600, "workdays": 4300},
        recognized(2, 12, 5, replications=2),
    ),
    DemoModel(
        PERSON,
        "Giúp hộ nghèo phát triển sinh kế (demo)",
        "Nguyễn Thị Hoa",
        ECONOMY,
        "giam-ngheo-ben-vung",
        "Hội viên phụ nữ cho hộ nghèo mượn giống, vốn không lấy lãi và hướng dẫn kỹ thuật "
        "chăn nuôi; nhiều hộ đã thoát nghèo.",
        {"households_helped": 27, "money_raised": 180_000_000},
        recognized(2, 12, 20, replications=1),
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Xóa nhà tạm, nhà dột nát cho hộ nghèo (demo)",
        "Ban vận động “Ngày vì người nghèo” xã",
        CULTURE,
        "an-sinh-xa-hoi",
        "Ban vận động huy động doanh nghiệp, con em xa quê và các hộ trong thôn góp tiền, "
        "ngày công xây mới, sửa chữa nhà cho hộ nghèo, gia đình chính sách.",
        {"houses_built": 46, "money_raised": 2_300_000_000, "workdays": 3200},
        recognized(1, 5, 19, replications=2),
    ),
    DemoModel(
        GROUP,
        "Làng văn hóa du lịch cộng đồng dân tộc Tày (demo)",
        "Nhân dân thôn Tha",
        CULTURE,
        "van-hoa-giao-duc",
        "Các hộ giữ nhà sàn truyền thống, khôi phục hát then, đàn tính và làm homestay đón "
        "khách du lịch; thu nhập của thôn tăng gấp đôi sau ba năm.",
        {"households_helped": 64, "money_raised": 420_000_000},
        recognized(1, 8, 26, replications=1),
    ),
    DemoModel(
        PERSON,
        "Người có uy tín giữ bình yên bản làng (demo)",
        "Vàng Seo Chứ",
        SECURITY,
        "an-ninh-trat-tu",
        "Người có uy tín trong đồng bào Mông vận động bà con không nghe theo kẻ xấu, không "
        "di cư tự do, không tảo hôn, giữ bình yên nơi biên giới.",
        {"households_helped": 130},
        recognized(1, 10, 14),
    ),
    DemoModel(
        GROUP,
        "Đồng hành cùng hộ nghèo trồng chè Shan tuyết (demo)",
        "Chi hội Nông dân thôn Lũng Pù",
        ECONOMY,
        "giam-ngheo-ben-vung",
        "Cán bộ hội cùng ăn, cùng ở, cùng làm với hộ nghèo, hướng dẫn trồng và chế biến chè "
        "Shan tuyết theo tiêu chuẩn VietGAP, liên kết bao tiêu sản phẩm.",
        {"households_helped": 88, "money_raised": 560_000_000},
        recognized(1, 12, 8, replications=2),
    ),
    DemoModel(
        GROUP,
        "Nâng bước em đến trường nơi biên giới (demo)",
        "Tổ công tác biên phòng bản Lô Lô Chải",
        CULTURE,
        "van-hoa-giao-duc",
        "Mỗi cán bộ, chiến sĩ nhận đỡ đầu một học sinh nghèo, hỗ trợ sách vở, áo ấm và "
        "500.000 đồng mỗi tháng cho đến khi các em học xong phổ thông.",
        {"households_helped": 36, "money_raised": 216_000_000},
        recognized(0, 2, 27, replications=1),
    ),
    DemoModel(
        GROUP,
        "Tổ phụ nữ tiết kiệm, vay vốn giúp nhau làm kinh tế (demo)",
        "Chi hội Phụ nữ thôn Bản Lầm",
        ECONOMY,
        "giam-ngheo-ben-vung",
        "Hội viên góp tiết kiệm hằng tháng, cho nhau vay luân phiên không lãi để mua giống "
        "lợn đen, gà đồi; mười chín hộ đã thoát nghèo.",
        {"households_helped": 19, "money_raised": 240_000_000},
        recognized(0, 4, 16),
    ),
    DemoModel(
        PERSON,
        "Bí thư chi bộ vận động dồn điền đổi thửa (demo)",
        "Hoàng Văn Sơn",
        ECONOMY,
        "nong-thon-moi",
        "Bí thư chi bộ đổi ruộng của gia đình mình trước, vận động 140 hộ dồn điền đổi thửa, "
        "hình thành cánh đồng lớn trồng cam sành.",
        {"land_donated": 1200, "households_helped": 140},
        recognized(0, 6, 25),
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Thanh niên giữ an toàn giao thông đèo dốc (demo)",
        "Đoàn Thanh niên thôn Nặm Đăm",
        SECURITY,
        "an-ninh-trat-tu",
        "Đoàn viên lập tổ tuần tra, cắm biển cảnh báo ở các khúc cua, vận động đội mũ bảo "
        "hiểm, không uống rượu bia khi lái xe; hai năm không có tai nạn nghiêm trọng.",
        {"households_helped": 210, "workdays": 900},
        recognized(0, 8, 20),
    ),
    DemoModel(
        GROUP,
        "Tổ công nghệ số cộng đồng nói tiếng dân tộc (demo)",
        "Tổ công nghệ số cộng đồng xã",
        POLITICS,
        "chuyen-doi-so",
        "Tổ công nghệ số đến từng thôn, dùng tiếng Mông, tiếng Dao hướng dẫn bà con làm thủ "
        "tục trực tuyến và nhận trợ cấp qua tài khoản.",
        {"households_helped": 960},
        recognized(0, 10, 30),
    ),
    DemoModel(
        PERSON,
        "Nghệ nhân truyền dạy hát Sình ca (demo)",
        "Lâm Thị Mai",
        CULTURE,
        "van-hoa-giao-duc",
        "Nghệ nhân mở lớp dạy hát Sình ca cho thanh thiếu niên dân tộc Cao Lan và đã sưu tầm "
        "hơn 200 bài hát cổ.",
        {"households_helped": 45},
        EVALUATED,
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Hương ước bảo vệ rừng đầu nguồn (demo)",
        "Nhân dân thôn Khuổi Khít",
        CULTURE,
        "moi-truong",
        "Các hộ ký hương ước bảo vệ rừng đầu nguồn, luân phiên tuần tra và trồng mới rừng gỗ "
        "lớn trên đất trống.",
        {"workdays": 1500, "households_helped": 75},
        BUILDING,
    ),
    DemoModel(
        GROUP,
        "Phụ huynh chung tay nấu bữa trưa bán trú (demo)",
        "Ban đại diện cha mẹ học sinh",
        CULTURE,
        "van-hoa-giao-duc",
        "Phụ huynh góp gạo, rau và ngày công nấu ăn để học sinh bán trú được ăn bữa trưa đủ chất.",
        {"households_helped": 180},
        REGISTERED,
    ),
]

# Cần Thơ (with the former Hậu Giang and Sóc Trăng): the delta, its canals and markets.
CAN_THO = [
    DemoModel(
        GROUP,
        "Thay cầu khỉ bằng cầu bê tông (demo)",
        "Nhân dân ấp Thới Hòa",
        ECONOMY,
        "nong-thon-moi",
        "Bà con góp tiền, ngày công thay 14 cây cầu khỉ bằng cầu bê tông; học sinh không còn "
        "phải đi đò qua kênh đến trường.",
        {"money_raised": 1_450_000_000, "workdays": 2600, "road_built": 3},
        recognized(2, 11, 28, replications=3),
    ),
    DemoModel(
        GROUP,
        "Tuyến đường hoa, đường sáng ven kênh (demo)",
        "Chi hội Phụ nữ ấp Bình Thuận",
        CULTURE,
        "moi-truong",
        "Hội viên trồng, chăm sóc hoa và lắp đèn năng lượng mặt trời dọc 6 km đường ven "
        "kênh, vận động các hộ không xả rác xuống sông.",
        {"road_built": 6, "money_raised": 210_000_000, "households_helped": 320},
        recognized(2, 12, 12, replications=2),
    ),
    DemoModel(
        PERSON,
        "Tấm lòng vàng xây nhà tình thương (demo)",
        "Huỳnh Văn Phước",
        CULTURE,
        "an-sinh-xa-hoi",
        "Chủ vựa lúa mỗi năm góp tiền, vật liệu xây nhà tình thương và tặng gạo cho hộ nghèo "
        "dịp Tết.",
        {"houses_built": 28, "money_raised": 1_200_000_000},
        recognized(2, 12, 26),
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Liên kết sản xuất lúa chất lượng cao, giảm phát thải (demo)",
        "Hợp tác xã nông nghiệp Thạnh Lợi",
        ECONOMY,
        "phat-trien-kinh-te",
        "Hợp tác xã vận động xã viên canh tác “một phải, năm giảm” và bán lúa theo hợp đồng "
        "cho doanh nghiệp; lợi nhuận của các hộ tăng khoảng 20%.",
        {"households_helped": 310, "workdays": 900},
        recognized(1, 4, 10, replications=3),
    ),
    DemoModel(
        GROUP,
        "Chợ nổi văn minh, thân thiện với du khách (demo)",
        "Tổ hợp tác ghe hàng chợ nổi",
        ECONOMY,
        "phat-trien-kinh-te",
        "Tiểu thương niêm yết giá, không chèo kéo khách, thu gom rác trên ghe; du khách quay "
        "lại chợ nổi ngày càng đông.",
        {"households_helped": 180},
        recognized(1, 7, 22, replications=1),
    ),
    DemoModel(
        GROUP,
        "Tổ hòa giải “tình làng nghĩa xóm” (demo)",
        "Tổ hòa giải ấp Trường Thọ",
        SECURITY,
        "an-ninh-trat-tu",
        "Tổ hòa giải thành hầu hết các vụ mâu thuẫn về đất đai, gia đình ngay tại ấp, không "
        "để phát sinh khiếu kiện đông người.",
        {"households_helped": 85},
        recognized(1, 10, 3, replications=2),
    ),
    DemoModel(
        PERSON,
        "Lương y chữa bệnh miễn phí cho người nghèo (demo)",
        "Trương Văn Lộc",
        CULTURE,
        "van-hoa-giao-duc",
        "Lương y bốc thuốc nam miễn phí, vận động các hộ trồng vườn thuốc nam và khám bệnh "
        "cho hơn hai nghìn lượt người mỗi năm.",
        {"households_helped": 2100},
        recognized(1, 12, 19),
    ),
    DemoModel(
        GROUP,
        "Đảng viên nhận giúp đỡ hộ khó khăn (demo)",
        "Chi bộ ấp Long Hòa",
        POLITICS,
        "xay-dung-dang",
        "Mỗi đảng viên nhận giúp đỡ một hộ khó khăn, đăng ký việc làm cụ thể hằng năm và công "
        "khai kết quả tại buổi họp ấp.",
        {"households_helped": 62},
        recognized(0, 3, 5, replications=1),
    ),
    DemoModel(
        GROUP,
        "Chợ 4.0: thanh toán không dùng tiền mặt (demo)",
        "Đoàn Thanh niên phường",
        POLITICS,
        "chuyen-doi-so",
        "Đoàn viên giúp tiểu thương mở tài khoản, in mã QR và bán hàng trên sàn thương mại "
        "điện tử; chín phần mười sạp hàng đã thanh toán không dùng tiền mặt.",
        {"households_helped": 430},
        recognized(0, 5, 14),
    ),
    DemoModel(
        GROUP,
        "Ngân hàng bò giúp hộ nghèo đồng bào Khmer (demo)",
        "Chi hội Nông dân ấp Tắc Gồng",
        ECONOMY,
        "giam-ngheo-ben-vung",
        "Chi hội cho hộ nghèo đồng bào Khmer mượn bò sinh sản; con bê đầu tiên được chuyển "
        "cho hộ tiếp theo, đến nay 37 hộ đã có bò.",
        {"households_helped": 37, "money_raised": 520_000_000},
        recognized(0, 7, 30),
    ),
    DemoModel(
        PERSON,
        "Tổ trưởng tự quản gương mẫu trên tuyến kênh (demo)",
        "Nguyễn Thị Bé Ba",
        SECURITY,
        "an-ninh-trat-tu",
        "Tổ trưởng tổ nhân dân tự quản vận động các hộ ven kênh lắp camera, giúp người sau "
        "cai nghiện hòa nhập; tuyến kênh không còn tụ điểm ma túy.",
        {"households_helped": 120, "money_raised": 90_000_000},
        recognized(0, 9, 9),
        consent=True,
    ),
    DemoModel(
        GROUP,
        "Một cửa di động đến nhà người cao tuổi (demo)",
        "Bộ phận một cửa phường",
        POLITICS,
        "cai-cach-hanh-chinh",
        "Công chức mang máy tính, máy in đến tận nhà người cao tuổi, người khuyết tật để "
        "chứng thực giấy tờ và đăng ký hộ tịch.",
        {"households_helped": 780},
        recognized(0, 11, 25),
    ),
    DemoModel(
        GROUP,
        "Tổ liên kết nuôi cá trên ruộng lúa (demo)",
        "Tổ hợp tác ấp Mỹ Phụng",
        ECONOMY,
        "phat-trien-kinh-te",
        "Các hộ liên kết thả cá trên ruộng lúa để giảm thuốc trừ sâu; mô hình mới làm thử một "
        "vụ, chưa có kết quả để đánh giá.",
        {"households_helped": 12},
        FAILED,
    ),
    DemoModel(
        GROUP,
        "Sân chơi và lớp dạy bơi cho trẻ em vùng sông nước (demo)",
        "Đoàn Thanh niên ấp Thới Thuận",
        CULTURE,
        "van-hoa-giao-duc",
        "Đoàn viên dựng sân chơi cho trẻ em từ lốp xe, gỗ cũ và mở lớp dạy bơi miễn phí mùa "
        "hè để phòng chống đuối nước.",
        {"workdays": 450, "households_helped": 140},
        BUILDING,
    ),
    DemoModel(
        PERSON,
        "Nông dân sản xuất giỏi chia sẻ kỹ thuật trồng sầu riêng (demo)",
        "Võ Thanh Hùng",
        ECONOMY,
        "phat-trien-kinh-te",
        "Nông dân sản xuất giỏi mở lớp hướng dẫn miễn phí kỹ thuật trồng, chăm sóc sầu riêng "
        "và cho hộ nghèo mượn cây giống.",
        {"households_helped": 50},
        REGISTERED,
    ),
]

MODELS_BY_PROVINCE = {"01": HANOI, "08": TUYEN_QUANG, "92": CAN_THO}
LISTS = list(MODELS_BY_PROVINCE.values())


def _leader_of(org: Organization) -> User | None:
    """A leader acting over the whole province from the commission: the one who evaluates
    and recognizes, and who may act for the communes below (subtree)."""
    leads = Assignment.objects.current().filter(
        organization=org, role=Role.LEADER, scope=Scope.SUBTREE
    )
    return User.objects.filter(assignments__in=leads, is_active=True).order_by("pk").first()


def _not_after_today(day: dt.date) -> dt.date:
    # Decisions and adoptions cannot be dated in the future (the services refuse a decision
    # that is): a demo seeded early in the year moves this year's later dates to today.
    return min(day, today())


def _scores(criteria: list[Criterion], slot: int, *, passing: bool) -> dict[str, int]:
    """Full marks less a little, varied per model; a failing model gets a third of them."""
    if not passing:
        return {c.code: c.max_score // 3 for c in criteria}
    return {c.code: max(c.max_score - (slot + i) % 4, 0) for i, c in enumerate(criteria)}


def _attach_pictures(actor: User, exemplar: Exemplar, spec: DemoModel, count: int) -> None:
    """Illustrative photos, through the same checks as an upload (type, size, re-encoding).
    Public in the showcase unless the person did not agree to be shown."""
    for n in range(count):
        data = demo_picture(title=spec.name, field=spec.field, seed=f"{spec.name}#{n}")
        upload = SimpleUploadedFile(f"anh-minh-hoa-demo-{n + 1}.jpg", data, "image/jpeg")
        services.add_evidence(
            actor=actor,
            exemplar=exemplar,
            kind=EvidenceKind.PHOTO,
            files=services.check_evidence(EvidenceKind.PHOTO, [upload]),
            caption=f"Ảnh minh họa (demo) — {spec.name.removesuffix(' (demo)')}",
            public=exemplar.shows_holder_publicly,
        )


def _seed_model(
    *,
    spec: DemoModel,
    slot: int,
    body: Organization,
    adopters: list[Organization],
    commission: Organization,
    leader: User,
    criteria: list[Criterion],
    subfields: dict[str, SubField],
    year: int,
    number: int,
) -> None:
    plan = spec.plan
    if not body.address:
        # The office contact a visitor of the showcase is given (demo addresses only).
        update_organization(
            actor=None,
            organization=body,
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
        year=year - plan.years_ago,
        description=spec.description,
        subfields=[subfields[spec.subfield]] if spec.subfield in subfields else [],
        public_consent=spec.consent,
        results=spec.results,
    )
    if plan.stage is not Stage.REGISTERED:
        services.start_building(actor=leader, exemplar=exemplar)
    if plan.stage in (Stage.EVALUATED, Stage.FAILED, Stage.RECOGNIZED):
        services.evaluate(
            actor=leader,
            exemplar=exemplar,
            by=commission,
            scores=_scores(criteria, slot, passing=plan.stage is not Stage.FAILED),
            comment="Thẩm định (demo)",
        )
    if plan.stage is Stage.RECOGNIZED:
        decided = _not_after_today(dt.date(year - plan.years_ago, *plan.decided))
        services.recognize(
            actor=leader,
            exemplar=exemplar,
            by=commission,
            decision_number=f"{number}/QĐ-BTGDV (demo)",
            decision_date=decided,
        )
        for k, adopter in enumerate(adopters[: plan.replications]):
            services.record_replication(
                actor=leader,
                exemplar=exemplar,
                organization=adopter,
                # Adopted a season or more after the decision, one commune after another.
                adopted_on=_not_after_today(decided + dt.timedelta(days=90 * (k + 1))),
                note="Học tập, áp dụng tại địa phương (demo)",
            )
    # Recognized models have more to show: a second view.
    _attach_pictures(leader, exemplar, spec, count=2 if plan.stage is Stage.RECOGNIZED else 1)


def seed_demo_exemplars(*, provinces: list[AdminUnit], year: int) -> int:
    """Fifteen models per demo province, the models missing only; returns how many were made."""
    made = 0
    criteria = list(Criterion.objects.filter(active=True))
    subfields = {s.code: s for s in SubField.objects.all()}
    for p, province in enumerate(provinces):
        specs = MODELS_BY_PROVINCE.get(province.code, LISTS[p % len(LISTS)])
        existing = set(Exemplar.objects.filter(province=province).values_list("name", flat=True))
        if all(spec.name in existing for spec in specs):
            continue
        commission = Organization.objects.get(code=code_for(province, "BTGDV"))
        leader = _leader_of(commission)
        committees = list(
            Organization.objects.current()
            .filter(province=province, level="commune", kind=OrganizationKind.PEOPLES_COMMITTEE)
            .select_related("current_unit")
            .order_by("code")
        )
        # Each model needs a commune of its own and three neighbours that may adopt it.
        if leader is None or len(committees) < len(specs) + 3:
            continue
        for slot, spec in enumerate(specs):
            if spec.name in existing:
                continue
            # Spread over the whole province, not its first communes (each model's page maps
            # its commune); the next communes in code order, its neighbours, adopt it.
            at = slot * len(committees) // len(specs)
            adopters = [committees[(at + k) % len(committees)] for k in range(1, 4)]
            _seed_model(
                spec=spec,
                slot=slot,
                body=committees[at],
                adopters=adopters,
                commission=commission,
                leader=leader,
                criteria=criteria,
                subfields=subfields,
                year=year,
                number=100 + 40 * p + slot,
            )
            made += 1
    return made
