"""Forwarding a matter to the competent body, guiding the citizen to it, or sending a lower
level's matter back down (TT 05/2021/TT-TTCP; Luật Tố cáo 2018 Art. 24.2).

Inside the platform, the matter moves: the receiving body gets it as newly received, with
the same tracking code, so the citizen keeps following one matter. A denunciation is
forwarded only once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.deadlines.models import Step
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from ..models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseState,
    CaseTransfer,
    EventKind,
    TransferKind,
)
from ..models.events import Visibility
from . import deadlines
from .deadlines import refresh_deadlines
from .workflow import UNACCEPTED_STATES, _require, _require_state

_MOVABLE = UNACCEPTED_STATES
_LEVEL_RANK = {
    OrganizationLevel.CENTRAL: 0,
    OrganizationLevel.PROVINCE: 1,
    OrganizationLevel.DISTRICT: 2,
    OrganizationLevel.COMMUNE: 3,
}


def _record(
    case: Case,
    actor: User,
    kind: str,
    to: Organization | None,
    to_name: str,
    document_number: str,
    document_date: dt.date | None,
    note: str,
) -> CaseTransfer:
    return CaseTransfer.objects.create(
        case=case,
        kind=kind,
        from_organization=case.organization,
        to_organization=to,
        to_name=to_name.strip(),
        document_number=document_number.strip(),
        document_date=document_date,
        note=note.strip(),
        actor=actor,
    )


def _move(case: Case, actor: User, to: Organization, text: str) -> None:
    """The sending body's step ends here and the receiving body's clock starts today.

    The sender's handling (and, where the law sets one, forwarding) deadline is met by
    sending the matter on; a forwarding deadline is recorded even when none was planned, so
    that every body's forwarding is measured against its limit. Its other open deadlines no
    longer apply to it and close. The receiver's deadlines count from the day it receives
    the matter (a new leg)."""
    now = timezone.now()
    forwarding = deadlines.forwarding_deadline(case)
    if forwarding is not None:
        forwarding.met_at = now
        forwarding.save()
    # Forwarding decides the handling, and the citizen is told where the matter went (a
    # public event): that is the reply owed after a visit (Luật Tiếp công dân 2013 Art. 28).
    deadlines.meet(case, [Step.HANDLING, Step.FORWARDING, Step.REPLY], at=now)
    deadlines.close_open(case, at=now)
    case.organization = to
    case.province_id = to.province_id
    case.assigned_to = None
    case.state = CaseState.RECEIVED
    case.handled_since = now
    case.leg += 1
    case.accepted_at = None
    case.outside_competence = False
    case._history_user = actor  # type: ignore[attr-defined]
    case.save()
    CaseEvent.objects.create(
        case=case, kind=EventKind.ROUTED, text=text, actor=actor, visibility=Visibility.PUBLIC
    )
    refresh_deadlines(case)


@transaction.atomic
def forward(
    *,
    actor: User,
    case: Case,
    to: Organization,
    document_number: str = "",
    document_date: dt.date | None = None,
    note: str = "",
) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(case, _MOVABLE)
    if to.pk == case.organization_id:
        raise ValidationError({"to": _("The matter is already with this body.")})
    if not to.is_valid_on(timezone.localdate()):
        raise ValidationError({"to": _("This body is no longer in force.")})
    if (
        case.kind == CaseKind.DENUNCIATION
        and CaseTransfer.objects.filter(case=case, kind=TransferKind.FORWARD).exists()
    ):
        raise ValidationError(_("A denunciation is forwarded only once (Luật Tố cáo 2018)."))
    _record(case, actor, TransferKind.FORWARD, to, "", document_number, document_date, note)
    _move(case, actor, to, _("Forwarded to %(body)s.") % {"body": to.name})
    return case


@transaction.atomic
def return_down(
    *,
    actor: User,
    case: Case,
    to: Organization,
    note: str = "",
    document_number: str = "",
    document_date: dt.date | None = None,
) -> Case:
    """A matter that belongs to a lower level goes back down to it."""
    _require(actor, "cases.change_case", case)
    _require_state(case, _MOVABLE)
    here = case.organization
    if (
        here is None
        or _LEVEL_RANK[OrganizationLevel(to.level)] <= _LEVEL_RANK[OrganizationLevel(here.level)]
    ):
        raise ValidationError({"to": _("Choose a body at a lower level than this one.")})
    _record(case, actor, TransferKind.RETURN_DOWN, to, "", document_number, document_date, note)
    _move(case, actor, to, _("Sent to %(body)s, the competent lower level.") % {"body": to.name})
    return case


@transaction.atomic
def guide(*, actor: User, case: Case, to_name: str, answer: str) -> Case:
    """The matter belongs to a body outside the platform: tell the citizen where to go."""
    _require(actor, "cases.change_case", case)
    _require_state(case, _MOVABLE)
    if not to_name.strip() or len(answer.strip()) < 10:
        raise ValidationError(
            _("Name the competent body and explain to the citizen how to reach it.")
        )
    _record(case, actor, TransferKind.GUIDE, None, to_name, "", None, answer)
    case.state = CaseState.GUIDED
    case.public_answer, case.answered_at = answer.strip(), timezone.now()
    # Guiding the citizen is the handling (and the reply after a visit); the steps of a body
    # that does not resolve the matter no longer apply.
    deadlines.meet(case, [Step.HANDLING, Step.FORWARDING, Step.REPLY], at=case.answered_at)
    deadlines.close_open(case, at=case.answered_at)
    case._history_user = actor  # type: ignore[attr-defined]
    case.save()
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.ANSWERED,
        text=case.public_answer,
        actor=actor,
        visibility=Visibility.PUBLIC,
    )
    return case


@transaction.atomic
def forward_many(
    *,
    actor: User,
    cases: Sequence[Case],
    to: Organization,
    document_number: str = "",
    document_date: dt.date | None = None,
    note: str = "",
) -> list[Case]:
    """Forward several matters to one body: all of them, or none. The error names the
    matter that stopped the batch."""
    for case in cases:
        try:
            forward(
                actor=actor,
                case=case,
                to=to,
                document_number=document_number,
                document_date=document_date,
                note=note,
            )
        except ValidationError as error:
            raise ValidationError(
                _("Nothing was forwarded: matter %(code)s cannot be forwarded: %(reason)s")
                % {"code": case.tracking_code, "reason": " ".join(error.messages)}
            ) from error
        except PermissionDenied as error:
            raise PermissionDenied(
                _("Nothing was forwarded: you may not forward matter %(code)s.")
                % {"code": case.tracking_code}
            ) from error
    return list(cases)
