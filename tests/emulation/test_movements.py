"""Movements: created in draft with criteria, launched, closed; who may and what is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.emulation import services
from danvan.emulation.models import MovementStatus
from danvan.emulation.services import CriterionInput
from tests.emulation.conftest import make_movement
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def test_an_officer_creates_a_draft_with_ordered_criteria_and_launches_it(
    network, province_officer
):
    movement = make_movement(network, province_officer, launch=False)
    assert movement.status == MovementStatus.DRAFT
    assert [(c.name, c.max_score, c.position) for c in movement.criteria.all()] == [
        ("Thực hiện nhiệm vụ chính trị", 40, 1),
        ("Công tác dân vận", 30, 2),
        ("Xây dựng tổ chức", 30, 3),
    ]
    assert movement.province_id == network.province_a.province_id
    services.launch_movement(actor=province_officer, movement=movement)
    movement.refresh_from_db()
    assert movement.status == MovementStatus.LAUNCHED
    assert movement.launched_on == dt.date(2026, 11, 23)
    assert movement.history.first().history_user == province_officer


def test_a_movement_cannot_be_launched_twice_or_without_criteria(network, province_officer):
    movement = make_movement(network, province_officer)
    with pytest.raises(ValidationError):
        services.launch_movement(actor=province_officer, movement=movement)
    empty = make_movement(network, province_officer, launch=False, criteria=[])
    with pytest.raises(ValidationError, match="criterion"):
        services.launch_movement(actor=province_officer, movement=empty)


def test_criteria_need_a_positive_highest_score_and_distinct_names(network, province_officer):
    with pytest.raises(ValidationError) as bad:
        make_movement(
            network,
            province_officer,
            criteria=[CriterionInput("A", "0"), CriterionInput("B", "x")],
        )
    assert len(bad.value.message_dict["criteria"]) == 2
    with pytest.raises(ValidationError, match="twice"):
        make_movement(
            network,
            province_officer,
            criteria=[CriterionInput("Dân vận", "10"), CriterionInput("dan van", "10")],
        )


def test_a_period_ending_before_it_starts_is_refused(network, province_officer):
    with pytest.raises(ValidationError) as error:
        make_movement(network, province_officer, end_date=dt.date(2025, 1, 1))
    assert "end_date" in error.value.message_dict


def test_a_commune_officer_cannot_launch_a_movement_of_the_province(network):
    with pytest.raises(PermissionDenied):
        make_movement(network, user_with(network.commune_a1, Role.OFFICER))


def test_another_provinces_leader_cannot_close_it(network, movement):
    stranger = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
    with pytest.raises(PermissionDenied):
        services.close_movement(actor=stranger, movement=movement)


def test_closing_a_movement_stops_changes(network, movement, province_officer):
    services.close_movement(actor=province_officer, movement=movement)
    with pytest.raises(ValidationError, match="closed"):
        services.update_movement(
            actor=province_officer,
            movement=movement,
            name="Tên mới",
            start_date=movement.start_date,
            description=movement.description,
        )
    with pytest.raises(ValidationError):
        services.close_movement(actor=province_officer, movement=movement)
