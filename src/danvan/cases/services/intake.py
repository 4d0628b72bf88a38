"""Intake: a matter arrives by the web form, the API, Open311, or an officer's hand.

Every public submission first gets a receipt (models.receipts): its tracking code, its
secret's digest, its idempotency key. The same submission sent twice (a double click, a retry
after a timeout, two requests at once) meets the receipt's unique key and gets the same
tracking code and secret back. A key is kept only as a digest scoped to its client (an API
token's account, the web form's session, or "anonymous"), and the receipt keeps a fingerprint
of what was sent: another client's key makes another matter, and the same key with another
request is refused (`KeyReused`), so that a key never opens someone else's matter.

The web form registers the matter in the same transaction (it carries files); the API and
Open311 answer as soon as the receipt is stored and leave the matter's registration to a
background task (`register_pending`), so a rush of submissions is accepted at the speed of
one narrow insert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from danvan.accounts.models import User
from danvan.deadlines.calendar import work_calendar
from danvan.lib import crypto
from danvan.lib.text import fold
from danvan.org.models import AdminUnit, Organization

from .. import queue
from ..models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseField,
    CaseState,
    Channel,
    EventKind,
    Petitioner,
    Publication,
    SubmissionReceipt,
    Visibility,
)
from ..models.cases import DeclaredKind
from . import codes, receipts, reminders
from .attachments import CheckedFile, attach
from .deadlines import handling_deadlines
from .places import commune_at, unit_from_address
from .routing import Route, route, routes


def _province_of(org: Organization | None, unit: AdminUnit | None) -> int | None:
    """The province a matter is filed under: its handling body's, else its place's."""
    if org is not None:
        return org.province_id
    return unit.province_id if unit else None


@dataclass
class PersonData:
    full_name: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    address: str = ""
    anonymous: bool = False
    consent: bool = False
    # Asked apart: a one-time code for a satisfaction survey is e-mailed when the matter
    # closes (surveys.services.after_matters). Ignored for an anonymous sender.
    survey_consent: bool = False


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
    # The citizen agrees that the content (never their name) appears on the public list.
    publish_content: bool = False
    latitude: float | None = None
    longitude: float | None = None
    # What the sender thinks the matter is (a DeclaredKind value, "" when not said): kept on
    # the matter beside the officers' classification by content, which it never sets.
    declared_kind: str = ""


@dataclass
class IntakeResult:
    case: Case
    secret: str
    created: bool
    errors: dict[str, list[str]] = dc_field(default_factory=dict)
    # Set when no body is set for the matter's place and it went to its province's receiving
    # desk: the confirmation page tells the citizen (`notice`).
    receiving_desk: Organization | None = None

    @property
    def notice(self) -> str:
        """What the citizen is told on the confirmation page, or ""."""
        if self.receiving_desk is None:
            return ""
        return _(
            "No body is set to handle matters at the place you chose, so your matter went to "
            "the receiving desk of %(body)s. The desk will send it to the competent body; "
            "follow it with your tracking code."
        ) % {"body": self.receiving_desk.name}


@dataclass
class ReceiptResult:
    """What a machine channel answers at once: the code, the secret, and where it stands."""

    tracking_code: str
    secret: str
    created: bool
    state: str


class KeyReused(ValidationError):
    """The Idempotency-Key was used before by the same client for a different request."""

    def __init__(self) -> None:
        super().__init__(
            {
                "idempotency_key": _(
                    "This Idempotency-Key was already used for a different submission: "
                    "send a new key for a new submission."
                )
            }
        )


def client_key(idempotency_key: str | None, *, client: str) -> str | None:
    """The key as stored: a digest of the client's scope and the key, never the key."""
    raw = (idempotency_key or "").strip()[:200]
    if not raw:
        return None
    mac = hmac.new(settings.SECRET_KEY.encode(), f"{client}\0{raw}".encode(), hashlib.sha256)
    return "k1:" + mac.hexdigest()


