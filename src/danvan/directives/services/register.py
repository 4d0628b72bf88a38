"""Issuing an outgoing document: its number taken from the body's register for its type and
year (State) or term (Party), in one transaction with the document, under a lock on the
counter — so no number is skipped (a failed issue takes its number back with it) and two
officers issuing at the same moment get two numbers. A plan or programme issued this way also
enters the registry of directing documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import today
from danvan.lib.documents import System
from danvan.lib.symbols import PARTY_TYPES, STATE_TYPES, Symbol
from danvan.lib.symbols import System as SymbolSystem
from danvan.org.letterhead import symbol_code, system_of
from danvan.org.models import Organization

from ..models import PLAN_KINDS, DocumentKind, NumberCounter, OutgoingDocument
from .documents import DocumentSpec, kind_of, register_document

# What a body issues through its register, with the title the document carries ("" for an
# official letter, which has none: its excerpt starts "V/v").
OUTGOING_KINDS = {
    "KH": "KẾ HOẠCH",
    "CTr": "CHƯƠNG TRÌNH",
    "TB": "THÔNG BÁO",
    "BC": "BÁO CÁO",
    "HD": "HƯỚNG DẪN",
    "QĐ": "QUYẾT ĐỊNH",
    "CV": "",
}
# Local Party congresses open a term in the autumn of 2020, 2025, 2030…; a Party body's
# numbers start again with the term (decision 0023 on this approximation).
TERM_STARTS_ON = (10, 1)


def party_term(day: dt.date) -> str:
    start = day.year - (day.year % 5)
    if (day.year % 5 == 0) and (day.month, day.day) < TERM_STARTS_ON:
        start -= 5
    return f"{start}–{start + 5}"


def series_of(system: System, day: dt.date) -> str:
    return party_term(day) if system == System.PARTY else str(day.year)


def symbol_for(org: Organization, kind: str, number: int, code: str = "") -> Symbol:
    code = code or symbol_code(org)
    if system_of(org) == System.PARTY:
        return Symbol(SymbolSystem.PARTY, number, kind, code)
    if kind == "CV":  # "125/UBND-VP": the issuer and the office that drafted it
        return Symbol(SymbolSystem.STATE, number, "", f"{code}-VP")
    return Symbol(SymbolSystem.STATE, number, kind, code)


@dataclass(frozen=True)
class OutgoingSpec:
    kind: str
    summary: str
    signer_name: str
    signer_title: str
    signed_on: dt.date | None = None
    signer_capacity: str = ""
    text: str = ""
    recipients: str = ""


@transaction.atomic
def issue(*, body: Organization, spec: OutgoingSpec, actor: User | None = None) -> OutgoingDocument:
    require(actor, "directives.issue", body)
    day = spec.signed_on or today()
    system = system_of(body)
    errors: dict[str, str] = {}
    types = PARTY_TYPES if system == System.PARTY else STATE_TYPES
    if spec.kind not in OUTGOING_KINDS or (spec.kind != "CV" and spec.kind not in types):
        errors["kind"] = _("Choose the type of document.")
    if not spec.summary.strip():
        errors["summary"] = _("Write the summary (trích yếu).")
    if not spec.signer_name.strip() or not spec.signer_title.strip():
        errors["signer_name"] = _("Write who signs and their title.")
    if day > today():
        errors["signed_on"] = _("A document is numbered on the day it is signed, not before.")
    if errors:
        raise ValidationError(errors)
    series = series_of(system, day)
    # The counter's row, locked until this transaction ends: a second officer's issue waits
    # here and takes the next number. A first issue of the series creates the row; two at
    # once collide on its unique key and the loser reads the winner's (get_or_create).
    counter, _made = NumberCounter.objects.select_for_update().get_or_create(
        body=body, kind=spec.kind, series=series
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    symbol = symbol_for(body, spec.kind, counter.last)
    made = OutgoingDocument.objects.create(
        body=body,
        system=system.value,
        kind=spec.kind,
        series=series,
        number=counter.last,
        symbol=str(symbol),
        title=OUTGOING_KINDS[spec.kind],
        summary=spec.summary.strip(),
        text=spec.text.strip(),
        signed_on=day,
        signer_name=spec.signer_name.strip(),
        signer_title=spec.signer_title.strip(),
        signer_capacity=spec.signer_capacity.strip(),
        recipients=spec.recipients.strip(),
        created_by=actor,
    )
    kind = kind_of(symbol)
    if kind in PLAN_KINDS or kind in (DocumentKind.GUIDANCE, DocumentKind.DECISION):
        made.registered = register_document(
            spec=DocumentSpec(
                symbol=made.symbol,
                signed_on=day,
                summary=made.summary,
                kind=kind,
                issuer=body,
                signer_name=made.signer_name,
                signer_title=made.signer_title,
                text=made.text,
            ),
            registrar=body,
            actor=actor,
        )
        made.save(update_fields=["registered"])
    audit(actor, made, ADDITION)
    return made
