"""The table of issues in the outputs: the report's .docx (a ruled table in the body's
layout), its .xlsx and the consolidated .xlsx (text a spreadsheet would run as a formula is
escaped)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from danvan.reports import documents
from danvan.reports.consolidation import table
from danvan.reports.exports import consolidated_xlsx
from danvan.reports.models import Severity, Trend
from tests.factories import sign_in
from tests.reports.situation_support import add, send

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com","bấm")'


@pytest.fixture
def filled(sit):
    report = sit.report(sit.network.commune_a1)
    add(
        report,
        sit.commune_officer,
        "Giá phân bón tăng cao",
        people_affected=3545,
        severity=Severity.SERIOUS,
        trend=Trend.RISING,
        handling="Đề nghị bình ổn giá",
        place=sit.network.commune_a1.unit,
    )
    add(report, sit.commune_officer, FORMULA, details="@SUM(A1:A2)")
    return report


def _cells(doc):
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def test_the_docx_has_the_issue_table_in_section_ii(sit, filled):
    doc = Document(io.BytesIO(documents.report_docx(filled)))
    rows = _cells(doc)
    header = next(r for r in rows if r[0] == "TT" and "Mức độ" in r)
    assert header[1] == "Vấn đề nhân dân quan tâm, phản ánh"
    line = next(r for r in rows if r[1] == "Giá phân bón tăng cao")
    assert line[3] == "3.545" and line[4] == "Nghiêm trọng" and line[5] == "Tăng"
    assert line[6] == "Đề nghị bình ổn giá"
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(p.startswith("II. Những vấn đề nhân dân quan tâm") for p in paragraphs)
    # The excerpt (lower-cased after "BÁO CÁO" in a Party body's layout).
    assert any("tình hình nhân dân quý iv năm 2026" in p.lower() for p in paragraphs)


def test_a_docx_without_issues_says_so(sit):
    report = sit.report(sit.network.commune_a2)
    doc = Document(io.BytesIO(documents.report_docx(report)))
    assert "Không có vấn đề nổi lên trong kỳ." in [p.text for p in doc.paragraphs]
    assert not any("Mức độ" in r for r in _cells(doc))


def test_the_reports_xlsx_holds_the_issues_with_formulas_escaped(sit, filled, client):
    sign_in(client, sit.commune_officer)
    response = client.get(reverse("reports:issues_xlsx", args=[filled.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    fertilizer = next(r for r in rows if r[1] == "Giá phân bón tăng cao")
    assert fertilizer[3] == 3545
    formula = next(r for r in rows if r[1] and "HYPERLINK" in str(r[1]))
    assert formula[1] == "'" + FORMULA
    assert formula[7] == "'@SUM(A1:A2)"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_the_consolidated_xlsx_has_a_sheet_of_the_issues_below(sit, filled):
    send(filled, sit.commune_officer, sit.commune_leader)
    result = table(sit.network.province_a, sit.template, sit.period)
    book = load_workbook(consolidated_xlsx(result))
    sheet = book.worksheets[-1]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    line = next(r for r in rows if r[2] == "Giá phân bón tăng cao")
    assert line[1] == sit.network.commune_a1.name and line[4] == 3545
    assert any(r[2] == "'" + FORMULA for r in rows)
