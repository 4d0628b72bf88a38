"""Importing a commune's list from .xlsx: all or nothing, every error listed with its row,
codes already on the list updated, duplicates in the file refused, the file checked first
(413 too large, 415 not a workbook), the preview confirmed before anything is written."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from danvan.campaigns.models import Household, HouseholdCategory, HouseholdDataView
from danvan.campaigns.services import household_import as importing
from tests.campaigns.household_fixtures import (
    CCCD,
    HEADER,
    NAME,
    NOW,
    add,
    row,
    upload,
    workbook,
)
from tests.factories import sign_in_with_totp

pytestmark = pytest.mark.django_db
URL = "campaigns:household_import"


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def plan_of(w, rows, header=HEADER):  # type: ignore[no-untyped-def]
    parsed = importing.read_upload(upload(workbook(rows, header)))
    return importing.check(actor=w.c1_officer, keeper=w.c1_front, rows=parsed)


# ---- the service -------------------------------------------------------------------------


def test_a_good_file_is_written_whole_encrypted(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    rows = [
        row("T-001", NAME, CCCD),
        row("T-002", "Phạm Văn Dũng", "001090054321", category="ho can ngheo", members=5),
        row("T-003", "Đỗ Thị Én", "", category="NGƯỜI CAO TUỔI CÔ ĐƠN", members=""),
    ]
    plan = importing.apply(
        actor=w.c1_officer,
        keeper=w.c1_front,
        rows=importing.read_upload(upload(workbook(rows))),
    )
    assert plan.ok and (plan.new, plan.updated) == (3, 0)
    made = {h.code: h for h in Household.objects.filter(keeper=w.c1_front)}
    assert set(made) == {"T-001", "T-002", "T-003"}
    assert made["T-001"].data()["head_name"] == NAME
    assert made["T-001"].data()["id_number"] == CCCD
    assert made["T-002"].category == HouseholdCategory.NEAR_POOR
    assert made["T-002"].members == 5
    assert made["T-003"].category == HouseholdCategory.LONELY_ELDERLY
    assert made["T-003"].members == 1
    assert all(h.commune_id == w.c1_unit.pk for h in made.values())
    assert NAME not in made["T-001"].head_name_enc
    assert not HouseholdDataView.objects.exists()  # writing is not reading


def test_one_bad_row_writes_nothing_and_every_error_is_listed(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    rows = [
        row("T-001", NAME, CCCD),
        row("T-002", "", "123"),  # no name, a short identity number
        row("T-003", "Lê Văn F", category="Hộ giàu"),
        row("T-004", "Lê Văn G", members="nhiều", year=1990),
    ]
    parsed = importing.read_upload(upload(workbook(rows)))
    plan = importing.apply(actor=w.c1_officer, keeper=w.c1_front, rows=parsed)
    assert not plan.ok
    assert not Household.objects.exists()
    found = {(e.row, e.column) for e in plan.errors}
    assert {
        (3, "Họ tên chủ hộ"),
        (3, "Số CCCD"),
        (4, "Phân loại"),
        (5, "Số nhân khẩu"),
        (5, "Năm"),
    } <= found
    assert all(e.row != 2 for e in plan.errors)


def test_codes_already_on_the_list_are_updated_and_said_so(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    old = add(w.c1_front, "T-001", head_name="Tên cũ", village="Thôn cũ")
    plan = plan_of(w, [row("T-001", NAME, CCCD, village="Thôn mới"), row("T-002")])
    assert (plan.new, plan.updated) == (1, 1)
    assert Household.objects.count() == 1  # a preview writes nothing
    importing.apply(actor=w.c1_officer, keeper=w.c1_front, rows=plan.rows)
    old.refresh_from_db()
    assert old.village == "Thôn mới" and old.data()["head_name"] == NAME
    assert Household.objects.filter(keeper=w.c1_front).count() == 2


def test_the_same_code_or_person_twice_in_the_file_is_refused(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    plan = plan_of(
        w,
        [
            row("T-001", NAME, CCCD),
            row("T-001", "Người khác"),
            row("T-003", "Cùng người", CCCD),
        ],
    )
    assert not plan.ok
    assert {(e.row, e.column) for e in plan.errors} == {(3, "Mã hộ"), (4, "Số CCCD")}


def test_a_person_on_this_list_under_another_code_is_an_error_elsewhere_a_warning(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    add(w.c1_front, "OLD-1")
    add(w.other_front, "TQ-1", id_number="001090054321")
    plan = plan_of(w, [row("T-001", NAME, CCCD), row("T-002", "B", "001090054321")])
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Số CCCD")]
    assert [(e.row, "TQ-1" in e.message) for e in plan.warnings] == [(3, True)]


def test_headers_match_without_diacritics_and_excel_habits_are_undone(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    header = ["STT", "MA HO", "ho ten chu ho", "So CCCD", "Thon, to dan pho", "Phan loai", "nam"]
    rows = [[1, "T-9", "Vũ Thị H", 1180012345, "Tổ 3", "hộ nghèo", 2026]]
    plan = plan_of(w, rows, header)
    assert plan.ok, plan.errors
    number, spec = plan.specs[0]
    assert number == 2
    assert spec.id_number == "001180012345"  # Excel dropped the leading zeros
    assert spec.village == "Tổ 3" and spec.category == HouseholdCategory.POOR


def test_a_sheet_without_the_required_columns_is_refused(welfare) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(importing.ImportRefused) as refused:
        importing.read_upload(upload(workbook([["x", "y"]], ["Mã hộ", "Ghi chú khác"])))
    assert refused.value.status == 400
    assert {e.column for e in refused.value.errors} == {"Họ tên chủ hộ", "Phân loại", "Năm"}


def test_a_file_that_is_not_a_workbook_is_415_and_a_large_one_413(welfare) -> None:  # type: ignore[no-untyped-def]
    for data, name in [
        (b"Ma ho,Ho ten\n1,A\n", "ds.csv"),
        (b"%PDF-1.4 fake", "ds.xlsx"),
        (workbook([row("T-1")]), "ds.pdf"),
        (b"PK\x03\x04 not really a zip", "ds.xlsx"),
    ]:
        with pytest.raises(importing.ImportRefused) as refused:
            importing.read_upload(upload(data, name))
        assert refused.value.status == 415, name
    big = upload(b"PK\x03\x04" + b"0" * (importing.MAX_MEGABYTES * 1024 * 1024 + 1))
    with pytest.raises(importing.ImportRefused) as refused:
        importing.read_upload(big)
    assert refused.value.status == 413


def test_a_workbook_with_macros_is_refused(welfare) -> None:  # type: ignore[no-untyped-def]
    data = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook([row("T-1")]))) as source,
        zipfile.ZipFile(data, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 64)
    with pytest.raises(importing.ImportRefused) as refused:
        importing.read_upload(upload(data.getvalue()))
    assert refused.value.status == 415


def test_the_template_holds_the_headers_and_an_example_the_import_accepts(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    data = importing.template_workbook().read()
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert lines[0] == HEADER and len(lines) == 2
    plan = importing.check(
        actor=w.c1_officer, keeper=w.c1_front, rows=importing.read_upload(upload(data))
    )
    assert plan.ok, plan.errors


# ---- the pages ---------------------------------------------------------------------------


def test_upload_preview_then_confirm_writes_the_list(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    add(w.c1_front, "T-001", head_name="Tên cũ")
    sign_in_with_totp(client, w.c1_officer)
    assert client.get(reverse(URL)).status_code == 200
    page = client.post(
        reverse(URL),
        {
            "action": "upload",
            "keeper": w.c1_front.pk,
            "file": upload(workbook([row("T-001", NAME, CCCD), row("T-002")])),
        },
    )
    assert page.status_code == 200
    assert page.context["plan"].new == 1 and page.context["plan"].updated == 1
    assert b'data-testid="confirm-form"' in page.content
    assert Household.objects.count() == 1
    done = client.post(reverse(URL), {"action": "confirm", "token": page.context["token"]})
    assert done.status_code == 302
    assert Household.objects.filter(keeper=w.c1_front).count() == 2
    # The preview is used once.
    again = client.post(reverse(URL), {"action": "confirm", "token": page.context["token"]})
    assert again.status_code == 400


def test_a_file_with_errors_shows_them_all_and_offers_them_as_csv(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    page = client.post(
        reverse(URL),
        {
            "action": "upload",
            "keeper": w.c1_front.pk,
            "file": upload(workbook([row("T-001"), row("T-002", ""), row("T-003", category="?")])),
        },
    )
    assert page.status_code == 400
    assert b'data-testid="confirm-form"' not in page.content
    assert b'data-testid="row-errors"' in page.content
    response = client.get(
        reverse("campaigns:household_import_errors", args=[page.context["token"]])
    )
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["row", "column", "message"]
    assert sorted(int(line[0]) for line in lines[1:]) == [3, 4]
    assert not Household.objects.exists()
    # Another officer cannot fetch these errors.
    sign_in_with_totp(client, w.c1_second_officer)
    other = client.get(reverse("campaigns:household_import_errors", args=[page.context["token"]]))
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "status"),
    [
        (b"Ma ho;Ho ten\n1;A\n", "ds.csv", 415),
        (b"MZ\x90\x00 a program", "ds.xlsx", 415),
        (b"PK\x03\x04" + b"0" * (importing.MAX_MEGABYTES * 1024 * 1024 + 10), "ds.xlsx", 413),
    ],
)
def test_the_upload_page_answers_413_and_415(client, welfare, data, name, status) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, w.c1_officer)
    page = client.post(
        reverse(URL), {"action": "upload", "keeper": w.c1_front.pk, "file": upload(data, name)}
    )
    assert page.status_code == status
    assert page.context["refused"]
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("city_leader", 403),  # keeps no commune-level list
        ("c1_committee_officer", 200),  # keeps its own body's list, not the Front's
        ("other_officer", 200),
    ],
)
def test_only_a_lists_keepers_import_it(client, welfare, who, page) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    sign_in_with_totp(client, getattr(w, who))
    assert client.get(reverse(URL)).status_code == page
    response = client.post(
        reverse(URL),
        {"action": "upload", "keeper": w.c1_front.pk, "file": upload(workbook([row("T-1")]))},
    )
    assert response.status_code == (403 if page == 403 else 400)
    assert not Household.objects.exists()


def test_the_template_downloads(client, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    response = client.get(reverse("campaigns:household_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(data), read_only=True).worksheets[0]["A1"].value == "Mã hộ"
