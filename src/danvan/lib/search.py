"""The diacritic-free "every word must match" filter that every search box uses."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet

from .text import fold

QS = TypeVar("QS", bound=QuerySet[Any])


def matching_all(qs: QS, q: str, field: str = "search_text") -> QS:
    """Rows whose folded `field` holds every folded word of `q` ("duong hoa" finds "Đường
    hoa"); `qs` unchanged for an empty query."""
    for term in fold(q).split():
        qs = qs.filter(**{f"{field}__contains": term})
    return qs
