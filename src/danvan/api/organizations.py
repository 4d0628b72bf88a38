"""Organizations (cơ quan, tổ chức): public reference data, readable without signing in."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from danvan.org import selectors
from danvan.org.models import Organization

from .pagination import Page
from .schemas import ErrorOut, Id, OrganizationDetailOut, OrganizationFilters, OrganizationOut

router = Router(tags=["organizations"])


@router.get(
    "",
    response={200: list[OrganizationOut], 422: ErrorOut},
    summary="List organizations",
    url_name="organizations",
    operation_id="list_organizations",
)
@paginate(Page)
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilters]
) -> QuerySet[Organization]:
    """Organizations in force on `as_of` (today by default), ordered by code."""
    return selectors.organizations(
        level=filters.level,
        kind=filters.kind,
        unit=filters.unit,
        province=filters.province,
        parent=filters.parent,
        q=filters.q,
        as_of=filters.as_of,
    )


@router.get(
    "/{organization_id}",
    response={200: OrganizationDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One organization",
    url_name="organization",
    operation_id="get_organization",
)
def get_organization(request: HttpRequest, organization_id: Id) -> Organization:
    """Any organization, in force or historical."""
    return get_object_or_404(
        Organization.objects.select_related("unit", "parent"), pk=organization_id
    )
