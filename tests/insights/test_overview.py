"""The overview counts the texts of the viewer's territory, hides small counts from who does
not read the texts, and is refused to citizens and strangers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.insights.selectors.overview import overview
from tests.factories import Role, Scope, sign_in_with_totp, user_with
from tests.insights.conftest import make_text

pytestmark = pytest.mark.django_db


def _texts(place, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        make_text(f"Đường liên thôn số {i} bị hỏng nặng", unit=place)


def test_counts_are_of_the_viewer_s_territory_only(network) -> None:  # type: ignore[no-untyped-def]
    _texts(network.commune_a1.unit, 6)
    _texts(network.commune_b1.unit, 3)
    province_a = user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)
    province_b = user_with(network.province_b, Role.OFFICER, Scope.SUBTREE)
    assert overview(province_a).this_week == 6
    assert overview(province_b).this_week == 3


def test_small_counts_are_hidden_from_who_does_not_read_texts(network) -> None:  # type: ignore[no-untyped-def]
    _texts(network.commune_b1.unit, 3)
    admin = user_with(network.province_b, Role.UNIT_ADMIN, Scope.SUBTREE)
    officer = user_with(network.province_b, Role.OFFICER, Scope.SUBTREE)
    assert overview(admin).this_week is None
    assert overview(officer).this_week == 3


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        (Role.CITIZEN, 403),
        (Role.OFFICER, 200),
        (Role.LEADER, 200),
        (Role.UNIT_ADMIN, 200),
    ],
)
def test_the_overview_page_is_for_staff(client, network, role, expected) -> None:  # type: ignore[no-untyped-def]
    if role == Role.CITIZEN:
        from tests.factories import UserFactory, sign_in

        sign_in(client, UserFactory())
    elif role is not None:
        sign_in_with_totp(client, user_with(network.province_a, role, Scope.SUBTREE))
    _texts(network.commune_a1.unit, 2)
    response = client.get(reverse("insights:home"))
    assert response.status_code == expected


def test_the_overview_reads_in_few_queries(client, network, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    _texts(network.commune_a1.unit, 8)
    sign_in_with_totp(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("insights:home")).status_code == 200
