import datetime as dt

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from danvan.org.models import Organization
from danvan.org.services import tree_io
from tests.factories import unit

pytestmark = pytest.mark.django_db


def test_xlsx_import_creates_bodies_even_when_excel_typed_the_cells(network, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(tree_io.COLUMNS))
    # Excel stores a typed date as a date and a code like 08 as the number 8.
    sheet.append(
        [
            "X-TQ",
            "Hội Liên hiệp Phụ nữ tỉnh Tuyên Quang",
            "Hội LHPN",
            "women",
            8,
            "province",
            "TW-BTGDV",
            dt.datetime(2025, 7, 1),
            None,
        ]
    )
    sheet.append([None] * len(tree_io.COLUMNS))  # trailing formatting Excel leaves behind
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)

    call_command("org_import", str(path), verbosity=0)

    org = Organization.objects.get(code="X-TQ")
    assert (org.kind, org.unit, org.parent) == ("women", unit("08"), network.central)
    assert org.valid_from == dt.date(2025, 7, 1)
    assert org.short_name == "Hội LHPN"


def test_xlsx_errors_are_reported_with_excel_row_numbers(network, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(tree_io.COLUMNS))
    sheet.append(["X-1", "Tên", "", "mm_commission", None, None, None, None, None])
    sheet.append(["X-2", "Tên", "", "mm_commission", None, None, "NOPE", None, None])
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert [(e.row, e.column) for e in result.errors] == [(3, "parent_code")]
    assert not Organization.objects.filter(code="X-1").exists()
