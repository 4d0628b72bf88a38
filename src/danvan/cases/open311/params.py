"""The parameters of GeoReport v2 calls, parsed and checked.

Every problem found is reported at once, as one GeoReport error list (HTTP 400), so that a
client can fix a request in one go.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from danvan.lib.contacts import is_email, is_phone

from ..models import CaseField
from .errors import Open311Error

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

# GeoReport v2: "free form text limited to 4,000 characters".
MAX_DESCRIPTION = 4000
# GeoReport v2: the list defaults to the most recent 90 days and may not span more.
SPAN = dt.timedelta(days=90)
# GeoReport v2 lets a server cap the list; 1000 is the usual cap. `limit` asks for fewer.
MAX_RESULTS = 1000
MAX_IDS = 100
MAX_PAGE = 100_000

STATUSES = frozenset({"open", "closed"})


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    # A JSON body may hold numbers; lists, objects and booleans are no parameter's value.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def _list(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _coordinate(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and low <= number <= high else None


@dataclass
class SubmitParams:
    service: CaseField
    description: str
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    email: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""
    device_id: str = ""
    account_id: str = ""
    media_url: str = ""
    # An extension: the citizen agreed that the description appears on the public list.
    publish_content: bool = False

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


def parse_submit(data: Mapping[str, Any]) -> SubmitParams:
    """POST requests.json. `data` is the form (a QueryDict) or a decoded JSON object."""
    errors: list[str] = []
    code = _text(data, "service_code")
    service = None
    if not code:
        errors.append(_("service_code is required."))
    else:
        service = CaseField.objects.filter(code=code, active=True).first()
        if service is None:
            errors.append(_("There is no service with code “%(code)s”.") % {"code": code})

    description = _text(data, "description")
    if not description:
        errors.append(_("description is required."))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(
            _("description may not be longer than %(n)d characters.") % {"n": MAX_DESCRIPTION}
        )

    lat_text, long_text = _text(data, "lat"), _text(data, "long")
    latitude = longitude = None
    if lat_text or long_text:
        latitude = _coordinate(lat_text, -90, 90)
        longitude = _coordinate(long_text, -180, 180)
        if latitude is None or longitude is None:
            errors.append(_("lat and long must both be given, as decimal degrees (WGS84)."))
    address = _text(data, "address_string")
    if not address and not (lat_text or long_text):
        errors.append(_("A location is required: lat and long, or address_string."))

    email = _text(data, "email")
    if email and not is_email(email):
        errors.append(_("email is not a valid e-mail address."))
    phone = _text(data, "phone")
    if phone and len(phone) <= 30 and not is_phone(phone):
        errors.append(_("phone is not a phone number: write its digits, e.g. 0912 345 678."))
    media_url = _text(data, "media_url")
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors.append(_("media_url must be an http or https address."))

    lengths = {
        "address_string": 300,
        "phone": 30,
        "first_name": 100,
        "last_name": 100,
        "device_id": 200,
        "account_id": 200,
    }
    for name, limit in lengths.items():
        if len(_text(data, name)) > limit:
            errors.append(
                _("%(name)s may not be longer than %(n)d characters.") % {"name": name, "n": limit}
            )

    if errors or service is None:
        raise Open311Error(400, *errors)
    return SubmitParams(
        service=service,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        email=email,
        phone=phone,
        first_name=_text(data, "first_name"),
        last_name=_text(data, "last_name"),
        device_id=_text(data, "device_id"),
        account_id=_text(data, "account_id"),
        media_url=media_url,
        publish_content=_text(data, "publish_content").lower() in ("1", "true", "yes"),
    )


@dataclass
class ListParams:
    ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    statuses: frozenset[str] = STATUSES
    page: int = 1
    limit: int = MAX_RESULTS

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def _when(value: str, *, end: bool) -> dt.datetime | None:
    """ISO 8601 date-time (an offset or Z, else local time) or date (the whole day)."""
    moment: dt.datetime | None
    try:
        if (day := parse_date(value)) is not None:
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
        else:
            moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = moment.replace(tzinfo=LOCAL)
    return moment


def _positive(value: str, default: int, highest: int) -> int | None:
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(highest)):
        return None
    return int(value) if 1 <= int(value) <= highest else None


def parse_list(query: Mapping[str, Any], *, now: dt.datetime | None = None) -> ListParams:
    """GET requests.json. service_request_id overrides every other filter (GeoReport v2)."""
    errors: list[str] = []
    page = _positive(_text(query, "page"), 1, MAX_PAGE)
    limit = _positive(_text(query, "limit"), MAX_RESULTS, MAX_RESULTS)
    if page is None:
        errors.append(_("page must be a whole number from 1 to %(n)d.") % {"n": MAX_PAGE})
    if limit is None:
        errors.append(_("limit must be a whole number from 1 to %(n)d.") % {"n": MAX_RESULTS})

    ids = [code.upper() for code in _list(_text(query, "service_request_id"))]
    if len(ids) > MAX_IDS:
        errors.append(
            _("At most %(n)d service_request_id values may be asked at once.") % {"n": MAX_IDS}
        )
    if ids:
        if errors or page is None or limit is None:
            raise Open311Error(400, *errors)
        return ListParams(ids=ids, page=page, limit=limit)

    start = end = None
    for name in ("start_date", "end_date"):
        if value := _text(query, name):
            moment = _when(value, end=name == "end_date")
            if moment is None:
                errors.append(
                    _("%(name)s must be an ISO 8601 date-time, e.g. 2025-07-01T00:00:00+07:00.")
                    % {"name": name}
                )
            elif name == "start_date":
                start = moment
            else:
                end = moment
    if start is None and end is None:
        end = now or timezone.now()
        start = end - SPAN
    elif end is None:
        assert start is not None
        end = start + SPAN
    elif start is None:
        start = end - SPAN
    elif end < start:
        errors.append(_("end_date must not be before start_date."))
    elif end - start > SPAN:
        errors.append(_("start_date and end_date may not span more than 90 days."))

    statuses = frozenset(s.lower() for s in _list(_text(query, "status"))) or STATUSES
    if not statuses <= STATUSES:
        errors.append(_("status must be open or closed, or both separated by a comma."))

    if errors or page is None or limit is None:
        raise Open311Error(400, *errors)
    return ListParams(
        service_codes=_list(_text(query, "service_code")),
        start=start,
        end=end,
        statuses=statuses,
        page=page,
        limit=limit,
    )
