"""The citizen's side: send a matter, follow it with its code and secret, read the answer, rate.

No account is needed. Access to a matter is kept in the session once the code and secret
have been given, so the secret never travels in a URL.
"""

from __future__ import annotations

import secrets
import uuid

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.forms import add_service_errors

from . import selectors
from .deadline_selectors import deadline_rows, progress_steps, withdrawn_parts
from .forms import RatingForm, SubmissionForm, TrackForm
from .models import Case, CaseState, Petitioner
from .services import places, workflow
from .services.attachments import check_files
from .services.intake import KeyReused, PersonData, Submission, submit

_SESSION_KEY = "danvan_case_access"
_FORM_SCOPE_KEY = "danvan_form_scope"


def _grant_access(request: HttpRequest, case: Case) -> None:
    allowed = set(request.session.get(_SESSION_KEY, []))
    allowed.add(case.pk)
    request.session[_SESSION_KEY] = sorted(allowed)[-50:]


def _form_scope(request: HttpRequest) -> str:
    """The web form's idempotency scope: this browser session's, so that a key read from
    the page works nowhere else (not in the API, not in another session)."""
    scope = request.session.get(_FORM_SCOPE_KEY)
    if not scope:
        scope = request.session[_FORM_SCOPE_KEY] = secrets.token_hex(16)
    return f"web:{scope}"


def _may_read(request: HttpRequest, case: Case) -> bool:
    user = request.user
    return case.pk in request.session.get(_SESSION_KEY, []) or (
        user.is_authenticated
        and Petitioner.objects.filter(
            case=case, account_index=Petitioner.account_digest(user.pk)
        ).exists()
    )


