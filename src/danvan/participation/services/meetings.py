"""Meetings with the people, from the plan to the published results, and what each question
raised becomes: an answer on the spot, a commitment followed to done, or a citizen matter.

Who may is `access_meetings`'s (through the permissions); every change is audited. A
meeting's legal minimums (notice, publication) are not refused here: a late announcement is
still an announcement, and the pages show it as late against `MeetingRule`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.cases.models import Channel
from danvan.cases.services import intake
from danvan.cases.services.workflow import add_note
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date, today
from danvan.lib.uploads import DOCUMENTS, check_uploads
from danvan.org.models import AdminUnit, Organization

from ..models import (
    Commitment,
    CommitmentState,
    Meeting,
    MeetingKind,
    MeetingQuestion,
    MeetingState,
    QuestionOutcome,
)

QUESTION_MOST = 2000
CHANGEABLE = (MeetingState.PLANNED, MeetingState.ANNOUNCED)


@dataclass
class MeetingSpec:
    kind: str
    title: str
    starts_at: dt.datetime
    place: str
    ends_at: dt.datetime | None = None
    unit: AdminUnit | None = None
    agenda: str = ""
    chaired_by: str = ""
    online_link: str = ""
    questions_open: bool = True


def _checked(spec: MeetingSpec) -> dict[str, str]:
    errors: dict[str, str] = {}
    if spec.kind not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if not spec.title.strip():
        errors["title"] = _("Give the meeting a title.")
    if not spec.place.strip():
        errors["place"] = _("Say where the meeting is held.")
    if spec.ends_at is not None and spec.ends_at < spec.starts_at:
        errors["ends_at"] = _("The meeting cannot end before it starts.")
    return errors


def _apply(meeting: Meeting, spec: MeetingSpec) -> None:
    meeting.kind = spec.kind
    meeting.title = spec.title.strip()
    meeting.starts_at = spec.starts_at
    meeting.ends_at = spec.ends_at
    meeting.place = spec.place.strip()
    meeting.unit = spec.unit or meeting.host.current_unit or meeting.host.unit
    meeting.agenda = spec.agenda.strip()
    meeting.chaired_by = spec.chaired_by.strip()
    meeting.online_link = spec.online_link.strip()
    meeting.questions_open = spec.questions_open


@transaction.atomic
def create_meeting(*, host: Organization, spec: MeetingSpec, actor: User | None = None) -> Meeting:
    require(actor, "participation.add_meeting", host)
    if errors := _checked(spec):
        raise ValidationError(errors)
    meeting = Meeting(host=host, created_by=actor)
    _apply(meeting, spec)
    meeting.save()
    audit(actor, meeting, ADDITION, _("Meeting planned."))
    return meeting


@transaction.atomic
def change_meeting(*, meeting: Meeting, spec: MeetingSpec, actor: User | None = None) -> Meeting:
    require(actor, "participation.change_meeting", meeting)
    locked = Meeting.objects.select_for_update().select_related("host").get(pk=meeting.pk)
    if locked.state not in CHANGEABLE:
        raise ValidationError(_("A meeting already held or cancelled is not changed."))
    if errors := _checked(spec):
        raise ValidationError(errors)
    _apply(locked, spec)
    locked.save()
    audit(actor, locked, CHANGE, _("Meeting changed."))
    return locked


def _locked(meeting: Meeting, allowed: tuple[str, ...], message: str) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("host").get(pk=meeting.pk)
    if locked.state not in allowed:
        raise ValidationError(message)
    return locked


@transaction.atomic
def announce(*, meeting: Meeting, actor: User | None = None) -> Meeting:
    """Put the meeting on the public schedule and open it for questions."""
    require(actor, "participation.change_meeting", meeting)
    locked = _locked(meeting, (MeetingState.PLANNED,), _("Only a planned meeting is announced."))
    locked.state, locked.announced_at = MeetingState.ANNOUNCED, timezone.now()
    locked.save(update_fields=["state", "announced_at"])
    audit(actor, locked, CHANGE, _("Announced."))
    return locked


@transaction.atomic
def cancel(*, meeting: Meeting, reason: str, actor: User | None = None) -> Meeting:
    require(actor, "participation.change_meeting", meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    locked = _locked(meeting, CHANGEABLE, _("A meeting already held is not cancelled."))
    locked.state, locked.cancel_reason = MeetingState.CANCELLED, reason.strip()[:300]
    locked.save(update_fields=["state", "cancel_reason"])
    audit(actor, locked, CHANGE, _("Cancelled: %(reason)s") % {"reason": locked.cancel_reason})
    return locked


def may_ask(meeting: Meeting, at: dt.datetime | None = None) -> bool:
    """People send questions online to an announced meeting that has not started."""
    now = at or timezone.now()
    return (
        meeting.state == MeetingState.ANNOUNCED
        and meeting.questions_open
        and now < meeting.starts_at
    )


def _text(text: str) -> str:
    text = text.strip()
    if len(text) < 10:
        raise ValidationError({"text": _("Write the question (at least 10 characters).")})
    if len(text) > QUESTION_MOST:
        raise ValidationError(
            {"text": _("At most %(n)s characters.") % {"n": f"{QUESTION_MOST:,}".replace(",", ".")}}
        )
    return text


def ask(*, meeting: Meeting, text: str, asked_by: str = "", key: str) -> MeetingQuestion:
    """A question sent online before the meeting. Sent twice with the same key, kept once."""
    if not key or len(key) > 64:
        raise ValidationError({"key": _("The form has no key: open it again.")})
    if same := MeetingQuestion.objects.filter(meeting=meeting, key=key).first():
        return same
    if not may_ask(meeting):
        raise ValidationError(_("This meeting does not take questions now."))
    question = MeetingQuestion(
        meeting=meeting,
        text=_text(text),
        asked_by=asked_by.strip()[:120],
        online=True,
        key=key,
        raised_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:  # the same key at the same moment: the other one was kept
        return MeetingQuestion.objects.get(meeting=meeting, key=key)
    return question


@transaction.atomic
def record_question(
    *, meeting: Meeting, text: str, asked_by: str = "", actor: User | None = None
) -> MeetingQuestion:
    """A question raised on the spot, written down by an officer."""
    require(actor, "participation.change_meeting", meeting)
    if meeting.state in (MeetingState.PLANNED, MeetingState.CANCELLED):
        raise ValidationError(_("Questions are recorded for an announced or held meeting."))
    question = MeetingQuestion.objects.create(
        meeting=meeting,
        text=_text(text),
        asked_by=asked_by.strip()[:120],
        online=False,
        raised_at=timezone.now(),
        handled_by=actor,
    )
    audit(actor, meeting, CHANGE, _("Question recorded."))
    return question


def _pending(question: MeetingQuestion) -> MeetingQuestion:
    locked = (
        MeetingQuestion.objects.select_for_update()
        .select_related("meeting__host")
        .get(pk=question.pk)
    )
    if locked.outcome != QuestionOutcome.PENDING:
        raise ValidationError(_("This question has already been dealt with."))
    return locked


@transaction.atomic
def answer_question(
    *, question: MeetingQuestion, answer: str, actor: User | None = None
) -> MeetingQuestion:
    require(actor, "participation.change_meeting", question.meeting)
    locked = _pending(question)
    if len(answer.strip()) < 5:
        raise ValidationError({"answer": _("Write the answer given.")})
    locked.outcome, locked.answer, locked.handled_by = (
        QuestionOutcome.ANSWERED,
        answer.strip(),
        actor,
    )
    locked.save(update_fields=["outcome", "answer", "handled_by"])
    audit(actor, locked.meeting, CHANGE, _("Question answered."))
    return locked


@transaction.atomic
def not_admitted(
    *, question: MeetingQuestion, reason: str, actor: User | None = None
) -> MeetingQuestion:
    require(actor, "participation.change_meeting", question.meeting)
    locked = _pending(question)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the question is not taken up.")})
    locked.outcome, locked.not_admitted_reason, locked.handled_by = (
        QuestionOutcome.NOT_ADMITTED,
        reason.strip()[:300],
        actor,
    )
    locked.save(update_fields=["outcome", "not_admitted_reason", "handled_by"])
    audit(actor, locked.meeting, CHANGE, _("Question not taken up."))
    return locked


def _commitment_errors(text: str, due_on: dt.date | None, owner: Organization | None) -> None:
    errors: dict[str, str] = {}
    if len(text.strip()) < 5:
        errors["text"] = _("Write what is promised.")
    if owner is None:
        errors["owner"] = _("Choose the body responsible.")
    if due_on is None:
        errors["due_on"] = _("Give the due date (dd/mm/yyyy).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def commit(
    *,
    meeting: Meeting,
    owner: Organization,
    text: str,
    due_on: dt.date,
    question: MeetingQuestion | None = None,
    actor: User | None = None,
) -> Commitment:
    """A commitment made at the meeting, from one of its questions or on its own."""
    require(actor, "participation.change_meeting", meeting)
    _commitment_errors(text, due_on, owner)
    if meeting.state in (MeetingState.PLANNED, MeetingState.CANCELLED):
        raise ValidationError(_("Commitments are made at an announced or held meeting."))
    if question is not None:
        if question.meeting_id != meeting.pk:
            raise ValidationError(_("This question was raised at another meeting."))
        question = _pending(question)
        question.outcome, question.handled_by = QuestionOutcome.COMMITTED, actor
        question.save(update_fields=["outcome", "handled_by"])
    commitment = Commitment.objects.create(
        meeting=meeting,
        question=question,
        owner=owner,
        text=text.strip(),
        due_on=due_on,
        created_by=actor,
    )
    audit(
        actor,
        meeting,
        CHANGE,
        _("Commitment recorded: %(body)s, due %(day)s")
        % {"body": owner.name, "day": format_vn_date(due_on)},
    )
    return commitment


@transaction.atomic
def to_matter(
    *, question: MeetingQuestion, title: str, actor: User, phone: str = "", email: str = ""
) -> MeetingQuestion:
    """The question becomes a citizen matter of the host body, received at the meeting, in
    one step; each names the other. With the asker's phone or e-mail (given to the officer,
    kept only in the matter's encrypted identity store) the matter can be answered to them;
    without, it is an anonymous matter."""
    require(actor, "participation.change_meeting", question.meeting)
    locked = _pending(question)
    meeting = locked.meeting
    if len(title.strip()) < 5:
        raise ValidationError({"title": _("Give the matter a short title.")})
    received = min(timezone.now(), max(locked.raised_at, meeting.starts_at))
    result = intake.record(
        actor=actor,
        submission=intake.Submission(
            title=title.strip()[:255],
            content=locked.text,
            channel=Channel.MEETING,
            unit=meeting.unit,
            received_at=received,
            person=intake.PersonData(
                full_name=locked.asked_by,
                phone=phone.strip(),
                email=email.strip(),
                anonymous=not (phone.strip() or email.strip()),
            ),
        ),
        organization=meeting.host,
    )
    locked.outcome, locked.case, locked.handled_by = QuestionOutcome.MATTER, result.case, actor
    locked.save(update_fields=["outcome", "case", "handled_by"])
    add_note(
        actor=actor,
        case=result.case,
        text=_("Raised at “%(meeting)s” on %(day)s: %(url)s")
        % {
            "meeting": meeting.title,
            "day": format_vn_date(timezone.localdate(meeting.starts_at)),
            "url": reverse("participation:meeting", args=[meeting.pk]),
        },
    )
    audit(
        actor,
        meeting,
        CHANGE,
        _("Question turned into matter %(code)s.") % {"code": result.case.tracking_code},
    )
    return locked


@transaction.atomic
def hold(
    *,
    meeting: Meeting,
    attendance: int | None,
    minutes: str,
    actor: User | None = None,
) -> Meeting:
    """Record the meeting as held, with its minutes. At a briefing, the commitments of the
    host's earlier meetings still under way are carried to it."""
    require(actor, "participation.change_meeting", meeting)
    locked = _locked(
        meeting, (MeetingState.ANNOUNCED, MeetingState.PLANNED), _("This meeting is not pending.")
    )
    if locked.starts_at > timezone.now():
        raise ValidationError(_("A meeting is recorded as held once it has started."))
    if attendance is not None and attendance < 0:
        raise ValidationError({"attendance": _("A number of people, 0 or more.")})
    locked.state, locked.held_at = MeetingState.HELD, timezone.now()
    locked.attendance, locked.minutes = attendance, minutes.strip()
    locked.save(update_fields=["state", "held_at", "attendance", "minutes"])
    if locked.kind == MeetingKind.BRIEFING:
        Commitment.objects.filter(
            meeting__host=locked.host,
            meeting__starts_at__lt=locked.starts_at,
            state=CommitmentState.OPEN,
        ).update(carried_to=locked)
    audit(actor, locked, CHANGE, _("Recorded as held."))
    return locked


