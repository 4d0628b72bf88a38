"""Who may see and act on citizen matters, and who may see who sent them: the permissions
Django and the templates ask for, each answered by `access` (the one place that decides)."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.models import Role
from danvan.accounts.predicates import SUPERVISOR_ROLES, has_any_role

from . import access, target_access
from .access import HANDLER_ROLES


def _over_case(name: str, action: access.Action) -> rules.Predicate:
    def check(user: Any, case: Any = None) -> bool:
        return access.may(user, case, action)

    return rules.Predicate(check, name=name)


@rules.predicate
def may_see_petitioner(user: Any, case: Any = None) -> bool:
    return access.may_see_petitioner(user, case)


def can_see_petitioner(user: Any, case: Any) -> bool:
    """Use this, not user.has_perm: Django answers has_perm True for any active superuser
    before asking the rules, and a superuser must not read a denouncer's name for that."""
    return access.may_see_petitioner(user, case)


staff_over_case = _over_case("staff_over_case", access.Action.VIEW)
handler_over_case = _over_case("handler_over_case", access.Action.CHANGE)
assigner_over_case = _over_case("assigner_over_case", access.Action.ASSIGN)
supervisor_over_case = _over_case("supervisor_over_case", access.Action.HISTORY)

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


@rules.predicate
def sets_targets(user: Any, target: Any = None) -> bool:
    return target_access.may_set(user, target)


@rules.predicate
def reads_targets(user: Any, target: Any = None) -> bool:
    return target_access.may_view(user)


rules.add_perm("cases.view_servicetarget", reads_targets)
rules.add_perm("cases.add_servicetarget", sets_targets)
rules.add_perm("cases.change_servicetarget", sets_targets)
rules.add_perm("cases.delete_servicetarget", sets_targets)
