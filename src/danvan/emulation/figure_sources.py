"""The award figures that reports are filled with (lib.figures registry).

Whose awards: the decisions a body answers for — those signed by the body or a body under it
(or a former body whose records roll up to them: `org.selectors.organization_subtree`), and
those taken on the proposals of such bodies (a commission proposes, the People's Committee
signs) — the decisions their staff see (access.RULES[AwardDecision][VIEW]). An award is one
recipient named in a decision, a collective or a person, counted on the decision's date
(copied on the recipient row): counting again later gives the same figure. Counts only: no
name leaves this module.

Every figure is one filter over the recipients (`figure_q`). The decisions list applies the
same filter (`?org=&figure=…`, `selectors.DecisionFilters`): it lists the decisions holding
the awards counted, each with the number counted in it (`counted_in_decision`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.org.selectors import organization_subtree

from .models import (
    AwardCategory,
    AwardDecision,
    AwardKind,
    AwardTarget,
    DecisionRecipient,
    Proposal,
    RecipientKind,
)

GROUP = "emulation"
DECISIONS = f"{GROUP}.decisions"
AWARD_CODE = re.compile(r"^[-a-z0-9_]{1,60}$")


def of_bodies(organization_id: int) -> Q:
    """The decisions (a filter over AwardDecision) a body answers for: signed by it or a body
    under it, or taken on their proposals. Both on indexed columns: the signing body's
    (emu_decision_authority_idx), the proposer's (emu_proposal_proposer_idx) and the
    decision's one proposal (unique)."""
    ids = organization_subtree(organization_id)
    return Q(authority_id__in=ids) | Q(
        proposal_id__in=Proposal.objects.filter(proposer_id__in=ids).values("pk")
    )


def _signed_in(window: figures.Window) -> Q:
    return Q(signed_on__gte=window.starts_on, signed_on__lte=window.ends_on)


def _which(rest: list[str]) -> Q | None:
    """The awards a figure narrows to: all, one award, one category, or those proposed for
    a “Dân vận khéo” model; then optionally collectives or individuals."""
    narrow = Q()
    if rest and rest[-1] in RecipientKind.values:
        narrow = Q(kind=rest[-1])
        rest = rest[:-1]
    match rest:
        case []:
            return narrow
        case ["award", code] if AWARD_CODE.match(code):
            return Q(award_kind__code=code) & narrow
        case ["category", category] if category in AwardCategory.values:
            return Q(award_kind__category=category) & narrow
        case ["exemplar"]:
            return Q(decision__proposal__exemplar__isnull=False) & narrow
    return None


def figure_q(key: str, window: figures.Window) -> Q | None:
    """The awards (recipient rows) behind one figure; None for a key that is not ours. For
    `emulation.decisions` the decisions holding them are counted, not the awards."""
    parts = key.split(".")
    if parts[0] != GROUP or len(parts) < 2:
        return None
    match parts[1:]:
        case ["decisions"]:
            return _signed_in(window)
        case ["awarded", *rest]:
            which = _which(rest)
            return _signed_in(window) & which if which is not None else None
    return None


def counted_in_decision(key: str, window: figures.Window) -> Coalesce | None:
    """Per decision (an expression over AwardDecision rows): the awards of a figure of
    awards it holds, read with the same filter as the count; None for a figure of decisions
    (each decision listed counts one)."""
    q = figure_q(key, window)
    if q is None or key == DECISIONS:
        return None
    per_decision = (
        DecisionRecipient.objects.filter(q, decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_decision), Value(0), output_field=IntegerField())


def holds(key: str, window: figures.Window) -> Exists | None:
    """Whether a decision holds an award of the figure (a filter over AwardDecision)."""
    q = figure_q(key, window)
    if q is None:
        return None
    return Exists(DecisionRecipient.objects.filter(q, decision=OuterRef("pk")))


def _sources() -> list[figures.Source]:
    count, unit = "count", _("awards")
    kinds = list(RecipientKind)

    def with_kinds(key: str, label: object, definition: object = "") -> list[figures.Source]:
        return [
            figures.Source(key, label, count, unit, definition),
            *(
                figures.Source(
                    f"{key}.{k.value}",
                    _("%(what)s: %(kind)s") % {"what": label, "kind": k.label},
                    count,
                    unit,
                )
                for k in kinds
            ),
        ]

    made = [
        figures.Source(
            DECISIONS,
            _("Award decisions signed"),
            count,
            _("decisions"),
            _("Signed in the period by the body or the bodies under it, or on their proposals."),
        ),
    ]
    made += with_kinds(
        f"{GROUP}.awarded",
        _("Collectives and individuals awarded"),
        _(
            "Each collective or person named in a decision signed in the period by the body "
            "or the bodies under it, or on their proposals."
        ),
    )
    made += with_kinds(f"{GROUP}.awarded.category.title", _("Emulation titles awarded"))
    made += with_kinds(f"{GROUP}.awarded.category.form", _("Commendations awarded"))
    made += with_kinds(
        f"{GROUP}.awarded.exemplar",
        _("Awards proposed for “Dân vận khéo” models"),
        _("Awards on proposals that name a “Dân vận khéo” model."),
    )
    for award in AwardKind.objects.order_by("position", "code"):
        key = f"{GROUP}.awarded.award.{award.code}"
        label = _("Awarded: %(award)s") % {"award": award.name}
        if award.target == AwardTarget.BOTH:
            made += with_kinds(key, label)
        else:
            made.append(figures.Source(key, label, count, unit))
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    aggregates: dict[str, Count] = {}
    aliases: dict[str, str] = {}
    for i, key in enumerate(sorted(keys)):
        q = figure_q(key, window)
        if q is None:
            continue
        alias = f"f{i}"
        aliases[alias] = key
        # A decision names at least one recipient: the decisions with an award in the
        # window are the decisions signed in it.
        aggregates[alias] = (
            Count("decision", distinct=True, filter=q)
            if key == DECISIONS
            else Count("pk", filter=q)
        )
    if not aggregates:
        return {}
    row = DecisionRecipient.objects.filter(
        _signed_in(window),
        decision__in=AwardDecision.objects.filter(of_bodies(organization_id)),
    ).aggregate(**aggregates)
    return {key: Decimal(row[alias] or 0) for alias, key in aliases.items()}


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Emulation and awards"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("emulation:decisions", figure_q),
        )
    )
