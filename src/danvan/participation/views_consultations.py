"""The officers' pages of consultations on drafts: the list, a new consultation with its
draft, the parts editor, opening / closing / publishing, the comments of one article with
moderation and answers, the statistics per article, the exports. Who may do what is
access_consultations'; every write is a service; bad input comes back with status 400 and
the error beside the field."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib import charts
from danvan.lib.access import user_allowed
from danvan.lib.dates import format_vn_date, today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.lib.uploads import DOCX

from . import access_consultations as access
from . import consultation_exports as exports
from .forms_consultations import (
    AddPartForm,
    AnswerForm,
    ConsultationForm,
    HideForm,
    PartForm,
    UploadForm,
)
from .models import (
    Comment,
    CommentState,
    Consultation,
    ConsultationState,
    DraftPart,
    PartKind,
)
from .selectors.consultations import Stats, comments_of_article, part_label, part_stats
from .services import consultations as svc

A = access.Action


def _staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "participation.view_consultation"))


def _crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Consultations on drafts"), reverse("participation:consultations")), *steps]


def _of(c: Consultation) -> tuple[str, str]:
    return c.title, reverse("participation:consultation", args=[c.pk])


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    rows = (
        access.consultations_for(user)
        .select_related("body")
        .annotate(
            published=Count("comments", filter=Q(comments__state=CommentState.PUBLISHED)),
            unanswered=Count(
                "comments",
                filter=Q(comments__state=CommentState.PUBLISHED, comments__answer__isnull=True),
            ),
        )
        .order_by("-opens_on", "-pk")
    )
    page, query = page_of(request, Paginator(rows, 25))
    return render(
        request,
        "participation/consultations/list.html",
        {"page": page, "query": query, "can_add": access.drafts_anything(user)},
    )


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    bodies = access.bodies_for(user)
    if not bodies.exists():
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, request.FILES or None, bodies=bodies)

    def save(d: dict[str, Any]) -> str:
        c = svc.create_consultation(
            body=d["body"],
            title=d["title"],
            document_kind=d["document_kind"],
            document_number=d["document_number"],
            summary=d["summary"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            citizens_may_comment=d["citizens_may_comment"],
            organizations_may_comment=d["organizations_may_comment"],
            draft=d["file"] or None,
            actor=user,
        )
        messages.success(request, _("The consultation is created: check the draft's parts."))
        return reverse("participation:consultation_parts", args=[c.pk])

    return form_page(
        request,
        form,
        save,
        template="participation/consultations/form.html",
        context={
            "title": _("New consultation on a draft"),
            "submit": _("Create the consultation"),
            "back": reverse("participation:consultations"),
            "crumbs": _crumbs(),
            "multipart": True,
        },
    )


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk, A.MANAGE)
    if c.state not in (ConsultationState.DRAFT, ConsultationState.OPEN):
        raise PermissionDenied
    initial = {
        "body": c.body_id,
        "title": c.title,
        "document_kind": c.document_kind,
        "document_number": c.document_number,
        "summary": c.summary,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "citizens_may_comment": c.citizens_may_comment,
        "organizations_may_comment": c.organizations_may_comment,
    }
    form = ConsultationForm(
        request.POST or None,
        bodies=access.bodies_for(user).filter(pk=c.body_id),
        initial=initial,
    )
    del form.fields["file"]

    def save(d: dict[str, Any]) -> str:
        svc.update_consultation(
            consultation=c,
            title=d["title"],
            document_kind=d["document_kind"],
            document_number=d["document_number"],
            summary=d["summary"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            citizens_may_comment=d["citizens_may_comment"],
            organizations_may_comment=d["organizations_may_comment"],
            actor=user,
        )
        messages.success(request, _("The consultation is saved."))
        return reverse("participation:consultation", args=[c.pk])

    return form_page(
        request,
        form,
        save,
        template="participation/consultations/form.html",
        context={
            "title": _("Change the consultation"),
            "intro": _("Once it is open, only its end date may move later.")
            if c.state == ConsultationState.OPEN
            else "",
            "submit": _("Save"),
            "back": reverse("participation:consultation", args=[c.pk]),
            "crumbs": _crumbs(_of(c)),
        },
    )


def _chart(c: Consultation, stats: Stats) -> charts.Chart:
    return charts.Chart(
        key="by-article",
        kind="hbar",
        title=_("Comments per article"),
        caption=_("%(title)s, to %(day)s") % {"title": c.title, "day": format_vn_date(today())},
        labels=[r.label for r in stats.rows],
        series=[
            charts.Series(_("Agree"), [r.agree for r in stats.rows]),
            charts.Series(_("Disagree"), [r.disagree for r in stats.rows]),
            charts.Series(_("Other opinion"), [r.other for r in stats.rows]),
        ],
        links=[_comments_url(c, r.part) for r in stats.rows],
        stacked=True,
        tall=len(stats.rows) > 12,
    )


def _comments_url(c: Consultation, part: DraftPart | None) -> str:
    base = reverse("participation:consultation_comments", args=[c.pk])
    return f"{base}?phan={part.pk if part else 0}"


def _detail(
    request: HttpRequest, user: User, c: Consultation, problem: str = "", status: int = 200
) -> HttpResponse:
    stats = part_stats(c, whole_label=exports.whole_draft())
    return render(
        request,
        "participation/consultations/detail.html",
        {
            "c": c,
            "can_manage": access.may_manage(user, c),
            "stats": stats,
            "chart": _chart(c, stats),
            "parts": c.parts.count(),
            "accepting": svc.is_accepting(c),
            "problem": problem,
            "public_url": request.build_absolute_uri(
                reverse("participation_public:consultation", args=[c.pk])
            ),
            "crumbs": _crumbs(),
            "states": ConsultationState,
        },
        status=status,
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    return _detail(request, user, access.consultation_for(user, pk))


def _state_change(request: HttpRequest, pk: int, change: Any, done: str) -> HttpResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk, A.MANAGE)
    try:
        change(consultation=c, actor=user)
    except ValidationError as error:
        return _detail(request, user, c, " ".join(error.messages), 400)
    messages.success(request, done)
    return redirect("participation:consultation", pk=pk)


@login_required
@require_POST
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, svc.open_consultation, _("The draft is open for comments."))


@login_required
@require_POST
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, svc.close_consultation, _("The consultation is closed."))


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request, pk, svc.publish_synthesis, _("The synthesis is published on the public page.")
    )


@login_required
def parts_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft's parts in order, each to correct, and a form to add one."""
    user = _staff(request)
    c = access.consultation_for(user, pk)
    can_edit = access.may_manage(user, c) and c.state == ConsultationState.DRAFT
    parts = c.parts.order_by("position")
    form = AddPartForm(request.POST or None, parts=parts)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.add_part(
                    consultation=c,
                    after=d["after"],
                    kind=d["kind"],
                    number=d["number"],
                    heading=d["heading"],
                    text=d["text"],
                    actor=user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The part is added."))
                return redirect("participation:consultation_parts", pk=pk)
        status = 400
    return render(
        request,
        "participation/consultations/parts.html",
        {
            "c": c,
            "parts": parts,
            "form": form,
            "can_edit": can_edit,
            "crumbs": _crumbs(_of(c)),
        },
        status=status,
    )


@login_required
def part_view(request: HttpRequest, pk: int, part_pk: int) -> HttpResponse:
    user = _staff(request)
    part = access.part_for(user, part_pk, A.MANAGE)
    c = part.consultation
    if c.pk != pk:
        raise Http404
    initial = {"kind": part.kind, "number": part.number, "heading": part.heading, "text": part.text}
    form = PartForm(request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        svc.update_part(part=part, actor=user, **d)
        messages.success(request, _("The part is saved."))
        return reverse("participation:consultation_parts", args=[pk]) + f"#part-{part.pk}"

    return form_page(
        request,
        form,
        save,
        template="participation/consultations/form.html",
        context={
            "title": _("Edit %(part)s") % {"part": part.label},
            "submit": _("Save the part"),
            "back": reverse("participation:consultation_parts", args=[pk]),
            "crumbs": _crumbs(
                _of(c), (_("Parts"), reverse("participation:consultation_parts", args=[pk]))
            ),
            "delete_url": reverse("participation:consultation_part_delete", args=[pk, part.pk]),
        },
    )


@login_required
@require_POST
def part_delete_view(request: HttpRequest, pk: int, part_pk: int) -> HttpResponse:
    user = _staff(request)
    part = access.part_for(user, part_pk, A.MANAGE)
    if part.consultation_id != pk:
        raise Http404
    try:
        svc.delete_part(part=part, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The part is deleted."))
    return redirect("participation:consultation_parts", pk=pk)


@login_required
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk, A.MANAGE)
    form = UploadForm(request.POST or None, request.FILES or None)

    def save(d: dict[str, Any]) -> str:
        n = svc.upload_draft(consultation=c, upload=d["file"], actor=user)
        messages.success(request, _("The draft is split into %(n)s parts: check them.") % {"n": n})
        return reverse("participation:consultation_parts", args=[pk])

    return form_page(
        request,
        form,
        save,
        template="participation/consultations/form.html",
        context={
            "title": _("Upload the draft"),
            "submit": _("Upload and split"),
            "back": reverse("participation:consultation", args=[pk]),
            "crumbs": _crumbs(_of(c)),
            "multipart": True,
        },
    )


@login_required
def file_view(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk)
    if not c.file:
        raise Http404
    return FileResponse(
        c.file.open("rb"),
        as_attachment=True,
        filename=c.file_name or "du-thao.docx",
        content_type=DOCX,
    )


def _article_of(c: Consultation, raw: str | None) -> tuple[DraftPart | None, bool]:
    """The part named by ?phan= (0: the draft as a whole); (None, False) for none given."""
    if not raw:
        return None, False
    if raw == "0":
        return None, True
    part = c.parts.filter(pk=int(raw)).first() if raw.isdigit() else None
    if part is None:
        raise Http404
    return part, True


@login_required
def comments_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One article's comments (its clauses' and points' included), every state, each with
    its answer form and its hiding form; the articles to move between."""
    user = _staff(request)
    c = access.consultation_for(user, pk)
    part, chosen = _article_of(c, request.GET.get("phan"))
    stats = part_stats(c, whole_label=exports.whole_draft())
    if not chosen:
        first = next((r for r in stats.rows if r.comments or r.hidden), None)
        part = first.part if first else None
    comments = list(comments_of_article(c, part))
    whole = exports.whole_draft()
    for comment in comments:
        comment.place = part_label(comment, whole)  # type: ignore[attr-defined]
    can_manage = access.may_manage(user, c) and c.state != ConsultationState.PUBLISHED
    return render(
        request,
        "participation/consultations/comments.html",
        {
            "c": c,
            "part": part,
            "children": c.parts.filter(article=part).exclude(pk=part.pk).order_by("position")
            if part is not None and part.kind == PartKind.ARTICLE
            else [],
            "comments": comments,
            "stats": stats,
            "here_url": _comments_url(c, part),
            "comments_url": reverse("participation:consultation_comments", args=[c.pk]),
            "can_manage": can_manage,
            "answer_form": AnswerForm(),
            "hide_form": HideForm(),
            "crumbs": _crumbs(_of(c)),
            "whole": whole,
        },
    )


def _comment_page(
    request: HttpRequest, comment: Comment, form: Any, action: str, status: int
) -> HttpResponse:
    c = comment.consultation
    comment.place = part_label(comment, exports.whole_draft())  # type: ignore[attr-defined]
    return render(
        request,
        "participation/consultations/comment_form.html",
        {
            "c": c,
            "comment": comment,
            "form": form,
            "action": action,
            "back": _comments_url(c, _home(comment)),
            "crumbs": _crumbs(_of(c)),
        },
        status=status,
    )


@login_required
def answer_view(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    user = _staff(request)
    comment = access.comment_for(user, comment_pk, A.MANAGE)
    if comment.consultation_id != pk:
        raise Http404
    answer = getattr(comment, "answer", None)
    initial = {"outcome": answer.outcome, "text": answer.text} if answer else None
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.answer_comment(comment=comment, actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The answer is saved."))
                back = _comments_url(comment.consultation, _home(comment))
                return redirect(f"{back}#comment-{comment.pk}")
        return _comment_page(request, comment, form, "answer", 400)
    return _comment_page(request, comment, form, "answer", 200)


def _home(comment: Comment) -> DraftPart | None:
    part = comment.part
    if part is None:
        return None
    return part.article if part.article_id else part


@login_required
def hide_view(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    user = _staff(request)
    comment = access.comment_for(user, comment_pk, A.MANAGE)
    if comment.consultation_id != pk:
        raise Http404
    form = HideForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.hide_comment(comment=comment, reason=form.cleaned_data["reason"], actor=user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The comment is hidden from the public."))
                back = _comments_url(comment.consultation, _home(comment))
                return redirect(f"{back}#comment-{comment.pk}")
        return _comment_page(request, comment, form, "hide", 400)
    return _comment_page(request, comment, form, "hide", 200)


@login_required
@require_POST
def show_view(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    user = _staff(request)
    comment = access.comment_for(user, comment_pk, A.MANAGE)
    if comment.consultation_id != pk:
        raise Http404
    svc.show_comment(comment=comment, actor=user)
    messages.success(request, _("The comment is shown again."))
    return redirect(_comments_url(comment.consultation, _home(comment)) + f"#comment-{comment.pk}")


def _slug(c: Consultation) -> str:
    return f"gop-y-du-thao-{c.pk}"


@login_required
def synthesis_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk)
    response = HttpResponse(exports.synthesis_docx(c), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_slug(c)}-tong-hop.docx"'
    return response


@login_required
def synthesis_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk)
    return FileResponse(
        exports.synthesis_xlsx(c),
        as_attachment=True,
        filename=f"{_slug(c)}-tong-hop.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def comments_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    c = access.consultation_for(user, pk)
    return FileResponse(
        exports.comments_xlsx(c),
        as_attachment=True,
        filename=f"{_slug(c)}-y-kien.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
