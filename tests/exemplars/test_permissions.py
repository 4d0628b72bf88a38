"""The permission matrix for models: role × scope × action, on a commune A1 model."""

import pytest

from tests.exemplars.conftest import register
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "change", "evaluate", "recognize")

# (who: holder, role, scope) → the actions allowed on a model registered by commune A1's body
MATRIX = [
    (("commune_a1", Role.OFFICER, Scope.UNIT), {"view", "change"}),
    (("commune_a1", Role.LEADER, Scope.SUBTREE), {"view", "change"}),
    (("commune_a1", Role.UNIT_ADMIN, Scope.UNIT), {"view", "change"}),
    # A commune-wide grant covers every body of the commune: it may also recognize at
    # commune level the models of the commune's other bodies.
    (("commune_a1_committee", Role.LEADER, Scope.SUBTREE), set(ACTIONS)),
    (("commune_a1_committee", Role.OFFICER, Scope.UNIT), set()),
    (("commune_a2", Role.LEADER, Scope.SUBTREE), set()),
    (("province_a", Role.OFFICER, Scope.SUBTREE), {"view", "change", "evaluate"}),
    (("province_a", Role.LEADER, Scope.SUBTREE), {"view", "change", "evaluate", "recognize"}),
    (("province_a", Role.LEADER, Scope.UNIT), set()),
    (("province_a", Role.SYSTEM_ADMIN, Scope.SUBTREE), {"view"}),
    (("province_b", Role.LEADER, Scope.SUBTREE), set()),
    (("central", Role.LEADER, Scope.SUBTREE), {"view", "change", "evaluate", "recognize"}),
    (("central", Role.LEADER, Scope.UNIT), set()),
]


@pytest.mark.parametrize(
    ("who", "allowed"),
    MATRIX,
    ids=lambda v: "-".join(map(str, v)) if isinstance(v, tuple) else None,
)
def test_exemplar_permission_matrix(network, who, allowed):
    exemplar = register(network)
    holder, role, scope = who
    user = user_with(getattr(network, holder), role, scope)
    got = {a for a in ACTIONS if user.has_perm(f"exemplars.{a}_exemplar", exemplar)}
    assert got == allowed


def test_a_citizen_account_may_do_nothing_with_a_model(network):
    exemplar = register(network)
    citizen = UserFactory()
    assert not any(citizen.has_perm(f"exemplars.{a}_exemplar", exemplar) for a in ACTIONS)
    assert not citizen.has_perm("exemplars.add_exemplar")
