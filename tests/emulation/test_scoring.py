"""Scoring in a cluster: bounded Decimal scores, self-assessment by the member, assessment and
closing by the organizer, totals and ranking (ties share a rank)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.emulation import selectors, services
from danvan.emulation.models import Score, ScoringStatus
from danvan.org.models import EmulationCluster
from tests.emulation.conftest import make_movement
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(movement, cluster, province_officer):
    return services.open_scoring(actor=province_officer, movement=movement, cluster=cluster)


def _ids(movement):
    return [c.pk for c in movement.criteria.all()]


def _assess(actor, scoring, member, values):
    services.enter_assessed_scores(
        actor=actor,
        scoring=scoring,
        member=member,
        scores=dict(zip(_ids(scoring.movement), values, strict=True)),
    )


def test_the_organizers_officer_opens_the_sheet_in_the_clusters_year(scoring, cluster):
    assert scoring.year == cluster.year and scoring.status == ScoringStatus.OPEN


def test_a_sheet_is_opened_once_per_cluster_and_only_for_a_launched_movement(
    network, scoring, province_officer, cluster
):
    with pytest.raises(ValidationError, match="already open"):
        services.open_scoring(actor=province_officer, movement=scoring.movement, cluster=cluster)
    draft = make_movement(network, province_officer, launch=False)
    with pytest.raises(ValidationError):
        services.open_scoring(actor=province_officer, movement=draft, cluster=cluster)


def test_a_member_cannot_open_the_sheet(network, movement, cluster):
    with pytest.raises(PermissionDenied):
        services.open_scoring(
            actor=user_with(network.commune_a1, Role.LEADER), movement=movement, cluster=cluster
        )


def test_a_member_enters_its_own_self_assessment_with_a_decimal_comma(
    network, scoring, commune_officer
):
    first = _ids(scoring.movement)[0]
    services.enter_self_scores(
        actor=commune_officer, scoring=scoring, member=network.commune_a1, scores={first: "38,5"}
    )
    score = Score.objects.get(scoring=scoring, member=network.commune_a1, criterion_id=first)
    assert score.self_score == Decimal("38.5") and score.assessed_score is None
    assert score.history.first().history_user == commune_officer


def test_a_member_cannot_self_assess_another_member(network, scoring, commune_officer):
    with pytest.raises(PermissionDenied):
        services.enter_self_scores(
            actor=commune_officer,
            scoring=scoring,
            member=network.commune_a2,
            scores={_ids(scoring.movement)[0]: 10},
        )


def test_a_member_cannot_enter_the_assessed_score(network, scoring, commune_officer):
    with pytest.raises(PermissionDenied):
        _assess(commune_officer, scoring, network.commune_a1, [1, 1, 1])


def test_a_score_above_the_criterion_maximum_or_negative_is_refused(
    network, scoring, province_officer
):
    with pytest.raises(ValidationError) as error:
        _assess(province_officer, scoring, network.commune_a1, ["40.01", "-1", "abc"])
    messages = error.value.message_dict["scores"]
    assert len(messages) == 3 and "between 0 and 40." in messages[0]  # not "4E+1"
    assert not Score.objects.exists()


def test_a_body_outside_the_cluster_cannot_be_scored(network, scoring, province_officer):
    with pytest.raises(ValidationError, match="not a member"):
        _assess(province_officer, scoring, network.commune_b1, [1, 1, 1])


def test_results_rank_by_assessed_total_and_ties_share_a_rank(network, scoring, province_officer):
    third = user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)
    extra = network.commune_a1_committee
    scoring.cluster.members.add(extra)
    _assess(province_officer, scoring, network.commune_a1, ["35", "25,5", "20"])  # 80.5
    _assess(province_officer, scoring, network.commune_a2, ["30", "30", "20.5"])  # 80.5
    _assess(third, scoring, extra, ["40", "30", "30"])  # 100
    rows = selectors.results(scoring)
    assert [(r.member.pk, r.assessed_total, r.rank) for r in rows] == [
        (extra.pk, Decimal("100"), 1),
        *sorted(
            [
                (network.commune_a1.pk, Decimal("80.5"), 2),
                (network.commune_a2.pk, Decimal("80.5"), 2),
            ],
            key=lambda t: next(r.member.name for r in rows if r.member.pk == t[0]),
        ),
    ]
    assert all(r.complete for r in rows)


def test_a_member_without_assessed_scores_is_listed_without_a_rank(
    network, scoring, province_officer
):
    _assess(province_officer, scoring, network.commune_a1, ["1", "1", "1"])
    rows = selectors.results(scoring)
    assert [(r.member.pk, r.rank) for r in rows] == [
        (network.commune_a1.pk, 1),
        (network.commune_a2.pk, None),
    ]


def test_closing_needs_every_assessed_score_and_a_leader_of_the_organizer(
    network, scoring, province_officer, province_leader
):
    _assess(province_officer, scoring, network.commune_a1, ["1", "1", "1"])
    with pytest.raises(PermissionDenied):
        services.close_scoring(actor=province_officer, scoring=scoring)
    with pytest.raises(ValidationError, match="missing"):
        services.close_scoring(actor=province_leader, scoring=scoring)
    _assess(province_officer, scoring, network.commune_a2, ["2", "2", "2"])
    services.close_scoring(actor=province_leader, scoring=scoring)
    assert scoring.status == ScoringStatus.CLOSED and scoring.closed_by == province_leader


def test_a_closed_sheet_refuses_changes(network, scoring, province_officer, province_leader):
    for member in (network.commune_a1, network.commune_a2):
        _assess(province_officer, scoring, member, ["1", "1", "1"])
    services.close_scoring(actor=province_leader, scoring=scoring)
    with pytest.raises(ValidationError, match="closed"):
        _assess(province_officer, scoring, network.commune_a1, ["2", "2", "2"])


def test_scoring_freezes_the_criteria(network, scoring, province_officer):
    _assess(province_officer, scoring, network.commune_a1, ["1", "1", "1"])
    movement = scoring.movement
    with pytest.raises(ValidationError, match="no longer"):
        services.update_movement(
            actor=province_officer,
            movement=movement,
            name=movement.name,
            start_date=movement.start_date,
            description=movement.description,
            criteria=[services.CriterionInput("Mới", "100")],
        )


def test_the_cluster_year_must_be_within_the_movement(network, movement, province_officer):
    old = EmulationCluster.objects.create(
        year=2019, name="Cụm cũ", kind="bloc", organizer=network.province_a
    )
    with pytest.raises(ValidationError) as error:
        services.open_scoring(actor=province_officer, movement=movement, cluster=old)
    assert "cluster" in error.value.message_dict
