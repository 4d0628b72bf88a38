"""One error shape for every failure: {"detail": <message>, "code": <code>, "errors": [...]}.

`detail` is for people and is translated into the active language (Vietnamese unless the user
chose otherwise); `code` is for programs and never changes with the language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

logger = logging.getLogger("danvan.api")

# Sources of a parameter, as ninja puts them at the head of an error's location.
_SOURCES = frozenset({"query", "path", "body", "header", "cookie", "form", "file"})


class InvalidToken(AuthenticationError):
    """A bearer token was sent but is unknown, revoked or belongs to an inactive user."""


def error_body(detail: str, code: str, errors: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    return {"detail": detail, "code": code, "errors": list(errors)}


def input_error(
    status: int, detail: str, code: str, errors: Iterable[Mapping[str, Any]] = ()
) -> HttpResponse:
    """Bad input refused before the API runs (danvan.portal.hygiene), in the API's shape."""
    return JsonResponse(
        error_body(detail, code, errors), status=status, json_dumps_params={"ensure_ascii": False}
    )


def refused(
    error: DjangoValidationError,
    status: int = 400,
    *,
    where: Callable[[str], list[str]] = lambda name: ["body", name],
    detail: str = "",
) -> JsonResponse:
    """A service's refusal answered in the API's shape (400 unless told): one error per field,
    at `where(field)`; a refusal of the whole request as its detail (else `detail`, else
    "Invalid input."). The services' messages are already translated."""
    found: list[dict[str, Any]] = []
    general: list[str] = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                if name == "__all__":
                    general.append(message)
                else:
                    found.append(
                        {"loc": where(name), "field": name, "message": message, "type": "invalid"}
                    )
    else:
        general = list(error.messages)
    return JsonResponse(
        error_body(" ".join(general) or detail or _("Invalid input."), "invalid", found),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _respond(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    body: dict[str, Any],
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_error(error: Mapping[str, Any]) -> dict[str, Any]:
    loc = [str(part) for part in error.get("loc", ())]
    names = [part for part in loc if part not in _SOURCES]
    return {
        "loc": loc,
        "field": names[-1] if names else "",
        "message": str(error.get("msg", "")),
        "type": str(error.get("type", "")),
    }


def on_validation_error(
    request: HttpRequest, exc: ValidationError, *, api: NinjaAPI
) -> HttpResponse:
    body = error_body(_("Invalid input."), "invalid", (_field_error(e) for e in exc.errors))
    return _respond(api, request, 422, body)


def on_django_validation_error(
    request: HttpRequest, exc: DjangoValidationError, *, api: NinjaAPI
) -> HttpResponse:
    # Raised by services: their messages are already translated.
    if hasattr(exc, "error_dict"):
        pairs = [(field, m) for field, msgs in exc.message_dict.items() for m in msgs]
    else:
        pairs = [("", m) for m in exc.messages]
    errors = [
        {"loc": [field] if field else [], "field": field, "message": m, "type": "invalid"}
        for field, m in pairs
    ]
    return _respond(api, request, 422, error_body(_("Invalid input."), "invalid", errors))


def on_not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    return _respond(api, request, 404, error_body(_("Not found."), "not_found"))


def on_permission_denied(
    request: HttpRequest, exc: PermissionDenied, *, api: NinjaAPI
) -> HttpResponse:
    detail = str(exc) or _("You do not have permission to do this.")
    return _respond(api, request, 403, error_body(detail, "permission_denied"))


def on_authentication_error(
    request: HttpRequest, exc: AuthenticationError, *, api: NinjaAPI
) -> HttpResponse:
    if isinstance(exc, InvalidToken):
        body = error_body(_("The API token is invalid or has been revoked."), "invalid_token")
        challenge = 'Bearer error="invalid_token"'
    else:
        body = error_body(_("Authentication required."), "not_authenticated")
        challenge = "Bearer"
    # RFC 6750: a 401 says which scheme to use.
    return _respond(api, request, 401, body, {"WWW-Authenticate": challenge})


def on_http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    status = exc.status_code
    if isinstance(exc, Throttled):
        body = error_body(_("Too many requests. Please try again later."), "throttled")
        return _respond(api, request, status, body)
    if isinstance(exc, AuthorizationError):
        body = error_body(_("You do not have permission to do this."), "permission_denied")
        return _respond(api, request, status, body)
    if status == 403 and exc.message.startswith("CSRF"):
        # ninja's own English message when a session request lacks the CSRF token.
        body = error_body(_("Security check failed. Reload the page and try again."), "csrf")
        return _respond(api, request, status, body)
    if status == 400 and exc.message.startswith("Cannot parse request body"):
        # ninja's own English message when the body is not valid JSON.
        body = error_body(
            _("The request body is not valid JSON. Check it and send it again."), "bad_request"
        )
        return _respond(api, request, status, body)
    # Raised by our own endpoints, whose messages are already translated.
    code = {
        400: "bad_request",
        403: "permission_denied",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        415: "unsupported_media_type",
        429: "throttled",
    }.get(status, "error")
    detail = exc.message or _("The request could not be completed.")
    return _respond(api, request, status, error_body(detail, code))


def on_suspicious_request(
    request: HttpRequest, exc: SuspiciousOperation, *, api: NinjaAPI
) -> HttpResponse:
    # Django's own refusals of a request (too large, too many fields) are the client's doing:
    # the hygiene middleware refuses most before the API runs, these are the rest.
    if isinstance(exc, RequestDataTooBig):
        body = error_body(_("The request is too large. Send less and try again."), "too_large")
        return _respond(api, request, 413, body)
    body = error_body(_("The request could not be read. Check it and try again."), "bad_request")
    return _respond(api, request, 400, body)


def on_server_error(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    # Clients get JSON, never a traceback; the operator gets the traceback in the log.
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    body = error_body(_("An internal error occurred. Please try again later."), "server_error")
    return _respond(api, request, 500, body)


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (English, varying shapes) with ours."""
    handlers: list[tuple[type[Exception], Any]] = [
        (Exception, on_server_error),
        (SuspiciousOperation, on_suspicious_request),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (PermissionDenied, on_permission_denied),
        (DjangoValidationError, on_django_validation_error),
        (HttpError, on_http_error),
        (AuthenticationError, on_authentication_error),
        (ValidationError, on_validation_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, partial(handler, api=api))
