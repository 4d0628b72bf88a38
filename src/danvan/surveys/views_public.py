"""The citizen's side: answer a survey through its link or QR code, with no account, on a
phone; a thank-you page; the QR code itself (SVG and PNG, drawn here by segno, nothing
fetched). An answer sent twice is kept once (the form carries its own key); a hidden field
that people never fill and a per-address rate keep robots and floods out."""

from __future__ import annotations

import io
import secrets

import segno
from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import sheet
from .models import Channel, Survey
from .services import invitations
from .services.answering import is_open, submit_response

TRAP = "website"  # a field hidden from people; robots fill every field


def _survey(key: str, *, public: bool = False) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("owner"), key=key)
    if public and not survey.public_link:
        raise Http404  # its QR code: a survey answered by code only has none
    return survey


@never_cache
def answer_view(request: HttpRequest, key: str) -> HttpResponse:
    """The answer form. A one-time code (printed on a slip, sent to a citizen) comes in the
    link (?ma=…) or is typed; a survey with no public link is answered only so."""
    survey = _survey(key)
    version = survey.versions.order_by("-number").first()
    if version is None or not is_open(survey):
        return render(request, "surveys/public/closed.html", {"survey": survey}, status=200)
    code = (request.POST.get("code") or request.GET.get("ma") or "").strip()[:20]
    if code and not invitations.is_valid(survey=survey, code=code):
        error = _("This code is not valid or has been used.")
        return _code_page(request, survey, code, error, 400)
    if not code and not survey.public_link:
        return _code_page(request, survey, "", "", 200)
    channel = Channel.CODE if code else Channel.LINK
    if not code and request.GET.get("kenh") == "qr":
        channel = Channel.QR
    errors: dict[str, str] = {}
    problem = ""
    given: dict[str, list[str]] = {}
    submission = secrets.token_urlsafe(16)
    status = 200
    if request.method == "POST":
        given = sheet.posted(request.POST)
        submission = request.POST.get("key", "")[:64]
        if not code and request.POST.get("channel") == Channel.QR:
            channel = Channel.QR
        if request.POST.get(TRAP):
            return redirect("surveys_public:thanks", key=key)  # said kindly, kept nowhere
        if not ratelimit.consume(request, action="survey_answer"):
            problem = _("Too many answers from this address. Wait a minute and send again.")
            status = 429
        else:
            try:
                submit_response(
                    survey=survey,
                    version=version,
                    sheet=given,
                    channel=channel,
                    key=submission,
                    code=code,
                )
            except ValidationError as error:
                errors = {k: " ".join(v) for k, v in getattr(error, "message_dict", {}).items()}
                problem = errors.pop("code", "") or ("" if errors else " ".join(error.messages))
                status = 400
            else:
                return redirect("surveys_public:thanks", key=key)
    return render(
        request,
        "surveys/public/answer.html",
        {
            "survey": survey,
            "fields": sheet.fields(version, given, errors),
            "errors": errors,
            "problem": problem,
            "key": submission,
            "channel": channel,
            "code": code,
            "trap": TRAP,
        },
        status=status,
    )


def _code_page(
    request: HttpRequest, survey: Survey, code: str, error: str, status: int
) -> HttpResponse:
    return render(
        request,
        "surveys/public/code.html",
        {"survey": survey, "code": code, "error": error},
        status=status,
    )


def thanks_view(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "surveys/public/thanks.html", {"survey": _survey(key)})


def qr_view(request: HttpRequest, key: str, ext: str) -> HttpResponse:
    """The survey's QR code: its public link, marked as come by QR code."""
    survey = _survey(key, public=True)
    url = request.build_absolute_uri(reverse("surveys_public:answer", args=[survey.key]))
    code = segno.make(f"{url}?kenh=qr", error="m")
    out = io.BytesIO()
    if ext == "svg":
        code.save(out, kind="svg", scale=8, border=4, title=survey.title)
        content_type = "image/svg+xml"
    else:
        code.save(out, kind="png", scale=10, border=4)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    if request.GET.get("tai") == "1":
        response["Content-Disposition"] = f'attachment; filename="khao-sat-{survey.key}.{ext}"'
    return response
