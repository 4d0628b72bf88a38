"""Documents cited in Vietnamese text, written any of the ways texts write them."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.directives.extract import documents, figures


def _one(text: str) -> dict[str, object]:
    found = documents(text)
    assert len(found) == 1, found
    return found[0].as_json()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thực hiện Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị, Ban Thường vụ...",
            {
                "symbol": "35-CT/TW",
                "type": "Chỉ thị",
                "issuer": "Bộ Chính trị",
                "date": "2014-05-26",
            },
        ),
        (
            "Quy định số 11-QĐi/TW, ngày 18/02/2019 của Bộ Chính trị khóa XII về trách nhiệm",
            {
                "symbol": "11-QĐi/TW",
                "type": "Quy định",
                "issuer": "Bộ Chính trị",
                "date": "2019-02-18",
            },
        ),
        (
            "theo Nghị định 30/2020/NĐ-CP ngày 05-3-2020 của Chính phủ về công tác văn thư",
            {
                "symbol": "30/2020/NĐ-CP",
                "type": "Nghị định",
                "issuer": "Chính phủ",
                "date": "2020-03-05",
            },
        ),
        (
            "Kết luận số 43-KL/TW ngày 07 tháng 01 năm 2019 của Ban Bí thư.",
            {
                "symbol": "43-KL/TW",
                "type": "Kết luận",
                "issuer": "Ban Bí thư",
                "date": "2019-01-07",
            },
        ),
        (
            "Chi thi so 33/CT-TTg ngay 10/12/2025 cua Thu tuong Chinh phu",  # no diacritics
            {
                "symbol": "33/CT-TTg",
                "type": "Chỉ thị",
                "issuer": "Thu tuong Chinh phu",
                "date": "2025-12-10",
            },
        ),
        (
            "Luật số 91/2025/QH15 được Quốc hội thông qua",
            {"symbol": "91/2025/QH15", "type": "Luật", "issuer": "", "date": None},
        ),
        (
            "Nghị quyết 25-NQ/TW (03/6/2013) về công tác dân vận",
            {"symbol": "25-NQ/TW", "type": "Nghị quyết", "issuer": "", "date": None},
        ),
    ],
)
def test_a_cited_document_is_found_with_its_type_issuer_and_date(text, expected):
    assert _one(text) == expected


def test_figures_dates_and_ratios_are_not_taken_for_documents():
    text = "Đến ngày 26/5/2014, 12/12 xã đã tổ chức; 1.250 hộ nghèo được hỗ trợ 3/4 kinh phí."
    assert documents(text) == []


def test_every_citation_of_a_paragraph_is_found_in_order():
    text = (
        "Thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương và "
        "Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư, Ban Thường vụ Tỉnh ủy ban hành "
        "Kế hoạch số 24-KH/BTGDVTU."
    )
    found = documents(text)
    assert [c.symbol for c in found] == ["25-NQ/TW", "43-KL/TW", "24-KH/BTGDVTU"]
    assert found[0].issuer == "Ban Chấp hành Trung ương"
    assert found[1].date == dt.date(2019, 1, 7)
    assert text[found[2].start : found[2].end] == "24-KH/BTGDVTU"


def test_an_issuer_with_and_in_its_name_is_kept_whole():
    cited = _one("Kế hoạch số 24-KH/BTGDVTU ngày 02/3/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy.")
    assert cited["issuer"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert cited["type"] == "Kế hoạch"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trong năm, 1.250 hộ nghèo được hỗ trợ.",
            [{"value": 1250, "of": "hộ nghèo được hỗ trợ", "ratio": None}],
        ),
        (
            "Đến nay 12/12 xã, phường đã tổ chức hội nghị.",
            [{"value": 12, "of": "xã, phường", "ratio": "12/12"}],
        ),
        (
            "Toàn tỉnh có 3.545 mô hình và 27 điển hình tiên tiến.",
            [
                {"value": 3545, "of": "mô hình", "ratio": None},
                {"value": 27, "of": "điển hình tiên tiến", "ratio": None},
            ],
        ),
        (
            "Ngày 26/5/2014, theo Chỉ thị số 35-CT/TW, năm 2025 và Điều 5 khoản 2.",
            [],
        ),
        ("Tỷ lệ đạt 98,5% và 75% kế hoạch.", []),
    ],
)
def test_the_figures_a_text_reports_are_found_with_what_they_count(text, expected):
    assert [f.as_json() for f in figures(text)] == expected
