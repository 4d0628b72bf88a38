"""GET /api/v1/organizations and /api/v1/organizations/{id}: public, filtered, paginated."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.org.models import OrganizationKind
from tests.factories import make_org, unit

from .helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations"

ORGANIZATION_FIELDS = {
    "id",
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "unit_id",
    "province_id",
    "parent_id",
    "current_id",
    "valid_from",
    "valid_to",
}


def get_orgs(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(body) -> set[int]:  # type: ignore[no-untyped-def]
    return {item["id"] for item in body["items"]}


def test_organizations_list_the_network_in_code_order(client, network):
    body = get_orgs(client)
    assert body["count"] == 8
    codes = [item["code"] for item in body["items"]]
    assert codes == sorted(codes)


def test_organizations_items_carry_the_documented_fields(client, network):
    item = next(i for i in get_orgs(client)["items"] if i["id"] == network.commune_a1.pk)
    assert set(item) == ORGANIZATION_FIELDS
    org = network.commune_a1
    assert item["kind"] == "mm_commission"
    assert item["level"] == "commune"
    assert item["unit_id"] == org.unit_id
    assert item["province_id"] == network.province_a.unit_id
    assert item["parent_id"] == network.province_a.pk
    assert item["current_id"] == org.pk


def test_organizations_filter_by_level(client, network):
    assert ids(get_orgs(client, level="central")) == {network.central.pk}
    assert ids(get_orgs(client, level="province")) == {
        network.province_a.pk,
        network.province_a_committee.pk,
        network.province_b.pk,
    }


def test_organizations_filter_by_kind(client, network):
    assert ids(get_orgs(client, kind="peoples_committee")) == {
        network.province_a_committee.pk,
        network.commune_a1_committee.pk,
    }


def test_organizations_filter_by_unit(client, network):
    assert ids(get_orgs(client, unit=network.commune_a1.unit_id)) == {
        network.commune_a1.pk,
        network.commune_a1_committee.pk,
    }


def test_organizations_filter_by_province_covers_its_communes(client, network):
    assert ids(get_orgs(client, province=network.province_b.unit_id)) == {
        network.province_b.pk,
        network.commune_b1.pk,
    }


def test_organizations_filter_by_parent(client, network):
    assert ids(get_orgs(client, parent=network.province_a.pk)) == {
        network.commune_a1.pk,
        network.commune_a2.pk,
    }


def test_organizations_search_ignores_diacritics_dang_finds_dang_uy(client, network):
    party = make_org(
        unit=unit("01"), kind=OrganizationKind.PARTY_COMMITTEE, name="Đảng ủy Thành phố Hà Nội"
    )
    assert ids(get_orgs(client, q="dang")) == {party.pk}
    assert ids(get_orgs(client, q="DANG UY ha noi")) == {party.pk}


def test_organizations_search_every_word_must_match(client, network):
    assert ids(get_orgs(client, q="dan van tuyen quang")) == {network.province_b.pk}


def test_organizations_as_of_shows_bodies_that_have_ended(client, network):
    old = make_org(
        unit=None,
        name="Ban Dân vận Trung ương",
        kind=OrganizationKind.MASS_MOBILIZATION_BOARD,
        valid_from=dt.date(1930, 10, 15),
        valid_to=dt.date(2025, 2, 28),
    )
    assert old.pk not in ids(get_orgs(client, q="dan van"))
    assert old.pk in ids(get_orgs(client, q="dan van", as_of="2025-01-01"))
    assert old.pk in ids(get_orgs(client, q="dan van", as_of="01/01/2025"))


def test_organizations_are_readable_without_signing_in(client, network):
    assert client.get(URL).status_code == 200


def test_organization_detail_includes_unit_and_parent(client, network):
    org = network.commune_a1
    response = client.get(f"{URL}/{org.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= ORGANIZATION_FIELDS
    assert body["name"] == org.name
    assert body["unit"] == {"id": org.unit.pk, "code": org.unit.code, "name": org.unit.name}
    assert body["parent"] == {
        "id": network.province_a.pk,
        "code": network.province_a.code,
        "name": "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
    }


def test_organization_detail_of_a_central_body_has_no_unit(client, network):
    body = client.get(f"{URL}/{network.central.pk}").json()
    assert body["unit"] is None
    assert body["unit_id"] is None
    assert body["level"] == "central"


def test_organization_detail_of_an_unknown_id_is_a_json_404(client, db):
    assert_error(client.get(f"{URL}/999999999"), 404, "not_found")


def test_organizations_with_an_unknown_kind_is_invalid(client, db):
    body = assert_error(client.get(URL, {"kind": "club"}), 422, "invalid")
    assert [e["field"] for e in body["errors"]] == ["kind"]
