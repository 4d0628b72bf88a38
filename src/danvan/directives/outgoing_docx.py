"""An outgoing document as .docx in its body's layout (lib.documents; org.letterhead): the
heading with its number and date, the title and excerpt (an official letter has no title,
its excerpt reads "V/v …" under the number), the text's paragraphs, "Nơi nhận" and the
signer's block. Written in Vietnamese whatever the reader's language: it is the paper."""

from __future__ import annotations

from danvan.lib import documents as layout
from danvan.lib.documents import Signature, System
from danvan.org.letterhead import headed

from .models import OutgoingDocument


def outgoing_docx(doc: OutgoingDocument) -> bytes:
    document, system = headed(doc.body, day=doc.signed_on, number=doc.symbol, kind=doc.kind)
    if doc.title:
        layout.title(document, system, doc.title, doc.summary)
    else:
        layout.paragraph(document, f"V/v {doc.summary}", italic=True, after=12)
    for line in doc.text.splitlines():
        if line.strip():
            layout.body_paragraph(document, line.strip())
    distribution = [r for r in doc.recipients.splitlines() if r.strip()]
    if not any(r.lower().lstrip("- ").startswith("lưu") for r in distribution):
        distribution.append("Lưu Văn phòng." if system == System.PARTY else "Lưu: VT.")
    layout.signature(
        document,
        Signature(
            title=doc.signer_title,
            name=doc.signer_name,
            capacity=doc.signer_capacity,
            distribution=distribution,
            system=system,
        ),
    )
    return layout.to_bytes(document)
