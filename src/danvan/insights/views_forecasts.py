"""Staff pages of the forecasts: the places the user covers, one place's forecast with its
back-test and the officers' assessments, and the model's evaluation (decision 0029)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.lib.access import user_allowed
from danvan.lib.charts import Chart, Series

from .forecasting.chart import geometry
from .models import Trend
from .selectors import forecasts as selectors
from .services.forecasts import model_settings, record_assessment


class AssessmentForm(forms.Form):
    topic = forms.IntegerField(required=False, widget=forms.HiddenInput)
    trend = forms.ChoiceField(
        label=gettext_lazy("Expected trend"), choices=Trend.choices, widget=forms.RadioSelect
    )
    expected = forms.IntegerField(
        label=gettext_lazy("Expected weekly count"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=gettext_lazy("Optional: how many texts a week you expect."),
    )
    note = forms.CharField(
        label=gettext_lazy("Your assessment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What you know that the figures do not: events, decisions, the mood on the ground."
        ),
    )


def _place_url(province_id: int | None, topic_id: int | None = None) -> str:
    url = (
        reverse("insights:forecast", args=[province_id])
        if province_id is not None
        else reverse("insights:forecast_nation")
    )
    return f"{url}?chu-de={topic_id}" if topic_id else url


def _crumbs() -> list[tuple[str, str]]:
    return [
        (_("The people's situation"), reverse("insights:home")),
        (_("Forecasts"), reverse("insights:forecasts")),
    ]


@login_required
def forecasts(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    rows = selectors.overview(user)
    chart = Chart(
        key="forecast-next",
        kind="hbar",
        title=_("Expected texts next week"),
        caption=_("Forecast made %(date)s")
        % {"date": rows[0].forecast.made_at.strftime("%d/%m/%Y")}
        if rows
        else "",
        labels=[r.place or _("Whole country") for r in rows if r.url_province is not None],
        series=[Series(_("Expected"), [r.next_mean for r in rows if r.url_province is not None])],
        links=[_place_url(r.url_province) for r in rows if r.url_province is not None],
        tall=len(rows) > 12,
    )
    return render(
        request,
        "insights/forecasts/list.html",
        {
            "rows": rows,
            "chart": chart,
            "may_evaluate": user.has_perm("insights.evaluate"),
            "crumbs": _crumbs()[:1],
            "min_count": selectors.access.min_count(),
        },
    )


def _topic_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("chu-de") or ""
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404 from exc


def _detail_page(
    request: HttpRequest,
    user: Any,
    province_id: int | None,
    topic_id: int | None,
    form: AssessmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.detail(user, province_id=province_id, topic_id=topic_id, now=timezone.now())
    chart = None
    if page.forecast is not None and page.weeks:
        chart = geometry(
            [w.week for w in page.weeks],
            [w.actual for w in page.weeks],
            [w.mean for w in page.weeks],
            [w.lower for w in page.weeks],
            [w.upper for w in page.weeks],
            page.forecast.last_week,
        )
    if form is None and page.may_assess:
        form = AssessmentForm(initial={"topic": topic_id})
    config = model_settings()
    ahead = [w for w in page.weeks if w.forecast]
    first = ahead[0] if ahead else None
    next_text = ""
    range_text = ""
    if first is not None:
        next_text = (
            _("fewer than %(n)s") % {"n": selectors.access.min_count()}
            if first.mean is None
            else intcomma(first.mean)
        )
        if first.lower is not None and first.upper is not None:
            range_text = _("likely %(low)s–%(high)s") % {
                "low": intcomma(first.lower),
                "high": intcomma(first.upper),
            }
    coverage = page.forecast.coverage if page.forecast is not None else None
    return render(
        request,
        "insights/forecasts/detail.html",
        {
            "page": page,
            "chart": chart,
            "form": form if page.may_assess else None,
            "place_name": page.province.name if page.province else _("Whole country"),
            "province_id": province_id,
            "topic_id": topic_id,
            "assess_url": (
                reverse("insights:forecast_assess", args=[province_id])
                if province_id is not None
                else reverse("insights:forecast_assess_nation")
            ),
            "base_url": _place_url(province_id),
            "forecast_weeks": ahead,
            "next_text": next_text,
            "range_text": range_text,
            "model_trend_label": Trend(page.trend).label if page.trend else "",
            "coverage_percent": round(coverage * 100) if coverage is not None else None,
            "level": round(config.level * 100),
            "min_weeks": config.min_weeks,
            "crumbs": _crumbs(),
            "recent_weeks": [w for w in page.weeks if not w.forecast][-12:],
            "min_count": selectors.access.min_count(),
        },
        status=status,
    )


@login_required
def forecast(request: HttpRequest, province: int) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    return _detail_page(request, user, province, _topic_param(request))


@login_required
def forecast_nation(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    return _detail_page(request, user, None, _topic_param(request))


def _assess(request: HttpRequest, province_id: int | None) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    if selectors.assessing_body(user, province_id) is None:
        raise PermissionDenied
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        topic_id = None
        try:
            topic_id = int(request.POST.get("topic") or 0) or None
        except ValueError:
            topic_id = None
        return _detail_page(request, user, province_id, topic_id, form=form, status=400)
    topic_id = form.cleaned_data["topic"]
    topic = selectors.topic_of(province_id, topic_id)
    page = selectors.detail(user, province_id=province_id, topic_id=topic_id, now=timezone.now())
    try:
        record_assessment(
            actor=user,
            province=page.province,
            topic=topic,
            trend=form.cleaned_data["trend"],
            expected=form.cleaned_data["expected"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return _detail_page(request, user, province_id, topic_id, form=form, status=400)
    messages.success(request, _("Your assessment is recorded beside the forecast."))
    return redirect(_place_url(province_id, topic_id))


@login_required
@require_POST
def forecast_assess(request: HttpRequest, province: int) -> HttpResponse:
    return _assess(request, province)


@login_required
@require_POST
def forecast_assess_nation(request: HttpRequest) -> HttpResponse:
    return _assess(request, None)


@login_required
def evaluation(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.evaluate")
    result = selectors.evaluation(user)
    runs = list(reversed(result.runs))
    chart = Chart(
        key="forecast-evaluation",
        kind="line",
        title=_("Back-test error per run"),
        caption=_("Mean absolute error, texts a week, last %(n)s runs") % {"n": len(runs)},
        labels=[r.made_at.strftime("%d/%m/%Y") for r in runs],
        series=[
            Series(_("Model"), [round(r.mae, 2) for r in runs]),
            Series(_("Naive forecast"), [round(r.naive_mae, 2) for r in runs]),
        ],
    )
    return render(
        request,
        "insights/forecasts/evaluation.html",
        {"result": result, "chart": chart, "crumbs": _crumbs()},
    )
