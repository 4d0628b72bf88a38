"""Questions about replicating a model: officers of other bodies ask from the showcase; the
registering body's staff answer on the model's page; the asker reads the answer on the
showcase page."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.forms import add_service_errors
from danvan.org.models import Organization

from . import selectors, services
from .forms import AnswerForm, InquiryForm
from .models import Exemplar, Inquiry
from .rules import OWNER_ROLES


def asking_bodies(request: HttpRequest, exemplar: Exemplar) -> QuerySet[Organization] | None:
    """The bodies a signed-in officer acts for, other than the registering one."""
    if not request.user.is_authenticated:
        return None
    user = cast(User, request.user)
    if not scopes.has_role(user, OWNER_ROLES):
        return None
    org = exemplar.organization
    return (
        selectors.bodies_acting_for(user, OWNER_ROLES)
        .exclude(pk=org.pk)
        .exclude(pk=org.current_id or 0)
    )


def my_inquiries(request: HttpRequest, exemplar: Exemplar) -> list[Inquiry]:
    if not request.user.is_authenticated:
        return []
    return list(
        Inquiry.objects.filter(exemplar=exemplar, asked_by=request.user).select_related(
            "asking_body"
        )
    )


@login_required
@require_POST
def ask_view(request: HttpRequest, pk: int) -> HttpResponse:
    from .views_public import detail_view  # the page the form sits on

    exemplar = get_object_or_404(selectors.public_exemplars().select_related("organization"), pk=pk)
    bodies = asking_bodies(request, exemplar)
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


@login_required
@require_POST
def answer_view(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    inquiry = get_object_or_404(
        Inquiry.objects.select_related("exemplar__organization"), pk=iid, exemplar_id=pk
    )
    if not request.user.has_perm("exemplars.change_exemplar", inquiry.exemplar):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(
                actor=cast(User, request.user), inquiry=inquiry, text=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The answer has been sent."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect("exemplars:detail", pk=pk)
