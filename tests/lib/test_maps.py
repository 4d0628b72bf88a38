"""The server-drawn map of Vietnam: Natural Earth's outline from the npm package, Hoàng Sa and
Trường Sa drawn as Vietnam's, points where they belong."""

import re

import pytest

from danvan.lib import maps

HANOI = (21.03, 105.85)
HO_CHI_MINH_CITY = (10.78, 106.70)


def test_the_outline_is_read_from_the_installed_atlas():
    maps.outline.cache_clear()
    path = maps.outline()
    assert path.startswith("M")
    # The mainland and its islands: several closed rings of many points each.
    assert path.count("Z") >= 5
    assert len(re.findall(r"[ML]", path)) > 500


def test_every_point_of_the_outline_is_inside_the_frame():
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", maps.outline())]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= maps.WIDTH
    assert min(ys) >= 0 and max(ys) <= maps.HEIGHT


def test_the_north_is_up_and_the_east_is_right():
    hanoi, saigon = maps.project(*HANOI), maps.project(*HO_CHI_MINH_CITY)
    assert hanoi.y < saigon.y
    assert hanoi.x < saigon.x


def test_a_point_falls_where_the_outline_says_the_land_is():
    # Hà Nội lies between the outline's west and east edges at its latitude band.
    hanoi = maps.project(*HANOI)
    band = [
        float(x)
        for x, y in re.findall(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)", maps.outline())
        if abs(float(y) - hanoi.y) < 3
    ]
    assert min(band) < hanoi.x < max(band)


def test_hoang_sa_and_truong_sa_are_drawn_with_their_islands():
    drawn = {name: (islands, label) for name, islands, label in maps.archipelagos()}
    assert set(drawn) == {"hoang_sa", "truong_sa"}
    for islands, label in drawn.values():
        assert len(islands) >= 5
        assert all(0 <= p.x <= maps.WIDTH and 0 <= p.y <= maps.HEIGHT for p in islands)
        assert 0 <= label.x <= maps.WIDTH
    # Hoàng Sa lies north of Trường Sa, both east of the mainland's coast at Đà Nẵng.
    da_nang = maps.project(16.05, 108.2)
    assert drawn["hoang_sa"][0][0].y < drawn["truong_sa"][0][0].y
    assert min(p.x for p in drawn["hoang_sa"][0]) > da_nang.x


@pytest.mark.parametrize(
    ("count", "largest", "expected"),
    [(0, 10, 0.0), (10, 10, 16.0), (1, 100, 4.3), (25, 100, 9.5)],
)
def test_a_circle_grows_with_the_square_root_of_its_count(count, largest, expected):
    assert maps.radius(count, largest) == expected


def test_without_the_atlas_there_is_no_outline(monkeypatch):
    monkeypatch.setattr(maps, "_atlas_path", lambda: None)
    maps.outline.cache_clear()
    try:
        assert maps.outline() == ""
    finally:
        maps.outline.cache_clear()
