import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import Role, Scope, sign_in, user_with

pytestmark = pytest.mark.django_db


def _admin(network, role=Role.UNIT_ADMIN):
    admin = user_with(network.province_a, role, Scope.SUBTREE)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    return admin


def test_unit_admin_sees_the_organization_app_in_the_admin_index(network, client):
    sign_in(client, _admin(network))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert "org" in labels and "accounts" in labels


def test_unit_admin_lists_only_the_organizations_of_their_province(network, client):
    sign_in(client, _admin(network))
    response = client.get(reverse("admin:org_organization_changelist"))
    shown = {o.pk for o in response.context["cl"].result_list}
    assert network.commune_a1.pk in shown
    assert network.commune_b1.pk not in shown


def test_unit_admin_cannot_open_another_provinces_organization(network, client):
    sign_in(client, _admin(network))
    url = reverse("admin:org_organization_change", args=[network.commune_b1.pk])
    assert client.get(url).status_code in (302, 403, 404)


def test_officer_has_no_admin_access(network, client):
    sign_in(client, user_with(network.commune_a1, Role.OFFICER))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # to the admin login: not staff


def test_admin_organization_list_does_not_grow_queries_with_rows(
    network, client, django_assert_max_num_queries
):
    sign_in(client, _admin(network))
    with django_assert_max_num_queries(20):
        client.get(reverse("admin:org_organization_changelist"))
