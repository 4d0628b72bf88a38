"""The officers' pages of the Front's supervision and critique. Who may do what is
access_supervision's; every write is a service; bad input comes back with status 400 and
the error beside the field."""

from __future__ import annotations

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
from danvan.lib.access import user_allowed
from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.lib.uploads import DOCX

from . import access_consultations
from . import access_supervision as access
from . import supervision_exports as exports
from .forms_supervision import (
    BoardForm,
    BoardReportForm,
    CloseForm,
    CritiqueConsultationForm,
    DelegationForm,
    FindingForm,
    NewCritiqueForm,
    ProgrammeFilter,
    ProgrammeForm,
    RecommendationForm,
    ReplyForm,
    ResponseForm,
    SendCritiqueForm,
)
from .models import (
    BoardKind,
    ConsultationState,
    CritiqueState,
    DelegationState,
    RecommendationResponse,
    RecommendationState,
)
from .models.supervision import HAS_CONSULTATION
from .selectors import supervision as select
from .services import supervision as services

A = access.Action
PAGE = 25


def staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "participation.supervision"))


def crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Supervision"), reverse("participation:supervision_programmes")), *steps]


def _programme_crumb(p: Any) -> tuple[str, str]:
    return p.title, reverse("participation:supervision_programme", args=[p.pk])


def _form(request: HttpRequest, form: Any, save: Any, title: str, back: str, **ctx: Any) -> Any:
    return form_page(
        request,
        form,
        save,
        template="participation/supervision/form.html",
        context={"title": title, "back": back, "submit": ctx.pop("submit", _("Save")), **ctx},
    )


# Programmes ---------------------------------------------------------------------------------


@login_required
def programmes_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    filters = ProgrammeFilter(request.GET or None, years=select.years(user))
    chosen: dict[str, Any] = {}
    status = 200
    if filters.is_bound:
        if filters.is_valid():
            d = filters.cleaned_data
            chosen = {"year": d["year"], "form": d["form"], "q": d["q"].strip()}
        else:
            status = 400
    rows = select.programmes(user, **chosen)
    page, query = page_of(request, Paginator(rows, PAGE))
    return render(
        request,
        "participation/supervision/programmes.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "figures": select.figures(user),
            "can_add": access.conducts_any(user) and access.front_bodies_for(user).exists(),
        },
        status=status,
    )


@login_required
def programme_new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    organizers = access.front_bodies_for(user)
    if not organizers.exists():
        raise PermissionDenied
    form = ProgrammeForm(
        request.POST or None, organizers=organizers, initial={"year": today().year}
    )

    def save(d: dict[str, Any]) -> str:
        p = services.create_programme(
            organizer=d["organizer"],
            year=d["year"],
            title=d["title"],
            form=d["form"],
            subject=d["subject"],
            plan_number=d["plan_number"],
            plan_date=d["plan_date"],
            response_days=d["response_days"],
            actor=user,
        )
        messages.success(request, _("The programme is created: add its delegations."))
        return reverse("participation:supervision_programme", args=[p.pk])

    return _form(
        request,
        form,
        save,
        _("New supervision programme"),
        reverse("participation:supervision_programmes"),
        crumbs=crumbs(),
        submit=_("Create the programme"),
    )


@login_required
def programme_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    programme = access.programme_for(user, pk)
    delegations = list(
        programme.delegations.prefetch_related("bodies")
        .select_related("head")
        .order_by("starts_on", "pk")
    )
    return render(
        request,
        "participation/supervision/programme.html",
        {
            "programme": programme,
            "delegations": delegations,
            "findings": list(programme.findings.select_related("body", "delegation")),
            "recommendations": list(select.programme_recommendations(programme)),
            "progress": select.programme_progress(programme),
            "can_manage": access.may_programme(user, programme, A.MANAGE),
            "delegation_states": DelegationState.choices,
            "today": today(),
            "crumbs": crumbs(),
        },
    )


@login_required
@require_POST
def programme_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the programme's summary on the public page, or take it off."""
    user = staff(request)
    programme = access.programme_for(user, pk, A.MANAGE)
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        return HttpResponse(_("Unknown action."), status=400)
    publish = action == "publish"
    try:
        if publish:
            services.publish_programme(programme=programme, actor=user)
        else:
            services.unpublish_programme(programme=programme, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("participation:supervision_programme", args=[pk]))
    messages.success(
        request,
        _("The summary is published on the public page.")
        if publish
        else _("The summary is no longer on the public page."),
    )
    return redirect(reverse("participation:supervision_programme", args=[pk]) + "#publication")


