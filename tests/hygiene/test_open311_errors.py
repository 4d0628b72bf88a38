"""Open311 answers every error in GeoReport's shape, never an HTML page, and its look-ups by
id are rate-limited like its submissions."""

import pytest
from django.conf import settings

from danvan.cases.open311 import views
from tests.open311.conftest import assert_error as assert_georeport

pytestmark = pytest.mark.django_db

LOOKUP = "/open311/v2/requests/DV-KHONG-CO.json"


def test_lookups_by_id_have_a_rate_by_default():
    assert settings.ACCOUNT_RATE_LIMITS["open311_lookup"]


def test_lookups_by_id_are_rate_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "open311_lookup": "2/m/ip"}
    assert_georeport(client.get(LOOKUP), 404)
    assert_georeport(client.get(LOOKUP), 404)
    body = assert_georeport(client.get(LOOKUP), 429)
    assert "thử lại" in body[0]["description"]
    # The list asked by ids is the same look-up, and counts against the same rate.
    ids = {"service_request_id": "DV-KHONG-CO"}
    assert_georeport(client.get("/open311/v2/requests.json", ids), 429)


def test_the_list_without_ids_is_not_a_lookup(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "open311_lookup": "1/m/ip"}
    for _ in range(3):
        assert client.get("/open311/v2/requests.json").status_code == 200


def test_an_unexpected_failure_of_a_submission_is_a_georeport_500(
    client, georeport_form, monkeypatch
):
    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "submit_request", fail)
    response = client.post("/open311/v2/requests.json", georeport_form())
    body = assert_georeport(response, 500)
    assert "database" not in body[0]["description"]
