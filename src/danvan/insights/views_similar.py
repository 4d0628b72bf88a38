"""The measure of the similar-text methods (issue 20, point 4): characters, embeddings and
their combination on the labelled pair set, as the last runs of `insights_similarity_eval`
found them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.lib.access import user_allowed
from danvan.lib.charts import Chart, Series

from .selectors.similar import evaluations
from .similarity.evaluate import CHARACTERS, COMBINED, EMBEDDINGS, METHODS, POSITIVE_KINDS


def _names() -> dict[str, str]:
    return {
        CHARACTERS: _("Characters (words and word pairs)"),
        EMBEDDINGS: _("Meaning (sentence embeddings)"),
        COMBINED: _("Both combined"),
        "reworded": _("Reworded"),
        "accent": _("Without diacritics"),
        "variant": _("Abbreviated, typos"),
    }


def _rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    names = _names()
    rows = []
    for method in METHODS:
        r = metrics.get("methods", {}).get(method)
        if not r:
            continue
        rows.append(
            {
                "key": method,
                "name": names[method],
                "chosen": metrics.get("chosen") == method,
                "auc": r["auc"],
                "f1": r["f1"],
                "threshold": r["threshold"],
                "p1": r["precision_at_1"],
                "kinds": [
                    (names[k], r["kinds"][k]["auc"], r["kinds"][k]["precision_at_1"])
                    for k in POSITIVE_KINDS
                ],
            }
        )
    return rows


@login_required
def evaluation(request: HttpRequest) -> HttpResponse:
    user_allowed(request, "insights.evaluate")
    runs = evaluations()
    latest = runs[0] if runs else None
    rows = _rows(latest.metrics) if latest is not None else []
    names = _names()
    chart = None
    if latest is not None:
        when = timezone.localtime(latest.trained_at).strftime("%d/%m/%Y")
        chart = Chart(
            key="similar-evaluation",
            kind="bar",
            title=_("Area under the ROC curve by kind of pair"),
            caption=_("Labelled pair set, %(pairs)s pairs, measured %(date)s")
            % {"pairs": latest.metrics.get("pairs", 0), "date": when},
            labels=[_("All pairs")] + [names[k] for k in POSITIVE_KINDS],
            series=[
                Series(
                    row["name"],
                    [round(row["auc"], 3)] + [round(auc, 3) for _n, auc, _p in row["kinds"]],
                )
                for row in rows
            ],
        )
    crumbs = [(_("The people's situation"), reverse("insights:home"))]
    return render(
        request,
        "insights/similar/evaluation.html",
        {
            "latest": latest,
            "runs": runs,
            "rows": rows,
            "chart": chart,
            "crumbs": crumbs,
            "kinds": [names[k] for k in POSITIVE_KINDS],
        },
    )
