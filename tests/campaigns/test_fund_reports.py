"""The periodic fund report: the opening balance plus what came in less what went out is the
closing balance, to the đồng, and each equals the ledger; the .xlsx and the .docx carry those
figures, in the keeping body's layout, with no name that was not consented to or that belongs
to a household; a bad period is a 400, an unpublished fund's report is the staff's only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from danvan.campaigns import fund_reports
from danvan.campaigns.fund_reports import Period, PeriodError
from danvan.campaigns.models import Method, Purpose
from tests.campaigns.disclosure_fixtures import (
    FORMULA_DONOR,
    NEVER_PUBLIC,
    clock,
    entries,
    received,
    spent,
    tell,
    total,
    transferred_in,
    transferred_out,
)
from tests.factories import sign_in_with_totp

pytestmark = pytest.mark.django_db
Q1 = Period("quarter", 2026, 1)


@pytest.fixture
def story(welfare):  # type: ignore[no-untyped-def]
    with clock():
        yield tell(welfare)


@pytest.mark.parametrize("which", ["c1_fund", "city_fund", "c2_fund", "other_fund"])
@pytest.mark.parametrize("slug", ["2026-Q1", "2026-02", "2026-03", "2026-04", "2026", "2025"])
def test_opening_plus_flows_is_the_closing_balance_and_the_ledger(
    welfare, story, which, slug
) -> None:  # type: ignore[no-untyped-def]
    fund = getattr(welfare, which)
    period = fund_reports.parse_period(slug)
    r = fund_reports.fund_report(fund, period)
    inside = {"fund": fund, "entry_date__gte": period.start, "entry_date__lte": period.end}
    assert r.opening == total(entries(fund=fund, entry_date__lt=period.start))
    assert r.received == received(**inside)
    assert r.transferred_in == transferred_in(**inside)
    assert r.transferred_out == transferred_out(**inside)
    assert r.spent == spent(**inside)
    assert r.closing == r.opening + r.received + r.transferred_in - r.transferred_out - r.spent
    assert r.closing == total(entries(fund=fund, entry_date__lte=period.end))
    for purpose, amount in r.by_purpose.items():
        assert amount == spent(purpose=purpose, **inside)


def test_the_first_quarter_of_the_first_commune(welfare, story) -> None:  # type: ignore[no-untyped-def]
    r = fund_reports.fund_report(welfare.c1_fund, Q1)
    assert r.opening == 0
    # The reversed gift and the reversed scholarship net to nothing inside the quarter.
    assert r.by_form == {
        Method.CASH: 5_000_000 + 3_000_000 + 1_250_000 + 600_000,
        Method.IN_KIND: 2_000_000,
    }
    assert r.transferred_in == 6_000_000 and r.transferred_out == 0
    assert r.by_purpose == {Purpose.HOUSE_REPAIR: 8_000_000, Purpose.SCHOLARSHIP: 0}
    assert r.closing == 11_850_000 + 6_000_000 - 8_000_000
    april = fund_reports.fund_report(welfare.c1_fund, Period("month", 2026, 4))
    assert april.opening == r.closing
    assert april.closing == welfare.c1_fund.balance


def test_a_city_transfer_reversed_in_the_period_nets_out(welfare, story) -> None:  # type: ignore[no-untyped-def]
    r = fund_reports.fund_report(welfare.city_fund, Period("month", 2026, 2))
    assert r.transferred_out == 6_000_000  # the 1.000.000 sent by mistake came back
    c2 = fund_reports.fund_report(welfare.c2_fund, Period("month", 2026, 2))
    assert c2.transferred_in == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-Q1", ("quarter", 2026, 1, dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
        ("2025-q4", ("quarter", 2025, 4, dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
        ("2026-02", ("month", 2026, 2, dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
        ("2025-12", ("month", 2025, 12, dt.date(2025, 12, 1), dt.date(2025, 12, 31))),
        ("2025", ("year", 2025, 0, dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    ],
)
def test_periods_are_read_as_written(text, expected) -> None:  # type: ignore[no-untyped-def]
    p = fund_reports.parse_period(text, day=dt.date(2026, 4, 15))
    assert (p.kind, p.year, p.number, p.start, p.end) == expected
    assert fund_reports.parse_period(p.slug, day=dt.date(2026, 4, 15)) == p


@pytest.mark.parametrize(
    "text",
    ["2026-13", "2026-Q5", "2026-00", "26", "abc", "2026-Q1; drop", "2026-07", "2027", "1999"],
)
def test_a_bad_or_future_period_is_refused(text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PeriodError):
        fund_reports.parse_period(text, day=dt.date(2026, 4, 15))


def test_the_default_period_is_the_last_full_quarter() -> None:
    assert fund_reports.default_period(dt.date(2026, 4, 15)) == Period("quarter", 2026, 1)
    assert fund_reports.default_period(dt.date(2026, 2, 1)) == Period("quarter", 2025, 4)


@pytest.mark.parametrize("route", ["fund_report_xlsx", "fund_report_docx"])
@pytest.mark.parametrize("bad", ["2026-13", "hôm nay", "2030-Q1", "=1+1"])
def test_a_bad_period_is_a_400_not_a_500(client, welfare, story, route, bad) -> None:  # type: ignore[no-untyped-def]
    with clock():
        response = client.get(
            reverse(f"campaigns_public:{route}", args=[welfare.c1_fund.pk]), {"period": bad}
        )
    assert response.status_code == 400
    assert b'role="alert"' in response.content


def _xlsx_text(content: bytes) -> tuple[list[list[object]], list[list[object]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    summary = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    return summary, rows


def test_the_xlsx_carries_the_figures_escaped_and_no_private_name(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    fund = welfare.c1_fund
    with clock():
        response = client.get(
            reverse("campaigns_public:fund_report_xlsx", args=[fund.pk]), {"period": "2026-Q1"}
        )
    assert response.status_code == 200
    assert response["Content-Type"] == fund_reports.XLSX
    assert (
        "attachment" in response["Content-Disposition"]
        and "2026-Q1" in response["Content-Disposition"]
    )
    summary, rows = _xlsx_text(b"".join(response.streaming_content))
    amounts = [r[1] for r in summary if len(r) > 1 and isinstance(r[1], int)]
    r = fund_reports.fund_report(fund, Q1)
    assert amounts[0] == r.opening and amounts[-1] == r.closing == 9_850_000
    assert r.received in amounts and r.transferred_in in amounts and r.spent in amounts
    text = repr(summary) + repr(rows)
    for secret in NEVER_PUBLIC:
        assert secret not in text
    assert "Thôn Đông" in text
    cells = [c for row in rows for c in row if isinstance(c, str)]
    assert "'" + FORMULA_DONOR in cells  # escaped: shown, never run
    assert FORMULA_DONOR not in cells
    data = [row for row in rows if isinstance(row[0], int)]
    ins = sum(row[7] or 0 for row in data)
    outs = sum(row[8] or 0 for row in data)
    assert ins - outs == r.closing - r.opening


def test_the_docx_is_the_fronts_state_layout_with_the_identity(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    fund = welfare.c1_fund
    with clock():
        response = client.get(reverse("campaigns_public:fund_report_docx", args=[fund.pk]))
    assert response.status_code == 200  # the default period: the first quarter
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join(paragraphs + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # the Front writes as State bodies do
    assert "BÁO CÁO" in paragraphs
    assert f"Thu, chi {fund.name} quý I năm 2026" in paragraphs
    assert "TM. BAN THƯỜNG TRỰC" in text
    assert "9.850.000" in text and "11.850.000" in text and "6.000.000" in text
    for secret in NEVER_PUBLIC:
        assert secret not in text
    assert "Thôn Đông" in text


def test_an_unpublished_funds_report_is_the_staffs_only(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    url = reverse("campaigns_public:fund_report_xlsx", args=[welfare.other_fund.pk])
    with clock():
        assert client.get(url, {"period": "2026-Q1"}).status_code == 404
        sign_in_with_totp(client, welfare.c1_officer)  # another province's officer
        assert client.get(url, {"period": "2026-Q1"}).status_code == 404
        client.logout()
        sign_in_with_totp(client, welfare.other_officer)
        response = client.get(url, {"period": "2026-Q1"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        docx = reverse("campaigns_public:fund_report_docx", args=[welfare.other_fund.pk])
        assert client.get(docx, {"period": "2026-01"}).status_code == 200


def test_a_published_funds_report_is_anyones(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    with clock():
        for route in ("fund_report_xlsx", "fund_report_docx"):
            url = reverse(f"campaigns_public:{route}", args=[welfare.city_fund.pk])
            assert client.get(url, {"period": "2026"}).status_code == 200
        assert (
            client.get(reverse("campaigns_public:fund_report_xlsx", args=[999999])).status_code
            == 404
        )


def test_the_excerpt_names_the_fund_once() -> None:
    from danvan.campaigns.models import Fund

    assert fund_reports.excerpt(Fund(name="Quỹ cứu trợ xã A"), Period("month", 2026, 3)) == (
        "Thu, chi Quỹ cứu trợ xã A tháng 3 năm 2026"
    )
    assert fund_reports.excerpt(Fund(name="Vì người nghèo xã B"), Period("year", 2025, 0)) == (
        "Thu, chi Quỹ Vì người nghèo xã B năm 2025"
    )
