"""Who may see and change users' assignments (django-rules, tested as a matrix)."""

from __future__ import annotations

import rules

from .predicates import ADMIN_ROLES, SUPERVISOR_ROLES, has_any_role, in_scope, is_system_admin


def _organization(assignment):
    return assignment.organization


supervisor_over_assignment = in_scope("supervisor_over_assignment", SUPERVISOR_ROLES, _organization)
admin_over_assignment = in_scope("admin_over_assignment", ADMIN_ROLES, _organization)

rules.add_perm("accounts.view_assignment", supervisor_over_assignment)
rules.add_perm("accounts.add_assignment", admin_over_assignment)
rules.add_perm("accounts.change_assignment", admin_over_assignment)
rules.add_perm("accounts.delete_assignment", admin_over_assignment)
rules.add_perm("accounts.view_assignment_history", supervisor_over_assignment)

# Accounts themselves are global: only system administrators manage them in the admin;
# unit administrators create officers through the assignment service.
rules.add_perm("accounts.view_user", is_system_admin)
rules.add_perm("accounts.add_user", is_system_admin)
rules.add_perm("accounts.change_user", is_system_admin)
rules.add_perm("accounts.delete_user", rules.always_deny)
rules.add_perm("accounts.view_apitoken", is_system_admin)
rules.add_perm("accounts.add_apitoken", is_system_admin)

# The admin site's app list asks for the app itself ("module" permission).
rules.add_perm("accounts", has_any_role("administers_accounts", ADMIN_ROLES))
