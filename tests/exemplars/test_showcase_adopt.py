"""From the showcase, an officer of another body records that their body adopted a model, and
anyone sees whom to ask about it: the registering body's office contact."""

import datetime as dt

import pytest
from django.urls import reverse

from danvan.accounts.models import User
from danvan.exemplars.models import Replication
from tests.exemplars.conftest import detail_url, recognized, register
from tests.factories import Role, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def model(network, province_officer, province_leader):
    return recognized(network, province_officer, province_leader)


def adopt_url(exemplar):
    return reverse("exemplars:adopt", args=[exemplar.pk])


def test_an_officer_of_another_province_records_the_adoption(client, network, model):
    officer = user_with(network.commune_b1, Role.OFFICER)
    client.force_login(officer)
    page = client.get(detail_url(model))
    assert page.context["adopt_form"] is not None
    response = client.post(
        adopt_url(model),
        {"organization": network.commune_b1.pk, "adopted_on": "02/11/2026", "note": "Thôn Bản"},
    )
    assert response.status_code == 302
    replication = Replication.objects.get()
    assert (replication.organization, replication.adopted_on, replication.recorded_by) == (
        network.commune_b1,
        dt.date(2026, 11, 2),
        officer,
    )
    model.refresh_from_db()
    assert model.first_replicated_on == dt.date(2026, 11, 2)
    # Adopted once: the form is no longer offered for that body.
    assert client.get(detail_url(model)).context["adopt_form"] is None


def test_the_registering_body_is_not_offered_its_own_model(client, network, model):
    client.force_login(user_with(network.commune_a1, Role.OFFICER))
    assert client.get(detail_url(model)).context["adopt_form"] is None


def _citizen():
    return User.objects.create_user(username="dan", password="x" * 12)


def test_visitors_and_citizens_are_not_offered_the_form(client, network, model):
    assert client.get(detail_url(model)).context["adopt_form"] is None
    assert client.post(adopt_url(model), {}).status_code == 302  # to sign in
    client.force_login(_citizen())
    assert client.get(detail_url(model)).context["adopt_form"] is None
    assert client.post(adopt_url(model), {"organization": network.commune_b1.pk}).status_code == 403


def test_an_officer_cannot_record_for_a_body_they_do_not_act_for(client, network, model):
    client.force_login(user_with(network.commune_b1, Role.OFFICER))
    response = client.post(
        adopt_url(model), {"organization": network.commune_a2.pk, "adopted_on": "02/11/2026"}
    )
    assert response.status_code == 200
    assert response.context["adopt_form"].errors["organization"]
    assert not Replication.objects.exists()


def test_a_model_not_recognized_cannot_be_adopted_from_the_showcase(client, network):
    exemplar = register(network)
    client.force_login(user_with(network.commune_b1, Role.OFFICER))
    response = client.post(
        adopt_url(exemplar), {"organization": network.commune_b1.pk, "adopted_on": "02/11/2026"}
    )
    assert response.status_code == 404


def test_the_page_gives_the_bodys_office_contact(client, network, model):
    body = network.commune_a1
    body.address, body.email = "Số 1 Điện Biên Phủ", "ubnd@example.gov.vn"
    body.save()
    html = client.get(detail_url(model)).content.decode()
    contact = html[html.index('data-testid="contact"') :].split("</dl>")[0]
    assert "Số 1 Điện Biên Phủ" in contact and "mailto:ubnd@example.gov.vn" in contact


def test_without_a_published_contact_the_page_says_how_to_ask(client, model):
    html = client.get(detail_url(model)).content.decode()
    assert 'data-testid="contact"' not in html
    assert reverse("cases:submit") in html
