"""The public disclosure of funds and campaigns (công khai): nobody signs in; what is public
is selectors.disclosure's (published funds and campaigns only, no personal data). An
unpublished fund or campaign is a 404, as if it did not exist.

The fund reports are public for a published fund; for an unpublished one, the staff who
read the fund (access.may_fund VIEW) download them from the same routes, and anyone else gets
a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from danvan.lib.charts import Chart, Series
from danvan.lib.dates import format_vn_date
from danvan.lib.numbers import format_vn_number
from danvan.lib.pagination import page_of

from . import access, fund_reports
from .models import Fund
from .selectors import disclosure as select

FUNDS_PAGE = 25
LIST_PAGE = 20
# Figures change with every entry; a public cache may keep a page this long (seconds).
MAX_AGE = 300


def _public(response: HttpResponse) -> HttpResponse:
    # A signed-in visitor's response is made no-store by portal.security.NoStoreMiddleware.
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def short_money(value: int) -> str:
    """A large sum as it fits a figure card on a phone ("1,25 billion"); the card shows the
    exact sum under it."""
    size = abs(value)
    if size >= 1_000_000_000:
        return _("%(n)s billion") % {"n": format_vn_number(round(value / 1e9, 2))}
    if size >= 1_000_000:
        return _("%(n)s million") % {"n": format_vn_number(round(value / 1e6, 1))}
    return format_vn_number(value)


def _figure(key: str, label: str, value: int, url: str = "") -> dict[str, Any]:
    return {"key": key, "label": label, "value": value, "short": short_money(value), "url": url}


def _figures(flows: select.Flows, balance: int, *, transfers: bool) -> list[dict[str, Any]]:
    """Received, spent and the balance; transfers in and out where they are the fund's own
    (nationally, a transfer between levels is neither received nor spent)."""
    out = [_figure("received", _("Received"), flows.received, "#by-month")]
    if transfers:
        out.append(_figure("transferred-in", _("Received from other levels"), flows.transferred_in))
        out.append(_figure("transferred-out", _("Sent to other levels"), flows.transferred_out))
    out.append(_figure("spent", _("Spent"), flows.spent, "#by-purpose"))
    out.append(_figure("balance", _("Balance"), balance))
    return out


def _caption(scope: str, day: Any) -> str:
    return _("%(scope)s, up to %(day)s") % {"scope": scope, "day": format_vn_date(day)}


def _month_chart(key: str, months: list[select.MonthRow], caption: str) -> Chart:
    return Chart(
        key=key,
        kind="bar",
        title=_("Received and spent by month (đồng)"),
        caption=caption,
        labels=[f"{m.month:%m/%Y}" for m in months],
        series=[
            Series(_("Received"), [m.flows.received for m in months]),
            Series(_("Spent"), [m.flows.spent for m in months]),
        ],
    )


def _purpose_chart(key: str, purposes: list[select.PurposeRow], caption: str) -> Chart:
    return Chart(
        key=key,
        kind="hbar",
        title=_("Spent by purpose (đồng)"),
        caption=caption,
        labels=[p.label for p in purposes],
        series=[Series(_("Spent"), [p.spent for p in purposes])],
    )


def _page(request: HttpRequest, rows: Any, per_page: int, param: str) -> tuple[Any, str]:
    """A page of one of several lists on a page, by its own parameter (?donors=2)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()


def funds_view(request: HttpRequest) -> HttpResponse:
    """The country's published funds (or a province's, ?province=<code>): figures, charts,
    the places, and the funds themselves."""
    code = request.GET.get("province", "").strip()
    province = select.province_by_code(code) if code else None
    summary = select.summary(province=province)
    scope = province.name if province else _("Whole country")
    caption = _caption(scope, summary.as_of)
    funds = select.funds(province=province).order_by("name", "pk")
    q = request.GET.get("q", "").strip()[:200]
    if q:
        ids = select.search_funds(funds, q)
        page, query = page_of(request, Paginator(ids, FUNDS_PAGE))
        found = funds.in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        page, query = page_of(request, Paginator(funds, FUNDS_PAGE))
    response = render(
        request,
        "campaigns/public/funds.html",
        {
            "summary": summary,
            "figures": _figures(summary.totals, summary.totals.balance, transfers=False),
            "province": province,
            "scope": scope,
            "caption": caption,
            "month_chart": _month_chart("fund-months", summary.months, caption),
            "purpose_chart": _purpose_chart("fund-purposes", summary.purposes, caption),
            "page": page,
            "query": query,
            "q": q,
        },
    )
    return _public(response)


