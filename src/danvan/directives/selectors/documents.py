"""Reads of the registry: the search that ignores diacritics (the summary, the symbol, the
issuer and the full text), a document's standing as of any date, its links, and the
registry entries that a text's citations match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    DateField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from danvan.lib.text import fold
from danvan.org.models.organizations import OrganizationLevel

from ..extract import Cited
from ..models import Document, DocumentLink, LinkKind


class Standing:
    IN_FORCE = "in_force"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    REPLACED = "replaced"

    LABELS = {
        IN_FORCE: _("In force"),
        NOT_YET: _("Not yet in force"),
        EXPIRED: _("Expired"),
        REPLACED: _("Replaced"),
    }


def _start(prefix: str = "") -> Coalesce:
    return Coalesce(F(f"{prefix}effective_from"), F(f"{prefix}signed_on"), output_field=DateField())


def _replaced_by_q(day: dt.date) -> Exists:
    """Replaced on `day`: a document that replaces it is in force by then."""
    return Exists(
        DocumentLink.objects.filter(target=OuterRef("pk"), kind=LinkKind.REPLACES)
        .annotate(start=_start("source__"))
        .filter(start__lte=day)
    )


def in_force_q(day: dt.date) -> Q:
    started = Q(effective_from__lte=day) | Q(effective_from__isnull=True, signed_on__lte=day)
    not_ended = Q(expires_on__isnull=True) | Q(expires_on__gte=day)
    return started & not_ended & ~Q(_replaced_by_q(day))


def with_replacement(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Each document with the first day a document replacing it came into force, if any."""
    first = (
        DocumentLink.objects.filter(target=OuterRef("pk"), kind=LinkKind.REPLACES)
        .annotate(start=_start("source__"))
        .values("target")
        .annotate(first=Min("start"))
        .values("first")
    )
    return documents.annotate(replaced_from=Subquery(first[:1], output_field=DateField()))


def standing(document: Document, day: dt.date) -> str:
    """Read on a document annotated by `with_replacement`."""
    replaced_from = getattr(document, "replaced_from", None)
    if replaced_from is not None and replaced_from <= day:
        return Standing.REPLACED
    if document.in_force_from > day:
        return Standing.NOT_YET
    if document.expires_on is not None and document.expires_on < day:
        return Standing.EXPIRED
    return Standing.IN_FORCE


def search(
    documents: QuerySet[Document],
    *,
    q: str = "",
    kind: str = "",
    system: str = "",
    state: str = "",
    standing_on: dt.date | None = None,
    year: int | None = None,
    level: str = "",
) -> QuerySet[Document]:
    """Every word of `q` must be in the entry or in the full text, diacritics ignored ("nghi
    quyet 25 dan van" finds "Nghị quyết 25-NQ/TW ... công tác dân vận")."""
    for term in fold(q).split():
        documents = documents.filter(Q(search_text__contains=term) | Q(text_folded__contains=term))
    if kind:
        documents = documents.filter(kind=kind)
    if system:
        documents = documents.filter(system=system)
    if state:
        documents = documents.filter(state=state)
    if year:
        documents = documents.filter(signed_on__year=year)
    if standing_on is not None:
        documents = documents.filter(in_force_q(standing_on))
    # The communes' hundreds of plans are read through the compliance matrix, or on asking.
    lower = Q(issuer__level__in=(OrganizationLevel.COMMUNE, OrganizationLevel.DISTRICT))
    if level == "commune":
        documents = documents.filter(lower)
    elif level != "all":
        documents = documents.exclude(lower)
    return documents


@dataclass(frozen=True)
class Linked:
    kind: str
    outgoing: bool  # this document → the other
    other: Document

    @property
    def label(self) -> str:
        return str(_LINK_LABELS[(LinkKind(self.kind), self.outgoing)])


_LINK_LABELS = {
    (LinkKind.IMPLEMENTS, True): _("Implements"),
    (LinkKind.IMPLEMENTS, False): _("Implemented by"),
    (LinkKind.CONTINUES, True): _("Continues"),
    (LinkKind.CONTINUES, False): _("Continued by"),
    (LinkKind.AMENDS, True): _("Amends"),
    (LinkKind.AMENDS, False): _("Amended by"),
    (LinkKind.REPLACES, True): _("Replaces"),
    (LinkKind.REPLACES, False): _("Replaced by"),
    (LinkKind.GUIDES, True): _("Guides"),
    (LinkKind.GUIDES, False): _("Guided by"),
}


def links_of(document: Document, visible: QuerySet[Document]) -> list[Linked]:
    """The document's links both ways, to documents the reader may see (two queries)."""
    out = DocumentLink.objects.filter(source=document, target__in=visible).select_related("target")
    into = DocumentLink.objects.filter(target=document, source__in=visible).select_related("source")
    found = [Linked(link.kind, True, link.target) for link in out]
    found += [Linked(link.kind, False, link.source) for link in into]
    order = list(LinkKind.values)
    found.sort(key=lambda li: (order.index(li.kind), not li.outgoing, li.other.signed_on))
    return found


@dataclass(frozen=True)
class Match:
    cited: Cited
    document: Document | None


def match_citations(cited: Sequence[Cited], visible: QuerySet[Document]) -> list[Match]:
    """Each citation with the registry entry it names (one query): the symbol and, when the
    text gives it, the date signed; without a date, the latest entry with the symbol."""
    symbols = {c.symbol for c in cited}
    entries: dict[str, list[Document]] = {}
    for document in visible.filter(symbol__in=symbols).order_by("-signed_on"):
        entries.setdefault(document.symbol, []).append(document)
    matched = []
    for c in cited:
        candidates = entries.get(c.symbol, [])
        if c.date is not None:
            exact = [d for d in candidates if d.signed_on == c.date]
            matched.append(Match(c, exact[0] if exact else None))
        else:
            matched.append(Match(c, candidates[0] if candidates else None))
    return matched


def distinct_citations(cited: Iterable[Cited]) -> list[Cited]:
    """One per document: the first citation that gives a date wins over one that does not."""
    kept: dict[str, Cited] = {}
    for c in cited:
        held = kept.get(c.symbol)
        if held is None or (held.date is None and c.date is not None):
            kept[c.symbol] = c
            if held is not None:
                kept[c.symbol] = Cited(
                    c.symbol, c.type, c.issuer or held.issuer, c.date, held.start, held.end
                )
    return sorted(kept.values(), key=lambda c: c.start)
