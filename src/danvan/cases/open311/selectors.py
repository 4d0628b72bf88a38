"""The public list of service requests: one query for any page, newest first."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Case, SubmissionReceipt
from ..models.cases import OPEN_STATES
from .params import ListParams


def _public() -> QuerySet[Case]:
    return Case.objects.select_related("field", "organization", "unit")


def service_requests(params: ListParams) -> list[Case]:
    qs = _public()
    if params.ids:
        qs = qs.filter(tracking_code__in=params.ids)
    else:
        qs = qs.filter(received_at__gte=params.start, received_at__lte=params.end)
        if params.service_codes:
            qs = qs.filter(field__code__in=params.service_codes)
        if params.statuses == {"open"}:
            qs = qs.filter(state__in=OPEN_STATES)
        elif params.statuses == {"closed"}:
            qs = qs.filter(~Q(state__in=OPEN_STATES))
    qs = qs.order_by("-received_at", "-id")
    return list(qs[params.offset : params.offset + params.limit])


def service_request(code: str) -> Case | None:
    return _public().filter(tracking_code=code.strip().upper()).first()


def waiting_receipt(code: str) -> SubmissionReceipt | None:
    """A request accepted but not registered yet (moments, under a rush)."""
    return SubmissionReceipt.objects.filter(
        tracking_code=code.strip().upper(), registered_at__isnull=True
    ).first()
