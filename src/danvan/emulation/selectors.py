"""Reads for emulation and awards: lists in the user's scope, the competent granting bodies,
and a cluster's result table with its ranking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.dates import parse_vn_date, today
from danvan.lib.figures import Window
from danvan.lib.search import matching_all
from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from danvan.org.models.validity import valid_on

from . import access
from .access import OWNER_ROLES
from .models import (
    AuthorityLevel,
    AwardDecision,
    AwardKind,
    ClusterScoring,
    DecisionRecipient,
    Movement,
    Proposal,
    Registration,
)
from .models.awards import LEVEL_RANK

# Lists in scope (decided in access) ---------------------------------------------------------


def visible_movements(user: User) -> QuerySet[Movement]:
    """Movements the user launches or oversees (any status), and launched movements of the
    bodies whose territory holds the user's bodies."""
    return access.movements_for(user, access.Action.VIEW)


def visible_registrations(user: User) -> QuerySet[Registration]:
    return access.registrations_for(user, access.Action.VIEW)


def visible_scorings(user: User) -> QuerySet[ClusterScoring]:
    return access.scorings_for(user, access.Action.VIEW)


def bodies_acting_for(user: User, roles: frozenset[str] = OWNER_ROLES) -> QuerySet[Organization]:
    q = scopes.organizations_q(user, roles)
    current = Organization.objects.current()
    return current.none() if q is None else current.filter(q)


def recipient_bodies(user: User, keep: Iterable[object] = ()) -> QuerySet[Organization]:
    """The bodies a recipient row may name: those the user acts for, and those already named
    (a proposal's recipients stay choosable on its decision)."""
    q = scopes.organizations_q(user, STAFF_ROLES)
    named = Q(pk__in=[pk for pk in keep if isinstance(pk, int)])
    return Organization.objects.filter(named | q if q is not None else named)


# Proposals and decisions ----------------------------------------------------------------------


def visible_proposals(user: User) -> QuerySet[Proposal]:
    """Proposals of the bodies in the user's scope, and those sent to them (not drafts)."""
    return access.proposals_for(user, access.Action.VIEW)


def visible_decisions(user: User) -> QuerySet[AwardDecision]:
    return access.decisions_for(user, access.Action.VIEW)


@dataclass(frozen=True)
class DecisionFilters:
    q: str = ""
    year: int | None = None
    award: str = ""
    # A body (the decisions it or a body under it signed, or took on their proposals); the
    # decisions holding the awards behind a report's figure over its period.
    organization: int | None = None
    figure: str = ""
    figure_window: tuple[dt.date, dt.date] | None = None

    @classmethod
    def from_query(cls, g: Any) -> DecisionFilters:
        year = g.get("year", "").strip()
        org = g.get("org", "").strip()
        figure, window = g.get("figure", "")[:80], None
        if figure:
            try:
                window = (
                    parse_vn_date(g.get("figure_from", "")),
                    parse_vn_date(g.get("figure_to", "")),
                )
            except ValueError:
                window = None  # a figure without its period lists nothing (decision_list)
        return cls(
            q=g.get("q", "")[:100].strip(),
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            award=g.get("award", "").strip()[:60],
            organization=int(org) if org.isdigit() and len(org) < 10 else None,
            figure=figure,
            figure_window=window,
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.year or self.award or self.organization or self.figure)


def _figure_window(filters: DecisionFilters) -> Window | None:
    return Window(*filters.figure_window) if filters.figure_window else None


def decision_list(user: User, filters: DecisionFilters) -> QuerySet[AwardDecision]:
    """The decisions in the user's scope matching the filters. Behind a figure: the
    decisions holding the awards counted, with the same filter as the count
    (figure_sources.figure_q); a figure that is not one, or without its period, lists
    nothing rather than everything."""
    from .figure_sources import holds, of_bodies

    qs = visible_decisions(user)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.award:
        qs = qs.filter(award_kind__code=filters.award)
    if filters.organization is not None:
        qs = qs.filter(of_bodies(filters.organization))
    if filters.figure:
        window = _figure_window(filters)
        held = holds(filters.figure, window) if window else None
        qs = qs.filter(held) if held is not None else qs.none()
    if filters.q:
        found = matching_all(DecisionRecipient.objects.all(), filters.q).values("decision_id")
        qs = qs.filter(pk__in=found)
    return qs


def decision_rows(qs: QuerySet[AwardDecision], filters: DecisionFilters) -> QuerySet[AwardDecision]:
    """What a row of the list shows, read in the same query: the body, the award, the number
    of recipients (`n_recipients`) and, behind a figure of awards, the awards it counts in
    the decision (`n_counted`)."""
    from .figure_sources import counted_in_decision

    qs = qs.select_related("authority", "award_kind").annotate(n_recipients=Count("recipients"))
    window = _figure_window(filters)
    counted = counted_in_decision(filters.figure, window) if filters.figure and window else None
    if counted is not None:
        qs = qs.annotate(n_counted=counted)
    return qs.order_by("-signed_on", "-id")


