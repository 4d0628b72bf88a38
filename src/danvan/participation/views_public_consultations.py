"""The public's side of consultations, phone first: the drafts open for comments, a draft
with its articles, one article with its published comments and a comment form, the e-mail
verification for citizens without an account, and the published synthesis with its
downloads. A comment sent twice is kept once (the form carries its own key); a hidden field
people never fill and a per-address rate keep robots and floods out."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.core import ratelimit
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.lib.uploads import DOCX

from . import access_consultations as access
from . import consultation_exports as exports
from .forms_consultations import CodeForm, CommentForm, EmailForm
from .models import CommentState, Consultation, ConsultationState, ContactCheck, DraftPart, PartKind
from .selectors.consultations import part_label, synthesis_comments
from .services import consultations as svc

TRAP = "website"  # a field hidden from people; robots fill every field


def _allowed(request: HttpRequest, action: str) -> bool:
    """A per-address rate, set in settings.ACCOUNT_RATE_LIMITS with the others."""
    return bool(ratelimit.consume(request, action=action))


def _crumbs(c: Consultation | None = None) -> list[tuple[str, str]]:
    steps = [(_("Comment on drafts"), reverse("participation_public:consultations"))]
    if c is not None:
        steps.append((c.title, reverse("participation_public:consultation", args=[c.pk])))
    return steps


def _check_key(c: Consultation) -> str:
    return f"consultation-check-{c.pk}"


def _verified(request: HttpRequest, c: Consultation) -> ContactCheck | None:
    pk = request.session.get(_check_key(c))
    if not pk:
        return None
    return ContactCheck.objects.filter(pk=pk, consultation=c, verified_at__isnull=False).first()


def list_view(request: HttpRequest) -> HttpResponse:
    rows = (
        access.public_consultations()
        .select_related("body")
        .annotate(shown=Count("comments", filter=Q(comments__state=CommentState.PUBLISHED)))
        .order_by("-opens_on", "-pk")
    )
    page, query = page_of(request, Paginator(rows, 20))
    return render(
        request,
        "participation/consultations/public/list.html",
        {"page": page, "query": query, "states": ConsultationState},
    )


def consultation_view(request: HttpRequest, pk: int) -> HttpResponse:
    c = access.public_consultation(pk)
    # An article's count takes its clauses' and points'; a chapter's or section's is its own;
    # None is the whole draft's.
    counts: dict[int | None, int] = {}
    for part_id, article_id, n in (
        access.public_comments(c)
        .values("part_id", "part__article_id")
        .annotate(n=Count("pk"))
        .values_list("part_id", "part__article_id", "n")
        .order_by()
    ):
        key = article_id if article_id is not None else part_id
        counts[key] = counts.get(key, 0) + n
    parts = list(c.parts.order_by("position"))
    # The draft in blocks: a chapter's or section's heading, or an article with its clauses
    # and points (the comment link goes under the whole article).
    blocks: list[tuple[DraftPart, list[DraftPart]]] = []
    for part in parts:
        part.comment_count = counts.get(part.pk, 0)  # type: ignore[attr-defined]
        if blocks and part.kind in (PartKind.CLAUSE, PartKind.POINT):
            blocks[-1][1].append(part)
        else:
            blocks.append((part, []))
    return render(
        request,
        "participation/consultations/public/consultation.html",
        {
            "c": c,
            "blocks": blocks,
            "whole_count": counts.get(None, 0),
            "accepting": svc.is_accepting(c),
            "states": ConsultationState,
            "crumbs": _crumbs(),
        },
    )


def _targets(c: Consultation, part: DraftPart | None) -> list[tuple[str, str]]:
    """What a comment on this page may be about: the article as a whole, or one of its
    clauses and points."""
    if part is None:
        return []
    rows = [(str(part.pk), _("%(part)s as a whole") % {"part": part.label})]
    for sub in c.parts.filter(article=part).exclude(pk=part.pk).order_by("position"):
        rows.append((str(sub.pk), part_label_of(sub, part)))
    return rows


def part_label_of(sub: DraftPart, article: DraftPart) -> str:
    return f"{sub.label}, {article.label}"


@never_cache
def part_view(request: HttpRequest, pk: int, part_pk: int) -> HttpResponse:
    """An article (or the draft as a whole, part_pk 0): its text, its published comments,
    the commenter's own hidden ones with the reason, and the comment form."""
    c = access.public_consultation(pk)
    part: DraftPart | None = None
    if part_pk:
        part = c.parts.filter(pk=part_pk).first()
        if part is None:
            raise Http404
    user: Any = request.user
    signed_in = bool(user.is_authenticated)
    check = None if signed_in else _verified(request, c)
    bodies = access.comment_bodies_for(user, c) if signed_in else None
    if bodies is not None and not bodies.exists():
        bodies = None
    accepting = svc.is_accepting(c)
    may_comment = accepting and (signed_in or check is not None)
    if may_comment and not c.citizens_may_comment and bodies is None:
        may_comment = False
    form = CommentForm(request.POST or None, bodies=bodies)
    targets = _targets(c, part)
    if targets:
        form.fields["target"] = forms.ChoiceField(
            label=_("About"), choices=targets, initial=targets[0][0]
        )
        form.order_fields(["target"])
    submission = request.POST.get("key", "")[:64] or secrets.token_urlsafe(16)
    status, problem = 200, ""
    if request.method == "POST":
        if request.POST.get(TRAP):
            return redirect(request.path)  # said kindly, kept nowhere
        if not may_comment:
            problem, status = _("Sign in, or verify your e-mail address, to comment."), 403
        elif not _allowed(request, "consultation_comment"):
            problem = _("Too many comments from this address. Wait a minute and send again.")
            status = 429
        elif form.is_valid():
            d = form.cleaned_data
            target = part
            if targets:
                target = c.parts.filter(pk=d["target"]).first() or part
            try:
                made = svc.submit_comment(
                    consultation=c,
                    part=target,
                    stance=d["stance"],
                    proposed_wording=d["proposed_wording"],
                    reasons=d["reasons"],
                    display_name=d["display_name"],
                    key=submission,
                    user=user if signed_in else None,
                    organization=d.get("organization"),
                    check=check,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                return redirect(f"{request.path}?da-gui=1#comment-{made.pk}")
        else:
            status = 400
    visible = access.visible_q(user, check.contact_index if check is not None else "")
    comments = list(
        c.comments.filter(visible, part__in=_scope(c, part))
        .select_related("part__article", "organization", "answer")
        .order_by("submitted_at", "pk")
        if part is not None
        else c.comments.filter(visible, part__isnull=True)
        .select_related("organization", "answer")
        .order_by("submitted_at", "pk")
    )
    whole = exports.whole_draft()
    for comment in comments:
        comment.place = part_label(comment, whole)  # type: ignore[attr-defined]
        comment.mine = (signed_in and comment.user_id == user.pk) or (  # type: ignore[attr-defined]
            check is not None and comment.contact_index == check.contact_index
        )
    return render(
        request,
        "participation/consultations/public/part.html",
        {
            "c": c,
            "part": part,
            "children": c.parts.filter(article=part).exclude(pk=part.pk).order_by("position")
            if part is not None and part.kind == PartKind.ARTICLE
            else [],
            "comments": comments,
            "form": form,
            "key": submission,
            "trap": TRAP,
            "accepting": accepting,
            "may_comment": may_comment,
            "signed_in": signed_in,
            "check": check,
            "problem": problem,
            "sent": request.GET.get("da-gui") == "1",
            "show_answers": c.state == ConsultationState.PUBLISHED,
            "verify_url": reverse("participation_public:verify", args=[c.pk])
            + f"?next={request.path}",
            "login_url": f"{reverse('account_login')}?next={request.path}",
            "whole": whole,
            "crumbs": _crumbs(c),
        },
        status=status,
    )


def _scope(c: Consultation, part: DraftPart) -> Any:
    if part.kind == PartKind.ARTICLE:
        return c.parts.filter(Q(pk=part.pk) | Q(article=part)).values("pk")
    return c.parts.filter(pk=part.pk).values("pk")


@never_cache
def verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A citizen without an account: an e-mail address, then the code sent to it."""
    c = access.public_consultation(pk)
    after = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(after, allowed_hosts={request.get_host()}):
        after = ""
    after = after or reverse("participation_public:consultation", args=[c.pk])
    email_form, code_form = EmailForm(), CodeForm()
    sent = bool(request.session.get(_check_key(c)))
    status, problem = 200, ""
    if request.method == "POST" and "email" in request.POST:
        email_form = EmailForm(request.POST)
        if not _allowed(request, "consultation_code"):
            problem, status = _("Too many codes asked from this address. Wait a minute."), 429
        elif email_form.is_valid():
            try:
                issued = svc.send_code(consultation=c, email=email_form.cleaned_data["email"])
            except ValidationError as error:
                add_service_errors(email_form, error)
                status = 400
            else:
                request.session[_check_key(c)] = issued.pk
                sent = True
        else:
            status = 400
    elif request.method == "POST" and "code" in request.POST:
        code_form = CodeForm(request.POST)
        check = ContactCheck.objects.filter(
            pk=request.session.get(_check_key(c)) or 0, consultation=c
        ).first()
        if check is None:
            problem, status = _("Ask for a code first."), 400
        elif code_form.is_valid():
            try:
                svc.verify_code(check=check, code=code_form.cleaned_data["code"])
            except ValidationError as error:
                add_service_errors(code_form, error)
                status = 400
            else:
                return redirect(after)
        else:
            status = 400
        sent = True
    return render(
        request,
        "participation/consultations/public/verify.html",
        {
            "c": c,
            "email_form": email_form,
            "code_form": code_form,
            "sent": sent,
            "next": after,
            "problem": problem,
            "crumbs": _crumbs(c),
        },
        status=status,
    )


def synthesis_view(request: HttpRequest, pk: int) -> HttpResponse:
    c = access.public_synthesis(pk)
    whole = exports.whole_draft()
    rows = list(synthesis_comments(c))
    for comment in rows:
        comment.place = part_label(comment, whole)  # type: ignore[attr-defined]
    return render(
        request,
        "participation/consultations/public/synthesis.html",
        {"c": c, "rows": rows, "title": exports.SYNTHESIS_TITLE, "crumbs": _crumbs(c)},
    )


def synthesis_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    c = access.public_synthesis(pk)
    response = HttpResponse(exports.synthesis_docx(c), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="gop-y-du-thao-{c.pk}-tong-hop.docx"'
    return response


def synthesis_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    c = access.public_synthesis(pk)
    return FileResponse(
        exports.synthesis_xlsx(c),
        as_attachment=True,
        filename=f"gop-y-du-thao-{c.pk}-tong-hop.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
