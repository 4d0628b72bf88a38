"""Reading a petitioner's personal data: only with the right, never silently."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User

from ..models import Case, PersonalDataView
from ..rules import can_see_petitioner


@transaction.atomic
def reveal_petitioner(*, actor: User, case: Case, purpose: str) -> dict[str, str]:
    """Decrypted personal data, after checking the right and logging the view."""
    if not can_see_petitioner(actor, case):
        raise PermissionDenied(_("You may not see who sent this matter."))
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say why you need to see the sender's details.")})
    petitioner = case.petitioner
    PersonalDataView.objects.create(petitioner=petitioner, viewer=actor, purpose=purpose.strip())
    if petitioner.anonymous:
        return {"anonymous": "1"}
    return petitioner.data()


def log_views(*, actor: User, petitioner_ids: Sequence[int], purpose: str) -> int:
    """Log readings of several petitioners' data at once (an export): one row per matter,
    one insert. The caller has checked can_see_petitioner for each of them."""
    if not petitioner_ids:
        return 0
    text = purpose.strip()[:200] or _("Export with senders' details")
    PersonalDataView.objects.bulk_create(
        [PersonalDataView(petitioner_id=pk, viewer=actor, purpose=text) for pk in petitioner_ids]
    )
    return len(petitioner_ids)
