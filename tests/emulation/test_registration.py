"""Yearly registration: once per body, movement and year; by the body's staff; only for a
launched movement that runs that year, inside the launcher's territory."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from danvan.emulation import services
from danvan.emulation.models import Registration
from tests.emulation.conftest import YEAR, kind, make_movement
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def _register(network, movement, actor, **kw):
    values = {
        "actor": actor,
        "movement": movement,
        "organization": network.commune_a1,
        "year": YEAR,
        "commitments": "Hoàn thành 100% chỉ tiêu; xây dựng 2 mô hình Dân vận khéo.",
        "target_title": kind("tap-the-lao-dong-xuat-sac"),
    }
    values.update(kw)
    return services.register(**values)


def test_a_commune_officer_registers_the_commune_body_with_a_title_aimed_for(
    network, movement, commune_officer
):
    registration = _register(network, movement, commune_officer)
    assert registration.target_title.code == "tap-the-lao-dong-xuat-sac"
    assert registration.registered_by == commune_officer
    assert registration.history.count() == 1


def test_a_body_registers_once_per_movement_and_year(network, movement, commune_officer):
    _register(network, movement, commune_officer)
    with pytest.raises(ValidationError, match="already registered"):
        _register(network, movement, commune_officer)


def test_the_database_refuses_a_second_registration_too(network, movement, commune_officer):
    first = _register(network, movement, commune_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            movement=movement,
            organization=first.organization,
            year=first.year,
            commitments="x" * 20,
            registered_on=first.registered_on,
        )


def test_registration_is_refused_for_a_draft_movement_or_a_year_outside_it(
    network, province_officer, commune_officer
):
    draft = make_movement(network, province_officer, launch=False)
    with pytest.raises(ValidationError) as error:
        _register(network, draft, commune_officer, year=2035)
    assert {"movement", "year"} <= set(error.value.message_dict)


def test_a_form_of_commendation_is_not_a_title_to_aim_for(network, movement, commune_officer):
    with pytest.raises(ValidationError) as error:
        _register(network, movement, commune_officer, target_title=kind("giay-khen"))
    assert "target_title" in error.value.message_dict


def test_a_body_of_another_province_cannot_register_for_hanois_movement(network, movement):
    officer = user_with(network.commune_b1, Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        _register(network, movement, officer, organization=network.commune_b1)
    assert "organization" in error.value.message_dict


def test_an_officer_cannot_register_another_body(network, movement):
    with pytest.raises(PermissionDenied):
        _register(network, movement, user_with(network.commune_a2, Role.OFFICER))


def test_the_body_updates_its_commitments(network, movement, commune_officer):
    registration = _register(network, movement, commune_officer)
    services.update_registration(
        actor=commune_officer, registration=registration, commitments="Cam kết mới, cụ thể hơn."
    )
    registration.refresh_from_db()
    assert registration.commitments == "Cam kết mới, cụ thể hơn."
    assert registration.target_title is None
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    services.update_registration(
        actor=leader, registration=registration, commitments="Cấp trên điều chỉnh cam kết."
    )
