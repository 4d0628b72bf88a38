"""The permission matrix: role × scope × holder × action × target, checked through django-rules.

Read MATRIX as a grid. Each row names who acts (a role, the scope of the assignment and the
body it is held for, from the `network` fixture) and the permission asked; the marks say, for
each target body in the column order below, whether `user.has_perm(action, obj)` is granted:

    Y = allowed        . = denied

Columns (bodies of tests/factories.build_network):
    a1   commune_a1            a commune of Hà Nội (province A)
    a1c  commune_a1_committee  another body of the same commune (its People's Committee)
    a2   commune_a2            a sibling commune of Hà Nội
    b1   commune_b1            a commune of Tuyên Quang (province B)
    pA   province_a            the Hà Nội provincial commission
    TW   central               the central commission (no territory)

The object passed to has_perm is the body itself for org.*_organization; for
accounts.*_assignment an Assignment held in that body; for org.*_adminunit the body's territory
(for the central body, which has none: the model-level permission, obj=None).

A citizen is a user with no assignment. Roles and scopes are accounts.models.Role / Scope.
"""

from __future__ import annotations

import pytest

from danvan.accounts.models import Role, Scope, User
from danvan.accounts.predicates import ADMIN_ROLES, STAFF_ROLES, SUPERVISOR_ROLES
from danvan.org.models import Organization
from danvan.org.selectors import organizations_in_scope
from tests.factories import UserFactory, grant, make_org, user_with

pytestmark = pytest.mark.django_db

TARGETS = (
    "commune_a1",
    "commune_a1_committee",
    "commune_a2",
    "commune_b1",
    "province_a",
    "central",
)

VIEW = "org.view_organization"
CHANGE = "org.change_organization"
HISTORY = "org.view_organization_history"
VIEW_ASG = "accounts.view_assignment"
CHANGE_ASG = "accounts.change_assignment"
CHANGE_UNIT = "org.change_adminunit"
VIEW_UNIT = "org.view_adminunit"

