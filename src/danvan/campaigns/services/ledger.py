"""The funds' ledgers: every write to a fund's money goes through here.

One rule makes the invariants hold: an entry is added only while its fund's row is locked
(`_locked`, SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialize
writers anyway), in the transaction that also moves the fund's balance and its month's sums.
So the balance is always the ledger's sum, entries are numbered without gaps, and two
disbursements against one balance are served one after the other: the second sees the
first's and is refused if the money is gone ("the same money is never spent twice"). Funds
are locked in the order of their ids when a transfer needs two, so two transfers in opposite
directions cannot deadlock.

The ledger is the audit trail of money (who recorded, when, which document); the settings of
a fund, its board and the board's decisions go to the audit log as well.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import crypto
from danvan.lib.audit import audit
from danvan.lib.dates import today
from danvan.lib.numbers import format_vn_number
from danvan.lib.text import fold
from danvan.org.models import Organization

from .. import access
from ..models import (
    BoardMember,
    BoardPosition,
    Campaign,
    DisbursementRequest,
    DonorKind,
    EntryKind,
    Fund,
    FundKind,
    FundMonth,
    Household,
    LedgerEntry,
    Method,
    PlaceMonth,
    Purpose,
    RequestState,
    Support,
    SupportSource,
    Transfer,
    TransferState,
)
from ._common import amount_of, require

A = access.Action

# How long a household's earlier help of the same purpose makes a new one ask "are you sure":
# a house is built once in years; other help recurs yearly (decision 0030).
REPEAT_DAYS = {Purpose.HOUSE_BUILDING: 5 * 365, Purpose.HOUSE_REPAIR: 3 * 365}
DEFAULT_REPEAT_DAYS = 365


def _money(value: int) -> str:
    return format_vn_number(value)


# ---- the one way an entry is added -------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")
# The published funds' sums by place (PlaceMonth) are shared by every fund of a province:
# each posting service gathers its changes here and writes them once at its end, in one
# sorted order, so that two services never wait on each other's rows in opposite orders.
_pending = threading.local()
PlaceKey = tuple[int, str, dt.date, str, str]


def _posting(fn: Callable[P, R]) -> Callable[P, R]:
    """A service that adds entries: one transaction, the place sums written at its end."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if getattr(_pending, "deltas", None) is not None:  # inside another posting service
            return fn(*args, **kwargs)
        with transaction.atomic():
            _pending.deltas = {}
            try:
                result = fn(*args, **kwargs)
                _roll_up(_pending.deltas)
            finally:
                _pending.deltas = None
        return result

    return wrapper


def _place_delta(key: PlaceKey, amount: int, entries: int) -> None:
    deltas: dict[PlaceKey, list[int]] | None = getattr(_pending, "deltas", None)
    if deltas is None:
        raise RuntimeError("ledger entries are added only inside a posting service")
    total = deltas.setdefault(key, [0, 0])
    total[0] += amount
    total[1] += entries


def _roll_up(deltas: dict[PlaceKey, list[int]]) -> None:
    table = PlaceMonth._meta.db_table
    with connection.cursor() as cursor:
        for key in sorted(deltas):
            amount, entries = deltas[key]
            if not amount and not entries:
                continue
            cursor.execute(
                f"INSERT INTO {table} (province_id, level, month, flow, purpose, amount, entries) "  # noqa: S608 - our own table name
                "VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (province_id, level, month, flow, purpose) DO UPDATE SET "
                f"amount = {table}.amount + excluded.amount, "
                f"entries = {table}.entries + excluded.entries",
                [*key, amount, entries],
            )


