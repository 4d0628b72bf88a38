"""Who may do what with meetings and commitments (django-rules), each answered by
access_meetings."""

from __future__ import annotations

from typing import Any

import rules

from danvan.org.models import Organization

from . import access_meetings as access
from .models import Commitment, Meeting


@rules.predicate
def may_view_meetings(user: Any, meeting: Meeting | None = None) -> bool:
    if meeting is None:
        return access.is_staff(user)  # the menu: no query beyond the user's grants
    return access.may_meeting(user, meeting, access.Action.VIEW)


@rules.predicate
def may_add_meeting(user: Any, host: Organization | None = None) -> bool:
    if host is None:
        return access.hosts_for(user).exists()
    return access.may_host(user, host)


@rules.predicate
def may_change_meeting(user: Any, meeting: Meeting | None = None) -> bool:
    return meeting is not None and access.may_meeting(user, meeting, access.Action.EDIT)


@rules.predicate
def may_view_commitment(user: Any, commitment: Commitment | None = None) -> bool:
    if commitment is None:
        return access.is_staff(user)
    return access.may_commitment(user, commitment, access.Action.VIEW)


@rules.predicate
def may_change_commitment(user: Any, commitment: Commitment | None = None) -> bool:
    return commitment is not None and access.may_commitment(user, commitment, access.Action.EDIT)


rules.add_perm("participation.view_meeting", may_view_meetings)
rules.add_perm("participation.add_meeting", may_add_meeting)
rules.add_perm("participation.change_meeting", may_change_meeting)
rules.add_perm("participation.delete_meeting", rules.always_deny)
rules.add_perm("participation.view_commitment", may_view_commitment)
rules.add_perm("participation.change_commitment", may_change_commitment)
rules.add_perm("participation.delete_commitment", rules.always_deny)
