"""The classifiers' evaluation page (who may: `insights.evaluate`) and the retraining asked
from it (`insights.train`): thin, the work is in selectors.suggestions and the task."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.lib.access import user_allowed
from danvan.lib.charts import Chart, Series

from .models import ModelRun, ModelTarget, RunOutcome
from .selectors import suggestions as selectors
from .suggesting import tasks, training

TRAIN_CHOICES = {"field": [ModelTarget.FIELD], "kind": [ModelTarget.KIND]}
TRAIN_CHOICES["all"] = TRAIN_CHOICES["field"] + TRAIN_CHOICES["kind"]


def _chart(run: ModelRun, key: str) -> Chart:
    classes = sorted(
        (run.metrics.get("classes") or {}).values(), key=lambda c: (-c["support"], c["label"])
    )
    trained = timezone.localtime(run.trained_at).strftime("%d/%m/%Y")
    return Chart(
        key=key,
        kind="hbar",
        title=_("%(target)s: precision and recall by class") % {"target": run.get_target_display()},
        caption=_("Held-out matters (%(n)s), trained %(date)s")
        % {"n": f"{run.test_size:,}".replace(",", "."), "date": trained},
        labels=[c["label"] for c in classes],
        series=[
            Series(_("Precision"), [round(100 * c["precision"], 1) for c in classes]),
            Series(_("Recall"), [round(100 * c["recall"], 1) for c in classes]),
        ],
        percent=True,
        tall=len(classes) > 6,
    )


@login_required
def models_view(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.evaluate")
    by_target = selectors.runs_by_target()
    sections = []
    for target in selectors.CLASSIFIER_TARGETS:
        rows = by_target[target]
        active = next((r for r in rows if r.run.active), None)
        latest = rows[0] if rows else None
        sections.append(
            {
                "target": target,
                "label": ModelTarget(target).label,
                "rows": rows,
                "active": active,
                "latest": latest,
                "too_few": latest is not None and latest.run.outcome == RunOutcome.TOO_FEW,
                "chart": _chart(active.run, f"pr-{target}") if active else None,
            }
        )
    return render(
        request,
        "insights/suggestions/models.html",
        {
            "sections": sections,
            "crumbs": [(_("The people's situation"), reverse("insights:home"))],
            "may_train": user.has_perm("insights.train"),
            "min_labels": training.min_labels(),
            "min_per_class": training.min_per_class(),
        },
    )


@login_required
@require_POST
def train_view(request: HttpRequest) -> HttpResponse:
    user = user_allowed(request, "insights.train")
    targets = TRAIN_CHOICES.get(request.POST.get("target", ""))
    try:
        seed = int(request.POST.get("seed") or 0)
    except ValueError:
        seed = -1
    if targets is None or not 0 <= seed < 2**31:
        return HttpResponseBadRequest(_("Choose the field, the kind or both, and a whole seed."))
    # Training reads every classified matter: minutes at national scale, so the worker does
    # it; the page shows the new run when it is done.
    names = [str(t) for t in targets]
    transaction.on_commit(lambda: tasks.train_classifiers.enqueue(names, seed, user.pk))
    messages.info(
        request,
        _("Retraining queued. The new measures appear here when the worker has finished."),
    )
    return redirect("insights:models")