def _locked(*funds: Fund) -> dict[int, Fund]:
    ids = sorted({f.pk for f in funds})
    rows = Fund.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {f.pk: f for f in rows}


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _append(
    fund: Fund,
    *,
    kind: str,
    amount: int,
    entry_date: dt.date,
    actor: User | None,
    flow: str | None = None,
    **fields: object,
) -> LedgerEntry:
    """Add an entry to a fund locked by the caller: balance checked, numbered, summed."""
    balance = fund.balance + amount
    if balance < 0:
        raise ValidationError(
            {
                "amount": _(
                    "The fund holds %(balance)s đồng: %(amount)s đồng cannot be paid out of it."
                )
                % {"balance": _money(fund.balance), "amount": _money(-amount)}
            }
        )
    if entry_date > today():
        raise ValidationError({"entry_date": _("The date cannot be in the future.")})
    seq = fund.last_seq + 1
    entry = LedgerEntry.objects.create(
        fund=fund,
        seq=seq,
        kind=kind,
        flow=flow or kind,
        amount=amount,
        balance_after=balance,
        entry_date=entry_date,
        recorded_by=actor,
        province_id=fund.province_id,
        unit_id=fund.unit_id,
        **fields,
    )
    Fund.objects.filter(pk=fund.pk).update(balance=balance, last_seq=seq)
    fund.balance, fund.last_seq = balance, seq
    # Only writers holding this fund's lock touch its month rows: no race between the read
    # and the increment.
    month, _made = FundMonth.objects.get_or_create(
        fund=fund,
        month=_month(entry_date),
        flow=entry.flow,
        purpose=entry.purpose,
        method=entry.method,
        campaign=entry.campaign,
        defaults={"province_id": fund.province_id, "unit_id": fund.unit_id, "level": fund.level},
    )
    FundMonth.objects.filter(pk=month.pk).update(
        amount=F("amount") + amount, entries=F("entries") + 1
    )
    if fund.published_at is not None:
        _place_delta(_place_key(fund, month.month, entry.flow, entry.purpose), amount, 1)
    return entry


def _place_key(fund: Fund, month: dt.date, flow: str, purpose: str) -> PlaceKey:
    return (fund.province_id or 0, fund.level, month, flow, purpose)


def _existing(fund: Fund, key: str) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(fund=fund, idempotency_key=key).first() if key else None


# ---- funds and boards --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FundSpec:
    name: str
    kind: str
    opened_on: dt.date
    description: str = ""
    bank_account: str = ""
    approval_threshold: int | None = None


