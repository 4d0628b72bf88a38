"""A matter whose place has no competent body goes to its province's receiving desk (the
province People's Committee: docs/decisions/0018-receiving-desk.md), and the citizen is told."""

import pytest
from django.urls import reverse

from danvan.cases.models import Case, CaseEvent
from danvan.cases.services.intake import register_pending, submit
from danvan.cases.services.routing import receiving_desks, route, routes
from danvan.org.models import OrganizationKind
from tests.api.helpers import case_payload
from tests.cases.conftest import submission, web_form
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_a_commune_with_no_body_sends_the_matter_to_the_provinces_desk(network):
    # Commune A2 has no People's Committee: no routing rule finds a body there.
    result = submit(
        submission=submission(network, unit=network.commune_a2.unit),
        client="test",
        idempotency_key="desk",
    )
    case = result.case
    assert case.organization == network.province_a_committee
    assert case.province_id == network.province_a.unit_id
    assert result.receiving_desk == network.province_a_committee
    assert "bộ phận tiếp nhận của Ủy ban nhân dân Thành phố Hà Nội" in result.notice
    first = CaseEvent.objects.get(case=case, kind="submitted")
    assert first.visibility == "public"
    assert "bộ phận tiếp nhận" in first.text


def test_a_commune_with_its_body_is_routed_there_and_nothing_is_said(network):
    result = submit(submission=submission(network), client="test", idempotency_key="own")
    assert result.case.organization == network.commune_a1_committee
    assert result.receiving_desk is None and result.notice == ""
    assert "bộ phận tiếp nhận" not in CaseEvent.objects.get(case=result.case).text


def test_a_province_without_a_peoples_committee_has_no_desk(network):
    # Tuyên Quang has only its commission in the test network.
    result = submit(
        submission=submission(network, unit=network.commune_b1.unit),
        client="test",
        idempotency_key="nodesk",
    )
    assert result.case.organization is None and result.receiving_desk is None
    assert result.case.province_id == network.province_b.unit_id


def test_the_citizen_is_told_on_the_confirmation_page(network, client):
    response = client.post(
        reverse("cases:submit"),
        web_form(network, unit=network.commune_a2.unit_id),
        follow=True,
    )
    page = response.content.decode()
    case = Case.objects.get()
    assert case.organization == network.province_a_committee
    assert case.tracking_code in page
    assert "bộ phận tiếp nhận của Ủy ban nhân dân Thành phố Hà Nội" in page
    assert 'class="message message-info" role="status"' in page


def test_a_routed_matter_shows_no_desk_message(network, client):
    response = client.post(reverse("cases:submit"), web_form(network), follow=True)
    assert "bộ phận tiếp nhận" not in response.content.decode()


def test_the_api_path_registered_in_the_background_goes_to_the_desk_too(network, client):
    for key, unit in (("api-a1", network.commune_a1), ("api-a2", network.commune_a2)):
        client.post(
            "/api/v1/cases",
            case_payload(network, unit_id=unit.unit_id),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
    assert register_pending() == 2
    by_unit = {c.unit_id: c for c in Case.objects.all()}
    assert by_unit[network.commune_a1.unit_id].organization == network.commune_a1_committee
    at_desk = by_unit[network.commune_a2.unit_id]
    assert at_desk.organization == network.province_a_committee
    assert "bộ phận tiếp nhận" in at_desk.events.get(kind="submitted").text


def test_routes_cost_three_queries_however_many_places(network, django_assert_max_num_queries):
    places = [
        (network.commune_a1.unit, None),
        (network.commune_a2.unit, None),
        (network.commune_b1.unit, None),
        (None, None),
    ]
    with django_assert_max_num_queries(3):
        found = routes(places)
    assert found[(network.commune_a1.unit_id, None)].organization == network.commune_a1_committee
    assert not found[(network.commune_a1.unit_id, None)].at_desk
    assert found[(network.commune_a2.unit_id, None)].at_desk
    assert found[(network.commune_b1.unit_id, None)].organization is None
    assert found[(None, None)].organization is None


def test_the_desk_is_the_province_peoples_committee_not_another_body(network):
    # A commune's People's Committee or a province's commission is never the desk.
    assert receiving_desks([network.province_a.unit_id, network.province_b.unit_id]) == {
        network.province_a.unit_id: network.province_a_committee
    }
    desk_b = make_org(unit=network.province_b.unit, kind=OrganizationKind.PEOPLES_COMMITTEE)
    where = route(unit=network.commune_b1.unit, field=None)
    assert where.organization == desk_b and where.at_desk
