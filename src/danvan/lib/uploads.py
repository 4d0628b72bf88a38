"""Uploaded files checked by their structure, not by their name or their first bytes alone,
before anything is written (decision 0011):

- the first bytes decide the type, and the name's extension must agree;
- a Word file is opened as a ZIP package: [Content_Types].xml and word/document.xml of the
  right type, no program, macro or embedded object inside, no part named like a path out of
  the package, no template or object fetched from elsewhere, and bounded when unpacked;
- a PDF ends with %%EOF, is not also a web page, and carries no script, launch action or
  attached file;
- an image decodes fully, as the type it claims, within a pixel budget, and is stored
  re-encoded: without its metadata (a phone photo's GPS position is personal data) and
  without anything hidden after the picture.

The person's file name is kept for display only, without folders or invisible characters;
every upload site generates the storage path itself.
"""

from __future__ import annotations

import enum
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, JpegImagePlugin

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What the first bytes of an accepted file look like, and the type recorded for it.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"PK\x03\x04", DOCX),
]
_EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    WEBP: {".webp"},
    DOCX: {".docx"},
}
_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", WEBP: "WEBP", DOCX: "DOCX"}
DOCUMENTS = (PDF, JPEG, PNG, DOCX)
IMAGES = (JPEG, PNG, WEBP)

# Bounds on what a package may unpack to: a Word report with photos stays far below them,
# a zip bomb does not.
MAX_PARTS = 1000
MAX_UNPACKED_MEGABYTES = 50
MAX_RATIO = 100  # for parts over 1 MB; Word's own XML packs about 30 to 1
MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a decompression bomb does not


@dataclass(frozen=True)
class CheckedFile:
    """`upload` holds what is to be stored (for an image, the re-encoded bytes) under the
    sanitized display name; `sha256` is the digest of those bytes."""

    upload: UploadedFile
    content_type: str
    sha256: str


class _Reason(enum.Enum):
    DAMAGED = enum.auto()
    PROGRAM = enum.auto()
    SCRIPT = enum.auto()
    UNPACKS_TOO_BIG = enum.auto()
    SEALED = enum.auto()
    TOO_MANY_PIXELS = enum.auto()


class _Refused(Exception):
    def __init__(self, reason: _Reason) -> None:
        super().__init__(reason.name)
        self.reason = reason


def _sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return next((t for sig, t in _SIGNATURES if head.startswith(sig)), None)


