"""Who may do what with a commune's fund, as a matrix of role × scope × action: the commune's
own Front officers keep it; the city Front's leader (subtree over the city) and the centre
read it; another commune, another province, the commune's People's Committee officer and a
citizen neither read nor keep it; the board member approves and reads; the public sees only
the published disclosure. The lists agree with the single-record answers."""

from __future__ import annotations

import pytest
from django.utils import timezone

from danvan.campaigns import access
from danvan.campaigns.models import Fund

pytestmark = pytest.mark.django_db

A = access.Action
WHO = [
    "c1_officer",
    "c1_second_officer",
    "c1_board",
    "c1_committee_officer",
    "city_officer",
    "city_leader",
    "central_leader",
    "c2_officer",
    "other_officer",
    "citizen",
]
# (view, keep, approve) on the first commune's fund.
EXPECTED = {
    "c1_officer": (True, True, False),
    "c1_second_officer": (True, True, False),
    "c1_board": (True, False, True),  # reads through the seat, keeps nothing
    # The commune's People's Committee: its commune grant covers only its own body.
    "c1_committee_officer": (False, False, False),
    "city_officer": (False, False, False),  # a unit grant at the city's Front: its own body
    "city_leader": (True, False, False),  # subtree over the city: reads, never keeps
    "central_leader": (True, False, False),
    "c2_officer": (False, False, False),
    "other_officer": (False, False, False),
    "citizen": (False, False, False),
}


@pytest.mark.parametrize("who", WHO)
def test_who_may_view_keep_and_approve_a_commune_fund(welfare, who) -> None:  # type: ignore[no-untyped-def]
    user = getattr(welfare, who)
    fund = welfare.c1_fund
    got = (
        user.has_perm("campaigns.view_fund", fund),
        user.has_perm("campaigns.keep_fund", fund),
        user.has_perm("campaigns.approve_disbursement", fund),
    )
    assert got == EXPECTED[who]
    # The list of readable funds says the same as the single answer.
    assert access.funds_for(user).filter(pk=fund.pk).exists() == EXPECTED[who][0]
    assert access.funds_kept_by(user).filter(pk=fund.pk).exists() == EXPECTED[who][1]


@pytest.mark.parametrize("who", WHO)
def test_the_city_fund_is_kept_by_the_city_front_only(welfare, who) -> None:  # type: ignore[no-untyped-def]
    user = getattr(welfare, who)
    keeps = who in {"city_officer", "city_leader"}
    reads = keeps or who == "central_leader"
    assert user.has_perm("campaigns.keep_fund", welfare.city_fund) == keeps
    assert user.has_perm("campaigns.view_fund", welfare.city_fund) == reads


def test_a_board_seat_that_ended_approves_nothing(welfare) -> None:  # type: ignore[no-untyped-def]
    from danvan.campaigns.models import BoardMember

    BoardMember.objects.filter(user=welfare.c1_board).update(
        ends_on=timezone.localdate() - timezone.timedelta(days=1)
    )
    assert not welfare.c1_board.has_perm("campaigns.approve_disbursement", welfare.c1_fund)


def test_a_board_member_without_a_current_assignment_approves_nothing(welfare) -> None:  # type: ignore[no-untyped-def]
    from danvan.accounts.models import Assignment

    Assignment.objects.filter(user=welfare.c1_board).update(
        valid_to=timezone.localdate() - timezone.timedelta(days=1)
    )
    user = type(welfare.c1_board).objects.get(pk=welfare.c1_board.pk)  # fresh grants
    assert not user.has_perm("campaigns.approve_disbursement", welfare.c1_fund)


def test_the_public_sees_only_published_funds(welfare) -> None:  # type: ignore[no-untyped-def]
    assert not access.published_funds().exists()
    Fund.objects.filter(pk=welfare.c1_fund.pk).update(published_at=timezone.now())
    assert list(access.published_funds()) == [welfare.c1_fund]
