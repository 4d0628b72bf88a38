"""Page-number pagination that also tells the client which page and page size it got."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE: int = settings.NINJA_PAGINATION_PER_PAGE
MAX_PAGE_SIZE: int = settings.NINJA_PAGINATION_MAX_PER_PAGE_SIZE
# Far beyond any real table, but small enough that page × page_size never overflows the
# database's 64-bit OFFSET.
MAX_PAGE = 1_000_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(
        PAGE_SIZE, ge=1, description=f"Items per page; larger requests get {MAX_PAGE_SIZE}."
    )


class Page(PageNumberPagination):
    # Named classes rather than ninja's nested "Input": the OpenAPI components take the name.
    Input = PageParams  # type: ignore[assignment]

    class Output(Schema):
        count: int = Field(description="Items matching the filters, on all pages.")
        page: int
        page_size: int = Field(description="The page size used (capped).")
        items: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def _window(self, pagination: PageParams) -> tuple[int, int]:
        """The capped page size and the offset of the page asked for."""
        page_size = self._get_page_size(pagination.page_size)
        return page_size, (pagination.page - 1) * page_size

    def paginate_queryset(
        self,
        queryset: QuerySet,
        pagination: PageParams,  # type: ignore[override]
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page_size, offset = self._window(pagination)
        return {
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": page_size,
            "items": queryset[offset : offset + page_size],
        }


class UncountedSearchPage(Page):
    """Page-number pagination where a text search (`q`) is not counted: counting every match
    of a common word over a province costs ten times the page (see lib.pagination)."""

    class Output(Schema):
        count: int | None = Field(
            description="Items matching the filters, on all pages; null for a text search."
        )
        page: int
        page_size: int = Field(description="The page size used (capped).")
        has_next: bool = Field(description="Whether a next page exists.")
        items: list[Any]

    def paginate_queryset(
        self,
        queryset: QuerySet,
        pagination: PageParams,  # type: ignore[override]
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page_size, offset = self._window(pagination)
        rows = list(queryset[offset : offset + page_size + 1])
        searching = bool(request.GET.get("q", "").strip())
        return {
            "count": None if searching else self._items_count(queryset),
            "page": pagination.page,
            "page_size": page_size,
            "has_next": len(rows) > page_size,
            "items": rows[:page_size],
        }
