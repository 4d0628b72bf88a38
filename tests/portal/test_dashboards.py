"""Each role's home page: the figures of the user's scope as of today, each a link to the
records behind it, read in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.accounts.services import create_user
from danvan.cases.models import CaseMonthlyFigure, SubmissionReceipt
from danvan.cases.services.figures import refresh_month
from tests.cases.test_deadline_defects import at, frozen, receive
from tests.factories import Role, Scope, sign_in_with_totp, user_with

pytestmark = pytest.mark.django_db

TODAY = at(2026, 12, 4, 10)


def _home(client, user, **params):  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, user) if user.is_staff else client.force_login(user)
    with frozen(TODAY):
        return client.get(reverse("portal:home"), params)


def _figure(response, label: str):  # type: ignore[no-untyped-def]
    return next(f for f in response.context["board"].figures if str(f.label) == label)


def test_officer_sees_overdue_and_due_soon_of_their_scope_with_links(network, client):
    old, _s = receive(network, at(2026, 10, 1), "old")  # handling due long ago
    receive(network, at(2026, 12, 3), "new")  # handling due in 10 working days
    receive(network, at(2026, 10, 1), "elsewhere", unit=network.commune_b1.unit)
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    response = _home(client, officer)
    assert response.status_code == 200
    assert response.context["view"] == "officer"
    overdue = _figure(response, "Quá hạn")
    assert overdue.value == "1"
    assert overdue.url == reverse("cases:inbox") + "?overdue=1&sort=next_due_date"
    assert [c.pk for c in response.context["board"].overdue] == [old.pk]
    page = response.content.decode()
    assert old.tracking_code in page and "Xin chào" in page


def test_officer_dashboard_reads_a_constant_number_of_queries(
    network, client, django_assert_max_num_queries
):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    receive(network, at(2026, 10, 1), "a")
    _home(client, officer)
    with django_assert_max_num_queries(36) as few:
        _home(client, officer)
    for i in range(8):
        receive(network, at(2026, 10, 2 + i), f"more-{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        _home(client, officer)


def test_leader_counts_this_month_against_last_month_and_last_year(network, client):
    for i, day in enumerate([at(2025, 12, 2), at(2026, 11, 3), at(2026, 11, 4), at(2026, 12, 1)]):
        receive(network, day, f"m{i}")
    receive(network, at(2026, 12, 2), "other-province", unit=network.commune_b1.unit)
    with frozen(TODAY):
        for month in (dt.date(2025, 12, 1), dt.date(2026, 11, 1)):
            refresh_month(month=month)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    response = _home(client, leader)
    assert response.context["view"] == "leader"
    received = _figure(response, "Tiếp nhận trong tháng")
    assert received.value == "1"  # this month, province A only
    assert received.change.startswith("-50% so với cùng kỳ tháng trước")  # 1 against 2
    assert received.url == reverse("cases:inbox") + "?received_from=01%2F12%2F2026"
    chart = response.context["board"].by_month
    assert chart.labels[-1] == "12/2026" and chart.labels[0] == "01/2026"
    assert sum(sum(v or 0 for v in s.values) for s in chart.series) == 3  # Jan–Dec 2026
    assert "Thành phố Hà Nội" in response.context["board"].scope.label


def test_leader_past_months_come_from_the_figures_table(network, client):
    receive(network, at(2026, 11, 3), "nov")
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)

    def november() -> int:
        chart = _home(client, leader).context["board"].by_month
        return sum(s.values[chart.labels.index("11/2026")] or 0 for s in chart.series)

    # Not compiled yet: November shows nothing; compiled, it shows the matter.
    assert november() == 0
    with frozen(TODAY):
        refresh_month(month=dt.date(2026, 11, 1))
    assert CaseMonthlyFigure.objects.filter(month=dt.date(2026, 11, 1), received=1).count() == 2
    assert november() == 1


def test_leader_compares_the_month_under_way_with_the_same_days_before(network, client):
    # On 04/12: 1–4 November had one matter, the rest of November three more, which a
    # comparison with the whole month would count against December.
    for i, day in enumerate([at(2026, 11, 2), at(2026, 11, 20), at(2026, 11, 21)]):
        receive(network, day, f"nov{i}")
    receive(network, at(2026, 11, 4, 23), "nov-late")  # still within the 4th, local time
    receive(network, at(2026, 11, 5, 1), "nov-fifth")
    receive(network, at(2026, 12, 1), "dec")
    receive(network, at(2026, 12, 3), "dec2")
    with frozen(TODAY):
        refresh_month(month=dt.date(2026, 11, 1))
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    change = _figure(_home(client, leader), "Tiếp nhận trong tháng").change
    assert change == "0% so với cùng kỳ tháng trước"  # 2 against 2; no matter a year ago


def test_leader_dashboard_reads_a_constant_number_of_queries(
    network, client, django_assert_max_num_queries
):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    receive(network, at(2026, 10, 1), "a")
    # A past month with a body in the figures: the map and the body names are read once.
    receive(network, at(2026, 9, 1), "first", unit=network.commune_a2.unit)
    with frozen(TODAY):
        refresh_month(month=dt.date(2026, 9, 1))
    _home(client, leader)
    with django_assert_max_num_queries(45) as few:  # + satisfaction (2), promises (2), hotspots (1)
        _home(client, leader)
    for i in range(6):
        receive(network, at(2026, 9, 2 + i), f"more-{i}", unit=network.commune_a2.unit)
    with frozen(TODAY):
        refresh_month(month=dt.date(2026, 9, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        _home(client, leader)


def test_citizen_sees_their_matters_and_the_next_step(client, network):
    citizen = create_user(username="dan1", email="dan1@example.vn", password="mat-khau-dai-123")
    response = _home(client, citizen)
    assert response.context["view"] == "citizen"
    assert response.context["matters"] == []
    assert "Gửi phản ánh" in response.content.decode()


def test_administrator_sees_submissions_that_failed_to_register(network, client):
    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE, is_staff=True)
    SubmissionReceipt.objects.create(
        tracking_code="DV2612AAAAAA",
        channel="web",
        received_at=TODAY,
        error="Xã không còn hiệu lực",
    )
    response = _home(client, admin, view="administrator")
    assert response.context["view"] == "administrator"
    failed = _figure(response, "Phản ánh gửi đến chưa đăng ký được")
    assert failed.value == "1" and failed.tone == "alert"


def test_a_user_with_two_roles_switches_between_dashboards(network, client):
    user = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    from tests.factories import grant

    grant(user, network.commune_a1_committee, Role.OFFICER)
    response = _home(client, user, view="officer")
    assert response.context["view"] == "officer"
    assert [k for k, _l in response.context["tabs"]] == ["leader", "officer"]
    # A dashboard the user does not hold falls back to their first.
    assert _home(client, user, view="administrator").context["view"] == "leader"


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_superuser_administrator_gets_links_to_the_task_queue(network, client):
    from tests.factories import UserFactory

    root = UserFactory(is_staff=True, is_superuser=True)
    response = _home(client, root, view="administrator")
    assert response.status_code == 200
    failed = next(f for f in response.context["board"].tasks if "lỗi" in str(f.label))
    assert failed.url.endswith("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert client.get(failed.url).status_code == 200


def test_my_matters_figure_opens_the_inbox_with_only_my_matters(network, client):
    from danvan.cases.services import workflow

    mine, _s = receive(network, at(2026, 11, 2), "mine")
    other, _s = receive(network, at(2026, 11, 3), "other")
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    leader = user_with(network.commune_a1_committee, Role.LEADER)
    workflow.assign(actor=leader, case=mine, officer=officer)
    response = _home(client, officer)
    figure = _figure(response, "Vụ việc tôi đang xử lý")
    assert figure.value == "1" and figure.url.endswith("?assigned=me")
    with frozen(TODAY):
        listed = client.get(figure.url)
    codes = {c.tracking_code for c in listed.context["page"]}
    assert codes == {mine.tracking_code}
    assert other.tracking_code not in codes


def test_overdue_by_body_links_to_that_body_in_the_inbox(network, client):
    late, _s = receive(network, at(2026, 10, 1), "late")
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    response = _home(client, leader)
    [row] = response.context["board"].overdue_bodies
    assert row.organization == late.organization and row.count == 1
    with frozen(TODAY):
        listed = client.get(row.url)
    assert [c.pk for c in listed.context["page"]] == [late.pk]
    assert listed.context["chips"]  # the body shows as an active filter
