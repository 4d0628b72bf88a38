"""Periodic reports: the reporting body's officers and leaders write, its leader approves,
they send; the receiving body's staff return or accept; cut-off rules and periods are
national reference data (system administrators, in the admin). Decided by `access`."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES, has_any_role, is_system_admin

from . import access
from .models import ReportTemplate


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


# Setting reporting up (views_setup): templates, their versions, schedules and obligations.
#
# Decision: a body's templates are managed by its own staff at its own level — a unit grant
# on the body, or a territorial grant of the body's level (`access.may_act_for`) — in the
# roles that run the body's work: officer, leader and unit administrator
# (`access.MANAGER_ROLES`). So a province's officers manage the province's templates, a
# commune's officers never change them, and a province's subtree grant does not make its
# staff managers of a commune's templates (as it does not make them writers of a commune's
# draft). Publishing a version binds every body that reports on the template, so, like
# approving a report, it is for the body's leader or its unit administrator
# (`PUBLISHER_ROLES`). Who reports to whom is kept by the receiving body's own staff (the
# same roles as managing) or by the staff of the body that defines the template. Cut-off
# rules are national reference data: system administrators (above).
PUBLISHER_ROLES = frozenset({Role.LEADER, Role.UNIT_ADMIN})


def _owner(obj: Any) -> Any:
    """The defining body of a template (or of anything with a template), or the body."""
    template = getattr(obj, "template", obj)
    return getattr(template, "owner", template)


def _manages(roles: frozenset[str], name: str) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        if obj is None:  # a list page: whether they could manage some body's templates
            return scopes.has_role(user, roles)
        return access.may_act_for(user, _owner(obj), roles)

    return rules.Predicate(check, name=name)


manages_templates = _manages(access.MANAGER_ROLES, "manages_templates")
publishes_templates = _manages(PUBLISHER_ROLES, "publishes_templates")


@rules.predicate
def keeps_obligations(user: Any, obj: Any = None) -> bool:
    """With no object or a template: whether the user acts for some body that may receive
    reports on it. With an obligation or a rule: whether they act for its receiver or
    manage its template."""
    if obj is None or isinstance(obj, ReportTemplate):
        return scopes.has_role(user, access.MANAGER_ROLES)
    return access.may_act_for(user, obj.receiver) or access.may_act_for(user, obj.template.owner)


rules.add_perm("reports.add_reporttemplate", manages_templates)
rules.add_perm("reports.change_reporttemplate", manages_templates)
rules.add_perm("reports.publish_templateversion", publishes_templates)
rules.add_perm("reports.add_obligation", keeps_obligations)
rules.add_perm("reports.change_obligation", keeps_obligations)
