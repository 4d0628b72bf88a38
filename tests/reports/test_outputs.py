"""The outputs: the report as .docx in its system's layout (Party: Hướng dẫn 36-HD/VPTW;
State: Nghị định 30/2020), the consolidated table as .xlsx with every report below, and one
indicator drawn across the children, over the periods and on the map."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from danvan.accounts.models import Assignment, Role
from danvan.org.models import OrganizationKind
from danvan.reports import charts, documents
from danvan.reports.consolidation import table
from danvan.reports.exports import consolidated_xlsx, reports_below
from danvan.reports.models import Report
from danvan.reports.services import filling, obligations, periods, workflow
from danvan.reports.services.instances import open_reports
from tests.factories import make_org, user_with

pytestmark = pytest.mark.django_db

TYPED = {
    "don_kien_nghi": "0",
    "doi_thoai": "2",
    "co_doi_thoai": "1",
    "cq_tong": "12",
    "cq_phan_cong": "9",
    "ty_le_phan_cong": "75",
}


def _send(report, officer, leader, figures, *, number="", text=""):
    texts = {report.version.sections.get(heading="I").pk: text} if text else {}
    filling.fill_platform_figures(report=report, actor=officer)
    typed = {**TYPED, **figures}
    filling.save_report(report=report, actor=officer, figures_typed=typed, texts=texts)
    workflow.approve(report=report, actor=leader)
    workflow.submit(report=report, actor=officer, number=number)
    report.refresh_from_db()
    return report


def _texts(doc):
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [
        [p.text for p in cell.paragraphs]
        for t in doc.tables
        for row in t.rows
        for cell in row.cells
    ]
    return paragraphs, cells


@pytest.fixture
def sent(reporting):
    net = reporting.network
    report = Report.objects.get(reporter=net.commune_a1, period=reporting.period)
    return _send(
        report,
        reporting.commune_officer,
        reporting.commune_leader,
        {"doi_thoai": "3545", "cq_tong": "12", "cq_phan_cong": "9"},
        number="24-BC/BTGDV",
        text="Tình hình **ổn định**.\n\n- Đã tổ chức đối thoại",
    )


def test_a_party_bodys_report_has_the_party_heading_without_a_colon_after_so(sent):
    commission = sent.reporter
    commission.parent = make_org(
        unit=commission.unit, kind=OrganizationKind.PARTY_COMMITTEE, name="Đảng ủy phường Ba Đình"
    )
    commission.name = "Ban Xây dựng Đảng Đảng ủy phường Ba Đình"
    commission.save()
    doc = Document(io.BytesIO(documents.report_docx(sent)))
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs]
    assert left == ["ĐẢNG ỦY PHƯỜNG BA ĐÌNH", "BAN XÂY DỰNG ĐẢNG", "*"]
    right = header.cell(0, 1).paragraphs[0]
    assert right.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.runs[0].bold and right._p.pPr.find(qn("w:pBdr")) is not None
    assert header.cell(1, 0).paragraphs[0].text == "Số 24-BC/BTGDV"
    assert header.cell(1, 1).paragraphs[0].text.startswith(", ngày") is False
    assert header.cell(1, 1).paragraphs[0].runs[0].italic
    section = doc.sections[0]
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)


def test_the_report_document_has_the_title_the_narrative_and_the_figures(sent):
    doc = Document(io.BytesIO(documents.report_docx(sent)))
    paragraphs, cells = _texts(doc)
    assert "BÁO CÁO" in paragraphs
    assert "công tác dân vận tháng 11 năm 2026" in paragraphs  # lower case under "BÁO CÁO"
    assert "I. Tình hình nhân dân và đánh giá chung" in paragraphs
    narrative = next(p for p in doc.paragraphs if p.text == "Tình hình ổn định.")
    assert [r.bold for r in narrative.runs] == [False, True, False]
    assert "- Đã tổ chức đối thoại" in paragraphs
    flat = [text for cell in cells for text in cell]
    assert "3.545" in flat  # Vietnamese thousands mark in the figures table
    assert "Chỉ tiêu" in flat and "Đơn vị tính" in flat
    signer = [t for t in cells[-1] if t]
    assert signer[-1] == sent.approved_by.full_name or signer[-1].isupper()


def test_a_state_bodys_report_has_the_national_heading_and_the_committees_capacity(reporting):
    net = reporting.network
    obligations.add_obligation(
        template=reporting.template,
        reporter=net.commune_a1_committee,
        receiver=net.province_a,
        on=reporting.period.starts_on,
    )
    open_reports(period=reporting.period)
    report = Report.objects.get(reporter=net.commune_a1_committee, period=reporting.period)
    officer = user_with(net.commune_a1_committee, Role.OFFICER)
    leader = user_with(net.commune_a1_committee, Role.LEADER)
    Assignment.objects.filter(user=leader).update(title="Phó Chủ tịch")
    report = _send(report, officer, leader, {}, number="125/BC-UBND")
    doc = Document(io.BytesIO(documents.report_docx(report)))
    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 1).paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 125/BC-UBND"
    signer = [p.text for p in doc.tables[-1].cell(0, 1).paragraphs if p.text]
    assert signer[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert [p.text for p in doc.tables[-1].cell(0, 0).paragraphs][-1] == "- Lưu: VT."


def test_a_draft_leaves_the_number_and_the_date_for_the_clerk(reporting):
    report = Report.objects.get(reporter=reporting.network.commune_a1, period=reporting.period)
    doc = Document(io.BytesIO(documents.report_docx(report)))
    assert doc.tables[0].cell(1, 0).paragraphs[0].text.startswith("Số      -BC/")
    assert "ngày      tháng" in doc.tables[0].cell(1, 1).paragraphs[0].text


def test_the_document_is_downloaded_by_who_may_read_the_report_only(
    client: Client, sent, reporting
):
    url = reverse("reports:docx", args=[sent.pk])
    client.force_login(reporting.province_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    client.force_login(reporting.other_commune_officer)
    assert client.get(url).status_code in (403, 404)


def test_the_consolidated_workbook_has_a_column_per_child_and_every_report_below(
    client: Client, sent, reporting
):
    net = reporting.network
    # The province sends its own report up, drafted from its children.
    province = Report.objects.get(reporter=net.province_a, period=reporting.period)
    filling.fill_from_children(report=province, actor=reporting.province_officer)
    _send(province, reporting.province_officer, reporting.province_leader, {})

    result = table(net.province_a, reporting.template, reporting.period)
    book = load_workbook(consolidated_xlsx(result), read_only=True)
    first = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header = first[2]
    assert header[5] == "Consolidated" or header[5]  # the consolidated column
    names = header[6:]
    assert len(names) == 2 and sum("(" in str(n) for n in names) == 1  # one not counted
    by_code = {row[1]: row for row in first[3:]}
    assert by_code["doi_thoai"][5] == 3545 and isinstance(by_code["doi_thoai"][5], int)

    central = table(net.central, reporting.template, reporting.period)
    assert [d for d, _pk in reports_below(central)] == [1, 2]
    below = [list(r) for r in load_workbook(consolidated_xlsx(central)).worksheets[1].values]
    rows = below[3:]
    assert sorted(r[0] for r in rows) == [1, 2]
    assert {r[1] for r in rows} == {net.province_a.code, net.commune_a1.code}

    client.force_login(reporting.province_officer)
    url = reverse(
        "reports:consolidated_xlsx",
        args=[net.province_a.pk, reporting.template.pk, reporting.period.pk],
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].endswith("sheet")
    client.force_login(reporting.commune_officer)
    assert client.get(url).status_code == 403


def test_one_indicator_over_the_periods_is_consolidated_by_its_rule(reporting):
    net = reporting.network
    sent = []
    for month, value in ((10, "2"), (11, "5")):
        period = periods.ensure_period(kind="month", year=2026, number=month)
        open_reports(period=period)
        for org, officer, leader, n in (
            (net.commune_a1, reporting.commune_officer, reporting.commune_leader, value),
            (
                net.commune_a2,
                reporting.other_commune_officer,
                user_with(net.commune_a2, Role.LEADER),
                "1",
            ),
        ):
            report = Report.objects.get(reporter=org, period=period)
            sent.append(_send(report, officer, leader, {"doi_thoai": n}))
    result = table(net.province_a, reporting.template, reporting.period)
    row = charts.chosen_row(result, "doi_thoai")
    assert row is not None and row.total == Decimal(6)
    over = charts.over_periods(result, row)
    assert over.labels[-2:] == ["Month 10/2026", "Month 11/2026"] or len(over.labels) == 2
    assert over.series[0].values == [3.0, 6.0]
    across = charts.across(result, row)
    assert sorted(v for v in across.series[0].values if v is not None) == [1.0, 5.0]
    assert all(link for link in across.links)


def test_the_consolidated_page_draws_the_indicator(client: Client, sent, reporting):
    net = reporting.network
    client.force_login(reporting.province_officer)
    url = reverse(
        "reports:consolidated", args=[net.province_a.pk, reporting.template.pk, reporting.period.pk]
    )
    response = client.get(url + "?indicator=doi_thoai")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="across-data"' in html and 'id="over-periods-data"' in html
    assert 'value="doi_thoai" selected' in html


def test_bar_labels_drop_the_words_every_body_name_starts_with():
    names = ["Ủy ban nhân dân phường Giảng Võ", "Ủy ban nhân dân xã Cổ Đô"]
    assert charts._labels(names) == ["phường Giảng Võ", "xã Cổ Đô"]
    assert charts._labels(["Ủy ban nhân dân phường Láng"]) == ["Ủy ban nhân dân phường…"]
