"""The API checks the citizen's e-mail address and phone number (422, in Vietnamese), as the
web form and Open311 do."""

import pytest

from danvan.cases.models import SubmissionReceipt
from tests.open311.conftest import assert_error as assert_georeport

from .conftest import assert_api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "dân@", "@example.vn"])
def test_an_invalid_email_is_422_with_a_vietnamese_message(client, case_body, email):
    person = {"full_name": "Võ Văn Gửi", "email": email}
    response = client.post(
        "/api/v1/cases", case_body(person=person), content_type="application/json"
    )
    body = assert_api(response, 422, "invalid")
    error = next(e for e in body["errors"] if e["field"] == "email")
    assert "thư điện tử" in error["message"]
    assert not SubmissionReceipt.objects.exists()


@pytest.mark.parametrize("phone", ["gọi tôi", "12", "0912-abc-678"])
def test_an_invalid_phone_is_422(client, case_body, phone):
    person = {"full_name": "Võ Văn Gửi", "phone": phone}
    response = client.post(
        "/api/v1/cases", case_body(person=person), content_type="application/json"
    )
    body = assert_api(response, 422, "invalid")
    assert "phone" in {e["field"] for e in body["errors"]}


@pytest.mark.parametrize("phone", ["0912 345 678", "+84 912.345.678", "(024) 3825 1234"])
def test_ordinary_phone_numbers_and_emails_are_accepted(client, case_body, phone):
    person = {"full_name": "Võ Văn Gửi", "phone": phone, "email": "vo.van.gui@example.vn"}
    response = client.post(
        "/api/v1/cases", case_body(person=person), content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_open311_refuses_an_invalid_phone(client, georeport_form):
    assert_georeport(client.post("/open311/v2/requests.json", georeport_form(phone="gọi tôi")), 400)
