import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.cases.models import Case
from tests.case_import.conftest import case_row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_command_creates_the_matters_and_says_how_many(network, officer, write_csv, capsys):
    path = write_csv([case_row(network), case_row(network)])

    call_command("case_import", str(path), actor=officer.username)

    assert "Created 2 matters." in capsys.readouterr().out
    assert Case.objects.count() == 2


def test_a_dry_run_records_nothing(network, officer, write_csv, capsys):
    path = write_csv([case_row(network)])

    call_command("case_import", str(path), actor=officer.username, dry_run=True)

    assert "Dry run: 1 matter would be created" in capsys.readouterr().out
    assert Case.objects.count() == 0


def test_the_command_exits_non_zero_with_a_table_of_errors(network, officer, write_csv, capsys):
    path = write_csv([case_row(network), case_row(network, received_at="32/01/2026")])

    with pytest.raises(CommandError, match="Fix the rows listed and run the import again"):
        call_command("case_import", str(path), actor=officer.username)

    out = capsys.readouterr().out
    assert "3  received_at  Not a date: 32/01/2026" in out
    assert Case.objects.count() == 0


def test_errors_out_writes_the_errors_as_csv(network, officer, write_csv, tmp_path):
    path = write_csv([case_row(network, field_code="?"), case_row(network, email="@")])
    errors_out = tmp_path / "errors.csv"

    with pytest.raises(CommandError, match=r"errors\.csv"):
        call_command("case_import", str(path), actor=officer.username, errors_out=str(errors_out))

    with errors_out.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0] == ["row", "column", "message"]
    assert [line[:2] for line in lines[1:]] == [["2", "field_code"], ["3", "email"]]


def test_an_unknown_actor_or_one_without_the_right_is_refused(network, write_csv):
    path = write_csv([case_row(network)])

    with pytest.raises(CommandError, match="No active user"):
        call_command("case_import", str(path), actor="khong-ai")
    with pytest.raises(CommandError, match="may not record citizen matters"):
        call_command("case_import", str(path), actor=UserFactory().username)
    assert Case.objects.count() == 0


def test_an_unsupported_file_is_refused(officer, tmp_path):
    path = tmp_path / "cases.txt"
    path.write_text("x", encoding="utf-8")

    with pytest.raises(CommandError, match="Unsupported file type"):
        call_command("case_import", str(path), actor=officer.username)


def test_a_file_with_only_a_header_is_refused(officer, write_csv):
    with pytest.raises(CommandError, match="no matters below the header row"):
        call_command("case_import", str(write_csv([])), actor=officer.username)
