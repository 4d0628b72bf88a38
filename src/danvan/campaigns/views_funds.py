"""The officers' pages of funds: the list, a fund's ledger, recording receipts, transfers and
disbursements, the board's approvals. Who may do what is access.py's; every write is a
ledger service; bad input comes back with status 400 and the error beside the field; a
service's PermissionDenied is a 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib.access import user_allowed
from danvan.lib.dates import today
from danvan.lib.forms import form_page
from danvan.lib.pagination import UncountedPaginator, page_of
from danvan.org.models import Organization

from . import access
from . import fund_exports as exports
from .forms_funds import (
    DecisionForm,
    DisbursementForm,
    EndSeatForm,
    FundFilterForm,
    FundForm,
    LedgerFilterForm,
    ReasonForm,
    ReceiptForm,
    ReconcileForm,
    SeatForm,
    TransferForm,
    capped,
)
from .models import (
    BoardMember,
    Campaign,
    CampaignStatus,
    Fund,
    FundMonth,
    Household,
    RequestState,
)
from .selectors import funds as select
from .services import ledger

A = access.Action
PAGE = 25
TEMPLATE_FORM = "campaigns/funds/form.html"


def staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "campaigns.use"))


def _fund_url(fund: Fund | int, anchor: str = "") -> str:
    pk = fund if isinstance(fund, int) else fund.pk
    return reverse("campaigns:fund", args=[pk]) + (f"#{anchor}" if anchor else "")


def _crumbs(fund: Fund | None = None) -> list[tuple[str, str]]:
    steps = [(_("Funds"), reverse("campaigns:funds"))]
    if fund is not None:
        steps.append((fund.name, _fund_url(fund)))
    return steps


def _page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], str],
    *,
    title: str,
    back: str,
    fund: Fund | None = None,
    **context: Any,
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template=TEMPLATE_FORM,
        context={
            "title": title,
            "back": back,
            "fund": fund,
            "crumbs": _crumbs(fund),
            "submit": context.pop("submit", _("Save")),
            **context,
        },
    )


# ---- the list ------------------------------------------------------------------------------


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = FundFilterForm(request.GET or None)
    filters = select.FundFilters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            d = form.cleaned_data
            filters = select.FundFilters(
                kind=d["kind"],
                province=d["province"].pk if d["province"] else None,
                level=d["level"],
                q=d["q"].strip(),
                org=d["org"],
            )
        else:
            status = 400
    rows = select.funds(user, filters)
    page, query = page_of(request, UncountedPaginator(rows, PAGE))
    select.with_year_flows(page.object_list)
    return render(
        request,
        "campaigns/funds/list.html",
        {
            "page": page,
            "query": query,
            "filters": form,
            "totals": select.totals(rows),
            "year": str(today().year),
            "can_open": access.writes_anywhere(user),
            "filtered": any(
                (filters.kind, filters.province, filters.level, filters.q, filters.org)
            ),
        },
        status=status,
    )


@login_required
def fund_new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    keepers = access.list_keepers_for(user)
    if not access.writes_anywhere(user) or not keepers.exists():
        raise PermissionDenied
    form = FundForm(request.POST or None, keepers=keepers)

    def save(d: dict[str, Any]) -> str:
        fund = ledger.open_fund(actor=user, keeper=d["keeper"], spec=_fund_spec(d))
        messages.success(request, _("The fund is open: record its first receipt."))
        return _fund_url(fund)

    return _page(
        request,
        form,
        save,
        title=_("Open a fund"),
        back=reverse("campaigns:funds"),
        submit=_("Open the fund"),
    )


def _fund_spec(d: dict[str, Any]) -> ledger.FundSpec:
    return ledger.FundSpec(
        name=d["name"],
        kind=d["kind"],
        opened_on=d["opened_on"],
        description=d["description"],
        bank_account=d["bank_account"],
        approval_threshold=d["approval_threshold"],
    )


@login_required
def fund_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    initial = {
        "name": fund.name,
        "kind": fund.kind,
        "opened_on": fund.opened_on,
        "approval_threshold": f"{fund.approval_threshold:,}".replace(",", "."),
        "bank_account": fund.bank_account,
        "description": fund.description,
    }
    form = FundForm(request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        ledger.update_fund(actor=user, fund=fund, spec=_fund_spec(d))
        messages.success(request, _("The fund's settings are saved."))
        return _fund_url(fund)

    return _page(request, form, save, title=_("Fund settings"), back=_fund_url(fund), fund=fund)


# ---- one fund ------------------------------------------------------------------------------


def _ledger_filters(
    request: HttpRequest, fund: Fund
) -> tuple[LedgerFilterForm, select.LedgerFilters, bool]:
    used = FundMonth.objects.filter(fund=fund, campaign__isnull=False).values("campaign_id")
    form = LedgerFilterForm(request.GET or None, campaigns=Campaign.objects.filter(pk__in=used))
    if not form.is_bound:
        return form, select.LedgerFilters(), True
    if not form.is_valid():
        return form, select.LedgerFilters(), False
    d = form.cleaned_data
    return (
        form,
        select.LedgerFilters(
            kind=d["kind"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            campaign=d["campaign"].pk if d["campaign"] else None,
            purpose=d["purpose"],
        ),
        True,
    )


@login_required
def fund_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk)
    form, filters, valid = _ledger_filters(request, fund)
    page, query = page_of(request, UncountedPaginator(select.entries(fund, filters), PAGE))
    select.with_reversed(page.object_list)
    for entry in page.object_list:
        entry.donor_shown = select.donor_label(entry)
    return render(
        request,
        "campaigns/funds/fund.html",
        {
            "fund": fund,
            "page": page,
            "query": query,
            "filters": form,
            "chart": select.month_chart(fund),
            "pending": select.pending_requests(fund),
            "incoming": select.incoming_transfers(fund),
            "outgoing": select.outgoing_transfers(fund),
            "board": select.board(fund),
            "can_keep": access.may_fund(user, fund, A.MANAGE),
            "can_approve": access.on_board(user, fund),
            "crumbs": _crumbs(),
        },
        status=200 if valid else 400,
    )


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        return HttpResponse(_("Unknown action."), status=400)
    ledger.publish_fund(actor=user, fund=fund, published=action == "publish")
    messages.success(
        request,
        _("The fund's disclosure is on the public page.")
        if action == "publish"
        else _("The fund's disclosure is no longer on the public page."),
    )
    return redirect(_fund_url(fund, "publication"))


# ---- money in and out ----------------------------------------------------------------------


def _open_campaigns(user: Any) -> QuerySet[Campaign]:
    return capped(access.campaigns_for(user).filter(status=CampaignStatus.OPEN), ("name", "pk"))


def _donor_bodies(fund: Fund) -> QuerySet[Organization]:
    if fund.province_id:
        return Organization.objects.filter(province_id=fund.province_id)
    return Organization.objects.filter(province__isnull=True)


@login_required
def receipt_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    form = ReceiptForm(
        request.POST or None,
        campaigns=_open_campaigns(user),
        donor_bodies=_donor_bodies(fund),
    )

    def save(d: dict[str, Any]) -> str:
        spec = ledger.ReceiptSpec(
            amount=d["amount"],
            entry_date=d["entry_date"],
            method=d["method"],
            donor_kind=d["donor_kind"],
            donor_name=d["donor_name"],
            donor_organization=d["donor_organization"],
            publish_name=d["publish_name"],
            receipt_number=d["receipt_number"],
            in_kind_items=d["in_kind_items"],
            campaign=d["campaign"],
            note=d["note"],
        )
        entry = ledger.record_receipt(
            actor=user, fund=fund, spec=spec, idempotency_key=d["idempotency_key"]
        )
        messages.success(request, _("Receipt recorded as entry no. %(seq)s.") % {"seq": entry.seq})
        return _fund_url(fund, "ledger")

    return _page(
        request,
        form,
        save,
        title=_("Record a receipt"),
        back=_fund_url(fund),
        fund=fund,
        submit=_("Record the receipt"),
    )


def _households(user: Any, fund: Fund) -> QuerySet[Household]:
    """The households of the fund's area the user sees on a list (ledger._in_territory)."""
    rows = access.households_for(user).filter(left_on__isnull=True)
    if fund.unit_id is not None:
        if fund.level == "province":
            rows = rows.filter(province_id=fund.province_id)
        else:
            rows = rows.filter(commune_id=fund.unit_id)
    return capped(rows, ("code", "pk"))


