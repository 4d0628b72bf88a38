"""The campaigns figures reports are filled with (lib.figures registry).

Whose figures: what a body and every body under it achieved (`org.selectors.
organization_subtree`, as the campaigns' roll-up counts): the results they reported for any
campaign, counted on the day achieved, and — for money and goods in kind — the receipts
tagged with a campaign in the funds they keep, counted on the entry's date (a reversal in its
original's form, on its own date). Corrections and reversals are counted on their own dates,
so a figure of a closed period does not change afterwards.

The records behind a figure: the campaigns list filtered the same way (`?org=&figure=…`,
views_campaigns), the campaigns that hold what was counted.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.org.selectors import organization_subtree

from .models import (
    LEDGER_MEASURES,
    MEASURE_UNITS,
    Campaign,
    EntryKind,
    LedgerEntry,
    Measure,
    Method,
    Result,
)

GROUP = "campaigns"
# The key's last part is the measure's value: campaigns.land, campaigns.money, …
VALUE_TYPES = {
    Measure.MONEY: "money",
    Measure.IN_KIND: "money",
    Measure.LAND: "area",
    Measure.LABOUR: "decimal",
    Measure.HOUSEHOLDS: "count",
    Measure.ROAD: "decimal",
    Measure.HOUSES: "count",
}
MONEY_METHODS = (Method.CASH, Method.TRANSFER)


def measure_of(key: str) -> str | None:
    parts = key.split(".")
    if len(parts) == 2 and parts[0] == GROUP and parts[1] in Measure.values:
        return parts[1]
    return None


def _entries_in(window: figures.Window) -> Q:
    return Q(
        entry_date__gte=window.starts_on,
        entry_date__lte=window.ends_on,
        campaign__isnull=False,
        flow=EntryKind.RECEIPT,
    )


def _method_q(measure: str) -> Q:
    methods = MONEY_METHODS if measure == Measure.MONEY else (Method.IN_KIND,)
    return Q(method__in=methods) | Q(reverses__method__in=methods)


def _results_in(window: figures.Window) -> Q:
    return Q(achieved_on__gte=window.starts_on, achieved_on__lte=window.ends_on)


def _sources() -> list[figures.Source]:
    made = []
    for measure in Measure:
        if measure in LEDGER_MEASURES:
            definition = _(
                "Receipts marked with a campaign in the funds kept by the body or the bodies "
                "under it, dated in the period (reversals deducted)."
            )
        else:
            definition = _(
                "Results of every campaign reported by the body or the bodies under it, "
                "achieved in the period (corrections deducted)."
            )
        made.append(
            figures.Source(
                f"{GROUP}.{measure.value}",
                measure.label,
                VALUE_TYPES[measure],
                MEASURE_UNITS[measure],
                definition,
            )
        )
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    wanted = {m: k for k in keys if (m := measure_of(k)) is not None}
    if not wanted:
        return {}
    ids = organization_subtree(organization_id)
    values: dict[str, Decimal] = {k: Decimal(0) for k in wanted.values()}
    reported = [m for m in wanted if m not in LEDGER_MEASURES]
    if reported:
        rows = (
            Result.objects.filter(
                _results_in(window), organization_id__in=ids, measure__in=reported
            )
            .values("measure")
            .annotate(total=Sum("quantity"))
            .order_by()
        )
        for row in rows:
            values[wanted[row["measure"]]] = Decimal(row["total"] or 0)
    ledger = [m for m in wanted if m in LEDGER_MEASURES]
    if ledger:
        sums = LedgerEntry.objects.filter(_entries_in(window), fund__keeper_id__in=ids).aggregate(
            **{m: Sum("amount", filter=_method_q(m)) for m in ledger}
        )
        for m in ledger:
            values[wanted[m]] = Decimal(sums[m] or 0)
    return values


def campaigns_behind(key: str, organization_id: int, window: figures.Window) -> QuerySet[Campaign]:
    """The campaigns holding what a figure counted (the list's `?figure=` filter)."""
    measure = measure_of(key)
    if measure is None:
        return Campaign.objects.none()
    ids = organization_subtree(organization_id)
    if measure in LEDGER_MEASURES:
        entries = LedgerEntry.objects.filter(
            _entries_in(window), _method_q(measure), fund__keeper_id__in=ids
        )
        return Campaign.objects.filter(pk__in=entries.values("campaign_id"))
    results = Result.objects.filter(_results_in(window), organization_id__in=ids, measure=measure)
    return Campaign.objects.filter(pk__in=results.values("campaign_id"))


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Campaigns"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("campaigns:campaigns", lambda k, _w: measure_of(k)),
        )
    )


# Registered when the app is ready (apps.ready imports this module).
register()
