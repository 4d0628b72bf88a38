"""Lists are paged: a total count, the page asked for, and a page size capped at 500."""

from __future__ import annotations

import pytest

from danvan.org.models import AdminUnit

pytestmark = pytest.mark.django_db

URL = "/api/v1/units"


def test_page_size_limits_items_but_count_is_the_total(client):
    body = client.get(URL, {"level": "province", "page_size": 10}).json()
    assert body["count"] == 34
    assert body["page"] == 1
    assert body["page_size"] == 10
    assert len(body["items"]) == 10


def test_pages_follow_each_other_in_code_order_without_overlap(client):
    codes = []
    for page in (1, 2, 3, 4):
        body = client.get(URL, {"level": "province", "page_size": 10, "page": page}).json()
        assert body["page"] == page
        codes += [item["code"] for item in body["items"]]
    assert len(codes) == 34
    assert codes == sorted(set(codes))
    assert codes == list(
        AdminUnit.objects.current().provinces().order_by("code").values_list("code", flat=True)
    )


def test_last_partial_page_and_page_past_the_end(client):
    assert (
        len(client.get(URL, {"level": "province", "page_size": 10, "page": 4}).json()["items"]) == 4
    )
    past = client.get(URL, {"level": "province", "page_size": 10, "page": 5}).json()
    assert past["items"] == []
    assert past["count"] == 34


def test_default_page_size_is_50(client):
    body = client.get(URL, {"level": "commune"}).json()
    assert body["page_size"] == 50
    assert len(body["items"]) == 50


def test_page_size_above_500_is_capped_at_500(client):
    body = client.get(URL, {"level": "commune", "page_size": 5000}).json()
    assert body["page_size"] == 500
    assert len(body["items"]) == 500
    assert body["count"] == 3321
