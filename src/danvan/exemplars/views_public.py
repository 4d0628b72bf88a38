"""The public showcase of recognized "Dân vận khéo" models: a gallery and a page per model.

No account is needed. The filters are GET parameters, so a filtered list can be shared as a
link. A person's name is shown only with their consent (`Exemplar.shows_holder_publicly`).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import showcase
from .models import Exemplar, ExemplarField, ExemplarKind, RecognitionLevel


def gallery_view(request: HttpRequest) -> HttpResponse:
    filters = showcase.GalleryFilters.from_query(request.GET)
    paginator: Paginator[Exemplar] = Paginator(showcase.gallery(filters), showcase.PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    map_query = query.copy()
    map_query.pop("province", None)
    filtered = bool(filters.q or filters.kind or filters.field or filters.level) or (
        filters.province is not None
    )
    return render(
        request,
        "exemplars/public/gallery.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "query": query.urlencode(),
            "kinds": ExemplarKind.choices,
            "fields": ExemplarField.choices,
            "levels": RecognitionLevel.choices,
            "provinces": showcase.provinces(),
            "map": showcase.gallery_map(filters, map_query.urlencode()),
        },
    )


def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(showcase.public_detail(), pk=pk)
    body = exemplar.organization
    successor = body.current if body.current_id not in (None, body.pk) else None
    replications = list(exemplar.replications.all())
    return render(
        request,
        "exemplars/public/detail.html",
        {
            "exemplar": exemplar,
            "subfields": list(exemplar.subfields.all()),
            "recognitions": list(exemplar.recognitions.all()),
            "results": showcase.result_lines(exemplar),
            "replications": replications,
            "body": body,
            "successor": successor,
            "map": showcase.detail_map(exemplar),
        },
    )
