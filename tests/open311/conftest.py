"""Open311 GeoReport v2 test helpers: the field lists of the specification, and requests."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.cases.models import Case, Channel
from danvan.cases.services.intake import PersonData, Submission, register_pending, submit
from tests.factories import Role, user_with

BASE = "/open311/v2"
REQUESTS = f"{BASE}/requests.json"

# The field lists of https://wiki.open311.org/GeoReport_v2, written out here on purpose: the
# tests check the views against the specification, not against the code's own constants.
DISCOVERY_KEYS = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT_KEYS = {"specification", "url", "changeset", "type", "formats"}
SERVICE_KEYS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
DEFINITION_KEYS = {"service_code", "attributes"}
CREATED_KEYS = {"service_request_id", "service_notice", "account_id", "token"}
REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
ERROR_KEYS = {"code", "description"}

NAME_FIRST, NAME_LAST = "Văn Dân", "Nguyễn"
PHONE, EMAIL = "0912 345 678", "dan.nguyen@example.vn"
DESCRIPTION = "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn, đề nghị khơi thông cống thoát nước."


def assert_error(response: Any, status: int) -> list[dict[str, Any]]:
    """A GeoReport error: a non-empty list of {code, description}, code = HTTP status."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list) and body
    for error in body:
        assert set(error) == ERROR_KEYS
        assert error["code"] == status
        assert isinstance(error["description"], str) and error["description"]
    return body


def request_data(place: Any, **overrides: Any) -> dict[str, Any]:
    """A POST requests.json form a few metres from the centre of `place`."""
    values = {
        "service_code": "giao-thong",
        "lat": f"{place.latitude + 0.0003:.6f}",
        "long": f"{place.longitude + 0.0003:.6f}",
        "description": DESCRIPTION,
        "first_name": NAME_FIRST,
        "last_name": NAME_LAST,
        "phone": PHONE,
        "email": EMAIL,
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def place(network):  # type: ignore[no-untyped-def]
    """Commune A1, whose People's Committee the network has: matters there are routed."""
    unit = network.commune_a1.unit
    assert unit.latitude is not None and unit.longitude is not None
    return unit


@pytest.fixture
def officer(network):  # type: ignore[no-untyped-def]
    return user_with(network.commune_a1_committee, Role.OFFICER)


@pytest.fixture
def post(client, place):  # type: ignore[no-untyped-def]
    """POST requests.json, then do what the background worker does moments later: register
    the receipt as a matter (tests/cases/test_receipts.py covers the moment in between)."""

    def _post(headers: dict[str, str] | None = None, **overrides: Any) -> Any:
        response = client.post(REQUESTS, request_data(place, **overrides), headers=headers or {})
        register_pending()
        return response

    return _post


def make_cases(place: Any, n: int) -> list[Case]:
    """n matters at `place`, straight through the intake service (quicker than HTTP)."""
    return [
        submit(
            submission=Submission(
                title=f"Phản ánh số {i}",
                content=f"Nội dung phản ánh số {i} về giao thông trong xã.",
                channel=Channel.OPEN311,
                unit=place,
                person=PersonData(anonymous=True, consent=True),
            ),
            client="test",
            idempotency_key=None,
        ).case
        for i in range(n)
    ]
