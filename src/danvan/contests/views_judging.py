"""The judges' pages: their sheet for a round (enter, correct, submit), the printable score
sheets (phiếu chấm điểm) and the round's summary (bảng tổng hợp điểm), printable and XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import access, exports, selectors, services
from .access import judge_of
from .forms import ScoreForm
from .models import Judge, Round, RoundKind
from .services.common import SCORING_STATUS
from .views_organizer import user_of


def _round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("contest__organizer", "cluster"), pk=pk)


@login_required
def sheet_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    round_, judge = access.judge_for(user, pk)
    sheet = selectors.judge_sheet(round_, judge)
    scoring_open = (
        round_.is_open
        and not judge.submitted
        and round_.contest.status == SCORING_STATUS[RoundKind(round_.kind)]
    )
    forms: list[tuple[selectors.SheetRow, ScoreForm | None]] = []
    errors: list[str] = []
    posted = request.method == "POST"
    for row in sheet.rows:
        if row.conflicted:
            forms.append((row, None))
            continue
        initial = {
            f"c{c.pk}": f"{v.normalize():f}" if v is not None else ""
            for c, v in zip(sheet.criteria, row.values, strict=True)
        }
        form = ScoreForm(
            request.POST if posted else None,
            initial=initial,
            criteria=sheet.criteria,
            team=row.team,
        )
        forms.append((row, form))
    if posted and not scoring_open:
        messages.error(request, _("Your sheet is locked: scores cannot be changed."))
        return redirect("contests:sheet", pk=round_.pk)
    if posted:
        try:
            for _row, score_form in forms:
                if score_form is None or not score_form.is_valid():
                    continue
                if score_form.has_changed():
                    try:
                        services.record_scores(
                            actor=user,
                            round=round_,
                            team=score_form.team,
                            scores=score_form.scores(),
                        )
                    except ValidationError as exc:
                        for message in exc.messages:
                            score_form.add_error(None, message)
            if any(f is not None and f.errors for _r, f in forms):
                raise ValidationError(_("Some scores were not saved: see the teams marked."))
            if request.POST.get("action") == "submit":
                services.submit_sheet(actor=user, round=round_)
                messages.success(request, _("Your sheet is submitted and locked."))
            else:
                messages.success(request, _("Your scores are saved."))
            return redirect("contests:sheet", pk=round_.pk)
        except ValidationError as exc:
            errors = exc.messages
    return render(
        request,
        "contests/judging/sheet.html",
        {
            "round": round_,
            "contest": round_.contest,
            "judge": judge,
            "sheet": sheet,
            "forms": forms,
            "scoring_open": scoring_open,
            "errors": errors,
        },
    )


@login_required
def print_sheet_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A judge's score sheet to print (A4): their own, filled; or, for an organizer or the
    head judge, any judge's (?judge=id) or a blank one (?blank=1)."""
    round_ = _round(pk)
    user = user_of(request)
    own = judge_of(user, round_)
    blank = request.GET.get("blank") == "1"
    judge: Judge | None = own
    if request.GET.get("judge"):
        if not user.has_perm("contests.close_round", round_):
            raise PermissionDenied
        judge = get_object_or_404(Judge, pk=request.GET["judge"], round=round_)
    elif own is None:
        if not user.has_perm("contests.close_round", round_):
            raise PermissionDenied
        blank = True
    sheet = selectors.judge_sheet(round_, judge, blank=blank)
    return render(
        request,
        "contests/print/sheet.html",
        # Back to the page the user came from: the judge's own sheet, else the round's page
        # (an organizer who is not a judge may not open a judge's sheet).
        {
            "round": round_,
            "contest": round_.contest,
            "sheet": sheet,
            "blank": blank,
            "back_to_sheet": own is not None,
        },
    )


def _summary(request: HttpRequest, pk: int) -> selectors.Summary:
    round_ = access.round_for(request.user, pk, access.Action.SUMMARY)
    return selectors.summary(round_)


@login_required
def summary_view(request: HttpRequest, pk: int) -> HttpResponse:
    s = _summary(request, pk)
    return render(
        request,
        "contests/print/summary.html",
        {"s": s, "round": s.round, "contest": s.contest},
    )


@login_required
def summary_xlsx_view(request: HttpRequest, pk: int) -> FileResponse:
    s = _summary(request, pk)
    return FileResponse(
        exports.summary_xlsx(s),
        as_attachment=True,
        filename=f"tong-hop-diem-vong-{s.round.pk}.xlsx",
        content_type=exports.XLSX,
    )


__all__ = ["print_sheet_view", "sheet_view", "summary_view", "summary_xlsx_view"]
