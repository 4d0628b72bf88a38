"""Bad input answered by the input hygiene middleware, in the way each endpoint speaks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpResponse

from danvan.accounts.services import issue_api_token
from tests.factories import Role, user_with

BIG = "1" + "0" * 22  # 23 digits: no integer column holds it


def assert_page(response: HttpResponse, status: int) -> str:
    """A Vietnamese HTML error page inside the site's shell."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'id="main"' in page and 'lang="vi"' in page
    return page


def assert_api(response: HttpResponse, status: int, code: str) -> dict[str, Any]:
    """The API's JSON error: {"detail", "code", "errors"}."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code and body["detail"].strip()
    return body


def assert_georeport(response: HttpResponse, status: int) -> list[dict[str, Any]]:
    """GeoReport v2's error: a non-empty list of {"code": <status>, "description"}."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body, list) and body
    for error in body:
        assert set(error) == {"code", "description"}
        assert error["code"] == status and error["description"].strip()
    return body


@pytest.fixture
def officer(network):  # type: ignore[no-untyped-def]
    return user_with(network.commune_a1, Role.OFFICER)


@pytest.fixture
def officer_client(client, officer):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client


@pytest.fixture
def bearer(officer):  # type: ignore[no-untyped-def]
    _token, raw = issue_api_token(user=officer, name="Kiểm thử")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def case_body(network):  # type: ignore[no-untyped-def]
    def _body(**extra: Any) -> dict[str, Any]:
        body = {
            "title": "Rác thải không được thu gom",
            "content": "Điểm tập kết rác đầu ngõ 12 ba ngày nay không có xe thu gom.",
            "unit_id": network.commune_a1.unit_id,
            "person": {"full_name": "Võ Văn Gửi", "phone": "0933111222"},
            "consent": True,
        }
        body.update(extra)
        return body

    return _body


@pytest.fixture
def georeport_form(network):  # type: ignore[no-untyped-def]
    place = network.commune_a1.unit

    def _form(**extra: Any) -> dict[str, Any]:
        form = {
            "service_code": "giao-thong",
            "lat": f"{place.latitude + 0.0003:.6f}",
            "long": f"{place.longitude + 0.0003:.6f}",
            "description": "Đoạn đường trước chợ ngập sâu mỗi khi mưa lớn.",
            "phone": "0912 345 678",
        }
        form.update(extra)
        return form

    return _form