@transaction.atomic
def publish_results(*, meeting: Meeting, results: str, actor: User | None = None) -> Meeting:
    require(actor, "participation.change_meeting", meeting)
    locked = _locked(meeting, (MeetingState.HELD,), _("Results are published after the meeting."))
    if len(results.strip()) < 10:
        raise ValidationError({"results": _("Write the results to publish.")})
    locked.state, locked.published_at, locked.results = (
        MeetingState.PUBLISHED,
        timezone.now(),
        results.strip(),
    )
    locked.save(update_fields=["state", "published_at", "results"])
    audit(actor, locked, CHANGE, _("Results published."))
    return locked


@transaction.atomic
def complete(
    *,
    commitment: Commitment,
    done_on: dt.date,
    evidence: str,
    evidence_file: UploadedFile | None = None,
    actor: User | None = None,
) -> Commitment:
    """Done, with what was done: the public status page shows it."""
    require(actor, "participation.change_commitment", commitment)
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.state != CommitmentState.OPEN:
        raise ValidationError(_("This commitment is no longer under way."))
    errors: dict[str, str] = {}
    if len(evidence.strip()) < 10:
        errors["evidence"] = _("Say what was done (at least 10 characters).")
    if done_on > today():
        errors["done_on"] = _("The date done cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    locked.state, locked.done_on, locked.evidence = CommitmentState.DONE, done_on, evidence.strip()
    if evidence_file is not None:
        (checked,) = check_uploads(
            [evidence_file], field="evidence_file", accepted=DOCUMENTS, max_files=1
        )
        locked.evidence_file = checked.upload
    locked.save()
    audit(actor, locked, CHANGE, _("Commitment done."))
    return locked


@transaction.atomic
def withdraw(*, commitment: Commitment, reason: str, actor: User | None = None) -> Commitment:
    require(actor, "participation.change_commitment", commitment)
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.state != CommitmentState.OPEN:
        raise ValidationError(_("This commitment is no longer under way."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Say why, for the people who were promised it.")})
    locked.state, locked.dropped_reason = CommitmentState.DROPPED, reason.strip()[:300]
    locked.save(update_fields=["state", "dropped_reason", "updated_at"])
    audit(actor, locked, CHANGE, _("Commitment withdrawn: %(reason)s") % {"reason": reason})
    return locked


@transaction.atomic
def reschedule(
    *, commitment: Commitment, due_on: dt.date, reason: str, actor: User | None = None
) -> Commitment:
    """A new due date, with the reason kept in the audit."""
    require(actor, "participation.change_commitment", commitment)
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.state != CommitmentState.OPEN:
        raise ValidationError(_("This commitment is no longer under way."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the due date changes.")})
    before = locked.due_on
    locked.due_on = due_on
    locked.save(update_fields=["due_on", "updated_at"])
    audit(
        actor,
        locked,
        CHANGE,
        _("Due date changed from %(before)s to %(after)s: %(reason)s")
        % {"before": format_vn_date(before), "after": format_vn_date(due_on), "reason": reason},
    )
    return locked
