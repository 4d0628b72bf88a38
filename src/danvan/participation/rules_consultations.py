"""Who may do what in the consultations subdomain (django-rules), each answered by
access_consultations."""

from __future__ import annotations

from typing import Any

import rules

from danvan.org.models import Organization

from . import access_consultations as access
from .models import Comment, Consultation


@rules.predicate
def may_add(user: Any, body: Organization | None = None) -> bool:
    if body is None:
        return access.drafts_anything(user)
    return access.may_create(user, body)


@rules.predicate
def may_view(user: Any, consultation: Consultation | None = None) -> bool:
    if consultation is None:
        return access.is_staff(user)  # the menu: no query beyond the user's grants
    return access.may(user, consultation, access.Action.VIEW)


@rules.predicate
def may_change(user: Any, consultation: Consultation | None = None) -> bool:
    return consultation is not None and access.may(user, consultation, access.Action.MANAGE)


@rules.predicate
def may_handle_comment(user: Any, comment: Comment | None = None) -> bool:
    return comment is not None and access.may_manage(user, comment.consultation)


@rules.predicate
def may_view_comment(user: Any, comment: Comment | None = None) -> bool:
    return comment is not None and access.may_see_comment(user, comment)


rules.add_perm("participation.view_consultation", may_view)
rules.add_perm("participation.add_consultation", may_add)
rules.add_perm("participation.change_consultation", may_change)
rules.add_perm("participation.delete_consultation", rules.always_deny)
rules.add_perm("participation.view_consultation_comment", may_view_comment)
rules.add_perm("participation.moderate_consultation_comment", may_handle_comment)
rules.add_perm("participation.answer_consultation_comment", may_handle_comment)
