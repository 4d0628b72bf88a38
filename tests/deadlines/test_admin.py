"""The rules and the swap days in the admin: system administrators edit, others read."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from danvan.deadlines.models import DeadlineRule, Matter, Step
from tests.factories import Role, Scope, sign_in, user_with

pytestmark = pytest.mark.django_db


def _admin(network, role):  # type: ignore[no-untyped-def]
    org = network.central if role == Role.SYSTEM_ADMIN else network.province_a
    user = user_with(org, role, Scope.SUBTREE)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.mark.parametrize("model", ["deadlinerule", "calendarexception"])
def test_system_admin_lists_filters_and_searches(network, client, model) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, _admin(network, Role.SYSTEM_ADMIN))
    url = reverse(f"admin:deadlines_{model}_changelist")
    assert client.get(url, {"q": "Điều 28"}).status_code == 200
    assert (
        client.get(
            url,
            {"kind": "day_off"}
            if model == "calendarexception"
            else {"matter": Matter.COMPLAINT_FIRST, "step": Step.RESOLUTION},
        ).status_code
        == 200
    )


def test_system_admin_edits_a_rule_and_the_edit_is_in_its_history(network, client) -> None:  # type: ignore[no-untyped-def]
    user = _admin(network, Role.SYSTEM_ADMIN)
    sign_in(client, user)
    rule = DeadlineRule.objects.get(matter=Matter.FEEDBACK, step=Step.FORWARDING)
    url = reverse("admin:deadlines_deadlinerule_change", args=[rule.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    data["note"] = "Đã đối chiếu Công báo."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert rule.history.first().history_user == user  # type: ignore[union-attr]
    assert (
        client.get(reverse("admin:deadlines_deadlinerule_history", args=[rule.pk])).status_code
        == 200
    )


def test_unit_admin_reads_but_cannot_change_rules(network, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, _admin(network, Role.UNIT_ADMIN))
    rule = DeadlineRule.objects.first()
    assert client.get(reverse("admin:deadlines_deadlinerule_changelist")).status_code == 200
    url = reverse("admin:deadlines_deadlinerule_change", args=[rule.pk])  # type: ignore[union-attr]
    response = client.post(url, {"days": 1})
    assert response.status_code in (302, 403)
    rule.refresh_from_db()  # type: ignore[union-attr]
    assert rule.days != 1  # type: ignore[union-attr]
