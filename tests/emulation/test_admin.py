"""The admin: award kinds edited by system administrators; the rest read-only and scoped."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin

from danvan.emulation.models import AwardDecision, AwardKind, Movement, Proposal
from tests.emulation.conftest import issued
from tests.factories import Role, Scope, UserFactory, sign_in, user_with

pytestmark = pytest.mark.django_db


def _with_totp(user):
    # Administrators must sign in with a second factor (accounts' middleware).
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_the_models_are_registered():
    for model in (AwardKind, Movement, Proposal, AwardDecision):
        assert admin.site.is_registered(model)


def test_a_superuser_edits_an_award_kind(client, db):
    sign_in(client, _with_totp(UserFactory(is_superuser=True, is_staff=True)))
    kind = AwardKind.objects.get(code="giay-khen")
    page = client.get(f"/admin/emulation/awardkind/{kind.pk}/change/")
    assert page.status_code == 200 and "Giấy khen" in page.content.decode()


def test_decisions_in_the_admin_are_read_only_and_scoped(
    client, network, commune_officer, committee_leader
):
    issued(network, commune_officer, committee_leader)
    admin_a = _with_totp(user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE))
    sign_in(client, admin_a)
    listing = client.get("/admin/emulation/awarddecision/")
    assert listing.status_code == 200 and "123/QĐ-UBND" in listing.content.decode()
    admin_b = _with_totp(user_with(network.province_b, Role.UNIT_ADMIN, Scope.SUBTREE))
    sign_in(client, admin_b)
    assert "123/QĐ-UBND" not in client.get("/admin/emulation/awarddecision/").content.decode()
    assert client.get("/admin/emulation/awarddecision/add/").status_code == 403
