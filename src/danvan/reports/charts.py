"""One indicator of a consolidated table drawn three ways: across the reporting bodies (a
bar each, a link to that body's report), over the periods (the consolidated value of each of
the last twelve periods of the same kind) and on the map (a circle per province or commune)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib import maps
from danvan.lib.charts import Chart, Series
from danvan.lib.numbers import format_vn_number
from danvan.org.models import AdminUnit

from .consolidation import COUNTED, Row, Table, consolidate
from .models import FigureValue, Indicator, ReportingPeriod, ValueType

PERIODS = 12
BARS = 15


def chosen_row(table: Table, code: str) -> Row | None:
    """The row asked for by its code, else the first counted figure."""
    rows = table.rows
    return next((r for r in rows if r.indicator.code == code), None) or next(
        (r for r in rows if r.indicator.value_type != ValueType.YES_NO), rows[0] if rows else None
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _short(name: str, most: int = 24) -> str:
    """A bar's label fits beside the bar on a phone; the consolidated table has it whole."""
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def _labels(names: list[str]) -> list[str]:
    """Bars' labels without the words every name starts with ("Ủy ban nhân dân phường
    Giảng Võ" → "phường Giảng Võ"), shortened to fit beside the bar on a phone."""
    words = [name.split() for name in names]
    common = 0
    while (
        len(names) > 1
        and all(len(w) > common + 1 for w in words)
        and len({w[common] for w in words}) == 1
    ):
        common += 1
    return [_short(" ".join(w[common:])) for w in words]


def _caption(table: Table) -> str:
    return _("%(body)s, %(period)s") % {"body": table.receiver.name, "period": table.period.title}


def across(table: Table, row: Row) -> Chart:
    """The counted children, the highest first; beyond `BARS` of them only the highest are
    drawn (a province has a hundred communes: the table above has them all). A body that
    has not reported is left out, not drawn as a zero."""
    bars = sorted(
        (
            (cell, child)
            for child, cell in zip(table.children, row.cells, strict=True)
            if child.counted and child.report is not None
        ),
        key=lambda pair: -(pair[0] if pair[0] is not None else Decimal("-Infinity")),
    )
    notes = [_caption(table)]
    if len(bars) > BARS:
        notes.append(_("the %(n)s highest of %(total)s") % {"n": BARS, "total": len(bars)})
    if table.missing:
        notes.append(_("%(n)s not counted yet") % {"n": len(table.missing)})
    shown = bars[:BARS]
    return Chart(
        key="across",
        kind="hbar",
        title=_("%(indicator)s by reporting body") % {"indicator": row.indicator.label},
        caption=" · ".join(notes),
        labels=_labels([c.organization.short_name or c.organization.name for _v, c in shown]),
        series=[
            Series(str(row.indicator.unit or row.indicator.label), [_float(v) for v, _c in shown])
        ],
        links=[reverse("reports:detail", args=[c.report.pk]) for _v, c in shown],  # type: ignore[union-attr]
        percent=row.indicator.value_type == ValueType.PERCENT,
        tall=len(shown) > 8,
    )


def _terms(indicator: Indicator) -> set[str]:
    codes = {indicator.code}
    for other in (indicator.weight, indicator.numerator, indicator.denominator):
        if other is not None:
            codes.add(other.code)
    return codes


def over_periods(table: Table, row: Row) -> Chart:
    """The consolidated value over the last periods of the table's kind, from the children's
    figures of the indicator and the ones its rule reads: one query for all periods."""
    indicator = row.indicator
    periods = list(
        ReportingPeriod.objects.filter(
            kind=table.period.kind,
            ends_on__lte=table.period.ends_on,
            reports__receiver=table.receiver,
            reports__template=table.template,
        )
        .distinct()
        .order_by("-ends_on")[:PERIODS]
    )[::-1]
    per_report: dict[int, dict[int, dict[str, Decimal | None]]] = defaultdict(dict)
    submitted: dict[int, dict[int, float]] = defaultdict(dict)
    # The indicators of every version of the template with the codes the rule reads: the
    # figures are then found by their indicator's id (indexed), not joined by code.
    codes = dict(
        Indicator.objects.filter(
            version__template=table.template, code__in=_terms(indicator)
        ).values_list("pk", "code")
    )
    for period_id, report_id, at, indicator_id, value in FigureValue.objects.filter(
        report__receiver=table.receiver,
        report__template=table.template,
        report__period__in=periods,
        report__state__in=COUNTED,
        indicator_id__in=list(codes),
    ).values_list(
        "report__period_id", "report_id", "report__submitted_at", "indicator_id", "value"
    ):
        per_report[period_id].setdefault(report_id, {})[codes[indicator_id]] = value
        submitted[period_id][report_id] = at.timestamp() if at else 0.0
    values = []
    for period in periods:
        reports = per_report.get(period.pk, {})
        order = [submitted[period.pk][r] for r in reports]
        values.append(_float(consolidate(indicator, list(reports.values()), order)))
    return Chart(
        key="over-periods",
        kind="line",
        title=_("%(indicator)s over the periods") % {"indicator": indicator.label},
        caption=table.receiver.name,
        labels=[p.title for p in periods],
        series=[Series(_("Consolidated"), values)],
        links=[
            reverse("reports:consolidated", args=[table.receiver.pk, table.template.pk, p.pk])
            + f"?indicator={indicator.code}"
            for p in periods
        ],
        percent=indicator.value_type == ValueType.PERCENT,
    )


def on_map(table: Table, row: Row) -> tuple[maps.Drawing | None, str]:
    """A circle per reporting body's province or commune, its area by the figure."""
    by_place: dict[int, tuple[Decimal, int]] = {}
    for child, cell in zip(table.children, row.cells, strict=True):
        org = child.organization
        place = org.current_unit_id or org.unit_id or org.province_id
        if cell is not None and cell > 0 and place and child.report is not None:
            by_place[place] = (cell, child.report.pk)
    places = AdminUnit.objects.filter(pk__in=by_place).only("name", "latitude", "longitude")
    points = [
        (p, maps.project(p.latitude, p.longitude))
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    title = _("%(indicator)s on the map: %(body)s") % {
        "indicator": row.indicator.label,
        "body": table.receiver.name,
    }
    if not points:
        return None, title
    # Close in on a province's communes only when there are enough of them to tell apart: a
    # single circle on a zoomed-in patch of land says nothing about where it is.
    national = table.receiver.level == "central" or len(points) < 3
    view_box, scale = maps.view_of([] if national else [pt for _p, pt in points])
    largest = max(float(v) for v, _pk in by_place.values())

    def size(value: Decimal) -> str:
        return f"{maps.radius(float(value), largest, smallest=3 * scale, biggest=14 * scale):g}"

    dots = [
        maps.Dot(
            x=f"{pt.x:g}",
            y=f"{pt.y:g}",
            r=size(by_place[p.pk][0]),
            name=p.name,
            count=int(by_place[p.pk][0]),
            href=reverse("reports:detail", args=[by_place[p.pk][1]]),
            label=f"{p.name}: {format_vn_number(by_place[p.pk][0])} {row.indicator.unit}".strip(),
        )
        for p, pt in sorted(points, key=lambda x: -by_place[x[0].pk][0])
    ]
    return maps.drawing(dots, view_box=view_box), title
