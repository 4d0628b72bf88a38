"""The top bar's search: one box that finds a matter by its code, a body, a unit or a model,
each through its own accessor (a user finds only what they may open)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from danvan.accounts.predicates import STAFF_ROLES
from danvan.cases import access as case_access
from danvan.cases.models import Case
from danvan.exemplars import selectors as exemplar_selectors
from danvan.exemplars.models import Exemplar
from danvan.lib.dates import today
from danvan.lib.search import matching_all
from danvan.org import selectors as org_selectors
from danvan.org.models import AdminUnit, Organization

PER_KIND = 8
# A tracking code: DV, year and month, six letters or digits (cases.services.codes).
CODE = re.compile(r"^DV\d{4}[0-9A-Z]{6}$")


@dataclass
class Found:
    q: str
    case: Case | None = None
    case_code_unknown: bool = False
    organizations: list[Organization] = field(default_factory=list)
    units: list[AdminUnit] = field(default_factory=list)
    exemplars: list[Exemplar] = field(default_factory=list)
    staff_exemplars: bool = False

    @property
    def empty(self) -> bool:
        return not (self.case or self.organizations or self.units or self.exemplars)


def find(user: Any, q: str) -> Found:
    q = q.strip()[:100]
    found = Found(q=q)
    if not q:
        return found
    code = q.replace(" ", "").upper()
    if CODE.match(code):
        found.case = case_access.cases_for(user).filter(tracking_code=code).first()
        found.case_code_unknown = found.case is None
        return found
    if user.is_authenticated:
        found.organizations = list(
            matching_all(org_selectors.organizations_in_scope(user, STAFF_ROLES), q, "name_folded")
            .filter(valid_to__isnull=True)
            .select_related("unit")
            .order_by("level", "code")[:PER_KIND]
        )
    found.units = list(
        matching_all(AdminUnit.objects.as_of(today()), q, "name_folded")
        .select_related("parent")
        .order_by("level", "code")[:PER_KIND]
    )
    if user.is_authenticated and user.has_perm("exemplars.view_exemplar"):
        found.staff_exemplars = True
        exemplars = matching_all(exemplar_selectors.visible_exemplars(user), q)
    else:
        exemplars = matching_all(exemplar_selectors.public_exemplars(), q, "public_search_text")
    found.exemplars = list(exemplars.order_by("-id")[:PER_KIND])
    return found