def fund_view(request: HttpRequest, pk: int) -> HttpResponse:
    fund = select.published_fund(pk)
    summary = select.fund_summary(fund)
    caption = _caption(fund.name, summary.as_of)
    donors, donors_query = _page(request, select.named_donors(fund), LIST_PAGE, "donors")
    decisions, decisions_query = _page(
        request, select.decision_entries(fund), LIST_PAGE, "decisions"
    )
    response = render(
        request,
        "campaigns/public/fund.html",
        {
            "fund": fund,
            "summary": summary,
            "figures": _figures(summary.totals, summary.balance, transfers=True),
            "caption": caption,
            "month_chart": _month_chart("fund-months", summary.months, caption),
            "purpose_chart": _purpose_chart("fund-purposes", summary.purposes, caption),
            "acknowledgement": select.acknowledgement(fund, summary.totals.received),
            "donors": donors,
            "donor_rows": select.donors(donors.object_list),
            "donors_query": donors_query,
            "decisions": decisions,
            "decision_rows": select.decisions(decisions.object_list),
            "decisions_query": decisions_query,
            "periods": fund_reports.recent_periods(),
            "default_period": fund_reports.default_period(),
        },
    )
    return _public(response)


def campaigns_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    page, query = page_of(request, Paginator(select.campaigns(q), LIST_PAGE))
    received = select.received_by_campaign([c.pk for c in page.object_list])
    rows = [(c, received.get(c.pk, 0)) for c in page.object_list]
    response = render(
        request,
        "campaigns/public/campaigns.html",
        {"page": page, "query": query, "q": q, "rows": rows},
    )
    return _public(response)


def campaign_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = select.published_campaign(pk)
    summary = select.campaign_summary(campaign)
    caption = _caption(campaign.name, summary.as_of)
    response = render(
        request,
        "campaigns/public/campaign.html",
        {
            "campaign": campaign,
            "summary": summary,
            "figures": [
                _figure("received", _("Received"), summary.received, "#funds"),
                _figure("money", _("of which money"), summary.money),
                _figure("in-kind", _("of which goods (valued)"), summary.in_kind),
                _figure("spent", _("Spent"), summary.spent, "#by-purpose"),
            ],
            "caption": caption,
            "purpose_chart": _purpose_chart("campaign-purposes", summary.purposes, caption),
        },
    )
    return _public(response)


# ---- the fund reports --------------------------------------------------------------------


def _report_fund(request: HttpRequest, pk: int) -> Fund:
    """A published fund for anyone; an unpublished one for the staff who read it; else 404."""
    fund = Fund.objects.select_related("keeper", "province", "unit").filter(pk=pk).first()
    if fund is None:
        raise Http404
    if access.published_funds().filter(pk=pk).exists():
        return fund
    if access.may_fund(request.user, fund, access.Action.VIEW):
        return fund
    raise Http404


def _period(request: HttpRequest) -> fund_reports.Period | HttpResponse:
    raw = request.GET.get("period", "").strip()
    if not raw:
        return fund_reports.default_period()
    try:
        return fund_reports.parse_period(raw)
    except fund_reports.PeriodError as error:
        return render(request, "400.html", {"detail": str(error)}, status=400)


def fund_report_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    fund = _report_fund(request, pk)
    period = _period(request)
    if isinstance(period, HttpResponse):
        return period
    return FileResponse(
        fund_reports.report_xlsx(fund, period),
        as_attachment=True,
        filename=fund_reports.filename(fund, period, "xlsx"),
        content_type=fund_reports.XLSX,
    )


def fund_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _report_fund(request, pk)
    period = _period(request)
    if isinstance(period, HttpResponse):
        return period
    response = HttpResponse(fund_reports.report_docx(fund, period), content_type=fund_reports.DOCX)
    name = fund_reports.filename(fund, period, "docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_links(fund: Fund, period: fund_reports.Period) -> dict[str, str]:
    """The report's addresses for a period (for the staff fund page too)."""
    routes = {kind: f"campaigns_public:fund_report_{kind}" for kind in ("xlsx", "docx")}
    return {
        kind: f"{reverse(name, args=[fund.pk])}?period={period.slug}"
        for kind, name in routes.items()
    }
