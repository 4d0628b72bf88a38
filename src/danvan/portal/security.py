"""Response headers that protect every page by construction, and one door for signing in.

- Content-Security-Policy: django-csp builds the header from settings.CONTENT_SECURITY_POLICY
  (docs/decisions/0014). Our own pages carry no inline script or style; the few pages that
  are not ours and need more are relaxed here, one prefix at a time.
- Cache-Control: no-store on whatever may show personal data — every response to a request
  that carries a session (a signed-in user, or a citizen who opened their own matter) or an
  API token, and every download — so that no browser cache, back button or shared proxy keeps
  a copy. Anonymous public pages keep the caching their views chose.
- The admin's own sign-in form checks passwords without allauth's limits and second factor:
  it sends everyone to the site's sign-in page instead.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import HEADER, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

# Pages rendered by third-party templates that still use inline styles (Django 5.2's change
# list writes a <style> block, django-simple-history a style attribute). Scripts stay strict.
RELAXED_STYLE_PREFIXES = ("/admin/",)
_RELAXED_STYLE = {"style-src": [UNSAFE_INLINE]}
# What django-csp's decorators leave on a response.
_PER_VIEW = tuple(
    f"_csp_{kind}{ro}" for kind in ("exempt", "config", "update", "replace") for ro in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once per process instead of per response
    (0.1 ms each time, a tenth of a public submission's own work: docs/decisions/0007).
    Whatever needs more — a nonce, a per-view decorator, a report-only policy — takes
    django-csp's own path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)
        self.policy = build_policy()
        self.relaxed = build_policy(update=_RELAXED_STYLE)
        self.simple = not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            not self.simple
            or getattr(request, "_csp_nonce", None)
            or any(hasattr(response, name) for name in _PER_VIEW)
        ):
            return super().process_response(request, response)
        if HEADER not in response and not (
            settings.DEBUG and response.status_code in (404, 500)  # Django's debug pages
        ):
            relaxed = request.path_info.startswith(RELAXED_STYLE_PREFIXES)
            response[HEADER] = self.relaxed if relaxed else self.policy
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(RELAXED_STYLE_PREFIXES):
            parts.update = {**(parts.update or {}), **_RELAXED_STYLE}
        return parts


def _may_show_personal_data(request: HttpRequest, response: HttpResponseBase) -> bool:
    session = getattr(request, "session", None)
    return (
        (session is not None and not session.is_empty())
        or "HTTP_AUTHORIZATION" in request.META
        or response.get("Content-Disposition", "").startswith("attachment")
    )


class NoStoreMiddleware:
    """Cache-Control: no-store (and Pragma: no-cache for HTTP/1.0 caches) where personal data
    may be shown, unless the view already forbade storing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _may_show_personal_data(request, response):
            if "no-store" not in response.get("Cache-Control", ""):
                add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response
