"""Who may see and do what with directing documents and their cascade: decided here only,
from current assignments. Every view, endpoint, export, admin page and task reaches
documents through `documents_for` / `document_for` and duties through `duties_for` /
`duty_for`; rules.py calls `may_*`.

- Documents. Every officer reads the registry of the central level, of their own province
  and of the bodies their grants cover; a document the user is shown through a duty (a
  commune's plan under the province's cascade) is readable too. A document found in a text
  and not yet confirmed is its registering body's own business. A body's own staff
  (officer, leader, unit administrator) keep the entries it registered.
- Duties. A body's duties are seen by the staff whose grants cover the body (the commune
  itself, its province, the centre), and by the staff of the body that cascaded the
  directive and of the body at the top of the cascade, so that the centre drills down to
  a commune. A body's own officers and leaders record its study session and register its
  plan; nobody else does (decision 0023).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from .models import (
    OPEN_TASK_STATES,
    Cascade,
    Document,
    DocumentState,
    Duty,
    ReviewRound,
    ReviewSubmission,
    Task,
    Workplan,
)

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
MANAGER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"


def _either(parts: list[Q]) -> Q:
    """The parts ORed; an empty part (a grant over the whole country) is everything, which a
    plain `|` would drop (Q() | Q(x) is Q(x))."""
    if any(not part for part in parts):
        return Q()
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _superuser(user: Any) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


# Bodies ----------------------------------------------------------------------------------


def may_act_for(user: Any, org: Organization | None, roles: frozenset[str] = MANAGER_ROLES) -> bool:
    return _active(user) and scopes.works_for(user, org, roles)


def bodies_for(user: Any, roles: frozenset[str] = MANAGER_ROLES) -> QuerySet[Organization]:
    """The bodies the user works for at their own level (registers, cascades, duties)."""
    q = scopes.own_bodies_q(user, roles) if _active(user) else None
    return Organization.objects.none() if q is None else Organization.objects.filter(q)


# Duties ----------------------------------------------------------------------------------


def _duty_q(user: Any) -> Q | None:
    if _superuser(user):
        return Q()
    parts: list[Q] = []
    for g in scopes.grants_for(user):
        if g.role in STAFF_ROLES:
            parts += [
                g.as_q("body__"),
                g.as_q("cascade__issuer__"),
                g.as_q("cascade__parent_duty__cascade__issuer__"),
            ]
    if not parts:
        return None
    return _either(parts)


def duties_for(user: Any) -> QuerySet[Duty]:
    q = _duty_q(user) if _active(user) else None
    return Duty.objects.none() if q is None else Duty.objects.filter(q)


def may_see_duty(user: Any, duty: Duty) -> bool:
    if _superuser(user):
        return True
    if not _active(user):
        return False
    over = [duty.body, duty.cascade.issuer]
    if duty.cascade.parent_duty_id is not None:
        over.append(duty.cascade.parent_duty.cascade.issuer)  # type: ignore[union-attr]
    return any(scopes.covers(user, org, STAFF_ROLES) for org in over)


def may_fulfil(user: Any, duty: Duty) -> bool:
    """Record the body's study session, register its plan, cascade further."""
    return may_act_for(user, duty.body, WRITER_ROLES)


def duty_for(user: Any, pk: int) -> Duty:
    return fetch_allowed(
        Duty.objects.select_related(
            "document", "body", "cascade__issuer", "cascade__parent_duty__cascade__issuer", "plan"
        ),
        lambda d: may_see_duty(user, d),
        pk=pk,
    )


def may_cascade(user: Any, issuer: Organization | None) -> bool:
    return may_act_for(user, issuer, WRITER_ROLES)


def cascades_for(user: Any) -> QuerySet[Cascade]:
    """Cascades the user sees: issued by a body their grants cover, or reaching one."""
    if _superuser(user):
        return Cascade.objects.all()
    if not _active(user):
        return Cascade.objects.none()
    parts = [g.as_q("issuer__") for g in scopes.grants_for(user) if g.role in STAFF_ROLES]
    if not parts:
        return Cascade.objects.none()
    q = _either(parts)
    seen_duties = duties_for(user).filter(cascade=OuterRef("pk"))
    return Cascade.objects.filter(q | Exists(seen_duties))


# Documents -------------------------------------------------------------------------------


def _document_q(user: Any) -> Q | None:
    if _superuser(user):
        return Q()
    grants = [g for g in scopes.grants_for(user) if g.role in STAFF_ROLES]
    if not grants:
        return None
    confirmed = Q(state=DocumentState.CONFIRMED)
    parts: list[Q] = [Q(registrar__level=OrganizationLevel.CENTRAL)]
    provinces = {g.province_id for g in grants if g.province_id is not None}
    if provinces:
        parts.append(Q(registrar__province_id__in=provinces))
    parts += [g.as_q("registrar__") for g in grants]
    # A plan registered under a duty the user sees (the centre reading a commune's plan).
    duty_q = _duty_q(user)
    if duty_q is not None:
        parts.append(Q(Exists(Duty.objects.filter(duty_q, plan=OuterRef("pk")))))
    readable = _either(parts)
    own = scopes.own_bodies_q(user, MANAGER_ROLES, "registrar__")
    return (confirmed & readable) | own if own is not None else confirmed & readable


