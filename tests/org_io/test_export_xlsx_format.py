"""The organization tree export goes through the shared table writer: codes text, dates real
dates, a bold frozen header with a filter; it still imports back."""

import datetime as dt

import pytest
from django.core.management import call_command

from danvan.org.services import tree_io, update_organization
from tests.lib.xlsx_checks import assert_table_sheet, workbook_sheet

pytestmark = pytest.mark.django_db


def test_the_xlsx_is_a_table_with_real_dates_and_text_codes(network, tmp_path):
    update_organization(actor=None, organization=network.commune_b1, valid_from=dt.date(2025, 7, 1))
    path = tmp_path / "orgs.xlsx"
    call_command("org_export", "--format", "xlsx", "--output", str(path), "--quiet")
    sheet = workbook_sheet(path.read_bytes())
    assert_table_sheet(sheet)
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    valid_from = rows[network.commune_b1.code][tree_io.COLUMNS.index("valid_from")]
    assert (valid_from.value, valid_from.number_format) == (dt.datetime(2025, 7, 1), "dd/mm/yyyy")
    unit_code = rows[network.province_b.code][tree_io.COLUMNS.index("unit_code")]
    assert (unit_code.value, unit_code.data_type) == ("08", "s")
    read = {row["code"]: row for row in tree_io.read_rows(path)}
    assert read[network.commune_b1.code]["valid_from"] == "01/07/2025"
