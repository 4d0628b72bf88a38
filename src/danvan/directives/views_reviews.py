"""Reviews (sơ kết, tổng kết): scheduling a round from a directive, each body's report, the
round's page (who has sent, the compiled draft), the draft as .docx, and the conference."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.emulation.models import AwardDecision
from danvan.lib.dates import today
from danvan.lib.forms import form_page

from . import access
from .forms import ConferenceForm, ReviewForm, SubmissionForm
from .models import ReviewKind, ReviewRound, ReviewSubmission
from .pages import crumbs, of, staff
from .review_docx import review_docx
from .selectors import reviews as selectors
from .services import reviews as services


@login_required
def review_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    document = access.document_for(user, pk)
    callers = access.bodies_for(user, access.WRITER_ROLES)
    if not callers.exists():
        raise PermissionDenied
    years = max(1, today().year - document.signed_on.year)
    form = ReviewForm(
        request.POST or None,
        callers=callers,
        initial={
            "kind": ReviewKind.FINAL if years >= 10 else ReviewKind.INTERIM,
            "years": years,
            "title": f"{'Tổng kết' if years >= 10 else 'Sơ kết'} {years} năm thực hiện "
            f"{document.get_kind_display()} số {document.symbol}",
            "period_from": document.in_force_from,
            "period_to": today(),
        },
    )

    def save(d: dict[str, Any]) -> str:
        made = services.open_round(
            document=document,
            caller=d["caller"],
            kind=d["kind"],
            title=d["title"],
            years=d["years"],
            period_from=d["period_from"],
            period_to=d["period_to"],
            due_on=d["due_on"],
            rule=d["rule"],
            kinds=form.kinds(),
            level=d["level"],
            figure_labels=form.labels(),
            actor=user,
        )
        messages.success(request, _("The bodies are asked for their review reports."))
        return reverse("directives:review", args=[made.pk])

    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": _("Schedule a review of %(document)s") % {"document": document.symbol},
            "crumbs": _doc_crumbs(document),
            "back": reverse("directives:document", args=[document.pk]),
            "submit": _("Ask for the reports"),
        },
    )


@login_required
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    review = access.review_for(user, pk)
    day = today()
    rows = list(selectors.submissions(review))
    # The bodies the user writes for (a system administrator's "all" is not theirs to write).
    mine = (
        []
        if user.is_superuser
        else [s for s in rows if access.may_act_for(user, s.body, access.WRITER_ROLES)]
    )
    caller_staff = access.may_cascade(user, review.caller)
    conference = getattr(review, "conference", None)
    return render(
        request,
        "directives/review.html",
        {
            "review": review,
            "rows": rows,
            "mine": mine,
            "late": day > review.due_on,
            "draft": selectors.compile_draft(review) if caller_staff else None,
            "caller_staff": caller_staff,
            "conference": conference,
            "commended": list(conference.commended.all()) if conference else [],
            "crumbs": _doc_crumbs(review.document),
        },
    )


@login_required
def submission_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    submission = get_object_or_404(
        ReviewSubmission.objects.select_related("round__document", "body"), pk=pk
    )
    review = access.review_for(user, submission.round_id)
    if not access.may_act_for(user, submission.body, access.WRITER_ROLES):
        raise PermissionDenied
    labels = list(review.figure_labels)
    initial: dict[str, Any] = {
        "results": submission.results,
        "shortcomings": submission.shortcomings,
        "lessons": submission.lessons,
        "proposals": submission.proposals,
    }
    initial |= {f"figure_{i}": submission.figures.get(label, "") for i, label in enumerate(labels)}
    form = SubmissionForm(request.POST or None, labels=labels, initial=initial)

    def save(d: dict[str, Any]) -> str:
        services.submit(
            submission=submission,
            results=d["results"],
            shortcomings=d["shortcomings"],
            lessons=d["lessons"],
            proposals=d["proposals"],
            figures=form.figures(),
            actor=user,
        )
        messages.success(request, _("The review report is sent."))
        return reverse("directives:review", args=[review.pk])

    return _under_review(
        request,
        form,
        save,
        review,
        title=_("Review report of %(body)s") % {"body": submission.body.name},
        submit=_("Send the report"),
        intro=review.title,
    )


def _under_review(
    request: HttpRequest,
    form: Any,
    save: Any,
    review: ReviewRound,
    *,
    title: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    """A form page of a review round: its trail from the directive, back to the round."""
    page = reverse("directives:review", args=[review.pk])
    return form_page(
        request,
        form,
        save,
        template="directives/form.html",
        context={
            "title": title,
            "intro": intro,
            "crumbs": [*_doc_crumbs(review.document), (review.title, page)],
            "back": page,
            "submit": submit,
        },
    )


@login_required
def conference_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    review = access.review_for(user, pk)
    if not access.may_cascade(user, review.caller):
        raise PermissionDenied
    decisions = AwardDecision.objects.filter(
        signed_on__gte=review.period_to.replace(month=1, day=1)
    ).order_by("-signed_on")[:300]
    form = ConferenceForm(
        request.POST or None,
        decisions=AwardDecision.objects.filter(pk__in=decisions.values("pk")),
    )

    def save(d: dict[str, Any]) -> str:
        services.record_conference(
            review=review,
            held_on=d["held_on"],
            participants=d["participants"],
            place=d["place"],
            commended=list(d["commended"]),
            note=d["note"],
            actor=user,
        )
        messages.success(request, _("The conference is recorded."))
        return reverse("directives:review", args=[review.pk])

    return _under_review(
        request,
        form,
        save,
        review,
        title=_("Review conference: %(title)s") % {"title": review.title},
        submit=_("Record"),
    )


@login_required
def review_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    review = access.review_for(user, pk)
    if not access.may_cascade(user, review.caller):
        raise PermissionDenied
    response = HttpResponse(
        review_docx(selectors.compile_draft(review)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = 'attachment; filename="du-thao-bao-cao-tong-ket.docx"'
    return response


def _doc_crumbs(document: Any) -> list[tuple[str, str]]:
    return crumbs(of(document))