def documents_for(user: Any) -> QuerySet[Document]:
    q = _document_q(user) if _active(user) else None
    return Document.objects.none() if q is None else Document.objects.filter(q)


def may_see_document(user: Any, document: Document) -> bool:
    if _superuser(user):
        return True
    if not _active(user):
        return False
    if may_edit_document(user, document):
        return True
    return documents_for(user).filter(pk=document.pk).exists()


def may_edit_document(user: Any, document: Document | None) -> bool:
    """The registering body's own staff keep its entries; `None`: may register at all."""
    if document is None:
        return _superuser(user) or bodies_for(user).exists()
    return may_act_for(user, document.registrar)


def document_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Document:
    check = may_edit_document if Action(action) == Action.EDIT else may_see_document
    return fetch_allowed(
        Document.objects.select_related("issuer", "registrar"),
        lambda d: check(user, d),
        pk=pk,
    )


def public_documents() -> QuerySet[Document]:
    return Document.objects.filter(public=True, state=DocumentState.CONFIRMED)


# Plans at work and their tasks -----------------------------------------------------------


def workplans_for(user: Any) -> QuerySet[Workplan]:
    """A plan's tasks are read by whoever reads the plan."""
    return Workplan.objects.filter(document__in=documents_for(user).values("pk"))


def may_plan(user: Any, body: Organization | None) -> bool:
    """Set a body's plan up: its targets and its task tree (its own officers and leaders)."""
    return may_act_for(user, body, WRITER_ROLES)


def may_report(user: Any, task: Task) -> bool:
    """Report progress on a task: the lead body's own officers and leaders, the responsible
    officer, and the plan's own body."""
    if not _active(user):
        return False
    if task.officer_id is not None and task.officer_id == getattr(user, "pk", None):
        return True
    return may_act_for(user, task.lead_body, WRITER_ROLES) or may_plan(user, task.workplan.body)


def tasks_for(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(workplan__in=workplans_for(user).values("pk"))


def task_for(user: Any, pk: int) -> Task:
    return fetch_allowed(
        Task.objects.select_related("workplan__document", "workplan__body", "lead_body", "officer"),
        lambda t: (
            t.officer_id == getattr(user, "pk", None) or may_see_document(user, t.workplan.document)
        ),
        pk=pk,
    )


def my_bodies(user: Any) -> list[int]:
    """The ids of the bodies the user works for as an officer or leader (a handful): read once,
    so that the task filters below stay on the tasks' own indexed columns."""
    if not _active(user) or _superuser(user):
        return []
    return list(bodies_for(user, WRITER_ROLES).values_list("pk", flat=True))


def my_tasks(user: Any, bodies: list[int] | None = None) -> QuerySet[Task]:
    """The open tasks the user answers for: named as the officer, or led by a body they work
    for as an officer or leader (`bodies`: my_bodies(user), when already read)."""
    if not _active(user):
        return Task.objects.none()
    ids = my_bodies(user) if bodies is None else bodies
    return Task.objects.filter(
        Q(officer=user) | Q(lead_body_id__in=ids), state__in=OPEN_TASK_STATES
    )


def subtree_tasks(user: Any) -> QuerySet[Task]:
    """The tasks led by the bodies the user's grants cover (a leader's oversight)."""
    if _superuser(user):
        return Task.objects.all()
    parts = [g.as_q("lead_body__") for g in scopes.grants_for(user) if g.role in STAFF_ROLES]
    if not parts or not _active(user):
        return Task.objects.none()
    return Task.objects.filter(_either(parts))


def may_see_body_tasks(user: Any, body: Organization) -> bool:
    """A body's task board: its own staff and the grants that cover it."""
    return _superuser(user) or scopes.covers(user, body, STAFF_ROLES)


def may_designate(user: Any, body: Organization) -> bool:
    """Keep a body's leader in charge and a commune's bloc: the body's own staff and the
    staff whose grants cover it (a province keeps its agencies' and communes' records)."""
    return _superuser(user) or (_active(user) and scopes.covers(user, body, MANAGER_ROLES))


def agencies_for(user: Any) -> QuerySet[Organization]:
    """The bodies whose leaders in charge the user reads: those their grants cover."""
    if _superuser(user):
        return Organization.objects.all()
    q = scopes.organizations_q(user, STAFF_ROLES) if _active(user) else None
    return Organization.objects.none() if q is None else Organization.objects.filter(q)


# Reviews ---------------------------------------------------------------------------------


def reviews_for(user: Any) -> QuerySet[ReviewRound]:
    """Rounds called by a body the user's grants cover, or asking one of them for a report."""
    if _superuser(user):
        return ReviewRound.objects.all()
    parts = [g for g in scopes.grants_for(user) if g.role in STAFF_ROLES] if _active(user) else []
    if not parts:
        return ReviewRound.objects.none()
    caller = _either([g.as_q("caller__") for g in parts])
    asked = _either([g.as_q("body__") for g in parts])
    seen = ReviewSubmission.objects.filter(asked, round=OuterRef("pk"))
    return ReviewRound.objects.filter(caller | Q(Exists(seen)))


def review_for(user: Any, pk: int) -> ReviewRound:
    return fetch_allowed(
        ReviewRound.objects.select_related("document", "caller"),
        lambda r: reviews_for(user).filter(pk=r.pk).exists(),
        pk=pk,
    )
