"""The funds' ledgers over HTTP (staff only): the funds the caller reads with their balances,
one fund's ledger, balance and month sums; recording receipts, disbursements and transfers
between levels; reconciling a transfer; the board's approvals queue, approving and rejecting;
reversing an entry.

Who sees and does what is decided by `danvan.campaigns.access` and the ledger services only:
a fund the caller does not read is answered 404, as if it did not exist; one they read but
may not keep (or approve for), 403; a refusal of the service (the money is not there, a
missing deciding document), 400 beside its field. Every write goes through
`danvan.campaigns.services.ledger`, which keeps the balance the sum of the ledger. A donor's
name as given is never sent (only the name they agreed to publish), nor a household's name.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.campaigns import access
from danvan.campaigns.models import (
    Campaign,
    CampaignStatus,
    DisbursementRequest,
    Fund,
    FundMonth,
    Household,
    LedgerEntry,
    RequestState,
    Transfer,
)
from danvan.campaigns.selectors import disclosure
from danvan.campaigns.selectors import funds as select
from danvan.campaigns.services import ledger
from danvan.lib.dates import today
from danvan.org.models import AdminUnit, Organization

from .auth import AUTHENTICATED, staff_user
from .errors import refused
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.campaigns import (
    IDEMPOTENCY_HELP,
    BalanceFilters,
    BalanceOut,
    DecisionIn,
    DisbursementIn,
    EntryOut,
    FundDetailOut,
    FundFilters,
    FundMonthOut,
    FundOut,
    LedgerFilters,
    MonthFilters,
    ReasonIn,
    ReceiptIn,
    ReconcileIn,
    RequestFilters,
    RequestOut,
    TransferIn,
    TransferOut,
)

router = Router(tags=["funds"])

A = access.Action

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, **READ}
WHO = (
    "A fund the caller does not read is answered 404; one they read but may not keep, 403; a "
    "refusal (the money is not there, a date in the future), 400 beside its field."
)
# An idempotency key longer than this is a client's mistake, not a key.
MAX_KEY = 200


# --- Helpers shared with the campaigns and disclosure routers -----------------------------------


def unseen(fetch: Callable[..., Any], *args: Any) -> Any:
    """One record through its accessor: one the caller may not read is 404, as if absent."""
    try:
        return fetch(*args)
    except PermissionDenied:
        raise Http404 from None


class Rows:
    """A queryset (or list) the paginator counts and slices, each row of the page made a dict
    by `row`, after `prepare` has read what the page's rows need at once (no query per row)."""

    def __init__(
        self,
        queryset: QuerySet[Any] | list[Any],
        row: Callable[[Any], dict[str, Any]],
        prepare: Callable[[list[Any]], Any] | None = None,
    ) -> None:
        self.queryset, self.row, self.prepare = queryset, row, prepare

    def __len__(self) -> int:
        if isinstance(self.queryset, list):
            return len(self.queryset)
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        page = list(self.queryset[window])
        if self.prepare is not None:
            self.prepare(page)
        return [self.row(item) for item in page]


def org_ref(body: Organization) -> dict[str, Any]:
    return {"id": body.pk, "code": body.code, "name": body.name}


def unit_ref(unit: AdminUnit | None) -> dict[str, Any] | None:
    return None if unit is None else {"id": unit.pk, "code": unit.code, "name": unit.name}


def province_id(code: str) -> int | None:
    """A province in force by its official code; 0 when there is none (an empty list, not
    an error: a filter that matches nothing); None when no code was given."""
    code = code.strip()
    if not code:
        return None
    found = AdminUnit.objects.current().provinces().filter(code=code).values_list("pk", flat=True)
    return next(iter(found), 0)


def full_name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def idempotency_key(request: HttpRequest, user: User) -> str:
    """The request's Idempotency-Key, scoped to the caller (another caller's key never
    returns their record), in the 64 characters the ledger keeps."""
    raw = request.headers.get("Idempotency-Key", "").strip()
    if not raw:
        return ""
    if len(raw) > MAX_KEY:
        raise ValidationError(
            {"Idempotency-Key": _("The idempotency key is too long: send at most 200 characters.")}
        )
    return hashlib.sha256(f"api:{user.pk}:{raw}".encode()).hexdigest()


