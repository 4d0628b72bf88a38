"""The API describes itself (OpenAPI 3) and its docs page works offline: no CDN."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_json_is_openapi_3_with_the_v1_paths(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Dân Vận Số API"
    assert {
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/organizations",
        "/api/v1/organizations/{organization_id}",
        "/api/v1/me",
    } <= set(schema["paths"])
    units = schema["paths"]["/api/v1/units"]["get"]
    assert {p["name"] for p in units["parameters"]} >= {
        "level",
        "parent",
        "q",
        "as_of",
        "page",
        "page_size",
    }
    assert set(units["responses"]) == {"200", "422"}


def test_openapi_refs_all_resolve(schema):
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', _dump(schema)))
    assert refs
    assert refs <= set(schema["components"]["schemas"])


def test_openapi_marks_reference_data_public_and_officer_data_secured(schema):
    secured = {
        (path, method)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if op.get("security")
    }
    paths = {path for path, _method in secured}
    assert not any(p.startswith(("/api/v1/units", "/api/v1/organizations")) for p in paths)
    assert {
        ("/api/v1/me", "get"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{code}", "get"),
    } <= secured
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_openapi_document_passes_a_validator_when_one_is_installed(schema):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(schema)


def test_docs_page_loads_swagger_from_local_static_files_not_a_cdn(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    assert sources
    assert all(src.startswith("/static/") for src in sources)
    assert not re.search(r'(src|href)="(https?:)?//', html)


def _dump(data: object) -> str:
    import json

    return json.dumps(data)
