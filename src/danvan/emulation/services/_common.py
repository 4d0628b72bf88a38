"""What every emulation service shares: the permission check and reading Vietnamese numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from danvan.accounts.models import User


def require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def save_audited(obj: Model, actor: User | None) -> None:
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.save()


def _decimal(text: str, raw: object) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


def parse_score(raw: object) -> Decimal | None:
    """A score as typed ("8,5" or "8.5") or sent by a program; None when empty; ValueError
    when it is not a number."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float):
        return _decimal(str(raw), raw)
    text = str(raw).strip().replace(",", ".")
    return _decimal(text, raw) if text else None


def parse_amount(raw: object) -> Decimal | None:
    """An amount of money as a Vietnamese officer writes it: "1.490.000" or "1 490 000"
    (dots and spaces group thousands, a comma starts decimals)."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float):
        return _decimal(str(raw), raw)
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "").replace(".", "")
    return _decimal(text.replace(",", "."), raw) if text else None


def plain(value: Decimal) -> str:
    """A score as people write it: 40 (not 40.00 nor 4E+1), 35.5."""
    return f"{value.normalize():f}"


def typed(value: Decimal) -> str:
    """A score as a Vietnamese officer types it back into a form: 35,5."""
    return plain(value).replace(".", ",")
