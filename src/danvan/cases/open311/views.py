"""Open311 GeoReport v2 over HTTP, JSON only. Views parse, call, and answer; see the package.

Who is calling. A client may send an API key (`api_key`, or `Authorization: Bearer`); an
unknown or revoked key is refused (403) rather than ignored. Without one, the request is
anonymous: the browser session is deliberately not used, since the POST is CSRF-exempt for
machine clients and must not act as whoever is signed in.

Every error is a GeoReport error list, a failure of the server's own included: a client
never gets an HTML page. Bad input (control characters, oversized bodies, other content
types) is refused before these views by danvan.portal.hygiene, in the same shape.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from allauth.core import ratelimit
from allauth.core.internal import ratelimit as allauth_limits
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from danvan.accounts.models import User
from danvan.accounts.services import authenticate_api_token

from ..models import CaseField
from . import selectors, serializers
from .errors import Open311Error
from .params import parse_list, parse_submit
from .submit import submit_request

logger = logging.getLogger("danvan.open311")

View = Callable[..., HttpResponse]


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def georeport(*methods: str) -> Callable[[View], View]:
    """Allowed methods, and Open311Error raised below answered as a GeoReport error list."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise Open311Error(405, _("This method is not allowed here."))
                return view(request, *args, **kwargs)
            except Open311Error as error:
                response = error.response()
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response
            except RequestDataTooBig:
                return Open311Error(
                    413, _("The request is too large. Send less and try again.")
                ).response()
            except (SuspiciousOperation, MultiPartParserError):
                detail = _("The request could not be read. Check it and try again.")
                return Open311Error(400, detail).response()
            except Exception:
                # The client gets GeoReport's shape, never a traceback; the operator the log.
                logger.exception("Open311 error on %s %s", request.method, request.path)
                detail = _("An internal error occurred. Please try again later.")
                return Open311Error(500, detail).response()

        return wrapped

    return decorate


def _client(request: HttpRequest, data: Mapping[str, Any]) -> User | None:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    raw = token.strip() if scheme.lower() == "bearer" else ""
    raw = raw or str(data.get("api_key") or "").strip()
    if not raw:
        return None
    user = authenticate_api_token(raw=raw)
    if user is None:
        raise Open311Error(403, _("The API key is invalid or has been revoked."))
    return user


def _body(request: HttpRequest) -> Mapping[str, Any]:
    if request.content_type != "application/json":
        return request.POST
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise Open311Error(400, _("The request body is not valid JSON.")) from error
    if not isinstance(data, dict):
        raise Open311Error(400, _("The request body must be a JSON object."))
    return data


def _lookup_allowed(request: HttpRequest) -> None:
    """Look-ups by id, one or a list, share a rate per address: ids are not to be walked.
    (allauth's public consume() never limits a GET: its inner one does when asked.)"""
    usage = allauth_limits.consume(
        request, app="allauth.account", action="open311_lookup", limit_get=True
    )
    if not usage:
        raise Open311Error(429, _("Too many requests. Please try again later."))


@georeport("GET")
def discovery_view(request: HttpRequest) -> HttpResponse:
    return _json(serializers.discovery(request))


@georeport("GET")
def services_view(request: HttpRequest) -> HttpResponse:
    fields = CaseField.objects.filter(active=True).order_by("position", "name")
    return _json([serializers.service(f) for f in fields])


@georeport("GET")
def service_definition_view(request: HttpRequest, code: str) -> HttpResponse:
    field = CaseField.objects.filter(active=True, code=code).first()
    if field is None:
        raise Open311Error(404, _("There is no service with code “%(code)s”.") % {"code": code})
    return _json(serializers.service_definition(field))


@csrf_exempt
@georeport("GET", "POST")
def requests_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        params = parse_list(request.GET)
        if params.ids:
            _lookup_allowed(request)
        cases = selectors.service_requests(params)
        return _json([serializers.service_request(c) for c in cases])
    data = _body(request)
    user = _client(request, data)
    if not ratelimit.consume(request, action="open311_submit", user=user):
        raise Open311Error(429, _("Too many requests. Please try again later."))
    result = submit_request(
        params=parse_submit(data),
        user=user,
        header_key=request.headers.get("Idempotency-Key", ""),
    )
    return _json([serializers.created(result)], status=201 if result.created else 200)


@georeport("GET")
def request_view(request: HttpRequest, code: str) -> HttpResponse:
    _lookup_allowed(request)
    case = selectors.service_request(code)
    if case is None and (receipt := selectors.waiting_receipt(code)) is not None:
        return _json([serializers.waiting(receipt)])
    if case is None:
        raise Open311Error(404, _("There is no service request with id “%(id)s”.") % {"id": code})
    return _json([serializers.service_request(case)])


@csrf_exempt
@georeport("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
def not_found_view(request: HttpRequest, path: str = "") -> HttpResponse:
    raise Open311Error(
        404, _("Not found. This server speaks GeoReport v2 in JSON only: see discovery.json.")
    )
