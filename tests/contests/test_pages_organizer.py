"""The organizers' pages: creating a contest, its criteria and rounds, judges and teams of a
round, and each step posted through the page (a forbidden one changes nothing)."""

import pytest

from danvan.contests.models import Contest, ContestStatus, Criterion, Judge, Round, RoundState
from tests.contests.conftest import (
    ROUND1,
    drafted,
    new_contest,
    preliminary,
    registered,
    score,
)
from tests.factories import Role, UserFactory, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

SETTINGS = {
    "name": "Hội thi Dân vận khéo 2026",
    "year": "2026",
    "aggregation": "trimmed",
    "trim_min_judges": "5",
    "tie_break_best_judge": "on",
    "advance_count": "2",
    "first_prizes": "1",
    "second_prizes": "2",
    "third_prizes": "3",
    "consolation_prizes": "4",
    "registration_deadline": "30/09/2026",
}


def test_an_organizer_creates_a_contest_through_the_page(client, network):
    organizer = user_with(network.province_a, Role.OFFICER)
    client.force_login(organizer)
    page = client.get("/contests/new/")
    assert page.status_code == 200 and 'for="id_name"' in page.content.decode()
    response = client.post("/contests/new/", {**SETTINGS, "organizer": network.province_a.pk})
    contest = Contest.objects.get()
    assert response.status_code == 302 and response.url == f"/contests/{contest.pk}/"
    assert (contest.second_prizes, contest.registration_deadline.day) == (2, 30)
    detail = client.get(response.url)
    assert detail.context["next_step"] == "open_registration"


def test_citizens_and_judges_cannot_create_contests(client, network):
    client.force_login(UserFactory())
    assert client.get("/contests/new/").status_code == 403
    assert client.get("/contests/").status_code == 200  # an empty list


def test_the_criteria_page_saves_them(client, network):
    organizer, contest = new_contest(network)
    client.force_login(organizer)
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Nội dung",
        "form-0-max_score": "40",
        "form-0-weight": "1,5",
        "form-0-tie_break": "1",
        "form-1-name": "Hình thức",
        "form-1-max_score": "30",
        "form-1-weight": "",
        "form-2-name": "",
    }
    response = client.post(f"/contests/{contest.pk}/criteria/", data)
    assert response.status_code == 302
    assert list(Criterion.objects.values_list("name", "tie_break")) == [
        ("Nội dung", 1),
        ("Hình thức", None),
    ]
    data["form-1-max_score"] = "ba mươi"
    again = client.post(f"/contests/{contest.pk}/criteria/", data)
    assert again.status_code == 200 and again.context["errors"]


def test_adding_a_round_with_a_group_of_bodies(client, network):
    organizer, contest = new_contest(network)
    client.force_login(organizer)
    response = client.post(
        f"/contests/{contest.pk}/rounds/new/",
        {
            "kind": "preliminary",
            "name": "Cụm phía Bắc",
            "bodies": [network.commune_a1.pk, network.commune_a2.pk],
            "held_on": "05/10/2026",
            "place": "Nhà văn hóa",
        },
    )
    round_ = Round.objects.get()
    assert response.status_code == 302
    assert set(round_.bodies.all()) == {network.commune_a1, network.commune_a2}


def test_the_steps_are_posted_on_the_contest_page(client, network):
    w = drafted(network)
    client.force_login(w.organizer)
    url = f"/contests/{w.contest.pk}/"
    assert client.post(url, {"action": "open_registration"}).status_code == 302
    w.refresh()
    assert w.contest.status == ContestStatus.REGISTRATION
    refused = client.post(url, {"action": "start_preliminary"})  # no team yet
    assert refused.status_code == 200 and refused.context["errors"]


def test_a_judge_sees_the_contest_but_cannot_move_it(client, network):
    w = drafted(network)
    client.force_login(w.judge("r1b"))
    url = f"/contests/{w.contest.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and page.context["next_step"] is None
    assert client.post(url, {"action": "open_registration"}).status_code == 403
    w.refresh()
    assert w.contest.status == ContestStatus.DRAFT
    client.force_login(w.judge("r1b"))
    assert client.get(f"/contests/rounds/{w.round1.pk}/").status_code == 403


def test_other_bodies_get_403(client, network):
    w = drafted(network)
    client.force_login(user_with(network.province_b, Role.LEADER))
    assert client.get(f"/contests/{w.contest.pk}/").status_code == 403
    assert client.get(f"/contests/{w.contest.pk}/edit/").status_code == 403


def test_judges_are_assigned_and_changed_on_the_round_page(client, network):
    w = drafted(network)
    client.force_login(w.organizer)
    url = f"/contests/rounds/{w.round1.pk}/"
    newcomer = user_with(network.central, Role.LEADER)
    assert client.post(url, {"action": "add_judge", "username": newcomer.email}).status_code == 302
    unknown = client.post(url, {"action": "add_judge", "username": "ai-do"})
    assert unknown.status_code == 200 and unknown.context["judge_form"].errors
    judge = Judge.objects.get(user=newcomer)
    client.post(url, {"action": "head", "judge": judge.pk})
    assert Judge.objects.get(round=w.round1, is_head=True) == judge
    client.post(url, {"action": "remove", "judge": judge.pk})
    assert not Judge.objects.filter(pk=judge.pk).exists()


def test_the_head_judge_closes_the_round_on_its_page(client, network):
    w = preliminary(network)
    score(w, ROUND1)
    client.force_login(w.judge("r1a"))
    url = f"/contests/rounds/{w.round1.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_close"] and not page.context["can_change"]
    assert client.post(url, {"action": "add_judge", "username": "x"}).status_code == 403
    assert client.post(url, {"action": "close"}).status_code == 302
    w.refresh()
    assert w.round1.state == RoundState.CLOSED


def test_the_organizer_places_an_unplaced_team(client, network):
    w = registered(network)
    team = w.teams["pc"]
    team.entries.all().delete()
    client.force_login(w.organizer)
    response = client.post(f"/contests/rounds/{w.round1.pk}/", {"action": "enter", "team": team.pk})
    assert response.status_code == 302
    assert team.entries.get().round == w.round1


def test_the_list_shows_organized_judged_and_open_contests(client, network):
    w = registered(network)
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    page = client.get("/contests/")
    assert page.context["open"] == [w.contest] and page.context["mine"] == []
    client.force_login(UserFactory())
    assert client.get("/contests/").context["open"] == []
    client.force_login(w.judge("r2c"))
    page = client.get("/contests/")
    assert page.context["mine"] == [w.contest] and len(page.context["judged"]) == 1
