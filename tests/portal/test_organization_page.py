import pytest
from django.urls import reverse

from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def test_officer_cannot_open_another_communes_organization(network, client):
    client.force_login(user_with(network.commune_a1, Role.OFFICER, Scope.SUBTREE))
    response = client.get(reverse("portal:organization", args=[network.commune_a2.pk]))
    assert response.status_code == 403


def test_officer_opens_own_organization_without_officer_list(network, client):
    client.force_login(user_with(network.commune_a1, Role.OFFICER))
    response = client.get(reverse("portal:organization", args=[network.commune_a1.pk]))
    assert response.status_code == 200
    assert response.context["assignments"] is None


def test_provincial_leader_sees_a_communes_officers_and_history(network, client):
    user_with(network.commune_a1, Role.OFFICER, full_name="Cán Bộ Xã Một")
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("portal:organization", args=[network.commune_a1.pk]))
    assert response.status_code == 200
    assert "Cán Bộ Xã Một" in response.content.decode()
    assert response.context["history"]