def key_error_at(name: str) -> list[str]:
    return ["header", name] if name == "Idempotency-Key" else ["body", name]


def open_campaign(user: User, pk: int | None) -> Campaign | None:
    """An open campaign the caller reads (as the web's forms offer them), or a refusal."""
    if pk is None:
        return None
    found = access.campaigns_for(user).filter(pk=pk, status=CampaignStatus.OPEN).first()
    if found is None:
        raise ValidationError({"campaign": _("Choose an open campaign that you see.")})
    return found


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "campaigns.use")


def _fund_for(user: User, pk: int, action: str = A.VIEW) -> Fund:
    """404 for a fund the caller does not read; 403 for one they may not `action`."""
    fund: Fund = unseen(access.get_fund, user, pk)
    if action != A.VIEW and not access.may_fund(user, fund, action):
        raise PermissionDenied
    return fund


# --- Rows -----------------------------------------------------------------------------------


def _fund(fund: Fund) -> dict[str, Any]:
    return {
        "id": fund.pk,
        "name": fund.name,
        "kind": fund.kind,
        "keeper": org_ref(fund.keeper),
        "province": unit_ref(fund.province),
        "level": fund.level,
        "balance": fund.balance,
        "approval_threshold": fund.approval_threshold,
        "opened_on": fund.opened_on,
        "closed_on": fund.closed_on,
        "published": fund.published_at is not None,
        "year_in": getattr(fund, "year_in", 0),
        "year_out": getattr(fund, "year_out", 0),
    }


def _fund_ref(fund: Fund) -> dict[str, Any]:
    return {"id": fund.pk, "name": fund.name}


def _household(household: Household | None) -> dict[str, Any] | None:
    if household is None:
        return None
    return {
        "id": household.pk,
        "code": household.code,
        "village": household.village,
        "category": household.category,
    }


def _beneficiary(household: Household | None, written: str) -> str:
    # A household is named by its code only: what an officer typed beside it may be the
    # head's name, which is personal data read on the household's page alone.
    return "" if household is not None else written


def _entry(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "seq": entry.seq,
        "kind": entry.kind,
        "flow": entry.flow,
        "amount": entry.amount,
        "balance_after": entry.balance_after,
        "entry_date": entry.entry_date,
        "recorded_at": entry.recorded_at,
        "recorded_by": full_name(entry.recorded_by),
        "method": entry.method or None,
        "in_kind_items": entry.in_kind_items,
        "receipt_number": entry.receipt_number,
        "donor_kind": entry.donor_kind or None,
        "donor_organization_id": entry.donor_organization_id,
        # Never the name as given (encrypted): only what the donor agreed to publish.
        "donor_public_name": entry.donor_public_name if entry.donor_consent_at else "",
        "purpose": entry.purpose or None,
        "household": _household(entry.household),
        "beneficiary": _beneficiary(entry.household, entry.beneficiary),
        "decision_number": entry.decision_number,
        "decision_date": entry.decision_date,
        "campaign": {"id": entry.campaign.pk, "name": entry.campaign.name}
        if entry.campaign is not None
        else None,
        "transfer_id": entry.transfer_id,
        "reverses_id": entry.reverses_id,
        "reversed": getattr(entry, "is_reversed", False),
        "note": entry.note,
    }


def _request(
    req: DisbursementRequest, user: User, *, board: set[int], earlier: list[Any] | None = None
) -> dict[str, Any]:
    return {
        "id": req.pk,
        "fund": _fund_ref(req.fund),
        "amount": req.amount,
        "purpose": req.purpose,
        "household": _household(req.household),
        "beneficiary": _beneficiary(req.household, req.beneficiary),
        "campaign_id": req.campaign_id,
        "decision_number": req.decision_number,
        "decision_date": req.decision_date,
        "description": req.description,
        "paid_on": req.paid_on,
        "state": req.state,
        "requested_by": full_name(req.requested_by),
        "requested_at": req.requested_at,
        "decided_by": full_name(req.decided_by),
        "decided_at": req.decided_at,
        "decision_note": req.decision_note,
        "entry_id": req.entry_id,
        # The service decides; this only spares the client a refused click.
        "may_approve": req.state == RequestState.PENDING
        and req.fund_id in board
        and req.requested_by_id != user.pk,
        "earlier": [
            {
                "given_on": s.given_on,
                "purpose": s.purpose,
                "amount": s.amount,
                "given_by": s.given_by.name if s.given_by is not None else "",
            }
            for s in earlier or []
        ],
    }


