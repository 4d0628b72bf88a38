import pytest
from django.urls import reverse

from danvan.cases import selectors
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def _many(network, n, **kw):
    return [
        submit(submission=submission(network, **kw), client="test", idempotency_key=None).case
        for _ in range(n)
    ]


def test_provincial_leader_sees_commune_cases_and_not_other_provinces(network):
    mine = _many(network, 2)
    other = _many(network, 1, unit=network.commune_b1.unit)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    shown = set(selectors.inbox(leader, selectors.InboxFilters()))
    assert set(mine) <= shown and not set(other) & shown


def test_search_ignores_diacritics(network):
    case = _many(network, 1, title="Ô nhiễm tiếng ồn từ xưởng gỗ")[0]
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    assert list(selectors.inbox(leader, selectors.InboxFilters(q="o nhiem xuong go"))) == [case]


@pytest.mark.parametrize(
    ("holder", "scope", "narrow"),
    [
        ("commune_a1_committee", Scope.UNIT, True),
        ("province_a", Scope.SUBTREE, False),
    ],
)
def test_a_commune_officer_and_a_provincial_leader_search_alike(network, holder, scope, narrow):
    # A narrow scope matches the words on its own rows (no trigram index): same results.
    case = _many(network, 1, title="Đường giao thông liên thôn sụt lún")[0]
    _many(network, 1, title="Ô nhiễm tiếng ồn")
    user = user_with(getattr(network, holder), Role.OFFICER, scope)
    assert selectors._narrow_scope(user) is narrow
    found = list(selectors.inbox(user, selectors.InboxFilters(q="duong GIAO thon")))
    assert found == [case]
    assert not selectors.inbox(user, selectors.InboxFilters(q="duong xuong")).exists()


def test_inbox_page_query_count_does_not_grow_with_rows(
    network, client, django_assert_max_num_queries
):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    client.force_login(leader)
    _many(network, 3)
    client.get(reverse("cases:inbox"))  # fills the cache of the option lists
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("cases:inbox"))
    _many(network, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:inbox"))


def test_inbox_bad_date_filter_gets_a_clear_error(network, client):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("cases:inbox"), {"received_from": "32/13/2025"})
    assert response.status_code == 200 and response.context["errors"]


@pytest.mark.parametrize(
    ("holder", "role", "scope"),
    [
        ("province_a", Role.LEADER, Scope.SUBTREE),
        ("commune_a1", Role.OFFICER, Scope.SUBTREE),
        ("commune_a1_committee", Role.OFFICER, Scope.UNIT),
    ],
)
def test_inbox_scope_filters_on_the_matters_own_columns_without_joining_organizations(
    network, holder, role, scope
):
    # A join to organizations in the WHERE clause makes PostgreSQL scan every matter.
    user = user_with(getattr(network, holder), role, scope)
    sql = str(selectors.visible_cases(user).query)
    assert "org_organization" not in sql.split("WHERE", 1)[1]


def test_inbox_agrees_with_the_rules_for_every_matter(network):
    from danvan.cases.models import Case

    _many(network, 2)
    _many(network, 1, unit=network.commune_b1.unit)
    _many(network, 1, unit=network.province_a.unit)
    for holder, role, scope in [
        ("province_a", Role.LEADER, Scope.SUBTREE),
        ("commune_a1", Role.OFFICER, Scope.SUBTREE),
        ("commune_a1_committee", Role.OFFICER, Scope.UNIT),
        ("central", Role.LEADER, Scope.SUBTREE),
    ]:
        user = user_with(getattr(network, holder), role, scope)
        listed = set(selectors.visible_cases(user))
        allowed = {c for c in Case.objects.all() if user.has_perm("cases.view_case", c)}
        assert listed == allowed, holder
