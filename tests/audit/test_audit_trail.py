"""Every change to bodies and assignments is kept by django-simple-history: who, when, what."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from danvan.accounts import services as account_services
from danvan.accounts.models import Role, Scope
from danvan.org.models import AdminLevel, AdminUnit, Organization, OrganizationKind
from danvan.org.services import (
    NewBody,
    create_organization,
    merge_organizations,
    update_organization,
)
from tests.factories import UserFactory, make_org, sign_in, user_with

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CREATED_AT = dt.datetime(2026, 2, 2, 8, 30, tzinfo=VN)
UPDATED_AT = dt.datetime(2026, 2, 3, 14, 0, tzinfo=VN)


def _registrar():  # type: ignore[no-untyped-def]
    # The services check the actor's right over the body: someone who may manage it.
    return UserFactory(is_superuser=True)


def hanoi() -> AdminUnit:
    return AdminUnit.objects.current().get(level=AdminLevel.PROVINCE, code="01")


def create(actor) -> Organization:  # type: ignore[no-untyped-def]
    return create_organization(
        actor=actor,
        code="HN-HND",
        name="Hội Nông dân Thành phố Hà Nội",
        kind=OrganizationKind.FARMERS_ASSOCIATION,
        unit=hanoi(),
    )


def test_creating_an_organization_records_who_and_when(time_machine):
    time_machine.move_to(CREATED_AT, tick=False)
    actor = _registrar()
    org = create(actor)
    record = org.history.get()
    assert record.history_type == "+"
    assert record.history_user == actor
    assert record.history_date == CREATED_AT
    assert record.history_change_reason == "create"
    assert record.name == "Hội Nông dân Thành phố Hà Nội"


def test_updating_an_organization_records_the_before_and_after_values(time_machine):
    time_machine.move_to(CREATED_AT, tick=False)
    creator, editor = _registrar(), _registrar()
    org = create(creator)
    time_machine.move_to(UPDATED_AT, tick=False)
    update_organization(actor=editor, organization=org, name="Hội Nông dân Việt Nam TP Hà Nội")
    new = org.history.first()
    old = new.prev_record
    assert (new.history_type, new.history_user, new.history_date) == ("~", editor, UPDATED_AT)
    assert (old.history_user, old.history_date) == (creator, CREATED_AT)
    delta = new.diff_against(old)
    (name,) = [c for c in delta.changes if c.field == "name"]
    assert name.old == "Hội Nông dân Thành phố Hà Nội"
    assert name.new == "Hội Nông dân Việt Nam TP Hà Nội"


def test_end_date_change_is_audited_with_old_and_new_value():
    org = create(None)
    editor = _registrar()
    update_organization(actor=editor, organization=org, valid_to=dt.date(2026, 12, 31))
    new = org.history.first()
    delta = new.diff_against(new.prev_record, included_fields=["valid_to"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("valid_to", None, dt.date(2026, 12, 31))
    ]
    assert new.history_user == editor


def test_an_update_diff_lists_only_the_fields_that_changed():
    org = create(None)
    update_organization(actor=_registrar(), organization=org, short_name="HND Hà Nội")
    new = org.history.first()
    assert new.diff_against(new.prev_record).changed_fields == ["short_name"]


def test_reorganization_is_attributed_to_the_actor_with_a_reason():
    actor = _registrar()
    sources = [make_org(unit=hanoi(), valid_from=dt.date(2020, 1, 1)) for _ in range(2)]
    merged = merge_organizations(
        actor=actor,
        sources=sources,
        effective_date=dt.date(2025, 3, 1),
        unit=hanoi(),
        into=NewBody(code="HN-M", name="Cơ quan hợp nhất", kind=OrganizationKind.OTHER),
    )
    for old in sources:
        record = old.history.first()
        assert (record.history_user, record.history_change_reason) == (actor, "merge")
        assert record.valid_to == dt.date(2025, 2, 28)
    assert merged.history.get().history_user == actor


def test_children_reparented_by_a_merge_get_an_audited_history_row():
    actor = _registrar()
    sources = [make_org(unit=hanoi()) for _ in range(2)]
    child = make_org(unit=hanoi(), parent=sources[0])
    merged = merge_organizations(
        actor=actor,
        sources=sources,
        effective_date=dt.date(2025, 3, 1),
        unit=hanoi(),
        into=NewBody(code="HN-M", name="Cơ quan hợp nhất", kind=OrganizationKind.OTHER),
    )
    record = child.history.first()
    assert (record.parent_id, record.history_user) == (merged.pk, actor)
    assert record.diff_against(record.prev_record).changed_fields == ["parent"]


def test_assignment_made_through_the_service_is_audited_with_the_actor(network, time_machine):
    time_machine.move_to(CREATED_AT, tick=False)
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    officer = UserFactory()
    assignment = account_services.assign_role(
        actor=admin,
        user=officer,
        organization=network.commune_a1,
        role=Role.OFFICER,
        title="Cán bộ dân vận",
    )
    record = assignment.history.get()
    assert (record.history_type, record.history_user) == ("+", admin)
    assert record.history_date == CREATED_AT
    assert (record.user_id, record.organization_id, record.role) == (
        officer.pk,
        network.commune_a1.pk,
        Role.OFFICER,
    )


def test_ending_an_assignment_is_audited_with_the_actor(network, time_machine):
    time_machine.move_to(CREATED_AT, tick=False)
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    assignment = account_services.assign_role(
        actor=admin,
        user=UserFactory(),
        organization=network.commune_a2,
        role=Role.LEADER,
    )
    time_machine.move_to(UPDATED_AT, tick=False)
    account_services.end_assignment(actor=admin, assignment=assignment, on=dt.date(2026, 2, 3))
    new = assignment.history.first()
    assert (new.history_type, new.history_user, new.history_date) == ("~", admin, UPDATED_AT)
    (change,) = new.diff_against(new.prev_record).changes
    assert (change.field, change.old, change.new) == ("valid_to", None, dt.date(2026, 2, 3))


def _change_form_data(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the admin change form would post back unchanged (fields and inline formsets)."""
    data: dict[str, str] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value in (None, False):
                continue
            data[field.html_name] = "" if value is True else str(value)
    return data


def test_change_in_the_admin_is_attributed_to_the_signed_in_administrator(client, network):
    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    sign_in(client, admin)
    org = network.commune_a2
    url = reverse("admin:org_organization_change", args=[org.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = _change_form_data(response)
    data["name"] = "Ban Dân vận Đảng ủy phường (đổi tên)"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = Organization.objects.get(pk=org.pk).history.first()
    assert record.name == "Ban Dân vận Đảng ủy phường (đổi tên)"
    assert record.history_user == admin
    assert record.history_type == "~"
