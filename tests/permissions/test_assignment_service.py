"""Who may hand out roles through accounts.services.assign_role / end_assignment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts import services
from danvan.accounts.models import Assignment, Role, Scope, User
from tests.factories import UserFactory, user_with

pytestmark = pytest.mark.django_db


def assign(actor: User | None, org, role: str, scope: str = Scope.UNIT, user: User | None = None):  # type: ignore[no-untyped-def]
    return services.assign_role(
        actor=actor, user=user or UserFactory(), organization=org, role=role, scope=scope
    )


def test_provincial_unit_admin_with_subtree_assigns_roles_in_a_commune_of_the_province(network):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    assignment = assign(admin, network.commune_a1, Role.OFFICER)
    assert assignment.pk is not None
    assert assignment.organization == network.commune_a1
    assert assign(admin, network.commune_a2, Role.UNIT_ADMIN, Scope.SUBTREE).pk is not None


def test_provincial_unit_admin_cannot_assign_roles_in_another_province(network):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    before = Assignment.objects.count()
    with pytest.raises(PermissionDenied):
        assign(admin, network.commune_b1, Role.OFFICER)
    assert Assignment.objects.count() == before


def test_unit_admin_with_unit_scope_cannot_assign_in_the_communes_below(network):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.UNIT)
    with pytest.raises(PermissionDenied):
        assign(admin, network.commune_a1, Role.OFFICER)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER])
def test_staff_who_are_not_administrators_cannot_assign_roles(network, role):
    user = user_with(network.province_a, role, Scope.SUBTREE)
    with pytest.raises(PermissionDenied):
        assign(user, network.commune_a1, Role.OFFICER)


def test_unit_admin_cannot_appoint_a_system_admin(network):
    admin = user_with(network.central, Role.UNIT_ADMIN, Scope.SUBTREE)
    with pytest.raises(PermissionDenied):
        assign(admin, network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)


def test_system_admin_can_appoint_another_system_admin(network):
    root = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    assert assign(root, network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE).pk is not None


def test_citizen_role_cannot_be_assigned(network):
    with pytest.raises(ValidationError) as excinfo:
        assign(None, network.commune_a1, Role.CITIZEN)
    assert "role" in excinfo.value.message_dict
    assert not Assignment.objects.filter(role=Role.CITIZEN).exists()


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.SYSTEM_ADMIN])
def test_assigning_an_administrator_role_gives_access_to_the_admin_site(network, role):
    user = UserFactory()
    assert not user.is_staff
    assign(None, network.central, role, user=user)
    user.refresh_from_db()
    assert user.is_staff


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER])
def test_assigning_a_staff_role_does_not_open_the_admin_site(network, role):
    user = UserFactory()
    assign(None, network.commune_a1, role, user=user)
    user.refresh_from_db()
    assert not user.is_staff


def test_unit_admin_cannot_end_an_assignment_outside_their_scope(network):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    other = user_with(network.commune_b1, Role.OFFICER).assignments.get()
    with pytest.raises(PermissionDenied):
        services.end_assignment(actor=admin, assignment=other, on=dt.date(2026, 1, 1))
    other.refresh_from_db()
    assert other.valid_to is None


def test_unit_admin_cannot_grant_a_wider_scope_than_they_hold(network):
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.UNIT)
    with pytest.raises(PermissionDenied):
        assign(admin, network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE, user=admin)