@login_required
def delegation_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    programme = access.programme_for(user, pk, A.MANAGE)
    form = DelegationForm(request.POST or None, organizer=programme.organizer)

    def save(d: dict[str, Any]) -> str:
        services.add_delegation(
            programme=programme,
            name=d["name"],
            head_name=d["head_name"],
            member_names=d["member_names"],
            bodies=list(d["bodies"]),
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            actor=user,
        )
        messages.success(request, _("The delegation is added."))
        return reverse("participation:supervision_programme", args=[pk]) + "#delegations"

    return _form(
        request,
        form,
        save,
        _("New delegation"),
        reverse("participation:supervision_programme", args=[pk]),
        crumbs=crumbs(_programme_crumb(programme)),
        submit=_("Add the delegation"),
    )


@login_required
@require_POST
def delegation_state_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A delegation moves on: planned, under way, reported."""
    user = staff(request)
    delegation = access.delegation_for(user, pk, A.MANAGE)
    try:
        services.set_delegation_state(
            delegation=delegation, state=request.POST.get("state", ""), actor=user
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    messages.success(request, _("The delegation's state is changed."))
    return redirect(
        reverse("participation:supervision_programme", args=[delegation.programme_id])
        + "#delegations"
    )


@login_required
def finding_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    programme = access.programme_for(user, pk, A.MANAGE)
    form = FindingForm(
        request.POST or None,
        organizer=programme.organizer,
        delegations=programme.delegations.all(),
        initial={"found_on": today()},
    )

    def save(d: dict[str, Any]) -> str:
        services.add_finding(
            programme=programme,
            delegation=d["delegation"],
            body=d["body"],
            text=d["text"],
            found_on=d["found_on"],
            actor=user,
        )
        messages.success(request, _("The finding is recorded."))
        return reverse("participation:supervision_programme", args=[pk]) + "#findings"

    return _form(
        request,
        form,
        save,
        _("New finding"),
        reverse("participation:supervision_programme", args=[pk]),
        crumbs=crumbs(_programme_crumb(programme)),
        submit=_("Record the finding"),
    )


@login_required
def recommendation_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    programme = access.programme_for(user, pk, A.MANAGE)
    finding_id = request.GET.get("finding", "")
    form = RecommendationForm(
        request.POST or None,
        organizer=programme.organizer,
        findings=programme.findings.all(),
        initial={
            "sent_on": today(),
            "finding": finding_id if finding_id.isdigit() else None,
        },
    )

    def save(d: dict[str, Any]) -> str:
        rec = services.add_recommendation(
            programme=programme,
            finding=d["finding"],
            addressed_to=d["addressed_to"],
            text=d["text"],
            sent_on=d["sent_on"],
            due_on=d["due_on"],
            actor=user,
        )
        messages.success(
            request,
            _("The recommendation is sent: a response is due by %(day)s.")
            % {"day": f"{rec.due_on:%d/%m/%Y}"},
        )
        return reverse("participation:supervision_programme", args=[pk]) + "#recommendations"

    return _form(
        request,
        form,
        save,
        _("New recommendation"),
        reverse("participation:supervision_programme", args=[pk]),
        crumbs=crumbs(_programme_crumb(programme)),
        submit=_("Send the recommendation"),
        intro=_(
            "The body it is addressed to sees the recommendation and records its response "
            "here; the programme gives it %(n)s days unless you set a due date."
        )
        % {"n": programme.response_days},
    )


# Recommendations ----------------------------------------------------------------------------


@login_required
def recommendation_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation: what it asks, its responses; the addressed body records its
    response here, the conducting body assesses it."""
    user = staff(request)
    rec = access.recommendation_for(user, pk)
    can_respond = access.may_recommendation(user, rec, A.RESPOND) and rec.state in (
        RecommendationState.SENT,
        RecommendationState.ANSWERED,
    )
    can_close = (
        access.may_recommendation(user, rec, A.MANAGE) and rec.state == RecommendationState.ANSWERED
    )
    reads_programme = access.may_programme(user, rec.programme, A.VIEW)
    response_form = ResponseForm(initial={"responded_on": today()}, prefix="r")
    close_form = CloseForm(prefix="c")
    status = 200
    if request.method == "POST":
        which = request.POST.get("action")
        if which == "respond":
            if not can_respond:
                raise PermissionDenied
            response_form = ResponseForm(request.POST, request.FILES, prefix="r")

            def save_response(d: dict[str, Any]) -> str:
                services.record_response(
                    recommendation=rec,
                    text=d["text"],
                    responded_on=d["responded_on"],
                    file=d["file"],
                    actor=user,
                )
                messages.success(request, _("The response is recorded."))
                return reverse("participation:supervision_recommendation", args=[pk])

            result = _try(response_form, save_response)
        elif which == "close":
            if not can_close:
                raise PermissionDenied
            close_form = CloseForm(request.POST, prefix="c")

            def save_close(d: dict[str, Any]) -> str:
                services.close_recommendation(
                    recommendation=rec, outcome=d["outcome"], note=d["note"], actor=user
                )
                messages.success(request, _("The recommendation is closed."))
                return reverse("participation:supervision_recommendation", args=[pk])

            result = _try(close_form, save_close)
        else:
            return HttpResponse(_("Unknown action."), status=400)
        if isinstance(result, HttpResponse):
            return result
        status = 400
    steps = [_programme_crumb(rec.programme)] if reads_programme else []
    return render(
        request,
        "participation/supervision/recommendation.html",
        {
            "rec": rec,
            "responses": list(rec.responses.select_related("recorded_by")),
            "response_form": response_form,
            "close_form": close_form,
            "can_respond": can_respond,
            "can_close": can_close,
            "reads_programme": reads_programme,
            "days_overdue": select.days_overdue(rec) if rec.state == "sent" else 0,
            "crumbs": crumbs(*steps),
        },
        status=status,
    )