def _check_spec(spec: FundSpec) -> None:
    errors: dict[str, str] = {}
    if not spec.name.strip():
        errors["name"] = _("Give the fund a name.")
    if spec.kind not in FundKind.values:
        errors["kind"] = _("Choose the kind of fund.")
    if spec.opened_on > today():
        errors["opened_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _search_text(name: str, keeper: Organization) -> str:
    """What the fund lists search, folded: its name, its keeper's and its place's."""
    places = [u.name for u in (keeper.current_unit, keeper.province) if u is not None]
    return fold(" ".join((name, keeper.name, *places)))


@transaction.atomic
def open_fund(*, actor: User | None, keeper: Organization, spec: FundSpec) -> Fund:
    if actor is not None:
        require(access.keeps(actor, keeper), _("Only the keeping body's officers open its funds."))
    _check_spec(spec)
    fund = Fund(
        name=spec.name.strip(),
        kind=spec.kind,
        keeper=keeper,
        province_id=keeper.province_id,
        unit_id=keeper.current_unit_id or keeper.unit_id,
        level=keeper.level,
        description=spec.description.strip(),
        bank_account=spec.bank_account.strip(),
        opened_on=spec.opened_on,
        created_by=actor,
    )
    fund.search_text = _search_text(fund.name, keeper)
    if spec.approval_threshold is not None:
        fund.approval_threshold = spec.approval_threshold
    fund.save()
    audit(actor, fund, ADDITION, _("Fund opened."))
    return fund


@transaction.atomic
def update_fund(*, actor: User | None, fund: Fund, spec: FundSpec) -> Fund:
    if actor is not None:
        require(access.may_fund(actor, fund, A.MANAGE))
    _check_spec(spec)
    fund = _locked(fund)[fund.pk]
    before = fund.approval_threshold
    fund.name, fund.kind = spec.name.strip(), spec.kind
    fund.description, fund.bank_account = spec.description.strip(), spec.bank_account.strip()
    fund.opened_on = spec.opened_on
    if spec.approval_threshold is not None:
        fund.approval_threshold = spec.approval_threshold
    fund.search_text = _search_text(fund.name, fund.keeper)
    fund.save(
        update_fields=[
            "name",
            "kind",
            "description",
            "bank_account",
            "opened_on",
            "approval_threshold",
            "search_text",
        ]
    )
    audit(
        actor,
        fund,
        CHANGE,
        _("Fund settings changed; threshold %(before)s → %(after)s đồng.")
        % {"before": _money(before), "after": _money(fund.approval_threshold)},
    )
    return fund


@_posting
def publish_fund(*, actor: User | None, fund: Fund, published: bool) -> Fund:
    """Publish the fund's disclosure (or withdraw it): its sums join (or leave) the national
    and provincial disclosure in the same transaction."""
    if actor is not None:
        require(access.may_fund(actor, fund, A.MANAGE))
    fund = _locked(fund)[fund.pk]
    was = fund.published_at is not None
    if was != published:
        sign = 1 if published else -1
        rows = (
            FundMonth.objects.filter(fund=fund)
            .values("month", "flow", "purpose")
            .annotate(total=Sum("amount"), n=Sum("entries"))
        )
        for row in rows:
            key = _place_key(fund, row["month"], row["flow"], row["purpose"])
            _place_delta(key, sign * row["total"], sign * row["n"])
    fund.published_at = timezone.now() if published else None
    fund.save(update_fields=["published_at"])
    audit(actor, fund, CHANGE, _("Published.") if published else _("No longer published."))
    return fund


@transaction.atomic
def seat_board_member(
    *, actor: User | None, fund: Fund, user: User, position: str, starts_on: dt.date
) -> BoardMember:
    if actor is not None:
        require(access.may_fund(actor, fund, A.MANAGE))
    if position not in BoardPosition.values:
        raise ValidationError({"position": _("Choose the position on the board.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    seat = BoardMember.objects.create(fund=fund, user=user, position=position, starts_on=starts_on)
    audit(
        actor,
        fund,
        CHANGE,
        _("Board: account %(user)d seated as %(position)s.")
        % {"user": user.pk, "position": BoardPosition(position).label},
    )
    return seat


@transaction.atomic
def end_board_seat(*, actor: User | None, seat: BoardMember, ends_on: dt.date) -> BoardMember:
    if actor is not None:
        require(access.may_fund(actor, seat.fund, A.MANAGE))
    if ends_on < seat.starts_on:
        raise ValidationError({"ends_on": _("The seat cannot end before it began.")})
    seat.ends_on = ends_on
    seat.save(update_fields=["ends_on"])
    audit(
        actor,
        seat.fund,
        CHANGE,
        _("Board: account %(user)d left on %(day)s.")
        % {"user": seat.user_id, "day": f"{ends_on:%d/%m/%Y}"},
    )
    return seat


# ---- receipts ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReceiptSpec:
    amount: object
    entry_date: dt.date
    method: str
    donor_kind: str
    donor_name: str = ""
    donor_organization: Organization | None = None
    publish_name: bool = False  # the donor agreed to be named in the acknowledgement list
    receipt_number: str = ""
    in_kind_items: str = ""
    campaign: Campaign | None = None
    note: str = ""


def _check_receipt(spec: ReceiptSpec) -> int:
    amount = amount_of(spec.amount)
    errors: dict[str, str] = {}
    if spec.method not in Method.values:
        errors["method"] = _("Choose how the money or goods came: cash, transfer or in kind.")
    elif spec.method == Method.IN_KIND and not spec.in_kind_items.strip():
        errors["in_kind_items"] = _("List the goods received and how they were valued.")
    if spec.donor_kind not in DonorKind.values:
        errors["donor_kind"] = _("Say who gave: a person, a body or anonymous.")
    elif spec.donor_kind != DonorKind.ANONYMOUS and not (
        spec.donor_name.strip() or spec.donor_organization
    ):
        errors["donor_name"] = _("Enter the donor's name, or record the gift as anonymous.")
    if spec.donor_kind == DonorKind.ANONYMOUS and spec.publish_name:
        errors["publish_name"] = _("An anonymous gift cannot be acknowledged by name.")
    if errors:
        raise ValidationError(errors)
    return amount


@_posting
def record_receipt(
    *, actor: User | None, fund: Fund, spec: ReceiptSpec, idempotency_key: str = ""
) -> LedgerEntry:
    """A donation or other money or goods received into the fund."""
    if actor is not None:
        require(access.may_fund(actor, fund, A.MANAGE))
    amount = _check_receipt(spec)
    fund = _locked(fund)[fund.pk]
    if (done := _existing(fund, idempotency_key)) is not None:
        return done
    anonymous = spec.donor_kind == DonorKind.ANONYMOUS
    name = (
        ""
        if anonymous
        else (
            spec.donor_name.strip()
            or (spec.donor_organization.name if spec.donor_organization else "")
        )
    )
    consent = spec.publish_name and bool(name)
    return _append(
        fund,
        kind=EntryKind.RECEIPT,
        amount=amount,
        entry_date=spec.entry_date,
        actor=actor,
        method=spec.method,
        in_kind_items=spec.in_kind_items.strip() if spec.method == Method.IN_KIND else "",
        receipt_number=spec.receipt_number.strip(),
        donor_kind=spec.donor_kind,
        donor_organization=None if anonymous else spec.donor_organization,
        donor_name_enc=crypto.encrypt(name),
        donor_public_name=name[:200] if consent else "",
        donor_consent_at=timezone.now() if consent else None,
        campaign=spec.campaign,
        note=spec.note.strip(),
        idempotency_key=idempotency_key,
    )


def donor_name(*, actor: User, entry: LedgerEntry) -> str:
    """The donor's name as given (for the fund's keepers: a receipt, a thank-you letter)."""
    require(access.may_fund(actor, entry.fund, A.MANAGE))
    return crypto.decrypt(entry.donor_name_enc)


# ---- transfers between levels ------------------------------------------------------------


@_posting
def send_transfer(
    *,
    actor: User | None,
    from_fund: Fund,
    to_fund: Fund,
    amount: object,
    sent_on: dt.date,
    reference: str = "",
    note: str = "",
    idempotency_key: str = "",
) -> Transfer:
    """Money sent to another level's fund: the entry out and the entry in, together or not
    at all."""
    if actor is not None:
        require(access.may_fund(actor, from_fund, A.MANAGE))
    value = amount_of(amount)
    if from_fund.pk == to_fund.pk:
        raise ValidationError({"to_fund": _("Choose another fund to send to.")})
    funds = _locked(from_fund, to_fund)
    source, target = funds[from_fund.pk], funds[to_fund.pk]
    if (done := _existing(source, idempotency_key)) is not None and done.transfer_id:
        return Transfer.objects.get(pk=done.transfer_id)
    transfer = Transfer.objects.create(
        from_fund=source,
        to_fund=target,
        amount=value,
        sent_on=sent_on,
        reference=reference.strip(),
        note=note.strip(),
        sent_by=actor,
    )
    _append(
        source,
        kind=EntryKind.TRANSFER_OUT,
        amount=-value,
        entry_date=sent_on,
        actor=actor,
        transfer=transfer,
        beneficiary=target.name[:300],
        decision_number=reference.strip()[:80],
        note=note.strip(),
        idempotency_key=idempotency_key,
    )
    _append(
        target,
        kind=EntryKind.TRANSFER_IN,
        amount=value,
        entry_date=sent_on,
        actor=actor,
        transfer=transfer,
        beneficiary=source.name[:300],
        decision_number=reference.strip()[:80],
        note=note.strip(),
    )
    return transfer


@transaction.atomic
def reconcile_transfer(
    *, actor: User | None, transfer: Transfer, receipt_number: str = ""
) -> Transfer:
    """The receiver confirms the money arrived (its own receipt number)."""
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("from_fund__keeper", "to_fund__keeper")
        .get(pk=transfer.pk)
    )
    if actor is not None:
        require(access.may_transfer(actor, transfer, A.REPORT))
    if transfer.state != TransferState.SENT:
        raise ValidationError(_("This transfer is no longer waiting to be reconciled."))
    transfer.state = TransferState.RECONCILED
    transfer.reconciled_by, transfer.reconciled_at = actor, timezone.now()
    transfer.receiver_receipt_number = receipt_number.strip()[:60]
    transfer.save(
        update_fields=["state", "reconciled_by", "reconciled_at", "receiver_receipt_number"]
    )
    audit(
        actor,
        transfer.to_fund,
        CHANGE,
        _("Transfer %(transfer)d reconciled.") % {"transfer": transfer.pk},
    )
    return transfer


@_posting
def reverse_transfer(
    *, actor: User | None, transfer: Transfer, reason: str, on: dt.date | None = None
) -> Transfer:
    """A transfer sent by mistake, before the receiver reconciled it: both sides reversed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the transfer is reversed.")})
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("from_fund__keeper", "to_fund__keeper")
        .get(pk=transfer.pk)
    )
    if actor is not None:
        require(access.may_transfer(actor, transfer, A.MANAGE))
    if transfer.state != TransferState.SENT:
        raise ValidationError(
            _("Only a transfer not yet reconciled can be reversed; send the money back instead.")
        )
    funds = _locked(transfer.from_fund, transfer.to_fund)
    day = on or today()
    for original in transfer.entries.order_by("pk"):
        _append(
            funds[original.fund_id],
            kind=EntryKind.REVERSAL,
            flow=original.flow,
            amount=-original.amount,
            entry_date=day,
            actor=actor,
            reverses=original,
            transfer=transfer,
            note=reason.strip(),
        )
    transfer.state = TransferState.REVERSED
    transfer.save(update_fields=["state"])
    return transfer


# ---- disbursements -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DisbursementSpec:
    amount: object
    purpose: str
    household: Household | None = None
    beneficiary: str = ""
    campaign: Campaign | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    description: str = ""
    paid_on: dt.date | None = None


def _in_territory(fund: Fund, household: Household) -> bool:
    if fund.unit_id is None:  # a central fund
        return True
    if fund.level == "province":
        return household.province_id == fund.province_id
    return household.commune_id == fund.unit_id


def earlier_support(household: Household, purpose: str, *, on: dt.date) -> list[Support]:
    """What the household already received for the same purpose within the repeat window."""
    days = REPEAT_DAYS.get(purpose, DEFAULT_REPEAT_DAYS)  # type: ignore[call-overload]
    return list(
        Support.objects.filter(
            household=household,
            purpose=purpose,
            cancelled_at__isnull=True,
            given_on__gt=on - dt.timedelta(days=days),
        )
        .select_related("given_by", "campaign")
        .order_by("-given_on")
    )


def _check_disbursement(fund: Fund, spec: DisbursementSpec, *, confirm_repeat: bool) -> int:
    amount = amount_of(spec.amount)
    errors: dict[str, str] = {}
    if spec.purpose not in Purpose.values:
        errors["purpose"] = _("Choose what the money is for.")
    if spec.household is None and not spec.beneficiary.strip():
        errors["beneficiary"] = _("Choose the household, or name who receives the money.")
    if spec.household is not None and not _in_territory(fund, spec.household):
        errors["household"] = _("This household is not on a list in the fund's area.")
    if amount > fund.approval_threshold and not spec.decision_number.strip():
        errors["decision_number"] = _(
            "Above %(limit)s đồng, give the number of the deciding document."
        ) % {"limit": _money(fund.approval_threshold)}
    if errors:
        raise ValidationError(errors)
    if spec.household is not None and not confirm_repeat:
        earlier = earlier_support(spec.household, spec.purpose, on=spec.paid_on or today())
        if earlier:
            last = earlier[0]
            raise ValidationError(
                {
                    "confirm_repeat": _(
                        "This household already received help for the same purpose on "
                        "%(day)s (%(amount)s đồng). Check that this is not given twice by "
                        "mistake, then confirm."
                    )
                    % {"day": f"{last.given_on:%d/%m/%Y}", "amount": _money(last.amount)}
                }
            )
    return amount


def _pay(
    fund: Fund, request: DisbursementRequest, actor: User | None, approver: User | None
) -> None:
    day = request.paid_on or today()
    entry = _append(
        fund,
        kind=EntryKind.DISBURSEMENT,
        amount=-request.amount,
        entry_date=day,
        actor=actor,
        purpose=request.purpose,
        household=request.household,
        beneficiary=request.beneficiary,
        campaign=request.campaign,
        decision_number=request.decision_number,
        decision_date=request.decision_date,
        approved_by=approver,
        note=request.description,
    )
    request.entry = entry
    request.state = RequestState.PAID
    if request.household_id is not None:
        Support.objects.create(
            household_id=request.household_id,
            given_on=day,
            source=SupportSource.FUND,
            purpose=request.purpose,
            amount=request.amount,
            description=request.description[:300],
            given_by_id=fund.keeper_id,
            entry=entry,
            campaign=request.campaign,
            recorded_by=actor,
        )


@_posting
def request_disbursement(
    *,
    actor: User | None,
    fund: Fund,
    spec: DisbursementSpec,
    confirm_repeat: bool = False,
    idempotency_key: str = "",
) -> DisbursementRequest:
    """Pay out of the fund: at once up to its threshold, else when the board approves."""
    if actor is not None:
        require(access.may_fund(actor, fund, A.MANAGE))
    fund = _locked(fund)[fund.pk]
    if idempotency_key and (
        done := DisbursementRequest.objects.filter(
            fund=fund, idempotency_key=idempotency_key
        ).first()
    ):
        return done
    amount = _check_disbursement(fund, spec, confirm_repeat=confirm_repeat)
    request = DisbursementRequest(
        fund=fund,
        amount=amount,
        purpose=spec.purpose,
        household=spec.household,
        beneficiary=spec.beneficiary.strip()[:300],
        campaign=spec.campaign,
        decision_number=spec.decision_number.strip()[:80],
        decision_date=spec.decision_date,
        description=spec.description.strip(),
        paid_on=spec.paid_on,
        requested_by=actor,
        idempotency_key=idempotency_key,
    )
    if amount <= fund.approval_threshold:
        request.decided_by, request.decided_at = actor, timezone.now()
        _pay(fund, request, actor, None)
    request.save()
    return request


@_posting
def approve_disbursement(
    *, actor: User | None, request: DisbursementRequest, note: str = ""
) -> DisbursementRequest:
    """A board member approves; the money is paid in the same transaction if it is there."""
    fund = _locked(request.fund)[request.fund_id]
    request = DisbursementRequest.objects.select_for_update().get(pk=request.pk)
    if actor is not None:
        require(
            access.may_fund(actor, fund, A.APPROVE),
            _("Only a member of the fund's board approves disbursements."),
        )
        require(
            request.requested_by_id != actor.pk,
            _("Whoever asked for a disbursement does not approve it too."),
        )
    if request.state != RequestState.PENDING:
        raise ValidationError(_("This request has already been decided."))
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = note.strip()
    _pay(fund, request, request.requested_by, actor)
    request.save()
    audit(
        actor,
        fund,
        CHANGE,
        _("Disbursement request %(request)d approved.") % {"request": request.pk},
    )
    return request


@transaction.atomic
def reject_disbursement(
    *, actor: User | None, request: DisbursementRequest, note: str
) -> DisbursementRequest:
    if not note.strip():
        raise ValidationError({"note": _("Say why the request is rejected.")})
    request = (
        DisbursementRequest.objects.select_for_update().select_related("fund").get(pk=request.pk)
    )
    if actor is not None:
        require(access.may_fund(actor, request.fund, A.APPROVE))
    if request.state != RequestState.PENDING:
        raise ValidationError(_("This request has already been decided."))
    request.state = RequestState.REJECTED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit(
        actor,
        request.fund,
        CHANGE,
        _("Disbursement request %(request)d rejected.") % {"request": request.pk},
    )
    return request


@transaction.atomic
def withdraw_request(*, actor: User | None, request: DisbursementRequest) -> DisbursementRequest:
    request = (
        DisbursementRequest.objects.select_for_update()
        .select_related("fund__keeper")
        .get(pk=request.pk)
    )
    if actor is not None:
        require(access.may_fund(actor, request.fund, A.MANAGE))
    if request.state != RequestState.PENDING:
        raise ValidationError(_("This request has already been decided."))
    request.state = RequestState.WITHDRAWN
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at"])
    return request


# ---- corrections -------------------------------------------------------------------------


@_posting
def reverse_entry(
    *, actor: User | None, entry: LedgerEntry, reason: str, on: dt.date | None = None
) -> LedgerEntry:
    """Correct a receipt or a disbursement by a reversing entry (never by changing it)."""
    if actor is not None:
        require(access.may_fund(actor, entry.fund, A.MANAGE))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError(_("A reversing entry is not reversed; record the entry again."))
    if entry.transfer_id is not None:
        raise ValidationError(_("A transfer is reversed as a whole, from the transfer."))
    fund = _locked(entry.fund)[entry.fund_id]
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    reversal = _append(
        fund,
        kind=EntryKind.REVERSAL,
        flow=entry.flow,
        amount=-entry.amount,
        entry_date=on or today(),
        actor=actor,
        reverses=entry,
        purpose=entry.purpose,
        method=entry.method,
        campaign=entry.campaign,
        household=entry.household,
        note=reason.strip(),
    )
    Support.objects.filter(entry=entry).update(cancelled_at=timezone.now())
    return reversal


def balance_from_entries(fund: Fund, *, on: dt.date | None = None) -> int:
    """The fund's balance as the sum of its ledger (on a day: entries dated up to it)."""
    rows = LedgerEntry.objects.filter(fund=fund)
    if on is not None:
        rows = rows.filter(entry_date__lte=on)
    return int(rows.aggregate(total=Sum("amount"))["total"] or 0)


__all__: Sequence[str] = [
    "DisbursementSpec",
    "FundSpec",
    "ReceiptSpec",
    "approve_disbursement",
    "balance_from_entries",
    "donor_name",
    "earlier_support",
    "end_board_seat",
    "open_fund",
    "publish_fund",
    "reconcile_transfer",
    "record_receipt",
    "reject_disbursement",
    "request_disbursement",
    "reverse_entry",
    "reverse_transfer",
    "seat_board_member",
    "send_transfer",
    "update_fund",
    "withdraw_request",
]
