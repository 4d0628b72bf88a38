"""Evidence of a model: staff upload, read and remove photos and documents on the model's page;
the public showcase shows the photos marked public. Files are never served by URL: each view
checks who may read it."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User

from . import access, services
from .forms import EvidenceForm
from .models import EvidenceFile, EvidenceKind
from .selectors import public_exemplars


def _file_response(evidence: EvidenceFile, *, download: bool) -> FileResponse:
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=download,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = access.exemplar_for(request.user, pk, access.Action.CHANGE)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("exemplars:detail", pk=pk)
    d = form.cleaned_data
    try:
        services.add_evidence(
            actor=cast(User, request.user),
            exemplar=exemplar,
            kind=d["kind"],
            files=services.check_evidence(d["kind"], d["uploads"]),
            caption=d["caption"],
            public=d["public"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The files have been added."))
    return redirect("exemplars:detail", pk=pk)


@login_required
def file_view(request: HttpRequest, pk: int, fid: int) -> FileResponse:
    evidence = access.evidence_for(request.user, pk, fid, access.Action.VIEW)
    return _file_response(evidence, download=evidence.kind == EvidenceKind.DOCUMENT)


@login_required
@require_POST
def remove_view(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    evidence = access.evidence_for(request.user, pk, fid, access.Action.CHANGE)
    services.remove_evidence(actor=cast(User, request.user), evidence=evidence)
    messages.success(request, _("The file has been removed."))
    return redirect("exemplars:detail", pk=pk)


def public_photo_view(request: HttpRequest, pk: int, fid: int) -> FileResponse:
    """A photo marked public of a recognized model (never of a person who did not agree)."""
    exemplar = get_object_or_404(public_exemplars(), pk=pk)
    if not exemplar.shows_holder_publicly:
        raise Http404
    evidence = get_object_or_404(
        EvidenceFile, pk=fid, exemplar=exemplar, kind=EvidenceKind.PHOTO, public=True
    )
    response = _file_response(evidence, download=False)
    response["Cache-Control"] = "public, max-age=86400"
    return response