def fingerprint(sub: Submission) -> str:
    person = dict(sub.person.__dict__)
    if not person.get("survey_consent"):
        # Only when given, so that a request without it keeps the fingerprint it had before.
        person.pop("survey_consent", None)
    body = json.dumps([_payload(sub), person], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _locate(sub: Submission) -> None:
    """A matter without a chosen unit is placed by its pinned point, else by its address."""
    if sub.unit is None and sub.latitude is not None and sub.longitude is not None:
        sub.unit = commune_at(sub.latitude, sub.longitude)
    if sub.unit is None and sub.address:
        sub.unit = unit_from_address(sub.address)


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
    if sub.declared_kind and sub.declared_kind not in DeclaredKind.values:
        errors.setdefault("declared_kind", []).append(
            _("Choose one of the kinds in the list, or “I don't know”.")
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


def _build(
    sub: Submission,
    *,
    idempotency_key: str | None,
    actor: User | None,
    organization: Organization | None,
    receipt: SubmissionReceipt | None = None,
    at_desk: bool = False,
) -> tuple[Case, Petitioner, CaseEvent, str]:
    """The matter, its petitioner and its first event, unsaved (saved one by one or in bulk)."""
    secret = codes.secret_for(idempotency_key)
    now = timezone.now()
    received_at = sub.received_at or now
    if receipt is not None:
        tracking_code, digest = receipt.tracking_code, receipt.access_digest
    else:
        tracking_code = codes.tracking_code(received_at)
        digest = codes.access_digest(tracking_code, secret)
    case = Case(
        tracking_code=tracking_code,
        access_digest=digest,
        title=sub.title.strip()[:200],
        content=sub.content.strip(),
        search_text=fold(f"{sub.title} {sub.content} {sub.address}"),
        channel=sub.channel,
        received_at=received_at,
        handled_since=received_at,
        unit=sub.unit,
        province_id=_province_of(organization, sub.unit),
        address=sub.address.strip()[:300],
        latitude=sub.latitude,
        longitude=sub.longitude,
        field=sub.field,
        organization=organization,
        declared_kind=sub.declared_kind,
        idempotency_key=idempotency_key or None,
        publication=Publication.FULL if sub.publish_content else Publication.SUMMARY,
        publication_consent_at=received_at if sub.publish_content else None,
    )
    # Only an officer who records a matter is named on it; a citizen never is.
    case._history_user = actor  # type: ignore[attr-defined]
    given_at = receipt.received_at if receipt else now
    petitioner = Petitioner(
        case=case,
        anonymous=sub.person.anonymous,
        account_index=receipt.account_index if receipt is not None else "",
        consent_at=given_at if sub.person.consent else None,
        # An anonymous sender has no address to send a survey to.
        survey_consent_at=(
            given_at if sub.person.survey_consent and not sub.person.anonymous else None
        ),
    )
    if not sub.person.anonymous:
        petitioner.set_data(
            full_name=sub.person.full_name,
            phone=sub.person.phone,
            email=sub.person.email,
            id_number=sub.person.id_number,
            address=sub.person.address,
        )
    event = CaseEvent(
        case=case,
        kind=EventKind.SUBMITTED,
        visibility=Visibility.PUBLIC,
        actor=actor,
        text=_("Received by %(channel)s.") % {"channel": Channel(sub.channel).label},
    )
    if at_desk and organization is not None:
        event.text += " " + _(
            "No body is set to handle matters at its place: it went to the receiving desk of "
            "%(body)s, which will send it to the competent body."
        ) % {"body": organization.name}
    return case, petitioner, event, secret


def _create(
    sub: Submission,
    *,
    idempotency_key: str | None,
    actor: User | None,
    organization: Organization | None,
    files: Sequence[CheckedFile],
    receipt: SubmissionReceipt | None = None,
) -> tuple[Case, str, Route]:
    # Routed by place and field only: the sender's declared kind never routes (nor
    # classifies) the matter.
    where = Route(organization) if organization else route(unit=sub.unit, field=sub.field)
    case, petitioner, event, secret = _build(
        sub,
        idempotency_key=idempotency_key,
        actor=actor,
        organization=where.organization,
        receipt=receipt,
        at_desk=where.at_desk,
    )
    calendar = work_calendar()
    first_deadlines = handling_deadlines([case], calendar)
    case.save()
    petitioner.case = case
    petitioner.save()
    attach(case=case, files=list(files))
    event.case = case
    event.save()
    for deadline in first_deadlines:
        deadline.case = case
    CaseDeadline.objects.bulk_create(first_deadlines)
    reminders.schedule(case, calendar, first_deadlines)
    return case, secret, where


def _payload(sub: Submission) -> dict[str, object]:
    return {
        "title": sub.title.strip()[:200],
        "content": sub.content.strip(),
        "unit_id": sub.unit.pk if sub.unit else None,
        "address": sub.address.strip()[:300],
        "field_id": sub.field.pk if sub.field else None,
        "latitude": sub.latitude,
        "longitude": sub.longitude,
        "publish_content": sub.publish_content,
        # Only when said, so that a request without it keeps the fingerprint it had before.
        **({"declared_kind": sub.declared_kind} if sub.declared_kind else {}),
    }


def _store_receipt(
    sub: Submission, *, key: str | None, secret: str, account: User | None
) -> tuple[receipts.Stored, bool]:
    digest = fingerprint(sub)
    stored, created = receipts.store(
        receipts.NewReceipt(
            key=key,
            secret=secret,
            channel=sub.channel,
            received_at=sub.received_at or timezone.now(),
            payload=json.dumps(_payload(sub), ensure_ascii=False),
            personal=crypto.encrypt(json.dumps(sub.person.__dict__, ensure_ascii=False)),
            account_index=Petitioner.account_digest(account.pk if account else None),
            fingerprint=digest,
        )
    )
    if not created and not hmac.compare_digest(stored.fingerprint, digest):
        raise KeyReused()
    return stored, created


def receive(
    *,
    submission: Submission,
    idempotency_key: str | None,
    client: str,
    account: User | None = None,
) -> ReceiptResult:
    """A machine channel's submission (API, Open311): validated, receipted, queued.

    `client` scopes the idempotency key (see the module's notes); `account` is the account
    that sends it, kept only in the identity store."""
    _locate(submission)
    _validate(submission, public=True)
    key = client_key(idempotency_key, client=client)
    secret = codes.secret_for(key)
    receipt, created = _store_receipt(submission, key=key, secret=secret, account=account)
    if created:
        transaction.on_commit(queue_registration)
    state: str = CaseState.RECEIVED
    if receipt.case_id is not None:
        state = Case.objects.values_list("state", flat=True).get(pk=receipt.case_id)
    return ReceiptResult(
        tracking_code=receipt.tracking_code, secret=secret, created=created, state=state
    )


def submit(
    *,
    submission: Submission,
    idempotency_key: str | None,
    client: str,
    account: User | None = None,
    files: Sequence[CheckedFile] = (),
) -> IntakeResult:
    """The web form's submission: receipt and matter in one transaction (it carries files)."""
    _locate(submission)
    _validate(submission, public=True)
    key = client_key(idempotency_key, client=client)
    with transaction.atomic():
        secret = codes.secret_for(key)
        receipt, created = _store_receipt(submission, key=key, secret=secret, account=account)
        if receipt.case_id is not None:
            case = Case.objects.get(pk=receipt.case_id)
            return IntakeResult(case=case, secret=secret, created=False)
        # Same key as a receipt still waiting (a retry racing the first request): register it.
        locked = SubmissionReceipt.objects.select_for_update().get(pk=receipt.pk)
        if locked.case_id is not None:
            return IntakeResult(case=locked.case, secret=secret, created=False)  # type: ignore[arg-type]
        case, where = _register(locked, files=files if created else ())
    return IntakeResult(
        case=case,
        secret=secret,
        created=created,
        receiving_desk=where.organization if where.at_desk else None,
    )


# --- Registration: receipts become matters -------------------------------------------------

REGISTER_DELAY = dt.timedelta(seconds=0.5)
REGISTER_BATCH = 200
# A rush: at least RUSH_SUBMISSIONS receipts within RUSH_WINDOW. Registration then waits
# (RUSH_PAUSE at a time), so that the web processes and the database answer citizens first
# (registering one matter costs several times what receiving it does), and catches up once
# the rush is over; never longer than REGISTER_MAX_WAIT behind the oldest waiting receipt.
RUSH_SUBMISSIONS = 50
RUSH_WINDOW = dt.timedelta(seconds=1)
RUSH_PAUSE = dt.timedelta(seconds=2)
REGISTER_MAX_WAIT = dt.timedelta(minutes=5)


class _RegistrationQueue:
    """Queues registration tasks from this process: at most one waiting at a time, so at most
    two task rows a second per process, and every receipt committed before a queued task runs
    is registered by it (or by the follow-up tasks that wait out a rush).

    When this process alone receives a rush's worth of submissions while a task waits, the
    next task is queued a rush pause ahead instead: registration would wait anyway, and every
    task row costs the database and the worker CPU that citizens' requests need."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._covered_until = 0.0
        self._window = REGISTER_DELAY.total_seconds()
        self._arrivals = 0

    def reset(self) -> None:
        with self._lock:
            self._covered_until = 0.0
            self._arrivals = 0

    def submitted(self) -> None:
        now = self.clock()
        with self._lock:
            self._arrivals += 1
            if self._covered_until > now:
                return
            rush_rate = RUSH_SUBMISSIONS / RUSH_WINDOW.total_seconds()
            delay = REGISTER_DELAY if self._arrivals < rush_rate * self._window else RUSH_PAUSE
            self._window = delay.total_seconds()
            self._covered_until = now + self._window
            self._arrivals = 0
        queue.enqueue(queue.REGISTER_SUBMISSIONS, run_after=timezone.now() + delay)


registration_queue = _RegistrationQueue()


def queue_registration() -> None:
    registration_queue.submitted()


@transaction.atomic
def retry_receipts(*, receipts: QuerySet[SubmissionReceipt]) -> int:
    """Put receipts set aside with an error back in the queue (an administrator's retry)."""
    n = receipts.filter(registered_at__isnull=True).exclude(error="").update(error="")
    transaction.on_commit(queue_registration)
    return n


def registration_should_wait() -> bool:
    """Whether citizens are submitting in a rush that registration should wait out."""
    pending = SubmissionReceipt.objects.waiting()
    now = timezone.now()
    # Receipts are numbered in order: the RUSH_SUBMISSIONS-th newest tells the rate.
    newest = pending.order_by("-id").values_list("received_at", flat=True)
    nth_newest = next(iter(newest[RUSH_SUBMISSIONS - 1 : RUSH_SUBMISSIONS]), None)
    if nth_newest is None or nth_newest < now - RUSH_WINDOW:
        return False
    oldest = pending.order_by("id").values_list("received_at", flat=True).first()
    return oldest is not None and oldest > now - REGISTER_MAX_WAIT


def _person(receipt: SubmissionReceipt) -> PersonData:
    if not receipt.personal:
        return PersonData(anonymous=True)
    return PersonData(**json.loads(crypto.decrypt(receipt.personal)))


def _submission_of(
    receipt: SubmissionReceipt,
    units: dict[int, AdminUnit],
    fields: dict[int, CaseField],
) -> Submission:
    p = receipt.payload
    return Submission(
        title=str(p.get("title", "")),
        content=str(p.get("content", "")),
        channel=receipt.channel,
        unit=units.get(p.get("unit_id") or 0),
        address=str(p.get("address", "")),
        field=fields.get(p.get("field_id") or 0),
        person=_person(receipt),
        received_at=receipt.received_at,
        latitude=p.get("latitude"),
        longitude=p.get("longitude"),
        publish_content=bool(p.get("publish_content", False)),
        declared_kind=str(p.get("declared_kind", "")),
    )


def _lookups(
    receipts: Sequence[SubmissionReceipt],
) -> tuple[dict[int, AdminUnit], dict[int, CaseField]]:
    unit_ids = {r.payload.get("unit_id") for r in receipts} - {None}
    field_ids = {r.payload.get("field_id") for r in receipts} - {None}
    units = AdminUnit.objects.in_bulk(unit_ids) if unit_ids else {}
    fields = CaseField.objects.in_bulk(field_ids) if field_ids else {}
    return units, fields


def _mark_registered(receipt: SubmissionReceipt, case: Case) -> None:
    # The matter holds it all now (the petitioner encrypted apart): the receipt keeps only
    # what answers a retry.
    receipt.case, receipt.registered_at = case, timezone.now()
    receipt.payload, receipt.personal, receipt.error = {}, "", ""


_REGISTERED_FIELDS = ["case", "registered_at", "payload", "personal", "error"]


def _register(
    receipt: SubmissionReceipt, *, files: Sequence[CheckedFile] = ()
) -> tuple[Case, Route]:
    """One receipt, with the web form's files; the matter and where it went."""
    units, fields = _lookups([receipt])
    sub = _submission_of(receipt, units, fields)
    _validate(sub, public=True)
    case, _secret, where = _create(
        sub,
        idempotency_key=receipt.idempotency_key,
        actor=None,
        organization=None,
        files=files,
        receipt=receipt,
    )
    _mark_registered(receipt, case)
    receipt.save(update_fields=_REGISTERED_FIELDS)
    return case, where


def _register_batch(receipts: list[SubmissionReceipt]) -> list[SubmissionReceipt]:
    """Register many receipts in a handful of queries; returns those refused by validation."""
    units, fields = _lookups(receipts)
    subs, refused = [], []
    for receipt in receipts:
        sub = _submission_of(receipt, units, fields)
        try:
            _validate(sub, public=True)
        except ValidationError as exc:
            receipt.error = "; ".join(exc.messages)[:2000]
            refused.append(receipt)
            continue
        subs.append((receipt, sub))
    where = routes((sub.unit, sub.field) for _r, sub in subs)

    def route_of(sub: Submission) -> Route:
        return where[(sub.unit.pk if sub.unit else None, sub.field.pk if sub.field else None)]

    built = [
        (
            receipt,
            *_build(
                sub,
                idempotency_key=receipt.idempotency_key,
                actor=None,
                organization=route_of(sub).organization,
                receipt=receipt,
                at_desk=route_of(sub).at_desk,
            ),
        )
        for receipt, sub in subs
    ]
    calendar = work_calendar()
    first_deadlines = handling_deadlines([b[1] for b in built], calendar)
    cases = bulk_create_with_history([b[1] for b in built], Case)
    created = {id(b[1]): case for b, case in zip(built, cases, strict=True)}
    for (receipt, _case, petitioner, event, _secret), case in zip(built, cases, strict=True):
        petitioner.case = event.case = case
        _mark_registered(receipt, case)
    for deadline in first_deadlines:
        deadline.case = created[id(deadline.case)]
    CaseDeadline.objects.bulk_create(first_deadlines)
    reminders.schedule_deadlines(first_deadlines, calendar)
    Petitioner.objects.bulk_create([b[2] for b in built])
    CaseEvent.objects.bulk_create([b[3] for b in built])
    SubmissionReceipt.objects.bulk_update([b[0] for b in built], _REGISTERED_FIELDS)
    if refused:
        SubmissionReceipt.objects.bulk_update(refused, ["error"])
    return refused


def register_pending(*, limit: int = REGISTER_BATCH) -> int:
    """Register up to `limit` waiting receipts, oldest first; returns how many were taken.

    Workers running side by side take different receipts (SKIP LOCKED). The batch is written
    in a few bulk statements; should the batch fail as a whole, each receipt is tried alone,
    and one that cannot be registered keeps its error for an administrator and stops
    blocking the queue."""
    with transaction.atomic():
        batch = list(
            SubmissionReceipt.objects.waiting()
            .order_by("id")
            .select_for_update(skip_locked=True, of=("self",))[:limit]
        )
        if not batch:
            return 0
        try:
            with transaction.atomic():
                _register_batch(batch)
        except Exception:
            for receipt in batch:
                receipt.refresh_from_db()
                try:
                    with transaction.atomic():
                        _register(receipt)
                except (OperationalError, InterfaceError):
                    raise  # the database, not the receipt: the worker waits and tries again
                except Exception as exc:
                    SubmissionReceipt.objects.filter(pk=receipt.pk).update(error=repr(exc)[:2000])
    return len(batch)


# A matter raised at a meeting with the people is recorded by the host's officer
# (participation.services.meetings.to_matter).
OFFICER_CHANNELS = (Channel.IN_PERSON, Channel.LETTER, Channel.IMPORT, Channel.MEETING)


@transaction.atomic
def record(
    *,
    actor: User,
    submission: Submission,
    organization: Organization | None = None,
    files: Sequence[CheckedFile] = (),
) -> IntakeResult:
    """An officer enters a matter received in person or by letter, with its date received."""
    if submission.channel not in OFFICER_CHANNELS:
        raise ValidationError(
            {"channel": _("Officers record matters received in person, by letter or by import.")}
        )
    if submission.received_at and submission.received_at > timezone.now():
        raise ValidationError({"received_at": _("The date received cannot be in the future.")})
    _locate(submission)
    _validate(submission, public=False)
    case, secret, where = _create(
        submission,
        idempotency_key=None,
        actor=actor,
        organization=organization,
        files=files,
    )
    return IntakeResult(
        case=case,
        secret=secret,
        created=True,
        receiving_desk=where.organization if where.at_desk else None,
    )
