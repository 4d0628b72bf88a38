"""Pages of a list without counting it: for searches over a large scope.

Counting every match of a common word over a province of 50,000 matters costs ten times the
page itself (the trigram index has to gather every row holding the word), while the page —
newest first, 25 rows — comes off the scope's own index. So a search result shows "page N"
with previous / next links, and reads one row more than it shows to know whether there is a
next page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from django.db.models import QuerySet
from django.http import HttpRequest

T = TypeVar("T")


class UncountedPage(Sequence[T], Generic[T]):
    def __init__(self, rows: list[T], number: int, has_next: bool, paginator: Any) -> None:
        self.object_list, self.number, self._has_next = rows, number, has_next
        self.paginator = paginator

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.object_list[index]

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self) -> Iterator[T]:
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class UncountedPaginator(Generic[T]):
    """Like Django's Paginator for the template's needs, with `count` and `num_pages` None."""

    count = None
    num_pages = None

    def __init__(self, queryset: QuerySet[Any], per_page: int, max_pages: int = 400) -> None:
        self.queryset, self.per_page, self.max_pages = queryset, per_page, max_pages

    def get_page(self, number: object) -> UncountedPage[T]:
        text = str(number or "")
        page = min(int(text), self.max_pages) if text.isdigit() and int(text) > 0 else 1
        start = (page - 1) * self.per_page
        rows = list(self.queryset[start : start + self.per_page + 1])
        return UncountedPage(rows[: self.per_page], page, len(rows) > self.per_page, self)


def page_of(request: HttpRequest, paginator: Any) -> tuple[Any, str]:
    """The page the request asks for (?page=, out-of-range and junk read as the nearest
    page), and the request's other parameters as a query string for the page links."""
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
