"""The registry and the report figures go through the shared table writer: the year plain,
dates real dates, results numbers; a bold frozen header with a filter."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from danvan.exemplars.exports import figures_xlsx
from tests.exemplars.conftest import recognized, register
from tests.lib.xlsx_checks import assert_table_sheet, streamed, workbook_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def test_the_registry_xlsx_is_a_table_with_typed_cells(
    client, network, province_officer, province_leader
):
    recognized(network, province_officer, province_leader)
    register(network, name="Mô hình mới", results={"households_helped": "3545"})
    client.force_login(province_officer)
    sheet = streamed(client.get(reverse("exemplars:registry_xlsx")))
    assert_table_sheet(sheet)
    assert sheet.auto_filter.ref.endswith("3")  # the header and two models
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    flowers, new = rows["Tổ tự quản đường hoa"], rows["Mô hình mới"]
    assert isinstance(flowers[8].value, int) and flowers[8].number_format == "0"  # the year
    recognized_on = flowers[11]
    assert isinstance(recognized_on.value, dt.datetime)
    assert recognized_on.number_format == "dd/mm/yyyy"
    helped = next(c for c in new[13:] if c.value is not None)
    assert helped.value == 3545 and helped.number_format == "#,##0"


def test_the_figures_xlsx_is_a_table_with_its_title_above_and_its_total_below():
    out = figures_xlsx(
        [("collective", "Tập thể", 3), ("individual", "=Cá nhân", 2)],
        as_of=dt.date(2026, 11, 23),
        place="Cả nước",
        dimension="Tập thể / cá nhân",
    )
    with out:
        sheet = workbook_sheet(io.BytesIO(out.read()))
    assert_table_sheet(sheet, header_row=3, footer_rows=1)
    assert [c.value for c in sheet[3]] == ["Tập thể / cá nhân", sheet["B3"].value]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=4)] == [
        ("Tập thể", 3),
        ("'=Cá nhân", 2),
        (sheet["A6"].value, 5),
    ]
    assert sheet["A6"].font.b and sheet["B6"].number_format == "#,##0"
    assert "23/11/2026" in sheet["A1"].value
