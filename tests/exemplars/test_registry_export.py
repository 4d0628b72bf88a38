"""The registry as XLSX: the models in the officer's scope and filters, with their results as
numbers, in a fixed number of queries."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from danvan.accounts.models import User
from danvan.exemplars.models import Metric
from tests.exemplars.conftest import recognized, recognized_in_tuyen_quang, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

URL = reverse("exemplars:registry_xlsx")


def sheet(response):
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_the_export_holds_the_models_in_scope_with_their_figures(
    client, network, province_officer, province_leader
):
    recognized(network, province_officer, province_leader)
    register(network, name="Mô hình mới", results={"households_helped": "12"})
    recognized_in_tuyen_quang(network, name="Mô hình Tuyên Quang")
    client.force_login(province_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    header, rows = sheet(response)
    names = sorted(r[0] for r in rows)
    assert names == ["Mô hình mới", "Tổ tự quản đường hoa"]  # Tuyên Quang is out of scope
    with translation.override("vi"):
        land, road = (header.index(str(m.label)) for m in (Metric.LAND_DONATED, Metric.ROAD_BUILT))
    flowers = next(r for r in rows if r[0] == "Tổ tự quản đường hoa")
    # Figures are numbers in the sheet, not text: a report can add them up.
    assert (Decimal(str(flowers[land])), Decimal(str(flowers[road]))) == (1250, 2)


def test_the_export_follows_the_filters(client, network, province_officer, province_leader):
    recognized(network, province_officer, province_leader)
    register(network, name="Mô hình mới")
    client.force_login(province_officer)
    _header, rows = sheet(client.get(URL, {"state": "recognized"}))
    assert [r[0] for r in rows] == ["Tổ tự quản đường hoa"]


def test_the_export_reads_a_fixed_number_of_queries(
    client, network, province_officer, django_assert_max_num_queries
):
    for i in range(3):
        register(network, name=f"Mô hình {i}")
    client.force_login(province_officer)
    with django_assert_max_num_queries(12) as few:
        sheet(client.get(URL))
    for i in range(3, 12):
        register(network, name=f"Mô hình {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        sheet(client.get(URL))


def test_citizens_cannot_export(client, network):
    client.force_login(User.objects.create_user(username="dan", password="x" * 12))
    assert client.get(URL).status_code == 403


def test_text_that_looks_like_a_formula_is_escaped_and_figures_stay_numbers(
    client, network, province_officer
):
    name = '=HYPERLINK("http://x","Mô hình")'
    register(network, name=name, holder_name="@Thôn Đông", results={"households_helped": "12"})
    client.force_login(province_officer)
    content = b"".join(client.get(URL).streaming_content)
    header, row = load_workbook(io.BytesIO(content)).active.iter_rows()
    assert all(c.data_type != "f" for c in row)
    assert (row[0].value, row[2].value) == ("'" + name, "'@Thôn Đông")
    with translation.override("vi"):
        helped = [h.value for h in header].index(str(Metric.HOUSEHOLDS_HELPED.label))
    assert row[helped].data_type == "n" and row[helped].value == 12
    assert isinstance(row[8].value, int)  # the year
