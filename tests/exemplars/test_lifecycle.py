"""Registration → building → evaluation from above → recognition by decision → replication
→ periodic review; each step checked, audited, refused with a clear error when out of turn."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.exemplars import services
from danvan.exemplars.models import Exemplar, ExemplarState, RecognitionLevel, SubField
from tests.exemplars.conftest import (
    FULL_MARKS,
    LOW_MARKS,
    built,
    evaluated,
    recognized,
    register,
)
from tests.factories import Role, Scope, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def test_a_commune_officer_registers_a_model_with_typed_results_and_history(network):
    exemplar = register(network)
    assert exemplar.state == ExemplarState.REGISTERED
    assert exemplar.province_id == network.province_a.province_id
    assert exemplar.registered_on == dt.date(2026, 11, 23)
    figures = {r.metric: r.value for r in exemplar.results.all()}
    assert figures == {"land_donated": Decimal("1250"), "road_built": Decimal("2")}
    record = exemplar.history.get()
    assert record.history_user == exemplar.registered_by and record.history_type == "+"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"holder_name": ""}, "holder_name"),
        ({"description": "ngắn"}, "description"),
        ({"year": 1990}, "year"),
        ({"kind": "group"}, "kind"),
        ({"period_start": dt.date(2026, 6, 1), "period_end": dt.date(2026, 1, 1)}, "period_end"),
        ({"field": "economy"}, "subfields"),  # the sub-field belongs to culture and society
        ({"results": {"land_donated": "nhiều"}}, "results"),
        ({"results": {"land_donated": -5}}, "results"),
        ({"results": {"cows": 3}}, "results"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(network, overrides, field):
    with pytest.raises(ValidationError) as error:
        register(network, **overrides)
    assert field in error.value.message_dict
    assert not Exemplar.objects.exists()


def test_a_body_outside_the_scope_cannot_register_for_the_commune(network):
    outsider = user_with(network.commune_b1, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        register(network, officer=outsider)


def test_the_full_path_to_recognition_at_province_level(network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader, on=dt.date(2026, 5, 20))
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.RECOGNIZED
    assert exemplar.recognition_level == RecognitionLevel.PROVINCE
    assert exemplar.recognized_on == dt.date(2026, 5, 20)
    evaluation = exemplar.evaluations.get()
    assert evaluation.passed and evaluation.total == Decimal("85")
    assert exemplar.history.count() >= 4  # registered, building, evaluated, recognized


def test_the_registering_body_cannot_evaluate_or_recognize_its_own_model(network):
    exemplar = built(network)
    own_leader = user_with(network.commune_a1, Role.LEADER, Scope.SUBTREE)
    with pytest.raises(PermissionDenied):
        services.evaluate(
            actor=own_leader, exemplar=exemplar, by=network.commune_a1, scores=FULL_MARKS
        )


def test_a_failed_evaluation_leaves_the_model_not_recognized_and_blocks_recognition(
    network, province_officer, province_leader
):
    exemplar = built(network)
    evaluation = services.evaluate(
        actor=province_officer, exemplar=exemplar, by=network.province_a, scores=LOW_MARKS
    )
    assert not evaluation.passed
    assert Exemplar.objects.get(pk=exemplar.pk).state == ExemplarState.NOT_RECOGNIZED
    with pytest.raises(ValidationError):
        services.recognize(
            actor=province_leader,
            exemplar=exemplar,
            by=network.province_a,
            decision_number="9/QĐ",
            decision_date=dt.date(2026, 6, 1),
        )


@pytest.mark.parametrize(
    "scores",
    [
        {"hieu-qua": 41, "sang-tao": 15, "lan-toa": 16, "dong-thuan": 18},  # above the maximum
        {"hieu-qua": 30, "sang-tao": 15, "lan-toa": 16},  # one criterion missing
        {"hieu-qua": "nhiều", "sang-tao": 15, "lan-toa": 16, "dong-thuan": 18},
    ],
)
def test_scores_must_cover_every_criterion_within_its_range(network, province_officer, scores):
    exemplar = built(network)
    with pytest.raises(ValidationError):
        services.evaluate(
            actor=province_officer, exemplar=exemplar, by=network.province_a, scores=scores
        )
    assert not exemplar.evaluations.exists()


def test_a_model_is_not_evaluated_before_it_is_being_built(network, province_officer):
    exemplar = register(network)
    with pytest.raises(ValidationError):
        services.evaluate(
            actor=province_officer, exemplar=exemplar, by=network.province_a, scores=FULL_MARKS
        )


def test_recognition_goes_up_once_per_level(network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader)
    with pytest.raises(ValidationError):
        services.recognize(
            actor=province_leader,
            exemplar=exemplar,
            by=network.province_a,
            decision_number="2/QĐ",
            decision_date=dt.date(2026, 7, 1),
        )
    central_leader = user_with(network.central, Role.LEADER, Scope.SUBTREE)
    services.recognize(
        actor=central_leader,
        exemplar=exemplar,
        by=network.central,
        decision_number="15/QĐ-BTGDVTW",
        decision_date=dt.date(2026, 9, 2),
    )
    exemplar.refresh_from_db()
    assert exemplar.recognition_level == RecognitionLevel.CENTRAL
    assert exemplar.recognized_on == dt.date(2026, 5, 20)  # first recognized then


def test_a_decision_cannot_be_dated_in_the_future(network, province_officer, province_leader):
    exemplar = evaluated(network, province_officer)
    with pytest.raises(ValidationError):
        services.recognize(
            actor=province_leader,
            exemplar=exemplar,
            by=network.province_a,
            decision_number="3/QĐ",
            decision_date=dt.date(2026, 12, 1),
        )


def test_an_officer_cannot_recognize_only_a_leader_can(network, province_officer):
    exemplar = evaluated(network, province_officer)
    with pytest.raises(PermissionDenied):
        services.recognize(
            actor=province_officer,
            exemplar=exemplar,
            by=network.province_a,
            decision_number="4/QĐ",
            decision_date=dt.date(2026, 6, 1),
        )


def test_other_bodies_record_that_they_replicated_it(network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader)
    adopter = user_with(network.commune_a2, Role.OFFICER)
    services.record_replication(
        actor=adopter,
        exemplar=exemplar,
        organization=network.commune_a2,
        adopted_on=dt.date(2026, 8, 1),
    )
    with pytest.raises(ValidationError):
        services.record_replication(
            actor=adopter,
            exemplar=exemplar,
            organization=network.commune_a2,
            adopted_on=dt.date(2026, 9, 1),
        )
    with pytest.raises(ValidationError):
        services.record_replication(
            actor=exemplar.registered_by,
            exemplar=exemplar,
            organization=network.commune_a1,
            adopted_on=dt.date(2026, 9, 1),
        )
    with pytest.raises(PermissionDenied):  # nobody records for another body
        services.record_replication(
            actor=adopter,
            exemplar=exemplar,
            organization=network.commune_b1,
            adopted_on=dt.date(2026, 9, 1),
        )
    assert exemplar.replications.count() == 1


def test_a_recognized_model_is_reviewed_periodically(network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader)
    review = services.review(
        actor=exemplar.registered_by,
        exemplar=exemplar,
        outcome="maintained",
        reviewed_on=dt.date(2026, 11, 1),
    )
    assert review.reviewed_by == exemplar.registered_by
    with pytest.raises(ValidationError):
        services.review(
            actor=exemplar.registered_by,
            exemplar=exemplar,
            outcome="great",
            reviewed_on=dt.date(2026, 11, 1),
        )


def test_an_individuals_name_is_public_only_with_consent(network):
    person = register(
        network,
        kind="individual",
        holder_name="Nguyễn Văn Hiến",
        name="Người hiến đất mở đường",
        subfields=[SubField.objects.get(code="nong-thon-moi")],
        field="economy",
    )
    assert not person.shows_holder_publicly
    consenting = register(
        network,
        kind="individual",
        holder_name="Trần Thị Lành",
        public_consent=True,
        name="Người giúp hộ nghèo",
        subfields=[],
        field="culture_society",
    )
    assert consenting.shows_holder_publicly
