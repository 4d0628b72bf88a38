"""The contest's arithmetic as tables of cases: combining judges' scores (mean, or dropping
the highest and lowest), weights, ranking with tie-breaks, the advancement cut, prizes, and
reading a typed score."""

from decimal import Decimal as D

import pytest

from danvan.contests.computation import (
    BEST_JUDGE,
    CriterionSpec,
    Rule,
    TeamScore,
    advancing,
    aggregate,
    best_judge_total,
    clean_score,
    criterion_key,
    prizes,
    rank,
    score_team,
)

MEAN = Rule(trimmed=False, best_judge=False)
TRIM5 = Rule(trimmed=True, min_judges=5, best_judge=False)
TRIM3 = Rule(trimmed=True, min_judges=3, best_judge=False)


def _scores(*values):
    return {judge: D(str(v)) for judge, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("rule", "values", "expected", "dropped"),
    [
        # plain mean, rounded half up to 2 decimals
        (MEAN, (8, 9, 10), "9.00", ()),
        (MEAN, (8, 8, 9), "8.33", ()),
        (MEAN, (8.5, 9), "8.75", ()),
        (MEAN, (7, 8, 8), "7.67", ()),
        (MEAN, ("0.01", "0.02"), "0.02", ()),  # 0.015 → 0.02 (half up)
        (MEAN, (9,), "9.00", ()),
        # trimming needs enough judges: 4 of 5 → plain mean
        (TRIM5, (5, 8, 9, 10), "8.00", ()),
        # 5 judges: the 10 and the 5 are dropped
        (TRIM5, (5, 8, 9, 10, 8), "8.33", (4, 1)),
        # the first of equal highest (and lowest) scores is the one dropped
        (TRIM5, (10, 7, 10, 7, 8), "8.33", (1, 2)),
        # all equal: two of them are dropped, the mean is unchanged
        (TRIM5, (9, 9, 9, 9, 9), "9.00", (1, 2)),
        # the threshold is configurable
        (TRIM3, (6, 9, 10), "9.00", (3, 1)),
        (TRIM3, (6, 9), "7.50", ()),
        # a very different score moves the mean, not the trimmed mean
        (MEAN, (0, 9, 9, 9, 9), "7.20", ()),
        (TRIM5, (0, 9, 9, 9, 9), "9.00", (2, 1)),
    ],
)
def test_aggregating_the_judges_scores_of_one_criterion(rule, values, expected, dropped):
    result = aggregate(_scores(*values), rule)
    assert result.value == D(expected)
    assert result.dropped == dropped
    assert result.count == len(values)


def test_a_rule_never_trims_below_three_judges_whatever_it_says():
    assert aggregate(_scores(4, 10), Rule(trimmed=True, min_judges=2)).value == D("7.00")


def test_aggregating_nothing_is_an_error():
    with pytest.raises(ValueError):
        aggregate({}, MEAN)


CONTENT = CriterionSpec(1, D(40), D(1))
FORM = CriterionSpec(2, D(30), D(2))
EFFECT = CriterionSpec(3, D(30), D("0.5"))


@pytest.mark.parametrize(
    ("criteria", "sheet", "total"),
    [
        # Σ weight × aggregate
        ([CONTENT], {1: {1: D(30)}, 2: {1: D(34)}}, "32.00"),
        ([CONTENT, FORM], {1: {1: D(30), 2: D(20)}, 2: {1: D(34), 2: D(25)}}, "77.00"),
        ([CONTENT, FORM, EFFECT], {1: {1: D(40), 2: D(30), 3: D(15)}}, "107.50"),
        # a judge in conflict of interest scored nothing: the others count
        ([CONTENT, FORM], {1: {1: D(30), 2: D(20)}}, "70.00"),
        # weights on rounded aggregates: 0.5 × 8.33 = 4.165 → 4.17
        ([EFFECT], {1: {3: D(8)}, 2: {3: D(8)}, 3: {3: D(9)}}, "4.17"),
    ],
)
def test_the_weighted_total(criteria, sheet, total):
    assert score_team(7, sheet, criteria, MEAN).total == D(total)


