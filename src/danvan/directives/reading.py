"""The plain text of a file a directive or a report arrives in, for the extractor: .txt,
.docx and .pdf.

- .txt: UTF-8 (with or without its byte-order mark), UTF-16 (by its mark, or by the zero
  bytes of Vietnamese written in it), else Windows-1258, the Vietnamese code page of older
  files.
- .docx: the body's paragraphs and table cells, in the order they stand (a merged cell
  once).
- .pdf: each page's text layer, pages separated by a blank line. A PDF with no text layer (a
  scan) has nothing to read until it goes through OCR.

The text comes back in Unicode NFC (Windows-1258 and some editors write tone marks as
separate characters) with "\\n" line ends. Its length in pages is the PDF's own page count;
for the other formats a page is counted as 1,800 characters of text (the standard typed
page), rounded up, and a file counts as at least one page.

A file that cannot be read raises ValueError with a message fit for the person who gave it.
"""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from pypdf import PdfReader
from pypdf.errors import PyPdfError

CHARACTERS_PER_PAGE = 1_800
EXTENSIONS = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class Reading:
    text: str
    pages: int


def read_path(path: Path) -> Reading:
    """The text of the file at `path`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(
            _("%(name)s cannot be opened: %(reason)s")
            % {"name": path, "reason": error.strerror or error}
        ) from error
    return read_bytes(data, str(path))


def read_bytes(data: bytes, name: str) -> Reading:
    """The text of a file's content, its format told by the extension of `name`."""
    extension = Path(name).suffix.lower()
    if extension == ".pdf":
        text, pages = _pdf(data, name)
        return Reading(_clean(text), pages)
    if extension == ".docx":
        text = _docx(data, name)
    elif extension == ".txt":
        text = _txt(data)
    else:
        raise ValueError(
            _("%(name)s is not a file that can be read: give a .txt, .docx or .pdf file.")
            % {"name": name}
        )
    text = _clean(text)
    return Reading(text, max(1, math.ceil(len(text) / CHARACTERS_PER_PAGE)))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _txt(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if (order := _utf16_without_mark(data)) is not None:
        return data.decode(order, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Older Vietnamese files: Windows-1258 decodes any byte but a handful.
        return data.decode("cp1258", errors="replace")


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 without its mark, told by where the zero bytes fall: most characters of a
    Vietnamese text (ASCII letters, spaces, the Latin-1 vowels) have a zero high byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _docx(data: bytes, name: str) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document.element.body))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValueError(
            _("%(name)s is not a Word document that can be read (.docx): it may be damaged.")
            % {"name": name}
        ) from error


def _docx_blocks(container: BaseOxmlElement) -> Iterator[str]:
    """Paragraphs and table cells in the order they stand, a table in a cell within it. A
    cell merged across columns is one <w:tc>; the cells below a vertical merge repeat
    nothing, so they are skipped."""
    for child in container.iterchildren():
        if isinstance(child, CT_P):
            yield child.text
        elif isinstance(child, CT_Tbl):
            for cell in child.xpath("./w:tr/w:tc"):
                if isinstance(cell, CT_Tc) and cell.vMerge != "continue":
                    yield from _docx_blocks(cell)


def _pdf(data: bytes, name: str) -> tuple[str, int]:
    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs are encrypted with an empty password only to forbid editing.
        locked = reader.is_encrypted and not reader.decrypt("")
        texts = [] if locked else [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        # pypdf lets plain Python errors through on some damaged files.
        raise ValueError(
            _("%(name)s is not a PDF that can be read: it may be damaged.") % {"name": name}
        ) from error
    if locked:
        raise ValueError(
            _("%(name)s is protected by a password: give a copy without one.") % {"name": name}
        )
    if not any(t.strip() for t in texts):
        raise ValueError(
            _(
                "%(name)s has no text to read: it looks like a scan. Run it through text "
                "recognition (OCR) first, or give the .docx."
            )
            % {"name": name}
        )
    return "\n\n".join(t.strip("\n") for t in texts), len(texts)
