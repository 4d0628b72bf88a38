"""How a body stands at the head of its documents: which system's layout it writes in (Party,
per Hướng dẫn 36-HD/VPTW; State, per Nghị định 30/2020/NĐ-CP), the names over it, its place,
the short code its document symbols end with, and the head's capacity when signing. Read by
every app that issues a document (reports, the outgoing register); the layout itself is
lib.documents."""

from __future__ import annotations

import datetime as dt

from docx.document import Document as DocxDocument

from danvan.lib import documents as layout
from danvan.lib.documents import Heading, System
from danvan.lib.text import fold

from .models import Organization, OrganizationKind
from .models.organizations import OrganizationLevel

PARTY_KINDS = frozenset(
    {
        OrganizationKind.PARTY_COMMITTEE,
        OrganizationKind.MASS_MOBILIZATION_COMMISSION,
        OrganizationKind.MASS_MOBILIZATION_BOARD,
        OrganizationKind.PROPAGANDA_BOARD,
    }
)


def system_of(org: Organization) -> System:
    return System.PARTY if org.kind in PARTY_KINDS else System.STATE


def issuer(org: Organization) -> tuple[str, str]:
    """(superior, body) as the heading writes them. A Party commission is written under its
    Party committee ("THÀNH ỦY HÀ NỘI / BAN TUYÊN GIÁO VÀ DÂN VẬN"); a State agency under the
    People's Committee it belongs to; a People's Committee or the Front's committee stands
    alone (Nghị định 30/2020: the governing body only when there is one)."""
    parent = org.parent
    if parent is None:
        return "", org.name
    if org.kind in PARTY_KINDS and parent.kind == OrganizationKind.PARTY_COMMITTEE:
        body = org.name
        if fold(body).endswith(" " + fold(parent.name)):
            body = body[: len(body) - len(parent.name)].rstrip()
        return parent.name, body
    if org.kind == OrganizationKind.STATE_AGENCY:
        return parent.name, org.name
    return "", org.name


def place(org: Organization) -> str:
    unit = org.current_unit or org.unit
    return unit.short_name if unit is not None else "Hà Nội"


def headed(
    org: Organization, *, day: dt.date | None = None, number: str = "", kind: str = "BC"
) -> tuple[DocxDocument, System]:
    """A new document with `org`'s heading in its system's layout, and that system: what
    every document the platform issues starts with."""
    system = system_of(org)
    superior, body = issuer(org)
    document = layout.new()
    layout.heading(
        document,
        Heading(
            system=system,
            body=body,
            superior=superior,
            place=place(org),
            day=day,
            number=number,
            kind=kind,
        ),
    )
    return document, system


# The issuer part of a body's symbols, as bodies of each kind write it ("24-KH/TU",
# "15-KH/ĐU", "125/KH-UBND", "12-KH/BTGDVTU"); a body may use its own.
_CODES: dict[tuple[str, str], str] = {
    (OrganizationKind.PARTY_COMMITTEE, OrganizationLevel.CENTRAL): "TW",
    (OrganizationKind.PARTY_COMMITTEE, OrganizationLevel.PROVINCE): "TU",
    (OrganizationKind.PARTY_COMMITTEE, OrganizationLevel.COMMUNE): "ĐU",
    (OrganizationKind.MASS_MOBILIZATION_COMMISSION, OrganizationLevel.CENTRAL): "BTGDVTW",
    (OrganizationKind.MASS_MOBILIZATION_COMMISSION, OrganizationLevel.PROVINCE): "BTGDVTU",
    (OrganizationKind.MASS_MOBILIZATION_COMMISSION, OrganizationLevel.COMMUNE): "BTGDVĐU",
}
_STATE_CODES: dict[str, str] = {
    OrganizationKind.PEOPLES_COMMITTEE: "UBND",
    OrganizationKind.PEOPLES_COUNCIL: "HĐND",
    OrganizationKind.FATHERLAND_FRONT: "MTTQ",
    OrganizationKind.FARMERS_ASSOCIATION: "HND",
    OrganizationKind.WOMENS_UNION: "HLHPN",
    OrganizationKind.VETERANS_ASSOCIATION: "HCCB",
    OrganizationKind.YOUTH_UNION: "ĐTN",
    OrganizationKind.TRADE_UNION: "LĐLĐ",
}


def symbol_code(org: Organization) -> str:
    return _CODES.get((org.kind, org.level)) or _STATE_CODES.get(org.kind, "VP")
