"""The registry of directing documents: search it (diacritics ignored, full text included),
read a document with its links and standing, register and correct entries, link them, and
find the documents and figures a pasted or uploaded text cites. Who may do what is
`access`'s; every write is a service; bad input comes back with status 400 and the error
beside the field."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.uploads import DOCX, PDF, check_uploads
from danvan.org.models import Organization

from . import access, extract, reading
from .forms import DocumentForm, FindForm, LinkForm, ProposeForm, RegistryFilter
from .models import PLAN_KINDS, Document, DocumentLink, DocumentState, Workplan
from .pages import crumbs, of, staff
from .selectors import compliance
from .selectors import documents as selectors
from .services import documents as services


@login_required
def registry_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    filters = RegistryFilter(request.GET or None)
    visible = access.documents_for(user)
    documents = selectors.search(visible)
    if filters.is_valid():
        d = filters.cleaned_data
        documents = selectors.search(
            visible,
            q=d["q"],
            kind=d["kind"],
            system=d["system"],
            standing_on=d["in_force_on"],
            state=d["state"],
            level=d["level"],
        )
    day = today()
    documents = selectors.with_replacement(
        documents.select_related("issuer").order_by("-signed_on", "-pk")
    ).defer("text", "text_folded")
    page, query = page_of(request, Paginator(documents, 25))
    rows = list(page.object_list)
    totals = compliance.directive_totals(
        access.duties_for(user).filter(document__in=[d.pk for d in rows]), day
    )
    to_confirm = visible.filter(state=DocumentState.PROPOSED).count()
    return render(
        request,
        "directives/registry.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "rows": [
                (d, selectors.Standing.LABELS[s], s, totals.get(d.pk))
                for d in rows
                for s in [selectors.standing(d, day)]
            ],
            "can_add": user.has_perm("directives.add_document"),
            "to_confirm": to_confirm,
        },
    )


@login_required
def document_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk)
    day = today()
    annotated = selectors.with_replacement(Document.objects.filter(pk=document.pk)).get()
    visible = access.documents_for(user)
    cascades = list(
        access.cascades_for(user)
        .filter(document=document)
        .select_related("issuer", "parent_duty__body")
        .order_by("started_on", "pk")
    )
    totals = compliance.directive_totals(access.duties_for(user).filter(document=document), day)
    own_duties = list(
        access.duties_for(user)
        .filter(document=document, body__in=access.bodies_for(user, access.WRITER_ROLES))
        .select_related("body")
    )
    can_edit = access.may_edit_document(user, document)
    reviews = list(
        access.reviews_for(user).filter(document=document).select_related("caller", "conference")
    )
    has_tasks = Workplan.objects.filter(document=document).exists()
    may_add_tasks = (
        not has_tasks
        and document.kind in PLAN_KINDS
        and document.issuer is not None
        and access.may_plan(user, document.issuer)
    )
    return render(
        request,
        "directives/document.html",
        {
            "document": document,
            "standing": selectors.Standing.LABELS[selectors.standing(annotated, day)],
            "standing_key": selectors.standing(annotated, day),
            "links": selectors.links_of(document, visible),
            "cascades": cascades,
            "total": totals.get(document.pk),
            "own_duties": own_duties,
            "can_edit": can_edit,
            "tasks": has_tasks or may_add_tasks,
            "reviews": reviews,
            "can_cascade": user.has_perm("directives.cascade")
            and document.state == DocumentState.CONFIRMED,
            "crumbs": crumbs(),
        },
    )


def _registrars(user: User) -> Any:
    return access.bodies_for(user).order_by("name")


@login_required
def document_new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if not user.has_perm("directives.add_document"):
        raise PermissionDenied
    initial = {
        k: request.GET[k] for k in ("symbol", "issuer_name", "signed_on") if k in request.GET
    }
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        registrars=_registrars(user),
        issuers=Organization.objects.current(),
        initial=initial,
    )

    def save(d: dict[str, Any]) -> str:
        registrar = d["registrar"]
        if not user.has_perm("directives.add_document", registrar):
            raise PermissionDenied
        document = services.register_document(
            spec=form.spec(), registrar=registrar, upload=d["file"], actor=user
        )
        messages.success(request, _("%(document)s is in the registry.") % {"document": document})
        return reverse("directives:document", args=[document.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Register a directing document"),
            "crumbs": crumbs(),
            "back": reverse("directives:registry"),
            "submit": _("Register"),
            "multipart": True,
        },
    )


@login_required
def document_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk, access.Action.EDIT)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        registrars=Organization.objects.filter(pk=document.registrar_id),
        issuers=Organization.objects.current(),
        initial=DocumentForm.initial_of(document),
    )
    form.fields["registrar"].disabled = True

    def save(d: dict[str, Any]) -> str:
        services.update_document(document=document, spec=form.spec(), upload=d["file"], actor=user)
        messages.success(request, _("The entry is corrected."))
        return reverse("directives:document", args=[document.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Correct %(document)s") % {"document": document.symbol},
            "crumbs": crumbs(of(document)),
            "back": reverse("directives:document", args=[document.pk]),
            "submit": _("Save"),
            "multipart": True,
        },
    )


@login_required
def link_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk, access.Action.EDIT)
    visible = access.documents_for(user).filter(state=DocumentState.CONFIRMED).exclude(pk=pk)
    form = LinkForm(request.POST or None, documents=visible)

    def save(d: dict[str, Any]) -> str:
        services.link_documents(source=document, kind=d["kind"], target=d["target"], actor=user)
        messages.success(request, _("The link is recorded."))
        return reverse("directives:document", args=[document.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Link %(document)s to another document") % {"document": document.symbol},
            "intro": _(
                "For example: Kết luận 43-KL/TW continues Nghị quyết 25-NQ/TW; a "
                "province's programme implements both."
            ),
            "crumbs": crumbs(of(document)),
            "back": reverse("directives:document", args=[document.pk]),
            "submit": _("Link"),
        },
    )


@login_required
@require_POST
def link_remove_view(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk, access.Action.EDIT)
    found = (
        DocumentLink.objects.filter(pk=link, source=document)
        .select_related("source", "target")
        .first()
    )
    if found is None:
        raise Http404
    services.unlink_documents(link=found, actor=user)
    messages.success(request, _("The link is removed."))
    return redirect("directives:document", pk=pk)


@login_required
@require_POST
def confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk, access.Action.EDIT)
    try:
        services.confirm_document(document=document, actor=user)
    except ValidationError as error:
        # A proposal lacking its issuer or summary: the form where they are written.
        messages.error(request, " ".join(error.messages))
        return redirect("directives:document_edit", pk=pk)
    messages.success(request, _("%(document)s is in the registry.") % {"document": document})
    return redirect("directives:document", pk=pk)


@login_required
def file_view(request: HttpRequest, pk: int) -> FileResponse:
    user = staff(request)
    document = access.document_for(user, pk)
    if not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or f"{document.symbol}.bin",
        content_type=document.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def find_view(request: HttpRequest) -> HttpResponse:
    """Paste or upload a text: the documents it cites, each matched to the registry or
    offered for registration, and the figures it reports."""
    user = staff(request)
    form = FindForm(request.POST or None, request.FILES or None)
    found: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                text = _textof(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                found = _found(user, text)
        else:
            status = 400
    return _find_page(request, user, form, found, status)


def _find_page(
    request: HttpRequest,
    user: User,
    form: FindForm,
    found: dict[str, Any] | None,
    status: int = 200,
    propose: ProposeForm | None = None,
) -> HttpResponse:
    can_add = user.has_perm("directives.add_document")
    if found and found["proposals"] and can_add and propose is None:
        propose = ProposeForm(
            initial={"proposals": json.dumps(found["proposals"], ensure_ascii=False)},
            registrars=_registrars(user),
        )
    return render(
        request,
        "directives/find.html",
        {
            "form": form,
            "found": found,
            "crumbs": crumbs(),
            "can_add": can_add,
            "propose": propose,
            "propose_errors": [
                e for errors in (propose.errors.values() if propose else []) for e in errors
            ],
        },
        status=status,
    )


def _found(user: User, text: str) -> dict[str, Any]:
    """The citations with their registry entries, the figures, and what could be proposed:
    each citation the registry lacks that gives its date, with the title the text gives."""
    every = extract.documents(text)
    titles: dict[str, str] = {}  # a symbol's first title in the text
    by_start = extract.titles(text, every)
    for c in every:
        if c.start in by_start:
            titles.setdefault(c.symbol, by_start[c.start])
    matches = selectors.match_citations(
        selectors.distinct_citations(every), access.documents_for(user)
    )
    proposals = [
        {
            "symbol": m.cited.symbol,
            "issuer": m.cited.issuer,
            "date": m.cited.date.isoformat(),
            "summary": titles.get(m.cited.symbol, ""),
        }
        for m in matches
        if m.document is None and m.cited.date is not None
    ]
    return {
        "matches": [(m, titles.get(m.cited.symbol, "")) for m in matches],
        "figures": extract.figures(text),
        "unmatched": sum(1 for m in matches if m.document is None),
        "proposals": proposals[: ProposeForm.MOST],
    }


@login_required
@require_POST
def propose_view(request: HttpRequest) -> HttpResponse:
    """Enter the citations the registry lacks as proposals, all at once, for an officer to
    check and confirm (the registry lists them under "to be confirmed")."""
    user = staff(request)
    if not user.has_perm("directives.add_document"):
        raise PermissionDenied
    propose = ProposeForm(request.POST, registrars=_registrars(user))
    if propose.is_valid():
        registrar = propose.cleaned_data["registrar"]
        if not user.has_perm("directives.add_document", registrar):
            raise PermissionDenied
        try:
            done = services.propose_documents(
                specs=propose.cleaned_data["proposals"], registrar=registrar, actor=user
            )
        except ValidationError as error:
            add_service_errors(propose, error)
        else:
            messages.success(
                request,
                _("%(added)s proposed, %(present)s already in the registry.")
                % {"added": len(done.added), "present": done.present},
            )
            return redirect(f"{reverse('directives:registry')}?state={DocumentState.PROPOSED}")
    return _find_page(request, user, FindForm(), None, 400, propose)


def _textof(data: dict[str, Any]) -> str:
    upload = data.get("file")
    if upload is None:
        return str(data["text"])
    checked = check_uploads(
        [upload],
        field="file",
        accepted=(DOCX, PDF),
        max_files=1,
        max_megabytes=services.MAX_TEXT_MEGABYTES,
    )[0]
    try:
        return reading.read_bytes(b"".join(checked.upload.chunks()), checked.upload.name or "").text
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from None
