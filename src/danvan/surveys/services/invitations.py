"""One-time codes: issued in a batch (printed on slips, sent to citizens), each good for one
answer. The codes are shown once, when issued; only a keyed hash of each is kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.admin.models import CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require

from ..models import Invitation, Survey

# No 0/O, 1/I/L: read off a slip of paper and typed on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
MOST = 1000


def _hash(code: str) -> str:
    key = f"surveys.invitation:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalize(code).encode(), hashlib.sha256).hexdigest()


def normalize(code: str) -> str:
    """As typed: spaces and dashes dropped, upper case (the alphabet has no 0/O or 1/I/L to
    confuse)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_code() -> tuple[str, str]:
    """One fresh code and its keyed hash, as issue_codes makes them: the code is to be shown
    (or sent) once and kept nowhere, the hash is what an Invitation stores."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return code, _hash(code)


@transaction.atomic
def issue_codes(
    *, survey: Survey, count: int, batch: str = "", actor: User | None = None
) -> list[str]:
    require(actor, "surveys.change_survey", survey)
    if not 1 <= count <= MOST:
        raise ValidationError({"count": _("Between 1 and %(n)s codes at a time.") % {"n": MOST}})
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(count)]
    Invitation.objects.bulk_create(
        Invitation(survey=survey, code_hash=_hash(code), batch=batch.strip()[:100])
        for code in codes
    )
    audit(actor, survey, CHANGE, _("%(n)s one-time codes issued.") % {"n": count})
    return [shown(code) for code in codes]


def spend(*, survey: Survey, code: str) -> Invitation:
    """Inside the answer's transaction: the code's row locked and marked used, or an error
    that names the field (a code unknown, of another survey, or used)."""
    found = (
        Invitation.objects.select_for_update().filter(survey=survey, code_hash=_hash(code)).first()
    )
    if found is None or found.used_at is not None:
        raise ValidationError({"code": _("This code is not valid or has been used.")})
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return found


def is_valid(*, survey: Survey, code: str) -> bool:
    return Invitation.objects.filter(
        survey=survey, code_hash=_hash(code), used_at__isnull=True
    ).exists()
