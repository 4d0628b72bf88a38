"""Report figures for staff: recognized models as of a date, by a dimension, with drill-down
from the nation to a province and a commune, and the same table as XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.lib.charts import Chart, Series
from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.org.models import AdminUnit

from . import exports, selectors

DIMENSIONS = {
    "kind": gettext_lazy("Collective / individual"),
    "field": gettext_lazy("Field"),
    "subfield": gettext_lazy("Sub-field"),
    "level": gettext_lazy("Level of recognition"),
    "province": gettext_lazy("Province"),
    "commune": gettext_lazy("Commune"),
    "year": gettext_lazy("Year registered"),
}


def _params(request: HttpRequest) -> tuple[dt.date, str, selectors.Scope, list[str]]:
    errors: list[str] = []
    as_of = today()
    if request.GET.get("as_of"):
        try:
            as_of = parse_vn_date(request.GET["as_of"])
        except ValueError:
            errors.append(
                _("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": request.GET["as_of"]}
            )
    by = request.GET.get("by", "kind")
    if by not in selectors.GROUPS:
        by = "kind"
    where = selectors.Scope()
    for name in ("province", "commune"):
        value = request.GET.get(name, "")
        if value.isdigit():
            unit = AdminUnit.objects.filter(pk=int(value)).first()
            setattr(where, name, unit)
    if where.province is None and where.commune is None and request.GET.get("scope") != "national":
        # The user's own territory unless they ask for the country (as their registry lists).
        where = selectors.home_scope(request.user)  # type: ignore[arg-type]
    return as_of, by, where, errors


def _require_staff(request: HttpRequest) -> None:
    # Aggregate figures carry no personal data: every officer may read them for any place,
    # as they are read in published reports.
    if not request.user.has_perm("exemplars.view_exemplar"):
        raise PermissionDenied


@login_required
def figures_view(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    as_of, by, where, errors = _params(request)
    rows = selectors.labelled(selectors.figures(as_of, by, where), by)
    largest = max((n for _k, _l, n in rows), default=0)
    drill = {"province": "province", "commune": "commune"}.get(by)
    return render(
        request,
        "exemplars/staff/figures.html",
        {
            "as_of": as_of,
            "as_of_text": format_vn_date(as_of),
            "by": by,
            "where": where,
            "errors": errors,
            "dimensions": list(DIMENSIONS.items()),
            "summary": selectors.summary(as_of, where),
            "rows": [
                (k, label, n, round(100 * n / largest) if largest else 0) for k, label, n in rows
            ],
            "drill": drill,
            "query": request.GET.urlencode(),
            "home": selectors.home_scope(request.user),  # type: ignore[arg-type]
            "chart": _chart(rows, by, where, as_of, drill, format_vn_date(as_of)),
        },
    )


def _chart(
    rows: Sequence[tuple[object, str, int]],
    by: str,
    where: selectors.Scope,
    as_of: dt.date,
    drill: str | None,
    as_of_text: str,
) -> Chart:
    place = where.commune or where.province
    caption = _("%(scope)s, as of %(day)s") % {
        "scope": place.name if place else _("Whole country"),
        "day": as_of_text,
    }
    links = [
        f"?by=commune&province={key}&as_of={as_of_text}" if drill == "province" else ""
        for key, _label, _n in rows
    ]
    return Chart(
        key="figures",
        kind="hbar",
        title=_("Recognized models by %(dimension)s") % {"dimension": str(DIMENSIONS[by]).lower()},
        caption=caption,
        labels=[label for _k, label, _n in rows[:30]],
        series=[Series(_("Models"), [n for _k, _l, n in rows[:30]])],
        links=links[:30],
        tall=len(rows) > 8,
    )


@login_required
def figures_xlsx_view(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    as_of, by, where, _errors = _params(request)
    rows = selectors.labelled(selectors.figures(as_of, by, where), by)
    place = where.commune or where.province
    out = exports.figures_xlsx(
        rows,
        as_of=as_of,
        place=place.name if place else _("Whole country"),
        dimension=str(DIMENSIONS[by]),
    )
    response = HttpResponse(out.read(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="dan-van-kheo-{by}-{as_of:%Y%m%d}.xlsx"'
    )
    return response