def _one_of(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def display_name(raw: str) -> str:
    """The name the person gave the file, fit to show and never used as a path: no folders
    (of either slash), no control or invisible characters (a right-to-left mark can make
    "…gnp.exe" read "…exe.png"), at most 200 characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = " ".join(name.split()).strip(". ")
    if len(name) > 200:
        stem, _dot, extension = name.rpartition(".")
        keep = stem and len(extension) <= 10
        name = f"{stem[: 199 - len(extension)]}.{extension}" if keep else name[:200]
    return name


# Word packages --------------------------------------------------------------------------------

_PROGRAM_NAME = re.compile(
    r"\.(exe|dll|sys|bat|cmd|com|scr|pif|cpl|msi|msp|msc|jar|class|js|jse|vbs|vbe|wsf|wsh"
    r"|ps1|psm1|hta|lnk|reg|sh|so|dylib|apk)$"
)
# Windows and DOS programs, Linux programs, scripts, Java classes and macOS programs.
_PROGRAM_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
)
# An OLE compound file inside a package is a VBA project, an ActiveX control or an embedded
# object (the Equation Editor exploits and packaged programs came this way).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_PARTS = frozenset({"vbaproject.bin", "vbadata.xml"})
_MACRO_TYPES = ("macroenabled", "vba", "activex")
_ZIP = b"PK\x03\x04"
_OOXML_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# A bad checksum or header, a cut part, an encrypted part, an unknown compression, and
# whatever else zipfile raises on a damaged archive.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    EOFError,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    ValueError,
    OSError,
)
_MAIN_PARTS = {
    DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroenabled.main+xml",
    ),
}


@dataclass
class _Budget:
    parts: int = MAX_PARTS
    bytes: int = MAX_UNPACKED_MEGABYTES * 1024 * 1024


def _unsafe_part_name(name: str) -> bool:
    segments = name.rstrip("/").split("/")
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or ":" in name
        or any(s in ("", ".", "..") for s in segments)
    )


def _xml_elements(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """The elements (local name, attributes) of a package's XML part. OOXML forbids a DTD,
    and refusing one leaves no entity to expand, whatever the encoding."""
    found: list[tuple[str, dict[str, str]]] = []

    def refuse(*_args: Any) -> None:
        raise _Refused(_Reason.DAMAGED)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda tag, attrs: found.append((tag.rsplit(" ", 1)[-1], attrs))
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise _Refused(_Reason.DAMAGED) from error
    return found


def _local_target(target: str) -> bool:
    target = target.strip().replace("\\", "/")
    if re.match(r"(?i)(file:///)?[a-z]:/", target):
        return True
    return ":" not in target and not target.startswith("/")


def _check_relationships(data: bytes) -> None:
    """Hyperlinks may point anywhere; any other outside relationship only to a file on the
    author's own disk (a document made from a template keeps its path), never to a server
    (remote templates, Follina's mhtml object) nor to an outside object."""
    for tag, attrs in _xml_elements(data):
        if tag != "Relationship" or attrs.get("TargetMode", "").lower() != "external":
            continue
        kind = attrs.get("Type", "").rsplit("/", 1)[-1].lower()
        if kind == "hyperlink":
            continue
        if kind in ("oleobject", "package") or not _local_target(attrs.get("Target", "")):
            raise _Refused(_Reason.PROGRAM)


def _check_package(
    archive: zipfile.ZipFile,
    *,
    main: tuple[str, str, str] | None,
    allow_macros: bool,
    budget: _Budget,
    nested: bool = False,
) -> None:
    infos = archive.infolist()
    budget.parts -= len(infos)
    if budget.parts < 0:
        raise _Refused(_Reason.UNPACKS_TOO_BIG)
    seen: set[str] = set()
    xml: dict[str, bytes] = {}
    for info in infos:
        folded = info.filename.casefold()
        if folded in seen or _unsafe_part_name(info.filename):
            raise _Refused(_Reason.DAMAGED)
        seen.add(folded)
        if info.flag_bits & 0x1 or info.compress_type not in _OOXML_COMPRESSIONS:
            raise _Refused(_Reason.DAMAGED)
        # The declared sizes bound the work: zipfile never unpacks more than they say.
        budget.bytes -= info.file_size
        too_packed = info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        )
        if budget.bytes < 0 or too_packed:
            raise _Refused(_Reason.UNPACKS_TOO_BIG)
        base = folded.rsplit("/", 1)[-1]
        macro = base in _MACRO_PARTS
        if _PROGRAM_NAME.search(base) or (macro and not allow_macros):
            raise _Refused(_Reason.PROGRAM)
        if info.is_dir():
            continue
        with archive.open(info) as part:
            head = part.read(8)
            if head.startswith(_PROGRAM_MAGIC) or (
                head.startswith(_OLE) and not (macro and allow_macros)
            ):
                raise _Refused(_Reason.PROGRAM)
            if head.startswith(_ZIP):
                # A chart's spreadsheet is itself a package; anything deeper is not Office's.
                if nested:
                    raise _Refused(_Reason.PROGRAM)
                with zipfile.ZipFile(io.BytesIO(head + part.read())) as inner:
                    _check_package(
                        inner, main=None, allow_macros=allow_macros, budget=budget, nested=True
                    )
            elif folded == "[content_types].xml" or folded.endswith(".rels"):
                xml[folded] = head + part.read()
            else:
                while part.read(1 << 20):  # to the end, so that the checksum is verified
                    pass
    if "[content_types].xml" not in xml:
        raise _Refused(_Reason.DAMAGED)
    types = {
        (attrs.get("Extension") or attrs.get("PartName") or "").casefold(): (
            attrs.get("ContentType") or ""
        ).casefold()
        for tag, attrs in _xml_elements(xml["[content_types].xml"])
        if tag in ("Default", "Override")
    }
    if not allow_macros and any(m in t for t in types.values() for m in _MACRO_TYPES):
        raise _Refused(_Reason.PROGRAM)
    if main:
        main_part, document, macro_document = main
        declared = types.get("/" + main_part, types.get("xml"))
        if main_part not in seen or declared not in (document, macro_document):
            raise _Refused(_Reason.DAMAGED)
    for name, data in xml.items():
        if name.endswith(".rels"):
            _check_relationships(data)


def _check_office(data: bytes, kind: str, *, allow_macros: bool) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_package(
                archive, main=_MAIN_PARTS[kind], allow_macros=allow_macros, budget=_Budget()
            )
    except _ZIP_ERRORS as error:
        raise _Refused(_Reason.DAMAGED) from error


# PDF ------------------------------------------------------------------------------------------

# A browser that took the file for a web page would meet one of these near the start.
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b", re.I)
_HTML_WINDOW = 8192
_JAVASCRIPT_URI = re.compile(rb"javascript:", re.I)
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_END_STREAM = b"endstream"


def _pdf_names(*names: bytes) -> re.Pattern[bytes]:
    """Any of these PDF names as a whole token, however spelt: a name's characters may be
    written #xx (/J#61vaScript is /JavaScript). One scan in C, whatever the file holds."""

    def spellings(c: int) -> bytes:
        escape = b"#%x[%s]" % (c >> 4, re.escape(b"%x%X" % (c & 15, c & 15)))
        return b"(?:" + re.escape(bytes([c])) + b"|" + escape + b")"

    alternatives = b"|".join(b"".join(spellings(c) for c in name) for name in names)
    # The name ends where a PDF delimiter or white space (NUL included) begins.
    return re.compile(b"/(?:" + alternatives + rb")(?![^\x00\t\n\f\r ()<>\[\]{}/%])")


# Long enough never to occur by chance in compressed data, so they are looked for everywhere.
_ACTIVE = _pdf_names(b"JavaScript", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia")
# Short enough to occur by chance in compressed data: looked for outside stream bodies.
_JS = _pdf_names(b"JS")
_OBJECT_STREAM = _pdf_names(b"ObjStm")
_FLATE = _pdf_names(b"FlateDecode")
_OTHER_FILTERS = _pdf_names(
    *(b"DecodeParms", b"DP", b"Crypt", b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"),
    *(b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"),
)


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-1024:] or _HTML.search(data, 0, _HTML_WINDOW):
        raise _Refused(_Reason.DAMAGED)
    if _ACTIVE.search(data) or _JAVASCRIPT_URI.search(data):
        raise _Refused(_Reason.SCRIPT)
    # One pass over the streams (a stream without its end stops it). Object streams (PDF 1.5)
    # pack dictionaries, actions included, compressed: they are unpacked and read too, and one
    # that cannot be unpacked (encrypted, another filter) cannot be checked.
    budget = MAX_UNPACKED_MEGABYTES * 1024 * 1024
    view = memoryview(data)
    outside, position = [], 0
    while found := _STREAM_START.search(data, position):
        end = data.find(_END_STREAM, found.end())
        if end < 0:
            break
        outside.append(view[position : found.start()])
        # The stream's dictionary: after its "N 0 obj", never before the previous stream.
        start = max(position, found.start() - 1024)
        obj = data.rfind(b"obj", start, found.start())
        header = view[obj + 3 if obj >= 0 else start : found.start()]
        position = end + len(_END_STREAM)
        if not _OBJECT_STREAM.search(header):
            continue
        if _OTHER_FILTERS.search(header):
            raise _Refused(_Reason.SEALED)
        content: bytes | memoryview = view[found.end() : end]
        if _FLATE.search(header):
            inflater = zlib.decompressobj()
            try:
                content = inflater.decompress(content, budget + 1)
            except zlib.error as error:
                raise _Refused(_Reason.SEALED) from error
            if len(content) > budget:
                raise _Refused(_Reason.UNPACKS_TOO_BIG)
            if not inflater.eof:
                raise _Refused(_Reason.SEALED)
            budget -= len(content)
        if _ACTIVE.search(content) or _JS.search(content) or _JAVASCRIPT_URI.search(content):
            raise _Refused(_Reason.SCRIPT)
    outside.append(view[position:])
    if any(_JS.search(part) for part in outside):
        raise _Refused(_Reason.SCRIPT)


# Images ---------------------------------------------------------------------------------------

_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
_METADATA = ("exif", "xmp", "comment", "XML:com.adobe.xmp")


def _reencoded_image(data: bytes, kind: str) -> bytes:
    fmt = _PILLOW_FORMATS[kind]
    try:
        # Only the plugin of the sniffed type may read it: the decoded type is the sniffed one.
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            frames = 1 if kind == JPEG else getattr(image, "n_frames", 1)
            if image.width * image.height * frames > MAX_PIXELS:
                raise _Refused(_Reason.TOO_MANY_PIXELS)
            image.verify()
        # verify() leaves the image unusable; decoding it fully is the real test.
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            image.load()
            return _encode(image, kind, lossless=data[12:16] == b"VP8L")
    except _Refused:
        raise
    except Image.DecompressionBombError as error:
        raise _Refused(_Reason.TOO_MANY_PIXELS) from error
    except Exception as error:  # Pillow reports damage through many exception types
        raise _Refused(_Reason.DAMAGED) from error


def _encode(image: Image.Image, kind: str, *, lossless: bool) -> bytes:
    """The picture again, in its own type, with only its orientation (so that it still shows
    upright) and its colour profile: no GPS position, camera serial, comment or XMP, and
    nothing that was appended after the picture."""
    kept = Image.Exif()
    orientation = image.getexif().get(ExifTags.Base.Orientation)
    if orientation in range(2, 9):
        kept[ExifTags.Base.Orientation] = orientation
    for key in _METADATA:
        image.info.pop(key, None)
    options: dict[str, Any] = {"exif": kept.tobytes() if orientation in range(2, 9) else b""}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    animated = bool(getattr(image, "is_animated", False))
    out = io.BytesIO()
    if isinstance(image, JpegImagePlugin.JpegImageFile):
        # The original's quantization tables and subsampling, so no visible loss (spelled
        # out: quality="keep" refuses a phone's multi-picture JPEG).
        options["subsampling"] = JpegImagePlugin.get_sampling(image)
        image.save(out, "JPEG", qtables=image.quantization or None, **options)
    elif kind == PNG:
        image.save(out, "PNG", save_all=animated, **options)
    else:
        image.save(
            out, "WEBP", lossless=lossless, quality=90, method=2, save_all=animated, **options
        )
    return out.getvalue()


# The check ------------------------------------------------------------------------------------


def _checked_content(data: bytes, kind: str, *, allow_macros: bool) -> bytes | None:
    """What is to be stored instead of the upload's bytes, if anything; refuses the file."""
    if kind == DOCX:
        _check_office(data, kind, allow_macros=allow_macros)
    elif kind == PDF:
        _check_pdf(data)
    else:
        return _reencoded_image(data, kind)
    return None


def _refusal(reason: _Reason, name: str, kind: str) -> str:
    if reason is _Reason.PROGRAM:
        return _(
            "“%(name)s” contains a program, a macro or an embedded or linked object: it "
            "cannot be accepted. Save it again without them, or send it as PDF."
        ) % {"name": name}
    if reason is _Reason.SCRIPT:
        return _(
            "“%(name)s” contains scripts, launch actions or attached files: it cannot be "
            "accepted. Save or print it to PDF again without them."
        ) % {"name": name}
    if reason is _Reason.UNPACKS_TOO_BIG:
        return _(
            "“%(name)s” unpacks to more than %(mb)s MB or to too many parts: send a smaller file."
        ) % {"name": name, "mb": MAX_UNPACKED_MEGABYTES}
    if reason is _Reason.SEALED:
        return _(
            "“%(name)s” is encrypted or protected, so it cannot be checked: send it again "
            "without a password or protection."
        ) % {"name": name}
    if reason is _Reason.TOO_MANY_PIXELS:
        return _("“%(name)s” is an image of more than %(mp)s megapixels: send a smaller image.") % {
            "name": name,
            "mp": MAX_PIXELS // 1_000_000,
        }
    return _("“%(name)s” is damaged or is not a real %(type)s file: send it again.") % {
        "name": name,
        "type": _NAMES[kind],
    }


def check_uploads(
    files: Sequence[UploadedFile],
    *,
    field: str,
    accepted: Iterable[str] = DOCUMENTS,
    max_files: int = 5,
    max_megabytes: int = 10,
    allow_macros: bool = False,
) -> list[CheckedFile]:
    """Every file checked first, so that one bad file stops the whole upload; errors are
    reported on `field`. Word files with macros pass only with `allow_macros`."""
    accepted = tuple(accepted)
    if len(files) > max_files:
        raise ValidationError({field: _("Attach at most %(n)s files.") % {"n": max_files}})
    checked = []
    for upload in files:
        name = display_name(upload.name or "")
        if (upload.size or 0) > max_megabytes * 1024 * 1024:
            raise ValidationError(
                {
                    field: _("“%(name)s” is larger than %(mb)s MB: send a smaller file.")
                    % {"name": name, "mb": max_megabytes}
                }
            )
        head = upload.read(12)
        upload.seek(0)
        kind = _sniff(head)
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if kind not in accepted or suffix not in _EXTENSIONS[kind]:
            raise ValidationError(
                {
                    field: _("“%(name)s” is not an accepted file: send %(types)s.")
                    % {"name": name, "types": _one_of([_NAMES[t] for t in accepted])}
                }
            )
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            replacement = _checked_content(data, kind, allow_macros=allow_macros)
        except _Refused as refused:
            raise ValidationError({field: _refusal(refused.reason, name, kind)}) from None
        if replacement is None:
            upload.name = name
        else:
            upload, data = SimpleUploadedFile(name, replacement, content_type=kind), replacement
        checked.append(
            CheckedFile(upload=upload, content_type=kind, sha256=hashlib.sha256(data).hexdigest())
        )
    return checked
