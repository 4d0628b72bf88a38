"""The register of outgoing documents: a body's documents with their numbers, a form that
numbers a new one (the service takes the next number of its type and year or term), and the
.docx in the body's layout."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.forms import form_page
from danvan.lib.pagination import page_of

from . import access
from .forms import OutgoingForm
from .models import OutgoingDocument
from .outgoing_docx import outgoing_docx
from .pages import staff
from .services import register as services


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    bodies = access.bodies_for(user)
    documents = (
        OutgoingDocument.objects.filter(body__in=bodies)
        .select_related("body", "registered")
        .order_by("-signed_on", "-created_at", "-pk")
    )
    page, query = page_of(request, Paginator(documents, 25))
    return render(
        request,
        "directives/register.html",
        {
            "page": page,
            "query": query,
            "can_issue": user.has_perm("directives.issue"),
            "crumbs": [(_("Directing documents"), reverse("directives:registry"))],
        },
    )


@login_required
def issue_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    bodies = access.bodies_for(user, access.WRITER_ROLES)
    if not bodies.exists():
        raise PermissionDenied
    form = OutgoingForm(request.POST or None, bodies=bodies)

    def save(d: dict[str, Any]) -> str:
        made = services.issue(body=d["body"], spec=form.spec(), actor=user)
        messages.success(
            request, _("Numbered %(symbol)s: download it and sign.") % {"symbol": made.symbol}
        )
        return reverse("directives:register")

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Number an outgoing document"),
            "intro": _(
                "The number is the next one of the type in your body's register for the year "
                "(State bodies) or the term (Party bodies); it is taken when you save."
            ),
            "crumbs": [(_("Outgoing documents"), reverse("directives:register"))],
            "back": reverse("directives:register"),
            "submit": _("Take the number"),
        },
    )


@login_required
def docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    doc = (
        OutgoingDocument.objects.select_related("body__parent", "body__current_unit", "body__unit")
        .filter(pk=pk, body__in=access.bodies_for(user))
        .first()
    )
    if doc is None:
        raise Http404
    response = HttpResponse(
        outgoing_docx(doc),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = doc.symbol.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