def _try(form: Any, save: Any) -> HttpResponse | None:
    if form.is_valid():
        try:
            return redirect(save(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
    return None


@login_required
def awaiting_view(request: HttpRequest, overdue: bool = False) -> HttpResponse:
    user = staff(request)
    rows = select.overdue(user) if overdue else select.awaiting(user)
    page, query = page_of(request, Paginator(rows, PAGE))
    title = _("Overdue recommendations") if overdue else _("Recommendations awaiting a response")
    return render(
        request,
        "participation/supervision/awaiting.html",
        {
            "title": title,
            "overdue": overdue,
            "page": page,
            "query": query,
            "figures": select.figures(user),
            "by_body": select.overdue_by_body(user) if overdue else [],
            "today": today(),
            "crumbs": crumbs(),
        },
    )


@login_required
@require_GET
def recommendations_xlsx_view(request: HttpRequest, pk: int | None = None) -> FileResponse:
    """A programme's recommendations (or, without one, all those the user sees) with their
    state and responses."""
    user = staff(request)
    stamp = today().strftime("%Y%m%d")
    if pk is not None:
        programme = access.programme_for(user, pk)
        rows = access.recommendations_for(user).filter(programme=programme)
        title, name = programme.title, f"kien-nghi-{programme.pk}-{stamp}.xlsx"
    else:
        rows = access.recommendations_for(user)
        if request.GET.get("overdue"):
            rows = rows.filter(state=RecommendationState.SENT, due_on__lt=today())
        title, name = _("Recommendations"), f"kien-nghi-{stamp}.xlsx"
    return FileResponse(
        exports.recommendations_xlsx(rows, title=title),
        as_attachment=True,
        filename=name,
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_GET
def programme_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    programme = access.programme_for(user, pk)
    stamp = today().strftime("%Y%m%d")
    return HttpResponse(
        exports.programme_docx(programme),
        content_type=DOCX,
        headers={
            "Content-Disposition": f'attachment; filename="giam-sat-{programme.pk}-{stamp}.docx"'
        },
    )


# Critiques ----------------------------------------------------------------------------------


@login_required
def critiques_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    state = request.GET.get("state", "")
    if state and state not in CritiqueState.values:
        state = ""
    page, query = page_of(request, Paginator(select.critiques(user, state=state), PAGE))
    return render(
        request,
        "participation/supervision/critiques.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "states": CritiqueState.choices,
            "overdue_count": select.critiques_overdue(user).count(),
            "today": today(),
            "can_add": access.conducts_any(user) and access.front_bodies_for(user).exists(),
            "crumbs": crumbs(),
        },
    )


@login_required
def critique_new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    organizers = access.front_bodies_for(user)
    if not organizers.exists():
        raise PermissionDenied
    form = NewCritiqueForm(
        request.POST or None,
        organizers=organizers,
        consultations=access_consultations.consultations_for(user),
        initial={"received_on": today()},
    )

    def save(d: dict[str, Any]) -> str:
        c = services.create_critique(
            organizer=d["organizer"],
            draft_title=d["draft_title"],
            drafting_body=d["drafting_body"],
            form=d["form"],
            received_on=d["received_on"],
            reply_days=d["reply_days"],
            consultation=d["consultation"],
            actor=user,
        )
        messages.success(request, _("The critique is recorded."))
        return reverse("participation:supervision_critique", args=[c.pk])

    return _form(
        request,
        form,
        save,
        _("New social critique"),
        reverse("participation:supervision_critiques"),
        crumbs=crumbs((_("Social critique"), reverse("participation:supervision_critiques"))),
        submit=_("Record the critique"),
    )


@login_required
def critique_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    critique = access.critique_for(user, pk)
    can_send = (
        access.may_critique(user, critique, A.MANAGE) and critique.state != CritiqueState.REPLIED
    )
    can_reply = (
        access.may_critique(user, critique, A.RESPOND) and critique.state == CritiqueState.SENT
    )
    can_link = HAS_CONSULTATION and access.may_critique(user, critique, A.MANAGE)
    send_form = SendCritiqueForm(initial={"sent_on": today()}, prefix="s")
    reply_form = ReplyForm(initial={"replied_on": today()}, prefix="r")
    link_args: dict[str, Any] = {
        "consultations": access_consultations.consultations_for(user),
        "drafting_body": critique.drafting_body,
        "prefix": "l",
    }
    link_form = CritiqueConsultationForm(
        initial={"consultation": getattr(critique, "consultation_id", None)}, **link_args
    )
    status = 200
    if request.method == "POST":
        which = request.POST.get("action")
        if which == "link":
            if not can_link:
                raise PermissionDenied
            link_form = CritiqueConsultationForm(request.POST, **link_args)

            def save_link(d: dict[str, Any]) -> str:
                services.link_consultation(
                    critique=critique, consultation=d["consultation"], actor=user
                )
                messages.success(request, _("The consultation on the draft is saved."))
                return reverse("participation:supervision_critique", args=[pk])

            result = _try(link_form, save_link)
        elif which == "send":
            if not can_send:
                raise PermissionDenied
            send_form = SendCritiqueForm(request.POST, request.FILES, prefix="s")

            def save_send(d: dict[str, Any]) -> str:
                services.send_critique(
                    critique=critique,
                    number=d["number"],
                    sent_on=d["sent_on"],
                    reply_due_on=d["reply_due_on"],
                    file=d["file"],
                    actor=user,
                )
                messages.success(request, _("The critique document is recorded as sent."))
                return reverse("participation:supervision_critique", args=[pk])

            result = _try(send_form, save_send)
        elif which == "reply":
            if not can_reply:
                raise PermissionDenied
            reply_form = ReplyForm(request.POST, request.FILES, prefix="r")

            def save_reply(d: dict[str, Any]) -> str:
                services.record_critique_reply(
                    critique=critique,
                    text=d["text"],
                    replied_on=d["replied_on"],
                    file=d["file"],
                    actor=user,
                )
                messages.success(request, _("The drafter's reply is recorded."))
                return reverse("participation:supervision_critique", args=[pk])

            result = _try(reply_form, save_reply)
        else:
            return HttpResponse(_("Unknown action."), status=400)
        if isinstance(result, HttpResponse):
            return result
        status = 400
    return render(
        request,
        "participation/supervision/critique.html",
        {
            **_consultation_links(user, critique),
            "critique": critique,
            "send_form": send_form,
            "reply_form": reply_form,
            "can_send": can_send,
            "can_reply": can_reply,
            "can_link": can_link,
            "link_form": link_form,
            "today": today(),
            "crumbs": crumbs(
                (_("Social critique"), reverse("participation:supervision_critiques"))
            ),
        },
        status=status,
    )


def _consultation_links(user: User, critique: Any) -> dict[str, Any]:
    """Where the critique's consultation can be read by this user: the staff page when their
    grants cover it, else the public page once it is open; and its published synthesis."""
    consultation = getattr(critique, "consultation", None)
    if consultation is None:
        return {"consultation": None}
    url = ""
    if access_consultations.may_see(user, consultation):
        url = reverse("participation:consultation", args=[consultation.pk])
    elif consultation.is_public:
        url = reverse("participation_public:consultation", args=[consultation.pk])
    synthesis = ""
    if consultation.state == ConsultationState.PUBLISHED:
        synthesis = reverse("participation_public:synthesis", args=[consultation.pk])
    return {
        "consultation": consultation,
        "consultation_url": url,
        "synthesis_url": synthesis,
    }


# Boards -------------------------------------------------------------------------------------


@login_required
def boards_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    kind = request.GET.get("kind", "")
    if kind and kind not in BoardKind.values:
        kind = ""
    page, query = page_of(request, Paginator(select.boards(user, kind=kind), PAGE))
    return render(
        request,
        "participation/supervision/boards.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": BoardKind.choices,
            "can_add": access.conducts_any(user) and access.front_bodies_for(user).exists(),
            "crumbs": crumbs(),
        },
    )


@login_required
def board_new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    organizers = access.front_bodies_for(user)
    if not organizers.exists():
        raise PermissionDenied
    form = BoardForm(request.POST or None, organizers=organizers)

    def save(d: dict[str, Any]) -> str:
        b = services.create_board(
            commune_body=d["commune_body"],
            kind=d["kind"],
            name=d["name"],
            project=d["project"],
            members=d["members"],
            term_from=d["term_from"],
            term_to=d["term_to"],
            actor=user,
        )
        messages.success(request, _("The board is recorded."))
        return reverse("participation:supervision_board", args=[b.pk])

    return _form(
        request,
        form,
        save,
        _("New board"),
        reverse("participation:supervision_boards"),
        crumbs=crumbs((_("Inspection boards"), reverse("participation:supervision_boards"))),
        submit=_("Record the board"),
    )


@login_required
def board_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    board = access.board_for(user, pk)
    can_manage = access.may_board(user, board, A.MANAGE)
    form = BoardReportForm()
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = BoardReportForm(request.POST, request.FILES)

        def save(d: dict[str, Any]) -> str:
            services.add_board_report(
                board=board,
                period_from=d["period_from"],
                period_to=d["period_to"],
                text=d["text"],
                findings_count=d["findings_count"],
                file=d["file"],
                actor=user,
            )
            messages.success(request, _("The report is added."))
            return reverse("participation:supervision_board", args=[pk])

        result = _try(form, save)
        if isinstance(result, HttpResponse):
            return result
        status = 400
    return render(
        request,
        "participation/supervision/board.html",
        {
            "board": board,
            "reports": list(board.reports.all()),
            "form": form,
            "can_manage": can_manage,
            "crumbs": crumbs((_("Inspection boards"), reverse("participation:supervision_boards"))),
        },
        status=status,
    )


# Files --------------------------------------------------------------------------------------


@login_required
@require_GET
def file_view(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """A stored file, to whoever may see its record (through the record's accessor)."""
    user = staff(request)
    if kind == "response":
        row = RecommendationResponse.objects.filter(pk=pk).first()
        if row is None:
            raise Http404
        access.recommendation_for(user, row.recommendation_id)
        stored, name, ctype = row.file, row.file_name, row.file_type
    elif kind in ("critique", "reply"):
        critique = access.critique_for(user, pk)
        if kind == "critique":
            stored, name = critique.document_file, critique.document_file_name
            ctype = critique.document_file_type
        else:
            stored, name, ctype = (
                critique.reply_file,
                critique.reply_file_name,
                critique.reply_file_type,
            )
    elif kind == "report":
        report = access.board_report_for(user, pk)
        stored, name, ctype = report.file, report.file_name, report.file_type
    else:
        raise Http404
    if not stored:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=ctype)
