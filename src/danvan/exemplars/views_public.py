"""The public showcase of recognized "Dân vận khéo" models: a gallery and a page per model.

No account is needed. The filters are GET parameters, so a filtered list can be shared as a
link. A person's name is shown only with their consent (`Exemplar.shows_holder_publicly`).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.org.models import Organization

from . import selectors, services, showcase
from .access import OWNER_ROLES
from .forms import InquiryForm, ReplicationForm
from .models import Exemplar, ExemplarField, ExemplarKind, Inquiry, RecognitionLevel
from .selectors import public_exemplars


def gallery_view(request: HttpRequest) -> HttpResponse:
    filters = showcase.GalleryFilters.from_query(request.GET)
    page, query = page_of(request, Paginator(showcase.gallery(filters), showcase.PER_PAGE))
    covers = showcase.cover_photos(page)
    for exemplar in page:
        exemplar.cover_id = covers.get(exemplar.pk)
    map_query = request.GET.copy()
    for name in ("page", "province"):
        map_query.pop(name, None)
    filtered = bool(filters.q or filters.kind or filters.field or filters.level) or (
        filters.province is not None
    )
    return render(
        request,
        "exemplars/public/gallery.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "query": query,
            "kinds": ExemplarKind.choices,
            "fields": ExemplarField.choices,
            "levels": RecognitionLevel.choices,
            "provinces": showcase.provinces(),
            "map": showcase.gallery_map(filters, map_query.urlencode()),
        },
    )


def _staff_bodies(
    request: HttpRequest, exemplar: Exemplar, *, adopting: bool
) -> QuerySet[Organization] | None:
    """For a signed-in officer: the other bodies they act for (those that have not adopted
    the model yet, when `adopting`); None for visitors and citizens."""
    if not request.user.is_authenticated:
        return None
    user = cast(User, request.user)
    if not scopes.has_role(user, OWNER_ROLES):
        return None
    if adopting:
        return selectors.adopting_bodies(user, exemplar)
    return selectors.other_bodies_acting_for(user, exemplar)


def _my_inquiries(request: HttpRequest, exemplar: Exemplar) -> list[Inquiry]:
    if not request.user.is_authenticated:
        return []
    mine = Inquiry.objects.filter(exemplar=exemplar, asked_by=request.user)
    return list(mine.select_related("asking_body"))


def detail_view(
    request: HttpRequest,
    pk: int,
    adopt_form: ReplicationForm | None = None,
    inquiry_form: InquiryForm | None = None,
) -> HttpResponse:
    exemplar = get_object_or_404(showcase.public_detail(), pk=pk)
    adopters = _staff_bodies(request, exemplar, adopting=True)
    if adopt_form is None and adopters is not None and adopters.exists():
        adopt_form = ReplicationForm(bodies=adopters, auto_id="id_adopt_%s")
        adopt_form.preselect_single("organization")
    askers = _staff_bodies(request, exemplar, adopting=False)
    if inquiry_form is None and askers is not None and askers.exists():
        inquiry_form = InquiryForm(bodies=askers, auto_id="id_ask_%s")
    body = exemplar.organization
    successor = body.current if body.current_id not in (None, body.pk) else None
    replications = list(exemplar.replications.all())
    return render(
        request,
        "exemplars/public/detail.html",
        {
            "exemplar": exemplar,
            "subfields": list(exemplar.subfields.all()),
            "recognitions": list(exemplar.recognitions.all()),
            "results": showcase.result_lines(exemplar),
            "replications": replications,
            "body": body,
            "successor": successor,
            "map": showcase.detail_map(exemplar),
            "photos": showcase.public_photos(exemplar),
            "adopt_form": adopt_form,
            "inquiry_form": inquiry_form,
            "my_inquiries": _my_inquiries(request, exemplar),
        },
    )


@login_required
@require_POST
def adopt_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer of another body records, from the showcase, that their body adopted it."""
    exemplar = get_object_or_404(public_exemplars().select_related("organization"), pk=pk)
    adopters = _staff_bodies(request, exemplar, adopting=True)
    if adopters is None:
        raise PermissionDenied
    form = ReplicationForm(request.POST, bodies=adopters, auto_id="id_adopt_%s")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.record_replication(
                actor=cast(User, request.user),
                exemplar=exemplar,
                organization=d["organization"],
                adopted_on=d["adopted_on"],
                note=d["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your body's adoption has been recorded."))
            return redirect("exemplars:public_detail", pk=pk)
    return detail_view(request, pk, adopt_form=form)


@login_required
@require_POST
def ask_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer of another body asks the registering body about replicating the model."""
    exemplar = get_object_or_404(public_exemplars().select_related("organization"), pk=pk)
    bodies = _staff_bodies(request, exemplar, adopting=False)
    if bodies is None:
        raise PermissionDenied
    form = InquiryForm(request.POST, bodies=bodies, auto_id="id_ask_%s")
    if form.is_valid():
        try:
            services.ask(
                actor=cast(User, request.user),
                exemplar=exemplar,
                asking_body=form.cleaned_data["asking_body"],
                question=form.cleaned_data["question"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your question has been sent to the body that registered the model.")
            )
            return redirect("exemplars:public_detail", pk=pk)
    return detail_view(request, pk, inquiry_form=form)