def _line_of(org: Organization) -> set[int]:
    """The body and the bodies above it along `parent` (the line of authority)."""
    ids: set[int] = set()
    node: Organization | None = org
    while node is not None and node.pk not in ids:
        ids.add(node.pk)
        node = node.parent
    return ids


def _territory_q(org: Organization) -> Q:
    """Bodies whose territory covers `org`'s: central bodies, its province's, its commune's."""
    return (
        Q(level=OrganizationLevel.CENTRAL)
        | Q(level=OrganizationLevel.PROVINCE, province_id=org.province_id)
        | Q(level=OrganizationLevel.COMMUNE, current_unit_id=org.current_unit_id)
    )


def competent_authorities(kind: AwardKind, proposer: Organization) -> QuerySet[Organization]:
    """The bodies competent to grant `kind` to what `proposer` proposes.

    The body's level is the kind's authority level (or above, when `or_above`), and its
    territory covers the proposer's. When the kind names the kinds of granting body (e.g.
    People's Committees for the provincial Chairman's Certificate of merit), a body of that
    kind; otherwise (awards granted by "the head of a body") the proposer itself or a body
    above it in its line, or the People's Committee of its territory at the kind's level.
    """
    rank = LEVEL_RANK[AuthorityLevel(kind.authority_level)]
    levels = [
        lvl.value for lvl, r in LEVEL_RANK.items() if r == rank or (kind.or_above and r > rank)
    ]
    qs = Organization.objects.filter(valid_on(today())).filter(level__in=levels)
    if kind.authority_kinds:
        return qs.filter(_territory_q(proposer), kind__in=kind.authority_kinds)
    committee = Q(kind=OrganizationKind.PEOPLES_COMMITTEE, level=kind.authority_level) & (
        _territory_q(proposer)
    )
    return qs.filter(Q(pk__in=_line_of(proposer)) | committee)


def award_kinds_for(recipient_kind: str | None = None) -> QuerySet[AwardKind]:
    qs = AwardKind.objects.filter(active=True)
    if recipient_kind:
        qs = qs.filter(target__in=[recipient_kind, "both"])
    return qs


# A cluster's results --------------------------------------------------------------------------


@dataclass
class ResultRow:
    member: Organization
    self_total: Decimal
    assessed_total: Decimal
    rank: int | None = None
    scores: dict[int, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)
    complete: bool = False


def results(scoring: ClusterScoring) -> list[ResultRow]:
    """Each member's totals and rank, best first (three queries whatever the size).

    Ranking rule: by the assessed total, highest first; members with equal totals share a
    rank and the next rank skips (1, 2, 2, 4 — "standard competition ranking"); within a tie
    they are listed by name. A member with no assessed score yet has no rank."""
    members = list(scoring.cluster.members.order_by("name", "pk"))
    criteria = list(scoring.movement.criteria.all())
    rows = {
        m.pk: ResultRow(member=m, self_total=Decimal(0), assessed_total=Decimal(0)) for m in members
    }
    assessed_any: set[int] = set()
    counts: dict[int, int] = {}
    for s in scoring.scores.all().only("member_id", "criterion_id", "self_score", "assessed_score"):
        row = rows.get(s.member_id)
        if row is None:
            continue  # a body that has left the cluster
        row.scores[s.criterion_id] = (s.self_score, s.assessed_score)
        if s.self_score is not None:
            row.self_total += s.self_score
        if s.assessed_score is not None:
            row.assessed_total += s.assessed_score
            assessed_any.add(s.member_id)
            counts[s.member_id] = counts.get(s.member_id, 0) + 1
    for pk, row in rows.items():
        row.complete = counts.get(pk, 0) == len(criteria) and bool(criteria)
    ranked = sorted(
        (r for r in rows.values() if r.member.pk in assessed_any),
        key=lambda r: (-r.assessed_total, r.member.name, r.member.pk),
    )
    previous: Decimal | None = None
    for position, row in enumerate(ranked, start=1):
        if previous is None or row.assessed_total != previous:
            row.rank = position
        else:
            row.rank = ranked[position - 2].rank
        previous = row.assessed_total
    unranked = [r for r in rows.values() if r.member.pk not in assessed_any]
    return ranked + unranked


__all__ = [
    "DecisionFilters",
    "ResultRow",
    "award_kinds_for",
    "bodies_acting_for",
    "competent_authorities",
    "decision_list",
    "decision_rows",
    "recipient_bodies",
    "results",
    "visible_decisions",
    "visible_movements",
    "visible_proposals",
    "visible_registrations",
    "visible_scorings",
]
