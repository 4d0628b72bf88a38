"""The admin writes only through services, or is read-only.

Before, a commune's unit administrator with the narrowest scope posted
/admin/accounts/assignment/add/ and got the system administrator role over the whole country:
the admin saved the form itself, and its change form checked the assignment's old body.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.test import RequestFactory
from django.urls import reverse

from danvan.accounts.models import Assignment, Role, Scope
from danvan.lib.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from danvan.org.models import Organization
from tests.factories import UserFactory, sign_in_with_totp, user_with

pytestmark = pytest.mark.django_db

_WRITING_HOOKS = ("save_model", "delete_model", "delete_queryset", "save_formset", "save_related")


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), _registered(), ids=lambda v: str(v))
def test_every_admin_class_writes_through_a_service_or_not_at_all(model, model_admin):
    assert isinstance(model_admin, ReadOnlyAdmin | ServiceAdmin), model._meta.label
    kind = ServiceAdmin if isinstance(model_admin, ServiceAdmin) else ReadOnlyAdmin
    for hook in _WRITING_HOOKS:
        # Nobody overrides Django's writing hooks past lib.admin: the service is the write.
        assert getattr(type(model_admin), hook) is getattr(kind, hook), (model, hook)
    root = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = root
    if kind is ReadOnlyAdmin:
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    for inline_class in model_admin.inlines:
        assert issubclass(inline_class, InlineModelAdmin)
        if kind is ReadOnlyAdmin:
            assert issubclass(inline_class, ReadOnlyInline), (model, inline_class)


def _post_assignment(client, user, org, role, scope=Scope.SUBTREE):
    return client.post(
        reverse("admin:accounts_assignment_add"),
        {"user": user.pk, "organization": org.pk, "role": role, "scope": scope, "title": ""},
    )


def test_a_unit_administrator_cannot_make_anyone_system_administrator(network, client):
    unit_admin = user_with(network.commune_a1, Role.UNIT_ADMIN, Scope.UNIT)
    sign_in_with_totp(client, unit_admin)
    response = _post_assignment(client, unit_admin, network.central, Role.SYSTEM_ADMIN)
    assert response.status_code == 403
    assert not Assignment.objects.filter(role=Role.SYSTEM_ADMIN).exists()
    response = _post_assignment(client, unit_admin, network.commune_a1, Role.SYSTEM_ADMIN)
    assert response.status_code == 403
    assert not Assignment.objects.filter(role=Role.SYSTEM_ADMIN).exists()


def test_a_unit_administrator_cannot_grant_in_another_body_or_widen_a_scope(network, client):
    unit_admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.UNIT)
    sign_in_with_totp(client, unit_admin)
    officer = UserFactory()
    assert _post_assignment(client, officer, network.commune_b1, Role.OFFICER).status_code == 403
    assert _post_assignment(client, officer, network.province_a, Role.LEADER).status_code == 403
    assert not Assignment.objects.filter(user=officer).exists()


def test_an_assignment_in_scope_is_granted_by_the_service_and_audited(network, client):
    unit_admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    sign_in_with_totp(client, unit_admin)
    officer = UserFactory()
    response = _post_assignment(client, officer, network.commune_a1, Role.OFFICER, Scope.UNIT)
    assert response.status_code == 302
    granted = Assignment.objects.get(user=officer)
    assert granted.history.first().history_user == unit_admin


def test_an_assignment_cannot_be_edited_in_place(network, client):
    unit_admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    sign_in_with_totp(client, unit_admin)
    officer = user_with(network.commune_a1, Role.OFFICER)
    assignment = Assignment.objects.get(user=officer)
    url = reverse("admin:accounts_assignment_change", args=[assignment.pk])
    client.post(
        url,
        {
            "user": officer.pk,
            "organization": network.central.pk,
            "role": Role.SYSTEM_ADMIN,
            "scope": Scope.SUBTREE,
        },
    )
    assignment.refresh_from_db()
    assert (assignment.organization, assignment.role) == (network.commune_a1, Role.OFFICER)


def test_a_unit_administrator_cannot_move_a_body_out_of_their_province(network, client):
    unit_admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    sign_in_with_totp(client, unit_admin)
    body = network.commune_a2
    url = reverse("admin:org_organization_change", args=[body.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["unit"] = network.commune_b1.unit_id
    response = client.post(url, data)
    assert response.status_code == 403
    assert Organization.objects.get(pk=body.pk).unit_id == body.unit_id


def test_account_flags_and_passwords_are_not_set_from_the_admin(network, client):
    root = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    sign_in_with_totp(client, root)
    target = UserFactory()
    url = reverse("admin:accounts_user_change", args=[target.pk])
    client.post(
        url,
        {
            "full_name": "Tên mới",
            "phone": "",
            "email": target.email,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    target.refresh_from_db()
    assert target.full_name == "Tên mới"
    assert not target.is_superuser and not target.is_staff
    password = reverse("admin:auth_user_password_change", args=[target.pk]).replace(
        "auth/user", "accounts/user"
    )
    assert client.get(password).status_code == 403
