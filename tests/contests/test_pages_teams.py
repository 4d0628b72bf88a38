"""The bodies' pages: registering a team with its members; correcting it while open."""

import pytest

from danvan.contests import services
from danvan.contests.models import Team
from tests.contests.conftest import drafted, preliminary
from tests.factories import Role, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _data(body, **kw):
    data = {
        "organization": body.pk,
        "name": "Đội Ngọc Hà",
        "performance_title": "Tiểu phẩm “Lòng dân”",
        "m-TOTAL_FORMS": "3",
        "m-INITIAL_FORMS": "0",
        "m-0-full_name": "Nguyễn Thị Lan",
        "m-0-position": "Phó Chủ tịch",
        "m-0-role": "captain",
        "m-1-full_name": "Trần Văn Nam",
        "m-1-role": "member",
        "m-2-full_name": "",
        "m-2-role": "member",
    }
    data.update(kw)
    return data


@pytest.fixture
def opened(network):
    w = drafted(network)
    services.open_registration(actor=w.organizer, contest=w.contest)
    return w


def test_a_body_registers_its_team_on_the_page(client, network, opened):
    staff = user_with(network.commune_a2, Role.OFFICER)
    client.force_login(staff)
    url = f"/contests/{opened.contest.pk}/register/"
    page = client.get(url)
    assert list(page.context["form"].fields["organization"].queryset) == [network.commune_a2]
    response = client.post(url, _data(network.commune_a2))
    team = Team.objects.get()
    assert response.status_code == 302 and response.url == f"/contests/teams/{team.pk}/"
    assert [m.full_name for m in team.members.all()] == ["Nguyễn Thị Lan", "Trần Văn Nam"]
    shown = client.get(response.url)
    assert "Phó Chủ tịch" in shown.content.decode() and shown.context["can_change"]


def test_member_errors_are_shown_above_the_members(client, network, opened):
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    response = client.post(
        f"/contests/{opened.contest.pk}/register/",
        _data(network.commune_a2, **{"m-1-role": "captain"}),
    )
    assert response.status_code == 200 and response.context["member_errors"]
    assert not Team.objects.exists()


def test_no_registration_page_when_closed_or_for_citizens(client, network):
    w = drafted(network)
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    assert client.get(f"/contests/{w.contest.pk}/register/").status_code == 403
    services.open_registration(actor=w.organizer, contest=w.contest)
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(f"/contests/{w.contest.pk}/register/").status_code == 403


def test_a_team_is_read_only_once_the_rounds_start(client, network):
    w = preliminary(network)
    team = w.teams["a1"]
    client.force_login(w.staff["a1"])
    page = client.get(f"/contests/teams/{team.pk}/")
    assert page.status_code == 200 and not page.context["can_change"]
    assert client.post(f"/contests/teams/{team.pk}/", _data(network.commune_a1)).status_code == 403
    client.force_login(w.staff["a2"])
    assert client.get(f"/contests/teams/{team.pk}/").status_code == 403
