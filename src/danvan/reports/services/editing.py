"""What every write to a report's content starts with (filling, situation issues): the report
locked as it is now, and refused once sent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..access import EDITABLE_STATES as EDITABLE
from ..models import Report


def fresh(report: Report) -> Report:
    """The report row as it is now, locked for the change: a page opened before the report
    was sent must not change it."""
    return (
        Report.objects.select_for_update()
        .select_related("period", "version", "template", "reporter")
        .get(pk=report.pk)
    )


def editable(report: Report) -> None:
    if report.state not in EDITABLE:
        raise ValidationError(_("A submitted report cannot change: ask the receiver to return it."))
