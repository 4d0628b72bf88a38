"""The receiver's side: the board of who has reported for a period (as of any date, with
the drill-down to the bodies below), and the consolidated table of their figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from danvan.lib.dates import parse_vn_date, today
from danvan.org.models import Organization

from . import access
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


@login_required
def consolidated_view(
    request: HttpRequest, receiver: int, template: int, period: int
) -> HttpResponse:
    org, tpl, per, periods = _context(request, receiver, template, period)
    result = table(org, tpl, per)
    return render(
        request,
        "reports/consolidated.html",
        {"table": result, "periods": periods},
    )
