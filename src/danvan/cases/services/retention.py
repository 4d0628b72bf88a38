"""Personal data is kept only as long as needed (Luật Bảo vệ dữ liệu cá nhân 2025): after
CASE_PERSONAL_DATA_RETENTION_DAYS from closing, the petitioner's details are erased; the
matter itself, its answer and its statistics stay."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Petitioner, SubmissionReceipt

_ERASED = {
    "full_name_enc": "",
    "phone_enc": "",
    "email_enc": "",
    "id_number_enc": "",
    "address_enc": "",
    "phone_index": "",
    "email_index": "",
    "id_number_index": "",
}


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.CASE_PERSONAL_DATA_RETENTION_DAYS)


@transaction.atomic
def purge_personal_data(*, dry_run: bool = False, now: dt.datetime | None = None) -> int:
    """Erase the petitioners' details of matters closed before the cutoff. Returns how many."""
    due = Petitioner.objects.filter(case__closed_at__lt=retention_cutoff(now)).exclude(
        full_name_enc="", phone_enc="", email_enc="", id_number_enc="", address_enc=""
    )
    # A receipt that could never be registered still holds its sender's details: they go too.
    stale = SubmissionReceipt.objects.filter(received_at__lt=retention_cutoff(now)).exclude(
        personal=""
    )
    if dry_run:
        return due.count() + stale.count()
    return due.update(**_ERASED) + stale.update(personal="")