def _one_request(req: DisbursementRequest, user: User) -> dict[str, Any]:
    req = DisbursementRequest.objects.select_related(
        "fund", "household", "requested_by", "decided_by"
    ).get(pk=req.pk)
    board = {req.fund_id} if access.may_fund(user, req.fund, A.APPROVE) else set()
    return _request(req, user, board=board)


def _transfer(transfer: Transfer) -> dict[str, Any]:
    return {
        "id": transfer.pk,
        "from_fund": _fund_ref(transfer.from_fund),
        "to_fund": _fund_ref(transfer.to_fund),
        "amount": transfer.amount,
        "sent_on": transfer.sent_on,
        "reference": transfer.reference,
        "note": transfer.note,
        "state": transfer.state,
        "reconciled_at": transfer.reconciled_at,
        "receiver_receipt_number": transfer.receiver_receipt_number,
    }


# --- Funds ----------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[FundOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The funds whose ledgers the caller reads (their bodies' and those under them, "
    "and those on whose board they sit), by name",
    operation_id="list_funds",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_funds(request: HttpRequest, filters: Query[FundFilters]) -> Any:
    user = _staff(request)
    province = province_id(filters.province)
    if province == 0:
        return []
    rows = select.funds(
        user,
        select.FundFilters(
            kind=filters.kind or "",
            province=province,
            level=filters.level or "",
            q=filters.q.strip(),
        ),
    )
    return Rows(rows, _fund, select.with_year_flows)


