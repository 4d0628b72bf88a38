"""The ledger's exports: streamed, every entry of the period with its balance after, donors
only under the name published with consent, text that a spreadsheet would run as a formula
escaped."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from danvan.campaigns.models import DonorKind
from tests.factories import sign_in_with_totp

from .fund_page_fixtures import DAY, clock, give  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def _ledger(w) -> None:  # type: ignore[no-untyped-def]
    give(w.c1_fund, 1_000_000, donor_name="=1+1", publish_name=True, receipt_number="+PT1")
    give(w.c1_fund, 2_000_000, donor_name="Lê Văn Kín")
    give(w.c1_fund, 500_000, donor_kind=DonorKind.ANONYMOUS, donor_name="")
    give(w.c1_fund, 700_000, entry_date=DAY.replace(day=1), donor_name="Đỗ Sớm")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_the_csv_streams_the_ledger_with_formulas_escaped(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    _ledger(w)
    sign_in_with_totp(client, w.city_leader)
    response = client.get(reverse("campaigns:fund_export", args=[w.c1_fund.pk, "csv"]))
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 4
    body = rows[1:]
    assert [r[0] for r in body] == ["1", "2", "3", "4"]  # in the ledger's order
    assert [int(r[4]) for r in body] == [1_000_000, 3_000_000, 3_500_000, 4_200_000]
    assert body[0][5] == "'=1+1" and body[0][7] == "'+PT1"
    assert "Lê Văn Kín" not in text and "Đỗ Sớm" not in text
    assert body[1][5] and body[1][5] != body[2][5]  # "not published" and "anonymous"


def test_the_period_filter_keeps_the_entries_of_the_period(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    _ledger(w)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:fund_export", args=[w.c1_fund.pk, "csv"])
    text = _body(client.get(url, {"date_from": "05/03/2026", "date_to": "09/03/2026"})).decode(
        "utf-8-sig"
    )
    assert [r[0] for r in list(csv.reader(io.StringIO(text)))[1:]] == ["1", "2", "3"]
    assert client.get(url, {"date_from": "31/02/2026"}).status_code == 400


def test_the_workbook_holds_the_ledger_as_typed_cells(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    _ledger(w)
    sign_in_with_totp(client, w.c1_officer)
    response = client.get(reverse("campaigns:fund_export", args=[w.c1_fund.pk, "xlsx"]))
    assert response.status_code == 200 and isinstance(response, FileResponse)
    book = load_workbook(io.BytesIO(_body(response)))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(values) if r[0] and r[3] and isinstance(r[4], str))
    data = values[header_at + 1 :]
    assert len(data) == 4
    assert [r[3] for r in data] == [1_000_000, 2_000_000, 500_000, 700_000]
    first = sheet.cell(row=header_at + 2, column=6)
    assert first.value == "'=1+1" and first.data_type == "s"
    flat = " ".join(str(v) for r in values for v in r if v is not None)
    assert "Lê Văn Kín" not in flat


def test_the_export_is_refused_to_those_who_do_not_read_the_fund(client, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c2_officer)
    for fmt in ("csv", "xlsx"):
        url = reverse("campaigns:fund_export", args=[welfare.c1_fund.pk, fmt])
        assert client.get(url).status_code == 403
    sign_in_with_totp(client, welfare.c1_officer)
    assert (
        client.get(reverse("campaigns:fund_export", args=[welfare.c1_fund.pk, "pdf"])).status_code
        == 404
    )
