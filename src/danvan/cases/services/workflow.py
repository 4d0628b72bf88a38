"""A matter's life: classify, accept, assign, answer, close, reopen, rate.

Each step checks the state it starts from, writes one audited change and one timeline event.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User

from ..models import (
    Case,
    CaseEvent,
    CaseField,
    CaseKind,
    CaseState,
    EventKind,
    NotProcessableReason,
    Processability,
    Visibility,
)
from ..models.cases import OPEN_STATES, Complexity
from .deadlines import refresh_deadlines


def _require(user: User, perm: str, case: Case) -> None:
    if not user.has_perm(perm, case):
        raise PermissionDenied(_("You may not do this for this matter."))


def _require_state(case: Case, allowed: set[str]) -> None:
    if case.state not in allowed:
        raise ValidationError(
            _("This cannot be done while the matter is “%(state)s”.")
            % {"state": CaseState(case.state).label}
        )


def _save(
    case: Case, actor: User, event: EventKind, text: str = "", visibility: str = Visibility.INTERNAL
) -> Case:
    case._history_user = actor  # type: ignore[attr-defined]
    case.save()
    CaseEvent.objects.create(case=case, kind=event, text=text, actor=actor, visibility=visibility)
    return case


@transaction.atomic
def classify(
    *,
    actor: User,
    case: Case,
    kind: str,
    field: CaseField | None,
    complexity: str = Complexity.NORMAL,
    remote_area: bool = False,
) -> Case:
    """Classify by content, not by title (TT 05/2021/TT-TTCP); officers may correct it."""
    _require(actor, "cases.change_case", case)
    _require_state(
        case,
        {
            CaseState.RECEIVED,
            CaseState.CLASSIFIED,
            CaseState.ACCEPTED,
            CaseState.IN_PROGRESS,
            CaseState.REOPENED,
        },
    )
    if kind == CaseKind.UNCLASSIFIED:
        raise ValidationError({"kind": _("Choose what kind of matter this is.")})
    case.kind, case.field = kind, field
    case.complexity, case.remote_area = complexity, remote_area
    if case.state == CaseState.RECEIVED:
        case.state = CaseState.CLASSIFIED
    _save(case, actor, EventKind.CLASSIFIED, str(CaseKind(kind).label))
    refresh_deadlines(case)
    return case


@transaction.atomic
def mark_not_processable(*, actor: User, case: Case, reason: str, answer: str) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(case, {CaseState.RECEIVED, CaseState.CLASSIFIED})
    if reason not in NotProcessableReason.values:
        raise ValidationError({"reason": _("Choose why the matter cannot be processed.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Tell the citizen why, in a few words.")})
    case.processability = Processability.NOT_PROCESSABLE
    case.not_processable_reason = reason
    case.state = CaseState.NOT_PROCESSABLE
    case.public_answer, case.answered_at = answer.strip(), timezone.now()
    return _save(case, actor, EventKind.NOT_PROCESSABLE, answer.strip(), Visibility.PUBLIC)


@transaction.atomic
def accept(*, actor: User, case: Case) -> Case:
    """Formal acceptance (thụ lý): the resolution period starts."""
    _require(actor, "cases.change_case", case)
    _require_state(case, {CaseState.CLASSIFIED})
    case.processability = Processability.PROCESSABLE
    case.state = CaseState.ACCEPTED
    case.accepted_at = timezone.now()
    _save(
        case,
        actor,
        EventKind.ACCEPTED,
        _("The matter has been accepted for resolution."),
        Visibility.PUBLIC,
    )
    case.deadlines.filter(step__in=["acceptance", "initial_processing"]).update(
        met_at=case.accepted_at
    )
    refresh_deadlines(case)
    return case


@transaction.atomic
def assign(*, actor: User, case: Case, officer: User) -> Case:
    # Officers may take a matter of their body themselves; giving it to someone else is the
    # leader's call.
    _require(actor, "cases.change_case" if officer == actor else "cases.assign_case", case)
    if not officer.has_perm("cases.view_case", case):
        raise ValidationError({"officer": _("This officer cannot see this matter.")})
    case.assigned_to = officer
    if case.state == CaseState.ACCEPTED:
        case.state = CaseState.IN_PROGRESS
    return _save(case, actor, EventKind.ASSIGNED, str(officer))


@transaction.atomic
def add_note(*, actor: User, case: Case, text: str) -> CaseEvent:
    _require(actor, "cases.view_case", case)
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return CaseEvent.objects.create(
        case=case,
        kind=EventKind.NOTE,
        text=text.strip(),
        actor=actor,
        visibility=Visibility.INTERNAL,
    )


@transaction.atomic
def answer(*, actor: User, case: Case, text: str) -> Case:
    """The public answer: the matter is resolved and the citizen may rate it."""
    _require(actor, "cases.change_case", case)
    _require_state(
        case, {CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.EXTENDED, CaseState.REOPENED}
    )
    if len(text.strip()) < 10:
        raise ValidationError(
            {"text": _("Write the answer to the citizen (at least 10 characters).")}
        )
    case.public_answer, case.answered_at = text.strip(), timezone.now()
    case.state = CaseState.RESOLVED
    case.deadlines.filter(met_at__isnull=True).update(met_at=case.answered_at)
    case.next_due_date = None
    return _save(case, actor, EventKind.ANSWERED, case.public_answer, Visibility.PUBLIC)


@transaction.atomic
def close(*, actor: User, case: Case) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(
        case, {CaseState.RESOLVED, CaseState.NOT_PROCESSABLE, CaseState.FORWARDED, CaseState.GUIDED}
    )
    case.state, case.closed_at = CaseState.CLOSED, timezone.now()
    return _save(case, actor, EventKind.CLOSED, visibility=Visibility.PUBLIC)


REOPENABLE_STATES = frozenset({CaseState.RESOLVED, CaseState.CLOSED})


def may_reopen(case: Case) -> bool:
    return case.state in REOPENABLE_STATES


@transaction.atomic
def reopen(*, actor: User, case: Case, reason: str) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(case, set(REOPENABLE_STATES))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the matter is reopened.")})
    case.state, case.closed_at = CaseState.REOPENED, None
    return _save(case, actor, EventKind.REOPENED, reason.strip(), Visibility.PUBLIC)


EXTENDABLE_STATES = frozenset({CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.REOPENED})
EXTENDABLE_KINDS = frozenset({CaseKind.COMPLAINT, CaseKind.DENUNCIATION})


def may_extend(case: Case) -> bool:
    return case.state in EXTENDABLE_STATES and case.kind in EXTENDABLE_KINDS


@transaction.atomic
def extend(*, actor: User, case: Case, reason: str) -> Case:
    """Extend the resolution period (gia hạn): the matter is complex, or far away.

    The longer limit is not typed in: the matter becomes complex (at least), and its due
    dates are recomputed from the legal rules (Luật Khiếu nại 2011 Arts. 28, 37 — 45/60/70
    days; Luật Tố cáo 2018 Art. 30 — 30 more days). The citizen sees why.
    """
    _require(actor, "cases.change_case", case)
    _require_state(case, set(EXTENDABLE_STATES))
    if case.kind not in EXTENDABLE_KINDS:
        raise ValidationError(
            _("Only complaints and denunciations have a resolution period to extend.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the resolution period is extended.")})
    if case.complexity == Complexity.NORMAL:
        case.complexity = Complexity.COMPLEX
    case.state = CaseState.EXTENDED
    _save(case, actor, EventKind.EXTENDED, reason.strip(), Visibility.PUBLIC)
    refresh_deadlines(case)
    return case


@transaction.atomic
def rate(*, case: Case, rating: int, comment: str = "") -> Case:
    """The citizen's satisfaction with the answer, once, after resolution."""
    if case.state not in (CaseState.RESOLVED, CaseState.CLOSED):
        raise ValidationError(_("A matter can be rated once it has been answered."))
    if case.rating is not None:
        raise ValidationError(_("This matter has already been rated."))
    if rating not in range(1, 6):
        raise ValidationError(
            {"rating": _("Choose from 1 (very unsatisfied) to 5 (very satisfied).")}
        )
    case.rating, case.rating_comment, case.rated_at = rating, comment.strip(), timezone.now()
    case.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    CaseEvent.objects.create(
        case=case, kind=EventKind.RATED, text=str(rating), visibility=Visibility.INTERNAL
    )
    return case


def is_open(case: Case) -> bool:
    return case.state in OPEN_STATES
