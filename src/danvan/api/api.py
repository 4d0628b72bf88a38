"""The HTTP API: OpenAPI 3 at /api/openapi.json, interactive docs at /api/docs.

The docs page is ninja's Swagger UI served from its own static files (ninja is in
INSTALLED_APPS), so it works offline and loads nothing from a CDN.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import (
    campaigns,
    cases,
    consultations,
    contests,
    directives,
    disclosure,
    emulation,
    errors,
    exemplars,
    funds,
    me,
    meetings,
    organizations,
    reports,
    supervision,
    surveys,
    units,
)


class Utf8JSONRenderer(JSONRenderer):
    # Vietnamese as UTF-8 rather than \uXXXX escapes: readable, and a third of the size.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Dân Vận Số API",
    version="1",
    description=(
        "Reference data (administrative units, organizations) is public. Other endpoints need "
        "`Authorization: Bearer <token>` or a signed-in browser session. Errors are "
        '`{"detail": ..., "code": ..., "errors": [...]}`.'
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    renderer=Utf8JSONRenderer(),
)
errors.install(api)

api.add_router("/v1/units", units.router)
api.add_router("/v1/organizations", organizations.router)
api.add_router("/v1/me", me.router)
api.add_router("/v1/cases", cases.router)
api.add_router("/v1/exemplars", exemplars.router)
api.add_router("/v1/emulation", emulation.router)
api.add_router("/v1/contests", contests.router)
api.add_router("/v1/reports", reports.router)
api.add_router("/v1/directives", directives.router)
api.add_router("/v1/surveys", surveys.router)
api.add_router("/v1/campaigns", campaigns.router)
api.add_router("/v1/funds", funds.router)
api.add_router("/v1/disclosure", disclosure.router)
api.add_router("/v1/meetings", meetings.router)
api.add_router("/v1/commitments", meetings.commitments_router)
api.add_router("/v1/consultations", consultations.router)
api.add_router("/v1/supervision", supervision.router)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Unknown paths under /api/ get the API's JSON 404, not the site's HTML page."""
    return errors.on_not_found(request, Http404(), api=api)
