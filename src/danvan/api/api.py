"""The HTTP API: OpenAPI 3 at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Dân Vận Số API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
