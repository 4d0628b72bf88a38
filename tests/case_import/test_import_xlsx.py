import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from danvan.cases.models import Case
from danvan.cases.services import case_import
from danvan.org.models import AdminUnit
from tests.case_import.conftest import case_row

pytestmark = pytest.mark.django_db


def _write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_an_xlsx_file_with_real_dates_and_numbers_is_read(network, officer, tmp_path):
    # As a user types it: Excel keeps dates as dates and phone numbers as numbers.
    row = case_row(network)
    path = _write_xlsx(
        tmp_path / "cases.xlsx",
        ["Received_At", "title", "content", "unit_code", "phone", "channel", "anonymous"],
        [
            [
                dt.datetime(2026, 1, 15, 9, 30),
                row["title"],
                row["content"],
                network.commune_a1.unit.code,  # a text cell, as the template asks
                912345678,
                "in_person",
                0,
            ],
            [None] * 7,
            [dt.date(2025, 12, 1), row["title"], row["content"], None, 987654321.0, None, None],
        ],
    )
    rows = case_import.read_rows(path)
    rows[2]["address"] = "Phường Ba Đình, Hà Nội"

    result = case_import.import_cases(actor=officer, rows=rows)

    assert result.ok, result.errors
    first, second = (Case.objects.get(tracking_code=code) for code in result.created)
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    assert first.received_at == dt.datetime(2026, 1, 15, 9, 30, tzinfo=hcm)
    assert first.channel == "in_person"
    assert first.unit == network.commune_a1.unit
    assert first.petitioner.data()["phone"] == "0912345678"
    assert second.received_at == dt.datetime(2025, 12, 1, tzinfo=hcm)
    assert second.channel == "letter"
    assert second.petitioner.data()["phone"] == "0987654321"


def test_a_code_excel_shortened_into_two_units_is_reported(network, officer, tmp_path):
    # Commune 00004 saved as a number is 4, which is also province 04.
    row = case_row(network)
    path = _write_xlsx(
        tmp_path / "cases.xlsx",
        ["received_at", "title", "content", "unit_code", "phone"],
        [["15/01/2026", row["title"], row["content"], 4, "0912345678"]],
    )

    result = case_import.import_cases(actor=officer, rows=case_import.read_rows(path))

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (
            2,
            "unit_code",
            "Code 4 may mean province 04 or commune 00004: write it in full (2 digits for a "
            "province, 5 for a commune) and keep the column as text.",
        )
    ]


def test_a_commune_code_without_its_leading_zeros_is_understood(network, officer):
    commune = (
        AdminUnit.objects.current()
        .filter(level="commune", code__startswith="00", code__gte="00100")
        .order_by("code")
        .first()
    )
    row = case_row(network, unit_code=str(int(commune.code)))  # "00103" → "103"

    result = case_import.import_cases(actor=officer, rows=[row])

    assert result.ok, result.errors
    assert Case.objects.get().unit == commune


def test_errors_in_an_xlsx_file_carry_the_rows_excel_shows(network, officer, tmp_path):
    row = case_row(network)
    good = ["15/01/2026", row["title"], row["content"], network.commune_a1.unit.code, "0912345678"]
    path = _write_xlsx(
        tmp_path / "cases.xlsx",
        ["received_at", "title", "content", "unit_code", "phone"],
        [good, good, [*good[:3], "00000", good[4]]],
    )

    result = case_import.import_cases(actor=officer, rows=case_import.read_rows(path))

    assert [(e.row, e.column) for e in result.errors] == [(4, "unit_code")]
    assert Case.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(b"not a zip")

    with pytest.raises(case_import.ImportFileError):
        case_import.read_rows(path)
