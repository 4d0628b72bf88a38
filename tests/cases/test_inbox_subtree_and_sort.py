"""The inbox narrowed to a body and the bodies under it, or to an area; and its sort orders."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.cases import selectors
from danvan.cases.models import Case, CaseState
from danvan.cases.services.intake import submit
from danvan.org import selectors as org_selectors
from danvan.org.models import Organization
from tests.cases.conftest import submission
from tests.factories import Role, Scope, make_org, user_with

pytestmark = pytest.mark.django_db


def _handled_by(network, org, n=1):
    """Matters handled by `org` (as after routing or forwarding)."""
    cases = []
    for _ in range(n):
        case = submit(submission=submission(network), client="test", idempotency_key=None).case
        Case.objects.filter(pk=case.pk).update(organization=org, province_id=org.province_id)
        cases.append(case)
    return cases


@pytest.fixture
def spread(network):
    return {
        name: _handled_by(network, getattr(network, name))[0]
        for name in (
            "province_a",
            "province_a_committee",
            "commune_a1",
            "commune_a1_committee",
            "commune_a2",
            "commune_b1",
        )
    }


def _codes(user, **filters):
    return {c.tracking_code for c in selectors.inbox(user, selectors.InboxFilters(**filters))}


def _of(spread, *names):
    return {spread[n].tracking_code for n in names}


def test_a_body_brings_the_bodies_under_it_and_nothing_beside_it(network, spread):
    central_leader = user_with(network.central, Role.LEADER, Scope.SUBTREE)
    assert _codes(central_leader, organization=network.province_a.pk) == _of(
        spread, "province_a", "commune_a1", "commune_a2"
    )
    assert _codes(central_leader, organization=network.commune_a1.pk) == _of(spread, "commune_a1")
    assert _codes(central_leader, organization=network.central.pk) == _of(
        spread, "province_a", "commune_a1", "commune_a2", "commune_b1"
    )


def test_a_former_body_rolls_up_into_its_successor(network, spread):
    former = make_org(unit=network.commune_a1.unit, parent=None, name="Ban Dân vận cũ")
    Organization.objects.filter(pk=former.pk).update(current=network.commune_a1)
    old_case = _handled_by(network, former)[0]
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    assert old_case.tracking_code in _codes(leader, organization=network.province_a.pk)


def test_a_wide_tree_is_walked_in_memory_with_the_same_result(network, monkeypatch):
    former = make_org(unit=network.commune_a2.unit, name="Ban Dân vận cũ")
    Organization.objects.filter(pk=former.pk).update(current=network.commune_a2)
    by_level = selectors.organization_subtree(network.central.pk)
    monkeypatch.setattr(org_selectors, "_SUBTREE_LEVEL_LIMIT", 0)
    assert selectors.organization_subtree(network.central.pk) == by_level
    assert former.pk in by_level and network.commune_a1_committee.pk not in by_level


def test_the_subtree_never_widens_the_users_scope(network, spread):
    officer = user_with(network.commune_a1, Role.OFFICER, Scope.SUBTREE)
    # The central body's subtree is everything under it; the officer still sees only the
    # part of it in their own commune (the commune's People's Committee is not under it).
    assert _codes(officer) == _of(spread, "commune_a1", "commune_a1_committee")
    assert _codes(officer, organization=network.central.pk) == _of(spread, "commune_a1")


def test_an_area_brings_every_body_of_it(network, spread):
    leader = user_with(network.central, Role.LEADER, Scope.SUBTREE)
    hanoi = network.province_a.unit
    assert _codes(leader, unit=hanoi.pk) == _of(
        spread,
        "province_a",
        "province_a_committee",
        "commune_a1",
        "commune_a1_committee",
        "commune_a2",
    )
    assert _codes(leader, unit=network.commune_a1.unit.pk) == _of(
        spread, "commune_a1", "commune_a1_committee"
    )


def test_the_subtree_filter_reads_the_matters_own_columns(network):
    leader = user_with(network.central, Role.LEADER, Scope.SUBTREE)
    for filters in (
        selectors.InboxFilters(organization=network.province_a.pk),
        selectors.InboxFilters(unit=network.province_a.unit.pk),
        selectors.InboxFilters(unit=network.commune_a1.unit.pk),
    ):
        where = str(selectors.inbox(leader, filters).query).split("WHERE", 1)[1]
        assert "org_organization" not in where.split("ORDER BY")[0]


@pytest.mark.parametrize(
    ("holder", "role", "scope", "target", "allowed"),
    [
        ("province_a", Role.LEADER, Scope.SUBTREE, "commune_a1", True),
        ("province_a", Role.LEADER, Scope.SUBTREE, "province_a", True),
        ("province_a", Role.LEADER, Scope.SUBTREE, "commune_b1", False),
        ("province_a", Role.LEADER, Scope.SUBTREE, "central", False),
        ("commune_a1", Role.OFFICER, Scope.UNIT, "commune_a1", True),
        ("commune_a1", Role.OFFICER, Scope.UNIT, "commune_a2", False),
        ("central", Role.LEADER, Scope.SUBTREE, "commune_b1", True),
    ],
)
def test_which_bodies_may_be_picked(network, holder, role, scope, target, allowed):
    user = user_with(getattr(network, holder), role, scope)
    picked = selectors.organization_in_scope(user, getattr(network, target).pk)
    assert (picked is not None) is allowed


@pytest.mark.parametrize(
    ("holder", "role", "scope", "place", "allowed"),
    [
        ("province_a", Role.LEADER, Scope.SUBTREE, "province_a", True),
        ("province_a", Role.LEADER, Scope.SUBTREE, "commune_a2", True),
        ("province_a", Role.LEADER, Scope.SUBTREE, "province_b", False),
        ("commune_a1", Role.OFFICER, Scope.SUBTREE, "commune_a1", True),
        ("commune_a1", Role.OFFICER, Scope.SUBTREE, "commune_a2", False),
        ("central", Role.LEADER, Scope.SUBTREE, "commune_b1", True),
    ],
)
def test_which_areas_may_be_picked(network, holder, role, scope, place, allowed):
    user = user_with(getattr(network, holder), role, scope)
    picked = selectors.unit_in_scope(user, getattr(network, place).unit.pk)
    assert (picked is not None) is allowed


def test_the_page_offers_the_bodies_and_areas_and_applies_the_choice(network, spread, client):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get(reverse("cases:inbox"))
    assert network.province_a in page.context["bodies"]()
    assert network.commune_b1 not in page.context["bodies"]()
    assert network.province_a.unit in page.context["places"]()
    assert network.commune_a1.unit in page.context["places"]()
    assert f'value="{network.province_a.pk}"' in page.content.decode()
    page = client.get(reverse("cases:inbox"), {"org": network.province_a.pk})
    shown = {c.tracking_code for c in page.context["page"]}
    assert shown == _of(spread, "province_a", "commune_a1", "commune_a2")
    assert not page.context["errors"]


def test_a_body_outside_the_scope_is_refused_with_a_message(network, spread, client):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    for params in ({"org": network.province_b.pk}, {"unit": "abc"}, {"org": "99999999"}):
        page = client.get(reverse("cases:inbox"), params)
        assert page.status_code == 200 and page.context["errors"], params
        # Nothing is shown rather than the whole scope.
        assert list(page.context["page"]) == [], params


def test_the_subtree_page_costs_the_same_queries_for_more_rows(
    network, client, django_assert_max_num_queries
):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    params = {"org": network.province_a.pk, "sort": "next_due_date"}
    _handled_by(network, network.commune_a1, 2)
    # The first page also fills the cache of the option lists (a few queries more).
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("cases:inbox"), params)
    _handled_by(network, network.commune_a2, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:inbox"), params)


@pytest.fixture
def dated(network):
    """Three matters received on different days, with different states and due dates."""
    now = timezone.now()
    cases = _handled_by(network, network.commune_a1_committee, 3)
    values = [
        (now - dt.timedelta(days=3), CaseState.ACCEPTED, dt.date(2030, 1, 10)),
        (now - dt.timedelta(days=2), CaseState.RECEIVED, None),
        (now - dt.timedelta(days=1), CaseState.CLASSIFIED, dt.date(2030, 1, 5)),
    ]
    for case, (received, state, due) in zip(cases, values, strict=True):
        Case.objects.filter(pk=case.pk).update(received_at=received, state=state, next_due_date=due)
    return [c.tracking_code for c in cases]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("-received_at", [2, 1, 0]),
        ("received_at", [0, 1, 2]),
        ("next_due_date", [2, 0, 1]),  # soonest first, no due date last
        ("state", [1, 2, 0]),  # received, classified, accepted: the workflow's order
        ("title; DROP TABLE", [2, 1, 0]),  # not in the whitelist: the default
        ("", [2, 1, 0]),
    ],
)
def test_sort_orders(network, dated, client, sort, order):
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    page = client.get(reverse("cases:inbox"), {"sort": sort})
    assert [c.tracking_code for c in page.context["page"]] == [dated[i] for i in order]
    assert page.context["filters"].sort in selectors.SORTS


def test_the_sort_survives_paging_and_filters_in_the_links(network, dated, client):
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    page = client.get(reverse("cases:inbox"), {"sort": "received_at", "state": "received"})
    assert "sort=received_at" in page.context["query"]
    assert 'value="received_at" selected' in page.content.decode()
