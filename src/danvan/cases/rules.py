"""Who may see and act on citizen matters, and who may see who sent them.

A matter belongs to the body handling it; scopes work as for organizations. Personal data is
narrower: only the officer assigned to the matter and the leaders over its body see it — not
administrators, and not superusers by virtue of being superusers (a denouncer's identity is
secret by law, Luật Tố cáo 2018 Art. 56).
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts import scopes
from danvan.accounts.models import Role, Scope
from danvan.accounts.predicates import STAFF_ROLES, SUPERVISOR_ROLES, has_any_role
from danvan.org.models import AdminLevel

HANDLER_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.UNIT_ADMIN})
ASSIGNER_ROLES = frozenset({Role.LEADER, Role.UNIT_ADMIN})


def _covers_unrouted(user: Any, case: Any, roles: frozenset[str]) -> bool:
    """A matter no body handles yet belongs to whoever covers its province, or the country."""
    if getattr(user, "is_active", False) and getattr(user, "is_superuser", False):
        return True
    return any(
        g.role in roles
        and g.scope == Scope.SUBTREE
        and (
            g.unit_id is None
            or (g.unit_level == AdminLevel.PROVINCE and g.province_id == case.province_id)
        )
        for g in scopes.grants_for(user)
    )


def _over_case(name: str, roles: frozenset[str]) -> rules.Predicate:
    def check(user: Any, case: Any = None) -> bool:
        if case is None:
            return scopes.has_role(user, roles)
        if case.assigned_to_id is not None and case.assigned_to_id == getattr(user, "pk", None):
            return True
        if case.organization_id is None:
            return _covers_unrouted(user, case, roles)
        return scopes.covers(user, case.organization, roles)

    return rules.Predicate(check, name=name)


@rules.predicate
def may_see_petitioner(user: Any, case: Any = None) -> bool:
    if case is None or not getattr(user, "is_active", False):
        return False
    if case.assigned_to_id is not None and case.assigned_to_id == user.pk:
        return True
    org = case.organization
    return org is not None and any(
        g.role == Role.LEADER and g.covers(org) for g in scopes.grants_for(user)
    )


def can_see_petitioner(user: Any, case: Any) -> bool:
    """Use this, not user.has_perm: Django answers has_perm True for any active superuser
    before asking the rules, and a superuser must not read a denouncer's name for that."""
    return bool(may_see_petitioner.test(user, case))


staff_over_case = _over_case("staff_over_case", STAFF_ROLES)
handler_over_case = _over_case("handler_over_case", HANDLER_ROLES)
assigner_over_case = _over_case("assigner_over_case", ASSIGNER_ROLES)
supervisor_over_case = _over_case("supervisor_over_case", SUPERVISOR_ROLES)

rules.add_perm("cases.view_case", staff_over_case)
rules.add_perm("cases.change_case", handler_over_case)
rules.add_perm("cases.assign_case", assigner_over_case)
rules.add_perm("cases.view_case_history", supervisor_over_case)
rules.add_perm("cases.view_petitioner", may_see_petitioner)
# Documents the bodies issue (decisions, official letters): whoever may change the matter.
rules.add_perm("cases.add_document", handler_over_case)
# Offering the export with senders' details to the roles that handle matters (an assigned
# handler, a leader over the body). Each row is still checked with can_see_petitioner; the
# others get empty columns.
rules.add_perm("cases.export_petitioners", has_any_role("exports_petitioners", HANDLER_ROLES))
rules.add_perm("cases.add_case", has_any_role("records_cases", HANDLER_ROLES))
rules.add_perm("cases.delete_case", rules.always_deny)
rules.add_perm("cases", has_any_role("administers_cases", {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}))
rules.add_perm("cases.view_casefield", rules.always_allow)
rules.add_perm("cases.add_casefield", has_any_role("manages_fields", {Role.SYSTEM_ADMIN}))
rules.add_perm("cases.change_casefield", has_any_role("manages_fields2", {Role.SYSTEM_ADMIN}))
rules.add_perm("cases.view_routingrule", has_any_role("sees_routing", SUPERVISOR_ROLES))
rules.add_perm("cases.add_routingrule", has_any_role("manages_routing", {Role.SYSTEM_ADMIN}))
rules.add_perm("cases.change_routingrule", has_any_role("manages_routing2", {Role.SYSTEM_ADMIN}))
rules.add_perm("cases.delete_routingrule", has_any_role("manages_routing3", {Role.SYSTEM_ADMIN}))
