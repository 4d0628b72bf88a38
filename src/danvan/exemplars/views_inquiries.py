"""Answering questions about replicating a model (asked from the showcase, views_public): the
registering body's staff answer on the model's page; the asker reads it on the showcase."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User

from . import access, services
from .forms import AnswerForm


@login_required
@require_POST
def answer_view(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    inquiry = access.inquiry_for(request.user, pk, iid, access.Action.CHANGE)
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
