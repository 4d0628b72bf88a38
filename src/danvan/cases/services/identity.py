"""Reading a petitioner's personal data: only with the right, never silently."""

from __future__ import annotations

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
