"""Before recording a matter received in person, the officer checks for earlier ones."""

import pytest

from danvan.cases.models import Case
from danvan.cases.services.intake import PersonData, submit
from tests.cases.conftest import submission
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


def _form(network, **extra):
    return {
        "title": "Đường ngập nước sau mưa",
        "content": "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn.",
        "channel": "in_person",
        "unit": network.commune_a1.unit_id,
        "phone": "0912 345 678",
        "check_duplicates": "1",
        **extra,
    }


def test_the_check_lists_earlier_matters_of_the_same_person_and_saves_nothing(network, client):
    earlier = submit(submission=submission(network), client="test", idempotency_key="e1").case
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    response = client.post("/cases/new/", _form(network))
    assert response.status_code == 200
    found = {s.case for s in response.context["suggestions"]}
    assert earlier in found
    assert earlier.tracking_code in response.content.decode()
    assert Case.objects.count() == 1
    # The form comes back as typed.
    assert "Đường ngập nước sau mưa" in response.content.decode()


def test_the_check_never_shows_matters_outside_the_officers_scope(network, client):
    other = submit(
        submission=submission(
            network,
            unit=network.commune_b1.unit,
            person=PersonData(phone="0912 345 678", consent=True),
        ),
        client="test",
        idempotency_key="e2",
    ).case
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    response = client.post("/cases/new/", _form(network))
    assert other not in {s.case for s in response.context["suggestions"]}
    assert other.tracking_code not in response.content.decode()
