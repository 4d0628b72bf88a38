"""Reading campaigns: the filtered list, the figures over it and the roll-up of targets against
what was achieved.

The roll-up of a participating body counts what the body and every body under it achieved
(the subtree of `org.selectors.organization_subtree`: children through `parent`, former bodies
through `current`): the results they reported here, and the receipts tagged with the campaign
in the funds they keep (money: cash and transfers; goods: in kind). Instead of one subtree
walk per body, every body involved walks *up* once, a level per query, and each source of a
result or a receipt is counted for each participating body among its ancestors. However many
campaigns and bodies are rolled up together, the queries stay a handful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from danvan.lib.text import fold
from danvan.org.models import AdminUnit, Organization

from .. import access
from ..models import (
    LEDGER_MEASURES,
    MEASURE_UNITS,
    Campaign,
    CampaignBody,
    CampaignStatus,
    EntryKind,
    FundMonth,
    LedgerEntry,
    Measure,
    Method,
    Result,
    Target,
)

HUNDRED = Decimal(100)
# The measures in the order every table shows them.
MEASURES: tuple[str, ...] = tuple(Measure.values)
REPORTED_MEASURES: tuple[str, ...] = tuple(m for m in MEASURES if m not in LEDGER_MEASURES)


def unit_of(measure: str) -> Any:
    """The measure's unit (lazy text): đồng, m², km, …"""
    return MEASURE_UNITS[Measure(measure)]


# How far up the tree a walk goes before it gives up on a loop in the links.
MAX_LEVELS = 12


# ---- the list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    province: AdminUnit | None = None
    year: int | None = None


def campaigns(user: Any, filters: CampaignFilters | None = None) -> QuerySet[Campaign]:
    """The campaigns the user reads, filtered; newest first."""
    f = filters or CampaignFilters()
    rows = access.campaigns_for(user)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.province is not None:
        rows = rows.filter(province=f.province)
    if f.year is not None:
        # Under way at some time in the year: started by its end, not ended before it began.
        rows = rows.filter(starts_on__year__lte=f.year).filter(
            Q(ends_on__isnull=True) | Q(ends_on__year__gte=f.year)
        )
    if folded := fold(f.q):
        for word in folded.split()[:8]:
            rows = rows.filter(search_text__contains=word)
    return rows.select_related("organizer").order_by("-starts_on", "-pk")


