"""When an officer's assignment ends, the open matters they held go back to their body."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment, User

from .. import access
from ..models import Case, CaseEvent, EventKind, Visibility
from ..models.cases import OPEN_STATES


def release_on_assignment_end(assignment: Assignment, actor: User | None) -> int:
    """Unassign the open matters the user may no longer handle (accounts.services calls this
    in end_assignment's transaction); each gets an event, and its leaders assign it again."""
    user = assignment.user
    held = Case.objects.filter(assigned_to=user, state__in=OPEN_STATES).select_related(
        "organization"
    )
    released = [case for case in held if not access.may(user, case, access.Action.CHANGE)]
    text = _("%(name)s's assignment ended: the matter is back with the body.") % {"name": user}
    for case in released:
        case.assigned_to = None
        case._history_user = actor  # type: ignore[attr-defined]
        case.save(update_fields=["assigned_to", "updated_at"])
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                kind=EventKind.UNASSIGNED,
                text=text,
                actor=actor,
                visibility=Visibility.INTERNAL,
            )
            for case in released
        ]
    )
    return len(released)
