import pytest
from django.urls import reverse

from danvan.accounts.services import create_user
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def test_officer_home_shows_their_unit_and_scope(network, client):
    officer = user_with(network.commune_a1, Role.OFFICER)
    client.force_login(officer)
    page = client.get(reverse("portal:home")).content.decode()
    assert network.commune_a1.name in page
    assert network.commune_a1.unit.name in page
    assert "Thành phố Hà Nội" in page  # the commune's province


def test_provincial_leader_home_lists_the_communes_of_the_province(network, client):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    client.force_login(leader)
    response = client.get(reverse("portal:home"))
    ws = response.context["workspaces"][0]
    assert ws.subtree_count == 126  # Hà Nội's communes and wards since 01/07/2025
    assert network.commune_a1.unit.name in response.content.decode()
    assert network.commune_b1.name not in response.content.decode()


def test_citizen_home_says_it_holds_no_role(client, db):
    citizen = create_user(username="dan1", email="dan1@example.vn", password="mat-khau-dai-123")
    client.force_login(citizen)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert response.context["workspaces"] == []


def test_home_page_query_count_does_not_grow_with_assignments(
    network, client, django_assert_max_num_queries
):
    officer = user_with(network.commune_a1, Role.OFFICER)
    client.force_login(officer)
    with django_assert_max_num_queries(25):
        client.get(reverse("portal:home"))


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
