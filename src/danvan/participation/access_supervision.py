"""Who may see and do what in the Front's supervision and critique: decided here only, from
current assignments (`danvan.accounts.scopes`). Every view, export and task reaches these
records through the accessors below; rules_supervision calls `may_*`.

- A programme, a critique and a board are their conducting Front body's: the officers and
  leaders assigned to that body manage them (`held_bodies`: a grant held at the body itself,
  not a territorial grant held at another body).
- The staff whose grants cover the conducting body read them: a commune's are its own, a
  province sees its subtree.
- The body a recommendation is addressed to (the officers and leaders assigned to it) sees that
  recommendation and records its response; the drafting body of a critique sees that
  critique and records its reply. The conducting body's managers may record either too (a
  response that came by letter).
- Nobody else.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization, OrganizationKind

from .models import (
    BoardReport,
    Critique,
    Delegation,
    Finding,
    InspectionBoard,
    Recommendation,
    SupervisionProgramme,
)

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
K = OrganizationKind
# The Front committee and its member organizations conduct supervision and critique.
FRONT_KINDS = frozenset(
    {
        K.FATHERLAND_FRONT,
        K.FARMERS_ASSOCIATION,
        K.WOMENS_UNION,
        K.VETERANS_ASSOCIATION,
        K.YOUTH_UNION,
        K.TRADE_UNION,
    }
)


class Action(enum.StrEnum):
    VIEW = "view"
    MANAGE = "manage"
    RESPOND = "respond"


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_staff(user: Any) -> bool:
    return _active(user) and scopes.has_role(user, STAFF_ROLES)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


def held_bodies(user: Any) -> frozenset[int]:
    """The bodies where the user holds an officer's or a leader's assignment (no query beyond
    the user's grants). A territorial grant held at another body does not make one act for a
    body: a People's Committee's leader does not run the Front's supervision of that
    committee, nor answer for a body they only oversee."""
    if not _active(user):
        return frozenset()
    return frozenset(g.organization_id for g in scopes.grants_for(user) if g.role in WRITER_ROLES)


def works_for(user: Any, body: Organization | None) -> bool:
    """Whether the user is one of `body`'s own officers or leaders (or of a former body that
    rolls up to it)."""
    if body is None or not _active(user):
        return False
    if _superuser(user):
        return True
    held = held_bodies(user)
    return body.pk in held or (body.current_id is not None and body.current_id in held)


def may_manage(user: Any, organizer: Organization | None) -> bool:
    """Conduct supervision or critique for `organizer`: a Front body's own officers and
    leaders."""
    return organizer is not None and organizer.kind in FRONT_KINDS and works_for(user, organizer)


def may_read(user: Any, organizer: Organization) -> bool:
    return _active(user) and scopes.covers(user, organizer, STAFF_ROLES)


def front_bodies_for(user: Any) -> QuerySet[Organization]:
    """The Front bodies the user conducts supervision and critique for."""
    if _superuser(user):
        return Organization.objects.filter(kind__in=FRONT_KINDS)
    held = held_bodies(user)
    if not held:
        return Organization.objects.none()
    return Organization.objects.filter(pk__in=sorted(held), kind__in=FRONT_KINDS)


def conducts_any(user: Any) -> bool:
    """Whether the user may conduct for some body (the "new" buttons): no query."""
    return _superuser(user) or bool(held_bodies(user))


def _readable(user: Any, prefix: str) -> Q | None:
    return scopes.organizations_q(user, STAFF_ROLES, prefix=prefix) if _active(user) else None


def _held_q(user: Any, field: str) -> Q | None:
    """`field` (a foreign key to Organization) is one of the bodies the user works for."""
    if _superuser(user):
        return Q()
    held = sorted(held_bodies(user))
    if not held:
        return None
    return Q(**{f"{field}_id__in": held}) | Q(**{f"{field}__current_id__in": held})


def _either(*parts: Q | None) -> Q | None:
    found = [p for p in parts if p is not None]
    if not found:
        return None
    q = found[0]
    for p in found[1:]:
        q = q | p if (q and p) else Q()
    return q


# Programmes (and their delegations and findings) -----------------------------------------------


def programmes_for(user: Any) -> QuerySet[SupervisionProgramme]:
    """The programmes the user reads."""
    q = _readable(user, "organizer__")
    if q is None:
        return SupervisionProgramme.objects.none()
    return SupervisionProgramme.objects.filter(q)


def may_programme(user: Any, programme: SupervisionProgramme, action: Action) -> bool:
    if action == Action.VIEW:
        return may_read(user, programme.organizer)
    return may_manage(user, programme.organizer)


def programme_for(user: Any, pk: int, action: Action = Action.VIEW) -> SupervisionProgramme:
    return fetch_allowed(
        SupervisionProgramme.objects.select_related("organizer"),
        lambda p: may_programme(user, p, action),
        pk=pk,
    )


def delegations_for(user: Any) -> QuerySet[Delegation]:
    q = _readable(user, "programme__organizer__")
    return Delegation.objects.none() if q is None else Delegation.objects.filter(q)


def delegation_for(user: Any, pk: int, action: Action = Action.VIEW) -> Delegation:
    return fetch_allowed(
        Delegation.objects.select_related("programme__organizer"),
        lambda d: may_programme(user, d.programme, action),
        pk=pk,
    )


def findings_for(user: Any) -> QuerySet[Finding]:
    q = _readable(user, "programme__organizer__")
    return Finding.objects.none() if q is None else Finding.objects.filter(q)


def finding_for(user: Any, pk: int, action: Action = Action.VIEW) -> Finding:
    return fetch_allowed(
        Finding.objects.select_related("programme__organizer", "body"),
        lambda f: may_programme(user, f.programme, action),
        pk=pk,
    )


# Recommendations ----------------------------------------------------------------------------


def recommendations_for(user: Any) -> QuerySet[Recommendation]:
    """The recommendations the user sees: of the programmes they read, and those addressed
    to a body they work for."""
    q = _either(_readable(user, "programme__organizer__"), _held_q(user, "addressed_to"))
    if q is None:
        return Recommendation.objects.none()
    return Recommendation.objects.filter(q)


def may_recommendation(user: Any, rec: Recommendation, action: Action) -> bool:
    organizer = rec.programme.organizer
    if action == Action.MANAGE:
        return may_manage(user, organizer)
    if action == Action.RESPOND:
        return works_for(user, rec.addressed_to) or may_manage(user, organizer)
    return may_read(user, organizer) or works_for(user, rec.addressed_to)


def recommendation_for(user: Any, pk: int, action: Action = Action.VIEW) -> Recommendation:
    return fetch_allowed(
        Recommendation.objects.select_related("programme__organizer", "addressed_to", "finding"),
        lambda r: may_recommendation(user, r, action),
        pk=pk,
    )


# Critiques ----------------------------------------------------------------------------------


def critiques_for(user: Any) -> QuerySet[Critique]:
    q = _either(_readable(user, "organizer__"), _held_q(user, "drafting_body"))
    return Critique.objects.none() if q is None else Critique.objects.filter(q)


def may_critique(user: Any, critique: Critique, action: Action) -> bool:
    if action == Action.MANAGE:
        return may_manage(user, critique.organizer)
    if action == Action.RESPOND:
        return works_for(user, critique.drafting_body) or may_manage(user, critique.organizer)
    return may_read(user, critique.organizer) or works_for(user, critique.drafting_body)


def critique_for(user: Any, pk: int, action: Action = Action.VIEW) -> Critique:
    return fetch_allowed(
        Critique.objects.select_related("organizer", "drafting_body"),
        lambda c: may_critique(user, c, action),
        pk=pk,
    )


# Boards -------------------------------------------------------------------------------------


def boards_for(user: Any) -> QuerySet[InspectionBoard]:
    q = _readable(user, "commune_body__")
    return InspectionBoard.objects.none() if q is None else InspectionBoard.objects.filter(q)


def may_board(user: Any, board: InspectionBoard, action: Action) -> bool:
    if action == Action.VIEW:
        return may_read(user, board.commune_body)
    return may_manage(user, board.commune_body)


def board_for(user: Any, pk: int, action: Action = Action.VIEW) -> InspectionBoard:
    return fetch_allowed(
        InspectionBoard.objects.select_related("commune_body"),
        lambda b: may_board(user, b, action),
        pk=pk,
    )


def board_reports_for(user: Any) -> QuerySet[BoardReport]:
    q = _readable(user, "board__commune_body__")
    return BoardReport.objects.none() if q is None else BoardReport.objects.filter(q)


def board_report_for(user: Any, pk: int, action: Action = Action.VIEW) -> BoardReport:
    return fetch_allowed(
        BoardReport.objects.select_related("board__commune_body"),
        lambda r: may_board(user, r.board, action),
        pk=pk,
    )
