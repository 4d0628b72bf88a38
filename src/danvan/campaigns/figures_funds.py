"""The funds figures reports are filled with (lib.figures registry, group "funds").

Whose money: the funds kept by a body or a body under it (`org.selectors.organization_subtree`
→ Fund.keeper), over the window by the entries' dates. Every figure counts the ledger's flows
(`LedgerEntry.flow`: a reversing entry counts, negative, in its original's flow), so a
corrected receipt nets out. Transfers between levels are not receipts: the money was counted
when the first fund received it, and counting it again at the next level would double it.

A window of whole months is read from `FundMonth` (kept with each entry); any other window
(the reporting periods of NĐ 09/2019 run from the 15th) from the entries, on their
(fund, entry_date) index. The split by form (cash or in kind) and the households helped are
not in the months: always from the entries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.org.selectors import organization_subtree

from .models import EntryKind, Fund, FundMonth, LedgerEntry, Method, Purpose

GROUP = "funds"
RECEIVED = f"{GROUP}.received"
RECEIVED_CASH = f"{GROUP}.received_cash"
RECEIVED_IN_KIND = f"{GROUP}.received_in_kind"
DISBURSED = f"{GROUP}.disbursed"
HOUSEHOLDS = f"{GROUP}.households_helped"
MONEY = "money"  # reports.ValueType.MONEY: whole đồng
COUNT = "count"
CASH_METHODS = (Method.CASH, Method.TRANSFER)


def _purpose_key(purpose: str) -> str:
    return f"{DISBURSED}.{purpose}"


def known_keys() -> set[str]:
    return {
        RECEIVED,
        RECEIVED_CASH,
        RECEIVED_IN_KIND,
        DISBURSED,
        HOUSEHOLDS,
        *(_purpose_key(p) for p in Purpose.values),
    }


def _sources() -> list[figures.Source]:
    dong = _("đồng")
    made = [
        figures.Source(
            RECEIVED,
            _("Money and goods received by the funds"),
            MONEY,
            dong,
            _(
                "Receipts of the funds kept by the body and the bodies under it, dated in the "
                "period, goods at their valuation, corrections deducted; transfers between "
                "levels are not counted."
            ),
        ),
        figures.Source(RECEIVED_CASH, _("Received in cash or by bank transfer"), MONEY, dong),
        figures.Source(RECEIVED_IN_KIND, _("Received in kind (valued)"), MONEY, dong),
        figures.Source(
            DISBURSED,
            _("Disbursed by the funds"),
            MONEY,
            dong,
            _("Disbursements dated in the period, reversed ones deducted."),
        ),
        *(
            figures.Source(
                _purpose_key(p.value),
                _("Disbursed: %(purpose)s") % {"purpose": p.label},
                MONEY,
                dong,
            )
            for p in Purpose
        ),
        figures.Source(
            HOUSEHOLDS,
            _("Households helped by the funds"),
            COUNT,
            _("households"),
            _("Households on a list that received a disbursement in the period (not reversed)."),
        ),
    ]
    return made


def whole_months(window: figures.Window) -> bool:
    return window.starts_on.day == 1 and (window.ends_on + dt.timedelta(days=1)).day == 1


def _funds(organization_id: int) -> QuerySet[Fund]:
    return Fund.objects.filter(keeper_id__in=organization_subtree(organization_id))


def _flow_sums(
    rows: QuerySet[FundMonth] | QuerySet[LedgerEntry], keys: set[str]
) -> dict[str, Decimal]:
    """received, disbursed and disbursed.<purpose> from rows with flow, purpose, amount."""
    aggregates: dict[str, Sum] = {}
    if RECEIVED in keys:
        aggregates["received"] = Sum("amount", filter=Q(flow=EntryKind.RECEIPT))
    if DISBURSED in keys:
        aggregates["disbursed"] = Sum("amount", filter=Q(flow=EntryKind.DISBURSEMENT))
    for p in Purpose.values:
        if _purpose_key(p) in keys:
            aggregates[f"p_{p}"] = Sum("amount", filter=Q(flow=EntryKind.DISBURSEMENT, purpose=p))
    if not aggregates:
        return {}
    row = rows.order_by().aggregate(**aggregates)
    out: dict[str, Decimal] = {}
    for alias, value in row.items():
        amount = Decimal(value or 0)
        if alias == "received":
            out[RECEIVED] = amount
        elif alias == "disbursed":
            out[DISBURSED] = -amount
        else:
            out[_purpose_key(alias[2:])] = -amount
    return out


def _entries(organization_id: int, window: figures.Window) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(
        fund_id__in=_funds(organization_id).values("pk"),
        entry_date__gte=window.starts_on,
        entry_date__lte=window.ends_on,
    )


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    keys = keys & known_keys()
    if not keys:
        return {}
    values: dict[str, Decimal] = {}
    entries = _entries(organization_id, window)
    if whole_months(window):
        months = FundMonth.objects.filter(
            fund_id__in=_funds(organization_id).values("pk"),
            month__gte=window.starts_on,
            month__lte=window.ends_on,
        )
        values.update(_flow_sums(months, keys))
    else:
        values.update(_flow_sums(entries, keys))
    if keys & {RECEIVED_CASH, RECEIVED_IN_KIND}:
        # A reversing entry does not carry the form: it is its original's.
        cash = Q(method__in=CASH_METHODS) | Q(
            kind=EntryKind.REVERSAL, reverses__method__in=CASH_METHODS
        )
        in_kind = Q(method=Method.IN_KIND) | Q(
            kind=EntryKind.REVERSAL, reverses__method=Method.IN_KIND
        )
        row = (
            entries.filter(flow=EntryKind.RECEIPT)
            .order_by()
            .aggregate(
                cash=Sum("amount", filter=cash),
                in_kind=Sum("amount", filter=in_kind),
            )
        )
        values[RECEIVED_CASH] = Decimal(row["cash"] or 0)
        values[RECEIVED_IN_KIND] = Decimal(row["in_kind"] or 0)
    if HOUSEHOLDS in keys:
        helped = (
            entries.filter(
                kind=EntryKind.DISBURSEMENT,
                household__isnull=False,
                reversed_by__isnull=True,
            )
            .order_by()
            .aggregate(n=Count("household", distinct=True))
        )
        values[HOUSEHOLDS] = Decimal(helped["n"] or 0)
    return {k: v for k, v in values.items() if k in keys}


def _known(key: str, window: figures.Window) -> object | None:
    return key if key in known_keys() else None


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Welfare funds"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("campaigns:funds", _known),
        )
    )


register()
