"""A body's page in the workspace: for staff over the body now; who holds which role there, and
its change history, only for the supervisors over it (leaders and administrators with a
current assignment) — the fixed cast of the other access tests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import Role, Scope, UserFactory, user_with
from tests.security.cast import ROLES, cast_member, end_all, log_in

pytestmark = pytest.mark.django_db

OPENS = frozenset({"owner", "leader_above"})
# Supervisors see the assignments; the body's own officer does not (not a supervisor role).
SEES_ROLES = frozenset({"leader_above"})


@pytest.mark.parametrize("who", ROLES)
def test_a_bodys_assignments_and_history_only_for_its_current_supervisors(network, client, who):
    body = network.commune_a1_committee
    holder = user_with(body, Role.OFFICER, full_name="Cán Bộ Đang Giữ Vai Trò")
    user = cast_member(who, network, body)
    log_in(client, user)
    page = client.get(reverse("portal:organization", args=[body.pk]))
    if who not in OPENS:
        assert page.status_code == 403, who
        return
    assert page.status_code == 200
    shown = page.context["assignments"] is not None
    assert shown is (who in SEES_ROLES), who
    assert ("Cán Bộ Đang Giữ Vai Trò" in page.content.decode()) is (who in SEES_ROLES)
    assert (page.context["history"] is not None) is (who in SEES_ROLES)
    assert holder.pk  # the holder exists whatever the viewer sees


def test_a_leader_whose_assignment_ended_no_longer_sees_who_works_there(network, client):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    log_in(client, leader)
    url = reverse("portal:organization", args=[network.commune_a1_committee.pk])
    assert client.get(url).context["assignments"] is not None
    end_all(leader)
    assert client.get(url).status_code == 403
    citizen = client.__class__()
    citizen.force_login(UserFactory())
    assert citizen.get(url).status_code == 403
