"""The satisfaction index pages: the index for what the user covers (by province for the
nation, by body below), with its criteria, confidence intervals and citizens' ratings of
their matters beside it; its .xlsx; and the officers' own figures, for their leaders only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danvan.lib import charts
from danvan.lib.dates import format_vn_date, today
from danvan.lib.numbers import format_vn_number
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE, Column, Kind, xlsx_file
from danvan.org.models import AdminUnit

from . import access
from .forms import IndexFilter
from .pages import staff
from .satisfaction import min_responses
from .selectors.index import IndexTable, Period, index_table
from .selectors.officers import note, officers_of

FIRST_YEAR = 2024


def _chosen(request: HttpRequest, user: Any) -> tuple[IndexFilter, Period, AdminUnit | None]:
    now = Period.current()
    years = list(range(today().year, FIRST_YEAR - 1, -1))
    nation = access.sees_nation(user)
    data = request.GET if "year" in request.GET else None
    form = IndexFilter(
        data, years=years, nation=nation, initial={"year": now.year, "quarter": now.quarter}
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        return form, Period(d["year"], d["quarter"]), d.get("province")
    return form, now, None


def _here(period: Period, **more: Any) -> str:
    params = {"year": period.year, "quarter": period.quarter or "", **more}
    return reverse("surveys:index") + "?" + urlencode(params)


def _caption(table: IndexTable) -> str:
    return _("%(scope)s, %(period)s, as of %(day)s") % {
        "scope": table.scope_label,
        "period": table.period.label,
        "day": format_vn_date(today()),
    }


def _charts(table: IndexTable) -> list[charts.Chart]:
    caption = _caption(table)
    out = []
    shown = [r for r in table.rows if r.index.value is not None]
    if shown:
        out.append(
            charts.Chart(
                key="by-row",
                kind="hbar",
                title=_("Satisfaction index by province")
                if table.by == "province"
                else _("Satisfaction index by body"),
                caption=caption,
                labels=[r.chart_label for r in shown],
                series=[charts.Series(_("Index"), [r.index.value for r in shown])],
                links=[r.url for r in shown],
                percent=True,
                tall=len(shown) > 12,
            )
        )
    if any(e.value is not None for _p, e in table.trend):
        out.append(
            charts.Chart(
                key="trend",
                kind="line",
                title=_("Satisfaction index, last eight quarters, with its confidence interval"),
                caption=_("%(scope)s, as of %(day)s")
                % {"scope": table.scope_label, "day": format_vn_date(today())},
                labels=[p.short_label for p, _e in table.trend],
                series=[
                    charts.Series(_("Index"), [e.value for _p, e in table.trend]),
                    charts.Series(_("Confidence interval, low"), [e.low for _p, e in table.trend]),
                    charts.Series(
                        _("Confidence interval, high"), [e.high for _p, e in table.trend]
                    ),
                ],
                percent=True,
                colors=[charts.PALETTE[0], charts.PALETTE[6], charts.PALETTE[6]],
            )
        )
    criteria = [c for c in table.criteria if table.total.of(c.code).value is not None]
    if criteria:
        out.append(
            charts.Chart(
                key="criteria",
                kind="hbar",
                title=_("Satisfied, by criterion"),
                caption=caption,
                labels=[c.short for c in criteria],
                series=[
                    charts.Series(_("Satisfied"), [table.total.of(c.code).value for c in criteria])
                ],
                percent=True,
            )
        )
    return out


def index_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form, period, province = _chosen(request, user)
    table = index_table(
        user,
        period=period,
        province=province,
        url=lambda pk: _here(period, province=pk),
    )
    e = table.total.index
    change = ""
    if e.value is not None and table.previous.value is not None:
        points = round(e.value - table.previous.value, 1)
        change = _("%(sign)s%(points)s points against %(period)s") % {
            "sign": "+" if points > 0 else "",
            "points": format_vn_number(points, 1),
            "period": period.previous().label,
        }
    margin = interval = ""
    if e.margin is not None and e.low is not None and e.high is not None:
        margin = f"± {format_vn_number(e.margin, 1)}"
        interval = _("from %(low)s to %(high)s per cent") % {
            "low": format_vn_number(e.low, 1),
            "high": format_vn_number(e.high, 1),
        }
    export = (
        reverse("surveys:index_xlsx")
        + "?"
        + urlencode(
            {
                "year": period.year,
                "quarter": period.quarter or "",
                "province": province.pk if province else "",
            }
        )
    )
    return render(
        request,
        "surveys/index.html",
        {
            "form": form,
            "table": table,
            "charts": _charts(table),
            "index_change": change,
            "margin": margin,
            "interval": interval,
            "minimum": min_responses(),
            "export": export,
            "leads": bool(access.led_bodies(user)),
            "officers_url": reverse("surveys:officers")
            + "?"
            + urlencode({"year": period.year, "quarter": period.quarter or ""}),
        },
    )


def index_export_view(request: HttpRequest) -> FileResponse:
    user = staff(request)
    _form, period, province = _chosen(request, user)
    table = index_table(user, period=period, province=province)
    criteria = table.criteria
    header = [
        Column(_("Province or city") if table.by == "province" else _("Body surveyed")),
        Column(_("Responses"), Kind.NUMBER),
        Column(_("Index (per cent)"), Kind.NUMBER),
        Column(_("Confidence interval, low"), Kind.NUMBER),
        Column(_("Confidence interval, high"), Kind.NUMBER),
        *[Column(f"{c.title} (%)", Kind.NUMBER) for c in criteria],
        Column(_("Matters rated"), Kind.NUMBER),
        Column(_("Average rating of matters (1–5)"), Kind.NUMBER),
    ]

    def line(label: str, row: Any) -> list[object]:
        e = row.index
        return [
            label,
            e.n,
            e.value,
            e.low,
            e.high,
            *[row.of(c.code).value for c in criteria],
            row.matters.rated if row.matters else 0,
            row.matters.mean if row.matters else None,
        ]

    preamble = [
        [
            _("Satisfaction index: %(scope)s, %(period)s")
            % {"scope": table.scope_label, "period": period.label}
        ],
        [
            _(
                "Share of answers above the middle of the scale, mean over responses; hidden "
                "below %(n)s responses. Exported on %(day)s."
            )
            % {"n": min_responses(), "day": format_vn_date(today())}
        ],
    ]
    book = xlsx_file(
        _("Satisfaction index"),
        header,
        (line(r.label, r) for r in table.rows),
        preamble=preamble,
        footer=[line(_("Total"), table.total)],
    )
    name = f"chi-so-hai-long-{period.short_label.replace('/', '-')}.xlsx"
    return FileResponse(book, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


def officers_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if not access.led_bodies(user):
        raise PermissionDenied
    form, period, _province = _chosen(request, user)
    return render(
        request,
        "surveys/officers.html",
        {
            "form": form,
            "period": period,
            "bodies": officers_of(user, period=period),
            "note": note(),
            "crumbs": [(_("Satisfaction index"), reverse("surveys:index"))],
        },
    )
