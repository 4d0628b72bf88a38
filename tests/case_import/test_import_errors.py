import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from danvan.accounts.models import Role
from danvan.cases.models import Case, CaseField, Petitioner
from danvan.cases.services import case_import
from tests.case_import.conftest import case_row
from tests.factories import UserFactory, user_with

pytestmark = pytest.mark.django_db


def _errors(actor, rows):  # type: ignore[no-untyped-def]
    result = case_import.import_cases(actor=actor, rows=rows)
    return [(error.row, error.column) for error in result.errors]


def test_one_bad_row_among_good_ones_changes_nothing_and_is_reported(network, officer, write_csv):
    path = write_csv(
        [
            case_row(network),
            case_row(network),
            case_row(network, field_code="khong-co", content="ngắn"),
            case_row(network),
        ]
    )

    result = case_import.import_cases(actor=officer, rows=case_import.read_rows(path))

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "content", "Please describe the matter in at least 10 characters."),
        (4, "field_code", "Unknown field code: khong-co"),
    ]
    assert result.created == []
    assert Case.objects.count() == 0 and Petitioner.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"received_at": ""}, "received_at"),
        ({"received_at": "31/02/2026"}, "received_at"),
        ({"received_at": "hôm qua"}, "received_at"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"content": ""}, "content"),
        ({"content": "quá ngắn"}, "content"),
        ({"channel": "web"}, "channel"),
        ({"unit_code": "99999"}, "unit_code"),
        ({"unit_code": "", "address": "Không có địa chỉ nào như thế này"}, "address"),
        ({"unit_code": ""}, "unit_code"),
        ({"field_code": "khong-co"}, "field_code"),
        ({"email": "khong-phai-email"}, "email"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "9,12346E+08"}, "phone"),
        ({"anonymous": "có lẽ"}, "anonymous"),
        ({"organization_code": "KHONG-CO"}, "organization_code"),
    ],
)
def test_each_bad_value_is_reported_on_its_row_and_column(network, officer, values, column):
    assert _errors(officer, [case_row(network), case_row(network, **values)]) == [(3, column)]
    assert Case.objects.count() == 0


def test_a_date_in_the_future_is_refused(network, officer):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)

    result = case_import.import_cases(
        actor=officer, rows=[case_row(network, received_at=f"{tomorrow:%d/%m/%Y %H:%M}")]
    )

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "received_at", "The date received cannot be in the future."),
    ]


def test_a_field_no_longer_in_use_is_refused(network, officer):
    CaseField.objects.filter(code="khac").update(active=False)

    assert _errors(officer, [case_row(network, field_code="khac")]) == [(2, "field_code")]


def test_every_error_of_every_row_is_reported_at_once(network, officer):
    rows = [
        case_row(network, received_at="?", email="?"),
        case_row(network),
        case_row(network, title="", unit_code="?"),
    ]

    assert _errors(officer, rows) == [
        (2, "received_at"),
        (2, "email"),
        (4, "title"),
        (4, "unit_code"),
    ]


def test_a_handling_body_outside_the_actors_organizations_is_refused(network, officer):
    row = case_row(network, organization_code=network.commune_b1.code)

    result = case_import.import_cases(actor=officer, rows=[row])

    assert [(e.row, e.column) for e in result.errors] == [(2, "organization_code")]
    assert Case.objects.count() == 0


def test_a_user_who_may_not_record_matters_cannot_import(network):
    citizen = UserFactory()

    with pytest.raises(PermissionDenied):
        case_import.import_cases(actor=citizen, rows=[case_row(network)])


def test_a_system_administrator_cannot_import_either(network):
    admin = user_with(network.central, Role.SYSTEM_ADMIN)

    with pytest.raises(PermissionDenied):
        case_import.import_cases(actor=admin, rows=[case_row(network)])


def test_a_header_missing_a_required_column_is_reported_on_row_1(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("received_at,title,noi_dung\n01/01/2026,Tiêu đề,?\n", encoding="utf-8")

    with pytest.raises(case_import.ImportFileError) as caught:
        case_import.read_rows(path)

    assert {(e.row, e.column) for e in caught.value.errors} == {(1, "content"), (1, "noi_dung")}


def test_only_the_required_columns_need_be_in_the_header(network, officer, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        "received_at,title,content,unit_code,anonymous\n"
        f"01/01/2026,Tiêu đề,Nội dung đủ dài để ghi nhận,{network.commune_a1.unit.code},1\n",
        encoding="utf-8",
    )

    result = case_import.import_cases(actor=officer, rows=case_import.read_rows(path))

    assert result.ok, result.errors
    assert Case.objects.get().channel == "letter"
