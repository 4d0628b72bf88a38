"""Who may see and do what with surveys: decided here only, from current assignments. Every
view, endpoint, export, admin page and task reaches surveys through `surveys_for` /
`survey_for`; rules.py calls `may_*`.

- A survey is its conducting body's: the body's own officers and leaders build it, open and
  close it (`scopes.works_for`, their own level).
- Its results are read by the staff whose grants cover the body (the body itself, its
  province, the centre): a commune's results are its own, a province sees its subtree.
- Paper forms are entered by the staff covering the body.
- The satisfaction index is read by the same staff over the same bodies (`scores_for`); an
  officer's own figures only by the leaders of the officer's body (`led_bodies`).
- Anyone answers an open survey through its public link (or a one-time code); answering is
  not a permission but the survey's state and distribution (services.answering).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import Organization

from .models import ResponseScore, SatisfactionMonth, Survey

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def surveys_for(user: Any) -> QuerySet[Survey]:
    """The surveys whose results the user reads."""
    q = scopes.organizations_q(user, STAFF_ROLES, prefix="owner__") if _active(user) else None
    return Survey.objects.none() if q is None else Survey.objects.filter(q)


def may_build(user: Any, owner: Organization | None) -> bool:
    """Conduct a survey for `owner`: its own officers and leaders."""
    return _active(user) and scopes.works_for(user, owner, WRITER_ROLES)


def is_staff(user: Any) -> bool:
    return _active(user) and scopes.has_role(user, STAFF_ROLES)


def bodies_for(user: Any) -> QuerySet[Organization]:
    """The bodies the user conducts surveys for (their own level)."""
    q = scopes.own_bodies_q(user, WRITER_ROLES) if _active(user) else None
    return Organization.objects.none() if q is None else Organization.objects.filter(q)


def bodies_q_nonempty(user: Any) -> bool:
    """Whether the user conducts surveys for any body (the menu, the "new survey" button)."""
    return _active(user) and scopes.own_bodies_q(user, WRITER_ROLES) is not None


def may_see(user: Any, survey: Survey) -> bool:
    return _active(user) and scopes.covers(user, survey.owner, STAFF_ROLES)


def may_enter_paper(user: Any, survey: Survey) -> bool:
    return may_see(user, survey)


def may(user: Any, survey: Survey, action: Action) -> bool:
    if action == Action.EDIT:
        return may_build(user, survey.owner)
    return may_see(user, survey)


def survey_for(user: Any, pk: int, action: Action = Action.VIEW) -> Survey:
    """The survey, or 404 when it does not exist, 403 when the user may not."""
    return fetch_allowed(
        Survey.objects.select_related("owner"), lambda s: may(user, s, action), pk=pk
    )


def _covered(user: Any, model: Any) -> Any:
    q = (
        scopes.columns_q(user, STAFF_ROLES, province="province_id", body="body_id")
        if _active(user)
        else None
    )
    if q is None:
        return model.objects.none()
    return model.objects.filter(q) if q else model.objects.all()


def scores_for(user: Any) -> QuerySet[ResponseScore]:
    """The responses' scores (the index) the user reads: those about bodies their grants
    cover, filtered on the scores' own province and body columns."""
    return _covered(user, ResponseScore)


def months_for(user: Any) -> QuerySet[SatisfactionMonth]:
    """The monthly satisfaction figures the user reads: the same coverage as `scores_for`."""
    return _covered(user, SatisfactionMonth)


def sees_nation(user: Any) -> bool:
    """Whether the user's grants cover the whole country (the index by province)."""
    return _active(user) and scopes.organizations_q(user, STAFF_ROLES) == Q()


def led_bodies(user: Any) -> list[int]:
    """The bodies the user leads by a current assignment (not by a territory, not as an
    administrator): whose officers' own figures the user may see."""
    if not _active(user):
        return []
    return sorted({g.organization_id for g in scopes.grants_for(user) if g.role == Role.LEADER})
