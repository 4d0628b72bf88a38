"""Matters: role × scope × action, over a matter handled by commune A1's People's Committee."""

import pytest

from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

# (role, scope, holder) → (view, change, assign)
MATRIX = [
    (Role.OFFICER, Scope.UNIT, "commune_a1_committee", (True, True, False)),
    (Role.OFFICER, Scope.UNIT, "commune_a1", (False, False, False)),  # another body, same commune
    (Role.OFFICER, Scope.SUBTREE, "commune_a1", (True, True, False)),
    (Role.OFFICER, Scope.SUBTREE, "commune_a2", (False, False, False)),
    (Role.LEADER, Scope.UNIT, "commune_a1_committee", (True, True, True)),
    (Role.LEADER, Scope.SUBTREE, "province_a", (True, True, True)),
    (Role.LEADER, Scope.SUBTREE, "province_b", (False, False, False)),
    (Role.UNIT_ADMIN, Scope.SUBTREE, "province_a", (True, True, True)),
    (Role.SYSTEM_ADMIN, Scope.SUBTREE, "central", (True, False, False)),
]


@pytest.mark.parametrize(("role", "scope", "holder", "expected"), MATRIX)
def test_case_permission_matrix(network, submitted, role, scope, holder, expected):
    user = user_with(getattr(network, holder), role, scope)
    case = submitted.case
    got = tuple(
        user.has_perm(p, case)
        for p in ("cases.view_case", "cases.change_case", "cases.assign_case")
    )
    assert got == expected


def test_citizen_account_cannot_see_cases_in_the_inbox(network, submitted, client):
    from danvan.accounts.services import create_user

    citizen = create_user(username="dan9", email="dan9@example.vn", password="mat-khau-dai-99")
    client.force_login(citizen)
    assert client.get("/cases/").status_code == 403


def test_officer_of_commune_b_cannot_open_commune_a_case(network, submitted, client):
    client.force_login(user_with(network.commune_b1, Role.OFFICER, Scope.SUBTREE))
    assert client.get(f"/cases/{submitted.case.tracking_code}/").status_code == 403
