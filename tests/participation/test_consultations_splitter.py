"""The .docx splitter on a realistic Vietnamese draft built with python-docx."""

from __future__ import annotations

import io

from docx import Document

from danvan.participation.splitting import split_docx, split_text

DRAFT = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
    "DỰ THẢO",
    "QUY ĐỊNH",
    "Về tổ chức đối thoại giữa Chủ tịch Ủy ban nhân dân cấp xã với Nhân dân",
    "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Quy định này quy định việc tổ chức đối thoại định kỳ và đột xuất.",
    "Điều 2. Đối tượng áp dụng",
    "1. Ủy ban nhân dân các xã, phường.",
    "2. Cơ quan, tổ chức, cá nhân có liên quan.",
    "Chương II",
    "TỔ CHỨC ĐỐI THOẠI",
    "Mục 1. Đối thoại định kỳ",
    "Điều 3. Thời gian đối thoại",
    "1. Mỗi năm ít nhất một lần, trong quý IV.",
    "2. Khi có yêu cầu của Nhân dân thì tổ chức đột xuất:",
    "a) Có trên 50 cử tri đề nghị;",
    "b) Có vụ việc phức tạp, đông người.",
    "3. Thông báo trước ít nhất 05 ngày làm việc.",
    "Điều 4: Trách nhiệm",
    "Chủ tịch Ủy ban nhân dân cấp xã chủ trì.",
]


def _docx(paragraphs: list[str]) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_draft_splits_into_chapters_sections_articles_clauses_and_points():
    found = split_docx(_docx(DRAFT))
    shown = [(p.kind, p.number, p.heading) for p in found.parts]
    assert shown[:5] == [
        ("chapter", "I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("article", "1", "Phạm vi điều chỉnh"),
        ("article", "2", "Đối tượng áp dụng"),
        ("clause", "1", ""),
        ("clause", "2", ""),
    ]
    kinds = [p.kind for p in found.parts]
    assert kinds.count("article") == 4
    assert kinds.count("point") == 2
    assert ("section", "1", "Đối thoại định kỳ") in shown
    assert ("article", "4", "Trách nhiệm") in shown


def test_paragraphs_without_a_marker_continue_the_part_above_and_the_preamble_is_apart():
    found = split_text(DRAFT)
    article_1 = found.parts[1]
    assert article_1.text == "Quy định này quy định việc tổ chức đối thoại định kỳ và đột xuất."
    assert found.preamble.startswith("ỦY BAN NHÂN DÂN")
    assert "Căn cứ Luật Thực hiện dân chủ" in found.preamble


def test_each_part_knows_the_part_it_belongs_to():
    parts = split_text(DRAFT).parts
    point_a = next(p for p in parts if p.kind == "point" and p.number == "a")
    clause = parts[point_a.parent]  # type: ignore[index]
    assert (clause.kind, clause.number) == ("clause", "2")
    article = parts[clause.parent]  # type: ignore[index]
    assert (article.kind, article.number) == ("article", "3")
    section = parts[article.parent]  # type: ignore[index]
    assert section.kind == "section"
    assert parts[section.parent].number == "II"  # type: ignore[index]


def test_a_numbered_line_before_any_article_is_not_a_clause():
    found = split_text(["1. Một dòng mở đầu", "Điều 1. Phạm vi", "1. Khoản một"])
    assert [p.kind for p in found.parts] == ["article", "clause"]
    assert found.preamble == "1. Một dòng mở đầu"
