"""Every view and endpoint that reads or changes one matter, against a fixed cast (as
Healthchecks tests ownership on every view): who may, who may not, and that a refused write
changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.accounts import scopes
from danvan.accounts import services as account_services
from danvan.accounts.models import Assignment
from danvan.cases import access
from danvan.cases.models import Case, CaseEvent, EventKind
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from danvan.lib.dates import today
from tests.cases.conftest import submission
from tests.factories import Role, Scope, UserFactory, grant, sign_in, sign_in_with_totp, user_with

pytestmark = pytest.mark.django_db

ALLOWED = ("member", "assignee", "leader_above")
DENIED = ("stranger", "ex_member", "moved", "lower_unit_admin", "citizen")


def _end_all(user):
    for assignment in Assignment.objects.filter(user=user):
        account_services.end_assignment(
            actor=None, assignment=assignment, on=today() - dt.timedelta(days=1)
        )
    scopes.forget_grants(user)


@pytest.fixture
def cast(network):
    """A matter of the commune's People's Committee and a province-level matter, and the
    people around them."""
    case = submit(submission=submission(network), client="test", idempotency_key="c1").case
    province_case = submit(
        submission=submission(network, unit=network.province_a.unit),
        client="test",
        idempotency_key="c2",
    ).case
    body = case.organization
    assignee = user_with(body, Role.OFFICER)
    workflow.assign(actor=assignee, case=case, officer=assignee)
    ex_member = user_with(body, Role.OFFICER)
    _end_all(ex_member)
    moved = user_with(body, Role.OFFICER)
    _end_all(moved)
    grant(moved, network.commune_b1, Role.OFFICER)
    scopes.forget_grants(moved)
    people = {
        "member": user_with(body, Role.OFFICER),
        "assignee": assignee,
        "leader_above": user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        "stranger": user_with(network.commune_b1, Role.OFFICER),
        "ex_member": ex_member,
        "moved": moved,
        "lower_unit_admin": user_with(network.commune_a1, Role.UNIT_ADMIN, Scope.SUBTREE),
        "citizen": UserFactory(),
    }
    case.refresh_from_db()
    return case, province_case, people


def _sign_in(client, user):
    if scopes.has_role(user, {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}):
        return sign_in_with_totp(client, user)
    return sign_in(client, user)


def _subject(cast, who):
    case, province_case, _people = cast
    # The lower-level administrator is tried on the province's matter, above their commune.
    return province_case if who == "lower_unit_admin" else case


@pytest.mark.parametrize("who", ALLOWED + DENIED)
def test_the_matters_page_and_its_api_open_only_for_who_may(cast, client, who):
    user = cast[2][who]
    subject = _subject(cast, who)
    _sign_in(client, user)
    page = client.get(reverse("cases:detail", args=[subject.tracking_code]))
    api = client.get(f"/api/v1/cases/{subject.tracking_code}")
    if who in ALLOWED:
        assert (page.status_code, api.status_code) == (200, 200)
    else:
        assert page.status_code in (302, 403, 404)
        assert api.status_code in (401, 403, 404)


@pytest.mark.parametrize("who", DENIED)
def test_a_refused_note_or_assignment_changes_nothing(cast, client, who):
    user = cast[2][who]
    subject = _subject(cast, who)
    before = (subject.assigned_to_id, subject.events.count())
    _sign_in(client, user)
    url = reverse("cases:detail", args=[subject.tracking_code])
    client.post(url, {"action": "note", "text": "ghi chú lạ"})
    client.post(url, {"action": "reveal", "purpose": "tò mò"})
    client.post(reverse("cases:bulk"), {"codes": [subject.tracking_code], "officer": user.pk})
    subject.refresh_from_db()
    assert (subject.assigned_to_id, subject.events.count()) == before
    assert not CaseEvent.objects.filter(kind=EventKind.NOTE, text="ghi chú lạ").exists()


@pytest.mark.parametrize("who", ALLOWED + DENIED)
def test_the_inbox_and_exports_list_only_what_the_rule_allows(cast, client, who):
    user = cast[2][who]
    case, province_case, _people = cast
    listed = set(access.cases_for(user))
    assert listed == {c for c in Case.objects.all() if access.may(user, c)}
    assert (_subject(cast, who) in listed) is (who in ALLOWED)
    _sign_in(client, user)
    response = client.get(reverse("cases:export", args=["csv"]))
    if response.status_code == 200:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert (case.tracking_code in text) is (case in listed)
        assert (province_case.tracking_code in text) is (province_case in listed)
    else:
        assert response.status_code in (302, 403) and not listed
