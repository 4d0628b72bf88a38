"""Input hygiene in one place: bad input is refused before any view runs, in the way the
endpoint speaks (the API's JSON errors, GeoReport's error list under /open311/, else a page
inside the site's shell), never as a server error.

- Control characters: NUL and the other C0 characters except tab, line feed and carriage
  return, and lone surrogates, in the path, header values, query names and values, form
  fields, upload file names and JSON strings and keys → 400. PostgreSQL cannot store NUL,
  UTF-8 cannot encode a surrogate, and XLSX cannot hold control characters.
- Whole numbers: a value made only of digits (with a sign, spaces or `_` as Python's and
  Django's int() allow) in the path, the query or a form, or a JSON integer, beyond signed
  64 bits → 400: no column holds it and SQLite raises OverflowError. A value of digits that
  int() cannot read ("²") is refused too: views test isdigit() before int().
- Size: a body declared larger than its kind allows → 413, before a byte of it is read.
- Content type: under /api/ and /open311/ a body of a type the endpoint does not read → 415.

A JSON body that does not parse is left to the endpoint, which says so in its own words.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from danvan.api.errors import input_error
from danvan.cases.open311.errors import Open311Error

logger = logging.getLogger("danvan.hygiene")

MB = 1024 * 1024
# Uploads: a model's evidence takes ten documents of 10 MB at once (a matter five), plus the
# form's other fields and the multipart framing.
MULTIPART_LIMIT = 110 * MB
# JSON bodies: the largest the API takes (a matter of 20,000 characters, escaped) is far less.
JSON_LIMIT = 1 * MB

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

# C0 controls but tab, LF and CR; and UTF-16 surrogates, which decoding never yields from
# valid UTF-8 but JSON's \ud800 escapes do.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# What int() reads, by Python's rules and Django's IntegerField (a trailing ".0" allowed).
_WHOLE_NUMBER = re.compile(r"\s*([+-]?)([\d_]+)(?:\.0*)?\s*")

# Escapes that decode to what the walk refuses: C0 controls, \b, \f, surrogates. Without one
# of them, a NUL byte (UTF-16 or UTF-32 text) or an 0xED byte (json.loads lets UTF-8-encoded
# surrogates through), no string of a JSON body needs walking.
_JSON_ESCAPE = re.compile(rb"\\(?:u00[01]|u[dD][89a-fA-F]|[bf])")

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
WRITES = frozenset({"POST", "PUT", "PATCH"})


@dataclass(frozen=True)
class Problem:
    status: int
    code: str  # stable, for programs
    detail: str  # for people, translated
    loc: list[str] = field(default_factory=list)

    def field_errors(self) -> list[dict[str, Any]]:
        if not self.loc:
            return []
        names = self.loc[1:]
        return [
            {
                "loc": self.loc,
                "field": names[-1] if names else "",
                "message": self.detail,
                "type": self.code,
            }
        ]


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _clean(loc: list[str]) -> list[str]:
    # A parameter's own name may hold the bad character: it is shown, and logged, without it.
    return [_BAD_CHARACTER.sub("\ufffd", part) for part in loc]


def _characters(value: str, loc: list[str]) -> Problem | None:
    if not _BAD_CHARACTER.search(value):
        return None
    loc = _clean(loc)
    if name := ".".join(loc[1:]):
        detail = _(
            "“%(name)s” contains a character that is not allowed (a control character such "
            "as NUL). Remove it and try again."
        ) % {"name": name}
    else:
        detail = _("The address contains a character that is not allowed. Check it and try again.")
    return Problem(400, "invalid_characters", detail, loc)


def _out_of_range(loc: list[str]) -> Problem:
    loc = _clean(loc)
    name = ".".join(loc[1:]) or _("the address")
    detail = _(
        "“%(name)s” is not a whole number that can be used: it is too large, or not written "
        "with the digits 0–9."
    ) % {"name": name}
    return Problem(400, "number_out_of_range", detail, loc)


def _number(value: str, loc: list[str]) -> Problem | None:
    """A value that reads as a whole number must fit in 64 bits."""
    if value.isdigit() and not value.isdecimal():
        return _out_of_range(loc)  # "²": isdigit() but no int()
    match = _WHOLE_NUMBER.fullmatch(value)
    if match is None:
        return None
    digits = match[2].replace("_", "").lstrip("0")
    # Compared by length first: int() of a few thousand digits is itself refused by Python.
    if len(digits) > len(str(INT_MAX)) or not INT_MIN <= int(match[1] + (digits or "0")) <= INT_MAX:
        return _out_of_range(loc)
    return None


def _fields(data: Any, source: str) -> Problem | None:
    """Names and values of a query or a form (a QueryDict)."""
    for name, values in data.lists():
        if problem := _characters(name, [source, name]):
            return problem
        for value in values:
            if problem := _characters(value, [source, name]) or _number(value, [source, name]):
                return problem
    return None


def _json(data: Any) -> Problem | None:
    """Strings (keys too) and numbers anywhere in a decoded JSON document, without recursion
    (a body may nest deeper than Python's stack)."""
    stack: list[tuple[Any, list[str]]] = [(data, ["body"])]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str):
            if problem := _characters(value, loc):
                return problem
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not INT_MIN <= value <= INT_MAX:
                return _out_of_range(loc)
        elif isinstance(value, float):
            if not math.isfinite(value):
                return _out_of_range(loc)
        elif isinstance(value, dict):
            for key, item in value.items():
                if problem := _characters(key, [*loc, key]):
                    return problem
                stack.append((item, [*loc, key]))
        elif isinstance(value, list):
            stack.extend((item, [*loc, str(i)]) for i, item in enumerate(value))
    return None


