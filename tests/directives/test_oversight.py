"""What leaders see and are told: the reminders before and after a due date (once each),
the figure sources the reports read, the dashboard tiles, and the leaders in charge and the
communes' blocs as of any date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.accounts.models import Role
from danvan.directives.dashboard import leader_tiles
from danvan.directives.models import CascadeRule, Duty, StudyForm
from danvan.directives.services import cascade as services
from danvan.directives.services import leaders, reminders
from danvan.lib import figures
from danvan.org.models import OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from tests.factories import make_org, sign_in, user_with

pytestmark = pytest.mark.django_db
K = OrganizationKind


@pytest.fixture
def cascaded(directing):  # type: ignore[no-untyped-def]
    d = directing
    services.cascade(
        document=d.directive,
        issuer=d.central,
        rule=CascadeRule.BELOW,
        kinds=[K.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        study_due=dt.date(2026, 3, 15),
        plan_due=dt.date(2026, 3, 31),
        on=dt.date(2026, 1, 26),
    )
    return d


def test_a_body_is_reminded_before_its_due_date_and_once_after_missing_it(cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    d.hanoi_officer.email = "canbo@example.vn"
    d.hanoi_officer.save()
    central_leader = user_with(d.central, Role.LEADER, email="lanhdao@example.vn")
    assert reminders.remind(on=dt.date(2026, 3, 1)) == 0  # nothing due within 5 days
    assert reminders.remind(on=dt.date(2026, 3, 11)) == 2  # both provinces, study due 15/03
    assert any("canbo@example.vn" in m.to for m in mail.outbox)
    mail.outbox.clear()
    assert reminders.remind(on=dt.date(2026, 3, 12)) == 0  # once
    services.record_study(
        document=d.directive,
        body=d.hanoi_committee,
        held_on=dt.date(2026, 3, 14),
        form=StudyForm.IN_PERSON,
        attendees=50,
    )
    assert reminders.remind(on=dt.date(2026, 3, 16)) == 1  # Tuyên Quang missed it
    assert central_leader.email in mail.outbox[0].to  # the cascading body's leader told
    assert reminders.remind(on=dt.date(2026, 3, 17)) == 0  # and only once


def test_the_figure_sources_count_the_duties_of_a_subtree(cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    services.record_study(
        document=d.directive,
        body=d.hanoi_committee,
        held_on=dt.date(2026, 3, 10),
        form=StudyForm.IN_PERSON,
        attendees=80,
        party_members_attending=70,
        party_members_total=75,
    )
    march = figures.Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    keys = [
        "directives.studied",
        "directives.study_overdue",
        "directives.party_members_studied",
        "directives.plan_overdue",
    ]
    hanoi = figures.count(keys, d.hanoi_committee.pk, march)
    assert hanoi == {
        "directives.studied": 1,
        "directives.study_overdue": 0,
        "directives.party_members_studied": 70,
        "directives.plan_overdue": 0,  # due 31/03, not past at the end of March
    }
    tq = figures.count(keys, d.tq_committee.pk, march)
    assert tq["directives.studied"] == 0 and tq["directives.study_overdue"] == 1
    url = figures.records_url("directives.study_overdue", d.tq_committee.pk, march)
    assert url.startswith(reverse("directives:duties"))


def test_a_figures_list_shows_the_duties_it_counted(client, cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    march = figures.Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    url = figures.records_url("directives.study_overdue", d.central.pk, march)
    sign_in(client, d.central_officer)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="counted"' in body
    assert d.tq_committee.name in body and d.hanoi_committee.name in body


def test_the_share_of_agencies_with_a_leader_is_computed_as_of_a_day(directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    province = make_org(unit=d.hanoi, kind=K.PEOPLES_COMMITTEE, parent=d.hanoi_committee)
    agency = make_org(unit=d.hanoi, kind=K.STATE_AGENCY, parent=province)
    leaders.designate_leader(
        body=agency, name="Nguyễn Văn A", position="Phó Giám đốc Sở", valid_from=dt.date(2026, 2, 1)
    )
    window = figures.Window(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    keys = ["directives.leaders_assigned", "directives.leaders_assigned_share"]
    january = figures.count(keys, d.hanoi_committee.pk, window)
    february = figures.count(
        keys, d.hanoi_committee.pk, figures.Window(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    )
    assert january["directives.leaders_assigned"] == 0
    assert february["directives.leaders_assigned"] == 1
    # Hà Nội's agencies under the Thành ủy: the People's Committee and the agency.
    assert february["directives.leaders_assigned_share"] == Decimal("50.0")


def test_a_new_leader_ends_the_one_before(directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    body = make_org(unit=d.hanoi, kind=K.STATE_AGENCY)
    first = leaders.designate_leader(
        body=body, name="A", position="Phó Giám đốc", valid_from=dt.date(2026, 1, 1)
    )
    leaders.designate_leader(
        body=body, name="B", position="Phó Giám đốc", valid_from=dt.date(2026, 6, 1)
    )
    first.refresh_from_db()
    assert first.valid_to == dt.date(2026, 5, 31)
    with pytest.raises(ValidationError):
        leaders.designate_leader(body=body, name="C", position="x", valid_from=dt.date(2026, 5, 1))


def test_only_the_staff_covering_a_body_designate_its_leader(directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    with pytest.raises(PermissionDenied):
        leaders.designate_leader(
            body=d.a1, name="A", position="B", valid_from=dt.date(2026, 1, 1), actor=d.tq_officer
        )
    leaders.designate_leader(
        body=d.a1, name="A", position="B", valid_from=dt.date(2026, 1, 1), actor=d.hanoi_leader
    )


def test_a_bloc_belongs_to_a_commune_party_committee_with_members_of_its_commune(directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    front = make_org(unit=d.a1.unit, kind=K.FATHERLAND_FRONT)
    with pytest.raises(ValidationError):
        leaders.establish_bloc(
            party_committee=d.hanoi_committee, head_name="X", valid_from=dt.date(2026, 1, 1)
        )
    with pytest.raises(ValidationError):
        leaders.establish_bloc(
            party_committee=d.a1, head_name="X", valid_from=dt.date(2026, 1, 1), members=[d.b1]
        )
    bloc = leaders.establish_bloc(
        party_committee=d.a1,
        head_name="Trần Văn B",
        valid_from=dt.date(2026, 1, 1),
        members=[front],
    )
    assert list(bloc.members.all()) == [front]


def test_the_leaders_pages_show_the_share_and_answer_for_the_scope(client, directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    agency = make_org(unit=d.hanoi, kind=K.STATE_AGENCY, name="Sở Nội vụ Hà Nội")
    sign_in(client, d.hanoi_leader)
    page = client.get(reverse("directives:leaders"))
    assert page.status_code == 200 and "Sở Nội vụ Hà Nội" in page.content.decode()
    response = client.post(
        reverse("directives:leader_new", args=[agency.pk]),
        {"name": "Lê Văn C", "position": "Phó Giám đốc Sở", "valid_from": "01/03/2026"},
    )
    assert response.status_code == 302
    bad = client.post(reverse("directives:leader_new", args=[agency.pk]), {"name": ""})
    assert bad.status_code == 400
    assert client.get(reverse("directives:blocs")).status_code == 200
    sign_in(client, d.tq_officer)
    assert client.get(reverse("directives:leader_new", args=[agency.pk])).status_code == 404


def test_the_leaders_dashboard_tiles_count_what_is_past_due(cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    tiles = leader_tiles(d.central_officer, dt.date(2026, 3, 20))
    assert tiles[0].value == "2" and tiles[0].tone == "alert"  # both provinces past due
    assert tiles[1].value == "0/2"
    assert leader_tiles(d.a1_officer, dt.date(2026, 3, 20)) == []  # nothing reaches a1


def test_the_leaders_dashboard_shows_the_directive_tiles(client, cascaded) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, cascaded.hanoi_leader)
    with time_machine.travel(dt.datetime(2026, 3, 20, 3, tzinfo=dt.UTC)):
        page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert 'data-testid="directive-tiles"' in page.content.decode()
    assert Duty.objects.count() == 2
