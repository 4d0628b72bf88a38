import datetime as dt

import pytest

from danvan.org import selectors

pytestmark = pytest.mark.django_db


def test_national_units_in_force_today_are_34_provinces_and_3321_communes():
    assert selectors.level_counts() == {"province": 34, "commune": 3321}


def test_units_before_the_2025_reform_are_kept_as_history():
    assert selectors.level_counts(as_of=dt.date(2025, 6, 30)) == {
        "province": 63,
        "district": 696,
        "commune": 10035,
    }


def test_network_fixture_builds(network):
    assert network.commune_a1.province_id == network.province_a.unit_id
