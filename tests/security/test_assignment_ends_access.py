"""Access comes from current assignments only: an ended or moved assignment grants nothing.

Before, being a matter's assigned officer opened it for good: after end_assignment the officer
still opened its page, revealed the sender, wrote notes and read it through the API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from danvan.accounts import scopes
from danvan.accounts import services as account_services
from danvan.accounts.models import ApiToken, Assignment
from danvan.cases import access
from danvan.cases.models import CaseEvent, EventKind, Notification
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from danvan.cases.services.reminders import send_reminder
from danvan.lib.dates import today
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed(network):
    """A leader gives a matter to an officer of the commune's People's Committee."""
    leader = user_with(network.commune_a1_committee, Role.LEADER)
    officer = user_with(network.commune_a1_committee, Role.OFFICER, email="cb@xa.gov.vn")
    case = submit(submission=submission(network), client="test", idempotency_key="a1").case
    workflow.classify(actor=leader, case=case, kind="complaint", field=None)
    workflow.assign(actor=leader, case=case, officer=officer)
    return case, leader, officer


def _end(officer, on=None):
    assignment = Assignment.objects.get(user=officer)
    account_services.end_assignment(
        actor=None, assignment=assignment, on=on or today() - dt.timedelta(days=1)
    )
    scopes.forget_grants(officer)


def test_an_ended_officer_no_longer_opens_reveals_notes_or_reads_it_by_api(handed, client):
    case, _leader, officer = handed
    _, raw = account_services.issue_api_token(user=officer, name="điện thoại")
    _end(officer)
    client.force_login(officer)
    page = reverse("cases:detail", args=[case.tracking_code])
    assert client.get(page).status_code == 403
    assert client.post(page, {"action": "reveal", "purpose": "gọi lại"}).status_code == 403
    assert client.post(page, {"action": "note", "text": "ghi chú"}).status_code == 403
    assert not CaseEvent.objects.filter(kind=EventKind.NOTE).exists()
    api = client.get(f"/api/v1/cases/{case.tracking_code}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 403
    assert ApiToken.objects.filter(user=officer).exists()  # the token stays; its rights do not


def test_ending_the_assignment_gives_open_matters_back_to_the_body(handed):
    case, _leader, officer = handed
    _end(officer)
    case.refresh_from_db()
    assert case.assigned_to is None
    assert case.events.filter(kind=EventKind.UNASSIGNED).count() == 1


def test_an_assignment_ending_later_keeps_the_matter_until_then(handed):
    case, _leader, officer = handed
    _end(officer, on=today() + dt.timedelta(days=3))
    case.refresh_from_db()
    assert case.assigned_to == officer and access.may(officer, case, access.Action.CHANGE)


def test_a_reminder_never_goes_to_an_officer_whose_assignment_ended(handed):
    case, leader, officer = handed
    # The assignment lapsed by its date (no end_assignment, so the matter is still theirs).
    Assignment.objects.filter(user=officer).update(valid_to=today() - dt.timedelta(days=1))
    due = case.deadlines.get(step="acceptance").due_date
    send_reminder(case_id=case.pk, step="acceptance", due=due)
    assert officer not in {n.user for n in Notification.objects.all()}
    assert "cb@xa.gov.vn" not in [to for m in mail.outbox for to in m.to]
    assert leader in {n.user for n in Notification.objects.all()}


def test_a_moved_officer_keeps_nothing_of_their_old_body(handed, network, client):
    case, _leader, officer = handed
    _end(officer)
    account_services.assign_role(
        actor=None, user=officer, organization=network.commune_b1, role=Role.OFFICER
    )
    scopes.forget_grants(officer)
    assert not access.may(officer, case) and case not in access.cases_for(officer)
    client.force_login(officer)
    assert client.get(reverse("cases:detail", args=[case.tracking_code])).status_code == 403


def test_an_out_of_scope_body_filter_on_an_export_is_refused_not_dropped(network, client):
    submit(submission=submission(network), client="test", idempotency_key="x1")
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    client.force_login(leader)
    url = reverse("cases:export", args=["csv"])
    other = network.commune_b1.pk
    response = client.get(url, {"with_personal": "1", "org": other})
    assert response.status_code == 403
    page = client.get(reverse("cases:inbox"), {"org": other})
    assert page.status_code == 200 and list(page.context["page"]) == []
