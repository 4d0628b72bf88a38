"""An award decision as .docx in the administrative layout of Nghị định 30/2020/NĐ-CP
(Phụ lục I); the layout itself (page, header, signer's block) is `lib.documents`:

- the header: the issuing body left, the national motto right, "Số: …" and the date line;
- the name "QUYẾT ĐỊNH" and the excerpt "Về việc …" (bold, centred, a short line under);
- the deciding authority, the legal grounds in italics, "QUYẾT ĐỊNH:", Điều 1 (the award and
  the recipients), Điều 2 and Điều 3;
- "Nơi nhận:" bottom left and the signer's block (capacity, title, name) bottom right.
"""

from __future__ import annotations

from decimal import Decimal

from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt

from danvan.lib.documents import (
    Heading,
    Signature,
    System,
    body_paragraph,
    date_line,
    heading,
    new,
    paragraph,
    rule_under,
    run,
    signature,
    to_bytes,
)
from danvan.lib.numbers import format_vn_number
from danvan.lib.text import fold

from .models import AwardDecision, RecipientKind

__all__ = ["date_line", "decision_docx", "filename"]


def money(value: Decimal) -> str:
    return format_vn_number(int(value))


def _recipient_line(index: int, r: object) -> str:
    parts = [r.name]  # type: ignore[attr-defined]
    if r.kind == RecipientKind.INDIVIDUAL:  # type: ignore[attr-defined]
        parts += [x for x in (r.position, r.unit_name) if x]  # type: ignore[attr-defined]
    line = f"{index}. " + ", ".join(parts)
    if r.achievements:  # type: ignore[attr-defined]
        line += f": {r.achievements.rstrip('.;')}"  # type: ignore[attr-defined]
    return line + ";"


def _counts(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể" if collectives < 10 else f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân" if individuals < 10 else f"{individuals} cá nhân")
    return " và ".join(parts)


def _article(document: DocxDocument, number: int, text: str) -> None:
    p = body_paragraph(document)
    run(p, f"Điều {number}. ", bold=True)
    run(p, text)


def _body(document: DocxDocument, decision: AwardDecision) -> None:
    recipients = list(decision.recipients.all())
    paragraph(document, after=0)
    paragraph(document, "QUYẾT ĐỊNH", bold=True)
    excerpt = paragraph(document, decision.subject, bold=True, after=6)
    rule_under(excerpt, Cm(6))
    paragraph(document, decision.decider_title.upper(), bold=True, after=12)
    for line in decision.grounds.splitlines():
        if line.strip():
            body_paragraph(document, line.strip(), italic=True)
    paragraph(document, "QUYẾT ĐỊNH:", bold=True, after=6)
    collectives = sum(1 for r in recipients if r.kind == RecipientKind.COLLECTIVE)
    individuals = len(recipients) - collectives
    _article(
        document,
        1,
        f"Tặng {decision.award_kind.name} cho {_counts(collectives, individuals)} "
        "đã có thành tích sau đây:",
    )
    for i, r in enumerate(recipients, start=1):
        body_paragraph(document, _recipient_line(i, r)).paragraph_format.space_after = Pt(3)
    total = sum((r.reward_amount for r in recipients if r.reward_amount), Decimal(0))
    duty = (
        "Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )
    if total:
        _article(
            document,
            2,
            f"Kèm theo {decision.award_kind.name} là tiền thưởng theo quy định, tổng cộng "
            f"{money(total)} đồng.",
        )
        _article(document, 3, f"Quyết định này có hiệu lực kể từ ngày ký. {duty}")
    else:
        _article(document, 2, "Quyết định này có hiệu lực kể từ ngày ký.")
        _article(document, 3, duty)


def decision_docx(decision: AwardDecision) -> bytes:
    document = new()
    heading(
        document,
        Heading(
            system=System.STATE,
            body=decision.authority.name,
            place=decision.place_name,
            day=decision.signed_on,
            number=decision.number,
        ),
    )
    _body(document, decision)
    paragraph(document, after=6)
    signature(
        document,
        Signature(
            title=decision.signer_title,
            name=decision.signer_name,
            capacity=decision.signing_capacity,
            distribution=decision.distribution.splitlines(),
        ),
    )
    return to_bytes(document)


def filename(decision: AwardDecision) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in fold(decision.number))
    return f"quyet-dinh-{safe}-{decision.signed_on:%Y%m%d}.docx"
