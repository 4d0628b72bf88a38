"""The round's summary goes through the shared table writer: its title lines above a bold,
frozen, filtered header; the round's date a real date; scores numbers."""

import datetime as dt

import pytest

from tests.contests.conftest import published
from tests.lib.xlsx_checks import assert_table_sheet, streamed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def test_the_summary_is_a_table_under_its_title_lines(client, network):
    w = published(network)
    client.force_login(w.judge("fa"))
    sheet = streamed(client.get(f"/contests/rounds/{w.final.pk}/summary.xlsx"))
    assert_table_sheet(sheet, header_row=5)
    assert sheet["A1"].value == w.contest.name and sheet["A1"].font.b
    first = sheet[6]
    assert first[0].value == 1 and first[0].number_format == "#,##0"
    total = first[-2]
    assert total.data_type == "n" and total.number_format in ("#,##0", "#,##0.0#")


def test_the_rounds_date_is_a_real_date(client, network):
    w = published(network)
    client.force_login(w.judge("r1b"))
    sheet = streamed(client.get(f"/contests/rounds/{w.round1.pk}/summary.xlsx"))
    assert_table_sheet(sheet, header_row=5)
    held_on = sheet["B2"]
    assert (held_on.value, held_on.number_format) == (dt.datetime(2026, 10, 5), "dd/mm/yyyy")
