"""Identity through the back door, closed.

Before: duplicate suggestions tagged a matter "same sender" for officers who may not see
senders; the duplicate check let any handler type a phone number and learn which matters that
person sent; a contest judge's rights came from the judge row alone, whatever their role.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.accounts import scopes
from danvan.accounts import services as account_services
from danvan.accounts.models import Assignment
from danvan.cases.duplicates import SAME_PERSON, similar_cases
from danvan.cases.services import workflow
from danvan.lib.dates import today
from tests.contests.conftest import preliminary
from tests.duplicates.conftest import LAND, NOISE, make_case
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

PHONE = "0912 345 678"


@pytest.fixture
def two_from_one_person(network):
    earlier = make_case(network, LAND, phone=PHONE)
    later = make_case(network, NOISE, phone=PHONE)
    return earlier, later


def _reasons(suggestions, case):
    return next((s.reasons for s in suggestions if s.case.pk == case.pk), ())


def test_an_officer_who_may_not_see_senders_is_not_told_the_sender_is_the_same(
    network, two_from_one_person, client
):
    earlier, later = two_from_one_person
    officer = user_with(network.commune_a1_committee, Role.OFFICER)  # not assigned
    got = similar_cases(case=later, user=officer)
    assert SAME_PERSON not in _reasons(got, earlier)
    client.force_login(officer)
    page = client.get(reverse("cases:detail", args=[later.tracking_code]))
    assert all(SAME_PERSON not in s.reasons for s in page.context["suggestions"])


def test_a_leader_over_the_body_is_told(network, two_from_one_person):
    earlier, later = two_from_one_person
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    assert SAME_PERSON in _reasons(similar_cases(case=later, user=leader), earlier)


def test_the_assigned_officer_is_told_only_for_matters_whose_sender_they_may_see(
    network, two_from_one_person
):
    earlier, later = two_from_one_person
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    workflow.assign(actor=officer, case=later, officer=officer)
    later.refresh_from_db()
    # They may see who sent `later`, not who sent `earlier` (not theirs).
    assert SAME_PERSON not in _reasons(similar_cases(case=later, user=officer), earlier)
    workflow.assign(actor=officer, case=earlier, officer=officer)
    assert SAME_PERSON in _reasons(similar_cases(case=later, user=officer), earlier)


def test_typing_a_phone_number_does_not_list_that_persons_matters(
    network, two_from_one_person, client
):
    earlier, later = two_from_one_person
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    got = similar_cases(text="Một nội dung khác hẳn", phone=PHONE, user=officer)
    assert {s.case.pk for s in got} & {earlier.pk, later.pk} == set()
    client.force_login(officer)
    page = client.post(
        reverse("cases:new"),
        {"check_duplicates": "1", "title": "Khác", "content": "Một nội dung khác", "phone": PHONE},
    )
    assert all(s.case.pk not in (earlier.pk, later.pk) for s in page.context["suggestions"])


def test_a_judge_whose_assignment_ended_can_no_longer_judge(network, client):
    w = preliminary(network)
    judge = w.judge("r1a")
    assert judge.has_perm("contests.judge_round", w.round1)
    for assignment in Assignment.objects.filter(user=judge):
        account_services.end_assignment(
            actor=None, assignment=assignment, on=today() - dt.timedelta(days=1)
        )
    scopes.forget_grants(judge)
    assert not judge.has_perm("contests.judge_round", w.round1)
    assert not judge.has_perm("contests.view_contest", w.contest)
    client.force_login(judge)
    assert client.get(reverse("contests:sheet", args=[w.round1.pk])).status_code in (403, 404)
