"""Staff pages of the topics: the topics of a scope and period, one topic, its label, and a
training run started by a system administrator (issue 20, point 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.lib.access import user_allowed
from danvan.lib.charts import Chart, Series
from danvan.org.models import AdminUnit

from . import access
from .models import Topic, TopicModel
from .selectors import topics as selectors
from .services import topics as services
from .topics.forms import LabelForm, TrainForm
from .topics.permissions import may_label

PURPOSE_VIEW = "topics page"


def _scope_name(model: TopicModel) -> str:
    return model.scope.name if model.scope else _("The whole country")


def _caption(model: TopicModel) -> str:
    return _("%(scope)s, %(start)s–%(end)s") % {
        "scope": _scope_name(model),
        "start": model.period_start.strftime("%d/%m/%Y"),
        "end": model.period_end.strftime("%d/%m/%Y"),
    }


def topic_name(topic: Topic) -> str:
    """Its label, else its first words as people write them (syllables apart)."""
    return str(topic)


def _sparkline(values: list[int | None]) -> str:
    """The points of a small trend line (viewBox 0 0 100 24); hidden counts drawn as 0."""
    numbers = [v or 0 for v in values]
    top = max(numbers) or 1
    step = 100 / max(len(numbers) - 1, 1)
    return " ".join(f"{i * step:.1f},{22 - 20 * v / top:.1f}" for i, v in enumerate(numbers))


def _log_counted(request: HttpRequest, model: TopicModel, topic: Topic | None = None) -> None:
    n = selectors.sensitive_counted(request.user, model, topic)
    access.log_sensitive(request.user, purpose=PURPOSE_VIEW, texts=n, scope_id=model.scope_id)


def _place(request: HttpRequest) -> AdminUnit | None:
    raw = request.GET.get("place", "")
    return AdminUnit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


def _places_chart(places: list[tuple[int, str, int | None]], model: TopicModel, link: str) -> Chart:
    return Chart(
        key="places",
        kind="hbar",
        title=_("Texts per place"),
        caption=_caption(model),
        labels=[name for _pk, name, _n in places],
        series=[Series(_("Texts"), [n for _pk, _name, n in places])],
        links=[f"{link}place={pk}" for pk, _name, _n in places],
        tall=len(places) > 8,
    )


def _list_context(
    user: Any, model: TopicModel | None, train_form: TrainForm, place: AdminUnit | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "model": model,
        "models": selectors.models_list(user),
        "may_train": access.may_train(user),
        "train_form": train_form,
        "min_count": access.min_count(),
    }
    if model is not None:
        rows, weeks = selectors.topic_rows(user, model, place)
        for row in rows:
            row.spark = _sparkline(row.trend)
        places = selectors.topic_places(user, model=model)[:30]
        context.update(
            rows=rows,
            weeks=weeks,
            place=place,
            caption=(place.name + " · " if place else "") + _caption(model),
            places_chart=_places_chart(
                places, model, reverse("insights:topics") + f"?model={model.pk}&"
            ),
            chart=Chart(
                key="topics",
                kind="hbar",
                title=_("Texts per topic"),
                caption=_caption(model),
                labels=[topic_name(r.topic) for r in rows],
                series=[Series(_("Texts"), [r.shown for r in rows])],
                links=[reverse("insights:topic", args=[r.topic.pk]) for r in rows],
                tall=len(rows) > 8,
            ),
        )
    return context


@login_required
def topics_view(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    model: TopicModel | None
    raw = request.GET.get("model", "")
    if raw:
        if not raw.isdigit():
            return HttpResponse(_("Unknown topic model."), status=400)
        model = selectors.model_for(user, int(raw))
    else:
        model = selectors.default_model(user)
    today = timezone.localdate()
    form = TrainForm(initial={"period_end": today, "period_start": today - dt.timedelta(days=364)})
    context = _list_context(user, model, form, _place(request))
    if model is not None:
        _log_counted(request, model)
    return render(request, "insights/topics/list.html", context)


def _topic_context(request: HttpRequest, topic: Topic, form: LabelForm) -> dict[str, Any]:
    user = request.user
    model = topic.model
    place = _place(request)
    weeks = selectors.topic_weeks(user, topic, place)
    places = selectors.topic_places(user, topic)[:30]
    here = reverse("insights:topic", args=[topic.pk])
    caption = (place.name + " · " if place else "") + _caption(model)
    return {
        "topic": topic,
        "name": topic_name(topic),
        "model": model,
        "place": place,
        "form": form,
        "may_label": may_label(user, topic),
        "reads": access.reads_texts(user),
        "texts": selectors.representatives(user, topic),
        "min_count": access.min_count(),
        "words_chart": Chart(
            key="words",
            kind="hbar",
            title=_("Top words"),
            caption=_caption(model),
            labels=[str(w[0]).replace("_", " ") for w in topic.words],
            series=[Series(_("Weight (%)"), [round(float(w[1]) * 100, 1) for w in topic.words])],
            tall=len(topic.words) > 8,
        ),
        "weeks_chart": Chart(
            key="weeks",
            kind="line",
            title=_("Texts per week"),
            caption=caption,
            labels=[w.strftime("%d/%m/%Y") for w, _n in weeks],
            series=[Series(_("Texts"), [n for _w, n in weeks])],
        ),
        "places_chart": _places_chart(places, model, f"{here}?"),
    }


@login_required
def topic_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    topic = selectors.topic_for(user, pk)
    context = _topic_context(request, topic, LabelForm(initial={"label": topic.label}))
    _log_counted(request, topic.model, topic)
    return render(request, "insights/topics/detail.html", context)


@login_required
@require_POST
def label_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_allowed(request, "insights.use")
    topic = selectors.topic_for(user, pk)
    if not may_label(user, topic):
        raise PermissionDenied
    form = LabelForm(request.POST)
    if form.is_valid():
        try:
            services.set_label(actor=user, topic=topic, label=form.cleaned_data["label"])
        except ValidationError as error:
            form.add_error("label", error.messages)
        else:
            messages.success(request, _("The topic's label is saved."))
            return redirect("insights:topic", pk=topic.pk)
    context = _topic_context(request, topic, form)
    return render(request, "insights/topics/detail.html", context, status=400)


@login_required
@require_POST
def train_view(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.train")
    form = TrainForm(request.POST)
    if not form.is_valid():
        context = _list_context(user, selectors.default_model(user), form)
        return render(request, "insights/topics/list.html", context, status=400)
    from .topics.tasks import train_topics

    data = form.cleaned_data
    scope = data["scope"]
    transaction.on_commit(
        lambda: train_topics.enqueue(
            scope.pk if scope else None,
            data["period_start"].isoformat(),
            data["period_end"].isoformat(),
            data["topics"],
            user.pk,
        )
    )
    messages.info(
        request,
        _("Training has started in the background; the new topics appear here when it ends."),
    )
    return redirect("insights:topics")
