"""Correcting a model's details and results: by its body's staff, audited, the same checks as
registration; the kind and year stay once it has been evaluated."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.exemplars import services
from danvan.exemplars.models import SubField
from tests.exemplars.conftest import evaluated, register
from tests.factories import Role, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def details(exemplar, **changes):
    values = {
        "kind": exemplar.kind,
        "name": exemplar.name,
        "holder_name": exemplar.holder_name,
        "field": exemplar.field,
        "year": exemplar.year,
        "description": exemplar.description,
        "subfields": list(exemplar.subfields.all()),
    }
    values.update(changes)
    return values


def results_of(exemplar):
    return dict(exemplar.results.values_list("metric", "value"))


def test_the_body_corrects_the_details_and_the_history_keeps_before_and_after(network):
    exemplar = register(network)
    officer = exemplar.registered_by
    services.update(
        actor=officer,
        exemplar=exemplar,
        **details(exemplar, name="Tổ tự quản đường hoa thôn Đông"),
        results={"land_donated": "1.500", "households_helped": "40"},
    )
    exemplar.refresh_from_db()
    assert exemplar.name == "Tổ tự quản đường hoa thôn Đông"
    assert results_of(exemplar) == {
        "land_donated": Decimal("1500"),
        "households_helped": Decimal("40"),
    }  # road_built was left empty: removed
    latest, before = exemplar.history.all()[:2]
    assert (before.name, latest.name) == ("Tổ tự quản đường hoa", exemplar.name)
    assert latest.history_user == officer
    assert "duong hoa thon dong" in exemplar.search_text


def test_an_edit_is_checked_like_a_registration_and_changes_nothing_when_wrong(network):
    exemplar = register(network)
    with pytest.raises(ValidationError) as error:
        services.update(
            actor=exemplar.registered_by,
            exemplar=exemplar,
            **details(
                exemplar,
                name=" ",
                subfields=[SubField.objects.get(code="nong-thon-moi")],
                period_start=dt.date(2026, 5, 1),
                period_end=dt.date(2026, 1, 1),
            ),
            results={"road_built": "-3"},
        )
    assert set(error.value.message_dict) == {"name", "subfields", "period_end"}
    exemplar.refresh_from_db()
    assert exemplar.name == "Tổ tự quản đường hoa"
    assert results_of(exemplar)["road_built"] == Decimal("2")


def test_kind_and_year_stay_once_evaluated(network, province_officer):
    exemplar = evaluated(network, province_officer)
    with pytest.raises(ValidationError):
        services.update(
            actor=exemplar.registered_by, exemplar=exemplar, **details(exemplar, year=2025)
        )
    services.update(
        actor=exemplar.registered_by,
        exemplar=exemplar,
        **details(exemplar, description="Mô tả đầy đủ hơn về cách nhân dân tham gia."),
    )


def test_consent_is_only_for_individuals_and_changes_the_public_search_text(network):
    exemplar = register(network, kind="individual", holder_name="Lê Văn Cần")
    assert "can" not in exemplar.public_search_text.split()
    services.update(
        actor=exemplar.registered_by, exemplar=exemplar, **details(exemplar), public_consent=True
    )
    exemplar.refresh_from_db()
    assert "le van can" in exemplar.public_search_text


def test_another_communes_officer_cannot_edit(network):
    exemplar = register(network)
    with pytest.raises(PermissionDenied):
        services.update(
            actor=user_with(network.commune_a2, Role.OFFICER),
            exemplar=exemplar,
            **details(exemplar, name="Khác"),
        )


def test_the_edit_page_is_filled_in_and_saves(client, network):
    exemplar = register(network)
    client.force_login(exemplar.registered_by)
    url = reverse("exemplars:edit", args=[exemplar.pk])
    form = client.get(url).context["form"]
    assert form.initial["name"] == "Tổ tự quản đường hoa"
    assert form.initial["result_land_donated"] == "1.250"
    assert "organization" not in form.fields
    data = {
        "kind": "collective",
        "name": "Đường hoa nông thôn mới",
        "holder_name": "Thôn Đông",
        "field": "culture_society",
        "subfields": [SubField.objects.get(code="moi-truong").pk],
        "year": "2026",
        "description": exemplar.description,
        "result_land_donated": "2.000",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.name == "Đường hoa nông thôn mới"
    assert results_of(exemplar) == {"land_donated": Decimal("2000")}


def test_the_edit_page_is_refused_outside_the_body(client, network):
    exemplar = register(network)
    client.force_login(user_with(network.province_a, Role.OFFICER, "subtree"))
    # Staff above may read the model and also change it (they act over the body).
    assert client.get(reverse("exemplars:edit", args=[exemplar.pk])).status_code == 200
    client.force_login(user_with(network.commune_b1, Role.OFFICER))
    assert client.get(reverse("exemplars:edit", args=[exemplar.pk])).status_code == 403
