import math

import pytest

from danvan.cases.open311.places import nearest_commune
from danvan.org.models import AdminUnit

pytestmark = pytest.mark.django_db


def _brute_force(latitude: float, longitude: float) -> AdminUnit:
    scale = math.cos(math.radians(latitude))
    communes = AdminUnit.objects.current().communes().filter(latitude__isnull=False)
    return min(
        communes,
        key=lambda u: (
            math.hypot(u.latitude - latitude, (u.longitude - longitude) * scale),
            u.code,
        ),
    )


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (21.0285, 105.8542),  # Hoàn Kiếm, Hà Nội: dense
        (10.7769, 106.7009),  # Thành phố Hồ Chí Minh
        (22.3364, 103.8438),  # Sa Pa, Lào Cai: mountains
        (10.2899, 103.9840),  # Phú Quốc
        (16.0544, 108.2022),  # Đà Nẵng
        (10.0, 104.5),  # at sea between Phú Quốc and the mainland
    ],
)
def test_the_nearest_commune_is_the_one_a_full_search_finds(
    latitude, longitude, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        found = nearest_commune(latitude, longitude)
    assert found == _brute_force(latitude, longitude)
    assert found is not None and found.level == "commune" and found.valid_to is None


@pytest.mark.parametrize(("latitude", "longitude"), [(0.0, 0.0), (48.85, 2.35), (-33.9, 151.2)])
def test_a_point_far_from_every_commune_has_none(latitude, longitude):
    assert nearest_commune(latitude, longitude) is None
