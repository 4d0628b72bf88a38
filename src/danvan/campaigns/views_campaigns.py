"""The officers' pages of campaigns. Who may do what is access.py's; every write is a service
(services.campaigns); bad input comes back with status 400 and the error beside the field."""

from __future__ import annotations

import mimetypes
import os
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danvan.accounts.models import User
from danvan.emulation import access as emulation_access
from danvan.emulation.models import RecipientKind
from danvan.emulation.selectors import award_kinds_for, competent_authorities
from danvan.exemplars.forms import limited
from danvan.lib import figures
from danvan.lib.access import user_allowed
from danvan.lib.charts import Chart, Series
from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.forms import form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.org.models import Organization
from danvan.org.selectors import organization_subtree

from . import access
from . import campaign_exports as exports
from .figures_campaigns import campaigns_behind, measure_of
from .forms_campaigns import (
    BodiesForm,
    CampaignFilter,
    CampaignForm,
    CorrectionForm,
    EvaluationForm,
    ProposalForm,
    ResultForm,
    TargetsForm,
)
from .models import (
    MEASURE_UNITS,
    Campaign,
    CampaignStatus,
    Evaluation,
    Measure,
    Rating,
    Result,
    Target,
)
from .selectors import campaigns as select
from .services import campaigns as services

A = access.Action
PAGE = 25
TEMPLATES = "campaigns/campaigns"


def staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "campaigns.use"))


def crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Campaigns"), reverse("campaigns:campaigns")), *steps]


def _detail_url(campaign: Campaign | int, anchor: str = "") -> str:
    pk = campaign if isinstance(campaign, int) else campaign.pk
    return reverse("campaigns:campaign", args=[pk]) + (f"#{anchor}" if anchor else "")


def _form(
    request: HttpRequest, form: Any, save: Any, title: str, back: str, **ctx: Any
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template=ctx.pop("template", f"{TEMPLATES}/form.html"),
        context={"title": title, "back": back, "submit": ctx.pop("submit", _("Save")), **ctx},
    )


# ---- the list -----------------------------------------------------------------------------


def _figure_filter(request: HttpRequest) -> tuple[str, int, figures.Window] | None:
    """The figure a report links here with (`?org=&figure=&figure_from=&figure_to=`); a
    ValueError when it is given but wrong."""
    key = request.GET.get("figure", "")
    if not key:
        return None
    if measure_of(key) is None:
        raise ValueError(key)
    org = int(request.GET.get("org", ""))
    window = figures.Window(
        parse_vn_date(request.GET.get("figure_from", "")),
        parse_vn_date(request.GET.get("figure_to", "")),
    )
    return key, org, window


@login_required
@require_GET
def list_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    filters = CampaignFilter(
        request.GET or None, years=select.years(user), provinces=select.provinces(user)
    )
    chosen = select.CampaignFilters()
    status = 200
    if filters.is_bound:
        if filters.is_valid():
            d = filters.cleaned_data
            chosen = select.CampaignFilters(
                q=d["q"].strip(),
                status=d["status"],
                kind=d["kind"],
                province=d["province"],
                year=d["year"],
            )
        else:
            status = 400
    rows = select.campaigns(user, chosen)
    try:
        figure = _figure_filter(request)
    except ValueError:
        figure, status = None, 400
        rows = rows.none()
    if figure is not None:
        rows = rows.filter(pk__in=campaigns_behind(*figure).values("pk"))
    page, query = page_of(request, Paginator(rows, PAGE))
    items = list(page.object_list)
    progress = select.rollups(items)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "items": [(c, progress[c.pk]) for c in items],
            "figures": select.list_figures(user),
            "can_add": user.has_perm("campaigns.create"),
            "filtered": bool(request.GET),
        },
        status=status,
    )


# ---- the campaign -------------------------------------------------------------------------


def _campaign_form(request: HttpRequest, user: User, campaign: Campaign | None) -> CampaignForm:
    initial: dict[str, Any] = {"starts_on": today()}
    if campaign is not None:
        initial = {
            "name": campaign.name,
            "kind": campaign.kind,
            "organizer": campaign.organizer_id,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "description": campaign.description,
            "criteria": campaign.criteria,
            "movement": campaign.movement_id,
        }
    organizers = access.list_keepers_for(user)
    if campaign is not None and campaign.status != CampaignStatus.DRAFT:
        organizers = Organization.objects.filter(pk=campaign.organizer_id)
    return CampaignForm(
        request.POST or None,
        initial=initial,
        organizers=organizers,
        movements=emulation_access.movements_for(user),
    )