@login_required
def disbursement_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    form = DisbursementForm(
        request.POST or None,
        campaigns=_open_campaigns(user),
        households=_households(user, fund),
    )

    def save(d: dict[str, Any]) -> str:
        spec = ledger.DisbursementSpec(
            amount=d["amount"],
            purpose=d["purpose"],
            household=d["household"],
            beneficiary=d["beneficiary"],
            campaign=d["campaign"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            description=d["description"],
            paid_on=d["paid_on"],
        )
        done = ledger.request_disbursement(
            actor=user,
            fund=fund,
            spec=spec,
            confirm_repeat=d["confirm_repeat"],
            idempotency_key=d["idempotency_key"],
        )
        if done.state == RequestState.PAID:
            messages.success(request, _("The disbursement is paid and recorded in the ledger."))
            return _fund_url(fund, "ledger")
        messages.info(
            request,
            _("Above the fund's threshold: the request waits for the board's approval."),
        )
        return _fund_url(fund, "requests")

    return _page(
        request,
        form,
        save,
        title=_("Pay out of the fund"),
        back=_fund_url(fund),
        fund=fund,
        submit=_("Pay or ask the board"),
        disbursement=True,
    )


@login_required
def transfer_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    form = TransferForm(request.POST or None, targets=select.transfer_targets(user, fund))

    def save(d: dict[str, Any]) -> str:
        ledger.send_transfer(
            actor=user,
            from_fund=fund,
            to_fund=d["to_fund"],
            amount=d["amount"],
            sent_on=d["sent_on"],
            reference=d["reference"],
            note=d["note"],
            idempotency_key=d["idempotency_key"],
        )
        messages.success(request, _("The transfer is sent; the receiver reconciles it."))
        return _fund_url(fund, "ledger")

    return _page(
        request,
        form,
        save,
        title=_("Send money to another level's fund"),
        back=_fund_url(fund),
        fund=fund,
        submit=_("Send"),
    )


@login_required
def transfer_reconcile_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    transfer = access.get_transfer(user, pk, A.REPORT)
    form = ReconcileForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        ledger.reconcile_transfer(actor=user, transfer=transfer, receipt_number=d["receipt_number"])
        messages.success(request, _("The transfer is reconciled."))
        return _fund_url(transfer.to_fund_id, "transfers")

    return _page(
        request,
        form,
        save,
        title=_("Reconcile a transfer received"),
        back=_fund_url(transfer.to_fund),
        fund=transfer.to_fund,
        submit=_("The money arrived"),
        transfer=transfer,
    )


@login_required
def transfer_reverse_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    transfer = access.get_transfer(user, pk, A.MANAGE)
    form = ReasonForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        ledger.reverse_transfer(actor=user, transfer=transfer, reason=d["reason"])
        messages.success(request, _("The transfer is reversed on both sides."))
        return _fund_url(transfer.from_fund_id, "ledger")

    return _page(
        request,
        form,
        save,
        title=_("Reverse a transfer sent by mistake"),
        back=_fund_url(transfer.from_fund),
        fund=transfer.from_fund,
        submit=_("Reverse the transfer"),
        transfer=transfer,
    )


@login_required
def entry_reverse_view(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    original = get_object_or_404(fund.entries.select_related("fund__keeper"), pk=entry)
    form = ReasonForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        back = ledger.reverse_entry(actor=user, entry=original, reason=d["reason"])
        messages.success(
            request,
            _("Entry no. %(seq)s is reversed by entry no. %(new)s.")
            % {"seq": original.seq, "new": back.seq},
        )
        return _fund_url(fund, "ledger")

    return _page(
        request,
        form,
        save,
        title=_("Reverse entry no. %(seq)s") % {"seq": original.seq},
        back=_fund_url(fund, "ledger"),
        fund=fund,
        submit=_("Record the reversing entry"),
        entry=original,
    )


# ---- the board -----------------------------------------------------------------------------


@login_required
def approvals_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    return render(
        request,
        "campaigns/funds/approvals.html",
        {"queue": select.approvals(user), "crumbs": _crumbs()},
    )


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    user = staff(request)
    req = access.get_request(user, pk, A.APPROVE)
    form = DecisionForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        if approve:
            ledger.approve_disbursement(actor=user, request=req, note=d["note"])
            messages.success(request, _("Approved: the disbursement is paid."))
        else:
            ledger.reject_disbursement(actor=user, request=req, note=d["note"])
            messages.success(request, _("The request is rejected."))
        return reverse("campaigns:approvals")

    return _page(
        request,
        form,
        save,
        title=_("Approve a disbursement") if approve else _("Reject a disbursement"),
        back=reverse("campaigns:approvals"),
        fund=req.fund,
        submit=_("Approve and pay") if approve else _("Reject"),
        request_shown=req,
    )


@login_required
def request_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@login_required
def request_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@login_required
@require_POST
def request_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    req = access.get_request(user, pk, A.MANAGE)
    try:
        ledger.withdraw_request(actor=user, request=req)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_fund_url(req.fund_id, "requests"))
    messages.success(request, _("The request is withdrawn."))
    return redirect(_fund_url(req.fund_id, "requests"))


@login_required
def seat_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    form = SeatForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        member = User.objects.filter(username=d["username"].strip(), is_active=True).first()
        if member is None:
            raise ValidationError({"username": _("No active account has this user name.")})
        ledger.seat_board_member(
            actor=user, fund=fund, user=member, position=d["position"], starts_on=d["starts_on"]
        )
        messages.success(request, _("The member is seated on the board."))
        return _fund_url(fund, "board")

    return _page(
        request,
        form,
        save,
        title=_("Seat a board member"),
        back=_fund_url(fund, "board"),
        fund=fund,
        submit=_("Seat the member"),
    )


@login_required
def seat_end_view(request: HttpRequest, pk: int, seat: int) -> HttpResponse:
    user = staff(request)
    fund = access.get_fund(user, pk, A.MANAGE)
    held = get_object_or_404(BoardMember.objects.select_related("fund__keeper"), pk=seat, fund=fund)
    form = EndSeatForm(request.POST or None, initial={"ends_on": today()})

    def save(d: dict[str, Any]) -> str:
        ledger.end_board_seat(actor=user, seat=held, ends_on=d["ends_on"])
        messages.success(request, _("The seat is ended."))
        return _fund_url(fund, "board")

    return _page(
        request,
        form,
        save,
        title=_("End a seat on the board"),
        back=_fund_url(fund, "board"),
        fund=fund,
        submit=_("End the seat"),
        seat=held,
    )


# ---- exports -------------------------------------------------------------------------------


@login_required
def export_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    user = staff(request)
    fund = access.get_fund(user, pk)
    form, filters, valid = _ledger_filters(request, fund)
    if not valid:
        return HttpResponse(" ".join(str(e) for es in form.errors.values() for e in es), status=400)
    if fmt == "csv":
        return exports.csv_response(fund, filters)
    if fmt == "xlsx":
        return exports.xlsx_response(fund, filters)
    raise Http404
