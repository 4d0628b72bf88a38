"""`danvan extract FILE [FILE ...] [--json]`: the documents and figures of each file."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as written (their msgids), whatever the site's language."""
    with translation.override("en"):
        yield


REPORT = (
    "Thực hiện Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị, đến nay 12/12 xã, "
    "phường đã tổ chức đối thoại; 1.250 hộ nghèo được hỗ trợ. Theo Chỉ thị 35-CT/TW, …"
)


def _run(*args: str) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("extract", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_json_is_one_object_a_line_for_each_file(report, tmp_path):
    other = tmp_path / "khac.txt"
    other.write_text("Không có gì.", encoding="utf-8")
    out, err, failed = _run(str(report), str(other), "--json")
    assert failed is None and err == ""
    first, second = (json.loads(line) for line in out.splitlines())
    assert first == {
        "file": str(report),
        "documents": [
            {
                "symbol": "35-CT/TW",
                "type": "Chỉ thị",
                "issuer": "Bộ Chính trị",
                "date": "2014-05-26",
            },
            {"symbol": "35-CT/TW", "type": "Chỉ thị", "issuer": "", "date": None},
        ],
        "figures": [
            {"value": 12, "of": "xã, phường", "ratio": "12/12"},
            {"value": 1250, "of": "hộ nghèo được hỗ trợ", "ratio": None},
        ],
    }
    assert second == {"file": str(other), "documents": [], "figures": []}
    assert "Chỉ thị" in out  # not escaped


def test_a_file_that_cannot_be_read_is_reported_the_others_still_are(report, tmp_path):
    missing, sheet = tmp_path / "khong-co.txt", tmp_path / "bang.xlsx"
    sheet.write_bytes(b"PK")
    out, err, failed = _run(str(missing), str(report), str(sheet), "--json")
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(report)]
    assert "khong-co.txt cannot be opened" in err
    assert "bang.xlsx is not a file that can be read" in err
    assert failed is not None and "2 files could not be read" in str(failed)


def test_without_json_each_file_is_summed_up_each_document_once(report):
    out, _, failed = _run(str(report))
    assert failed is None
    assert out.splitlines() == [
        f"{report}: 1 document cited, 2 figures.",
        "  Chỉ thị 35-CT/TW, 26/05/2014, Bộ Chính trị",
        "  12/12 xã, phường",
        "  1.250 hộ nghèo được hỗ trợ",
    ]


def test_the_console_script_exits_with_status_1_when_a_file_cannot_be_read(report, tmp_path):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["danvan", "extract", str(tmp_path / "khong-co.txt"), str(report)])
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1