def _spec(d: dict[str, Any]) -> services.CampaignSpec:
    return services.CampaignSpec(
        name=d["name"],
        kind=d["kind"],
        organizer=d["organizer"],
        starts_on=d["starts_on"],
        ends_on=d["ends_on"],
        description=d["description"],
        criteria=d["criteria"],
        movement=d["movement"],
    )


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if not user.has_perm("campaigns.create"):
        raise PermissionDenied
    form = _campaign_form(request, user, None)

    def save(d: dict[str, Any]) -> str:
        campaign = services.create_campaign(actor=user, spec=_spec(d))
        messages.success(request, _("The campaign is created: choose the participating bodies."))
        return reverse("campaigns:campaign_bodies", args=[campaign.pk])

    return _form(
        request,
        form,
        save,
        _("New campaign"),
        reverse("campaigns:campaigns"),
        crumbs=crumbs(),
        submit=_("Create the campaign"),
    )


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk, A.MANAGE)
    form = _campaign_form(request, user, campaign)

    def save(d: dict[str, Any]) -> str:
        services.update_campaign(actor=user, campaign=campaign, spec=_spec(d))
        messages.success(request, _("The campaign is saved."))
        return _detail_url(campaign)

    return _form(
        request,
        form,
        save,
        _("Edit the campaign"),
        _detail_url(campaign),
        crumbs=crumbs((campaign.name, _detail_url(campaign))),
    )


def _chart(rollup: select.Rollup) -> Chart:
    rows = [r for r in rollup.rows if r.average_percent is not None]
    day = format_vn_date(today())
    return Chart(
        key="campaign-progress",
        kind="hbar",
        title=_("Share of the targets met, by body"),
        caption=_("%(body)s, as of %(day)s") % {"body": rollup.campaign.organizer.name, "day": day},
        labels=[r.indent + r.organization.name for r in rows],
        series=[Series(_("Targets met (%)"), [float(r.average_percent or 0) for r in rows])],
        links=[f"#body-{r.organization.pk}" for r in rows],
        percent=True,
        tall=len(rows) > 8,
    )


@login_required
@require_GET
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk)
    rollup = select.rollup(campaign)
    evaluations = {
        e.organization_id: e
        for e in Evaluation.objects.filter(campaign=campaign).select_related("proposal")
    }
    can_manage = access.may_campaign(user, campaign, A.MANAGE)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "campaign": campaign,
            "rollup": rollup,
            "measures": rollup.measures,
            "columns": [(m, Measure(m).label, select.unit_of(m)) for m in rollup.measures],
            "chart": _chart(rollup),
            "results": select.results_log(campaign),
            "evaluation_rows": [(r, evaluations.get(r.organization.pk)) for r in rollup.rows],
            "can_manage": can_manage,
            "can_report": bool(select.reporting_bodies(user, campaign)),
            "correction_form": CorrectionForm(),
            "excellent": Rating.EXCELLENT,
            "crumbs": crumbs(),
        },
    )


@login_required
def bodies_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk, A.MANAGE)
    current = list(campaign.bodies.values_list("organization_id", flat=True))
    under = Organization.objects.filter(pk__in=organization_subtree(campaign.organizer_id))
    choices = Organization.objects.filter(
        pk__in=[*limited(under).values_list("pk", flat=True), *current]
    ).order_by("level", "name")
    form = BodiesForm(request.POST or None, choices=choices, initial={"bodies": current})

    def save(d: dict[str, Any]) -> str:
        services.set_bodies(actor=user, campaign=campaign, bodies=list(d["bodies"]))
        messages.success(request, _("The participating bodies are saved: set their targets."))
        return reverse("campaigns:campaign_targets", args=[campaign.pk])

    return _form(
        request,
        form,
        save,
        _("Participating bodies"),
        _detail_url(campaign),
        crumbs=crumbs((campaign.name, _detail_url(campaign))),
    )


@login_required
def targets_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk, A.MANAGE)
    bodies = [r.organization for r in select.rollup(campaign).rows]
    current = {
        (t.organization_id, t.measure): t.quantity for t in Target.objects.filter(campaign=campaign)
    }
    form = TargetsForm(request.POST or None, bodies=bodies, current=current)

    def save(_d: dict[str, Any]) -> str:
        services.set_targets(actor=user, campaign=campaign, targets=form.targets())
        messages.success(request, _("The targets are saved."))
        return _detail_url(campaign, "progress")

    return _form(
        request,
        form,
        save,
        _("Targets per body"),
        _detail_url(campaign),
        template=f"{TEMPLATES}/targets.html",
        campaign=campaign,
        units=MEASURE_UNITS,
        crumbs=crumbs((campaign.name, _detail_url(campaign))),
    )


@login_required
def result_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk)
    bodies = select.reporting_bodies(user, campaign)
    if not bodies:
        if campaign.status != CampaignStatus.OPEN:
            messages.error(request, _("Results are reported only while the campaign is under way."))
            return redirect(_detail_url(campaign))
        raise PermissionDenied
    form = ResultForm(request.POST or None, request.FILES or None, bodies=bodies)

    def save(d: dict[str, Any]) -> str:
        services.report_result(
            actor=user,
            campaign=campaign,
            organization=d["organization"],
            measure=d["measure"],
            quantity=d["quantity"],
            achieved_on=d["achieved_on"],
            note=d["note"],
            evidence=d["evidence"],
            idempotency_key=d["idempotency_key"],
        )
        messages.success(request, _("The result is recorded."))
        return _detail_url(campaign, "results")

    return _form(
        request,
        form,
        save,
        _("Report a result"),
        _detail_url(campaign),
        crumbs=crumbs((campaign.name, _detail_url(campaign))),
        intro=_(
            "Report what the body achieved that did not pass through a fund. Money and goods "
            "in kind are counted from the funds' receipts marked with the campaign."
        ),
        submit=_("Record the result"),
    )


