"""The demo's eighteen months of past matters: plausible, dated when things happened, with
the due dates of the rules, and enough for every dashboard to show something."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max, Min

from danvan.cases.figure_selectors import add_months, month_start
from danvan.cases.models import Case, CaseDeadline, CaseEvent, CaseState, DeadlineBasis
from danvan.cases.models.cases import OPEN_STATES
from danvan.cases.services.deadlines import planned_deadlines
from danvan.demo.history import CLIENT
from danvan.lib.dates import today
from tests.demo_seed import demo_seeded_once
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 3, tzinfo=dt.UTC)  # 10:00 in Hà Nội


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(NOW, tick=True), demo_seeded_once(django_db_blocker):
        yield


@pytest.fixture
def seeded(demo):
    with time_machine.travel(NOW, tick=True):
        yield


def _history() -> list[Case]:
    from danvan.cases.services.intake import client_key

    first = Case.objects.filter(idempotency_key=client_key("0", client=CLIENT)).get()
    return list(
        Case.objects.filter(pk__gte=first.pk, idempotency_key__startswith="k1:").order_by("pk")
    )


def test_thousands_of_past_matters_over_eighteen_months_in_plausible_proportions(seeded):
    cases = _history()
    assert len(cases) > 4000
    assert all(c.title.endswith("(demo)") for c in cases)
    first_month = add_months(month_start(today()), -18)
    span = Case.objects.aggregate(Min("received_at"), Max("received_at"))
    assert span["received_at__min"].date() >= first_month - dt.timedelta(days=1)
    assert span["received_at__max"] <= NOW + dt.timedelta(minutes=5)
    by_month = Counter(month_start(c.received_at.date()) for c in cases)
    assert all(by_month[add_months(first_month, i)] > 0 for i in range(18))
    # Seasons: Tết (February) is quieter than the rainy season (August), each year.
    assert by_month[dt.date(2026, 2, 1)] < by_month[dt.date(2026, 8, 1)]
    states = Counter(c.state for c in cases)
    assert states[CaseState.CLOSED] > len(cases) * 0.7
    assert states[CaseState.NOT_PROCESSABLE] > 0
    kinds = Counter(c.kind for c in cases)
    assert kinds["feedback"] > kinds["complaint"] > kinds["denunciation"] > 0
    assert len({c.channel for c in cases}) >= 5 and len({c.field_id for c in cases}) >= 10
    overdue = [c for c in cases if c.state in OPEN_STATES and c.next_due_date < today()]
    assert 10 < len(overdue) < len(cases) * 0.1
    ratings = [c.rating for c in cases if c.rating is not None]
    assert len(ratings) > 500 and 3.5 < sum(ratings) / len(ratings) < 4.6
    assert len({c.unit_id for c in cases}) > 200  # the map shows most communes


def test_past_matters_are_dated_when_things_happened(seeded):
    old = [c for c in _history() if c.received_at < NOW - dt.timedelta(days=200)]
    assert old
    latest = CaseEvent.objects.filter(case__in=old).aggregate(Max("at"))["at__max"]
    assert latest < NOW - dt.timedelta(days=30)
    sample = old[:50]
    for case in sample:
        assert case.created_at == case.received_at
        events = list(case.events.order_by("at"))
        assert events[0].kind == "submitted" and events[0].at == case.received_at
        if case.state == CaseState.CLOSED:
            assert events[-1].kind in ("closed", "rated")
            assert case.closed_at >= case.answered_at >= case.received_at


def test_past_matters_carry_the_due_dates_of_the_rules_met_or_missed(seeded):
    # Every fifth matter closed, received before the last three months (the recent ones
    # answered late are mostly still open).
    past = NOW - dt.timedelta(days=90)
    closed = [c for c in _history() if c.state == CaseState.CLOSED and c.received_at < past][::5]
    laws = CaseDeadline.objects.filter(case__in=closed, basis=DeadlineBasis.LAW)
    rows = {(d.case_id, d.step): d for d in laws}
    late = 0
    for case in closed:
        handling = rows[(case.pk, "handling")]
        expected = {d.step: d.due_date for d in planned_deadlines([case])}
        assert handling.due_date == expected["handling"]
        assert handling.met_at == case.accepted_at
        resolution = rows.get((case.pk, "resolution"))
        if resolution is not None:
            assert resolution.met_at == case.answered_at
            late += resolution.met_at.date() > resolution.due_date
    assert 0 < late < len(closed) / 2  # some answered late, most on time


def test_a_second_seed_adds_no_past_matter(seeded):
    before = Case.objects.count()
    call_command("seed", profile="demo", quiet=True)
    assert Case.objects.count() == before


def test_the_leaders_dashboard_has_a_year_of_figures_to_show(seeded, client):
    from danvan.org.models import Organization

    leader = user_with(Organization.objects.get(code="01-BTGDV"), Role.LEADER, Scope.SUBTREE)
    client.force_login(leader)
    board = client.get("/home/").context["board"]
    received = sum(sum(v or 0 for v in s.values) for s in board.by_month.series)
    assert received > 1500
    assert board.overdue_total > 0 and board.overdue_bodies
    assert board.map is not None and len(board.map.dots) > 50
