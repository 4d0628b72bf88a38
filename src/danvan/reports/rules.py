"""Periodic reports: the reporting body's officers and leaders write, its leader approves,
they send; the receiving body's staff return or accept; cut-off rules and periods are
national reference data (system administrators, in the admin). Decided by `access`."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES, has_any_role, is_system_admin

from . import access


def _over(action: access.Action) -> rules.Predicate:
    def check(user: Any, report: Any = None) -> bool:
        return access.may(user, report, action)

    return rules.Predicate(check, name=f"report_{action}")


rules.add_perm("reports.view_report", _over(access.Action.VIEW))
rules.add_perm("reports.change_report", _over(access.Action.EDIT))
rules.add_perm("reports.approve_report", _over(access.Action.APPROVE))
rules.add_perm("reports.submit_report", _over(access.Action.SUBMIT))
rules.add_perm("reports.review_report", _over(access.Action.REVIEW))
rules.add_perm("reports.add_report", rules.always_deny)  # opened by the schedule only
rules.add_perm("reports.delete_report", rules.always_deny)

rules.add_perm("reports.view_reporttemplate", has_any_role("reads_templates", STAFF_ROLES))
for model in ("cutoffrule", "reportingperiod"):
    rules.add_perm(f"reports.view_{model}", has_any_role(f"reads_{model}", STAFF_ROLES))
    rules.add_perm(f"reports.add_{model}", is_system_admin)
    rules.add_perm(f"reports.change_{model}", is_system_admin)
    rules.add_perm(f"reports.delete_{model}", rules.always_deny)

rules.add_perm("reports", has_any_role("administers_reports", {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}))
