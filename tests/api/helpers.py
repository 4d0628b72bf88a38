"""Assertions shared by the API tests."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse


def assert_error(response: HttpResponse, status: int, code: str) -> dict[str, Any]:
    """The response is our JSON error with this status and code, and a message for people.

    The message's wording is translated (Vietnamese by default), so only its presence is
    checked; programs rely on `code`.
    """
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)  # handlers called directly give no .json()
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"].strip()
    assert isinstance(body["errors"], list)
    return body


def error_fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body["errors"]}


def case_payload(network: Any, **extra: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/cases in commune A1 of the test network."""
    return {
        "title": "Rác thải không được thu gom",
        "content": "Điểm tập kết rác đầu ngõ 12 ba ngày nay không có xe thu gom.",
        "unit_id": network.commune_a1.unit_id,
        "person": {"full_name": "Võ Văn Gửi", "phone": "0933111222"},
        "consent": True,
        **extra,
    }
