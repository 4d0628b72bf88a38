"""Registering a model through the officer's form: typed results, sub-fields, dd/mm/yyyy
dates; bad input shows errors on the form and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from danvan.exemplars.models import Exemplar, ExemplarState, SubField
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def officer(client, network):
    user = user_with(network.commune_a1, Role.OFFICER)
    client.force_login(user)
    return user


def _form(network, **overrides):
    data = {
        "organization": network.commune_a1.pk,
        "kind": "collective",
        "name": "Tổ tự quản đường hoa",
        "holder_name": "Thôn Đông",
        "field": "culture_society",
        "subfields": [
            SubField.objects.get(code="moi-truong").pk,
            SubField.objects.get(code="an-sinh-xa-hoi").pk,
        ],
        "year": "2026",
        "period_start": "01/02/2026",
        "period_end": "30/10/2026",
        "description": "Nhân dân góp công, góp đất trồng và chăm sóc 2 km đường hoa.",
        "latitude": "21.03",
        "longitude": "105.85",
        "result_land_donated": "1.250",
        "result_road_built": "2,5",
        "result_money_raised": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_only_the_bodies_the_officer_acts_for(client, network, officer):
    response = client.get("/exemplars/new/")
    assert response.status_code == 200
    bodies = list(response.context["form"].fields["organization"].queryset)
    assert bodies == [network.commune_a1]


def test_registering_creates_the_model_with_results_and_sub_fields(client, network, officer):
    response = client.post("/exemplars/new/", _form(network))
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exemplars/{exemplar.pk}/"
    assert exemplar.state == ExemplarState.REGISTERED
    assert exemplar.organization == network.commune_a1
    assert exemplar.registered_by == officer
    assert exemplar.period_start == dt.date(2026, 2, 1)
    assert exemplar.period_end == dt.date(2026, 10, 30)
    assert exemplar.latitude == pytest.approx(21.03)
    assert {s.code for s in exemplar.subfields.all()} == {"moi-truong", "an-sinh-xa-hoi"}
    assert {r.metric: r.value for r in exemplar.results.all()} == {
        "land_donated": Decimal("1250"),
        "road_built": Decimal("2.5"),
    }
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Thôn Đông" in page.content.decode()
    # Shown as Vietnamese numbers.
    assert [value for _label, value in page.context["results"]] == ["1.250", "2,5"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),  # the form's own check
        ({"period_start": "31/02/2026"}, "period_start"),  # not a date
        ({"year": "nay"}, "year"),
        ({"description": "ngắn quá"}, "description"),  # the service's check
        ({"period_start": "01/10/2026", "period_end": "01/01/2026"}, "period_end"),
        ({"field": "economy"}, "subfields"),  # the sub-fields are of another field
    ],
)
def test_bad_input_shows_errors_and_saves_nothing(client, network, officer, overrides, field):
    response = client.post("/exemplars/new/", _form(network, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_result_that_is_not_a_number_saves_nothing(client, network, officer):
    response = client.post("/exemplars/new/", _form(network, result_workdays="nhiều"))
    assert response.status_code == 200
    assert response.context["form"].results_errors
    assert not Exemplar.objects.exists()


def test_another_province_body_cannot_be_chosen(client, network, officer):
    response = client.post("/exemplars/new/", _form(network, organization=network.commune_b1.pk))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Exemplar.objects.exists()


def test_a_province_officer_chooses_among_the_bodies_of_the_province(client, network):
    client.force_login(user_with(network.province_a, Role.OFFICER, Scope.SUBTREE))
    bodies = set(client.get("/exemplars/new/").context["form"].fields["organization"].queryset)
    assert {network.province_a, network.commune_a1, network.commune_a2} <= bodies
    assert network.commune_b1 not in bodies
    response = client.post("/exemplars/new/", _form(network, organization=network.commune_a2.pk))
    assert response.status_code == 302
    assert Exemplar.objects.get().organization == network.commune_a2


def test_who_may_not_register_gets_403(client, network):
    client.force_login(UserFactory())
    assert client.get("/exemplars/new/").status_code == 403
    assert client.post("/exemplars/new/", _form(network)).status_code == 403
    assert not Exemplar.objects.exists()
