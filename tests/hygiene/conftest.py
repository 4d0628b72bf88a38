"""Bad input answered by the input hygiene middleware, in the way each endpoint speaks."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
from django.http import HttpResponse

from danvan.accounts.services import issue_api_token
from tests.api.helpers import case_payload
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
    return partial(case_payload, network)


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
