"""The showcase's map: one circle per province where matching models are, each a link to the
gallery filtered to that province; a model's page shows where it is. Drawn on the server: no
tiles, no script, no network."""

import re

import pytest
from django.urls import reverse

from danvan.lib import maps
from tests.exemplars.conftest import detail_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

GALLERY = reverse("exemplars:gallery")


@pytest.fixture(autouse=True)
def places(network):
    for unit, (lat, lon) in (
        (network.province_a.unit, (21.03, 105.85)),
        (network.province_b.unit, (21.82, 105.21)),
    ):
        unit.latitude, unit.longitude = lat, lon
        unit.save()


def dots(response):
    return response.context["map"].dots


def test_one_circle_per_province_sized_by_its_count(client, spread, network):
    response = client.get(GALLERY)
    by_name = {d.name: d for d in dots(response)}
    assert {n: d.count for n, d in by_name.items()} == {
        network.province_a.unit.name: 3,
        network.province_b.unit.name: 1,
    }
    assert float(by_name[network.province_a.unit.name].r) > float(
        by_name[network.province_b.unit.name].r
    )


def test_a_circle_links_to_its_province_and_keeps_the_other_filters(client, spread, network):
    response = client.get(
        GALLERY, {"field": "economy", "province": str(network.province_a.unit.pk), "page": "1"}
    )
    hrefs = [d.href for d in dots(response)]
    assert hrefs == [f"?field=economy&province={network.province_a.unit.pk}"]


def test_the_map_follows_the_search(client, spread, network):
    response = client.get(GALLERY, {"q": "vung cao"})
    assert [d.name for d in dots(response)] == [network.province_b.unit.name]


def test_the_map_is_inline_svg_with_the_archipelagos_and_no_outside_address(client, spread):
    html = client.get(GALLERY).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'data-testid="map-dot"' in svg
    assert "Hoàng Sa" in svg and "Trường Sa" in svg
    assert not re.search(r"https?://", svg)


def test_the_circles_are_also_a_list_for_those_who_cannot_see_the_map(client, spread, network):
    html = client.get(GALLERY).content.decode()
    listing = html[html.index('data-testid="map-list"') :]
    assert network.province_a.unit.name in listing.split("</ul>")[0]


def test_the_map_costs_two_queries_whatever_the_number_of_models(
    client, spread, django_assert_max_num_queries
):
    client.get(GALLERY)  # warm the caches of the menu and the province list
    with django_assert_max_num_queries(8):
        client.get(GALLERY)


def test_a_models_page_shows_its_commune_else_its_province(client, spread, network):
    highland = spread["highland"]
    commune = highland.unit
    commune.latitude, commune.longitude = 22.8, 104.98
    commune.save()
    (dot,) = client.get(detail_url(highland)).context["map"].dots
    expected = maps.project(22.8, 104.98)
    assert (float(dot.x), float(dot.y)) == (expected.x, expected.y)
    commune.latitude = commune.longitude = None
    commune.save()
    (dot,) = client.get(detail_url(highland)).context["map"].dots
    expected = maps.project(21.82, 105.21)
    assert (float(dot.x), float(dot.y)) == (expected.x, expected.y)


def test_a_models_own_coordinates_come_before_its_places(client, spread):
    exemplar = spread["flowers"]
    exemplar.latitude, exemplar.longitude = 20.95, 105.75
    exemplar.save()
    (dot,) = client.get(detail_url(exemplar)).context["map"].dots
    assert float(dot.y) == maps.project(20.95, 105.75).y


def test_no_map_without_any_place_known(client, spread, network):
    for unit in (network.province_b.unit, spread["highland"].unit):
        unit.latitude = unit.longitude = None
        unit.save()
    response = client.get(detail_url(spread["highland"]))
    assert response.context["map"] is None
    assert 'data-testid="map"' not in response.content.decode()
