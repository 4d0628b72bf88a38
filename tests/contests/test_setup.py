"""Setting a contest up and moving it on: each step, and each refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.contests import services
from danvan.contests.models import Contest, ContestStatus, Entry, RoundKind
from danvan.org.models import EmulationCluster
from tests.contests.conftest import (
    CRITERIA,
    YEAR,
    drafted,
    in_final,
    new_contest,
    preliminaries_closed,
    preliminary,
    registered,
)
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _settings(**kw):
    return services.ContestSettings(**{"name": "Hội thi", "year": YEAR, **kw})


def test_an_officer_of_the_organizing_body_creates_a_draft_contest_with_history(network):
    organizer, contest = new_contest(network)
    assert contest.status == ContestStatus.DRAFT
    assert contest.organizer == network.province_a
    assert contest.history.get().history_user == organizer


def test_a_leader_above_may_organize_but_not_a_body_beside_or_below(network):
    above = user_with(network.central, Role.LEADER, Scope.SUBTREE)
    new_contest(network, organizer=above)
    for outsider in (
        user_with(network.province_b, Role.LEADER, Scope.SUBTREE),
        user_with(network.commune_a1, Role.OFFICER),
        user_with(network.province_a, Role.UNIT_ADMIN),  # administers accounts, not contests
        UserFactory(),
    ):
        with pytest.raises(PermissionDenied):
            new_contest(network, organizer=outsider)
    assert Contest.objects.count() == 1


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"name": " "}, "name"),
        ({"year": 1999}, "year"),
        ({"aggregation": "median"}, "aggregation"),
        ({"trim_min_judges": 2}, "trim_min_judges"),
        ({"advance_count": 0}, "advance_count"),
        ({"first_prizes": 0}, "first_prizes"),
        ({"consolation_prizes": -1}, "consolation_prizes"),
    ],
)
def test_bad_settings_are_refused(network, settings, field):
    organizer = user_with(network.province_a, Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        services.create_contest(
            actor=organizer, organizer=network.province_a, settings=_settings(**settings)
        )
    assert field in error.value.message_dict
    assert not Contest.objects.exists()


def test_the_criteria_are_replaced_with_their_weights_and_tie_break_order(network):
    organizer, contest = new_contest(network)
    services.set_criteria(actor=organizer, contest=contest, criteria=CRITERIA)
    services.set_criteria(
        actor=organizer,
        contest=contest,
        criteria=[
            services.CriterionInput("Nội dung", "40", "1,5", tie_break=1),
            services.CriterionInput("Hình thức", "30"),
        ],
    )
    got = [(c.name, c.max_score, c.weight, c.tie_break) for c in contest.criteria.all()]
    assert got == [
        ("Nội dung", Decimal(40), Decimal("1.5"), 1),
        ("Hình thức", Decimal(30), Decimal(1), None),
    ]


@pytest.mark.parametrize(
    "criteria",
    [
        [],
        [services.CriterionInput("", "10")],
        [services.CriterionInput("A", "0")],
        [services.CriterionInput("A", "mười")],
        [services.CriterionInput("A", "10.555")],
        [services.CriterionInput("A", "10", "0")],
        [services.CriterionInput("Nội dung", "10"), services.CriterionInput("noi dung", "10")],
        [
            services.CriterionInput("A", "10", tie_break=1),
            services.CriterionInput("B", "10", tie_break=1),
        ],
    ],
)
def test_bad_criteria_are_refused_and_the_old_ones_stay(network, criteria):
    organizer, contest = new_contest(network)
    services.set_criteria(actor=organizer, contest=contest, criteria=CRITERIA)
    with pytest.raises(ValidationError) as error:
        services.set_criteria(actor=organizer, contest=contest, criteria=criteria)
    assert "criteria" in error.value.message_dict
    assert contest.criteria.count() == 3


def test_criteria_and_settings_are_fixed_once_the_preliminary_rounds_start(network):
    w = preliminary(network)
    with pytest.raises(ValidationError):
        services.set_criteria(actor=w.organizer, contest=w.contest, criteria=CRITERIA)
    with pytest.raises(ValidationError):
        services.update_contest(actor=w.organizer, contest=w.contest, settings=_settings())


def test_rounds_one_final_unique_names_and_a_cluster_of_the_year(network):
    w = drafted(network)
    with pytest.raises(ValidationError) as error:
        services.add_round(actor=w.organizer, contest=w.contest, kind=RoundKind.FINAL, name="CK2")
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_round(
            actor=w.organizer, contest=w.contest, kind=RoundKind.PRELIMINARY, name="Cụm 1"
        )
    assert "name" in error.value.message_dict
    old = EmulationCluster.objects.create(
        year=YEAR - 1, name="Cụm cũ", kind="cluster", organizer=network.province_a
    )
    with pytest.raises(ValidationError) as error:
        services.add_round(
            actor=w.organizer,
            contest=w.contest,
            kind=RoundKind.PRELIMINARY,
            name="Cụm 3",
            cluster=old,
        )
    assert "cluster" in error.value.message_dict


def test_judges_are_staff_once_per_round_with_one_head(network):
    w = drafted(network)
    with pytest.raises(ValidationError):
        services.assign_judge(actor=w.organizer, round=w.round1, user=UserFactory())
    with pytest.raises(ValidationError):
        services.assign_judge(actor=w.organizer, round=w.round1, user=w.judge("r1b"))
    services.set_head_judge(actor=w.organizer, judge=w.judges["r1b"])
    heads = list(w.round1.judges.filter(is_head=True))
    assert heads == [w.judges["r1b"]]
    assert w.judges["r1c"].organization == network.commune_a1  # their body, by default


def test_a_judge_who_scored_cannot_be_removed(network):
    w = preliminary(network)
    services.remove_judge(actor=w.organizer, judge=w.judges["r1b"])
    assert w.round1.judges.count() == 2
    criterion = w.contest.criteria.first()
    services.record_scores(
        actor=w.judge("r1c"), round=w.round1, team=w.teams["a1c"], scores={criterion.pk: "20"}
    )
    with pytest.raises(ValidationError):
        services.remove_judge(actor=w.organizer, judge=w.judges["r1c"])
    assert w.round1.judges.count() == 2


def test_registration_opens_only_with_criteria_and_preliminary_rounds(network):
    organizer, contest = new_contest(network)
    with pytest.raises(ValidationError) as error:
        services.open_registration(actor=organizer, contest=contest)
    assert len(error.value.messages) == 2
    w = drafted(network)
    services.open_registration(actor=w.organizer, contest=w.contest)
    assert w.contest.status == ContestStatus.REGISTRATION
    with pytest.raises(ValidationError):
        services.open_registration(actor=w.organizer, contest=w.contest)


def test_the_preliminary_rounds_start_only_with_every_team_placed_and_judged(network):
    w = registered(network)
    # One team is moved out of its round, and a round loses its head judge.
    Entry.objects.filter(team=w.teams["pc"]).delete()
    w.judges["r2a"].is_head = False
    w.judges["r2a"].save()
    with pytest.raises(ValidationError) as error:
        services.start_preliminary(actor=w.organizer, contest=w.contest)
    text = " ".join(error.value.messages)
    assert w.teams["pc"].name in text and "Cụm 2" in text
    services.enter_team(actor=w.organizer, round=w.round2, team=w.teams["pc"])
    services.set_head_judge(actor=w.organizer, judge=w.judges["r2b"])
    services.start_preliminary(actor=w.organizer, contest=w.contest)
    assert w.contest.status == ContestStatus.PRELIMINARY


def test_the_final_waits_for_every_preliminary_round(network):
    w = preliminary(network)
    with pytest.raises(ValidationError) as error:
        services.advance_to_final(actor=w.organizer, contest=w.contest)
    assert "Cụm 1" in " ".join(error.value.messages)


def test_advancing_enters_the_top_teams_in_the_final(network):
    w = preliminaries_closed(network, advance_count=1)
    services.advance_to_final(actor=w.organizer, contest=w.contest)
    w.refresh()
    assert w.contest.status == ContestStatus.FINAL
    finalists = [e.team for e in w.final.entries.order_by("order")]
    assert finalists == [w.teams["a1"], w.teams["a2"]]  # the winners of Cụm 1 and Cụm 2


def test_results_are_published_only_after_the_final_closes(network):
    w = in_final(network)
    with pytest.raises(ValidationError):
        services.publish_results(actor=w.organizer, contest=w.contest)
    assert w.contest.status == ContestStatus.FINAL and w.contest.published_at is None


def test_only_organizers_move_the_contest_on(network):
    w = registered(network)
    for user in (w.judge("r1a"), w.staff["a1"], UserFactory()):
        with pytest.raises(PermissionDenied):
            services.start_preliminary(actor=user, contest=w.contest)


def test_update_contest_changes_settings_with_history(network):
    organizer, contest = new_contest(network)
    services.update_contest(
        actor=organizer,
        contest=contest,
        settings=_settings(advance_count=3, registration_deadline=dt.date(2026, 9, 30)),
    )
    contest.refresh_from_db()
    assert contest.advance_count == 3 and contest.history.count() == 2
