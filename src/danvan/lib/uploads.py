"""Uploaded files checked by their content, not their name: the first bytes must be those of
an accepted type and the name's extension must agree, before anything is written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    sha256: str


def _sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return next((t for sig, t in _SIGNATURES if head.startswith(sig)), None)


def _one_of(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def check_uploads(
    files: Sequence[UploadedFile],
    *,
    field: str,
    accepted: Iterable[str] = DOCUMENTS,
    max_files: int = 5,
    max_megabytes: int = 10,
) -> list[CheckedFile]:
    """Every file checked first, so that one bad file stops the whole upload; errors are
    reported on `field`."""
    accepted = tuple(accepted)
    if len(files) > max_files:
        raise ValidationError({field: _("Attach at most %(n)s files.") % {"n": max_files}})
    checked = []
    for upload in files:
        name = upload.name or ""
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
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append(CheckedFile(upload=upload, content_type=kind, sha256=digest.hexdigest()))
    return checked
