"""The public results of contests: nothing before the organizer publishes them. No account
is needed; members are shown by name and position only (public contest information)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors


def list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "contests/public/list.html", {"contests": list(selectors.public_contests())}
    )


def results_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.public_contests(), pk=pk)
    criteria = selectors.criteria_of(contest)
    return render(
        request,
        "contests/public/results.html",
        {"contest": contest, "criteria": criteria, "rounds": selectors.results(contest, criteria)},
    )
