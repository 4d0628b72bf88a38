"""The public honor roll: collectives by name, a person by name only with consent (page and
search), filters by year, award and province, and a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.emulation.conftest import issued
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

URL = reverse("emulation:honor_roll")


@pytest.fixture
def decisions(network, commune_officer, committee_leader):
    first = issued(network, commune_officer, committee_leader, number="123/QĐ-UBND")
    officer_b = user_with(network.commune_b1, Role.OFFICER)
    leader_b = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
    second = issued(
        network,
        officer_b,
        leader_b,
        number="7/QĐ-BDV",
        on=dt.date(2025, 12, 30),
        award="giay-khen",
        authority=network.province_b,
        proposer=network.commune_b1,
        year=2025,
    )
    return first, second


def test_no_unconsented_name_appears_anywhere_on_the_page(client, decisions):
    html = client.get(URL).content.decode()
    assert "Thôn Đông" in html and "Lê Văn Công Khai" in html
    assert "Bí Mật" not in html
    # …nor their achievements (free text that could name them).
    assert "1.250 m²" not in html
    assert "Thôn Đông, xã A1" in html  # their unit is shown, with "Individual"


def test_searching_the_hidden_name_finds_nothing(client, decisions):
    body = client.get(URL, {"q": "bi mat"}).content.decode()
    assert "Thôn Đông, xã A1" not in body
    found = client.get(URL, {"q": "cong khai"}).content.decode()
    assert "Lê Văn Công Khai" in found and "Thôn Đông</th>" not in found


def test_filters_by_year_award_and_province(client, network, decisions):
    by_year = client.get(URL, {"year": "2025"}).content.decode()
    assert "7/QĐ-BDV" in by_year and "123/QĐ-UBND" not in by_year
    by_award = client.get(URL, {"award": "bang-khen-chu-tich-ubnd-tinh"}).content.decode()
    assert "123/QĐ-UBND" in by_award and "7/QĐ-BDV" not in by_award
    by_place = client.get(URL, {"province": network.commune_b1.province_id}).content.decode()
    assert "7/QĐ-BDV" in by_place and "123/QĐ-UBND" not in by_place


def test_nonsense_filters_are_ignored(client, decisions):
    response = client.get(URL, {"year": "abcd", "province": "x" * 50, "kind": "robot"})
    assert response.status_code == 200 and "123/QĐ-UBND" in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(
    client, network, decisions, commune_officer, committee_leader, django_assert_max_num_queries
):
    for n in range(5):
        issued(network, commune_officer, committee_leader, number=f"{200 + n}/QĐ-UBND")
    client.get(URL)  # the site's context (demo flag) is cached by the first request
    # Count, rows (with decision, signing body, award, province), award list, provinces.
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.status_code == 200
