"""The community teams' pages: the list with its figure cards and filters, the team's page,
the forms (bad input back with status 400 and the error beside the field, nothing saved),
phones shown to the team's managers only, and bounded query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from danvan.campaigns.models import CommunityTeam, MemberRole, TaskState, TeamKind
from danvan.campaigns.services import teams as services
from tests.factories import sign_in_with_totp

from .test_team_fixtures import *  # noqa: F403 - the fixtures
from .test_team_fixtures import PHONE, TODAY, activity, member_spec, spec

pytestmark = pytest.mark.django_db

LIST = reverse("campaigns:teams")


def _rows(page) -> set[int]:  # type: ignore[no-untyped-def]
    return {
        int(pk)
        for pk in re.findall(r'data-testid="team-row" data-pk="(\d+)"', page.content.decode())
    }


# ---- the list ----------------------------------------------------------------------------


def test_the_list_shows_the_teams_in_scope_with_cards_by_kind(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.city_leader)
    page = client.get(LIST)
    assert page.status_code == 200
    assert _rows(page) == {teamed.covid.pk, teamed.mediation.pk, teamed.dissolved.pk}
    cards = page.context["cards"]
    assert len(cards) == 1 + len(TeamKind) and cards[0]["count"] == 3
    covid_card = next(c for c in cards if "kind=covid" in c["url"])
    assert covid_card["count"] == 1
    assert covid_card["url"] in page.content.decode().replace("&amp;", "&")
    # A card is a link to the list narrowed to its kind.
    narrowed = client.get(covid_card["url"])
    assert _rows(narrowed) == {teamed.covid.pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "to covid cong dong"}, {"covid"}),  # no diacritics
        ({"q": "thôn bắc"}, {"mediation"}),
        ({"kind": "mediation"}, {"mediation"}),
        ({"state": "active"}, {"covid", "mediation"}),
        ({"state": "dissolved"}, {"dissolved"}),
        ({"kind": "nonsense", "state": "x"}, {"covid", "mediation", "dissolved"}),
    ],
)
def test_the_list_filters(client, teamed, welfare, query, expected) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.city_leader)
    page = client.get(LIST, query)
    assert page.status_code == 200
    assert _rows(page) == {getattr(teamed, name).pk for name in expected}


def test_the_list_filters_by_commune(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.city_leader)
    page = client.get(LIST, {"commune": welfare.c2_unit.pk})
    assert _rows(page) == {teamed.mediation.pk}


def test_an_empty_list_offers_to_set_up_a_team(client, frozen, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.get(LIST)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="empty"' in body
    assert reverse("campaigns:team_new") in body
    sign_in_with_totp(client, welfare.central_leader)  # reads everything, keeps the centre's
    assert 'data-testid="empty"' in client.get(LIST).content.decode()


def test_the_list_costs_the_same_queries_however_many_teams(
    client, teamed, welfare, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.city_leader)
    client.get(LIST)  # warm the session and the user's grants
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for n in range(12):
        team = services.create_team(
            actor=None, organization=welfare.c2_front, spec=spec(f"Tổ tự quản số {n}")
        )
        services.add_member(
            actor=None, team=team, spec=member_spec(f"Người {n}", MemberRole.LEADER)
        )
        activity(team, TODAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST)
    assert len(_rows(page)) == 15


# ---- the team's page ---------------------------------------------------------------------


def test_the_team_page_shows_members_tasks_log_and_chart(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.get(reverse("campaigns:team", args=[teamed.covid.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="team-state" data-state="active"' in body
    assert body.count('data-testid="member-row"') == 2
    assert body.count('data-testid="task-row"') == 1
    assert body.count('data-testid="activity-row"') == 3
    chart = page.context["data"].chart
    assert len(chart.labels) == 12 and chart.labels[-1] == "06/2026"
    assert chart.series[0].values[-4:] == [1, 0, 1, 1]  # March, April, May, June
    assert chart.series[1].values[-1] == 50
    assert 'class="chart-table"' in body  # the chart's table alternative
    # Newest first.
    log = list(page.context["page"].object_list)
    assert [a.held_on for a in log] == sorted((a.held_on for a in log), reverse=True)


def test_a_dissolved_team_shows_its_state_and_takes_no_new_records(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.get(reverse("campaigns:team", args=[teamed.dissolved.pk]))
    body = page.content.decode()
    assert 'data-state="dissolved"' in body and 'data-testid="activity-new"' not in body
    assert 'data-testid="past-members"' in body
    posted = client.post(
        reverse("campaigns:team_activity_new", args=[teamed.dissolved.pk]),
        {"held_on": "15/06/2026", "title": "Họp", "idempotency_key": "a" * 32},
    )
    assert posted.status_code == 400 and "held_on" in posted.context["form"].errors


def test_phones_are_shown_to_the_teams_managers_only(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    url = reverse("campaigns:team", args=[teamed.covid.pk])
    sign_in_with_totp(client, welfare.c1_officer)
    body = client.get(url).content.decode()
    assert PHONE in body and 'data-testid="member-phone"' in body
    for viewer in (welfare.city_leader, welfare.central_leader):
        sign_in_with_totp(client, viewer)
        page = client.get(url)
        body = page.content.decode()
        assert page.status_code == 200 and teamed.leader.full_name in body
        assert PHONE not in body and "0912" not in body
        assert 'data-testid="member-phone"' not in body


def test_the_team_page_costs_a_bounded_number_of_queries(
    client, teamed, welfare, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    url = reverse("campaigns:team", args=[teamed.covid.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(10):
        services.add_member(actor=None, team=teamed.covid, spec=member_spec(f"Viên {n}"))
        activity(teamed.covid, TODAY - dt.timedelta(days=n), task=teamed.task)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# ---- the forms ---------------------------------------------------------------------------


def test_setting_up_a_team_and_its_records_through_the_pages(client, frozen, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    new = reverse("campaigns:team_new")
    assert client.get(new).status_code == 200
    bad = client.post(
        new,
        {
            "organization": w.c1_front.pk,
            "name": "",
            "kind": "covid",
            "area": "Thôn",
            "founded_on": "31/02/2026",
        },
    )
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert {"name", "founded_on"} <= set(errors)
    assert 'id="id_founded_on-error"' in bad.content.decode()  # the error beside the field
    assert not CommunityTeam.objects.exists()
    made = client.post(
        new,
        {
            "organization": w.c1_front.pk,
            "name": "Tổ tự quản khu dân cư số 3",
            "kind": "self_managed",
            "area": "Khu dân cư số 3",
            "founded_on": "01/03/2026",
            "founding_decision": "15/QĐ-MTTQ",
        },
    )
    team = CommunityTeam.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("campaigns:team", args=[team.pk])

    member_url = reverse("campaigns:team_member_new", args=[team.pk])
    leader = {
        "full_name": "Hoàng Văn Tổ",
        "role": "leader",
        "phone": "0903 111 222",
        "joined_on": "01/03/2026",
    }
    assert client.post(member_url, leader).status_code == 302
    second = client.post(member_url, {**leader, "full_name": "Người thứ hai"})
    assert second.status_code == 400 and "role" in second.context["form"].errors
    assert 'id="id_role-error"' in second.content.decode()
    assert team.members.count() == 1

    task_url = reverse("campaigns:team_task_new", args=[team.pk])
    assert (
        client.post(
            task_url, {"title": "Vệ sinh môi trường", "assigned_on": "01/06/2026"}
        ).status_code
        == 302
    )
    task = team.tasks.get()

    act_url = reverse("campaigns:team_activity_new", args=[team.pk])
    form = client.get(act_url).context["form"]
    key = form.initial["idempotency_key"]
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    typed = {"idempotency_key": key, "title": "Tổng vệ sinh"}
    bad = client.post(act_url, {**typed, "held_on": "14/06/2026", "people_reached": "-5"})
    assert bad.status_code == 400 and "people_reached" in bad.context["form"].errors
    bad = client.post(act_url, {**typed, "held_on": "16/06/2026"})  # tomorrow
    assert bad.status_code == 400 and "held_on" in bad.context["form"].errors
    assert 'id="id_held_on-error"' in bad.content.decode()
    assert not team.activities.exists()
    good = {
        "idempotency_key": key,
        "held_on": "14/06/2026",
        "title": "Tổng vệ sinh",
        "task": task.pk,
        "participants": "12",
        "people_reached": "1.250",
        "households_visited": "85",
    }
    assert client.post(act_url, good).status_code == 302
    assert client.post(act_url, good).status_code == 302  # sent twice: logged once
    logged = team.activities.get()
    assert (logged.people_reached, logged.households_visited, logged.task) == (1250, 85, task)

    done_url = reverse("campaigns:team_task_done", args=[task.pk])
    assert client.post(done_url, {"done_on": "01/01/2026"}).status_code == 400
    assert client.post(done_url, {"done_on": "15/06/2026"}).status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.DONE

    m = team.members.get()
    leave_url = reverse("campaigns:team_member_leave", args=[m.pk])
    assert client.post(leave_url, {"left_on": "abc"}).status_code == 400
    assert client.post(leave_url, {"left_on": "15/06/2026"}).status_code == 302

    dissolve_url = reverse("campaigns:team_dissolve", args=[team.pk])
    bad = client.post(dissolve_url, {"dissolved_on": "13/06/2026"})  # before the last activity
    assert bad.status_code == 400 and "dissolved_on" in bad.context["form"].errors
    assert client.post(dissolve_url, {"dissolved_on": "15/06/2026"}).status_code == 302
    team.refresh_from_db()
    assert team.dissolved_on == TODAY


def test_cancelling_a_task_is_a_post(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    url = reverse("campaigns:team_task_cancel", args=[teamed.task.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    teamed.task.refresh_from_db()
    assert teamed.task.state == TaskState.CANCELLED
    again = client.post(url, follow=True)  # already cancelled: said on the team's page
    assert again.status_code == 200
    assert "error" in [m.level_tag for m in again.context["messages"]]


def test_editing_a_member_keeps_the_phone_encrypted(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    url = reverse("campaigns:team_member_edit", args=[teamed.member.pk])
    page = client.get(url)
    assert page.status_code == 200
    posted = client.post(
        url,
        {
            "full_name": "Trần Thị Viên",
            "role": "deputy",
            "phone": "0977 000 111",
            "joined_on": "01/02/2026",
        },
    )
    assert posted.status_code == 302
    teamed.member.refresh_from_db()
    assert teamed.member.role == MemberRole.DEPUTY and teamed.member.phone() == "0977 000 111"
    assert "0977" not in teamed.member.phone_enc


def test_the_edit_form_keeps_what_was_typed_after_an_error(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    url = reverse("campaigns:team_edit", args=[teamed.covid.pk])
    bad = client.post(
        url,
        {
            "organization": welfare.c1_front.pk,
            "name": "Tên mới đã gõ",
            "kind": "covid",
            "area": "",
            "founded_on": "01/02/2026",
        },
    )
    assert bad.status_code == 400 and "area" in bad.context["form"].errors
    assert "Tên mới đã gõ" in bad.content.decode()
    teamed.covid.refresh_from_db()
    assert teamed.covid.name == "Tổ COVID-19 cộng đồng thôn Đông"
