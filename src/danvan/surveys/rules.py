"""Who may do what with surveys (django-rules), each answered by `access`."""

from __future__ import annotations

from typing import Any

import rules

from danvan.org.models import Organization

from . import access
from .models import Survey


@rules.predicate
def may_add(user: Any, owner: Organization | None = None) -> bool:
    if owner is None:
        return access.bodies_q_nonempty(user)
    return access.may_build(user, owner)


@rules.predicate
def may_change(user: Any, survey: Survey | None = None) -> bool:
    return survey is not None and access.may(user, survey, access.Action.EDIT)


@rules.predicate
def may_view(user: Any, survey: Survey | None = None) -> bool:
    if survey is None:
        return access.is_staff(user)  # the menu: no query beyond the user's grants
    return access.may(user, survey, access.Action.VIEW)


@rules.predicate
def may_enter_paper(user: Any, survey: Survey | None = None) -> bool:
    return survey is not None and access.may_enter_paper(user, survey)


rules.add_perm("surveys", may_view)
rules.add_perm("surveys.add_survey", may_add)
rules.add_perm("surveys.change_survey", may_change)
rules.add_perm("surveys.view_survey", may_view)
rules.add_perm("surveys.delete_survey", rules.always_deny)
rules.add_perm("surveys.enter_paper", may_enter_paper)
