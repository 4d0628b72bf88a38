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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the body that issues it, and the date that opens the clause
            "Ngày 19/02/2020, Ban Dân vận Trung ương ban hành Kế hoạch số 06-KH/BDVTW thực hiện",
            {
                "symbol": "06-KH/BDVTW",
                "type": "Kế hoạch",
                "issuer": "Ban Dân vận Trung ương",
                "date": "2020-02-19",
            },
        ),
        (
            "Với vị trí đó, ngày 18-2-1998, Bộ Chính trị đã ra Chỉ thị số 30-CT/TW về dân chủ",
            {
                "symbol": "30-CT/TW",
                "type": "Chỉ thị",
                "issuer": "Bộ Chính trị",
                "date": "1998-02-18",
            },
        ),
        (  # the heading of the document itself
            "Số: 719/QĐ-TTg\n\nHà Nội, ngày 15 tháng 06 năm 2012\n\nQUYẾT ĐỊNH",
            {"symbol": "719/QĐ-TTg", "type": "Quyết định", "issuer": "", "date": "2012-06-15"},
        ),
        (  # words glued by a PDF conversion
            "Căn cứ Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư về tổ chức",
            {
                "symbol": "70-TB/TW",
                "type": "Thông báo",
                "issuer": "Ban Bí thư",
                "date": "2012-01-06",
            },
        ),
        (  # the issuer ends where what the document does begins
            "Nghị định số 34/2011/NĐ-CP ngày 17 tháng 5 năm 2011 của Chính phủ quy định về",
            {
                "symbol": "34/2011/NĐ-CP",
                "type": "Nghị định",
                "issuer": "Chính phủ",
                "date": "2011-05-17",
            },
        ),
        (  # a list of documents names the issuer at the end of the title
            "- 4Quyết định 82/2013/QĐ-TTg về chính sách đặc thù do Thủ tướng Chính phủ ban hành",
            {
                "symbol": "82/2013/QĐ-TTg",
                "type": "Quyết định",
                "issuer": "Thủ tướng Chính phủ",
                "date": None,
            },
        ),
        (  # a type the symbol does not carry, named before it with its qualifier
            "Báo cáo thẩm định số 18/BCTĐ-STP ngày 25 tháng 5 năm 2018 của Sở Tư pháp.",
            {
                "symbol": "18/BCTĐ-STP",
                "type": "Báo cáo",
                "issuer": "Sở Tư pháp",
                "date": "2018-05-25",
            },
        ),
        (  # folded, "Đà" would read as the marker "đã"
            "UBND thành phố Đà Nẵng ban hành Kế hoạch số 12/KH-UBND ngày 05/01/2024 về",
            {
                "symbol": "12/KH-UBND",
                "type": "Kế hoạch",
                "issuer": "UBND thành phố Đà Nẵng",
                "date": "2024-01-05",
            },
        ),
        (  # a person who signs for a body is not its issuer
            "Kết luận số 215-KL/TW do đồng chí Trần Cẩm Tú thay mặt Bộ Chính trị ký",
            {"symbol": "215-KL/TW", "type": "Kết luận", "issuer": "", "date": None},
        ),
    ],
)
def test_issuers_and_dates_are_read_where_texts_put_them(text, expected):
    assert _one(text) == expected


def test_a_symbol_that_goes_on_with_an_ampersand_is_not_cut_into_another():
    assert documents("Công văn số 2231/SNV-CCHC&PC ngày 28 tháng 9 năm 2018") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "đảng" is no "đang": a text with diacritics is read with them
            "rút kinh nghiệm của 21/25 đảng bộ, chi bộ cơ sở được chọn",
            [{"value": 21, "of": "đảng bộ, chi bộ cơ sở được chọn", "ratio": "21/25"}],
        ),
        (
            "Năm 2021, toàn tỉnh có 2.071 mô hình, điển hình “Dân vận khéo”; tặng 12 cá nhân có",
            [
                {"value": 2071, "of": "mô hình, điển hình", "ratio": None},
                {"value": 12, "of": "cá nhân", "ratio": None},
            ],
        ),
        (  # time, money and measures are not counts; "đồng chí" is not money
            "5 năm qua, đầu tư hơn 114 tỷ đồng, 1 tỷ 127 triệu đồng, hiến 37.000m2 đất, "
            "10 ngày làm việc; có 1.528 đồng chí.",
            [{"value": 1528, "of": "đồng chí", "ratio": None}],
        ),
        (
            "xây dựng và sửa chữa được hơn 1 triệu căn nhà đại đoàn kết cho người nghèo",
            [{"value": 1_000_000, "of": "căn nhà đại đoàn kết", "ratio": None}],
        ),
        (  # "/" between two counts of different things, not a share
            "tiếp 866 lượt/964 lượt người; tiếp định kỳ 98 lượt /115 người.",
            [
                {"value": 866, "of": "lượt", "ratio": None},
                {"value": 964, "of": "lượt người", "ratio": None},
                {"value": 98, "of": "lượt", "ratio": None},
                {"value": 115, "of": "người", "ratio": None},
            ],
        ),
        (  # times and glued words
            "23/02/2019 15:47 PM kỷ niệm 100nămNgày sinh; 18 tỉnh, thành phố, 267 quận",
            [
                {"value": 18, "of": "tỉnh, thành phố", "ratio": None},
                {"value": 267, "of": "quận", "ratio": None},
            ],
        ),
        (  # without diacritics, words are read folded
            "Tai Hoi nghi da co 7 nguoi dan tham gia voi 10 y kien, hon 1 trieu can nha cho",
            [
                {"value": 7, "of": "nguoi dan", "ratio": None},
                {"value": 10, "of": "y kien", "ratio": None},
                {"value": 1_000_000, "of": "can nha", "ratio": None},
            ],
        ),
    ],
)
def test_figures_of_real_reports(text, expected):
    assert [f.as_json() for f in figures(text)] == expected
