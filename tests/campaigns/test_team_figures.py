"""The community teams' figures in the registry (lib.figures): teams and members as they stand
at the window's end, activities held within it, for a body's subtree; each figure links to
the teams list filtered to the teams behind it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from danvan.campaigns.models import TeamKind
from danvan.lib import figures
from tests.factories import sign_in_with_totp

from .test_team_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db

Q1 = figures.Window(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
Q2 = figures.Window(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
APRIL = figures.Window(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
KEYS = [
    "teams.active",
    *(f"teams.active.{k.value}" for k in TeamKind),
    "teams.members",
    "teams.activities",
    "teams.people_reached",
    "teams.households_visited",
]


def test_the_group_names_its_sources() -> None:
    keys = set(figures.sources())
    assert set(KEYS) <= keys
    assert figures.group_of("teams.members") is not None


def _values(org, window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    found = figures.count(KEYS, org.pk, window)
    assert all(isinstance(v, Decimal) for v in found.values())
    return {k: int(v) for k, v in found.items()}


def test_the_citys_subtree_over_the_second_quarter(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    v = _values(welfare.city_front, Q2)
    # Active on 30/06: the COVID team (2 members) and the mediation team (1); the volunteer
    # team ended on 30/04, the Tuyên Quang team is another province's.
    assert v["teams.active"] == 2
    assert v["teams.active.covid"] == 1 and v["teams.active.mediation"] == 1
    assert v["teams.active.volunteer"] == 0 and v["teams.active.security"] == 0
    assert v["teams.members"] == 3
    # Held from 01/04 to 30/06: 02/05, 01/06 (COVID), 20/04 (mediation), 01/04 (volunteer).
    assert v["teams.activities"] == 4
    assert v["teams.people_reached"] == 30 + 50 + 6 + 15
    assert v["teams.households_visited"] == 8 + 12 + 2 + 4


def test_a_commune_over_the_first_quarter_counts_the_team_dissolved_later(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    v = _values(welfare.c1_front, Q1)
    assert v["teams.active"] == 2 and v["teams.active.volunteer"] == 1
    assert v["teams.members"] == 3
    assert (v["teams.activities"], v["teams.people_reached"], v["teams.households_visited"]) == (
        1,
        20,
        5,
    )
    # On its dissolution day the team and its members no longer count.
    april = _values(welfare.c1_front, APRIL)
    assert april["teams.active"] == 1 and april["teams.members"] == 2


def test_other_subtrees_count_only_their_own(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    v = _values(welfare.other_front, Q2)
    assert (v["teams.active"], v["teams.active.security"], v["teams.members"]) == (1, 1, 1)
    assert v["teams.activities"] == 0
    assert _values(welfare.c2_front, Q2)["teams.people_reached"] == 6
    assert _values(welfare.central, Q2)["teams.active"] == 2


def test_a_figure_asked_alone_and_an_unknown_key(teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    found = figures.count(["teams.members", "teams.nonsense"], welfare.c1_front.pk, Q2)
    assert found == {"teams.members": Decimal(2)}
    assert figures.records_url("teams.nonsense", welfare.c1_front.pk, Q2) == ""


@pytest.mark.parametrize(
    ("key", "window", "org", "expected"),
    [
        ("teams.active", Q2, "city_front", {"covid", "mediation"}),
        ("teams.active.covid", Q2, "city_front", {"covid"}),
        ("teams.members", Q1, "c1_front", {"covid", "dissolved"}),
        ("teams.activities", Q2, "city_front", {"covid", "mediation", "dissolved"}),
        ("teams.people_reached", Q1, "city_front", {"covid"}),
        ("teams.active.volunteer", APRIL, "c1_front", set()),
    ],
)
def test_each_figure_links_to_the_teams_behind_it(
    client, teamed, welfare, key, window, org, expected
) -> None:  # type: ignore[no-untyped-def]
    url = figures.records_url(key, getattr(welfare, org).pk, window)
    assert url.startswith("/") and "figure=" in url
    sign_in_with_totp(client, welfare.city_leader)
    page = client.get(url)
    assert page.status_code == 200
    shown = {
        int(pk)
        for pk in re.findall(r'data-testid="team-row" data-pk="(\d+)"', page.content.decode())
    }
    assert shown == {getattr(teamed, name).pk for name in expected}


def test_a_figure_link_without_its_period_lists_nothing(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.city_leader)
    url = figures.records_url("teams.active", welfare.city_front.pk, Q2).split("&figure_from")[0]
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="team-row"' not in page.content.decode()
