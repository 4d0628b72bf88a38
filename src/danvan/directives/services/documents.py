"""The registry of directing documents: register, correct, link, confirm what a text cited.
Every change made by a person (`actor`) is checked against rules.py and kept in the audit
log; `actor=None` is the platform itself (the demo)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date
from danvan.lib.symbols import Symbol, System, parse
from danvan.lib.text import fold
from danvan.lib.uploads import DOCX, PDF, check_uploads
from danvan.org.models import Organization

from .. import reading
from ..models import Document, DocumentKind, DocumentLink, DocumentState, LinkKind

# The kind a symbol's type abbreviation names (HD 36 for the Party, NĐ 30/2020 for the State).
_PARTY_KINDS = {
    "NQ": DocumentKind.RESOLUTION,
    "QĐ": DocumentKind.DECISION,
    "QĐi": DocumentKind.REGULATION,
    "CT": DocumentKind.DIRECTIVE,
    "KL": DocumentKind.CONCLUSION,
    "HD": DocumentKind.GUIDANCE,
    "CTr": DocumentKind.PROGRAMME,
    "KH": DocumentKind.PLAN,
    "TB": DocumentKind.NOTICE,
    "TBKL": DocumentKind.CONCLUSION_NOTICE,
    "BC": DocumentKind.REPORT,
    "CV": DocumentKind.OFFICIAL_LETTER,
}
_STATE_KINDS = {
    "NQ": DocumentKind.RESOLUTION,
    "QĐ": DocumentKind.DECISION,
    "CT": DocumentKind.DIRECTIVE,
    "QyĐ": DocumentKind.REGULATION,
    "TB": DocumentKind.NOTICE,
    "HD": DocumentKind.GUIDANCE,
    "CTr": DocumentKind.PROGRAMME,
    "KH": DocumentKind.PLAN,
    "BC": DocumentKind.REPORT,
    "NĐ": DocumentKind.DECREE,
    "TT": DocumentKind.CIRCULAR,
    "TTLT": DocumentKind.CIRCULAR,
    "L": DocumentKind.LAW,
    "": DocumentKind.OFFICIAL_LETTER,
}
MAX_TEXT_MEGABYTES = 20
# The kinds' names as Vietnamese documents write them, for the search (not the interface).
_KIND_NAMES: dict[str, str] = {
    DocumentKind.RESOLUTION: "Nghị quyết",
    DocumentKind.CONCLUSION: "Kết luận",
    DocumentKind.DIRECTIVE: "Chỉ thị",
    DocumentKind.REGULATION: "Quy định",
    DocumentKind.DECISION: "Quyết định",
    DocumentKind.GUIDANCE: "Hướng dẫn",
    DocumentKind.PROGRAMME: "Chương trình",
    DocumentKind.PLAN: "Kế hoạch",
    DocumentKind.CONCLUSION_NOTICE: "Thông báo kết luận",
    DocumentKind.NOTICE: "Thông báo",
    DocumentKind.LAW: "Luật",
    DocumentKind.DECREE: "Nghị định",
    DocumentKind.CIRCULAR: "Thông tư",
    DocumentKind.OFFICIAL_LETTER: "Công văn",
    DocumentKind.REPORT: "Báo cáo",
}


def kind_of(symbol: Symbol) -> str:
    """The kind a symbol names; a National Assembly symbol ("91/2025/QH15") is a law or a
    resolution, which the symbol does not tell: a law unless the officer says otherwise."""
    if symbol.system == System.STATE and symbol.issuer.upper().startswith("QH") and not symbol.kind:
        return DocumentKind.LAW
    kinds = _PARTY_KINDS if symbol.system == System.PARTY else _STATE_KINDS
    return kinds.get(symbol.kind, DocumentKind.OTHER)


def parse_symbol(text: str, field: str = "symbol") -> Symbol:
    try:
        return parse(text)
    except ValueError:
        raise ValidationError(
            {
                field: _(
                    "“%(symbol)s” is not a number and symbol of a Party document (e.g. "
                    "25-NQ/TW, 24-KH/BTGDVTU) or of a State document (e.g. 33/CT-TTg, "
                    "13/2023/NĐ-CP): check it against the document."
                )
                % {"symbol": text.strip()[:60]}
            }
        ) from None


@dataclass(frozen=True)
class DocumentSpec:
    """What an officer enters about a document; the services derive the rest."""

    symbol: str
    signed_on: dt.date
    summary: str
    kind: str = ""
    issuer: Organization | None = None
    issuer_name: str = ""
    term: str = ""
    signer_name: str = ""
    signer_title: str = ""
    effective_from: dt.date | None = None
    expires_on: dt.date | None = None
    text: str = ""
    public: bool = False
    source: str = ""
    note: str = ""


_NO_ISSUER = gettext_lazy("Name the issuing body (e.g. Bộ Chính trị).")
_NO_SUMMARY = gettext_lazy("Write the summary (trích yếu) as the document gives it.")


def _checked(spec: DocumentSpec, *, complete: bool = True) -> tuple[Symbol, str, str]:
    """`complete` False: a proposal found in a text, which may lack its issuer and summary
    until an officer writes them (confirming asks for both)."""
    symbol = parse_symbol(spec.symbol)
    kind = spec.kind or kind_of(symbol)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the document's type.")})
    issuer_name = spec.issuer.name if spec.issuer is not None else spec.issuer_name.strip()
    errors: dict[str, str] = {}
    if complete and not issuer_name:
        errors["issuer_name"] = str(_NO_ISSUER)
    if complete and not spec.summary.strip():
        errors["summary"] = str(_NO_SUMMARY)
    if symbol.year is not None and symbol.year != spec.signed_on.year:
        errors["signed_on"] = _(
            "The symbol says %(year)s: the date signed must be in that year."
        ) % {"year": symbol.year}
    start = spec.effective_from or spec.signed_on
    if spec.effective_from is not None and spec.effective_from < spec.signed_on:
        errors["effective_from"] = _(
            "A document comes into force on or after the day it is signed."
        )
    if spec.expires_on is not None and spec.expires_on < start:
        errors["expires_on"] = _("The last day in force comes after the first (%(day)s).") % {
            "day": format_vn_date(start)
        }
    if errors:
        raise ValidationError(errors)
    return symbol, kind, issuer_name


def _search_text(document: Document, symbol: Symbol) -> str:
    # The type's Vietnamese name, whatever language the officer works in ("chi thi 35").
    parts = [
        document.symbol,
        symbol.kind_name if symbol.kind or symbol.issuer.upper().startswith("QH") else "",
        _KIND_NAMES.get(document.kind, ""),
        document.issuer_name,
        document.summary,
        document.signer_name,
    ]
    return fold(" ".join(p for p in parts if p))[:1000]


def _apply(document: Document, spec: DocumentSpec, symbol: Symbol, kind: str, issuer: str) -> None:
    document.system = symbol.system.value
    document.kind = kind
    document.symbol = str(symbol)
    document.number = symbol.number
    document.symbol_issuer = symbol.issuer[:30]
    document.issuer = spec.issuer
    document.issuer_name = issuer
    document.term = spec.term.strip()
    document.signer_name = spec.signer_name.strip()
    document.signer_title = spec.signer_title.strip()
    document.signed_on = spec.signed_on
    document.effective_from = spec.effective_from
    document.expires_on = spec.expires_on
    document.summary = spec.summary.strip()
    document.public = spec.public
    document.source = spec.source.strip()
    document.note = spec.note.strip()
    document.search_text = _search_text(document, symbol)


def _same(
    symbol: Symbol, signed_on: dt.date, issuer: str, exclude: int | None = None
) -> Document | None:
    same = Document.objects.filter(symbol=str(symbol), signed_on=signed_on, issuer_name=issuer)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    return same.first()


def _attach(document: Document, upload: UploadedFile | None, text: str) -> None:
    """The full text: from the uploaded .docx or .pdf (kept as the original), else as typed."""
    if upload is None and not text.strip():
        return
    if upload is not None:
        checked = check_uploads(
            [upload],
            field="file",
            accepted=(DOCX, PDF),
            max_files=1,
            max_megabytes=MAX_TEXT_MEGABYTES,
        )[0]
        data = b"".join(checked.upload.chunks())
        checked.upload.seek(0)
        try:
            read = reading.read_bytes(data, checked.upload.name or "")
        except ValueError as error:
            raise ValidationError({"file": str(error)}) from None
        document.file = checked.upload
        document.file_name = checked.upload.name or ""
        document.file_type = checked.content_type
        document.file_sha256 = checked.sha256
        document.text = read.text
        document.pages = read.pages
    elif text.strip():
        document.text = text.strip()
        document.pages = max(1, math.ceil(len(document.text) / reading.CHARACTERS_PER_PAGE))
    document.text_folded = fold(document.text)


@transaction.atomic
def register_document(
    *,
    spec: DocumentSpec,
    registrar: Organization,
    upload: UploadedFile | None = None,
    state: str = DocumentState.CONFIRMED,
    actor: User | None = None,
) -> Document:
    require(actor, "directives.add_document", registrar)
    symbol, kind, issuer = _checked(spec, complete=state != DocumentState.PROPOSED)
    if (same := _same(symbol, spec.signed_on, issuer)) is not None:
        raise ValidationError(
            {
                "symbol": _("%(document)s of %(day)s is already in the registry.")
                % {"document": same, "day": format_vn_date(same.signed_on)}
            }
        )
    document = Document(registrar=registrar, state=state, created_by=actor)
    _apply(document, spec, symbol, kind, issuer)
    _attach(document, upload, spec.text)
    document.save()
    audit(actor, document, ADDITION)
    return document


@transaction.atomic
def update_document(
    *,
    document: Document,
    spec: DocumentSpec,
    upload: UploadedFile | None = None,
    actor: User | None = None,
) -> Document:
    require(actor, "directives.change_document", document)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    symbol, kind, issuer = _checked(spec, complete=locked.state != DocumentState.PROPOSED)
    if (same := _same(symbol, spec.signed_on, issuer, exclude=locked.pk)) is not None:
        raise ValidationError(
            {
                "symbol": _("%(document)s of %(day)s is already in the registry.")
                % {"document": same, "day": format_vn_date(same.signed_on)}
            }
        )
    _apply(locked, spec, symbol, kind, issuer)
    if upload is not None or spec.text.strip() != locked.text:
        _attach(locked, upload, spec.text)
    locked.save()
    audit(actor, locked, CHANGE)
    return locked


@transaction.atomic
def confirm_document(*, document: Document, actor: User | None = None) -> Document:
    """A document proposed from a text, checked by an officer, joins the registry."""
    require(actor, "directives.change_document", document)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    missing = [
        str(message)
        for message, value in ((_NO_ISSUER, locked.issuer_name), (_NO_SUMMARY, locked.summary))
        if not value.strip()
    ]
    if missing:
        raise ValidationError(
            _("Correct the entry before confirming it: %(what)s") % {"what": " ".join(missing)}
        )
    if locked.state != DocumentState.CONFIRMED:
        locked.state = DocumentState.CONFIRMED
        locked.save(update_fields=["state"])
        audit(actor, locked, CHANGE, _("Confirmed in the registry."))
    return locked


@dataclass(frozen=True)
class Proposed:
    """What proposing the citations of a text did: the entries added, and how many were
    already in the registry (proposing twice adds nothing)."""

    added: list[Document]
    present: int


@transaction.atomic
def propose_documents(
    *, specs: Sequence[DocumentSpec], registrar: Organization, actor: User | None = None
) -> Proposed:
    """The documents a text cites and the registry lacks, entered as proposals for an
    officer to check and confirm; all or none."""
    require(actor, "directives.add_document", registrar)
    added: list[Document] = []
    present = 0
    for spec in specs:
        symbol, _kind, issuer = _checked(spec, complete=False)
        # Without an issuer, any entry of that number and date is the one the text means.
        same = (
            _same(symbol, spec.signed_on, issuer) is not None
            if issuer
            else Document.objects.filter(symbol=str(symbol), signed_on=spec.signed_on).exists()
        )
        if same or any(d.symbol == str(symbol) and d.signed_on == spec.signed_on for d in added):
            present += 1
            continue
        added.append(
            register_document(
                spec=spec, registrar=registrar, state=DocumentState.PROPOSED, actor=actor
            )
        )
    return Proposed(added=added, present=present)


@transaction.atomic
def link_documents(
    *, source: Document, kind: str, target: Document, actor: User | None = None
) -> DocumentLink:
    require(actor, "directives.change_document", source)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose how the documents are linked.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("A document is not linked to itself.")})
    if kind == LinkKind.REPLACES and target.signed_on > source.signed_on:
        raise ValidationError(
            {"target": _("A document replaces only a document signed before it.")}
        )
    link, made = DocumentLink.objects.get_or_create(
        source=source, kind=kind, target=target, defaults={"created_by": actor}
    )
    if made:
        audit(actor, source, CHANGE, _("Linked: %(link)s.") % {"link": str(link)})
    return link


@transaction.atomic
def unlink_documents(*, link: DocumentLink, actor: User | None = None) -> None:
    require(actor, "directives.change_document", link.source)
    audit(actor, link.source, CHANGE, _("Link removed: %(link)s.") % {"link": str(link)})
    link.delete()


@transaction.atomic
def delete_proposed(*, document: Document, actor: User | None = None) -> None:
    """A proposal found wrong is dropped; a confirmed entry is corrected, never deleted."""
    require(actor, "directives.change_document", document)
    if document.state != DocumentState.PROPOSED:
        raise ValidationError(_("A document in the registry is corrected, not deleted."))
    audit(actor, document, DELETION)
    document.delete()
