"""The receiver's side: the board of who has reported for a period (as of any date, with
the drill-down to the bodies below), and the consolidated table of their figures."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from danvan.lib.dates import parse_vn_date, today
from danvan.lib.numbers import format_vn_number
from danvan.org.models import Organization

from . import access, charts, exports, selectors_situation
from .board import board
from .consolidation import table
from .models import Obligation, ReportingPeriod, ReportTemplate


def _context(request: HttpRequest, receiver: int, template: int, period: int):
    org = get_object_or_404(Organization, pk=receiver)
    if not access.may_oversee(request.user, org):
        raise PermissionDenied
    tpl = get_object_or_404(ReportTemplate, pk=template)
    per = get_object_or_404(ReportingPeriod, pk=period)
    periods = list(
        ReportingPeriod.objects.filter(reports__receiver=org, reports__template=tpl)
        .distinct()
        .order_by("-ends_on")[:24]
    )
    return org, tpl, per, periods


def _reports_to(org: Organization, template: ReportTemplate, user: object) -> Organization | None:
    """The body `org` itself reports to on the template (the board one level up)."""
    up = (
        Obligation.objects.current()
        .filter(template=template, reporter=org)
        .select_related("receiver")
        .first()
    )
    return up.receiver if up is not None and access.may_oversee(user, up.receiver) else None


@login_required
def board_view(request: HttpRequest, receiver: int, template: int, period: int) -> HttpResponse:
    org, tpl, per, periods = _context(request, receiver, template, period)
    as_of, error = today(), ""
    if raw := request.GET.get("as_of", "").strip():
        try:
            as_of = parse_vn_date(raw)
        except ValueError:
            error = _("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": raw}
    result = board(org, tpl, per, as_of)
    return render(
        request,
        "reports/board.html",
        {
            "board": result,
            "periods": periods,
            "as_of_error": error,
            "parent": _reports_to(org, tpl, request.user),
        },
    )


def _shown(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")  # the common case, without Decimal work
    return format_vn_number(value)


def _cells(values: list[Decimal | None]) -> SafeString:
    """A row's cells written at once: a province has a column per commune (10,000 cells on
    one page), and the template engine would spend longer on them than the database. Only
    numbers and a dash are written, so nothing needs escaping."""
    return mark_safe("".join(f'<td class="num">{_shown(v)}</td>' for v in values))  # noqa: S308


@login_required
def consolidated_view(
    request: HttpRequest, receiver: int, template: int, period: int
) -> HttpResponse:
    org, tpl, per, periods = _context(request, receiver, template, period)
    result = table(org, tpl, per)
    row = charts.chosen_row(result, request.GET.get("indicator", ""))
    drawing, map_title = charts.on_map(result, row) if row else (None, "")
    return render(
        request,
        "reports/consolidated.html",
        {
            "table": result,
            "lines": [(r, _cells(r.cells)) for r in result.rows],
            "periods": periods,
            "row": row,
            "across": charts.across(result, row) if row else None,
            "over_periods": charts.over_periods(result, row) if row else None,
            "map": drawing,
            "map_title": map_title,
            # A report on the people's situation: what the bodies below raised.
            "issues": selectors_situation.consolidated_issues(result)
            if result.version is not None
            and result.version.sections.filter(issue_table=True).exists()
            else None,
        },
    )


@login_required
def consolidated_xlsx_view(
    request: HttpRequest, receiver: int, template: int, period: int
) -> FileResponse:
    org, tpl, per, _periods = _context(request, receiver, template, period)
    result = table(org, tpl, per)
    return FileResponse(
        exports.consolidated_xlsx(result),
        as_attachment=True,
        filename=exports.filename(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
