"""An officer's own figures — matters closed, citizens' ratings of their answers — are seen by
the leaders of the officer's body and nobody else: not the officer's colleagues, not the
leaders of another body, not a province's leader over the territory."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.cases.models import Case
from danvan.cases.services.intake import submit
from danvan.surveys.selectors.index import Period
from danvan.surveys.selectors.officers import MIN_OFFICER_RATINGS, officers_of
from tests.cases.conftest import submission
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 11, 20, 3, tzinfo=dt.UTC)
CLOSED = dt.datetime(2026, 11, 3, 3, tzinfo=dt.UTC)


@pytest.fixture
def rated(network, surveying):  # type: ignore[no-untyped-def]
    """Six matters of c1 answered by c1's officer and rated 5, 5, 4, 4, 2, 1 in November."""
    s = surveying
    for rating in (5, 5, 4, 4, 2, 1):
        case = submit(submission=submission(network), client="test", idempotency_key=None).case
        Case.objects.filter(pk=case.pk).update(
            organization=s.c1,
            province=s.c1.province,
            assigned_to=s.c1_officer,
            state="closed",
            closed_at=CLOSED,
            rating=rating,
            rated_at=CLOSED,
        )
    return s


def test_a_leader_sees_each_officer_of_the_body_with_their_ratings(rated) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        bodies = officers_of(rated.c1_leader, period=Period(2026, 4))
    assert [b.body for b in bodies] == [rated.c1]
    (row,) = [r for r in bodies[0].rows if r.figures.rated]
    assert (row.figures.closed, row.figures.rated, row.figures.satisfied) == (6, 6, 4)
    assert row.mean == round(21 / 6, 2)
    assert row.satisfied_share == round(100 * 4 / 6, 1)


def test_a_few_ratings_give_no_average(rated) -> None:  # type: ignore[no-untyped-def]
    Case.objects.filter(rating__lte=2).update(rating=None, rated_at=None)
    Case.objects.filter(rating=4).update(rating=None, rated_at=None)
    assert Case.objects.filter(rating__isnull=False).count() < MIN_OFFICER_RATINGS
    with time_machine.travel(DAY):
        (body,) = officers_of(rated.c1_leader, period=Period(2026, 4))
    (row,) = [r for r in body.rows if r.figures.closed]
    assert row.mean is None and row.satisfied_share is None


def test_another_quarter_counts_nothing(rated) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        (body,) = officers_of(rated.c1_leader, period=Period(2026, 3))
    assert all(r.figures.closed == r.figures.rated == 0 for r in body.rows)


# person → (opens the officers' page, sees c1's officers on it)
EXPECTED = {
    "c1_leader": (True, True),
    "c1_officer": (False, False),  # not even their own: their leaders judge them
    "c2_officer": (False, False),
    "province_leader": (True, False),  # leads the province's committee, not c1
    "province_officer": (False, False),
    "other_officer": (False, False),
    "stranger": (False, False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_officers_figures_matrix(rated, client, name) -> None:  # type: ignore[no-untyped-def]
    user = getattr(rated, name)
    sign_in(client, user)
    with time_machine.travel(DAY):
        page = client.get(reverse("surveys:officers"), {"year": 2026, "quarter": 4})
    opens, sees_c1 = EXPECTED[name]
    assert page.status_code == (200 if opens else 403)
    shown = page.content.decode()
    assert ("3,50" in shown) is sees_c1  # the average of 5, 5, 4, 4, 2, 1
    with time_machine.travel(DAY):
        c1_shown = any(b.body == rated.c1 for b in officers_of(user, period=Period(2026, 4)))
    assert c1_shown is sees_c1
