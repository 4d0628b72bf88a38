import pytest

from danvan.cases.services.intake import PersonData, Submission, submit
from danvan.org.models import OrganizationKind
from tests.factories import make_org, unit


@pytest.fixture
def commune_bodies(network):
    """The People's Committee of commune A1 (routing target), plus the network."""
    return network


def submission(network, **overrides):
    values = {
        "title": "Đường ngập nước sau mưa",
        "content": "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn, đề nghị khơi thông cống.",
        "channel": "web",
        "unit": network.commune_a1.unit,
        "person": PersonData(
            full_name="Nguyễn Văn Dân", phone="0912 345 678", email="dan@example.vn", consent=True
        ),
    }
    values.update(overrides)
    return Submission(**values)


def web_form(network, key="form-1", **extra):
    """What the public form posts for a matter in commune A1."""
    return {
        "idempotency_key": key,
        "title": "Đèn đường hỏng",
        "content": "Đèn đường ở ngõ 5 hỏng đã hai tuần, đề nghị sửa.",
        "province": network.province_a.unit_id,
        "unit": network.commune_a1.unit_id,
        "full_name": "Trần Thị Bình",
        "phone": "0987654321",
        "consent": "on",
        **extra,
    }


@pytest.fixture
def submitted(network):
    result = submit(submission=submission(network), client="test", idempotency_key="key-1")
    return result


__all__ = ["OrganizationKind", "make_org", "submission", "unit", "web_form"]
