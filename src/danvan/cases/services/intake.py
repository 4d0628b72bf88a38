"""Intake: a matter arrives by the web form, the API, Open311, or an officer's hand.

Public submissions carry an idempotency key: the same submission sent twice (a double click,
a retry after a timeout, two requests at once) makes one matter, and the citizen gets the
same tracking code and secret back both times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.text import fold
from danvan.org.models import AdminUnit, Organization

from ..models import Case, CaseEvent, CaseField, Channel, EventKind, Petitioner, Visibility
from .attachments import CheckedFile, attach
from .places import unit_from_address
from .routing import competent_organization

# Crockford's base32 without I, L, O, U: nothing a citizen can misread when typing it back.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _random(n: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


def _secret_for(idempotency_key: str | None) -> str:
    """A retried submission must show the same secret, yet only its digest is stored: derive
    it from the key with the server's secret. Without a key, a random one."""
    if not idempotency_key:
        return _random(10)
    mac = hmac.new(settings.SECRET_KEY.encode(), idempotency_key.encode(), hashlib.sha256)
    number = int.from_bytes(mac.digest()[:8], "big")
    return "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(10))


def _province_of(org: Organization | None, unit: AdminUnit | None) -> int | None:
    """The province a matter is filed under: its handling body's, else its place's."""
    if org is not None:
        return org.province_id
    return unit.province_id if unit else None


def access_digest(tracking_code: str, secret: str) -> str:
    return hashlib.sha256(f"{tracking_code}:{secret.strip().upper()}".encode()).hexdigest()


@dataclass
class PersonData:
    full_name: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    address: str = ""
    anonymous: bool = False
    consent: bool = False


@dataclass
class Submission:
    title: str
    content: str
    channel: str
    unit: AdminUnit | None = None
    address: str = ""
    field: CaseField | None = None
    person: PersonData = dc_field(default_factory=PersonData)
    received_at: dt.datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class IntakeResult:
    case: Case
    secret: str
    created: bool
    errors: dict[str, list[str]] = dc_field(default_factory=dict)


def _validate(sub: Submission, *, public: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not sub.title.strip():
        errors.setdefault("title", []).append(_("Please give your matter a short title."))
    if len(sub.content.strip()) < 10:
        errors.setdefault("content", []).append(
            _("Please describe the matter in at least 10 characters.")
        )
    if sub.unit is None:
        errors.setdefault("unit", []).append(
            _("Choose the commune or ward, or type an address that names it.")
        )
    if public and not sub.person.consent:
        errors.setdefault("consent", []).append(
            _("You must agree to the processing of your personal data for this matter.")
        )
    if not sub.person.anonymous and not (sub.person.phone or sub.person.email):
        errors.setdefault("phone", []).append(
            _(
                "Give a phone number or an e-mail address so that we can answer you, "
                "or choose to send anonymously."
            )
        )
    if errors:
        raise ValidationError(errors)


def _create(
    sub: Submission,
    *,
    idempotency_key: str | None,
    user: User | None,
    actor: User | None,
    organization: Organization | None,
    files: Sequence[CheckedFile],
) -> tuple[Case, str]:
    secret = _secret_for(idempotency_key)
    now = timezone.now()
    received_at = sub.received_at or now
    tracking_code = f"DV{timezone.localtime(received_at):%y%m}{_random(6)}"
    org = organization or competent_organization(unit=sub.unit, field=sub.field, kind="")
    case = Case(
        tracking_code=tracking_code,
        access_digest=access_digest(tracking_code, secret),
        title=sub.title.strip()[:200],
        content=sub.content.strip(),
        search_text=fold(f"{sub.title} {sub.content} {sub.address}"),
        channel=sub.channel,
        received_at=received_at,
        unit=sub.unit,
        province_id=_province_of(org, sub.unit),
        address=sub.address.strip()[:300],
        latitude=sub.latitude,
        longitude=sub.longitude,
        field=sub.field,
        organization=org,
        idempotency_key=idempotency_key or None,
        submitted_by=user,
    )
    case._history_user = actor or user  # type: ignore[attr-defined]
    case.save()
    petitioner = Petitioner(
        case=case, anonymous=sub.person.anonymous, consent_at=now if sub.person.consent else None
    )
    if not sub.person.anonymous:
        petitioner.set_data(
            full_name=sub.person.full_name,
            phone=sub.person.phone,
            email=sub.person.email,
            id_number=sub.person.id_number,
            address=sub.person.address,
        )
    petitioner.save()
    attach(case=case, files=list(files))
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.SUBMITTED,
        visibility=Visibility.PUBLIC,
        actor=actor or user,
        text=_("Received by %(channel)s.") % {"channel": Channel(sub.channel).label},
    )
    return case, secret


def submit(
    *,
    submission: Submission,
    idempotency_key: str | None,
    user: User | None = None,
    files: Sequence[CheckedFile] = (),
) -> IntakeResult:
    """A citizen's submission (web form, API, Open311). Same key → same matter."""
    if submission.unit is None and submission.address:
        submission.unit = unit_from_address(submission.address)
    _validate(submission, public=True)
    key = (idempotency_key or "").strip()[:80] or None
    if key and (existing := Case.objects.filter(idempotency_key=key).first()):
        return IntakeResult(case=existing, secret=_secret_for(key), created=False)
    try:
        with transaction.atomic():
            case, secret = _create(
                submission,
                idempotency_key=key,
                user=user,
                actor=None,
                organization=None,
                files=files,
            )
    except IntegrityError:
        # Another request with the same key won the race: answer with its matter.
        if key and (existing := Case.objects.filter(idempotency_key=key).first()):
            return IntakeResult(case=existing, secret=_secret_for(key), created=False)
        raise
    return IntakeResult(case=case, secret=secret, created=True)


@transaction.atomic
def record(
    *,
    actor: User,
    submission: Submission,
    organization: Organization | None = None,
    files: Sequence[CheckedFile] = (),
) -> IntakeResult:
    """An officer enters a matter received in person or by letter, with its date received."""
    if submission.channel not in (Channel.IN_PERSON, Channel.LETTER, Channel.IMPORT):
        raise ValidationError(
            {"channel": _("Officers record matters received in person, by letter or by import.")}
        )
    if submission.received_at and submission.received_at > timezone.now():
        raise ValidationError({"received_at": _("The date received cannot be in the future.")})
    if submission.unit is None and submission.address:
        submission.unit = unit_from_address(submission.address)
    _validate(submission, public=False)
    case, secret = _create(
        submission,
        idempotency_key=None,
        user=None,
        actor=actor,
        organization=organization,
        files=files,
    )
    return IntakeResult(case=case, secret=secret, created=True)
