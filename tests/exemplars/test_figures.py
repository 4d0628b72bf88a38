"""Report figures "as of" any date: recognized models by kind, field, level, province."""

import datetime as dt

import pytest
import time_machine

from danvan.exemplars import selectors, services
from danvan.exemplars.models import SubField
from tests.exemplars.conftest import TODAY, recognized, register
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(network, province_officer, province_leader):
    """Three recognized models in Hà Nội (one raised to central level later), one individual,
    one only registered, one in Tuyên Quang."""
    with time_machine.travel(TODAY, tick=False):
        a = recognized(network, province_officer, province_leader, on=dt.date(2025, 12, 10))
        b = recognized(
            network,
            province_officer,
            province_leader,
            on=dt.date(2026, 3, 5),
            kind="individual",
            holder_name="Nguyễn Văn Hiến",
            name="Người hiến đất",
            field="economy",
            subfields=[SubField.objects.get(code="nong-thon-moi")],
        )
        c = recognized(network, province_officer, province_leader, on=dt.date(2026, 6, 1))
        services.recognize(
            actor=user_with(network.central, Role.LEADER, Scope.SUBTREE),
            exemplar=c,
            by=network.central,
            decision_number="7/QĐ-TW",
            decision_date=dt.date(2026, 9, 1),
        )
        services.record_replication(
            actor=user_with(network.commune_a2, Role.OFFICER),
            exemplar=a,
            organization=network.commune_a2,
            adopted_on=dt.date(2026, 4, 1),
        )
        register(network)  # registered, not recognized
        tq_officer = user_with(network.province_b, Role.OFFICER, Scope.SUBTREE)
        tq_leader = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
        d = register(
            network,
            officer=user_with(network.commune_b1, Role.OFFICER),
            organization=network.commune_b1,
        )
        services.start_building(actor=d.registered_by, exemplar=d)
        services.evaluate(
            actor=tq_officer,
            exemplar=d,
            by=network.province_b,
            scores={"hieu-qua": 30, "sang-tao": 15, "lan-toa": 15, "dong-thuan": 15},
        )
        services.recognize(
            actor=tq_leader,
            exemplar=d,
            by=network.province_b,
            decision_number="1/QĐ",
            decision_date=dt.date(2026, 2, 1),
        )
    return a, b, c, d


def test_counts_by_kind_and_field_as_of_two_dates(network, spread):
    assert selectors.figures(dt.date(2026, 11, 23), "kind") == {"collective": 3, "individual": 1}
    assert selectors.figures(dt.date(2026, 1, 31), "kind") == {"collective": 1}
    assert selectors.figures(dt.date(2026, 11, 23), "field") == {
        "culture_society": 3,
        "economy": 1,
    }


def test_the_level_is_the_highest_reached_by_the_date(network, spread):
    assert selectors.figures(dt.date(2026, 8, 31), "level") == {"province": 4}
    assert selectors.figures(dt.date(2026, 9, 1), "level") == {"province": 3, "central": 1}


def test_counts_within_a_province_and_by_sub_field(network, spread):
    hanoi = selectors.Scope(province=network.province_a.unit)
    assert selectors.figures(dt.date(2026, 11, 23), "kind", hanoi) == {
        "collective": 2,
        "individual": 1,
    }
    assert selectors.figures(dt.date(2026, 11, 23), "subfield", hanoi) == {
        "moi-truong": 2,
        "nong-thon-moi": 1,
    }
    assert selectors.figures(dt.date(2026, 11, 23), "province") == {
        str(network.province_a.unit.pk): 3,
        str(network.province_b.unit.pk): 1,
    }


def test_the_headline_of_a_report(network, spread):
    assert selectors.summary(dt.date(2026, 11, 23)) == {
        "total": 4,
        "collective": 3,
        "individual": 1,
        "new_this_year": 3,  # the first was recognized in 2025
        "replicated": 1,
    }
    assert selectors.summary(dt.date(2026, 3, 31))["replicated"] == 0


def test_each_figure_is_one_query(network, spread, django_assert_num_queries):
    for by in selectors.GROUPS:
        with django_assert_num_queries(1):
            selectors.figures(dt.date(2026, 11, 23), by)
    with django_assert_num_queries(1):
        selectors.summary(dt.date(2026, 11, 23))


def test_staff_see_the_models_of_their_scope_only(network, spread):
    a, b, c, d = spread
    hanoi_leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    visible = set(selectors.visible_exemplars(hanoi_leader))
    assert {a, b, c} <= visible and d not in visible
