"""The emulation exports go through the shared table writer: a bold frozen header with a
filter, dates real dates, scores and amounts numbers."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.emulation.conftest import issued, submitted
from tests.emulation.test_exports import results_xlsx
from tests.lib.xlsx_checks import assert_table_sheet, streamed

pytestmark = pytest.mark.django_db


def test_the_results_sheet_keeps_its_title_lines_above_the_table(
    client, network, movement, cluster, province_officer
):
    sheet = streamed(results_xlsx(client, network, movement, cluster, province_officer))
    assert_table_sheet(sheet, header_row=4)
    assert sheet["A1"].font.b  # the title
    first = sheet[5]
    assert first[3].value == 35.5 and first[3].number_format == "#,##0.0#"
    assert first[-1].value == 75.5


def test_the_decisions_have_real_dates_and_amounts(
    client, network, commune_officer, committee_leader
):
    issued(network, commune_officer, committee_leader, number="1/QĐ-UBND")
    client.force_login(committee_leader)
    sheet = streamed(client.get(reverse("emulation:decisions_export", args=["xlsx"])))
    assert_table_sheet(sheet)
    signed = sheet["B2"]
    assert (signed.value, signed.number_format) == (dt.datetime(2026, 11, 5), "dd/mm/yyyy")
    amounts = [row[9] for row in sheet.iter_rows(min_row=2) if row[9].value is not None]
    assert all(isinstance(c.value, int) and c.number_format == "#,##0" for c in amounts)


def test_the_proposals_have_their_days_and_plain_numbers(client, network, commune_officer):
    submitted(network, commune_officer)
    client.force_login(commune_officer)
    sheet = streamed(client.get(reverse("emulation:proposals_xlsx")))
    assert_table_sheet(sheet)
    row = sheet[2]
    assert row[0].number_format == "0" and isinstance(row[0].value, int)  # the record's No.
    assert isinstance(row[1].value, dt.datetime) and row[1].number_format == "dd/mm/yyyy"
    assert row[1].value.time() == dt.time(0)  # the day it was created, in Vietnam
    assert row[6].number_format == "0"  # the year, not 2.026
    assert isinstance(row[8].value, dt.datetime)  # submitted on
    assert [c.value for c in row[-2:]] == [1, 2]
