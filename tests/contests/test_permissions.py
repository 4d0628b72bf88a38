"""The permission matrix: who × action, on a contest of the Hà Nội commission at its
preliminary rounds (round = Cụm 1, team = commune A1's)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.contests.conftest import preliminary, published
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

ACTIONS = {
    "change_contest": "contest",
    "view_contest": "contest",
    "judge_round": "round",
    "close_round": "round",
    "view_summary": "round",
    "register_team": "body",
    "change_team": "team",
    "view_team": "team",
    "view_results": "contest",
}


def _who(w, key):
    n = w.network
    return {
        "organizer": lambda: w.organizer,
        "organizer_leader_above": lambda: user_with(n.central, Role.LEADER, Scope.SUBTREE),
        "organizer_admin": lambda: user_with(n.province_a, Role.UNIT_ADMIN),
        "team_body_staff": lambda: w.staff["a1"],
        "other_body_staff": lambda: w.staff["a2"],
        "other_province_staff": lambda: user_with(n.province_b, Role.LEADER, Scope.SUBTREE),
        "head_judge_of_round": lambda: w.judge("r1a"),
        "judge_of_round": lambda: w.judge("r1b"),
        "judge_of_other_round": lambda: w.judge("r2b"),
        "citizen": UserFactory,
        "anonymous": AnonymousUser,
    }[key]()


MATRIX = [
    (
        "organizer",
        {"change_contest", "view_contest", "close_round", "view_summary", "view_team"}
        | {"view_results"},
    ),
    (
        "organizer_leader_above",
        {"change_contest", "view_contest", "close_round", "view_summary", "view_team"}
        | {"view_results", "register_team", "change_team"},
    ),
    # administers the organizing body's accounts: neither organizes nor registers
    ("organizer_admin", set()),
    ("team_body_staff", {"register_team", "change_team", "view_team"}),
    ("other_body_staff", set()),
    ("other_province_staff", set()),
    ("head_judge_of_round", {"view_contest", "judge_round", "close_round", "view_summary"}),
    ("judge_of_round", {"view_contest", "judge_round"}),
    ("judge_of_other_round", {"view_contest"}),
    ("citizen", set()),
    ("anonymous", set()),
]


@pytest.mark.parametrize(("who", "allowed"), MATRIX, ids=[m[0] for m in MATRIX])
def test_contest_permission_matrix(network, who, allowed):
    w = preliminary(network)
    objects = {
        "contest": w.contest,
        "round": w.round1,
        "body": network.commune_a1,
        "team": w.teams["a1"],
    }
    user = _who(w, who)
    got = {a for a, on in ACTIONS.items() if user.has_perm(f"contests.{a}", objects[on])}
    assert got == allowed


def test_judges_of_a_round_read_its_summary_once_it_is_closed(network):
    w = published(network)
    assert w.judge("r1b").has_perm("contests.view_summary", w.round1)
    assert not w.judge("r2b").has_perm("contests.view_summary", w.round1)


@pytest.mark.parametrize("who", ["citizen", "anonymous", "other_province_staff", "judge_of_round"])
def test_everyone_reads_the_results_once_published(network, who):
    w = published(network)
    assert _who(w, who).has_perm("contests.view_results", w.contest)
