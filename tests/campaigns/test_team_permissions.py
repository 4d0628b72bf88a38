"""Who sees and manages a commune Front's community team, as a matrix of role × scope ×
action: the body's own officers manage it; the province's leader (subtree grant) and the
centre see it only; another province's officer, a neighbouring commune's, a city officer
with a grant at the city's body only, and a citizen get nothing — in the accessors, the
lists, the pages and the exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.campaigns import access
from tests.factories import sign_in_with_totp

from .test_team_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db
A = access.Action

# (user, sees the team, manages it)
MATRIX = [
    ("c1_officer", True, True),
    ("c1_second_officer", True, True),
    ("city_leader", True, False),
    ("central_leader", True, False),
    ("city_officer", False, False),
    ("c1_committee_officer", False, False),
    ("c2_officer", False, False),
    ("other_officer", False, False),
    ("citizen", False, False),
]


@pytest.mark.parametrize(("who", "views", "manages"), MATRIX)
def test_the_accessors(teamed, welfare, who, views, manages) -> None:  # type: ignore[no-untyped-def]
    user = getattr(welfare, who)
    team = teamed.covid
    assert access.may_team(user, team, A.VIEW) is views
    assert access.may_team(user, team, A.MANAGE) is manages
    assert access.teams_for(user).filter(pk=team.pk).exists() is views
    assert user.has_perm("campaigns.view_team", team) is views
    assert user.has_perm("campaigns.manage_team", team) is manages


@pytest.mark.parametrize(("who", "views", "manages"), MATRIX)
def test_the_pages(client, teamed, welfare, who, views, manages) -> None:  # type: ignore[no-untyped-def]
    user = getattr(welfare, who)
    sign_in_with_totp(client, user)
    team = teamed.covid
    staff = who != "citizen"
    listed = client.get(reverse("campaigns:teams"))
    assert listed.status_code == (200 if staff else 403)
    if staff:
        assert (team.name in listed.content.decode()) is views
    read = 200 if views else 403
    assert client.get(reverse("campaigns:team", args=[team.pk])).status_code == read
    assert client.get(reverse("campaigns:team_xlsx", args=[team.pk])).status_code == read
    write = 200 if manages else 403
    for name, pk in (
        ("campaigns:team_edit", team.pk),
        ("campaigns:team_member_new", team.pk),
        ("campaigns:team_member_edit", teamed.member.pk),
        ("campaigns:team_member_leave", teamed.member.pk),
        ("campaigns:team_task_new", team.pk),
        ("campaigns:team_task_done", teamed.task.pk),
        ("campaigns:team_activity_new", team.pk),
        ("campaigns:team_dissolve", team.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == write, name
    if not manages:
        before = team.activities.count()
        posted = client.post(
            reverse("campaigns:team_activity_new", args=[team.pk]),
            {"held_on": "15/06/2026", "title": "Họp tổ"},
        )
        assert posted.status_code == 403
        assert (
            client.post(reverse("campaigns:team_task_cancel", args=[teamed.task.pk])).status_code
            == 403
        )
        assert team.activities.count() == before


def test_only_those_who_keep_a_body_may_set_up_a_team(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.city_leader)  # keeps the city's Front: may set one up there
    page = client.get(reverse("campaigns:team_new"))
    assert page.status_code == 200
    choices = {o.pk for o in page.context["form"].fields["organization"].queryset}
    assert choices == {welfare.city_front.pk}
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.get(reverse("campaigns:team_new"))
    assert {o.pk for o in page.context["form"].fields["organization"].queryset} == {
        welfare.c1_front.pk
    }
    # A body that is not one's own, forged into the form: refused beside the field.
    bad = client.post(
        reverse("campaigns:team_new"),
        {
            "organization": welfare.c2_front.pk,
            "name": "Tổ lạ",
            "kind": "covid",
            "area": "Thôn",
            "founded_on": "01/06/2026",
        },
    )
    assert bad.status_code == 400 and "organization" in bad.context["form"].errors


def test_a_missing_team_is_404_for_everyone(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    for name in ("campaigns:team", "campaigns:team_edit", "campaigns:team_member_new"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
    for name in ("campaigns:team_member_edit", "campaigns:team_task_done"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
