"""The rules every reader of the matrix should find stated once, by name."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from danvan.accounts import services
from danvan.accounts.models import Role, Scope, User
from danvan.accounts.predicates import STAFF_ROLES
from danvan.org.models import Organization
from danvan.org.selectors import organizations_in_scope
from tests.factories import UserFactory, grant, make_org, user_with

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 1, 15)
ORG_PERMS = ("org.view_organization", "org.change_organization", "org.view_organization_history")


@pytest.fixture
def frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(dt.datetime(2026, 1, 15, 10, 0, tzinfo=VN), tick=False)
    return TODAY


def fresh(user: User) -> User:
    """The user as the next request loads it: no grants cached yet."""
    return User.objects.get(pk=user.pk)


def can_see(user: User, org: Organization) -> bool:
    return user.has_perm("org.view_organization", org)


@pytest.mark.parametrize("scope", [Scope.UNIT, Scope.SUBTREE])
@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN])
def test_commune_staff_can_never_read_or_change_another_communes_data(network, role, scope):
    user = user_with(network.commune_a1, role, scope)
    elsewhere = [network.commune_a2, network.commune_b1]
    for org in elsewhere:
        assert not any(user.has_perm(perm, org) for perm in ORG_PERMS), org
        assignment = grant(UserFactory(), org, Role.OFFICER)
        assert not user.has_perm("accounts.view_assignment", assignment)
        assert not user.has_perm("accounts.change_assignment", assignment)
    assert not set(organizations_in_scope(user, STAFF_ROLES)) & set(elsewhere)


def test_provincial_leader_with_subtree_sees_every_commune_of_the_province_only(network):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    hanoi = Organization.objects.filter(province=network.province_a.unit)
    assert hanoi.count() == 5
    assert all(can_see(leader, org) for org in hanoi)
    assert not can_see(leader, network.province_b)
    assert not can_see(leader, network.commune_b1)
    assert not can_see(leader, network.central)
    assert set(organizations_in_scope(leader, STAFF_ROLES)) == set(hanoi)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.LEADER])
def test_central_user_with_subtree_sees_every_body_in_the_country(network, role):
    user = user_with(network.central, role, Scope.SUBTREE)
    everything = set(Organization.objects.all())
    assert all(can_see(user, org) for org in everything)
    assert all(user.has_perm("org.view_organization_history", org) for org in everything)
    assert set(organizations_in_scope(user, STAFF_ROLES)) == everything


def test_superuser_sees_and_changes_everything(network):
    root = UserFactory(is_superuser=True)
    for org in Organization.objects.all():
        assert all(root.has_perm(perm, org) for perm in ORG_PERMS)
    assert organizations_in_scope(root, STAFF_ROLES).count() == Organization.objects.count()


@pytest.mark.parametrize("make_user", [UserFactory, AnonymousUser], ids=["citizen", "anonymous"])
def test_citizen_and_anonymous_see_nothing_internal_but_units(network, make_user):
    user = make_user()
    for org in Organization.objects.all():
        assert not any(user.has_perm(perm, org) for perm in ORG_PERMS)
        assert user.has_perm("org.view_adminunit", org.unit)
    assert not user.has_perm("org.view_organization")  # not even the list page
    assert not organizations_in_scope(user, STAFF_ROLES).exists()


def test_ended_assignment_grants_nothing(network, frozen):
    user = UserFactory()
    services.assign_role(
        actor=None,
        user=user,
        organization=network.commune_a1,
        role=Role.OFFICER,
        valid_from=dt.date(2025, 7, 1),
        valid_to=frozen - dt.timedelta(days=1),
    )
    user = fresh(user)
    assert not can_see(user, network.commune_a1)
    assert not user.has_perm("org.view_organization")
    assert not organizations_in_scope(user, STAFF_ROLES).exists()


def test_assignment_still_grants_on_its_last_day(network, frozen):
    user = UserFactory()
    services.assign_role(
        actor=None,
        user=user,
        organization=network.commune_a1,
        role=Role.OFFICER,
        valid_to=frozen,
    )
    assert can_see(fresh(user), network.commune_a1)


def test_assignment_not_yet_started_grants_nothing(network, frozen, time_machine):
    user = UserFactory()
    services.assign_role(
        actor=None,
        user=user,
        organization=network.commune_a1,
        role=Role.OFFICER,
        valid_from=frozen + dt.timedelta(days=1),
    )
    assert not can_see(fresh(user), network.commune_a1)
    time_machine.shift(dt.timedelta(days=1))
    assert can_see(fresh(user), network.commune_a1)  # from its first day


def test_ending_an_assignment_takes_the_access_away(network, frozen):
    user = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    assignment = user.assignments.get()
    services.end_assignment(actor=None, assignment=assignment, on=frozen - dt.timedelta(days=1))
    assert not can_see(fresh(user), network.commune_a1)


def test_assignment_on_a_dissolved_body_grants_nothing(network, frozen):
    old = make_org(unit=network.commune_a1.unit, valid_to=dt.date(2025, 6, 30))
    user = user_with(old, Role.LEADER, Scope.SUBTREE)
    assert not can_see(user, network.commune_a1)
    assert not can_see(user, old)


def test_assignment_on_a_body_not_yet_in_force_grants_nothing(network, frozen):
    future = make_org(unit=network.province_a.unit, valid_from=frozen + dt.timedelta(days=30))
    user = user_with(future, Role.LEADER, Scope.SUBTREE)
    assert not can_see(user, network.commune_a1)


def test_deactivated_officer_has_no_permissions(network):
    user = user_with(network.commune_a1, Role.UNIT_ADMIN, Scope.SUBTREE, is_active=False)
    assert not any(user.has_perm(perm, network.commune_a1) for perm in ORG_PERMS)


def test_deactivated_superuser_has_no_permissions(network):
    user = UserFactory(is_superuser=True, is_active=False)
    assert not user.has_perm("org.change_organization", network.commune_a1)
    assert not organizations_in_scope(user, STAFF_ROLES).exists()


def test_grants_are_read_once_per_user_object(network):
    user = user_with(network.commune_a1, Role.OFFICER)
    assert not can_see(user, network.commune_b1)
    grant(user, network.commune_b1, Role.OFFICER)  # the service forgets this object's grants
    assert can_see(user, network.commune_b1)
    stale = fresh(user)
    assert can_see(stale, network.commune_a1)
    grant(fresh(user), network.commune_a2, Role.OFFICER)
    assert not can_see(stale, network.commune_a2)  # cached for the life of the object
    assert can_see(fresh(user), network.commune_a2)