class _OutOfRange(Exception):
    pass


def _int(text: str) -> int:
    if len(text.lstrip("-")) > len(str(INT_MAX)) or not INT_MIN <= (value := int(text)) <= INT_MAX:
        raise _OutOfRange
    return value


def _float(text: str) -> float:
    if not math.isfinite(value := float(text)):
        raise _OutOfRange
    return value


def _constant(text: str) -> float:
    raise _OutOfRange  # NaN, Infinity: not JSON, though Python reads them


def _json_body(body: bytes) -> Problem | None:
    """Numbers are checked as they are decoded; strings are walked only when the body holds
    an escape or a byte that can make a bad one. The busiest endpoint takes JSON: most bodies
    cost one decoding here."""
    try:
        data = json.loads(body, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except _OutOfRange:
        try:
            return _json(json.loads(body)) or _out_of_range(["body"])  # where it is
        except ValueError:
            return _out_of_range(["body"])  # more digits than Python reads
    except (ValueError, RecursionError):
        return None  # the endpoint says the body is not JSON, in its own words
    if b"\x00" in body or b"\xed" in body or (b"\\" in body and _JSON_ESCAPE.search(body)):
        return _json(data)
    return None


def _limit(content_type: str) -> int:
    if content_type == "multipart/form-data":
        return MULTIPART_LIMIT
    if is_json(content_type):
        return JSON_LIMIT
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or MULTIPART_LIMIT)


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads no body then either


def _too_large(limit: int) -> Problem:
    detail = _(
        "The request is too large: at most %(mb)s MB may be sent at once. Send less, or "
        "smaller files."
    ) % {"mb": f"{limit / MB:g}"}
    return Problem(413, "too_large", detail)


def _unsupported(accepted: str) -> Problem:
    detail = _("This content type is not accepted here: send %(types)s.") % {"types": accepted}
    return Problem(415, "unsupported_media_type", detail, ["header", "Content-Type"])


def _accepted_types(request: HttpRequest) -> tuple[Callable[[str], bool], str] | None:
    """What a write under /api/ or /open311/ may send; None elsewhere (forms take anything
    Django parses)."""
    path = request.path_info
    if path.startswith("/api/"):
        return is_json, "application/json"
    if path.startswith("/open311/"):
        return (
            lambda t: is_json(t) or t in FORM_TYPES,
            "application/x-www-form-urlencoded, multipart/form-data, application/json",
        )
    return None


def _empty_form(request: HttpRequest, content_type: str, length: int) -> bool:
    """A form with nothing in it, as clients (Django's test client among them) send for an
    action that takes no body: as good as no body. Read from the body kept in memory, so
    that the endpoint may still read the body itself."""
    if request.method != "POST" or content_type not in FORM_TYPES or length > 1024:
        return False
    request.body  # noqa: B018 - kept, then parsed from memory
    return not request.POST and not request.FILES


def inspect(request: HttpRequest) -> Problem | None:
    """The first problem with the request, or None."""
    path = request.path_info
    if problem := _characters(path, ["path"]):
        return problem
    for segment in path.split("/"):
        if segment.isdigit() and (problem := _number(segment, ["path"])):
            return problem
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            name = key.removeprefix("HTTP_").replace("_", "-").title()
            if problem := _characters(value, ["header", name]):
                return problem
    if problem := _fields(request.GET, "query"):
        return problem

    content_type = request.content_type or ""
    length = _declared_length(request)
    if length > (limit := _limit(content_type)):
        return _too_large(limit)
    if request.method in WRITES and length and (accepted := _accepted_types(request)):
        accepts, names = accepted
        if not accepts(content_type) and not _empty_form(request, content_type, length):
            return _unsupported(names)

    if is_json(content_type) and length:
        return _json_body(request.body)
    if request.method == "POST" and content_type in FORM_TYPES:
        if problem := _fields(request.POST, "form"):
            return problem
        for name, files in request.FILES.lists():
            for upload in files:
                if problem := _characters(upload.name or "", ["form", name]):
                    return problem
    return None


def _safe_inspect(request: HttpRequest) -> Problem | None:
    try:
        return inspect(request)
    except RequestDataTooBig:
        return _too_large(_limit(request.content_type or ""))
    except (TooManyFieldsSent, TooManyFilesSent):
        detail = _("Too many fields or files were sent at once.")
        return Problem(400, "too_many_fields", detail)
    except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
        return Problem(
            400, "bad_request", _("The request could not be read. Check it and try again.")
        )


def respond(request: HttpRequest, problem: Problem) -> HttpResponse:
    """The refusal, as the endpoint speaks."""
    path = request.path_info
    if path.startswith("/api/"):
        if problem.code == "number_out_of_range":
            # A value the API cannot take is its 422 "invalid", as its schemas' bounds say.
            return input_error(422, _("Invalid input."), "invalid", problem.field_errors())
        return input_error(problem.status, problem.detail, problem.code, problem.field_errors())
    if path.startswith("/open311/"):
        return Open311Error(problem.status, problem.detail).response()
    if problem.loc[:1] == ["header"]:
        # The cookie may be the bad header: the page is drawn without looking up the session.
        request.user = AnonymousUser()
    return render(
        request,
        [f"{problem.status}.html", "400.html"],
        {"detail": problem.detail, "code": problem.code},
        status=problem.status,
    )


class InputHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = _safe_inspect(request)
        if problem is None:
            return self.get_response(request)
        logger.info(
            "Refused %s %s: %s %s", request.method, request.path, problem.status, problem.code
        )
        return respond(request, problem)
