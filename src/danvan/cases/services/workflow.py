"""A matter's life: classify, accept, assign, answer, close, reopen, rate.

Each step checks the state it starts from, writes one audited change and one timeline event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.deadlines.models import Step
from danvan.deadlines.selectors import is_remote
from danvan.lib.dates import format_vn_date, today

from .. import queue
from ..models import (
    Case,
    CaseDecision,
    CaseEvent,
    CaseField,
    CaseKind,
    CaseState,
    ComplaintRound,
    DecisionKind,
    EventKind,
    NotProcessableReason,
    Processability,
    Visibility,
)
from ..models.cases import OPEN_STATES, Complexity
from . import deadlines
from .deadlines import local_day, refresh_deadlines

# Which states allow each step: the services refuse any other, and the officer's page offers
# a step only in these (`actions_for`).
CLASSIFIABLE_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.CLASSIFIED,
        CaseState.ACCEPTED,
        CaseState.IN_PROGRESS,
        CaseState.REOPENED,
    }
)
ACCEPTABLE_STATES = frozenset({CaseState.CLASSIFIED})
# Not yet accepted: it may still be found not processable, forwarded, sent down or guided.
UNACCEPTED_STATES = frozenset({CaseState.RECEIVED, CaseState.CLASSIFIED})
ANSWERABLE_STATES = frozenset(
    {CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.EXTENDED, CaseState.REOPENED}
)
CLOSABLE_STATES = frozenset(
    {CaseState.RESOLVED, CaseState.NOT_PROCESSABLE, CaseState.FORWARDED, CaseState.GUIDED}
)
RESUMABLE_STATES = frozenset({CaseState.SUSPENDED})


def _require(user: User, perm: str, case: Case) -> None:
    if not user.has_perm(perm, case):
        raise PermissionDenied(_("You may not do this for this matter."))


def _require_state(case: Case, allowed: Collection[str]) -> None:
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
    remote_area: bool | None = None,
    complaint_round: str = ComplaintRound.FIRST,
    several_places: bool = False,
    outside_competence: bool = False,
) -> Case:
    """Classify by content, not by title (TT 05/2021/TT-TTCP); officers may correct it.

    What the deadlines depend on is said here: a first or a second complaint, checks in
    several places, outside the body's competence, a remote area (by default, whether the
    place is on the list of remote communes). The complexity of a denunciation is recorded
    but gives no longer limit by itself: that takes an extension decision (`extend`)."""
    _require(actor, "cases.change_case", case)
    _require_state(case, CLASSIFIABLE_STATES)
    if kind == CaseKind.UNCLASSIFIED:
        raise ValidationError({"kind": _("Choose what kind of matter this is.")})
    if complaint_round not in ComplaintRound.values:
        raise ValidationError({"complaint_round": _("Choose the first or the second complaint.")})
    if outside_competence and case.accepted_at:
        raise ValidationError(
            {
                "outside_competence": _(
                    "An accepted matter is resolved here; it can no longer be forwarded as "
                    "outside this body's competence."
                )
            }
        )
    if remote_area is None:
        remote_area = is_remote(unit_id=case.unit_id, on=local_day(case.received_at))
    case.kind, case.field = kind, field
    case.complexity, case.remote_area = complexity, remote_area
    case.complaint_round = complaint_round if kind == CaseKind.COMPLAINT else ComplaintRound.FIRST
    case.several_places = several_places and kind == CaseKind.DENUNCIATION
    case.outside_competence = outside_competence and kind in (
        CaseKind.DENUNCIATION,
        CaseKind.FEEDBACK,
        CaseKind.PROPOSAL,
    )
    if case.state == CaseState.RECEIVED:
        case.state = CaseState.CLASSIFIED
    _save(case, actor, EventKind.CLASSIFIED, str(CaseKind(kind).label))
    refresh_deadlines(case)
    return case


@transaction.atomic
def mark_not_processable(*, actor: User, case: Case, reason: str, answer: str) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(case, UNACCEPTED_STATES)
    if reason not in NotProcessableReason.values:
        raise ValidationError({"reason": _("Choose why the matter cannot be processed.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Tell the citizen why, in a few words.")})
    case.processability = Processability.NOT_PROCESSABLE
    case.not_processable_reason = reason
    case.state = CaseState.NOT_PROCESSABLE
    case.public_answer, case.answered_at = answer.strip(), timezone.now()
    # Deciding not to process it is the handling, and telling the visitor so is the reply
    # (Luật Tiếp công dân 2013 Art. 28); nothing else is due any more.
    deadlines.meet(case, [Step.HANDLING, Step.REPLY], at=case.answered_at)
    deadlines.close_open(case, at=case.answered_at)
    return _save(case, actor, EventKind.NOT_PROCESSABLE, answer.strip(), Visibility.PUBLIC)


@transaction.atomic
def accept(*, actor: User, case: Case) -> Case:
    """Formal acceptance (thụ lý): the resolution period starts."""
    _require(actor, "cases.change_case", case)
    _require_state(case, ACCEPTABLE_STATES)
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
    # Accepting it is the handling, and the public notice of acceptance is the reply owed
    # after a visit (Luật Tiếp công dân 2013 Art. 28: "thụ lý hoặc không thụ lý").
    deadlines.meet(
        case,
        [Step.HANDLING, Step.ACCEPTANCE, Step.INITIAL_PROCESSING, Step.REPLY],
        at=case.accepted_at,
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
    _require_state(case, ANSWERABLE_STATES)
    if len(text.strip()) < 10:
        raise ValidationError(
            {"text": _("Write the answer to the citizen (at least 10 characters).")}
        )
    case.public_answer, case.answered_at = text.strip(), timezone.now()
    case.state = CaseState.RESOLVED
    deadlines.meet(case, at=case.answered_at)
    deadlines.close_open(case, at=case.answered_at)
    return _save(case, actor, EventKind.ANSWERED, case.public_answer, Visibility.PUBLIC)


@transaction.atomic
def close(*, actor: User, case: Case) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(case, CLOSABLE_STATES)
    case.state, case.closed_at = CaseState.CLOSED, timezone.now()
    # The sender, if they agreed, is sent a survey code (surveys.services.after_matters).
    transaction.on_commit(lambda: queue.enqueue(queue.INVITE_AFTER_CLOSE, case.pk))
    return _save(case, actor, EventKind.CLOSED, visibility=Visibility.PUBLIC)


REOPENABLE_STATES = frozenset({CaseState.RESOLVED, CaseState.CLOSED})


def may_reopen(case: Case) -> bool:
    return case.state in REOPENABLE_STATES


@transaction.atomic
def reopen(*, actor: User, case: Case, reason: str) -> Case:
    _require(actor, "cases.change_case", case)
    _require_state(case, REOPENABLE_STATES)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the matter is reopened.")})
    case.state, case.closed_at = CaseState.REOPENED, None
    return _save(case, actor, EventKind.REOPENED, reason.strip(), Visibility.PUBLIC)


# A reopened matter has no legal period left to extend or suspend: its resolution was met
# (a new complaint about the answer is a new matter, a second complaint).
EXTENDABLE_STATES = frozenset({CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.EXTENDED})
EXTENDABLE_KINDS = frozenset({CaseKind.COMPLAINT, CaseKind.DENUNCIATION})
# Luật Tố cáo 2018 Art. 30: once for a complex denunciation, twice for an especially complex
# one. A complaint's longer limit (Luật Khiếu nại 2011 Arts. 28, 37) is its complex limit.
MAX_EXTENSIONS = {CaseKind.COMPLAINT: 1, CaseKind.DENUNCIATION: 2}


def extensions_of(case: Case) -> int:
    return case.decisions.filter(kind=DecisionKind.EXTENSION).count()


def may_extend(case: Case) -> bool:
    return (
        case.state in EXTENDABLE_STATES
        and case.kind in EXTENDABLE_KINDS
        and extensions_of(case) < MAX_EXTENSIONS[CaseKind(case.kind)]
    )


def _require_document(document_number: str, document_date: dt.date | None) -> None:
    errors = {}
    if not document_number.strip():
        errors["document_number"] = _("Give the number of the decision.")
    if document_date is None:
        errors["document_date"] = _("Give the date of the decision.")
    elif document_date > today():
        errors["document_date"] = _("The decision cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)


def _decide(
    case: Case,
    actor: User,
    kind: DecisionKind,
    *,
    effective_on: dt.date,
    document_number: str,
    document_date: dt.date | None,
    reason: str,
    whole: bool = True,
    withdrawn_part: str = "",
) -> CaseDecision:
    return CaseDecision.objects.create(
        case=case,
        kind=kind,
        effective_on=effective_on,
        document_number=document_number.strip(),
        document_date=document_date,
        reason=reason.strip(),
        whole=whole,
        withdrawn_part=withdrawn_part.strip(),
        actor=actor,
    )


def _decided(
    case: Case,
    actor: User,
    kind: DecisionKind,
    event: EventKind,
    text: str,
    **decision: Any,
) -> Case:
    """A decision on the period: recorded, told to the citizen, the due dates recomputed."""
    _decide(case, actor, kind, **decision)
    _save(case, actor, event, text, Visibility.PUBLIC)
    refresh_deadlines(case)
    return case


@transaction.atomic
def extend(
    *,
    actor: User,
    case: Case,
    reason: str,
    document_number: str,
    document_date: dt.date | None,
) -> Case:
    """Extend the resolution period (gia hạn) by a recorded decision.

    The longer limit is not typed in: it comes from the legal rules. A denunciation's first
    extension makes it complex (60 days), its second especially complex (90 days: Luật Tố
    cáo 2018 Art. 30); a complaint's extension gives the complex limit (Luật Khiếu nại 2011
    Arts. 28, 37 — 45/60/70 days). The citizen sees why.
    """
    _require(actor, "cases.change_case", case)
    _require_state(case, EXTENDABLE_STATES)
    if case.kind not in EXTENDABLE_KINDS:
        raise ValidationError(
            _("Only complaints and denunciations have a resolution period to extend.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the resolution period is extended.")})
    _require_document(document_number, document_date)
    done = extensions_of(case)
    if done >= MAX_EXTENSIONS[CaseKind(case.kind)]:
        raise ValidationError(
            _(
                "A denunciation's resolution period may be extended twice at most "
                "(Luật Tố cáo 2018, Điều 30)."
            )
            if case.kind == CaseKind.DENUNCIATION
            else _(
                "A complaint's resolution period may be extended once, to the limit for "
                "complex matters."
            )
        )
    if case.kind == CaseKind.COMPLAINT and case.complexity != Complexity.NORMAL:
        raise ValidationError(
            _(
                "This complaint already has the limit for complex matters; it cannot be "
                "extended further."
            )
        )
    case.complexity = (
        Complexity.ESPECIALLY_COMPLEX if done == 1 else max_complexity(case.complexity)
    )
    case.state = CaseState.EXTENDED
    text = _("%(reason)s (decision %(number)s of %(date)s)") % {
        "reason": reason.strip(),
        "number": document_number.strip(),
        "date": format_vn_date(document_date),
    }
    return _decided(
        case,
        actor,
        DecisionKind.EXTENSION,
        EventKind.EXTENDED,
        text,
        effective_on=today(),
        document_number=document_number,
        document_date=document_date,
        reason=reason,
    )


def max_complexity(current: str) -> str:
    return Complexity.COMPLEX if current == Complexity.NORMAL else current


SUSPENDABLE_STATES = EXTENDABLE_STATES


def may_suspend(case: Case) -> bool:
    return case.kind == CaseKind.COMPLAINT and case.state in SUSPENDABLE_STATES


def may_withdraw(case: Case) -> bool:
    return case.kind == CaseKind.COMPLAINT and case.state in OPEN_STATES


def _effective_day(
    effective_on: dt.date | None,
    since: dt.date | None = None,
    *,
    issued: dt.date | None = None,
) -> dt.date:
    """The day a decision takes effect: by default the day it was issued (NĐ 124/2020 Art.
    28b: the period runs again "từ ngày ban hành quyết định tiếp tục giải quyết"), else today;
    never before its issue, nor before `since`, nor in the future."""
    day = effective_on or issued or today()
    if issued is not None and day < issued:
        raise ValidationError(
            {
                "effective_on": _("The day cannot be before the decision's date, %(day)s.")
                % {"day": format_vn_date(issued)}
            }
        )
    if day > today():
        raise ValidationError({"effective_on": _("The day cannot be in the future.")})
    if since is not None and day < since:
        raise ValidationError(
            {
                "effective_on": _("The day cannot be before %(day)s.")
                % {"day": format_vn_date(since)}
            }
        )
    return day


@transaction.atomic
def suspend(
    *,
    actor: User,
    case: Case,
    reason: str,
    document_number: str,
    document_date: dt.date | None,
    effective_on: dt.date | None = None,
) -> Case:
    """Suspend the resolution of a complaint (tạm đình chỉ, Luật 136/2025/QH15): the days it
    stays suspended do not count towards the resolution period."""
    _require(actor, "cases.change_case", case)
    if case.kind != CaseKind.COMPLAINT:
        raise ValidationError(_("Only the resolution of a complaint can be suspended."))
    _require_state(case, SUSPENDABLE_STATES)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the resolution is suspended.")})
    _require_document(document_number, document_date)
    # On or after acceptance, and after the last resumption: suspensions do not overlap.
    resumed = case.decisions.filter(kind=DecisionKind.RESUMPTION).last()
    accepted = local_day(case.accepted_at) if case.accepted_at else None
    floors = [d for d in (accepted, resumed.effective_on if resumed else None) if d]
    day = _effective_day(effective_on, max(floors, default=None), issued=document_date)
    case.state = CaseState.SUSPENDED
    text = _("Suspended from %(day)s: %(reason)s (decision %(number)s)") % {
        "day": format_vn_date(day),
        "reason": reason.strip(),
        "number": document_number.strip(),
    }
    return _decided(
        case,
        actor,
        DecisionKind.SUSPENSION,
        EventKind.SUSPENDED,
        text,
        effective_on=day,
        document_number=document_number,
        document_date=document_date,
        reason=reason,
    )


@transaction.atomic
def resume(
    *,
    actor: User,
    case: Case,
    reason: str,
    document_number: str,
    document_date: dt.date | None,
    effective_on: dt.date | None = None,
) -> Case:
    """Resume a suspended resolution: the period runs again, longer by the days suspended."""
    _require(actor, "cases.change_case", case)
    _require_state(case, RESUMABLE_STATES)
    _require_document(document_number, document_date)
    suspension = case.decisions.filter(kind=DecisionKind.SUSPENSION).last()
    day = _effective_day(
        effective_on, suspension.effective_on if suspension else None, issued=document_date
    )
    case.state = (
        CaseState.EXTENDED
        if case.decisions.filter(kind=DecisionKind.EXTENSION).exists()
        else CaseState.IN_PROGRESS
        if case.assigned_to_id
        else CaseState.ACCEPTED
    )
    text = _("Resolution resumed from %(day)s (decision %(number)s)") % {
        "day": format_vn_date(day),
        "number": document_number.strip(),
    }
    if reason.strip():
        text = f"{text}: {reason.strip()}"
    return _decided(
        case,
        actor,
        DecisionKind.RESUMPTION,
        EventKind.RESUMED,
        text,
        effective_on=day,
        document_number=document_number,
        document_date=document_date,
        reason=reason,
    )


@transaction.atomic
def withdraw(
    *,
    actor: User,
    case: Case,
    whole: bool,
    withdrawn_part: str = "",
    document_number: str = "",
    document_date: dt.date | None = None,
    effective_on: dt.date | None = None,
) -> Case:
    """The complainant withdraws the complaint (rút khiếu nại), in whole or in part.

    In whole, the matter ends and its open deadlines close. In part, what is withdrawn is
    recorded, shown to the officer and the citizen, and not resolved again; the rest goes on.
    """
    _require(actor, "cases.change_case", case)
    if case.kind != CaseKind.COMPLAINT:
        raise ValidationError(_("Only a complaint can be withdrawn here."))
    _require_state(case, OPEN_STATES)
    if not whole and len(withdrawn_part.strip()) < 5:
        raise ValidationError(
            {"withdrawn_part": _("Say which part of the complaint is withdrawn.")}
        )
    day = _effective_day(effective_on)
    _decide(
        case,
        actor,
        DecisionKind.WITHDRAWAL,
        effective_on=day,
        document_number=document_number,
        document_date=document_date,
        reason="",
        whole=whole,
        withdrawn_part="" if whole else withdrawn_part,
    )
    if whole:
        now = timezone.now()
        case.state, case.closed_at = CaseState.WITHDRAWN, now
        deadlines.close_open(case, at=now)
        text = _("The complainant withdrew the complaint on %(day)s.") % {
            "day": format_vn_date(day)
        }
    else:
        text = _("The complainant withdrew part of the complaint on %(day)s: %(part)s") % {
            "day": format_vn_date(day),
            "part": withdrawn_part.strip(),
        }
    _save(case, actor, EventKind.WITHDRAWN, text, Visibility.PUBLIC)
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


def actions_for(case: Case) -> frozenset[str]:
    """The steps the workflow allows on the matter now, by the names of the officer page's
    actions (permissions are checked apart)."""
    state = case.state
    allowed = {
        "classify": state in CLASSIFIABLE_STATES,
        "accept": state in ACCEPTABLE_STATES,
        "not_processable": state in UNACCEPTED_STATES,
        "transfer": state in UNACCEPTED_STATES,
        "answer": state in ANSWERABLE_STATES,
        "close": state in CLOSABLE_STATES,
        "resume": state in RESUMABLE_STATES,
        "extend": may_extend(case),
        "suspend": may_suspend(case),
        "withdraw": may_withdraw(case),
        "reopen": may_reopen(case),
    }
    return frozenset(name for name, ok in allowed.items() if ok)


def is_open(case: Case) -> bool:
    return case.state in OPEN_STATES
