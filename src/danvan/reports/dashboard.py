"""The leader's dashboard tiles for periodic reports: the body's own reports to send and
those past due; for the reports it receives, who is missing or late for the last period that
has been cut off; and its key indicators of that period against the one before — each tile a
link to the list, the board or the consolidated table behind it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment
from danvan.lib.numbers import format_vn_number
from danvan.lib.tiles import Tile

from .board import Status, board
from .consolidation import table
from .models import Report, ReportingPeriod, ValueType
from .selectors import TO_DO, own_reports, received

KEY_INDICATORS = 3
RECEIVED_BOARDS = 3


def _change(now: Decimal | None, before: Decimal | None, label: str) -> str:
    if now is None or before is None or before == 0:
        return ""
    pct = round((now - before) * 100 / before)
    sign = "+" if pct > 0 else ""
    return _("%(sign)s%(pct)s%% against %(label)s") % {
        "sign": sign,
        "pct": format_vn_number(pct),
        "label": label,
    }


def _cut_offs(pairs: list[Any], day: dt.date) -> dict[tuple[int, int], list[ReportingPeriod]]:
    """For each (receiver, template) pair, the last two periods of one kind that ended before
    `day`, the latest first: two queries for all the pairs."""
    found = (
        Report.objects.filter(
            receiver_id__in={p.receiver.pk for p in pairs},
            template_id__in={p.template.pk for p in pairs},
            period__ends_on__lt=day,
        )
        .order_by()
        .values_list("receiver_id", "template_id", "period_id")
        .distinct()
    )
    by_pair: dict[tuple[int, int], set[int]] = {}
    for receiver_id, template_id, period_id in found:
        by_pair.setdefault((receiver_id, template_id), set()).add(period_id)
    periods = ReportingPeriod.objects.in_bulk({pk for ids in by_pair.values() for pk in ids})
    out: dict[tuple[int, int], list[ReportingPeriod]] = {}
    for key, ids in by_pair.items():
        ordered = sorted((periods[pk] for pk in ids), key=lambda p: p.ends_on, reverse=True)
        out[key] = [p for p in ordered if p.kind == ordered[0].kind][:2]
    return out


def leader_tiles(user: Any, day: dt.date) -> list[Tile]:
    if not user.has_perm("reports.view_report"):
        return []
    tiles: list[Tile] = []
    own = own_reports(user).filter(state__in=TO_DO)
    due = own.filter(due_on__gte=day).count()
    late = own.filter(due_on__lt=day).count()
    tiles.append(
        Tile(format_vn_number(due), _("Reports to send, not yet due"), reverse("reports:list"))
    )
    if late:
        tiles.append(
            Tile(
                format_vn_number(late),
                _("Own reports past due"),
                reverse("reports:list"),
                tone="alert",
            )
        )
    missing = late_in = 0
    board_url = ""
    key: list[Tile] = []
    # The user's own bodies first (a subtree grant also covers the bodies around them).
    own_bodies = set(
        Assignment.objects.current().filter(user=user).values_list("organization_id", flat=True)
    )
    pairs = sorted(received(user), key=lambda p: p.receiver.pk not in own_bodies)
    cut_off = _cut_offs(pairs, day)
    boards = 0
    for pair in pairs:
        if boards == RECEIVED_BOARDS:
            break
        periods = cut_off.get((pair.receiver.pk, pair.template.pk), [])
        if not periods:
            continue
        boards += 1
        last = periods[0]
        args = [pair.receiver.pk, pair.template.pk, last.pk]
        found = board(pair.receiver, pair.template, last, day)
        counts = {status: n for status, _label, n in found.counts()}
        missing += counts.get(Status.MISSING, 0)
        late_in += found.sent_late
        board_url = board_url or reverse("reports:board", args=args)
        if key:
            continue
        now = table(pair.receiver, pair.template, last)
        before = table(pair.receiver, pair.template, periods[1]) if len(periods) > 1 else None
        previous = {r.indicator.code: r.total for r in before.rows} if before else {}
        chosen = [
            r
            for r in now.rows
            if r.indicator.depth == 0 and r.indicator.value_type != ValueType.YES_NO
        ][:KEY_INDICATORS]
        for row in chosen:
            key.append(
                Tile(
                    format_vn_number(row.total) if row.total is not None else "—",
                    f"{row.indicator.label} ({last.title})",
                    reverse("reports:consolidated", args=args) + f"?indicator={row.indicator.code}",
                    change=_change(row.total, previous.get(row.indicator.code), periods[1].title)
                    if len(periods) > 1
                    else "",
                )
            )
    if board_url:
        tiles.append(
            Tile(
                format_vn_number(missing),
                _("Reports missing from the bodies below"),
                board_url,
                tone="alert" if missing else "good",
            )
        )
        tiles.append(
            Tile(
                format_vn_number(late_in),
                _("Reports received late"),
                board_url,
                tone="warn" if late_in else "",
            )
        )
    return tiles + key
