"""GET /api/v1/units and /api/v1/units/{id}: public, filtered, "as of" a date, paginated."""

from __future__ import annotations

import pytest

from danvan.org.models import AdminUnit, UnitSuccession
from tests.factories import unit

from .helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/units"

UNIT_FIELDS = {
    "id",
    "code",
    "name",
    "short_name",
    "kind_name",
    "level",
    "parent_id",
    "province_id",
    "current_id",
    "valid_from",
    "valid_to",
}


def get_units(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_units_level_province_counts_34_current_provinces(client):
    assert get_units(client, level="province")["count"] == 34


def test_units_level_commune_counts_3321_current_communes(client):
    assert get_units(client, level="commune")["count"] == 3321


def test_units_as_of_the_day_before_the_reform_counts_63_provinces(client):
    assert get_units(client, level="province", as_of="2025-06-30")["count"] == 63


def test_units_as_of_accepts_the_vietnamese_date_format(client):
    assert get_units(client, level="province", as_of="30/06/2025")["count"] == 63
    assert get_units(client, level="district", as_of="30/06/2025")["count"] == 696


def test_units_default_to_today_so_no_district_is_listed(client):
    assert get_units(client, level="district")["count"] == 0


def test_units_search_ignores_diacritics_and_finds_dak_lak(client):
    names = [item["name"] for item in get_units(client, q="dak lak", level="province")["items"]]
    assert names == ["Tỉnh Đắk Lắk"]


def test_units_search_ha_noi_finds_the_capital(client):
    names = [item["name"] for item in get_units(client, q="ha noi")["items"]]
    assert "Thành phố Hà Nội" in names


def test_units_search_with_diacritics_typed_finds_the_same_unit(client):
    names = [item["name"] for item in get_units(client, q="Đắk  LẮK", level="province")["items"]]
    assert names == ["Tỉnh Đắk Lắk"]


def test_units_parent_filter_lists_only_that_provinces_communes(client):
    hanoi = unit("01")
    body = get_units(client, parent=hanoi.pk, page_size=500)
    assert body["count"] == AdminUnit.objects.current().filter(parent=hanoi).count() > 0
    assert {item["parent_id"] for item in body["items"]} == {hanoi.pk}
    assert {item["level"] for item in body["items"]} == {"commune"}


def test_units_items_carry_the_documented_fields(client):
    item = get_units(client, level="province", page_size=1)["items"][0]
    assert set(item) == UNIT_FIELDS
    hanoi = unit("01")
    assert item == {
        "id": hanoi.pk,
        "code": "01",
        "name": "Thành phố Hà Nội",
        "short_name": "Hà Nội",
        "kind_name": "Thành phố",
        "level": "province",
        "parent_id": None,
        "province_id": hanoi.pk,
        "current_id": hanoi.pk,
        "valid_from": hanoi.valid_from.isoformat() if hanoi.valid_from else None,
        "valid_to": None,
    }


def test_units_are_readable_without_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 34 + 3321


def test_unit_detail_lists_successors_of_a_unit_merged_in_2025(client):
    link = (
        UnitSuccession.objects.filter(predecessor__level="commune", is_default=True)
        .select_related("predecessor", "successor")
        .order_by("predecessor__code")
        .first()
    )
    assert link is not None
    response = client.get(f"{URL}/{link.predecessor_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["valid_to"] == "2025-06-30"
    assert body["current_id"] == link.predecessor.current_id
    assert body["predecessors"] == []
    successor = next(s for s in body["successors"] if s["id"] == link.successor_id)
    assert successor == {
        "id": link.successor_id,
        "code": link.successor.code,
        "name": link.successor.name,
        "kind": link.kind,
        "is_default": True,
        "effective_date": link.effective_date.isoformat(),
    }


def test_unit_detail_lists_predecessors_of_a_new_commune(client):
    new_commune = (
        AdminUnit.objects.current()
        .communes()
        .filter(predecessions__isnull=False)
        .order_by("code")
        .first()
    )
    assert new_commune is not None
    body = client.get(f"{URL}/{new_commune.pk}").json()
    expected = set(new_commune.predecessions.values_list("predecessor_id", flat=True))
    assert {p["id"] for p in body["predecessors"]} == expected
    assert all(
        set(p) == {"id", "code", "name", "kind", "is_default", "effective_date"}
        for p in body["predecessors"]
    )


def test_unit_detail_of_an_unknown_id_is_a_json_404(client):
    assert_error(client.get(f"{URL}/999999999"), 404, "not_found")
