"""Attachments: checked by their content, not their name, and kept out of public URLs."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from danvan.accounts.models import User

from ..models import AttachmentPurpose, Case, CaseAttachment

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024

# What the first bytes of an allowed file look like, and the type we record for it.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
]
_EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    sha256: str


def check_files(files: list[UploadedFile]) -> list[CheckedFile]:
    """Validate every file first, so that a bad one stops the submission before any write."""
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": _("Attach at most %(n)s files.") % {"n": MAX_FILES}})
    checked = []
    for upload in files:
        name = upload.name or ""
        if (upload.size or 0) > MAX_BYTES:
            raise ValidationError(
                {
                    "attachments": _("“%(name)s” is larger than 10 MB: send a smaller file.")
                    % {"name": name}
                }
            )
        head = upload.read(8)
        upload.seek(0)
        kind = next((t for sig, t in _SIGNATURES if head.startswith(sig)), None)
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if kind is None or suffix not in _EXTENSIONS[kind]:
            raise ValidationError(
                {
                    "attachments": _(
                        "“%(name)s” is not an accepted file: send PDF, JPG, PNG or DOCX."
                    )
                    % {"name": name}
                }
            )
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append(CheckedFile(upload=upload, content_type=kind, sha256=digest.hexdigest()))
    return checked


def attach(
    *,
    case: Case,
    files: list[CheckedFile],
    purpose: str = AttachmentPurpose.EVIDENCE,
    uploaded_by: User | None = None,
    document_number: str = "",
    document_date: dt.date | None = None,
    public: bool = False,
) -> list[CaseAttachment]:
    """Store checked files. The defaults are the citizen's evidence at intake; officers'
    documents go through `services.documents.attach_document`, which checks the right."""
    made = []
    for f in files:
        attachment = CaseAttachment(
            case=case,
            original_name=(f.upload.name or "")[:200],
            content_type=f.content_type,
            size=f.upload.size or 0,
            sha256=f.sha256,
            purpose=purpose,
            uploaded_by=uploaded_by,
            document_number=document_number,
            document_date=document_date,
            public=public,
        )
        attachment.file.save("upload", f.upload, save=False)
        attachment.save()
        made.append(attachment)
    return made
