"""Who may see and change the organization network (django-rules, tested as a matrix)."""

from __future__ import annotations

import rules

from danvan.accounts.predicates import (
    ADMIN_ROLES,
    STAFF_ROLES,
    SUPERVISOR_ROLES,
    has_any_role,
    in_scope,
    is_system_admin,
)


def _itself(org):
    return org


def _organizer(cluster):
    return cluster.organizer


staff_over_org = in_scope("staff_over_org", STAFF_ROLES, _itself)
supervisor_over_org = in_scope("supervisor_over_org", SUPERVISOR_ROLES, _itself)
admin_over_org = in_scope("admin_over_org", ADMIN_ROLES, _itself)
staff_over_cluster = in_scope("staff_over_cluster", STAFF_ROLES, _organizer)
admin_over_cluster = in_scope("admin_over_cluster", ADMIN_ROLES, _organizer)

# Units are public reference data; only system administrators edit them.
rules.add_perm("org.view_adminunit", rules.always_allow)
rules.add_perm("org.add_adminunit", is_system_admin)
rules.add_perm("org.change_adminunit", is_system_admin)
rules.add_perm("org.delete_adminunit", rules.always_deny)
rules.add_perm("org.view_unitsuccession", rules.always_allow)
rules.add_perm("org.add_unitsuccession", is_system_admin)
rules.add_perm("org.change_unitsuccession", is_system_admin)
rules.add_perm("org.delete_unitsuccession", is_system_admin)

rules.add_perm("org.view_organization", staff_over_org)
rules.add_perm("org.add_organization", admin_over_org)
rules.add_perm("org.change_organization", admin_over_org)
# Bodies are dissolved (given an end date), never deleted: their records must keep a home.
rules.add_perm("org.delete_organization", rules.always_deny)
rules.add_perm("org.view_organization_history", supervisor_over_org)
rules.add_perm("org.reorganize_organization", admin_over_org)

rules.add_perm("org.view_organizationchange", staff_over_org)
rules.add_perm("org.view_emulationcluster", staff_over_cluster)
rules.add_perm("org.add_emulationcluster", admin_over_cluster)
rules.add_perm("org.change_emulationcluster", admin_over_cluster)
rules.add_perm("org.delete_emulationcluster", admin_over_cluster)

# The admin site's app list asks for the app itself ("module" permission).
rules.add_perm("org", has_any_role("administers_org", ADMIN_ROLES))
