"""Sample uploads made in the test run (no binary fixture is committed): a real one-page PDF,
images drawn by Pillow, a Word document saved by python-docx, and ZIP rewrites of it."""

from __future__ import annotations

import io
import zipfile

import docx
from PIL import Image

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def pdf_bytes(catalog: bytes = CATALOG, *, extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF with a correct cross-reference table; `extra` objects follow the page
    (numbered from 4)."""
    objects = [
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (16, 12), **params: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt, **params)
    return buffer.getvalue()


def docx_bytes(text: str = "Báo cáo thành tích") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(
    package: bytes,
    *,
    add: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
) -> bytes:
    """The package with members added or replaced, as a ZIP tool would write it."""
    add, replace = add or {}, replace or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in add.items():
            target.writestr(name, data)
    return buffer.getvalue()
