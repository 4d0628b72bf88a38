"""A GeoReport service request made into a citizen matter, through the intake service.

Consent. An Open311 client (a city app, a kiosk, a partner's system) submits on the
citizen's behalf, so the matter is recorded with the citizen's consent to the processing of
their personal data for it (`PersonData(consent=True)`). The client is responsible for having
obtained that consent, informed as Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 requires, before
it sends a name, a phone number or an e-mail address; a client that cannot do so must send
none of them. Client operators are told so when they are given an API key.

Who. A request without a phone number or an e-mail address cannot be answered and is
recorded as anonymous: no personal data is kept, not even a name that came with it. Names
are in Vietnamese order, family name (GeoReport's last_name) first. device_id and account_id
are not stored; device_id only serves to recognize a resent request.

Where. address_string may use pre-2025 names: the places service maps it to today's
commune. Without an address, or with one that names no commune, the point's nearest current
commune is used.

Resending. With an `Idempotency-Key` header, or else a device_id, the same request sent
twice makes one matter. Keys are kept per client (per API token's user, or shared by
anonymous clients) and hashed, so that they never meet the web form's keys or another
client's; the same key with a different request is refused.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.org.models import AdminUnit

from ..models import Channel
from ..services.intake import PersonData, ReceiptResult, Submission, receive
from ..services.places import unit_from_address
from .errors import Open311Error
from .params import SubmitParams
from .places import nearest_commune

TITLE_LENGTH = 80


def idempotency_key(*, header: str, params: SubmitParams) -> str | None:
    """The request's key: the header's, else one made of the device and what it sent. Intake
    scopes it to the client (see `client_of`)."""
    header = header.strip()
    if header:
        return "header\0" + header
    if params.device_id:
        return "\0".join(
            [
                "device",
                params.device_id,
                params.description,
                params.service.code,
                repr(params.latitude),
                repr(params.longitude),
            ]
        )
    return None


def client_of(user: User | None) -> str:
    return f"open311:{user.pk}" if user is not None else "open311:anonymous"


def _unit(params: SubmitParams) -> AdminUnit | None:
    if params.coordinates is None:
        return None  # intake reads the address itself
    if params.address and (unit := unit_from_address(params.address)) is not None:
        return unit
    return nearest_commune(*params.coordinates)


def _content(params: SubmitParams) -> str:
    # The photo stays where the client put it: it is neither fetched nor checked.
    if params.media_url:
        return f"{params.description}\n\nẢnh: {params.media_url}"
    return params.description


def submit_request(
    *, params: SubmitParams, user: User | None, header_key: str = ""
) -> ReceiptResult:
    unit = _unit(params)
    if params.coordinates is not None and unit is None:
        raise Open311Error(400, _("The location given is outside the area served."))
    contact = bool(params.phone or params.email)
    person = PersonData(
        full_name=" ".join(filter(None, [params.last_name, params.first_name])) if contact else "",
        phone=params.phone,
        email=params.email,
        anonymous=not contact,
        consent=True,
    )
    submission = Submission(
        title=" ".join(params.description.split())[:TITLE_LENGTH],
        content=_content(params),
        channel=Channel.OPEN311,
        unit=unit,
        address=params.address,
        field=params.service,
        person=person,
        latitude=params.latitude,
        longitude=params.longitude,
        publish_content=params.publish_content,
    )
    try:
        return receive(
            submission=submission,
            idempotency_key=idempotency_key(header=header_key, params=params),
            client=client_of(user),
            account=user,
        )
    except ValidationError as error:
        raise Open311Error(400, *error.messages) from error