@router.get(
    "/requests",
    response={200: list[RequestOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Disbursement requests: the caller's approvals queue, or the requests of the funds "
    "they read, newest first",
    description=(
        "`awaiting_me=true`: the requests waiting for the board on the funds where the caller "
        "sits today, oldest first (at most 100), each with what its household already "
        "received for the same purpose recently."
    ),
    operation_id="list_fund_requests",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_requests(request: HttpRequest, filters: Query[RequestFilters]) -> Any:
    user = _staff(request)
    if filters.awaiting_me:
        queue = [
            item
            for item in select.approvals(user)
            if (not filters.state or item.request.state == filters.state)
            and (not filters.fund or item.request.fund_id == filters.fund)
        ]
        board = {item.request.fund_id for item in queue}
        return Rows(
            queue, lambda item: _request(item.request, user, board=board, earlier=item.earlier)
        )
    rows = access.requests_for(user).select_related(
        "fund", "household", "requested_by", "decided_by"
    )
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.fund:
        rows = rows.filter(fund_id=filters.fund)
    board = {f.pk for f in select.board_funds(user)}
    return Rows(rows.order_by("-requested_at", "-pk"), lambda r: _request(r, user, board=board))


@router.get(
    "/{fund_id}",
    response={200: FundDetailOut, **READ},
    summary="One fund: its balance, threshold, board, this year's flows and all-time totals",
    operation_id="get_fund",
    auth=AUTHENTICATED,
)
def get_fund(request: HttpRequest, fund_id: Id) -> dict[str, Any]:
    user = _staff(request)
    fund = _fund_for(user, fund_id)
    select.with_year_flows([fund])
    seats = select.board(fund)
    totals = disclosure.fund_summary(fund).totals
    return {
        **_fund(fund),
        "description": fund.description,
        "bank_account": fund.bank_account,
        "published_at": fund.published_at,
        "board_seats": sum(1 for s in seats if getattr(s, "current", False)),
        "board": [
            {
                "user_id": s.user_id,
                "full_name": full_name(s.user),
                "position": s.position,
                "starts_on": s.starts_on,
                "ends_on": s.ends_on,
                "current": getattr(s, "current", False),
            }
            for s in seats
        ],
        "totals": {
            "received": totals.received,
            "transferred_in": totals.transferred_in,
            "transferred_out": totals.transferred_out,
            "spent": totals.spent,
            "balance": totals.balance,
        },
        "may_keep": access.may_fund(user, fund, A.MANAGE),
        "may_approve": access.may_fund(user, fund, A.APPROVE),
        "ledger_xlsx_url": reverse("campaigns:fund_export", args=[fund.pk, "xlsx"]),
        "ledger_csv_url": reverse("campaigns:fund_export", args=[fund.pk, "csv"]),
        "report_xlsx_url": reverse("campaigns_public:fund_report_xlsx", args=[fund.pk]),
        "report_docx_url": reverse("campaigns_public:fund_report_docx", args=[fund.pk]),
    }


@router.get(
    "/{fund_id}/ledger",
    response={200: list[EntryOut], **READ},
    summary="A fund's ledger entries, newest first",
    description=(
        "Dates as yyyy-mm-dd or dd/mm/yyyy. A donor appears only by the name they agreed to "
        "publish; a household by its code, village and category."
    ),
    operation_id="list_fund_ledger",
    auth=AUTHENTICATED,
)
@paginate(Page)
def fund_ledger(request: HttpRequest, fund_id: Id, filters: Query[LedgerFilters]) -> Any:
    user = _staff(request)
    fund = _fund_for(user, fund_id)
    rows = select.entries(
        fund,
        select.LedgerFilters(
            kind=filters.kind or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
            campaign=filters.campaign,
            purpose=filters.purpose or "",
        ),
    )
    return Rows(rows, _entry, select.with_reversed)


@router.get(
    "/{fund_id}/balance",
    response={200: BalanceOut, **READ},
    summary="A fund's balance today or at the end of a day, beside its ledger's sum",
    operation_id="get_fund_balance",
    auth=AUTHENTICATED,
)
def fund_balance(request: HttpRequest, fund_id: Id, filters: Query[BalanceFilters]) -> Any:
    user = _staff(request)
    fund = _fund_for(user, fund_id)
    day = today()
    entries = LedgerEntry.objects.filter(fund=fund)
    if filters.on is not None and filters.on < day:
        day = filters.on
        from_ledger = ledger.balance_from_entries(fund, on=day)
        balance = from_ledger
        entries = entries.filter(entry_date__lte=day)
    else:
        from_ledger = ledger.balance_from_entries(fund)
        balance = fund.balance
    return {
        "fund_id": fund.pk,
        "as_of": day,
        "balance": balance,
        "entries": entries.count(),
        "balance_from_ledger": from_ledger,
    }


@router.get(
    "/{fund_id}/months",
    response={200: list[FundMonthOut], **READ},
    summary="A fund's sums by month, flow, purpose and campaign, latest month first",
    description="Kept with each entry; they add up to the ledger to the đồng.",
    operation_id="list_fund_months",
    auth=AUTHENTICATED,
)
@paginate(Page)
def fund_months(request: HttpRequest, fund_id: Id, filters: Query[MonthFilters]) -> Any:
    user = _staff(request)
    fund = _fund_for(user, fund_id)
    rows = FundMonth.objects.filter(fund=fund)
    if filters.year:
        rows = rows.filter(month__year=filters.year)
    return Rows(
        rows.order_by("-month", "flow", "purpose", "campaign_id", "pk"),
        lambda m: {
            "month": m.month,
            "flow": m.flow,
            "purpose": m.purpose or None,
            "campaign_id": m.campaign_id,
            "amount": m.amount,
            "entries": m.entries,
        },
    )


# --- Writes ---------------------------------------------------------------------------------


def _donor_body(fund: Fund, pk: int | None) -> Organization | None:
    """A body of the fund's province (or a central one for a central fund), as the web's
    receipt form offers them."""
    if pk is None:
        return None
    bodies = Organization.objects.filter(pk=pk)
    if fund.province_id:
        bodies = bodies.filter(province_id=fund.province_id)
    else:
        bodies = bodies.filter(province__isnull=True)
    found = bodies.first()
    if found is None:
        raise ValidationError({"donor_organization": _("Choose a body of the fund's province.")})
    return found


@router.post(
    "/{fund_id}/receipts",
    response={200: EntryOut, 201: EntryOut, **WRITE},
    summary="Record a receipt: a donation, or goods with their valuation",
    description="By the keeping body's officers and leaders. " + IDEMPOTENCY_HELP + " " + WHO,
    operation_id="record_fund_receipt",
    auth=AUTHENTICATED,
)
def record_receipt(request: HttpRequest, fund_id: Id, payload: ReceiptIn) -> Any:
    user = _staff(request)
    fund = _fund_for(user, fund_id, A.MANAGE)
    try:
        key = idempotency_key(request, user)
        spec = ledger.ReceiptSpec(
            amount=payload.amount,
            entry_date=payload.entry_date,
            method=payload.method,
            donor_kind=payload.donor_kind,
            donor_name=payload.donor_name,
            donor_organization=_donor_body(fund, payload.donor_organization),
            publish_name=payload.publish_name,
            receipt_number=payload.receipt_number,
            in_kind_items=payload.in_kind_items,
            campaign=open_campaign(user, payload.campaign),
            note=payload.note,
        )
        again = bool(key) and LedgerEntry.objects.filter(fund=fund, idempotency_key=key).exists()
        entry = ledger.record_receipt(actor=user, fund=fund, spec=spec, idempotency_key=key)
    except ValidationError as error:
        return refused(error, where=key_error_at)
    return Status(200 if again else 201, _entry(entry))


@router.post(
    "/{fund_id}/disbursements",
    response={200: RequestOut, 201: RequestOut, **WRITE},
    summary="Pay out of a fund: at once up to its threshold, else a request for its board",
    description=(
        "By the keeping body's officers and leaders. A household already helped for the same "
        "purpose recently is refused beside `confirm_repeat` until it is confirmed. "
        + IDEMPOTENCY_HELP
        + " "
        + WHO
    ),
    operation_id="request_fund_disbursement",
    auth=AUTHENTICATED,
)
def request_disbursement(request: HttpRequest, fund_id: Id, payload: DisbursementIn) -> Any:
    user = _staff(request)
    fund = _fund_for(user, fund_id, A.MANAGE)
    try:
        key = idempotency_key(request, user)
        household = None
        if payload.household is not None:
            household = (
                access.households_for(user)
                .filter(pk=payload.household, left_on__isnull=True)
                .first()
            )
            if household is None:
                raise ValidationError(
                    {"household": _("Choose a household on a list that you see.")}
                )
        spec = ledger.DisbursementSpec(
            amount=payload.amount,
            purpose=payload.purpose,
            household=household,
            beneficiary=payload.beneficiary,
            campaign=open_campaign(user, payload.campaign),
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
            description=payload.description,
            paid_on=payload.paid_on,
        )
        again = (
            bool(key)
            and DisbursementRequest.objects.filter(fund=fund, idempotency_key=key).exists()
        )
        done = ledger.request_disbursement(
            actor=user,
            fund=fund,
            spec=spec,
            confirm_repeat=payload.confirm_repeat,
            idempotency_key=key,
        )
    except ValidationError as error:
        return refused(error, where=key_error_at)
    return Status(200 if again else 201, _one_request(done, user))


@router.post(
    "/{fund_id}/transfers",
    response={200: TransferOut, 201: TransferOut, **WRITE},
    summary="Send money to another level's fund: the entry out and the entry in, together",
    description=(
        "To a fund of another level of the province that the caller reads, or of the keeping "
        "body's parent. By the sending body's officers and leaders; the receiver reconciles "
        "it. " + IDEMPOTENCY_HELP + " " + WHO
    ),
    operation_id="send_fund_transfer",
    auth=AUTHENTICATED,
)
def send_transfer(request: HttpRequest, fund_id: Id, payload: TransferIn) -> Any:
    user = _staff(request)
    fund = _fund_for(user, fund_id, A.MANAGE)
    try:
        key = idempotency_key(request, user)
        target = select.transfer_targets(user, fund).filter(pk=payload.to_fund).first()
        if target is None:
            raise ValidationError(
                {"to_fund": _("Choose a fund of another level that this fund may send to.")}
            )
        again = (
            bool(key)
            and LedgerEntry.objects.filter(
                fund=fund, idempotency_key=key, transfer__isnull=False
            ).exists()
        )
        transfer = ledger.send_transfer(
            actor=user,
            from_fund=fund,
            to_fund=target,
            amount=payload.amount,
            sent_on=payload.sent_on,
            reference=payload.reference,
            note=payload.note,
            idempotency_key=key,
        )
    except ValidationError as error:
        return refused(error, where=key_error_at)
    transfer = Transfer.objects.select_related("from_fund", "to_fund").get(pk=transfer.pk)
    return Status(200 if again else 201, _transfer(transfer))


@router.post(
    "/transfers/{transfer_id}/reconcile",
    response={200: TransferOut, **WRITE},
    summary="Confirm that a transfer received arrived (the receiver's receipt number)",
    description="By the receiving body's officers and leaders. " + WHO,
    operation_id="reconcile_fund_transfer",
    auth=AUTHENTICATED,
)
def reconcile_transfer(request: HttpRequest, transfer_id: Id, payload: ReconcileIn) -> Any:
    user = _staff(request)
    transfer = unseen(access.get_transfer, user, transfer_id)
    try:
        done = ledger.reconcile_transfer(
            actor=user, transfer=transfer, receipt_number=payload.receipt_number
        )
    except ValidationError as error:
        return refused(error)
    return _transfer(done)


def _decide(request: HttpRequest, request_id: int, note: str, *, approve: bool) -> Any:
    user = _staff(request)
    req = unseen(access.get_request, user, request_id)
    try:
        if approve:
            done = ledger.approve_disbursement(actor=user, request=req, note=note)
        else:
            done = ledger.reject_disbursement(actor=user, request=req, note=note)
    except ValidationError as error:
        return refused(error)
    return _one_request(done, user)


@router.post(
    "/requests/{request_id}/approve",
    response={200: RequestOut, **WRITE},
    summary="Approve a disbursement request: it is paid in the same transaction if the money "
    "is there",
    description=(
        "By a member of the fund's board in their seat today, not the one who asked. " + WHO
    ),
    operation_id="approve_fund_request",
    auth=AUTHENTICATED,
)
def approve_request(request: HttpRequest, request_id: Id, payload: DecisionIn) -> Any:
    return _decide(request, request_id, payload.note, approve=True)


@router.post(
    "/requests/{request_id}/reject",
    response={200: RequestOut, **WRITE},
    summary="Reject a disbursement request, saying why",
    description="By a member of the fund's board in their seat today. " + WHO,
    operation_id="reject_fund_request",
    auth=AUTHENTICATED,
)
def reject_request(request: HttpRequest, request_id: Id, payload: DecisionIn) -> Any:
    return _decide(request, request_id, payload.note, approve=False)


@router.post(
    "/entries/{entry_id}/reverse",
    response={201: EntryOut, **WRITE},
    summary="Correct a receipt or a disbursement by a reversing entry (never by changing it)",
    description=(
        "By the keeping body's officers and leaders; a transfer is reversed as a whole, not "
        "entry by entry. " + WHO
    ),
    operation_id="reverse_fund_entry",
    auth=AUTHENTICATED,
)
def reverse_entry(request: HttpRequest, entry_id: Id, payload: ReasonIn) -> Any:
    user = _staff(request)
    entry = LedgerEntry.objects.select_related("fund__keeper").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    unseen(access.get_fund, user, entry.fund_id)
    try:
        reversal = ledger.reverse_entry(actor=user, entry=entry, reason=payload.reason)
    except ValidationError as error:
        return refused(error)
    return Status(201, _entry(reversal))
