"""Award decisions for staff: the list in scope (XLSX, CSV), issuing one from a submitted
proposal or directly, its page, and the .docx in the layout of Nghị định 30/2020; the award
figures as of a date; and the public honor roll."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.pagination import page_of

from . import access, documents, exports, figure_sources, honor, selectors, services
from .access import LEADER_ROLES
from .forms import DecisionForm, RecipientFormSet, put_errors
from .models import AwardDecision, ProposalState
from .views_movements import PER_PAGE, user_of

DIMENSIONS = {
    "award": gettext_lazy("Award"),
    "kind": gettext_lazy("Collective / individual"),
    "year": gettext_lazy("Year"),
    "province": gettext_lazy("Province"),
}


def _filtered(
    request: HttpRequest,
) -> tuple[QuerySet[AwardDecision], selectors.DecisionFilters]:
    filters = selectors.DecisionFilters.from_query(request.GET)
    return selectors.decision_list(user_of(request), filters), filters


@login_required
def decision_list_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("emulation.view_awarddecision"):
        raise PermissionDenied
    qs, filters = _filtered(request)
    page, query = page_of(request, Paginator(selectors.decision_rows(qs, filters), PER_PAGE))
    return render(
        request,
        "emulation/decisions/list.html",
        {
            "page": page,
            "filters": filters,
            "year": str(filters.year) if filters.year else "",
            "award": filters.award,
            "q": filters.q,
            # Behind a figure of awards: the awards it counts in each decision.
            "counting": bool(filters.figure) and filters.figure != figure_sources.DECISIONS,
            "awards": honor.award_kinds(),
            "query": query,
            "can_add": user.has_perm("emulation.add_awarddecision"),
        },
    )


@login_required
def decision_export_view(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if not request.user.has_perm("emulation.view_awarddecision"):
        raise PermissionDenied
    qs, _filters = _filtered(request)
    stamp = today().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.decisions_csv(qs), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="quyet-dinh-khen-thuong-{stamp}.csv"'
        )
        return response
    return FileResponse(
        exports.decisions_xlsx(qs),
        as_attachment=True,
        filename=f"quyet-dinh-khen-thuong-{stamp}.xlsx",
        content_type=exports.XLSX,
    )


@login_required
def decision_new_view(request: HttpRequest) -> HttpResponse:
    """From a submitted proposal (?proposal=…): its body, award and recipients, with their
    reward amounts to fill; or directly, for a body the user leads."""
    user = user_of(request)
    if not user.has_perm("emulation.add_awarddecision"):
        raise PermissionDenied
    proposal = None
    wanted = request.GET.get("proposal", "")
    if wanted.isdigit():
        proposal = access.proposal_for(user, int(wanted), access.Action.DECIDE)
        if proposal.state != ProposalState.SUBMITTED:
            messages.error(request, _("Only a submitted proposal can be approved."))
            return redirect("emulation:proposal", pk=proposal.pk)
    data = request.POST if request.method == "POST" else None
    authorities = None if proposal else selectors.bodies_acting_for(user, LEADER_ROLES)
    form = DecisionForm(data, authorities=authorities)
    initial = (
        [
            {
                "kind": r.kind,
                "organization": r.organization_id,
                "name": r.name,
                "position": r.position,
                "unit_name": r.unit_name,
                "achievements": r.achievements,
                "public_consent": r.public_consent,
            }
            for r in proposal.recipients.all()
        ]
        if proposal
        else []
    )
    recipients = RecipientFormSet(
        data,
        prefix="r",
        initial=initial,
        bodies=selectors.recipient_bodies(user, [row["organization"] for row in initial]),
    )
    if data is not None and form.is_valid() and recipients.is_valid():
        d = form.cleaned_data
        try:
            decision = services.issue_decision(
                actor=user,
                proposal=proposal,
                authority=d.get("authority"),
                award_kind=d.get("award_kind"),
                number=d["number"],
                signed_on=d["signed_on"],
                subject=d["subject"],
                decider_title=d["decider_title"],
                grounds=d["grounds"],
                signing_capacity=d["signing_capacity"],
                signer_title=d["signer_title"],
                signer_name=d["signer_name"],
                place_name=d["place_name"],
                distribution=d["distribution"],
                recipients=recipients.recipients(),
            )
        except ValidationError as error:
            put_errors(form, recipients, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("emulation:decision", pk=decision.pk)
    return render(
        request,
        "emulation/decisions/form.html",
        {"form": form, "recipients": recipients, "proposal": proposal},
    )


def _decision_for(request: HttpRequest, pk: int) -> AwardDecision:
    return access.decision_for(
        request.user,
        pk,
        access.Action.VIEW,
        AwardDecision.objects.select_related(
            "authority", "award_kind", "proposal", "proposal__proposer", "issued_by"
        ),
    )


@login_required
def decision_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    return render(
        request,
        "emulation/decisions/detail.html",
        {
            "decision": decision,
            "recipients": list(decision.recipients.select_related("organization")),
        },
    )


@login_required
def decision_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    response = HttpResponse(
        documents.decision_docx(decision),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(decision)}"'
    return response


# Figures ----------------------------------------------------------------------------------------


def _as_of(request: HttpRequest) -> tuple[dt.date, list[str]]:
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return today(), []
    try:
        return parse_vn_date(raw), []
    except ValueError:
        return today(), [_("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": raw}]


@login_required
def figures_view(request: HttpRequest) -> HttpResponse:
    # Counts carry no personal data: every officer reads them for any place, as in reports.
    if not request.user.has_perm("emulation.view_awarddecision"):
        raise PermissionDenied
    as_of, errors = _as_of(request)
    by = request.GET.get("by", "award")
    if by not in honor.GROUPS:
        by = "award"
    province = request.GET.get("province", "")
    province_id = int(province) if province.isdigit() and len(province) < 10 else None
    rows = honor.labelled(honor.figures(as_of, by, province_id), by)
    return render(
        request,
        "emulation/decisions/figures.html",
        {
            "as_of": as_of,
            "as_of_text": format_vn_date(as_of),
            "by": by,
            "province": province_id,
            "provinces": honor.provinces(),
            "dimensions": list(DIMENSIONS.items()),
            "summary": honor.summary(as_of, province_id),
            "rows": rows,
            "errors": errors,
        },
    )


# The public honor roll --------------------------------------------------------------------------


def honor_roll_view(request: HttpRequest) -> HttpResponse:
    filters = honor.HonorFilters.from_query(request.GET)
    page, query = page_of(request, Paginator(honor.honor_roll(filters), honor.PER_PAGE))
    return render(
        request,
        "emulation/public/honor_roll.html",
        {
            "page": page,
            "rows": [(r, honor.public_name(r)) for r in page],
            "filters": filters,
            "awards": honor.award_kinds(),
            "provinces": honor.provinces(),
            "query": query,
        },
    )


__all__ = [
    "decision_detail_view",
    "decision_docx_view",
    "decision_export_view",
    "decision_list_view",
    "decision_new_view",
    "figures_view",
    "honor_roll_view",
]
