import csv
import datetime as dt

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from danvan.org.models import AdminLevel, AdminUnit, Organization
from danvan.org.services import tree_io
from tests.factories import make_org

pytestmark = pytest.mark.django_db

REFORM_EVE = dt.date(2025, 6, 30)


def _history_count() -> int:
    return Organization.history.count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(network, tmp_path, fmt):
    path = tmp_path / f"orgs.{fmt}"
    call_command("org_export", "--format", fmt, "--output", str(path), "--quiet")
    history = _history_count()

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok
    assert (result.created, result.updated) == ([], [])
    assert len(result.unchanged) == Organization.objects.count() == 8
    assert _history_count() == history


def _old_commune_whose_code_lives_on() -> AdminUnit:
    """A commune that ended with the 2025 reform, whose code a commune in force reuses."""
    reused = AdminUnit.objects.current().communes().values("code")
    old = AdminUnit.objects.communes().filter(valid_to=REFORM_EVE, code__in=reused).first()
    assert old is not None
    return old


def test_an_ended_body_keeps_its_old_unit_through_a_round_trip(network, tmp_path):
    old_unit = _old_commune_whose_code_lives_on()
    ended = make_org(unit=old_unit, valid_to=REFORM_EVE)
    path = tmp_path / "all.csv"
    call_command("org_export", "--all", "--output", str(path), "--quiet")

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok
    assert ended.code in result.unchanged
    assert result.updated == []
    ended.refresh_from_db()
    assert ended.unit == old_unit


def test_a_unit_code_is_looked_up_on_the_bodys_own_dates(network):
    old_unit = _old_commune_whose_code_lives_on()
    rows = [
        {
            **tree_io.row_for(network.central),
            "code": "OLD",
            "valid_to": "30/06/2025",
            "unit_code": old_unit.code,
            "unit_level": AdminLevel.COMMUNE,
        },
        {
            **tree_io.row_for(network.central),
            "code": "NEW",
            "unit_code": old_unit.code,
            "unit_level": AdminLevel.COMMUNE,
        },
    ]

    result = tree_io.import_organizations(rows=rows)

    assert result.ok
    assert Organization.objects.get(code="OLD").unit == old_unit
    new_unit = Organization.objects.get(code="NEW").unit
    assert new_unit.code == old_unit.code
    assert new_unit.valid_to is None


FORMULA_NAME = '=HYPERLINK("http://x","Ban Dân vận")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_name_that_looks_like_a_formula_is_escaped_and_imports_back_unchanged(
    network, tmp_path, fmt
):
    body = make_org(unit=None, name=FORMULA_NAME, short_name="'=already quoted")
    other = make_org(unit=None, name="-5 hộ nghèo", short_name="+84 912 345 678")
    path = tmp_path / f"orgs.{fmt}"
    call_command("org_export", "--format", fmt, "--output", str(path), "--quiet")

    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            written = {row["code"]: row for row in csv.DictReader(stream)}
        cells = written[body.code]
    else:
        sheet = load_workbook(path).worksheets[0]
        header = [c.value for c in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == body.code)
        assert all(c.data_type != "f" for c in row)
        cells = {h: c.value for h, c in zip(header, row, strict=True)}
    assert cells["name"] == "'" + FORMULA_NAME
    assert cells["short_name"] == "''=already quoted"
    history = _history_count()

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok
    assert (result.created, result.updated) == ([], [])
    assert _history_count() == history
    body.refresh_from_db()
    other.refresh_from_db()
    assert (body.name, body.short_name) == (FORMULA_NAME, "'=already quoted")
    assert (other.name, other.short_name) == ("-5 hộ nghèo", "+84 912 345 678")
