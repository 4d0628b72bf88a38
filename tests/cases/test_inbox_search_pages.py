"""A search is paged without a total; a matter assigned outside one's scope stays visible."""

import pytest

from danvan.accounts.services import issue_api_token
from danvan.cases import selectors
from danvan.cases.models import Case
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def _many(network, n, **kw):
    return [
        submit(submission=submission(network, **kw), client="test", idempotency_key=None).case
        for _ in range(n)
    ]


def test_a_search_has_pages_without_counting_every_match(network, client):
    _many(network, 27, title="Cống thoát nước tắc")
    _many(network, 2, title="Đèn đường hỏng")
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    first = client.get("/cases/", {"q": "cong thoat"})
    assert first.context["page"].paginator.count is None
    assert len(first.context["page"]) == 25 and first.context["page"].has_next()
    second = client.get("/cases/", {"q": "cong thoat", "page": "2"})
    assert len(second.context["page"]) == 2 and not second.context["page"].has_next()
    assert "page=1" in second.content.decode()  # the link back
    plain = client.get("/cases/")
    assert plain.context["page"].paginator.count == 29


def test_a_nonsense_page_number_gives_the_first_page(network, client):
    _many(network, 2, title="Cống thoát nước tắc")
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get("/cases/", {"q": "cong", "page": "abc"})
    assert response.status_code == 200 and response.context["page"].number == 1


def test_the_api_search_says_whether_there_is_a_next_page_instead_of_a_count(network, client):
    _many(network, 3, title="Cống thoát nước tắc")
    _token, raw = issue_api_token(
        user=user_with(network.province_a, Role.LEADER, Scope.SUBTREE), name="t"
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = client.get("/api/v1/cases", {"q": "cong thoat", "page_size": 2}, **auth).json()
    assert body["count"] is None and body["has_next"] is True and len(body["items"]) == 2
    body = client.get("/api/v1/cases", {"page_size": 2, "page": 2}, **auth).json()
    assert body["count"] == 3 and body["has_next"] is False and len(body["items"]) == 1


def test_a_matter_assigned_to_an_officer_who_moved_leaves_their_inbox(network):
    # Access comes from current assignments only: being the assignee grants nothing alone.
    case = _many(network, 1)[0]
    officer = user_with(network.commune_b1, Role.OFFICER)  # another province
    Case.objects.filter(pk=case.pk).update(assigned_to=officer)
    assert list(selectors.visible_cases(officer)) == []