# fmt: off
MATRIX = [
    # role          scope      holder        action         a1 a1c a2 b1 pA TW
    ("citizen",     None,      None,         VIEW,          ".  .  .  .  .  ."),
    ("citizen",     None,      None,         CHANGE,        ".  .  .  .  .  ."),
    ("citizen",     None,      None,         HISTORY,       ".  .  .  .  .  ."),
    ("citizen",     None,      None,         VIEW_ASG,      ".  .  .  .  .  ."),
    ("citizen",     None,      None,         CHANGE_ASG,    ".  .  .  .  .  ."),
    ("citizen",     None,      None,         CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("citizen",     None,      None,         VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    # officer: sees what the scope covers, changes nothing
    ("officer",     "unit",    "commune_a1", VIEW,          "Y  .  .  .  .  ."),
    ("officer",     "unit",    "commune_a1", CHANGE,        ".  .  .  .  .  ."),
    ("officer",     "unit",    "commune_a1", HISTORY,       ".  .  .  .  .  ."),
    ("officer",     "unit",    "commune_a1", VIEW_ASG,      ".  .  .  .  .  ."),
    ("officer",     "unit",    "commune_a1", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("officer",     "unit",    "commune_a1", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("officer",     "unit",    "commune_a1", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("officer",     "subtree", "commune_a1", VIEW,          "Y  Y  .  .  .  ."),
    ("officer",     "subtree", "commune_a1", CHANGE,        ".  .  .  .  .  ."),
    ("officer",     "subtree", "commune_a1", HISTORY,       ".  .  .  .  .  ."),
    ("officer",     "subtree", "commune_a1", VIEW_ASG,      ".  .  .  .  .  ."),
    ("officer",     "subtree", "commune_a1", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("officer",     "subtree", "commune_a1", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("officer",     "subtree", "commune_a1", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("officer",     "unit",    "province_a", VIEW,          ".  .  .  .  Y  ."),
    ("officer",     "unit",    "province_a", CHANGE,        ".  .  .  .  .  ."),
    ("officer",     "unit",    "province_a", HISTORY,       ".  .  .  .  .  ."),
    ("officer",     "unit",    "province_a", VIEW_ASG,      ".  .  .  .  .  ."),
    ("officer",     "unit",    "province_a", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("officer",     "unit",    "province_a", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("officer",     "unit",    "province_a", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("officer",     "subtree", "province_a", VIEW,          "Y  Y  Y  .  Y  ."),
    ("officer",     "subtree", "province_a", CHANGE,        ".  .  .  .  .  ."),
    ("officer",     "subtree", "province_a", HISTORY,       ".  .  .  .  .  ."),
    ("officer",     "subtree", "province_a", VIEW_ASG,      ".  .  .  .  .  ."),
    ("officer",     "subtree", "province_a", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("officer",     "subtree", "province_a", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("officer",     "subtree", "province_a", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("officer",     "unit",    "central",    VIEW,          ".  .  .  .  .  Y"),
    ("officer",     "unit",    "central",    CHANGE,        ".  .  .  .  .  ."),
    ("officer",     "unit",    "central",    HISTORY,       ".  .  .  .  .  ."),
    ("officer",     "unit",    "central",    VIEW_ASG,      ".  .  .  .  .  ."),
    ("officer",     "unit",    "central",    CHANGE_ASG,    ".  .  .  .  .  ."),
    ("officer",     "unit",    "central",    CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("officer",     "unit",    "central",    VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("officer",     "subtree", "central",    VIEW,          "Y  Y  Y  Y  Y  Y"),
    ("officer",     "subtree", "central",    CHANGE,        ".  .  .  .  .  ."),
    ("officer",     "subtree", "central",    HISTORY,       ".  .  .  .  .  ."),
    ("officer",     "subtree", "central",    VIEW_ASG,      ".  .  .  .  .  ."),
    ("officer",     "subtree", "central",    CHANGE_ASG,    ".  .  .  .  .  ."),
    ("officer",     "subtree", "central",    CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("officer",     "subtree", "central",    VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    # leader: also reads history and who holds which role, still changes nothing
    ("leader",      "unit",    "commune_a1", VIEW,          "Y  .  .  .  .  ."),
    ("leader",      "unit",    "commune_a1", CHANGE,        ".  .  .  .  .  ."),
    ("leader",      "unit",    "commune_a1", HISTORY,       "Y  .  .  .  .  ."),
    ("leader",      "unit",    "commune_a1", VIEW_ASG,      "Y  .  .  .  .  ."),
    ("leader",      "unit",    "commune_a1", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("leader",      "unit",    "commune_a1", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("leader",      "unit",    "commune_a1", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("leader",      "subtree", "commune_a1", VIEW,          "Y  Y  .  .  .  ."),
    ("leader",      "subtree", "commune_a1", CHANGE,        ".  .  .  .  .  ."),
    ("leader",      "subtree", "commune_a1", HISTORY,       "Y  Y  .  .  .  ."),
    ("leader",      "subtree", "commune_a1", VIEW_ASG,      "Y  Y  .  .  .  ."),
    ("leader",      "subtree", "commune_a1", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("leader",      "subtree", "commune_a1", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("leader",      "subtree", "commune_a1", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("leader",      "unit",    "province_a", VIEW,          ".  .  .  .  Y  ."),
    ("leader",      "unit",    "province_a", CHANGE,        ".  .  .  .  .  ."),
    ("leader",      "unit",    "province_a", HISTORY,       ".  .  .  .  Y  ."),
    ("leader",      "unit",    "province_a", VIEW_ASG,      ".  .  .  .  Y  ."),
    ("leader",      "unit",    "province_a", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("leader",      "unit",    "province_a", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("leader",      "unit",    "province_a", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("leader",      "subtree", "province_a", VIEW,          "Y  Y  Y  .  Y  ."),
    ("leader",      "subtree", "province_a", CHANGE,        ".  .  .  .  .  ."),
    ("leader",      "subtree", "province_a", HISTORY,       "Y  Y  Y  .  Y  ."),
    ("leader",      "subtree", "province_a", VIEW_ASG,      "Y  Y  Y  .  Y  ."),
    ("leader",      "subtree", "province_a", CHANGE_ASG,    ".  .  .  .  .  ."),
    ("leader",      "subtree", "province_a", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("leader",      "subtree", "province_a", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("leader",      "unit",    "central",    VIEW,          ".  .  .  .  .  Y"),
    ("leader",      "unit",    "central",    CHANGE,        ".  .  .  .  .  ."),
    ("leader",      "unit",    "central",    HISTORY,       ".  .  .  .  .  Y"),
    ("leader",      "unit",    "central",    VIEW_ASG,      ".  .  .  .  .  Y"),
    ("leader",      "unit",    "central",    CHANGE_ASG,    ".  .  .  .  .  ."),
    ("leader",      "unit",    "central",    CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("leader",      "unit",    "central",    VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("leader",      "subtree", "central",    VIEW,          "Y  Y  Y  Y  Y  Y"),
    ("leader",      "subtree", "central",    CHANGE,        ".  .  .  .  .  ."),
    ("leader",      "subtree", "central",    HISTORY,       "Y  Y  Y  Y  Y  Y"),
    ("leader",      "subtree", "central",    VIEW_ASG,      "Y  Y  Y  Y  Y  Y"),
    ("leader",      "subtree", "central",    CHANGE_ASG,    ".  .  .  .  .  ."),
    ("leader",      "subtree", "central",    CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("leader",      "subtree", "central",    VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    # unit administrator: changes bodies and assignments in scope; units are not theirs
    ("unit_admin",  "unit",    "commune_a1", VIEW,          "Y  .  .  .  .  ."),
    ("unit_admin",  "unit",    "commune_a1", CHANGE,        "Y  .  .  .  .  ."),
    ("unit_admin",  "unit",    "commune_a1", HISTORY,       "Y  .  .  .  .  ."),
    ("unit_admin",  "unit",    "commune_a1", VIEW_ASG,      "Y  .  .  .  .  ."),
    ("unit_admin",  "unit",    "commune_a1", CHANGE_ASG,    "Y  .  .  .  .  ."),
    ("unit_admin",  "unit",    "commune_a1", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("unit_admin",  "unit",    "commune_a1", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "commune_a1", VIEW,          "Y  Y  .  .  .  ."),
    ("unit_admin",  "subtree", "commune_a1", CHANGE,        "Y  Y  .  .  .  ."),
    ("unit_admin",  "subtree", "commune_a1", HISTORY,       "Y  Y  .  .  .  ."),
    ("unit_admin",  "subtree", "commune_a1", VIEW_ASG,      "Y  Y  .  .  .  ."),
    ("unit_admin",  "subtree", "commune_a1", CHANGE_ASG,    "Y  Y  .  .  .  ."),
    ("unit_admin",  "subtree", "commune_a1", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("unit_admin",  "subtree", "commune_a1", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "unit",    "province_a", VIEW,          ".  .  .  .  Y  ."),
    ("unit_admin",  "unit",    "province_a", CHANGE,        ".  .  .  .  Y  ."),
    ("unit_admin",  "unit",    "province_a", HISTORY,       ".  .  .  .  Y  ."),
    ("unit_admin",  "unit",    "province_a", VIEW_ASG,      ".  .  .  .  Y  ."),
    ("unit_admin",  "unit",    "province_a", CHANGE_ASG,    ".  .  .  .  Y  ."),
    ("unit_admin",  "unit",    "province_a", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("unit_admin",  "unit",    "province_a", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "province_a", VIEW,          "Y  Y  Y  .  Y  ."),
    ("unit_admin",  "subtree", "province_a", CHANGE,        "Y  Y  Y  .  Y  ."),
    ("unit_admin",  "subtree", "province_a", HISTORY,       "Y  Y  Y  .  Y  ."),
    ("unit_admin",  "subtree", "province_a", VIEW_ASG,      "Y  Y  Y  .  Y  ."),
    ("unit_admin",  "subtree", "province_a", CHANGE_ASG,    "Y  Y  Y  .  Y  ."),
    ("unit_admin",  "subtree", "province_a", CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("unit_admin",  "subtree", "province_a", VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "unit",    "central",    VIEW,          ".  .  .  .  .  Y"),
    ("unit_admin",  "unit",    "central",    CHANGE,        ".  .  .  .  .  Y"),
    ("unit_admin",  "unit",    "central",    HISTORY,       ".  .  .  .  .  Y"),
    ("unit_admin",  "unit",    "central",    VIEW_ASG,      ".  .  .  .  .  Y"),
    ("unit_admin",  "unit",    "central",    CHANGE_ASG,    ".  .  .  .  .  Y"),
    ("unit_admin",  "unit",    "central",    CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("unit_admin",  "unit",    "central",    VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "central",    VIEW,          "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "central",    CHANGE,        "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "central",    HISTORY,       "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "central",    VIEW_ASG,      "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "central",    CHANGE_ASG,    "Y  Y  Y  Y  Y  Y"),
    ("unit_admin",  "subtree", "central",    CHANGE_UNIT,   ".  .  .  .  .  ."),
    ("unit_admin",  "subtree", "central",    VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    # system administrator: units are theirs whatever the scope; bodies follow the scope
    ("system_admin", "unit",    "central",   VIEW,          ".  .  .  .  .  Y"),
    ("system_admin", "unit",    "central",   CHANGE,        ".  .  .  .  .  Y"),
    ("system_admin", "unit",    "central",   HISTORY,       ".  .  .  .  .  Y"),
    ("system_admin", "unit",    "central",   VIEW_ASG,      ".  .  .  .  .  Y"),
    ("system_admin", "unit",    "central",   CHANGE_ASG,    ".  .  .  .  .  Y"),
    ("system_admin", "unit",    "central",   CHANGE_UNIT,   "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "unit",    "central",   VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   VIEW,          "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   CHANGE,        "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   HISTORY,       "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   VIEW_ASG,      "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   CHANGE_ASG,    "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   CHANGE_UNIT,   "Y  Y  Y  Y  Y  Y"),
    ("system_admin", "subtree", "central",   VIEW_UNIT,     "Y  Y  Y  Y  Y  Y"),
]
# fmt: on

Who = tuple[str, str | None, str | None]

# The list filter each organization permission is narrowed by (organizations_in_scope roles).
LIST_ROLES = {VIEW: STAFF_ROLES, HISTORY: SUPERVISOR_ROLES, CHANGE: ADMIN_ROLES}


def _marks(row: str) -> dict[str, bool]:
    return {t: m == "Y" for t, m in zip(TARGETS, row.split(), strict=True)}


def _user(network, who: Who) -> User:  # type: ignore[no-untyped-def]
    role, scope, holder = who
    if role == Role.CITIZEN:
        return UserFactory()
    return user_with(getattr(network, holder), role, Scope(scope))


def _obj(network, action: str, target: str):  # type: ignore[no-untyped-def]
    org = getattr(network, target)
    if action.startswith("accounts."):
        return grant(UserFactory(), org, Role.OFFICER)
    if action.endswith("_adminunit"):
        return org.unit
    return org


def _row_id(row: tuple) -> str:
    role, scope, holder, action, _m = row
    return "-".join(str(p) for p in (role, scope, holder, action.split(".")[1]) if p)


def test_matrix_rows_are_unique_and_cover_every_action_for_each_holder():
    keys = [row[:4] for row in MATRIX]
    assert len(keys) == len(set(keys))
    actions = {VIEW, CHANGE, HISTORY, VIEW_ASG, CHANGE_ASG, CHANGE_UNIT, VIEW_UNIT}
    for who in {row[:3] for row in MATRIX}:
        assert {row[3] for row in MATRIX if row[:3] == who} == actions, who


@pytest.mark.parametrize(
    ("role", "scope", "holder", "action", "marks"),
    [pytest.param(*row, id=_row_id(row)) for row in MATRIX],
)
def test_permission_matrix(network, role, scope, holder, action, marks):
    user = _user(network, (role, scope, holder))
    objects = {target: _obj(network, action, target) for target in TARGETS}
    actual = {target: user.has_perm(action, obj) for target, obj in objects.items()}
    assert actual == _marks(marks)


WHO = sorted({row[:3] for row in MATRIX}, key=str)


@pytest.mark.parametrize("who", WHO, ids=lambda w: "-".join(p for p in w if p))
def test_organizations_in_scope_lists_exactly_what_the_matrix_grants(network, who):
    user = _user(network, who)
    targets = {name: getattr(network, name) for name in TARGETS}
    for action, roles in LIST_ROLES.items():
        (marks,) = [row[4] for row in MATRIX if row[:3] == who and row[3] == action]
        listed = set(organizations_in_scope(user, roles))
        expected = {name for name, allowed in _marks(marks).items() if allowed}
        assert {name for name, org in targets.items() if org in listed} == expected, action


@pytest.mark.parametrize("who", WHO, ids=lambda w: "-".join(p for p in w if p))
def test_list_filter_agrees_with_has_perm_on_every_organization(network, who):
    make_org(unit=network.commune_b1.unit, parent=network.commune_b1)  # more bodies to judge
    user = _user(network, who)
    listed = set(organizations_in_scope(user, STAFF_ROLES))
    assert listed == {o for o in Organization.objects.all() if user.has_perm(VIEW, o)}


def test_has_perm_on_many_objects_reads_the_grants_once(network, django_assert_max_num_queries):
    for n in range(20):
        make_org(unit=network.commune_a2.unit, parent=network.commune_a2, code=f"MANY{n:02d}")
    holder = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    orgs = list(Organization.objects.all())
    user = User.objects.get(pk=holder.pk)  # a fresh object, as a request would load it
    with django_assert_max_num_queries(1):
        results = [user.has_perm(perm, o) for o in orgs for perm in (VIEW, CHANGE, HISTORY)]
    assert any(results)
    assert not all(results)
