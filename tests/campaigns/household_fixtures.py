"""Households for the households tests: a few on the first Hà Nội commune's list (kept by its
Front Committee, `welfare.c1_front`), and workbooks as a commune would upload them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danvan.accounts.models import User
from danvan.campaigns.models import DonorKind, Household, HouseholdCategory, Method, Purpose
from danvan.campaigns.services import households as services
from danvan.campaigns.services import ledger
from danvan.org.models import Organization

# Travel here in every test: the list's year and the "this year" of the pages.
NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 9)
NAME = "Nguyễn Thị Hoa"
CCCD = "001180012345"

HEADER = [
    "Mã hộ",
    "Họ tên chủ hộ",
    "Số CCCD",
    "Thôn/Tổ dân phố",
    "Địa chỉ",
    "Số điện thoại",
    "Số nhân khẩu",
    "Phân loại",
    "Năm",
    "Hoàn cảnh",
]


def spec(code: str = "HN-001", **kw: object) -> services.HouseholdSpec:
    values: dict = {
        "code": code,
        "category": HouseholdCategory.POOR,
        "list_year": 2026,
        "village": "Thôn Đông",
        "members": 4,
        "head_name": NAME,
        "id_number": CCCD,
        "address": "Số 5, thôn Đông",
        "phone": "0912345678",
        "circumstances": "Chồng mất, hai con nhỏ",
        **kw,
    }
    return services.HouseholdSpec(**values)


def add(keeper: Organization, code: str = "HN-001", **kw: object) -> Household:
    return services.add_household(actor=None, keeper=keeper, spec=spec(code, **kw))


def row(code: str, name: str = "Trần Văn Bình", cccd: str = "", **kw: object) -> list[object]:
    values: dict = {
        "village": "Thôn Tây",
        "address": "Xóm 2",
        "phone": "0987654321",
        "members": 3,
        "category": "Hộ nghèo",
        "year": 2026,
        "circumstances": "",
        **kw,
    }
    return [
        code,
        name,
        cccd,
        values["village"],
        values["address"],
        values["phone"],
        values["members"],
        values["category"],
        values["year"],
        values["circumstances"],
    ]


def workbook(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for line in rows:
        sheet.append(list(line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def pay_household(
    fund: object, household: Household, actor: User, amount: int = 2_000_000, **kw: object
) -> object:
    """Money into the fund, then a disbursement to the household (paid at once: under the
    fund's threshold)."""
    ledger.record_receipt(
        actor=actor,
        fund=fund,  # type: ignore[arg-type]
        spec=ledger.ReceiptSpec(
            amount=amount * 2,
            entry_date=DAY,
            method=Method.CASH,
            donor_kind=DonorKind.ANONYMOUS,
        ),
    )
    values: dict = {"purpose": Purpose.HOUSE_REPAIR, "paid_on": DAY, **kw}
    return ledger.request_disbursement(
        actor=actor,
        fund=fund,  # type: ignore[arg-type]
        spec=ledger.DisbursementSpec(amount=amount, household=household, **values),
    )