def years(user: Any) -> list[int]:
    """The years the user's campaigns started in, newest first (the year filter's choices)."""
    found = (
        access.campaigns_for(user)
        .annotate(y=ExtractYear("starts_on"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return [y for y in found if y is not None]


def provinces(user: Any) -> QuerySet[AdminUnit]:
    ids = access.campaigns_for(user).exclude(province=None).values("province_id")
    return AdminUnit.objects.filter(pk__in=ids).order_by("name")


@dataclass(frozen=True)
class ListFigures:
    open: int
    draft: int
    closed: int
    published: int


def list_figures(user: Any) -> ListFigures:
    """How many of the user's campaigns are under way, drafts, closed, published: one query."""
    row = access.campaigns_for(user).aggregate(
        open=Count("pk", filter=Q(status=CampaignStatus.OPEN)),
        draft=Count("pk", filter=Q(status=CampaignStatus.DRAFT)),
        closed=Count("pk", filter=Q(status=CampaignStatus.CLOSED)),
        published=Count("pk", filter=Q(published_at__isnull=False)),
    )
    return ListFigures(**{k: int(v or 0) for k, v in row.items()})


# ---- the roll-up --------------------------------------------------------------------------


@dataclass
class Cell:
    """One measure of one body: its target and what its subtree achieved."""

    measure: str
    target: Decimal | None = None
    reported: Decimal = Decimal(0)  # results reported here
    ledger: Decimal = Decimal(0)  # receipts in the funds' ledgers

    @property
    def achieved(self) -> Decimal:
        return self.reported + self.ledger

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.achieved * HUNDRED / self.target).quantize(Decimal("0.1"))

    @property
    def bar(self) -> int:
        """The progress bar's fill, 0–100."""
        p = self.percent
        return 0 if p is None else int(min(max(p, Decimal(0)), HUNDRED))

    @property
    def label(self) -> str:
        return str(Measure(self.measure).label)


@dataclass
class BodyRow:
    organization: Organization
    depth: int  # 0 for the bodies under no other participating body
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, measure: str) -> Cell:
        return self.cells.setdefault(measure, Cell(measure))

    @property
    def indent(self) -> str:
        """The body's depth shown before its name (the tables' and the chart's tree)."""
        return "↳ " * self.depth

    @property
    def ordered(self) -> list[Cell]:
        return [self.cell(m) for m in MEASURES]

    @property
    def targeted(self) -> list[Cell]:
        return [c for c in self.ordered if c.target]

    @property
    def average_percent(self) -> Decimal | None:
        """The share of the targets met, averaged over the measures with a target; each
        measure counts at most 100 %, so one overshoot cannot hide a target missed."""
        parts = [min(c.percent, HUNDRED) for c in self.targeted if c.percent is not None]
        if not parts:
            return None
        return (sum(parts, Decimal(0)) / len(parts)).quantize(Decimal("0.1"))

    @property
    def bar(self) -> int:
        p = self.average_percent
        return 0 if p is None else int(max(p, Decimal(0)))


@dataclass
class Rollup:
    campaign: Campaign
    rows: list[BodyRow]  # depth-first: each body, then the participating bodies under it
    total: BodyRow  # the whole campaign: every result and receipt, the top bodies' targets

    def row_of(self, organization_id: int) -> BodyRow | None:
        return next((r for r in self.rows if r.organization.pk == organization_id), None)

    @property
    def measures(self) -> list[str]:
        """The measures with a target or a result somewhere: the table's columns."""
        used = {
            m
            for r in [*self.rows, self.total]
            for m, c in r.cells.items()
            if c.target or c.achieved
        }
        return [m for m in MEASURES if m in used]


def _ancestors(ids: Iterable[int]) -> dict[int, set[int]]:
    """Every body above each of `ids` (parents and the bodies former ones roll up to), one
    query per level of the tree."""
    up: dict[int, tuple[int | None, int | None]] = {}
    frontier = set(ids)
    for _level in range(MAX_LEVELS):
        frontier -= set(up)
        if not frontier:
            break
        for pk, parent_id, current_id in Organization.objects.filter(pk__in=frontier).values_list(
            "pk", "parent_id", "current_id"
        ):
            up[pk] = (parent_id, current_id)
        frontier = {x for pair in (up[p] for p in frontier if p in up) for x in pair if x}
    found: dict[int, set[int]] = {}

    def above(pk: int, seen: frozenset[int] = frozenset()) -> set[int]:
        if pk in found:
            return found[pk]
        result: set[int] = set()
        for nxt in up.get(pk, (None, None)):
            if nxt is not None and nxt not in seen and nxt != pk:
                result |= {nxt} | above(nxt, seen | {pk})
        found[pk] = result
        return result

    return {pk: above(pk) for pk in set(ids)}


def _ledger_sums(campaign_ids: Sequence[int]) -> dict[tuple[int, int, str], Decimal]:
    """(campaign, keeper, measure) -> receipts tagged with the campaign: the month sums for
    all receipts (reversals count in their original's flow), less the goods in kind read from
    the entries (a reversal has no form of its own: its original's is read)."""
    sums: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)
    months = (
        FundMonth.objects.filter(campaign_id__in=campaign_ids, flow=EntryKind.RECEIPT)
        .values("campaign_id", "fund__keeper_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in months:
        sums[(row["campaign_id"], row["fund__keeper_id"], Measure.MONEY)] += Decimal(
            row["total"] or 0
        )
    goods = (
        LedgerEntry.objects.filter(campaign_id__in=campaign_ids, flow=EntryKind.RECEIPT)
        .filter(Q(method=Method.IN_KIND) | Q(reverses__method=Method.IN_KIND))
        .values("campaign_id", "fund__keeper_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in goods:
        value = Decimal(row["total"] or 0)
        key = (row["campaign_id"], row["fund__keeper_id"])
        sums[(*key, Measure.IN_KIND)] += value
        sums[(*key, Measure.MONEY)] -= value
    return sums


def rollups(items: Sequence[Campaign]) -> dict[int, Rollup]:
    """The roll-ups of several campaigns at once (a list page): a constant number of queries."""
    ids = [c.pk for c in items]
    if not ids:
        return {}
    bodies: dict[int, list[Organization]] = defaultdict(list)
    for b in (
        CampaignBody.objects.filter(campaign_id__in=ids)
        .select_related("organization")
        .order_by("organization__name", "pk")
    ):
        bodies[b.campaign_id].append(b.organization)
    targets = Target.objects.filter(campaign_id__in=ids).values_list(
        "campaign_id", "organization_id", "measure", "quantity"
    )
    reported = list(
        Result.objects.filter(campaign_id__in=ids)
        .values("campaign_id", "organization_id", "measure")
        .annotate(total=Sum("quantity"))
        .order_by()
        .values_list("campaign_id", "organization_id", "measure", "total")
    )
    ledger = _ledger_sums(ids)
    sources: set[int] = {o.pk for orgs in bodies.values() for o in orgs}
    sources |= {org for _c, org, _m, _t in reported}
    sources |= {keeper for _c, keeper, _m in ledger}
    above = _ancestors(sources)

    made: dict[int, Rollup] = {}
    for campaign in items:
        made[campaign.pk] = _build(campaign, bodies.get(campaign.pk, []), above)
    for cid, org, measure, quantity in targets:
        if (row := made[cid].row_of(org)) is not None:
            row.cell(measure).target = quantity
    for cid, org, measure, total in reported:
        _credit(made[cid], org, measure, "reported", total or Decimal(0), above)
    for (cid, keeper, measure), total in ledger.items():
        if cid in made:
            _credit(made[cid], keeper, measure, "ledger", total, above)
    for rollup in made.values():
        for row in rollup.rows:
            if row.depth == 0:
                for m, c in row.cells.items():
                    if c.target is not None:
                        t = rollup.total.cell(m)
                        t.target = (t.target or Decimal(0)) + c.target
    return made


def _build(campaign: Campaign, orgs: list[Organization], above: dict[int, set[int]]) -> Rollup:
    taking_part = {o.pk for o in orgs}
    # A body's place in the tree: under its nearest participating ancestor.
    parent_of: dict[int, int | None] = {}
    for o in orgs:
        mine = above.get(o.pk, set()) & taking_part
        # The nearest is the one with the most participating ancestors of its own.
        parent_of[o.pk] = max(
            mine, key=lambda p: (len(above.get(p, set()) & taking_part), -p), default=None
        )
    children: dict[int | None, list[Organization]] = defaultdict(list)
    for o in orgs:
        children[parent_of[o.pk]].append(o)
    rows: list[BodyRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for o in children.get(parent, []):
            rows.append(BodyRow(o, depth))
            walk(o.pk, depth + 1)

    walk(None, 0)
    total = BodyRow(campaign.organizer, -1)
    return Rollup(campaign=campaign, rows=rows, total=total)


def _credit(
    rollup: Rollup,
    source: int,
    measure: str,
    part: str,
    value: Decimal,
    above: dict[int, set[int]],
) -> None:
    """Count a source's sum for every participating body whose subtree holds it, and for the
    whole campaign."""
    reach = above.get(source, set()) | {source}
    for row in rollup.rows:
        if row.organization.pk in reach:
            cell = row.cell(measure)
            setattr(cell, part, getattr(cell, part) + value)
    cell = rollup.total.cell(measure)
    setattr(cell, part, getattr(cell, part) + value)


def rollup(campaign: Campaign) -> Rollup:
    return rollups([campaign])[campaign.pk]


# ---- the detail page ----------------------------------------------------------------------


def results_log(campaign: Campaign, limit: int = 200) -> list[Result]:
    """The latest results, each with its body, reporter and correction (no query per row)."""
    return list(
        Result.objects.filter(campaign=campaign)
        .select_related("organization", "reported_by", "correction", "corrects")
        .order_by("-reported_at", "-pk")[:limit]
    )


def reporting_bodies(user: Any, campaign: Campaign) -> list[Organization]:
    """The bodies the user may report this campaign's results for."""
    if not access.may_campaign(user, campaign, access.Action.REPORT):
        return []
    orgs = [b.organization for b in access.participating_bodies(campaign)]
    if campaign.organizer_id not in {o.pk for o in orgs}:
        orgs.insert(0, campaign.organizer)
    if access.keeps(user, campaign.organizer):
        return orgs
    return [o for o in orgs if access.keeps(user, o)]


def participating(campaign: Campaign) -> list[Organization]:
    return [b.organization for b in access.participating_bodies(campaign)]
