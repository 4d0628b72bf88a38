"""No N+1: a list costs the same few queries whether a page holds 5 items or 200."""

from __future__ import annotations

import pytest

from danvan.org.models import OrganizationKind
from tests.factories import make_org, unit

pytestmark = pytest.mark.django_db

# One COUNT for the total and one SELECT for the page.
LIST_QUERIES = 2


def queries_for(client, django_assert_max_num_queries, url, **params):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(LIST_QUERIES) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.json()["items"])


def test_units_list_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries):
    small = queries_for(client, django_assert_max_num_queries, "/api/v1/units", page_size=5)
    large = queries_for(client, django_assert_max_num_queries, "/api/v1/units", page_size=200)
    assert (small[1], large[1]) == (5, 200)
    assert small[0] == large[0]


def test_organizations_list_queries_do_not_grow_with_page_size(
    client, django_assert_max_num_queries
):
    hanoi = unit("01")
    province = make_org(unit=hanoi, name="Ban Tuyên giáo và Dân vận Thành ủy Hà Nội")
    for commune in hanoi.children.all()[:40]:
        make_org(unit=commune, parent=province)
        make_org(unit=commune, kind=OrganizationKind.PEOPLES_COMMITTEE)
    url = "/api/v1/organizations"
    small = queries_for(client, django_assert_max_num_queries, url, page_size=5)
    large = queries_for(client, django_assert_max_num_queries, url, page_size=200)
    assert (small[1], large[1]) == (5, 81)
    assert small[0] == large[0]
