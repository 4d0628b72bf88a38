"""Administrative units: public reference data, readable without signing in."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from danvan.org import selectors
from danvan.org.models import AdminUnit

from .pagination import Page
from .schemas import ErrorOut, Id, UnitDetailOut, UnitFilters, UnitOut

router = Router(tags=["units"])


@router.get(
    "",
    response={200: list[UnitOut], 422: ErrorOut},
    summary="List administrative units",
    url_name="units",
    operation_id="list_units",
)
@paginate(Page)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[AdminUnit]:
    """Units in force on `as_of` (today by default), ordered by official code."""
    return selectors.units(
        level=filters.level, parent=filters.parent, q=filters.q, as_of=filters.as_of
    )


@router.get(
    "/{unit_id}",
    response={200: UnitDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One administrative unit, with its successors and predecessors",
    url_name="unit",
    operation_id="get_unit",
)
def get_unit(request: HttpRequest, unit_id: Id) -> AdminUnit:
    """Any unit, in force or historical; its succession links say where its records went."""
    return get_object_or_404(AdminUnit, pk=unit_id)
