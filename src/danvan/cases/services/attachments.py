"""Attachments: checked by their content, not their name, and kept out of public URLs."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile

from danvan.accounts.models import User
from danvan.lib.uploads import DOCUMENTS, CheckedFile, check_uploads

from ..models import AttachmentPurpose, Case, CaseAttachment

MAX_FILES = 5


def check_files(files: list[UploadedFile]) -> list[CheckedFile]:
    """A matter's files: PDF, JPG, PNG or DOCX, at most 5 of 10 MB each."""
    return check_uploads(files, field="attachments", accepted=DOCUMENTS, max_files=MAX_FILES)


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
