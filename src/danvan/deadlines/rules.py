"""Who may see and change the deadline rules and the calendar (django-rules)."""

from __future__ import annotations

import rules

from danvan.accounts.predicates import ADMIN_ROLES, STAFF_ROLES, has_any_role, is_system_admin

is_staff_member = has_any_role("deadlines_staff", STAFF_ROLES)

# The limits are national law: every officer may read them, only system administrators
# type them in. A repealed limit gets an end date, never a deletion: open matters cite it.
rules.add_perm("deadlines.view_deadlinerule", is_staff_member)
rules.add_perm("deadlines.add_deadlinerule", is_system_admin)
rules.add_perm("deadlines.change_deadlinerule", is_system_admin)
rules.add_perm("deadlines.delete_deadlinerule", rules.always_deny)

rules.add_perm("deadlines.view_calendarexception", is_staff_member)
rules.add_perm("deadlines.add_calendarexception", is_system_admin)
rules.add_perm("deadlines.change_calendarexception", is_system_admin)
rules.add_perm("deadlines.delete_calendarexception", is_system_admin)

# The list of remote communes is national data too (a decision of the Prime Minister).
rules.add_perm("deadlines.view_remotecommune", is_staff_member)
rules.add_perm("deadlines.add_remotecommune", is_system_admin)
rules.add_perm("deadlines.change_remotecommune", is_system_admin)
rules.add_perm("deadlines.delete_remotecommune", is_system_admin)

# The admin site's app list asks for the app itself ("module" permission).
rules.add_perm("deadlines", has_any_role("administers_deadlines", ADMIN_ROLES))
