"""The seeded award kinds, and the competent granting bodies for a proposer."""

import pytest

from danvan.emulation.models import AwardCategory, AwardKind
from danvan.emulation.selectors import competent_authorities
from danvan.org.models import OrganizationKind
from tests.emulation.conftest import kind
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_the_list_distinguishes_titles_from_forms_and_names_who_grants():
    rows = {k.code: k for k in AwardKind.objects.all()}
    assert rows["giay-khen"].category == AwardCategory.FORM
    assert rows["co-thi-dua-ubnd-tinh"].category == AwardCategory.TITLE
    assert rows["co-thi-dua-ubnd-tinh"].target == "collective"
    assert rows["chien-si-thi-dua-co-so"].target == "individual"
    assert rows["bang-khen-thu-tuong"].authority_level == "central"
    assert rows["bang-khen-chu-tich-ubnd-tinh"].authority_kinds == ["peoples_committee"]
    assert all(k.authority_title for k in rows.values())


def test_the_provincial_chairmans_certificate_comes_from_the_proposers_province(
    network, government
):
    got = set(competent_authorities(kind("bang-khen-chu-tich-ubnd-tinh"), network.commune_a1))
    assert got == {network.province_a_committee}
    assert not competent_authorities(kind("bang-khen-chu-tich-ubnd-tinh"), network.commune_b1)


def test_a_certificate_of_merit_comes_from_the_body_its_line_or_its_communes_committee(
    network,
):
    got = set(competent_authorities(kind("giay-khen"), network.commune_a1))
    assert got == {
        network.commune_a1,
        network.province_a,
        network.central,
        network.commune_a1_committee,
    }
    # Not the People's Committee of the province (it grants Certificates of merit of the
    # Chairman), nor another commune's body.
    assert network.province_a_committee not in got and network.commune_a2 not in got


def test_the_prime_ministers_awards_come_from_the_governments_central_agency(network, government):
    got = set(competent_authorities(kind("bang-khen-thu-tuong"), network.commune_b1))
    assert got == {government}


def test_a_body_that_has_ended_is_not_competent(network):
    import datetime as dt

    old = make_org(
        unit=network.province_a.unit,
        kind=OrganizationKind.PEOPLES_COMMITTEE,
        name="UBND cũ",
        valid_to=dt.date(2025, 6, 30),
    )
    got = set(competent_authorities(kind("co-thi-dua-ubnd-tinh"), network.commune_a1))
    assert old not in got and network.province_a_committee in got
