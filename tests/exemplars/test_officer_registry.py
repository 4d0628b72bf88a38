"""The officer's registry of models: scoped, filtered, searched without diacritics, paged
with a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exemplars.conftest import built, register
from tests.factories import Role, Scope, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _names(response):
    return [e.name for e in response.context["page"]]


def test_the_registry_shows_only_the_models_in_scope(client, network):
    hanoi = register(network)
    tuyen_quang = register(
        network,
        officer=user_with(network.commune_b1, Role.OFFICER),
        organization=network.commune_b1,
        name="Dân vận khéo ở Tuyên Quang",
    )
    client.force_login(user_with(network.province_b, Role.OFFICER, Scope.SUBTREE))
    response = client.get("/exemplars/")
    assert response.status_code == 200
    assert _names(response) == [tuyen_quang.name]
    assert hanoi.name not in response.content.decode()

    client.force_login(user_with(network.province_a, Role.OFFICER, Scope.SUBTREE))
    assert _names(client.get("/exemplars/")) == [hanoi.name]


def test_filters_and_search_without_diacritics(client, network):
    register(network, name="Tổ tự quản đường hoa")
    building = built(network, name="Chợ phiên không tiền mặt", field="economy", subfields=[])
    register(network, name="Điển hình Lê Văn Tâm", kind="individual", holder_name="Lê Văn Tâm")
    client.force_login(user_with(network.commune_a1, Role.OFFICER))

    assert _names(client.get("/exemplars/", {"q": "to TU quan"})) == ["Tổ tự quản đường hoa"]
    assert _names(client.get("/exemplars/", {"q": "CHỢ tien"})) == [building.name]
    assert _names(client.get("/exemplars/", {"state": "building"})) == [building.name]
    assert _names(client.get("/exemplars/", {"field": "economy"})) == [building.name]
    assert _names(client.get("/exemplars/", {"kind": "individual"})) == ["Điển hình Lê Văn Tâm"]
    assert len(_names(client.get("/exemplars/", {"year": "2026"}))) == 3
    assert _names(client.get("/exemplars/", {"year": "2025"})) == []
    # Unknown values are ignored, not an error.
    assert len(_names(client.get("/exemplars/", {"state": "x", "year": "abc"}))) == 3


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/exemplars/")
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page"])


def test_the_number_of_queries_does_not_grow_with_the_rows(client, network):
    officer = user_with(network.commune_a1, Role.OFFICER)
    client.force_login(officer)
    for i in range(3):
        register(network, officer=officer, name=f"Mô hình {i}")
    client.get("/exemplars/")  # warm the session and the per-process caches
    few, rows = _queries(client)
    assert rows == 3
    for i in range(3, 12):
        register(network, officer=officer, name=f"Mô hình {i}")
    many, rows = _queries(client)
    assert rows == 12
    assert many == few


def test_pages_of_25_and_the_register_button(client, network):
    officer = user_with(network.commune_a1, Role.OFFICER)
    for i in range(27):
        register(network, officer=officer, name=f"Mô hình {i}")
    client.force_login(officer)
    first = client.get("/exemplars/")
    assert len(first.context["page"]) == 25 and first.context["can_add"]
    assert len(client.get("/exemplars/", {"page": 2}).context["page"]) == 2
    assert 'href="/exemplars/new/"' in first.content.decode()


def test_the_registry_needs_a_staff_role(client, network):
    from tests.factories import UserFactory

    assert client.get("/exemplars/").status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get("/exemplars/").status_code == 403