def submit_view(request: HttpRequest) -> HttpResponse:
    _form_scope(request)  # the scope exists before the form's key is handed out
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            files = check_files(d["attachments"])
            result = submit(
                submission=Submission(
                    title=d["title"],
                    content=d["content"],
                    channel="web",
                    unit=d["unit"],
                    address=d["address"],
                    field=d["field"],
                    person=PersonData(
                        full_name=d["full_name"],
                        phone=d["phone"],
                        email=d["email"],
                        anonymous=d["anonymous"],
                        consent=d["consent"],
                        survey_consent=d["survey_consent"],
                    ),
                    publish_content=d["publish_content"],
                    declared_kind=d["declared_kind"],
                    latitude=d["latitude"],
                    longitude=d["longitude"],
                ),
                idempotency_key=d["idempotency_key"],
                client=_form_scope(request),
                account=request.user if isinstance(request.user, User) else None,
                files=files,
            )
        except KeyReused:
            # This page was sent before with other content (back, edit, send): the first
            # matter stands; a new key lets the citizen send this one as a new matter.
            form = SubmissionForm(request.POST.dict() | {"idempotency_key": uuid.uuid4().hex})
            form.is_valid()
            form.add_error(
                None,
                _(
                    "This form was already sent, with other content. Your first matter has "
                    "been received. Press Send again to send this one as a new matter."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _grant_access(request, result.case)
            request.session["danvan_new_secret"] = result.secret
            if result.notice:  # no body set for the place: the province's receiving desk
                messages.info(request, result.notice)
            return redirect("cases:submitted", code=result.case.tracking_code)
    # The pin is drawn again only where it was valid (a refused point is dropped).
    pin_refused = form.is_bound and ("latitude" in form.errors or "longitude" in form.errors)
    pin_map = places.pin_map(
        province=form["province"].value(),
        latitude=None if pin_refused else form["latitude"].value(),
        longitude=None if pin_refused else form["longitude"].value(),
    )
    return render(
        request,
        "cases/public/submit.html",
        {"form": form, "pin_map": pin_map, "pin_refused": pin_refused},
    )


def communes_options(request: HttpRequest) -> HttpResponse:
    """The commune <option>s of a province, for the form's htmx-driven second select.

    With `lat` and `lon` (a point pinned on the map, pin-map.js): the options of the province
    of the commune nearest the point, that commune selected. The first option tells the
    script the province, the map's view of it, and the commune picked (none: the point is
    outside Viet Nam); each commune's option, where its dot goes on the map."""
    province = request.GET.get("province", "")
    picked = None
    if "lat" in request.GET and "lon" in request.GET:
        try:
            point = float(request.GET["lat"]), float(request.GET["lon"])
        except ValueError:
            point = None
        picked = places.commune_at(*point) if point else None
        if picked is not None:
            province = str(picked.province_id)
    province_id = int(province) if province.isdecimal() else None
    dots = places.commune_dots(province_id)
    return render(
        request,
        "cases/public/_communes.html",
        {
            "units": dots,
            "picked": picked,
            "province_id": province_id or "",
            "view_box": places.view_box_of(dots),
        },
    )


@login_required
def my_cases_view(request: HttpRequest) -> HttpResponse:
    """The matters a citizen sent while signed in: no code or secret needed to follow them."""
    cases = selectors.cases_of_account(request.user.pk)
    waiting = selectors.waiting_for_account(request.user.pk)
    return render(request, "cases/public/mine.html", {"cases": cases, "waiting": waiting})


def submitted_view(request: HttpRequest, code: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("organization"), tracking_code=code)
    if not _may_read(request, case):
        raise Http404
    secret = request.session.pop("danvan_new_secret", None)
    return render(request, "cases/public/submitted.html", {"case": case, "secret": secret})


def track_view(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Codes and secrets must not be guessed by trying many: 10 tries a minute per address.
        if not ratelimit.consume(request, action="track_case"):
            form.add_error(None, _("Too many attempts. Wait a minute and try again."))
        else:
            case = selectors.for_citizen(
                form.cleaned_data["tracking_code"], form.cleaned_data["secret"]
            )
            waiting = (
                selectors.waiting_for_citizen(
                    form.cleaned_data["tracking_code"], form.cleaned_data["secret"]
                )
                if case is None
                else None
            )
            if waiting is not None:
                messages.info(
                    request,
                    _(
                        "Your submission %(code)s has been received and is being registered. "
                        "Look it up again in a minute to follow it."
                    )
                    % {"code": waiting.tracking_code},
                )
            elif case is None:
                form.add_error(
                    None, _("No matter has this code and secret. Check both and try again.")
                )
            else:
                _grant_access(request, case)
                return redirect("cases:public_case", code=case.tracking_code)
    return render(request, "cases/public/track.html", {"form": form})


def public_case_view(request: HttpRequest, code: str) -> HttpResponse:
    case = get_object_or_404(
        Case.objects.select_related("unit", "organization", "field"), tracking_code=code
    )
    if not _may_read(request, case):
        return redirect("cases:track")
    rating_form = RatingForm(request.POST or None)
    if request.method == "POST" and rating_form.is_valid():
        try:
            workflow.rate(
                case=case,
                rating=rating_form.cleaned_data["rating"],
                comment=rating_form.cleaned_data["comment"],
            )
        except ValidationError as error:
            rating_form.add_error(None, error.messages)
        else:
            return redirect("cases:public_case", code=case.tracking_code)
    can_rate = case.state in (CaseState.RESOLVED, CaseState.CLOSED) and case.rating is None
    return render(
        request,
        "cases/public/case.html",
        {
            "case": case,
            "events": selectors.public_events(case),
            "rating_form": rating_form,
            "can_rate": can_rate,
            "deadlines": deadline_rows(case),
            "withdrawn": withdrawn_parts(case),
            "progress": progress_steps(case),
            "documents": selectors.public_documents(case),
        },
    )


def public_document_view(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A decision or official letter the handling body chose to show the citizen."""
    case = get_object_or_404(Case, tracking_code=code)
    if not _may_read(request, case):
        raise Http404
    document = get_object_or_404(selectors.public_documents(case), pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
