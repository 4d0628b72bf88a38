"""A whole number that no column can hold (beyond signed 64 bits) is refused (400) before a
view turns it into a query: SQLite raised OverflowError (a 500) on five pages and exports."""

import pytest

from tests.factories import Role, user_with

from .conftest import BIG, assert_api, assert_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, network):  # type: ignore[no-untyped-def]
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    return client


@pytest.mark.parametrize("url", ["/exemplars/figures/", "/exemplars/figures.xlsx"])
def test_a_23_digit_province_on_a_page_and_its_export_is_400(staff_client, url):
    page = assert_page(staff_client.get(url, {"province": BIG}), 400)
    assert "province" in page


@pytest.mark.parametrize("url", ["/cases/", "/cases/export.csv"])
def test_a_23_digit_field_on_the_inbox_and_its_export_is_400(officer_client, url):
    assert_page(officer_client.get(url, {"field": BIG}), 400)


@pytest.mark.parametrize("value", [f"-{BIG}", f" {BIG} ", "1_" + "0" * 21, "9223372036854775808"])
def test_signed_spaced_and_grouped_forms_are_refused_too(client, value):
    assert_page(client.get("/units/", {"parent": value}), 400)


def test_digits_that_are_no_decimal_number_are_refused(client):
    # str.isdigit() holds for "²" but int("²") fails: views that trust isdigit() crashed.
    assert_page(client.get("/units/", {"parent": "²"}), 400)


def test_a_23_digit_id_in_the_path_is_400(client):
    assert_page(client.get(f"/units/{BIG}/"), 400)


def test_the_largest_id_a_column_holds_is_ordinary_input(client):
    assert client.get("/units/", {"parent": str(2**63 - 1)}).status_code == 404


def test_a_23_digit_number_in_the_api_is_its_422_invalid(client, case_body):
    response = client.post(
        "/api/v1/cases", case_body(unit_id=10**22), content_type="application/json"
    )
    body = assert_api(response, 422, "invalid")
    assert body["errors"][0]["loc"] == ["body", "unit_id"]
    assert body["errors"][0]["type"] == "number_out_of_range"
    # Parameters without bounds in their schema are covered too (?year= of registrations).
    body = assert_api(client.get("/api/v1/emulation/registrations", {"year": BIG}), 422, "invalid")
    assert body["errors"][0]["loc"] == ["query", "year"]


def test_a_23_digit_value_in_a_posted_form_is_400(client, network):
    form = {"title": "Đèn đường", "content": "Đèn đường hỏng đã một tuần.", "province": BIG}
    assert_page(client.post("/phan-anh/gui/", form), 400)
