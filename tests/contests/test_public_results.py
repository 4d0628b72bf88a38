"""The public results: nothing before publishing; then each round's ranking and the final's
prizes with teams, bodies, totals and members (names and positions only), in a fixed number
of queries."""

import pytest

from danvan.contests import services
from danvan.contests.models import TeamMember
from tests.contests.conftest import in_final, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def test_nothing_is_public_before_publishing(client, network):
    w = in_final(network)
    url = f"/hoi-thi/{w.contest.pk}/"
    assert client.get(url).status_code == 404
    listing = client.get("/hoi-thi/")
    assert w.contest.name not in listing.content.decode()
    client.force_login(w.staff["a1"])  # a competing body's staff: not before publishing
    assert client.get(url).status_code == 404
    api = client.get(f"/api/v1/contests/{w.contest.pk}")
    assert api.status_code == 404
    assert client.get("/api/v1/contests").json()["count"] == 0


def test_the_published_results_page(client, network):
    w = published(network)
    TeamMember.objects.filter(team=w.teams["a1"]).update(position="Phó Chủ tịch UBND")
    response = client.get(f"/hoi-thi/{w.contest.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    for team in w.teams.values():
        assert team.name in body and team.organization.name in body
    assert "Nguyễn Thị Lan" in body  # members are public contest information
    assert [b.round.name for b in response.context["rounds"]] == ["Cụm 1", "Cụm 2", "Chung khảo"]
    final = response.context["rounds"][-1].results
    assert [(r.team, r.prize) for r in final][:2] == [
        (w.teams["a1"], "first"),
        (w.teams["a2"], "second"),
    ]
    assert "76,5" in body  # Cụm 1's winner, written the Vietnamese way
    assert 'scope="col"' in body and 'scope="row"' in body
    assert client.get("/hoi-thi/").context["contests"] == [w.contest]


def test_the_results_page_costs_a_fixed_number_of_queries(
    client, network, django_assert_max_num_queries
):
    w = published(network)
    # More members do not cost more queries.
    team = w.teams["a2"]
    for i in range(10):
        TeamMember.objects.create(team=team, full_name=f"Thành viên {i}", order=10 + i)
    client.get("/hoi-thi/")  # the site's context (demo banner) is cached after a first page
    # The contest, criteria, rounds, results with teams and bodies, members: none per row.
    with django_assert_max_num_queries(6):
        client.get(f"/hoi-thi/{w.contest.pk}/")


def test_the_page_lists_only_closed_rounds_and_a_draft_stays_hidden(client, network):
    w = published(network)
    _organizer, draft = (
        w.organizer,
        services.create_contest(
            actor=w.organizer,
            organizer=network.province_a,
            settings=services.ContestSettings(name="Hội thi năm sau", year=2026),
        ),
    )
    assert client.get(f"/hoi-thi/{draft.pk}/").status_code == 404
