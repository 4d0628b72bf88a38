import itertools

import pytest

from danvan.cases.services.intake import PersonData, submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

FLOODING = (
    "Đường ngập nước sau mưa",
    "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn, đề nghị khơi thông cống.",
)
LAND = (
    "Chậm cấp giấy chứng nhận quyền sử dụng đất",
    "Hồ sơ xin cấp sổ đỏ nộp từ năm ngoái vẫn chưa có kết quả, đề nghị kiểm tra.",
)
NOISE = (
    "Quán karaoke hát khuya",
    "Quán karaoke đầu ngõ mở nhạc rất to sau mười một giờ đêm, ảnh hưởng giấc ngủ.",
)
LIGHTS = (
    "Đèn chiếu sáng công cộng hỏng",
    "Cột đèn ở ngã tư tổ dân phố 5 tắt cả tháng nay, buổi tối rất tối và nguy hiểm.",
)

_keys = itertools.count(1)


def person(phone="", email="", **kw):
    return PersonData(full_name="Trần Thị Bình", phone=phone, email=email, consent=True, **kw)


def make_case(network, texts=FLOODING, *, unit=None, phone="", email="", **kw):
    """A matter submitted on the web; by default from a person nobody else shares."""
    n = next(_keys)
    if not phone and not email:
        phone = f"0987{n:06d}"
    title, content = texts
    sub = submission(
        network,
        title=title,
        content=content,
        unit=unit or network.commune_a1.unit,
        person=person(phone=phone, email=email),
        **kw,
    )
    return submit(submission=sub, client="test", idempotency_key=f"dup-{n}").case


@pytest.fixture
def officer(network):
    return user_with(network.commune_a1_committee, Role.OFFICER)


@pytest.fixture
def outsider(network):
    return user_with(network.commune_b1, Role.OFFICER, Scope.SUBTREE)
