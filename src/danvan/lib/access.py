"""One record for a user, as every app's access module fetches it (after Healthchecks'
`_get_check_for_user`): 404 when there is no such record, 403 when the user may not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def fetch_allowed(queryset: QuerySet[M], allowed: Callable[[M], bool], **lookup: Any) -> M:
    record = queryset.filter(**lookup).first()
    if record is None:
        raise Http404
    if not allowed(record):
        raise PermissionDenied
    return record


def user_allowed(request: Any, perm: str) -> Any:
    """The signed-in user of a staff page, or 403 without `perm` (a module's menu permission:
    it reads the user's grants only)."""
    user = request.user
    if not user.has_perm(perm):
        raise PermissionDenied
    return user
