"""Officer pages for award proposals: the list in scope (and its XLSX), creating one in two
steps (who proposes which award; then the competent granting body, the achievements and the
recipients), editing, the dossier's documents, and the steps: submit, return, reject, and
approve by issuing the decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.exemplars.models import Exemplar
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.lib.search import matching_all

from . import access, exports, selectors, services
from .access import OWNER_ROLES, within
from .forms import (
    DocumentForm,
    NoteForm,
    ProposalForm,
    ProposalStartForm,
    RecipientFormSet,
    put_errors,
)
from .models import (
    AwardKind,
    MovementStatus,
    Proposal,
    ProposalDocument,
    ProposalState,
)
from .views_movements import PER_PAGE, user_of

EDITABLE = {ProposalState.DRAFT, ProposalState.RETURNED}


def _filtered(request: HttpRequest) -> tuple[QuerySet[Proposal], dict[str, Any]]:
    user = user_of(request)
    state = request.GET.get("state", "")
    q = request.GET.get("q", "")[:100].strip()
    qs = selectors.visible_proposals(user)
    if state in ProposalState.values:
        qs = qs.filter(state=state)
    return matching_all(qs, q), {"state": state, "q": q}


@login_required
def proposal_list_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("emulation.view_proposal"):
        raise PermissionDenied
    qs, filters = _filtered(request)
    qs = (
        qs.select_related("proposer", "authority", "award_kind")
        .annotate(n_recipients=Count("recipients"))
        .order_by("-created_at", "-id")
    )
    page, query = page_of(request, Paginator(qs, PER_PAGE))
    return render(
        request,
        "emulation/proposals/list.html",
        {
            "page": page,
            **filters,
            "states": ProposalState.choices,
            "query": query,
            "can_add": user.has_perm("emulation.add_proposal"),
        },
    )


@login_required
def proposal_xlsx_view(request: HttpRequest) -> FileResponse:
    if not request.user.has_perm("emulation.view_proposal"):
        raise PermissionDenied
    qs, _filters = _filtered(request)
    return FileResponse(
        exports.proposals_xlsx(qs),
        as_attachment=True,
        filename="de-nghi-khen-thuong.xlsx",
        content_type=exports.XLSX,
    )


def _exemplar(user: Any, number: int | None) -> Exemplar | None:
    if not number:
        return None
    return Exemplar.objects.filter(pk=number).first()


def _movements(user: Any, proposer: Any) -> QuerySet:
    movements = selectors.visible_movements(user).exclude(status=MovementStatus.DRAFT)
    ids = [
        m.pk for m in movements.select_related("organization") if within(m.organization, proposer)
    ]
    return movements.filter(pk__in=ids).order_by("-start_date")


def _save_proposal(
    request: HttpRequest,
    form: ProposalForm,
    recipients: Any,
    *,
    proposer: Any,
    kind: AwardKind,
    proposal: Proposal | None,
) -> Proposal | None:
    user = user_of(request)
    d = form.cleaned_data
    common = {
        "actor": user,
        "award_kind": kind,
        "authority": d["authority"],
        "year": d["year"],
        "summary": d["summary"],
        "reference": d["reference"],
        "movement": d["movement"],
        "exemplar": _exemplar(user, d["exemplar"]),
        "recipients": recipients.recipients(),
    }
    if d["exemplar"] and common["exemplar"] is None:
        form.add_error("exemplar", _("There is no model with this number."))
        return None
    try:
        if proposal is None:
            return services.create_proposal(proposer=proposer, **common)
        return services.update_proposal(proposal=proposal, **common)
    except ValidationError as error:
        put_errors(form, recipients, error)
    return None


@login_required
def proposal_new_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("emulation.add_proposal"):
        raise PermissionDenied
    bodies = selectors.bodies_acting_for(user, OWNER_ROLES)
    start = ProposalStartForm(request.GET if "proposer" in request.GET else None, bodies=bodies)
    if not start.is_bound or not start.is_valid():
        return render(request, "emulation/proposals/start.html", {"start": start})
    proposer, kind = start.cleaned_data["proposer"], start.cleaned_data["award_kind"]
    authorities = selectors.competent_authorities(kind, proposer).order_by("name")
    data = request.POST if request.method == "POST" else None
    form = ProposalForm(data, authorities=authorities, movements=_movements(user, proposer))
    recipients = RecipientFormSet(data, prefix="r", bodies=selectors.recipient_bodies(user))
    if data is not None and form.is_valid() and recipients.is_valid():
        proposal = _save_proposal(
            request, form, recipients, proposer=proposer, kind=kind, proposal=None
        )
        if proposal is not None:
            messages.success(
                request, _("The proposal has been saved as a draft: attach its documents.")
            )
            return redirect("emulation:proposal", pk=proposal.pk)
    return render(
        request,
        "emulation/proposals/form.html",
        {
            "form": form,
            "recipients": recipients,
            "proposer": proposer,
            "kind": kind,
            "proposal": None,
            "no_authority": not authorities.exists(),
        },
    )


def _proposal_for(
    request: HttpRequest, pk: int, action: access.Action = access.Action.VIEW
) -> Proposal:
    return access.proposal_for(
        request.user,
        pk,
        action,
        Proposal.objects.select_related(
            "proposer", "authority", "award_kind", "movement", "exemplar", "created_by"
        ),
    )


@login_required
def proposal_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_for(request, pk, access.Action.CHANGE)
    user = user_of(request)
    if proposal.state not in EDITABLE:
        messages.error(request, _("Only a draft or a returned proposal can be edited."))
        return redirect("emulation:proposal", pk=proposal.pk)
    authorities = selectors.competent_authorities(proposal.award_kind, proposal.proposer)
    data = request.POST if request.method == "POST" else None
    form = ProposalForm(
        data,
        authorities=authorities.order_by("name"),
        movements=_movements(user, proposal.proposer),
        initial={
            "authority": proposal.authority_id,
            "year": proposal.year,
            "reference": proposal.reference,
            "summary": proposal.summary,
            "movement": proposal.movement_id,
            "exemplar": proposal.exemplar_id,
        },
    )
    initial = [
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
    recipients = RecipientFormSet(
        data,
        prefix="r",
        initial=initial,
        bodies=selectors.recipient_bodies(user, [row["organization"] for row in initial]),
    )
    if data is not None and form.is_valid() and recipients.is_valid():
        saved = _save_proposal(
            request,
            form,
            recipients,
            proposer=proposal.proposer,
            kind=proposal.award_kind,
            proposal=proposal,
        )
        if saved is not None:
            messages.success(request, _("The proposal has been saved."))
            return redirect("emulation:proposal", pk=proposal.pk)
    return render(
        request,
        "emulation/proposals/form.html",
        {
            "form": form,
            "recipients": recipients,
            "proposer": proposal.proposer,
            "kind": proposal.award_kind,
            "proposal": proposal,
            "no_authority": False,
        },
    )


def _step(request: HttpRequest, proposal: Proposal, action: str, note_form: NoteForm) -> bool:
    user = user_of(request)
    note = note_form.cleaned_data.get("note", "") if note_form.is_valid() else ""
    calls: dict[str, tuple[Callable[..., Proposal], str]] = {
        "submit": (services.submit, _("The proposal has been submitted.")),
        "return": (services.return_proposal, _("The proposal has been returned to the proposer.")),
        "reject": (services.reject, _("The proposal has been rejected.")),
    }
    if action not in calls:
        messages.error(request, _("Unknown action."))
        return False
    call, done = calls[action]
    try:
        call(actor=user, proposal=proposal, note=note)
    except ValidationError as error:
        add_service_errors(note_form, error)
        proposal.refresh_from_db()
        return False
    messages.success(request, done)
    return True


@login_required
def proposal_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_for(request, pk)
    user = user_of(request)
    can_change = user.has_perm("emulation.change_proposal", proposal)
    editable = can_change and proposal.state in EDITABLE
    action = request.POST.get("action") if request.method == "POST" else None
    document_form = DocumentForm(
        request.POST if action == "attach" else None,
        request.FILES if action == "attach" else None,
        auto_id="id_doc_%s",
    )
    note_form = NoteForm(request.POST if action in ("submit", "return", "reject") else None)
    if action == "attach":
        if not editable:
            raise PermissionDenied
        if document_form.is_valid():
            try:
                services.attach_documents(
                    actor=user,
                    proposal=proposal,
                    doc_type=document_form.cleaned_data["doc_type"],
                    files=document_form.cleaned_data["upload"],
                )
            except ValidationError as error:
                add_service_errors(document_form, error)
            else:
                messages.success(request, _("The document has been attached."))
                return redirect("emulation:proposal", pk=proposal.pk)
    elif action == "remove_document":
        document = get_object_or_404(
            ProposalDocument, pk=request.POST.get("document", "0") or 0, proposal=proposal
        )
        try:
            services.remove_document(actor=user, document=document)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("emulation:proposal", pk=proposal.pk)
    elif action and _step(request, proposal, action, note_form):
        return redirect("emulation:proposal", pk=proposal.pk)
    submitted = proposal.state == ProposalState.SUBMITTED
    return render(
        request,
        "emulation/proposals/detail.html",
        {
            "proposal": proposal,
            "recipients": list(proposal.recipients.select_related("organization")),
            "documents": list(proposal.documents.select_related("uploaded_by")),
            "events": list(proposal.events.select_related("actor")),
            "decision": getattr(proposal, "decision", None)
            if proposal.state == ProposalState.APPROVED
            else None,
            "editable": editable,
            "document_form": document_form,
            "note_form": note_form,
            "can_return": submitted and user.has_perm("emulation.return_proposal", proposal),
            "can_decide": submitted and user.has_perm("emulation.decide_proposal", proposal),
            "action": action,
        },
    )


@login_required
def document_view(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    proposal = _proposal_for(request, pk)
    document = get_object_or_404(proposal.documents, pk=doc)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


__all__ = [
    "document_view",
    "proposal_detail_view",
    "proposal_edit_view",
    "proposal_list_view",
    "proposal_new_view",
    "proposal_xlsx_view",
]
