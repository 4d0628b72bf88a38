"""Fields and matters in GeoReport v2's shapes.

What the public list shows. GeoReport's request list is public: anyone may read it. It never
carries personal data — no name, phone, e-mail, ID number or petitioner address; those live
encrypted in `Petitioner` and are never read here. The text of a matter (description) and its
public answer (status_notes) are shown only for matters that are not, or may not be,
denunciations: a denouncer's identity is secret by law (Luật Tố cáo 2018, Art. 56) and a
denunciation's text can reveal it. So they are withheld (null), and the place is given as the
commune only, for denunciations and mixed matters, and for matters not yet classified unless
they came through Open311 itself, whose clients submit to a public list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.text import fold

from ..models import Case, CaseField, CaseKind, CaseState, Publication, SubmissionReceipt
from ..services.deadlines import letter_handling_due
from ..services.intake import ReceiptResult
from .params import LOCAL

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this server's GeoReport interface last changed (discovery's "changeset").
CHANGESET = "2026-11-23T00:00:00+07:00"

# Kinds whose text is public once classified.
PUBLIC_KINDS = frozenset({CaseKind.FEEDBACK, CaseKind.PROPOSAL, CaseKind.COMPLAINT})

# GeoReport v2 field lists, in the specification's order.
SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)
CREATED_FIELDS = ("service_request_id", "service_notice", "account_id", "token")


def iso(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in Vietnam's time, e.g. 2025-07-01T08:30:00+07:00."""
    return moment.astimezone(LOCAL).isoformat(timespec="seconds") if moment else None


def end_of_day(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return iso(dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LOCAL))


def discovery(request: HttpRequest) -> dict[str, Any]:
    base = reverse("open311:discovery").removesuffix("discovery.json")
    contact = getattr(settings, "OPEN311_CONTACT", "") or _(
        "Contact the administrators of %(site)s."
    ) % {"site": settings.SITE_NAME}
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _(
            "API keys are issued to client operators by the administrators of %(site)s. "
            "Requests may also be submitted without a key. A client that sends a citizen's "
            "name, phone number or e-mail address is responsible for the citizen's consent to "
            "its processing. The list of requests is public."
        )
        % {"site": settings.SITE_NAME},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri(base),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json"],
            }
        ],
    }


def service(field: CaseField) -> dict[str, Any]:
    return {
        "service_code": field.code,
        "service_name": field.name,
        "description": _("Feedback, proposals, complaints and denunciations about: %(field)s")
        % {"field": field.name},
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys([field.name, fold(field.name)])),
        "group": _("Citizen matters"),
    }


def service_definition(field: CaseField) -> dict[str, Any]:
    return {"service_code": field.code, "attributes": []}


def discloses_text(case: Case) -> bool:
    """The content, the answer and the exact place are public only with the citizen's consent
    (Case.publication), and never for what is or may become a denunciation's."""
    if case.publication != Publication.FULL:
        return False
    return case.kind in PUBLIC_KINDS or case.kind == CaseKind.UNCLASSIFIED


def service_request(case: Case) -> dict[str, Any]:
    """One matter; needs `field`, `organization` and `unit` selected with it."""
    unit, disclosed = case.unit, discloses_text(case)
    latitude, longitude = (case.latitude, case.longitude) if disclosed else (None, None)
    if (latitude is None or longitude is None) and unit is not None:
        latitude, longitude = unit.latitude, unit.longitude
    address = (case.address if disclosed else "") or (unit.name if unit else "")
    return {
        "service_request_id": case.tracking_code,
        "status": "open" if case.is_open else "closed",
        "status_notes": (case.public_answer or None) if disclosed else None,
        "service_name": case.field.name if case.field else None,
        "service_code": case.field.code if case.field else None,
        "description": case.content if disclosed else None,
        "agency_responsible": case.organization.name if case.organization else None,
        "service_notice": str(CaseState(case.state).label),
        "requested_datetime": iso(case.received_at),
        "updated_datetime": iso(case.updated_at),
        "expected_datetime": end_of_day(case.next_due_date),
        "address": address or None,
        "address_id": None,
        "zipcode": None,
        "lat": latitude,
        "long": longitude,
        "media_url": None,
    }


def waiting(receipt: SubmissionReceipt) -> dict[str, Any]:
    """A request received and not yet registered: open, and nothing more is known yet but
    its letter-handling due date, which runs from the day it was received (decision 0015)."""
    return {
        "service_request_id": receipt.tracking_code,
        "status": "open",
        "status_notes": None,
        "service_name": None,
        "service_code": None,
        "description": None,
        "agency_responsible": None,
        "service_notice": str(CaseState.RECEIVED.label),
        "requested_datetime": iso(receipt.received_at),
        "updated_datetime": iso(receipt.received_at),
        "expected_datetime": end_of_day(letter_handling_due(receipt.received_at)),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def created(result: ReceiptResult) -> dict[str, Any]:
    return {
        "service_request_id": result.tracking_code,
        "service_notice": _(
            "Received with the code %(code)s. To follow the matter, read the answer and rate "
            "it on the portal, use this code with the secret %(secret)s."
        )
        % {"code": result.tracking_code, "secret": result.secret},
        "account_id": None,
        "token": None,
    }
