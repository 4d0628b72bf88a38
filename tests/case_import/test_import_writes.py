import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from danvan.cases.models import Case, CaseEvent, Petitioner
from danvan.cases.services import case_import
from danvan.org.models import AdminUnit
from tests.case_import.conftest import case_row

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_good_file_creates_one_matter_per_row(network, officer, write_csv):
    path = write_csv(
        [
            case_row(network),
            {},  # a blank row is skipped, but keeps the numbering
            case_row(
                network,
                received_at="03/02/2026",
                channel="in_person",
                title="Phản ánh tiếng ồn",
                email="binh@example.vn",
                phone="",
                id_number="001234567890",
                field_code="moi-truong",
            ),
            case_row(network, anonymous="có", full_name="Ai đó", phone=""),
        ]
    )

    result = case_import.import_cases(actor=officer, rows=case_import.read_rows(path))

    assert result.ok, result.errors
    assert len(result.created) == 3 and result.checked == 3
    cases = {c.tracking_code: c for c in Case.objects.filter(tracking_code__in=result.created)}
    first, second, third = (cases[code] for code in result.created)

    assert first.channel == "letter"
    assert first.received_at == dt.datetime(2026, 1, 15, 9, 30, tzinfo=HCM)
    assert first.unit == network.commune_a1.unit
    assert first.organization == network.commune_a1_committee
    assert first.petitioner.data()["full_name"] == "Trần Thị Bình"
    assert first.petitioner.data()["phone"] == "0912 345 678"
    assert first.petitioner.consent_at is not None
    assert CaseEvent.objects.filter(case=first, kind="submitted", actor=officer).exists()
    assert first.history.first().history_user == officer

    assert second.channel == "in_person"
    assert second.received_at == dt.datetime(2026, 2, 3, 0, 0, tzinfo=HCM)
    assert second.field.code == "moi-truong"
    assert second.petitioner.data()["email"] == "binh@example.vn"
    assert second.petitioner.data()["id_number"] == "001234567890"

    assert third.petitioner.anonymous
    assert third.petitioner.data()["full_name"] == ""


def test_a_pre_2025_address_is_mapped_to_todays_commune(network, officer):
    row = case_row(
        network, unit_code="", address="Số 5 Hàng Bông, Phường Hàng Gai, Quận Hoàn Kiếm, Hà Nội"
    )

    result = case_import.import_cases(actor=officer, rows=[row])

    assert result.ok, result.errors
    case = Case.objects.get(tracking_code=result.created[0])
    old = AdminUnit.objects.get(level="commune", name="Phường Hàng Gai", valid_to__isnull=False)
    assert case.unit == old.current and case.unit.valid_to is None
    assert case.address.startswith("Số 5 Hàng Bông")


def test_a_province_code_and_a_chosen_handling_body_are_honoured(network, officer):
    row = case_row(
        network,
        unit_code=network.province_a.unit.code,
        organization_code=network.commune_a1_committee.code,
    )

    result = case_import.import_cases(actor=officer, rows=[row])

    assert result.ok, result.errors
    case = Case.objects.get(tracking_code=result.created[0])
    assert case.unit == network.province_a.unit
    assert case.organization == network.commune_a1_committee


def test_a_dry_run_checks_every_row_and_writes_nothing(network, officer):
    result = case_import.import_cases(
        actor=officer, rows=[case_row(network), case_row(network)], dry_run=True
    )

    assert result.ok and result.dry_run
    assert result.checked == 2 and result.created == []
    assert Case.objects.count() == 0 and Petitioner.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_excel_habits_are_undone(network, officer, write_csv):
    # Vietnamese Excel: ";" between fields; leading zeros dropped from phone and ID numbers.
    path = write_csv(
        [case_row(network, phone="912345678", id_number="1234567890", anonymous="0")],
        delimiter=";",
    )

    result = case_import.import_cases(actor=officer, rows=case_import.read_rows(path))

    assert result.ok, result.errors
    data = Case.objects.get().petitioner.data()
    assert data["phone"] == "0912345678"
    assert data["id_number"] == "001234567890"
