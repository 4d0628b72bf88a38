"""The text of .txt, .docx and .pdf files, and their length in pages."""

from __future__ import annotations

import io
import re
import unicodedata
import zlib

import docx
import pytest
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from danvan.directives.reading import CHARACTERS_PER_PAGE, read_bytes, read_path


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as written (their msgids), whatever the site's language."""
    with translation.override("en"):
        yield


SENTENCE = "Thực hiện Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị, 12/12 xã, phường đã"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese files wrote it: the letter, then its tone mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    "data",
    [
        SENTENCE.encode("utf-8"),
        b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"),
        SENTENCE.encode("utf-16"),  # with its byte-order mark
        SENTENCE.encode("utf-16-le"),
        SENTENCE.encode("utf-16-be"),
        _cp1258(SENTENCE),
        unicodedata.normalize("NFD", SENTENCE).encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "nfd"],
)
def test_a_text_file_is_read_in_the_encoding_it_was_written_in(data):
    read = read_bytes(data, "bao-cao.TXT")
    assert read.text == SENTENCE
    assert read.pages == 1


def test_line_ends_become_newlines():
    assert read_bytes(b"a\r\nb\rc\n", "a.txt").text == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("length", "pages"),
    [(0, 1), (1, 1), (CHARACTERS_PER_PAGE, 1), (CHARACTERS_PER_PAGE + 1, 2), (9_000, 5)],
)
def test_a_page_of_text_is_1800_characters_rounded_up(length, pages):
    assert read_bytes(b"x" * length, "a.txt").pages == pages


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("BAN CHẤP HÀNH TRUNG ƯƠNG")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Số: 24-KH/BTGDVTU"
    table.cell(0, 2).text = "Hà Nội, ngày 02 tháng 3 năm 2026"
    table.cell(1, 0).merge(table.cell(1, 2)).text = "KẾ HOẠCH"
    document.add_paragraph(SENTENCE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_gives_its_paragraphs_and_cells_in_order_a_merged_cell_once():
    read = read_bytes(_docx(), "ke-hoach.docx")
    assert read.text.split("\n") == [
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "Số: 24-KH/BTGDVTU",
        "Hà Nội, ngày 02 tháng 3 năm 2026",
        "KẾ HOẠCH",
        SENTENCE,
    ]
    assert read.pages == 1


def _pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages carry these lines of text (Helvetica, so ASCII only)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        shown = b" T* ".join(b"(" + line.encode("ascii") + b") Tj" for line in lines)
        stream = zlib.compress(b"BT /F1 11 Tf 14 TL 72 770 Td " + shown + b" ET")
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "
            b"/F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_a_pdf_gives_the_text_of_its_pages_and_counts_its_own_pages():
    data = _pdf([["Chi thi so 35-CT/TW ngay 26/5/2014", "cua Bo Chinh tri"], ["12/12 xa"], []])
    read = read_bytes(data, "chi-thi.pdf")
    assert "Chi thi so 35-CT/TW ngay 26/5/2014" in read.text
    assert read.text.index("Bo Chinh tri") < read.text.index("12/12 xa")
    assert read.pages == 3


def test_a_pdf_with_an_empty_password_is_read():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf([["Ket luan 43-KL/TW"]]))))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "43-KL/TW" in read_bytes(buffer.getvalue(), "a.pdf").text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bang.xlsx", b"PK\x03\x04", "not a file that can be read: give a .txt, .docx or .pdf"),
        ("hong.docx", b"not a zip at all", "not a Word document that can be read"),
        ("hong.pdf", b"%PDF-1.4\n garbage", "not a PDF that can be read"),
        ("cat.pdf", _pdf([[]])[:200], "not a PDF that can be read"),
        ("scan.pdf", _pdf([[], []]), "has no text to read"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(name, data, message):
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        read_bytes(data, name)
    assert name in str(raised.value)


def test_a_password_protected_pdf_says_so():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf([["Bi mat"]]))))
    writer.encrypt(user_password="mat-khau", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValueError, match="protected by a password"):
        read_bytes(buffer.getvalue(), "mat.pdf")


def test_a_path_is_read_and_a_missing_one_is_named(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    assert read_path(path).text == SENTENCE
    with pytest.raises(ValueError, match=re.escape("khong-co.txt cannot be opened")):
        read_path(tmp_path / "khong-co.txt")