def test_each_judges_weighted_total_and_the_best_trimmed_one():
    sheet = {j: {1: D(v), 2: D(v // 2)} for j, v in enumerate((30, 36, 40, 20, 32), start=1)}
    scored = score_team(7, sheet, [CONTENT, FORM], Rule(trimmed=True, min_judges=5))
    assert scored.judge_totals == {1: D(60), 2: D(72), 3: D(80), 4: D(40), 5: D(64)}
    assert scored.best_judge == D(72)  # 80 (highest) and 40 (lowest) dropped
    assert score_team(7, sheet, [CONTENT, FORM], MEAN).best_judge == D(80)


@pytest.mark.parametrize(
    ("totals", "rule", "best"),
    [
        ((), MEAN, "0"),
        ((D(5),), TRIM3, "5"),
        ((D(5), D(7)), TRIM3, "7"),
        ((D(5), D(7), D(9)), TRIM3, "7"),
        ((D(9), D(9), D(1)), TRIM3, "9"),
    ],
)
def test_best_judge_total(totals, rule, best):
    assert best_judge_total(totals, rule) == D(best)


def _team(team_id, total, by_criterion=None, best="0"):
    from danvan.contests.computation import Aggregate

    aggregates = {cid: Aggregate(D(v), 3) for cid, v in (by_criterion or {}).items()}
    return TeamScore(team_id, D(total), aggregates, {}, D(best))


TIE1 = CriterionSpec(1, D(40), D(1), tie_break=1)
TIE2 = CriterionSpec(2, D(30), D(1), tie_break=2)
PLAIN = CriterionSpec(3, D(30), D(1))


def _ranks(ranked):
    return [(r.team_id, r.rank) for r in ranked]


@pytest.mark.parametrize(
    ("teams", "criteria", "rule", "expected", "decided"),
    [
        # totals alone
        (
            [_team(1, "80"), _team(2, "90"), _team(3, "85")],
            [PLAIN],
            MEAN,
            [(2, 1), (3, 2), (1, 3)],
            {},
        ),
        # equal totals, the first tie-break criterion separates them
        (
            [_team(1, "80", {1: "30", 2: "25"}), _team(2, "80", {1: "32", 2: "20"})],
            [TIE1, TIE2],
            MEAN,
            [(2, 1), (1, 2)],
            {1: criterion_key(1), 2: criterion_key(1)},
        ),
        # the first criterion equal too: the second one decides
        (
            [_team(1, "80", {1: "30", 2: "25"}), _team(2, "80", {1: "30", 2: "20"})],
            [TIE2, TIE1],
            MEAN,
            [(1, 1), (2, 2)],
            {1: criterion_key(2), 2: criterion_key(2)},
        ),
        # every criterion equal: the best judge's total decides when the contest says so
        (
            [_team(1, "80", {1: "30"}, best="85"), _team(2, "80", {1: "30"}, best="88")],
            [TIE1],
            Rule(trimmed=False, best_judge=True),
            [(2, 1), (1, 2)],
            {1: BEST_JUDGE, 2: BEST_JUDGE},
        ),
        # …and does not when it does not: a shared rank, the next one skips
        (
            [
                _team(1, "80", {1: "30"}, best="85"),
                _team(2, "80", {1: "30"}, best="88"),
                _team(3, "70", {1: "30"}),
            ],
            [TIE1],
            MEAN,
            [(1, 1), (2, 1), (3, 3)],
            {},
        ),
        # nothing separates them: shared rank, in the given order (here by id)
        (
            [_team(5, "75", {1: "20"}, best="80"), _team(4, "75", {1: "20"}, best="80")],
            [TIE1],
            Rule(best_judge=True),
            [(4, 1), (5, 1)],
            {},
        ),
        # a criterion without a tie-break position never breaks ties
        (
            [_team(1, "80", {3: "30"}), _team(2, "80", {3: "20"})],
            [PLAIN],
            MEAN,
            [(1, 1), (2, 1)],
            {},
        ),
        # the tie-break only orders teams with equal totals
        (
            [_team(1, "81", {1: "10"}), _team(2, "80", {1: "40"})],
            [TIE1],
            MEAN,
            [(1, 1), (2, 2)],
            {},
        ),
        # three-way tie on total: one separated by a criterion, two sharing a rank
        (
            [
                _team(1, "80", {1: "30"}),
                _team(2, "80", {1: "35"}),
                _team(3, "80", {1: "30"}),
                _team(4, "60", {1: "40"}),
            ],
            [TIE1],
            MEAN,
            [(2, 1), (1, 2), (3, 2), (4, 4)],
            {2: criterion_key(1)},
        ),
    ],
)
def test_ranking_with_tie_breaks(teams, criteria, rule, expected, decided):
    ranked = rank(teams, criteria, rule)
    assert _ranks(ranked) == expected
    assert {r.team_id: r.decided_by for r in ranked if r.decided_by} == decided


def test_shared_ranks_follow_the_given_order():
    teams = [_team(1, "70"), _team(2, "70")]
    ranked = rank(teams, [PLAIN], MEAN, order={2: 0, 1: 1})
    assert [r.team_id for r in ranked] == [2, 1] and all(r.tied for r in ranked)


@pytest.mark.parametrize(
    ("totals", "count", "expected"),
    [
        (("90", "85", "80", "75"), 2, {1, 2}),
        (("90", "85", "80", "75"), 1, {1}),
        (("90", "85", "80"), 5, {1, 2, 3}),  # fewer teams than places: all advance
        # an unbroken tie at the cut: both advance
        (("90", "85", "85", "75"), 2, {1, 2, 3}),
        (("90", "90", "90", "75"), 1, {1, 2, 3}),
        # a tie below the cut changes nothing
        (("90", "85", "80", "80"), 2, {1, 2}),
    ],
)
def test_advancing_teams_at_the_cut(totals, count, expected):
    ranked = rank([_team(i, t) for i, t in enumerate(totals, start=1)], [PLAIN], MEAN)
    assert advancing(ranked, count) == expected


def test_a_tie_at_the_cut_broken_by_a_criterion_lets_only_the_better_team_through():
    teams = [_team(1, "90", {1: "30"}), _team(2, "85", {1: "20"}), _team(3, "85", {1: "25"})]
    ranked = rank(teams, [TIE1], MEAN)
    assert advancing(ranked, 2) == {1, 3}


@pytest.mark.parametrize(
    ("totals", "counts", "expected"),
    [
        (
            ("95", "90", "85", "80", "75", "70", "65"),
            (1, 1, 1, 2),
            ["first", "second", "third", "consolation", "consolation", "", ""],
        ),
        (
            ("95", "90", "85", "80", "75"),
            (1, 2, 2, 0),
            ["first", "second", "second", "third", "third"],
        ),
        # two teams tied first with one first prize: both get it; rank 3 gets rank 3's prize
        (("95", "95", "85", "80"), (1, 1, 1, 1), ["first", "first", "third", "consolation"]),
        # a tie across the boundary of consolation prizes: both get one
        (
            ("95", "90", "85", "80", "80"),
            (1, 1, 1, 1),
            ["first", "second", "third"] + ["consolation"] * 2,
        ),
        # no consolation prizes
        (("95", "90", "85", "80"), (1, 1, 1, 0), ["first", "second", "third", ""]),
    ],
)
def test_prizes_by_rank(totals, counts, expected):
    ranked = rank([_team(i, t) for i, t in enumerate(totals, start=1)], [PLAIN], MEAN)
    got = prizes(ranked, counts)
    assert [got[r.team_id] for r in ranked] == expected


@pytest.mark.parametrize(
    ("raw", "maximum", "expected"),
    [
        ("8", "10", "8.00"),
        ("8,5", "10", "8.50"),
        ("8.25", "10", "8.25"),
        (9, "10", "9.00"),
        ("0", "10", "0.00"),
        ("10", "10", "10.00"),
        (" 7,75 ", "10", "7.75"),
        ("8.50", "10", "8.50"),
    ],
)
def test_reading_a_typed_score(raw, maximum, expected):
    assert clean_score(raw, D(maximum)) == D(expected)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("", "number"),
        ("tám", "number"),
        (None, "number"),
        ("NaN", "number"),
        ("Infinity", "number"),
        ("8.125", "decimals"),
        ("10.01", "range"),
        ("-1", "range"),
        ("11", "range"),
    ],
)
def test_a_bad_score_is_refused(raw, error):
    with pytest.raises(ValueError, match=error):
        clean_score(raw, D(10))
