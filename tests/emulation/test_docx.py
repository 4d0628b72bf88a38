"""The decision as .docx in the layout of Nghị định 30/2020: opened again with python-docx."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.shared import Mm, Pt

from danvan.emulation.documents import date_line, decision_docx, filename
from tests.emulation.conftest import issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(network, commune_officer, committee_leader):
    decision = issued(network, commune_officer, committee_leader, number="123/QĐ-UBND")
    return decision, Document(io.BytesIO(decision_docx(decision)))


def _texts(doc):
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return paragraphs, cells


def test_the_page_is_a4_with_the_decrees_margins(document):
    _decision, doc = document
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)


def test_the_text_is_times_new_roman_13_to_14(document):
    _decision, doc = document
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    body = [r.font.size for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert all(Pt(13) <= size <= Pt(14) for size in body)


def test_the_header_has_the_body_the_motto_the_number_and_the_date_line(document):
    _decision, doc = document
    header = doc.tables[0]
    body = header.cell(0, 0).paragraphs
    assert body[0].text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert body[0].runs[0].bold
    assert (
        body[-1]._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
        is not None
    )  # the line under the body's name
    motto = [p.text for p in header.cell(0, 1).paragraphs]
    assert motto == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 123/QĐ-UBND"
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Hà Nội, ngày 05 tháng 11 năm 2026"
    assert date.runs[0].italic


def test_the_body_has_title_grounds_articles_and_every_recipient(document):
    _decision, doc = document
    paragraphs, _cells = _texts(doc)
    assert "QUYẾT ĐỊNH" in paragraphs and "QUYẾT ĐỊNH:" in paragraphs
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in paragraphs
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in paragraphs
    grounds = [p for p in doc.paragraphs if p.text.startswith("Căn cứ")]
    assert len(grounds) == 2 and all(p.runs[0].italic for p in grounds)
    articles = [p.split(".")[0] for p in paragraphs if p.startswith("Điều ")]
    assert articles == ["Điều 1", "Điều 2", "Điều 3"]
    assert any("01 tập thể và 02 cá nhân" in p for p in paragraphs)
    text = "\n".join(paragraphs)
    for name in ("Thôn Đông", "Trần Thị Bí Mật", "Lê Văn Công Khai"):
        assert name in text  # the decision names everyone: it is not the public page


def test_the_signer_block_is_right_and_the_distribution_left(document):
    _decision, doc = document
    footer = doc.tables[-1]
    left = [p.text for p in footer.cell(0, 0).paragraphs]
    right = [p.text for p in footer.cell(0, 1).paragraphs if p.text]
    assert left[0] == "Nơi nhận:" and "- Như Điều 3;" in left
    assert right == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Ký"]


def test_the_date_line_pads_days_below_10_and_months_below_3():
    assert date_line("Hà Nội", dt.date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert date_line("Huế", dt.date(2026, 3, 15)) == "Huế, ngày 15 tháng 3 năm 2026"


def test_the_file_name_has_no_diacritics(document):
    decision, _doc = document
    assert filename(decision) == "quyet-dinh-123-qd-ubnd-20261105.docx"
