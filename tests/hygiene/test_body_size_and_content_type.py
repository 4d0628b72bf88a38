"""Bodies larger than the platform takes answer 413, and the API and Open311 refuse content
types they do not read (415) instead of reading text/plain as JSON."""

import json

import pytest

from danvan.cases.models import SubmissionReceipt
from danvan.portal import hygiene
from tests.open311.conftest import assert_error as assert_georeport

from .conftest import assert_api, assert_page

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_a_json_body_over_the_limit_is_413(client, case_body):
    big = case_body(content="x" * (hygiene.JSON_LIMIT + 1))
    response = client.post("/api/v1/cases", big, content_type="application/json")
    assert_api(response, 413, "too_large")
    assert not SubmissionReceipt.objects.exists()


def test_a_65_mb_body_is_413_by_its_declared_length(client, case_body):
    # What the probe sent; the declared length is refused before a byte of the body is read.
    response = client.post(
        "/api/v1/cases", case_body(), content_type="application/json", CONTENT_LENGTH=65 * MB
    )
    assert_api(response, 413, "too_large")


def test_an_upload_over_the_multipart_limit_is_a_413_page(client):
    response = client.post(
        "/phan-anh/gui/",
        {"title": "Ảnh"},
        CONTENT_LENGTH=hygiene.MULTIPART_LIMIT + 1,
    )
    page = assert_page(response, 413)
    assert "quá lớn" in page


def test_five_attachments_of_10_mb_stay_under_the_multipart_limit():
    assert hygiene.MULTIPART_LIMIT > 5 * 10 * MB + MB
    # Evidence of a model takes ten documents of 10 MB at once.
    assert hygiene.MULTIPART_LIMIT > 10 * 10 * MB + MB


def test_an_open311_body_over_the_limit_is_a_georeport_413(client, georeport_form):
    response = client.post(
        "/open311/v2/requests.json", georeport_form(), CONTENT_LENGTH=hygiene.MULTIPART_LIMIT + 1
    )
    assert_georeport(response, 413)


def test_text_plain_is_not_read_as_json_by_the_api(client, case_body):
    response = client.post("/api/v1/cases", json.dumps(case_body()), content_type="text/plain")
    body = assert_api(response, 415, "unsupported_media_type")
    assert "application/json" in body["detail"]
    assert not SubmissionReceipt.objects.exists()


def test_a_form_is_not_read_by_the_api_either(client, case_body):
    response = client.post("/api/v1/cases", {"title": "x"})  # multipart/form-data
    assert_api(response, 415, "unsupported_media_type")


def test_json_with_a_charset_is_json(client, case_body):
    response = client.post(
        "/api/v1/cases", json.dumps(case_body()), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 201


def test_a_post_without_a_body_needs_no_content_type(client, bearer):
    # Actions such as submitting a judge's sheet carry no body: the endpoint answers. An
    # empty form (what Django's test client sends) is no body either.
    url = "/api/v1/contests/rounds/1/sheet/submit"
    assert client.generic("POST", url, headers=bearer).status_code == 404
    assert client.post(url, headers=bearer).status_code == 404
    assert client.post(url, "", content_type="text/plain", headers=bearer).status_code == 404


def test_open311_takes_forms_and_json_but_not_text_plain(client, georeport_form):
    url = "/open311/v2/requests.json"
    response = client.post(url, json.dumps(georeport_form()), content_type="text/plain")
    assert_georeport(response, 415)
    assert client.post(url, georeport_form()).status_code == 201
    assert client.post(url, georeport_form(), content_type="application/json").status_code == 201
