"""People's changes in the audit log, and the permission check before them, as every app's
services write them: `actor=None` is the platform itself (schedules, the demo), which is
neither checked nor logged as a person."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _


def audit(actor: Any, obj: Model, flag: int, message: str = "") -> None:
    """Keep a person's change in the audit log (django.contrib.admin's LogEntry: who, when,
    the record, added / changed / deleted, what). A deletion is logged before the row goes."""
    if actor is None or actor.pk is None:
        return
    LogEntry.objects.log_actions(
        actor.pk, [obj], flag, change_message=message[:2000], single_object=True
    )


def require(actor: Any, perm: str, obj: Any = None) -> None:
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))
