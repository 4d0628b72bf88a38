import csv

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.org.models import Organization
from danvan.org.services import tree_io
from tests.org_io.conftest import org_row

pytestmark = pytest.mark.django_db


def _errors(rows: list[dict[str, str]]) -> list[tuple[int, str]]:
    result = tree_io.import_organizations(rows=rows)
    return [(error.row, error.column) for error in result.errors]


def test_import_with_unknown_kind_changes_nothing_and_reports_row(network, write_csv):
    before = Organization.objects.count()
    renamed = {**tree_io.row_for(network.province_b), "name": "Tên mới"}
    path = write_csv([renamed, org_row("X-GOOD"), org_row("X-BAD", kind="ban_khong_ton_tai")])

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "kind", "Unknown organization kind: ban_khong_ton_tai"),
    ]
    assert Organization.objects.count() == before
    network.province_b.refresh_from_db()
    assert network.province_b.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang"


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"code": ""}, "code"),
        ({"name": ""}, "name"),
        ({"kind": ""}, "kind"),
        ({"name": "x" * 256}, "name"),
        ({"code": "X" * 41}, "code"),
        ({"unit_code": "99999", "unit_level": "commune"}, "unit_code"),
        ({"unit_code": "01"}, "unit_level"),
        ({"unit_code": "01", "unit_level": "hamlet"}, "unit_level"),
        ({"unit_level": "province"}, "unit_code"),
        ({"parent_code": "KHONG-CO"}, "parent_code"),
        ({"parent_code": "X-ROW"}, "parent_code"),
        ({"valid_from": "31/02/2025"}, "valid_from"),
        ({"valid_to": "hôm qua"}, "valid_to"),
        ({"valid_from": "02/01/2025", "valid_to": "01/01/2025"}, "valid_to"),
    ],
)
def test_each_bad_value_is_reported_on_its_row_and_column(network, values, column):
    assert _errors([org_row("X-OK"), {**org_row("X-ROW"), **values}]) == [(3, column)]
    assert not Organization.objects.filter(code="X-OK").exists()


def test_a_unit_must_be_in_force_on_the_bodys_start_date(network):
    # Province 08 kept its code through the reform, but province 02 did not survive it.
    assert _errors([org_row("X", unit_code="02", unit_level="province")]) == [(2, "unit_code")]
    assert (
        _errors(
            [
                org_row(
                    "X",
                    unit_code="02",
                    unit_level="province",
                    valid_from="01/01/2020",
                    valid_to="30/06/2025",
                )
            ]
        )
        == []
    )


def test_a_code_used_twice_is_reported_on_the_later_row(network):
    result = tree_io.import_organizations(rows=[org_row("X"), org_row("Y"), org_row("X")])

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "code", "Code X is already used on row 2."),
    ]


def test_a_parent_loop_within_the_file_is_reported_on_every_row_in_it(network):
    rows = [
        org_row("A", parent_code="B"),
        org_row("B", parent_code="C"),
        org_row("C", parent_code="A"),
        org_row("D", parent_code="A"),
    ]

    assert _errors(rows) == [(2, "parent_code"), (3, "parent_code"), (4, "parent_code")]


def test_a_parent_loop_through_existing_bodies_is_reported(network):
    central = {**tree_io.row_for(network.central), "parent_code": network.commune_a1.code}

    assert _errors([central]) == [(2, "parent_code")]


def test_every_error_in_the_file_is_reported_at_once(network):
    rows = [org_row("A", kind="?"), org_row("B", valid_from="?"), org_row("C", parent_code="?")]

    assert _errors(rows) == [(2, "kind"), (3, "valid_from"), (4, "parent_code")]


def test_a_header_missing_a_column_is_reported_on_row_1(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("code,name,kind,ten_la\nX,Tên,mm_commission,?\n", encoding="utf-8")

    with pytest.raises(tree_io.ImportFileError) as caught:
        tree_io.read_rows(path)

    assert {(e.row, e.column) for e in caught.value.errors} >= {(1, "unit_code"), (1, "ten_la")}


def test_the_command_exits_non_zero_with_a_table_of_errors(network, write_csv, capsys):
    before = Organization.objects.count()
    path = write_csv([org_row("X-1"), org_row("X-2", parent_code="NOPE")])

    with pytest.raises(CommandError, match="Fix the rows listed and run the import again"):
        call_command("org_import", str(path))

    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["Row", "Column", "Message"]
    assert table[1].split()[:2] == ["3", "parent_code"]
    assert Organization.objects.count() == before


def test_errors_out_writes_the_report_as_csv(network, write_csv, tmp_path):
    path = write_csv([org_row("X-1", kind="?"), org_row("X-2", valid_from="1/13/2025")])
    report = tmp_path / "errors.csv"

    with pytest.raises(CommandError, match=r"errors\.csv"):
        call_command("org_import", str(path), "--errors-out", str(report), stdout=None)

    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    with report.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(row["row"], row["column"]) for row in rows] == [("2", "kind"), ("3", "valid_from")]
    assert rows[1]["message"] == "Not a date: 1/13/2025 (use dd/mm/yyyy)."


def test_a_file_of_another_type_is_refused(tmp_path):
    path = tmp_path / "orgs.ods"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match=r"\.ods"):
        call_command("org_import", str(path))


def test_a_csv_not_in_utf8_is_refused_with_advice(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(",".join(tree_io.COLUMNS).encode() + "\nX,Hà,other\n".encode("cp1258"))

    with pytest.raises(CommandError, match="CSV UTF-8"):
        call_command("org_import", str(path))


def test_an_error_only_the_services_see_undoes_the_rows_already_written(network, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"parent": ["Refused by the service."]})

    monkeypatch.setattr(tree_io, "update_organization", refuse)
    renamed = {**tree_io.row_for(network.commune_b1), "name": "Tên mới"}

    result = tree_io.import_organizations(rows=[org_row("X-NEW"), renamed])

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "parent_code", "Refused by the service."),
    ]
    assert result.created == []
    assert not Organization.objects.filter(code="X-NEW").exists()


def test_the_command_reports_a_bad_header_like_any_other_error(tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_text("code,name\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Fix the rows listed"):
        call_command("org_import", str(path))

    assert "Missing column: kind" in capsys.readouterr().out
