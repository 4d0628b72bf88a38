import pytest

from danvan.cases.models import CaseField

from .conftest import (
    BASE,
    DEFINITION_KEYS,
    DISCOVERY_KEYS,
    ENDPOINT_KEYS,
    SERVICE_KEYS,
    assert_error,
)

pytestmark = pytest.mark.django_db


def test_discovery_lists_this_endpoint_as_georeport_v2_in_json(client):
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == DISCOVERY_KEYS
    assert body["contact"] and body["key_service"]
    [endpoint] = body["endpoints"]
    assert set(endpoint) == ENDPOINT_KEYS
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["application/json"]
    assert endpoint["changeset"] == body["changeset"]


def test_services_are_the_active_fields(client):
    CaseField.objects.filter(code="khac").update(active=False)
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    services = response.json()
    assert all(set(s) == SERVICE_KEYS for s in services)
    active = list(CaseField.objects.filter(active=True).order_by("position", "name"))
    assert [s["service_code"] for s in services] == [f.code for f in active]
    assert "khac" not in {s["service_code"] for s in services}
    land = next(s for s in services if s["service_code"] == "dat-dai")
    assert land["service_name"] == "Đất đai"
    assert land["metadata"] is False
    assert land["type"] == "realtime"
    assert "dat dai" in land["keywords"] and land["description"] and land["group"]
    # Vietnamese as UTF-8, not \u escapes.
    assert "Đất đai".encode() in response.content


def test_a_service_definition_has_no_attributes(client):
    response = client.get(f"{BASE}/services/dat-dai.json")
    assert response.status_code == 200
    assert response.json() == {"service_code": "dat-dai", "attributes": []}
    assert set(response.json()) == DEFINITION_KEYS


@pytest.mark.parametrize("code", ["khong-co", "khac"])
def test_an_unknown_or_retired_service_is_404_in_georeport_shape(client, code):
    CaseField.objects.filter(code="khac").update(active=False)
    assert_error(client.get(f"{BASE}/services/{code}.json"), 404)


@pytest.mark.parametrize("path", ["services.xml", "requests.xml", "discovery.xml", "nothing"])
def test_other_formats_and_paths_are_404_in_georeport_shape(client, path):
    assert_error(client.get(f"{BASE}/{path}"), 404)


def test_a_wrong_method_is_405_in_georeport_shape(client):
    response = client.post(f"{BASE}/services.json")
    assert_error(response, 405)
    assert response["Allow"] == "GET"
