import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from danvan.lib.dates import today
from danvan.org.services import tree_io, update_organization

pytestmark = pytest.mark.django_db


def _network_codes(network) -> set[str]:
    return {org.code for org in vars(network).values()}


def _read_csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_export_holds_every_body_with_dd_mm_yyyy_dates_and_a_bom(network, tmp_path):
    update_organization(actor=None, organization=network.province_a, valid_from=dt.date(2025, 7, 1))
    path = tmp_path / "orgs.csv"

    call_command("org_export", "--format", "csv", "--output", str(path), "--quiet")

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = {row["code"]: row for row in _read_csv(path)}
    assert set(rows) == _network_codes(network)
    assert rows[network.province_a.code] == {
        "code": network.province_a.code,
        "name": "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
        "short_name": "",
        "kind": "mm_commission",
        "unit_code": "01",
        "unit_level": "province",
        "parent_code": "TW-BTGDV",
        "valid_from": "01/07/2025",
        "valid_to": "",
    }
    assert rows["TW-BTGDV"]["unit_code"] == rows["TW-BTGDV"]["parent_code"] == ""


def test_xlsx_export_holds_every_body_with_dd_mm_yyyy_dates(network, tmp_path):
    update_organization(actor=None, organization=network.commune_b1, valid_from=dt.date(2025, 7, 1))
    path = tmp_path / "orgs.xlsx"

    call_command("org_export", "--format", "xlsx", "--output", str(path), "--quiet")

    # Not read-only: an empty date is now an empty cell, which read-only mode leaves off the
    # end of a row (the importers pad rows; see test_round_trip).
    workbook = load_workbook(path)
    header, *data = workbook.worksheets[0].iter_rows(values_only=True)
    assert header == tree_io.COLUMNS
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    assert set(rows) == _network_codes(network)
    # A real date (shown dd/mm/yyyy); the importer reads it back as 01/07/2025.
    assert rows[network.commune_b1.code]["valid_from"] == dt.datetime(2025, 7, 1)
    assert rows[network.province_b.code]["unit_code"] == "08"  # text: the zero is kept


def test_csv_export_can_go_to_stdout(network):
    out = io.StringIO()

    call_command("org_export", "--format", "csv", "--output", "-", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {row["code"] for row in rows} == _network_codes(network)


def test_xlsx_export_to_stdout_is_refused(network):
    with pytest.raises(CommandError):
        call_command("org_export", "--format", "xlsx", "--output", "-")


def test_export_of_one_province_holds_only_that_provinces_bodies(network, tmp_path):
    path = tmp_path / "hanoi.csv"

    call_command("org_export", "--output", str(path), "--province", "01", "--quiet")

    assert {row["code"] for row in _read_csv(path)} == {
        network.province_a.code,
        network.province_a_committee.code,
        network.commune_a1.code,
        network.commune_a1_committee.code,
        network.commune_a2.code,
    }


def test_export_of_an_unknown_province_is_refused(network, tmp_path):
    with pytest.raises(CommandError, match="99"):
        call_command("org_export", "--output", str(tmp_path / "x.csv"), "--province", "99")
    assert not (tmp_path / "x.csv").exists()


def test_ended_bodies_are_exported_only_with_all(network, tmp_path):
    update_organization(
        actor=None, organization=network.commune_b1, valid_to=today() - dt.timedelta(days=1)
    )
    current, everything = tmp_path / "current.csv", tmp_path / "all.csv"

    call_command("org_export", "--output", str(current), "--quiet")
    call_command("org_export", "--output", str(everything), "--all", "--quiet")

    assert network.commune_b1.code not in {row["code"] for row in _read_csv(current)}
    ended = {row["code"]: row for row in _read_csv(everything)}[network.commune_b1.code]
    assert ended["valid_to"] == (today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")


def test_export_runs_one_query_however_many_bodies(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(tree_io.export_rows(include_ended=True))
    assert len(rows) == len(_network_codes(network))
