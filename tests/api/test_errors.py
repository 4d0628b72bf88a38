"""Every failure is JSON {"detail", "code", "errors"}: translated detail, stable code."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import translation
from ninja.errors import AuthorizationError, HttpError, Throttled

from danvan.api import errors
from danvan.api.api import api

from .helpers import assert_error, error_fields

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/units"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "foo"}, "level"),
        ({"as_of": "not-a-date"}, "as_of"),
        ({"as_of": "31/02/2025"}, "as_of"),
        ({"as_of": "1719705600"}, "as_of"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"parent": "x"}, "parent"),
        ({"parent": 10**30}, "parent"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_query_parameters_are_422_invalid_naming_the_field(client, params, field):
    body = assert_error(client.get(UNITS, params), 422, "invalid")
    assert error_fields(body) == {field}
    assert all(e["message"] and e["type"] for e in body["errors"])


def test_several_bad_parameters_are_reported_together(client):
    body = assert_error(client.get(UNITS, {"level": "foo", "page": 0}), 422, "invalid")
    assert error_fields(body) == {"level", "page"}


def test_a_non_numeric_id_in_the_path_is_422_invalid(client):
    body = assert_error(client.get(f"{UNITS}/abc"), 422, "invalid")
    assert body["errors"][0]["loc"] == ["path", "unit_id"]


def test_an_empty_as_of_means_today(client):
    response = client.get(UNITS, {"level": "province", "as_of": ""})
    assert response.status_code == 200
    assert response.json()["count"] == 34


def test_error_detail_is_in_vietnamese_unless_the_user_chose_english(client):
    vietnamese = client.get(UNITS, {"level": "foo"})
    assert vietnamese["Content-Language"] == "vi"
    client.cookies["django_language"] = "en"
    english = client.get(UNITS, {"level": "foo"})
    assert english["Content-Language"] == "en"
    assert assert_error(english, 422, "invalid")["detail"] == "Invalid input."


def test_error_detail_goes_through_gettext(client, monkeypatch):
    # The Vietnamese catalogue is filled in later; a stand-in proves the lookup happens.
    monkeypatch.setattr(errors, "_", lambda msgid: f"[vi] {msgid}")
    body = assert_error(client.get(f"{UNITS}/999999999"), 404, "not_found")
    assert body["detail"] == "[vi] Not found."


def test_json_keeps_vietnamese_letters_unescaped(client):
    response = client.get(UNITS, {"q": "ha noi", "level": "province"})
    assert "Thành phố Hà Nội".encode() in response.content


# The handlers below have no public endpoint to trigger them yet: they are called directly.


def call_handler(exc: Exception):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/api/v1/anything")
    with translation.override("vi"):
        return api.on_exception(request, exc)


def test_an_unexpected_exception_is_a_json_500_without_traceback(caplog):
    response = call_handler(RuntimeError("secret internals"))
    body = assert_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert body["errors"] == []
    assert "secret internals" in caplog.text


def test_a_service_validation_error_is_422_with_field_errors():
    exc = ValidationError({"valid_to": ["The end date must not be before the start date."]})
    body = assert_error(call_handler(exc), 422, "invalid")
    assert body["errors"] == [
        {
            "loc": ["valid_to"],
            "field": "valid_to",
            "message": "The end date must not be before the start date.",
            "type": "invalid",
        }
    ]


def test_a_service_validation_error_without_field_is_422():
    body = assert_error(call_handler(ValidationError("Not allowed now.")), 422, "invalid")
    assert body["errors"][0]["message"] == "Not allowed now."


def test_permission_denied_is_403():
    assert_error(call_handler(PermissionDenied()), 403, "permission_denied")
    assert_error(call_handler(AuthorizationError()), 403, "permission_denied")


def test_a_failed_csrf_check_is_403_csrf():
    assert_error(call_handler(HttpError(403, "CSRF check Failed")), 403, "csrf")


def test_a_body_that_is_not_json_is_400_in_vietnamese(client):
    response = client.post(
        "/api/v1/cases", "{not json", content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    body = assert_error(response, 400, "bad_request")
    assert body["detail"] == "Nội dung yêu cầu không phải JSON hợp lệ. Hãy kiểm tra và gửi lại."


def test_throttling_is_429():
    assert_error(call_handler(Throttled(wait=30)), 429, "throttled")


def test_an_http_error_keeps_its_status_and_message():
    body = assert_error(call_handler(HttpError(409, "Đã có.")), 409, "conflict")
    assert body["detail"] == "Đã có."


def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
