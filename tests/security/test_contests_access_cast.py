"""Every page and endpoint that shows or changes one contest, round or team, for a fixed cast:
only current assignments open them (judges: their judge row, while they hold a staff role);
the list filters and the object rule agree (contests.access)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from danvan.contests import access, selectors, services
from danvan.contests.models import Contest, Judge, Round, Team
from tests.contests.conftest import (  # noqa: F401
    YEAR,
    fixed_today,
    preliminaries_closed,
    registered,
)
from tests.factories import Role, Scope, UserFactory, user_with
from tests.security.cast import ROLES, cast_member, end_all, log_in, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

API = "/api/v1/contests"
IN_SCOPE = frozenset({"owner", "leader_above"})


def _allowed(status: int) -> bool:
    return status in (200, 201, 302, 422)


def _page(name, key):
    return lambda w: reverse(f"contests:{name}", args=[key(w).pk])


def _contest(w):
    return w.contest


def _round(w):
    return w.round1


# (name, method, url, data); the body that owns the record decides the cast.
CONTEST_CASES = [
    ("detail", "get", _page("detail", _contest), {}),
    ("step", "post", _page("detail", _contest), {"action": "start_preliminary"}),
    ("edit", "get", _page("edit", _contest), {}),
    ("edit_post", "post", _page("edit", _contest), {}),
    ("criteria", "get", _page("criteria", _contest), {}),
    ("round_new", "get", _page("round_new", _contest), {}),
    ("round", "get", _page("round", _round), {}),
    ("round_edit", "post", _page("round", _round), {"action": "edit", "name": ""}),
    ("print_blank", "get", lambda w: _page("print_sheet", _round)(w) + "?blank=1", {}),
    ("summary", "get", _page("summary", _round), {}),
    ("summary_xlsx", "get", _page("summary_xlsx", _round), {}),
    ("api_contest", "api_get", lambda w: f"{API}/{w.contest.pk}", {}),
    ("api_summary", "api_get", lambda w: f"{API}/rounds/{w.round1.pk}/summary.xlsx", {}),
]
TEAM_CASES = [("team", "get", {}), ("team_post", "post", {"name": ""})]


def _state(w):
    contest = Contest.objects.filter(pk=w.contest.pk).values("status", "name").get()
    rounds = list(Round.objects.filter(contest=w.contest).values_list("name", "state"))
    teams = list(Team.objects.filter(contest=w.contest).values_list("name", "performance_title"))
    return contest, rounds, teams, Judge.objects.count(), Team.objects.count()


def _request(client, user, method, url, data):
    if method.startswith("api"):
        _token, raw = issue_api_token(user=user, name="t")
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    log_in(client, user)
    return getattr(client, method)(url, data)


def _check(client, w, user, role, method, url, data):
    before = _state(w)
    status = _request(client, user, method, url, data).status_code
    if role in IN_SCOPE:
        assert _allowed(status), status
    else:
        assert refused(status), status
        assert _state(w) == before


@pytest.mark.parametrize("case", CONTEST_CASES, ids=[c[0] for c in CONTEST_CASES])
@pytest.mark.parametrize("role", ROLES)
def test_only_current_organizers_open_or_change_a_contest(client, network, role, case):
    _name, method, url_of, data = case
    w = registered(network)
    user = cast_member(role, network, network.province_a)
    _check(client, w, user, role, method, url_of(w), data)


@pytest.mark.parametrize("case", TEAM_CASES, ids=[c[0] for c in TEAM_CASES])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_current_staff_of_its_body_open_or_change_a_team(client, network, role, case):
    _name, method, data = case
    w = registered(network)
    # The lower administrator (commune A1's) is tried on the team of the city's committee.
    team = w.teams["pc" if role == "lower_admin" else "a1"]
    user = cast_member(role, network, team.organization)
    _check(client, w, user, role, method, reverse("contests:team", args=[team.pk]), data)


SHEET_URLS = [
    ("sheet", "get", lambda r: reverse("contests:sheet", args=[r.pk])),
    ("print_own", "get", lambda r: reverse("contests:print_sheet", args=[r.pk])),
    ("api_sheet", "api_get", lambda r: f"{API}/rounds/{r.pk}/sheet"),
]


@pytest.mark.parametrize("case", SHEET_URLS, ids=[c[0] for c in SHEET_URLS])
def test_a_judge_scores_while_holding_a_staff_role_and_not_after(client, network, case):
    _name, method, url_of = case
    w = registered(network)
    services.start_preliminary(actor=w.organizer, contest=w.contest)
    judge = w.judge("r1b")
    url = url_of(w.round1)
    assert _allowed(_request(client, judge, method, url, {}).status_code)
    stranger = cast_member("stranger", network, network.province_a)
    assert refused(_request(client, stranger, method, url, {}).status_code)
    organizer = cast_member("owner", network, network.province_a)
    if _name != "print_own":  # an organizer prints blank sheets, not a judge's own
        assert refused(_request(client, organizer, method, url, {}).status_code)
    end_all(judge)
    client.logout()
    assert refused(_request(client, judge, method, url, {}).status_code)


def test_an_ended_judge_no_longer_lists_the_contest(network):
    """Before, the staff list kept the contests of every judge row, assignment or not."""
    w = registered(network)
    judge = w.judge("r1b")
    assert w.contest in selectors.staff_contests(judge)
    end_all(judge)
    assert w.contest not in selectors.staff_contests(judge)
    assert not access.may(judge, w.contest, access.Action.VIEW)


@pytest.fixture
def world(network):
    w = preliminaries_closed(network)
    other = services.create_contest(
        actor=user_with(network.province_b, Role.OFFICER),
        organizer=network.province_b,
        settings=services.ContestSettings(name="Hội thi Tuyên Quang", year=YEAR),
    )
    services.add_round(
        actor=user_with(network.province_b, Role.OFFICER),
        contest=other,
        kind="final",
        name="Chung khảo",
    )
    return w


def _users(network, w):
    ended = w.judge("r2b")
    end_all(ended)
    return [
        *(cast_member(role, network, network.province_a) for role in ROLES),
        *(cast_member(role, network, network.commune_a1) for role in ("owner", "ex_member")),
        w.judge("r1a"),
        w.judge("r1b"),
        w.judge("fc"),
        ended,
        user_with(network.central, Role.LEADER, Scope.SUBTREE),
        UserFactory(is_superuser=True),
        UserFactory(),
    ]


FILTERS = {Contest: access.contests_for, Round: access.rounds_for, Team: access.teams_for}


@pytest.mark.parametrize("model", list(FILTERS), ids=[m.__name__ for m in FILTERS])
def test_the_list_filters_and_the_object_rule_agree(network, world, model):
    everything = list(model.objects.all())
    assert everything
    actions = {a for (m, a) in access.ANY_ROLES if m is model}
    for user in _users(network, world):
        for action in actions:
            listed = set(FILTERS[model](user, action))
            ruled = {r for r in everything if access.may(user, r, action)}
            assert listed == ruled, (user, model.__name__, action)