def _result(user: User, pk: int) -> Result:
    result = Result.objects.select_related("campaign", "organization").filter(pk=pk).first()
    if result is None:
        raise Http404
    access.get_campaign(user, result.campaign_id)  # 404 / 403 as for the campaign
    return result


@login_required
@require_POST
def result_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    result = _result(user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the result is corrected."))
        return redirect(_detail_url(result.campaign_id, "results"))
    try:
        services.correct_result(actor=user, result=result, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The result is corrected."))
    return redirect(_detail_url(result.campaign_id, "results"))


@login_required
@require_GET
def evidence_view(request: HttpRequest, pk: int) -> FileResponse:
    """A result's evidence, to whoever reads the campaign."""
    user = staff(request)
    result = _result(user, pk)
    if not result.evidence:
        raise Http404
    name = os.path.basename(result.evidence.name or "")
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        result.evidence.open("rb"), as_attachment=True, filename=name, content_type=ctype
    )


@login_required
def evaluate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk, A.MANAGE)
    bodies = select.participating(campaign)
    initial: dict[str, Any] = {}
    if (chosen := request.GET.get("body", "")).isdigit():
        initial["organization"] = int(chosen)
        found = Evaluation.objects.filter(campaign=campaign, organization_id=int(chosen)).first()
        if found is not None:
            initial.update(rating=found.rating, remark=found.remark)
    form = EvaluationForm(request.POST or None, bodies=bodies, initial=initial)

    def save(d: dict[str, Any]) -> str:
        services.evaluate(
            actor=user,
            campaign=campaign,
            organization=d["organization"],
            rating=d["rating"],
            remark=d["remark"],
        )
        messages.success(request, _("The evaluation is saved."))
        return _detail_url(campaign, "evaluation")

    return _form(
        request,
        form,
        save,
        _("Evaluate a body"),
        _detail_url(campaign),
        crumbs=crumbs((campaign.name, _detail_url(campaign))),
        intro=campaign.criteria,
    )


@login_required
def propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose an excellently rated body for an award: a draft proposal in emulation."""
    user = staff(request)
    evaluation = Evaluation.objects.select_related("organization", "campaign").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    campaign = access.get_campaign(user, evaluation.campaign_id, A.MANAGE)
    evaluation.campaign = campaign
    kinds = award_kinds_for(RecipientKind.COLLECTIVE)
    competent: set[int] = set()
    for kind in kinds:
        competent |= set(
            competent_authorities(kind, campaign.organizer).values_list("pk", flat=True)
        )
    form = ProposalForm(
        request.POST or None,
        kinds=kinds,
        authorities=Organization.objects.filter(pk__in=competent).order_by("name"),
        initial={"summary": services.default_summary(evaluation)},
    )

    def save(d: dict[str, Any]) -> str:
        proposal = services.propose_for_award(
            actor=user,
            evaluation=evaluation,
            award_kind=d["award_kind"],
            authority=d["authority"],
            summary=d["summary"],
        )
        messages.success(request, _("The award proposal is drafted in Emulation and awards."))
        return reverse("emulation:proposal", args=[proposal.pk])

    return _form(
        request,
        form,
        save,
        _("Propose for an award"),
        _detail_url(campaign, "evaluation"),
        crumbs=crumbs((campaign.name, _detail_url(campaign))),
        intro=evaluation.organization.name,
        submit=_("Draft the proposal"),
    )


def _act(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk, A.MANAGE)
    try:
        run(user, campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(campaign))
    messages.success(request, done)
    return redirect(_detail_url(campaign))


@login_required
@require_POST
def launch_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda u, c: services.launch(actor=u, campaign=c),
        _("The campaign is launched: the participating bodies can report their results."),
    )


@login_required
@require_POST
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda u, c: services.close(actor=u, campaign=c),
        _("The campaign is closed: evaluate the participating bodies."),
    )


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        return HttpResponse(_("Unknown action."), status=400)
    published = action == "publish"
    return _act(
        request,
        pk,
        lambda u, c: services.publish(actor=u, campaign=c, published=published),
        _("The campaign is on the public pages.")
        if published
        else _("The campaign is no longer on the public pages."),
    )


@login_required
@require_GET
def xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    user = staff(request)
    campaign = access.get_campaign(user, pk)
    stamp = today().strftime("%Y%m%d")
    return FileResponse(
        exports.rollup_xlsx(select.rollup(campaign)),
        as_attachment=True,
        filename=f"cuoc-van-dong-{campaign.pk}-{stamp}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
