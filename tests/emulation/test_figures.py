"""Award figures for reports: as of a date, by award, collective/individual, year, province;
one query each."""

import datetime as dt

import pytest
from django.urls import reverse

from danvan.emulation import honor
from tests.emulation.conftest import issued
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(network, commune_officer, committee_leader):
    issued(network, commune_officer, committee_leader, number="1/QĐ-UBND", on=dt.date(2026, 3, 1))
    issued(network, commune_officer, committee_leader, number="2/QĐ-UBND", on=dt.date(2025, 6, 1))


def test_counts_as_of_a_date(network, awards, django_assert_num_queries):
    with django_assert_num_queries(1):
        by_kind = honor.figures(dt.date(2026, 11, 23), "kind")
    assert by_kind == {"collective": 2, "individual": 4}
    assert honor.figures(dt.date(2025, 12, 31), "kind") == {"collective": 1, "individual": 2}
    assert honor.figures(dt.date(2025, 1, 1), "kind") == {}
    assert honor.figures(dt.date(2026, 11, 23), "year") == {"2025": 3, "2026": 3}
    province = str(network.commune_a1.province_id)
    assert honor.figures(dt.date(2026, 11, 23), "province") == {province: 6}
    assert honor.figures(dt.date(2026, 11, 23), "award") == {"bang-khen-chu-tich-ubnd-tinh": 6}


def test_the_headline_counts_collectives_individuals_and_this_year(awards):
    assert honor.summary(dt.date(2026, 11, 23)) == {
        "total": 6,
        "collective": 2,
        "individual": 4,
        "this_year": 3,
    }


def test_the_staff_page_shows_them(client, network, awards):
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    page = client.get(reverse("emulation:figures"), {"as_of": "31/12/2025", "by": "kind"})
    html = page.content.decode()
    assert page.status_code == 200 and "31/12/2025" in html
    bad = client.get(reverse("emulation:figures"), {"as_of": "hôm qua"})
    assert "hôm qua" in bad.content.decode()


def test_citizens_do_not_get_the_staff_page(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("emulation:figures")).status_code == 403
