"""The public side of the Front's supervision: the programmes whose summary the conducting
Front body published, and each one's summary — the recommendations it sent, to which body,
by when, and what the bodies answered. Nobody signs in; what is public is
selectors.supervision_public's (decision 0027)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.lib.pagination import page_of
from danvan.org.models import AdminLevel, AdminUnit

from .selectors import supervision_public as select

PAGE = 20


def _province(request: HttpRequest) -> AdminUnit | None:
    raw = request.GET.get("tinh", "")
    if not raw.isdigit():
        return None
    return AdminUnit.objects.filter(pk=int(raw), level=AdminLevel.PROVINCE).first()


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def programmes_view(request: HttpRequest) -> HttpResponse:
    province, year = _province(request), _year(request)
    rows = select.published_programmes(province=province, year=year)
    page, query = page_of(request, Paginator(rows, PAGE))
    return render(
        request,
        "participation/supervision/public_programmes.html",
        {
            "page": page,
            "query": query,
            "province": province,
            "provinces": AdminUnit.objects.current().provinces().order_by("name"),
            "year": year,
            "years": select.published_years(),
        },
    )


def programme_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = select.published_programme(pk)
    return render(
        request,
        "participation/supervision/public_programme.html",
        {"summary": select.summary(programme), "programme": programme},
    )
