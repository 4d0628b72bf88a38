"""A NUL or another control character anywhere in a request is refused (400) before any view
runs: PostgreSQL cannot store NUL (a 500 on 29 of 39 endpoints), and the XLSX exports cannot
hold control characters."""

import json

import pytest

from danvan.cases.models import Case, SubmissionReceipt
from tests.open311.conftest import assert_error as assert_georeport

from .conftest import assert_api, assert_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/units/", "/dan-van-kheo/", "/bang-vang/", "/phan-anh/tra-cuu/"])
def test_a_nul_in_the_search_of_a_public_page_is_a_vietnamese_400_page(client, url):
    page = assert_page(client.get(url, {"q": "\x00"}), 400)
    assert "Yêu cầu không hợp lệ" in page
    assert "ký tự không được phép" in page


def test_a_nul_in_the_search_of_the_cases_inbox_is_400(officer_client):
    assert_page(officer_client.get("/cases/", {"q": "ab\x00cd"}), 400)


def test_a_nul_in_a_parameter_name_or_the_path_is_400(client):
    assert_page(client.get("/units/?%00=1"), 400)
    assert_page(client.get("/phan-anh/%00/"), 400)


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x1b", "\x1f"])
def test_other_control_characters_are_refused_too(client, char):
    assert_page(client.get("/units/", {"q": f"Hà{char}Nội"}), 400)


def test_tabs_and_line_breaks_are_ordinary_input(client):
    assert client.get("/units/", {"q": "Hà\tNội\r\n"}).status_code == 200


def test_a_nul_in_a_posted_form_is_400_and_nothing_is_stored(client, network):
    form = {
        "title": "Đèn\x00 đường hỏng",
        "content": "Cả dãy đèn đường trước trường học đã tắt một tuần nay.",
        "unit": network.commune_a1.unit_id,
        "phone": "0912345678",
        "consent": "on",
    }
    assert_page(client.post("/phan-anh/gui/", form), 400)
    assert not SubmissionReceipt.objects.exists() and not Case.objects.exists()


def test_a_nul_in_the_query_of_the_api_is_400_in_the_api_error_shape(client, bearer):
    for url in ("/api/v1/units", "/api/v1/organizations", "/api/v1/cases"):
        body = assert_api(client.get(url, {"q": "\x00"}, headers=bearer), 400, "invalid_characters")
        assert body["errors"][0]["loc"] == ["query", "q"]
        assert body["errors"][0]["field"] == "q"


def test_a_nul_in_a_json_body_to_submit_a_case_is_400_in_vietnamese(client, case_body):
    response = client.post(
        "/api/v1/cases", case_body(title="Rác\x00 thải"), content_type="application/json"
    )
    body = assert_api(response, 400, "invalid_characters")
    assert "ký tự không được phép" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "title"]
    assert not SubmissionReceipt.objects.exists()


def test_nested_json_strings_and_keys_are_checked(client, case_body):
    nested = case_body(person={"full_name": "Võ\x00 Văn", "phone": "0933111222"})
    body = assert_api(
        client.post("/api/v1/cases", nested, content_type="application/json"),
        400,
        "invalid_characters",
    )
    assert body["errors"][0]["loc"] == ["body", "person", "full_name"]
    keyed = case_body(**{"ti\x00tle": "x"})
    assert_api(
        client.post("/api/v1/cases", keyed, content_type="application/json"),
        400,
        "invalid_characters",
    )


def test_a_lone_surrogate_in_json_is_refused(client, case_body):
    # Valid JSON ("\ud800"), but no UTF-8 text can hold it: PostgreSQL would fail on it.
    raw = '{"title": "R\\ud800", "content": "x", "consent": true}'
    assert_api(
        client.post("/api/v1/cases", raw, content_type="application/json"),
        400,
        "invalid_characters",
    )


def test_a_nul_in_a_header_is_refused(client, case_body):
    response = client.post(
        "/api/v1/cases",
        case_body(),
        content_type="application/json",
        headers={"Idempotency-Key": "key\x00"},
    )
    assert_api(response, 400, "invalid_characters")


def test_a_nul_in_an_open311_post_is_a_georeport_400(client, georeport_form):
    url = "/open311/v2/requests.json"
    assert_georeport(client.post(url, georeport_form(description="Ngập\x00 sâu")), 400)
    response = client.post(
        url, georeport_form(description="Ngập\x00 sâu"), content_type="application/json"
    )
    assert_georeport(response, 400)
    assert_georeport(client.get("/open311/v2/requests/%00.json"), 400)
    assert not SubmissionReceipt.objects.exists()


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        ('{"title": "a\\bb", "content": "x", "consent": true}', 400, "invalid_characters"),
        ('{"title": "a\\fb", "content": "x", "consent": true}', 400, "invalid_characters"),
        ('{"title": "a\\u001Fb", "content": "x", "consent": true}', 400, "invalid_characters"),
        ('{"title": "x", "content": "x", "unit_id": NaN, "consent": true}', 422, "invalid"),
        ('{"title": "x", "content": "x", "unit_id": 1e400, "consent": true}', 422, "invalid"),
        ('{"title": "x", "content": "x", "unit_id": -Infinity, "consent": true}', 422, "invalid"),
    ],
)
def test_every_way_json_can_spell_a_bad_value_is_caught(client, raw, status, code):
    response = client.post("/api/v1/cases", raw, content_type="application/json")
    assert_api(response, status, code)


def test_a_surrogate_encoded_in_utf_8_is_refused(client):
    # Not valid UTF-8, but json.loads decodes it ("surrogatepass") and PostgreSQL fails on it.
    raw = b'{"title": "R\xed\xa0\x80", "content": "x", "consent": true}'
    response = client.post("/api/v1/cases", raw, content_type="application/json")
    assert_api(response, 400, "invalid_characters")


def test_json_in_utf_16_is_checked_too(client):
    raw = '{"title": "R\\u0000", "content": "x", "consent": true}'.encode("utf-16")
    response = client.post("/api/v1/cases", raw, content_type="application/json")
    assert_api(response, 400, "invalid_characters")


def test_ordinary_escaped_json_is_not_refused(client, case_body):
    # ensure_ascii clients escape every Vietnamese letter; "\u00e1" is "á", not a control.
    raw = json.dumps(case_body(title="Rác thải \\ đường"), ensure_ascii=True)
    assert "\\u00e1" in raw
    response = client.post("/api/v1/cases", raw, content_type="application/json")
    assert response.status_code == 201, response.content
