"""Directing documents and their cascade: decided by `access` (current assignments only)."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.predicates import STAFF_ROLES, has_any_role

from . import access


@rules.predicate
def _sees_document(user: Any, document: Any = None) -> bool:
    if document is None:
        return access.documents_for(user).exists() or access.bodies_for(user).exists()
    return access.may_see_document(user, document)


@rules.predicate
def _registers(user: Any, registrar: Any = None) -> bool:
    """Register a document in a body's registry (`registrar`: the body; None: any)."""
    if registrar is None:
        return access.bodies_for(user).exists()
    return access.may_act_for(user, registrar)


@rules.predicate
def _keeps(user: Any, document: Any = None) -> bool:
    return access.may_edit_document(user, document)


@rules.predicate
def _cascades(user: Any, issuer: Any = None) -> bool:
    if issuer is None:
        return access.bodies_for(user, access.WRITER_ROLES).exists()
    return access.may_cascade(user, issuer)


@rules.predicate
def _fulfils(user: Any, body: Any = None) -> bool:
    """Record a body's study session, register its plan (`body`: the duty's body)."""
    if body is None:
        return access.bodies_for(user, access.WRITER_ROLES).exists()
    return access.may_act_for(user, body, access.WRITER_ROLES)


_staff = has_any_role("uses_directives", STAFF_ROLES)


@rules.predicate
def _sees_duty(user: Any, duty: Any = None) -> bool:
    if duty is None:
        return bool(_staff(user))
    return access.may_see_duty(user, duty)


rules.add_perm("directives", _staff)
rules.add_perm("directives.view_document", _sees_document)
rules.add_perm("directives.add_document", _registers)
rules.add_perm("directives.change_document", _keeps)
rules.add_perm("directives.delete_document", rules.always_deny)
rules.add_perm("directives.cascade", _cascades)
rules.add_perm("directives.fulfil", _fulfils)
rules.add_perm("directives.view_duty", _sees_duty)


@rules.predicate
def _plans(user: Any, body: Any = None) -> bool:
    if body is None:
        return access.bodies_for(user, access.WRITER_ROLES).exists()
    return access.may_plan(user, body)


@rules.predicate
def _reports_on(user: Any, task: Any = None) -> bool:
    return task is not None and access.may_report(user, task)


rules.add_perm("directives.plan", _plans)
rules.add_perm("directives.report_task", _reports_on)


@rules.predicate
def _designates(user: Any, body: Any = None) -> bool:
    """Name a body's leader in charge, set up a commune's bloc: the staff covering the body."""
    if body is None:
        return access.bodies_for(user).exists()
    return access.may_designate(user, body)


rules.add_perm("directives.designate", _designates)


@rules.predicate
def _issues(user: Any, body: Any = None) -> bool:
    """Number an outgoing document in a body's register: its own officers and leaders."""
    if body is None:
        return access.bodies_for(user, access.WRITER_ROLES).exists()
    return access.may_act_for(user, body, access.WRITER_ROLES)


rules.add_perm("directives.issue", _issues)
