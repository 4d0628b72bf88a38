"""What every contest write shares: permission and status checks, audited saves."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import Scope, User
from danvan.org.models import Organization

from ..models import Contest, ContestStatus, Round, RoundKind


def require(user: User, perm: str, obj: Model | None = None, message: str = "") -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You may not do this in this contest."))


def require_status(contest: Contest, allowed: Iterable[str]) -> None:
    if contest.status not in set(allowed):
        raise ValidationError(
            _("This cannot be done while the contest is at “%(status)s”.")
            % {"status": ContestStatus(contest.status).label}
        )


def save(obj: Model, actor: User | None, **kwargs: object) -> None:
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.save(**kwargs)  # type: ignore[arg-type]


def scope_grant(contest: Contest) -> scopes.Grant:
    """The contest's territory, as a subtree grant on the organizing body (the whole
    country for a central organizer)."""
    organizer = contest.organizer
    unit = organizer.current_unit
    return scopes.Grant(
        role="",
        scope=Scope.SUBTREE,
        organization_id=organizer.pk,
        unit_id=organizer.current_unit_id,
        unit_level=unit.level if unit else None,
        province_id=organizer.province_id,
    )


def in_scope(contest: Contest, body: Organization) -> bool:
    """Whether `body` lies in the contest's territory."""
    return scope_grant(contest).covers(body)


SCORING_STATUS = {
    RoundKind.PRELIMINARY: ContestStatus.PRELIMINARY,
    RoundKind.FINAL: ContestStatus.FINAL,
}


def require_scoring(round_: Round) -> None:
    """The round is open, and the contest is at that round's stage."""
    if not round_.is_open:
        raise ValidationError(_("This round is closed."))
    if round_.contest.status != SCORING_STATUS[RoundKind(round_.kind)]:
        raise ValidationError(_("Scoring is not open for this round yet."))
