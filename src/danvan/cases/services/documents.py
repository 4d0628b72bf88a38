"""Documents officers attach after intake: decisions, official letters, other papers.

The citizen's own evidence comes in with the matter (services.intake); what is attached here
is issued or collected by the bodies. A document is internal unless the officer publishes
it; the citizen's evidence is never published (it may carry personal data).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today

from ..models import AttachmentPurpose, Case, CaseAttachment, CaseEvent, EventKind, Visibility
from .attachments import CheckedFile, attach


def describe(*, purpose: str, document_number: str, document_date: dt.date | None) -> str:
    """The timeline's words for a document: what it is, its number and date — never the
    file names, which may carry personal data."""
    text = str(AttachmentPurpose(purpose).label)
    if document_number:
        text += " " + _("no. %(number)s") % {"number": document_number}
    if document_date:
        text += " " + _("of %(date)s") % {"date": date_format(document_date, "SHORT_DATE_FORMAT")}
    return text


@transaction.atomic
def attach_document(
    *,
    actor: User,
    case: Case,
    files: list[CheckedFile],
    purpose: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    public: bool = False,
) -> list[CaseAttachment]:
    """Attach checked files (services.attachments.check_files) to the matter, with one
    timeline entry: public when the document is shown to the citizen."""
    if not actor.has_perm("cases.add_document", case):
        raise PermissionDenied(_("You may not do this for this matter."))
    if purpose not in AttachmentPurpose.values:
        raise ValidationError({"purpose": _("Choose what kind of document this is.")})
    if not files:
        raise ValidationError({"files": _("Choose the file to attach.")})
    if public and purpose == AttachmentPurpose.EVIDENCE:
        raise ValidationError(
            {"public": _("Evidence is never shown on the public page: it may reveal the sender.")}
        )
    if document_date and document_date > today():
        raise ValidationError({"document_date": _("The document date is in the future.")})
    number = document_number.strip()[:100]
    made = attach(
        case=case,
        files=files,
        purpose=purpose,
        uploaded_by=actor,
        document_number=number,
        document_date=document_date,
        public=public,
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.DOCUMENT,
        text=describe(purpose=purpose, document_number=number, document_date=document_date),
        actor=actor,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
    )
    return made
