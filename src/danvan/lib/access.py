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
