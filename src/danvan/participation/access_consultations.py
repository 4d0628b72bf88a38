"""Who may see and do what with consultations on drafts: decided here only, from current
assignments. Every view, export and task reaches consultations through `consultations_for` /
`consultation_for`, their parts through `part_for`, their comments through `comments_for` /
`comment_for`; rules_consultations calls `may_*`.

- A consultation is its drafting body's: the body's own officers and leaders create it,
  edit its parts, open and close it, moderate and answer its comments and publish the
  synthesis (`scopes.works_for`, their own level).
- The staff whose grants cover the body (the body, its province, the centre) read
  everything, hidden comments included.
- The public reads a consultation once it is open: its published comments, and the
  synthesis once published (`public_consultations`, `public_comments`). A commenter sees
  their own hidden comment with the reason (`own_comments`).
- An officer comments for their own body (`comment_bodies_for`).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization

from .models import Comment, CommentState, Consultation, ConsultationState, DraftPart

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
PUBLIC_STATES = (ConsultationState.OPEN, ConsultationState.CLOSED, ConsultationState.PUBLISHED)


class Action(enum.StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # edit, open, close, moderate, answer, publish


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


# --- Staff ---------------------------------------------------------------------------------


def consultations_for(user: Any) -> QuerySet[Consultation]:
    """The consultations the user reads as staff."""
    q = scopes.organizations_q(user, STAFF_ROLES, prefix="body__") if _active(user) else None
    return Consultation.objects.none() if q is None else Consultation.objects.filter(q)


def is_staff(user: Any) -> bool:
    return _active(user) and scopes.has_role(user, STAFF_ROLES)


def may_create(user: Any, body: Organization | None) -> bool:
    return _active(user) and scopes.works_for(user, body, WRITER_ROLES)


def bodies_for(user: Any) -> QuerySet[Organization]:
    """The bodies the user drafts for (their own level): where they create consultations."""
    q = scopes.own_bodies_q(user, WRITER_ROLES) if _active(user) else None
    return Organization.objects.none() if q is None else Organization.objects.filter(q)


def drafts_anything(user: Any) -> bool:
    return _active(user) and scopes.own_bodies_q(user, WRITER_ROLES) is not None


def may_see(user: Any, consultation: Consultation) -> bool:
    return _active(user) and scopes.covers(user, consultation.body, STAFF_ROLES)


def may_manage(user: Any, consultation: Consultation) -> bool:
    return may_create(user, consultation.body)


def may(user: Any, consultation: Consultation, action: Action) -> bool:
    if action == Action.MANAGE:
        return may_manage(user, consultation)
    return may_see(user, consultation)


def consultation_for(user: Any, pk: int, action: Action = Action.VIEW) -> Consultation:
    """The consultation, or 404 when it does not exist, 403 when the user may not."""
    return fetch_allowed(
        Consultation.objects.select_related("body"), lambda c: may(user, c, action), pk=pk
    )


def part_for(user: Any, pk: int, action: Action = Action.VIEW) -> DraftPart:
    return fetch_allowed(
        DraftPart.objects.select_related("consultation__body"),
        lambda p: may(user, p.consultation, action),
        pk=pk,
    )


def comments_for(user: Any) -> QuerySet[Comment]:
    """Every comment (hidden ones too) of the consultations the user reads as staff."""
    q = (
        scopes.organizations_q(user, STAFF_ROLES, prefix="consultation__body__")
        if _active(user)
        else None
    )
    return Comment.objects.none() if q is None else Comment.objects.filter(q)


def may_see_comment(user: Any, comment: Comment) -> bool:
    if may_see(user, comment.consultation):
        return True
    if comment.state == CommentState.PUBLISHED:
        return comment.consultation.state in PUBLIC_STATES
    return _active(user) and comment.user_id == user.pk


def comment_for(user: Any, pk: int, action: Action = Action.VIEW) -> Comment:
    allowed = (
        (lambda c: may_manage(user, c.consultation))
        if action == Action.MANAGE
        else (lambda c: may_see_comment(user, c))
    )
    return fetch_allowed(
        Comment.objects.select_related("consultation__body", "part", "organization"),
        allowed,
        pk=pk,
    )


# --- The public ----------------------------------------------------------------------------


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(state__in=PUBLIC_STATES)


def public_consultation(pk: int) -> Consultation:
    return get_object_or_404(public_consultations().select_related("body"), pk=pk)


def public_synthesis(pk: int) -> Consultation:
    consultation = public_consultation(pk)
    if consultation.state != ConsultationState.PUBLISHED:
        raise Http404
    return consultation


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    if consultation.state not in PUBLIC_STATES:
        return Comment.objects.none()
    return consultation.comments.filter(state=CommentState.PUBLISHED)


def own_comments(user: Any, consultation: Consultation) -> QuerySet[Comment]:
    """The user's own comments on the consultation, hidden ones included (with the reason)."""
    if not _active(user):
        return Comment.objects.none()
    return consultation.comments.filter(user=user)


def comment_bodies_for(user: Any, consultation: Consultation) -> QuerySet[Organization]:
    """The bodies the user may comment for: those they work for, not the drafting body."""
    if not consultation.organizations_may_comment:
        return Organization.objects.none()
    q = scopes.own_bodies_q(user, WRITER_ROLES) if _active(user) else None
    if q is None:
        return Organization.objects.none()
    return Organization.objects.filter(q).exclude(pk=consultation.body_id)


def visible_q(user: Any, contact_index: str = "") -> Q:
    """Published comments, and the commenter's own hidden ones (a public page's list): by
    their account, or by the e-mail address they verified in this browser."""
    q = Q(state=CommentState.PUBLISHED)
    if _active(user):
        q |= Q(user=user)
    if contact_index:
        q |= Q(contact_index=contact_index)
    return q
