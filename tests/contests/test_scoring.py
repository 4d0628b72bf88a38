"""Scoring: judges score their round's teams per criterion, correct until they submit, the
head judge reopens a sheet or closes the round, which computes the results."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.contests import services
from danvan.contests.models import RoundResult, RoundState, Score
from tests.contests.conftest import (
    ROUND1,
    ROUND2,
    preliminaries_closed,
    preliminary,
    published,
    registered,
    score,
)
from tests.factories import Role, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def w(network):
    return preliminary(network)


def _criteria(w):
    return list(w.contest.criteria.order_by("position"))


def _record(w, judge_key, team_key, values, round_=None):
    judge = w.judges[judge_key]
    return services.record_scores(
        actor=judge.user,
        round=round_ or judge.round,
        team=w.teams[team_key],
        scores={c.pk: v for c, v in zip(_criteria(w), values, strict=False)},
    )


def test_a_judge_scores_and_corrects_before_submitting_with_history(w):
    _record(w, "r1a", "a1", ("30", "25,5", "20"))
    _record(w, "r1a", "a1", ("31", "", ""))  # a blank leaves the score as it was
    scores = {s.criterion.name: s.value for s in Score.objects.filter(judge=w.judges["r1a"])}
    assert scores == {"Nội dung": Decimal(31), "Hình thức": Decimal("25.5"), "Hiệu quả": 20}
    corrected = Score.objects.get(judge=w.judges["r1a"], criterion__name="Nội dung")
    assert [h.value for h in corrected.history.order_by("history_id")] == [30, 31]
    assert corrected.history.first().history_user == w.judge("r1a")


@pytest.mark.parametrize("value", ["41", "-1", "30.125", "ba mươi"])
def test_scores_are_bounded_by_the_criterion_and_nothing_is_saved(w, value):
    with pytest.raises(ValidationError) as error:
        _record(w, "r1a", "a1", ("30", value))
    assert "scores" in error.value.message_dict
    assert not Score.objects.exists()


def test_judge_cannot_score_other_round(w):
    with pytest.raises(PermissionDenied):
        _record(w, "r2a", "a1", ("30",), round_=w.round1)
    with pytest.raises(PermissionDenied):
        services.record_scores(
            actor=user_with(w.network.province_b, Role.LEADER),
            round=w.round1,
            team=w.teams["a1"],
            scores={},
        )


def test_a_team_of_another_round_cannot_be_scored_here(w):
    with pytest.raises(ValidationError):
        _record(w, "r1a", "a2", ("30",))


def test_judge_cannot_score_their_own_bodys_team(w):
    with pytest.raises(PermissionDenied):
        _record(w, "r1c", "a1", ("30", "20", "20"))
    assert not Score.objects.exists()


def test_a_judge_with_several_bodies_is_in_conflict_with_each(w, network):
    from tests.factories import grant

    grant(w.judge("r1b"), network.commune_a1_committee, Role.OFFICER)
    judge = w.judges["r1b"]
    judge.user.refresh_from_db()
    user = type(judge.user).objects.get(pk=judge.user.pk)  # grants read afresh
    with pytest.raises(PermissionDenied):
        services.record_scores(
            actor=user, round=w.round1, team=w.teams["a1c"], scores={_criteria(w)[0].pk: "1"}
        )


def test_no_scoring_before_the_rounds_start(network):
    w = registered(network)
    with pytest.raises(ValidationError):
        _record(w, "r1a", "a1", ("30",))


def test_a_sheet_is_submitted_only_when_complete_and_then_locked(w):
    _record(w, "r1a", "a1", ("30", "25"))
    with pytest.raises(ValidationError) as error:
        services.submit_sheet(actor=w.judge("r1a"), round=w.round1)
    assert w.teams["a1"].name in error.value.messages[0]
    _record(w, "r1a", "a1", ("30", "25", "20"))
    _record(w, "r1a", "a1c", ("28", "20", "20"))
    judge = services.submit_sheet(actor=w.judge("r1a"), round=w.round1)
    assert judge.submitted_at is not None
    with pytest.raises(ValidationError):
        _record(w, "r1a", "a1", ("35",))


def test_the_conflicted_judges_sheet_is_complete_without_their_bodys_team(w):
    _record(w, "r1c", "a1c", ("29", "21", "19"))
    assert services.submit_sheet(actor=w.judge("r1c"), round=w.round1).submitted


def test_the_head_judge_reopens_a_sheet_another_judge_cannot(w):
    score(w, ROUND1, submit=False)
    services.submit_sheet(actor=w.judge("r1b"), round=w.round1)
    with pytest.raises(PermissionDenied):
        services.reopen_sheet(actor=w.judge("r1c"), judge=w.judges["r1b"])
    services.reopen_sheet(actor=w.judge("r1a"), judge=w.judges["r1b"])
    _record(w, "r1b", "a1", ("33",))  # corrected


def test_a_round_closes_only_when_every_judge_has_submitted(w):
    score(w, ROUND1, submit=False)
    services.submit_sheet(actor=w.judge("r1a"), round=w.round1)
    with pytest.raises(ValidationError) as error:
        services.close_round(actor=w.judge("r1a"), round=w.round1)
    assert len(error.value.messages) == 2  # r1b and r1c
    assert w.round1.state == RoundState.OPEN and not RoundResult.objects.exists()


def test_only_the_head_judge_or_an_organizer_closes_a_round(w):
    score(w, ROUND1)
    for user in (w.judge("r1b"), w.judge("r2a"), w.staff["a1"]):
        with pytest.raises(PermissionDenied):
            services.close_round(actor=user, round=w.round1)
    services.close_round(actor=w.judge("r1a"), round=w.round1)
    assert w.round1.state == RoundState.CLOSED and w.round1.closed_by == w.judge("r1a")


def test_closing_computes_totals_ranks_and_who_advances(network):
    w = preliminaries_closed(network, advance_count=1)
    rows = {
        r.team_id: (r.total, r.rank, r.advances) for r in RoundResult.objects.filter(round=w.round1)
    }
    # a1: judges r1a, r1b only (r1c in conflict): 31 + 24.5 + 21; a1c: 29 + 21 + 19.67
    assert rows == {
        w.teams["a1"].pk: (Decimal("76.50"), 1, True),
        w.teams["a1c"].pk: (Decimal("69.67"), 2, False),
    }
    second = RoundResult.objects.get(round=w.round2, rank=1)
    assert second.team == w.teams["a2"] and second.total == Decimal("84.67")  # 34 + 26 + 24.67
    assert second.aggregates[str(_criteria(w)[0].pk)] == "34.00"


def test_a_closed_round_takes_no_more_scores(network):
    w = preliminaries_closed(network)
    with pytest.raises(ValidationError):
        _record(w, "r1a", "a1", ("10",))


def test_the_final_gives_the_prizes(network):
    w = published(network, first_prizes=1, second_prizes=1, third_prizes=1, consolation_prizes=1)
    prizes = {r.team_id: (r.rank, r.prize) for r in RoundResult.objects.filter(round=w.final)}
    assert prizes == {
        w.teams["a1"].pk: (1, "first"),
        w.teams["a2"].pk: (2, "second"),
        w.teams["a1c"].pk: (3, "third"),
        w.teams["pc"].pk: (4, "consolation"),
    }


def test_a_tie_broken_by_the_first_criterion_is_recorded(network):
    w = preliminary(network)
    # Both teams of Cụm 2 total 80: a2 has more on “Nội dung” (tie-break 1).
    table = {
        "a2": {"r2a": (35, 25, 20), "r2b": (35, 25, 20), "r2c": (35, 25, 20)},
        "pc": {"r2a": (30, 30, 20), "r2b": (30, 30, 20), "r2c": (30, 30, 20)},
    }
    score(w, table)
    services.close_round(actor=w.organizer, round=w.round2)
    first, second = RoundResult.objects.filter(round=w.round2).order_by("rank")
    assert (first.team, first.rank, second.rank) == (w.teams["a2"], 1, 2)
    assert first.total == second.total == Decimal(80)
    assert first.decided_by == f"criterion:{_criteria(w)[0].pk}"


def test_round2_scores_are_the_table(network):
    # A guard on the fixture itself: the tables score every team of each round.
    w = preliminary(network)
    score(w, ROUND2)
    assert Score.objects.filter(round=w.round2).count() == 2 * 3 * 3
