"""Every write of the Front's supervision and critique: programmes, delegations, findings,
recommendations and their responses, critiques and their replies, the commune's boards and
their reports. Each checks the permission, audits, and raises ValidationError with a field
dict on bad input. Reminders are queued after the commit (services.supervision_reminders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import today
from danvan.lib.uploads import DOCUMENTS, check_uploads
from danvan.org.models import Organization

from .. import access_consultations
from .. import access_supervision as access
from ..models import (
    BoardKind,
    BoardReport,
    Critique,
    CritiqueForm,
    CritiqueState,
    Delegation,
    DelegationState,
    Finding,
    InspectionBoard,
    Recommendation,
    RecommendationResponse,
    RecommendationState,
    SupervisionForm,
    SupervisionProgramme,
)
from ..models.supervision import HAS_CONSULTATION, OPEN_RECOMMENDATION_STATES
from . import supervision_reminders as reminders

MAX_DAYS = 365


def _text(value: str, field: str, message: str, errors: dict[str, str]) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    return value


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _days(value: int | None, field: str, errors: dict[str, str]) -> None:
    if value is not None and not 1 <= value <= MAX_DAYS:
        errors[field] = _("Between 1 and %(n)s days.") % {"n": MAX_DAYS}


def _attach(obj: Any, prefix: str, upload: UploadedFile | None, field: str) -> None:
    """Check an uploaded file (lib.uploads) and put it on `obj` under `prefix`."""
    if upload is None:
        return
    checked = check_uploads([upload], field=field, accepted=DOCUMENTS, max_files=1)[0]
    setattr(obj, prefix, checked.upload)
    setattr(obj, f"{prefix}_name", checked.upload.name or "")
    setattr(obj, f"{prefix}_type", checked.content_type)


def _front(organizer: Organization | None, errors: dict[str, str], field: str) -> None:
    if organizer is None or organizer.kind not in access.FRONT_KINDS:
        errors[field] = _(
            "Choose the Fatherland Front committee or member organization that conducts it."
        )


# Programmes ---------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    organizer: Organization,
    year: int,
    title: str,
    form: str,
    subject: str = "",
    plan_number: str = "",
    plan_date: dt.date | None = None,
    response_days: int | None = None,
    actor: User | None = None,
) -> SupervisionProgramme:
    require(actor, "participation.add_supervisionprogramme", organizer)
    errors: dict[str, str] = {}
    _front(organizer, errors, "organizer")
    title = _text(title, "title", _("Give the programme a title."), errors)
    if form not in SupervisionForm.values:
        errors["form"] = _("Choose the form of supervision.")
    if not 2000 <= (year or 0) <= 2100:
        errors["year"] = _("Write the year, e.g. 2026.")
    _days(response_days, "response_days", errors)
    _raise(errors)
    programme = SupervisionProgramme(
        organizer=organizer,
        year=year,
        title=title,
        form=form,
        subject=subject.strip(),
        plan_number=plan_number.strip(),
        plan_date=plan_date,
        created_by=actor,
    )
    if response_days is not None:
        programme.response_days = response_days
    programme.save()
    audit(actor, programme, ADDITION)
    return programme


@transaction.atomic
def publish_programme(
    *, programme: SupervisionProgramme, actor: User | None = None
) -> SupervisionProgramme:
    """Publish the programme's summary on the public page (selectors.supervision_public):
    the conducting Front body's decision (decision 0027)."""
    require(actor, "participation.change_supervisionprogramme", programme)
    p = SupervisionProgramme.objects.select_for_update().get(pk=programme.pk)
    if p.published_at is not None:
        raise ValidationError({"published_at": _("The summary is already published.")})
    p.published_at = timezone.now()
    p.save(update_fields=["published_at"])
    programme.published_at = p.published_at
    audit(actor, p, CHANGE, _("Summary published"))
    return p


@transaction.atomic
def unpublish_programme(
    *, programme: SupervisionProgramme, actor: User | None = None
) -> SupervisionProgramme:
    """Take the programme's summary off the public page."""
    require(actor, "participation.change_supervisionprogramme", programme)
    p = SupervisionProgramme.objects.select_for_update().get(pk=programme.pk)
    if p.published_at is None:
        raise ValidationError({"published_at": _("The summary is not published.")})
    p.published_at = None
    p.save(update_fields=["published_at"])
    programme.published_at = None
    audit(actor, p, CHANGE, _("Summary withdrawn from the public page"))
    return p


@transaction.atomic
def add_delegation(
    *,
    programme: SupervisionProgramme,
    name: str,
    bodies: Sequence[Organization],
    starts_on: dt.date,
    ends_on: dt.date,
    head: User | None = None,
    head_name: str = "",
    members: Sequence[User] = (),
    member_names: str = "",
    actor: User | None = None,
) -> Delegation:
    require(actor, "participation.change_supervisionprogramme", programme)
    errors: dict[str, str] = {}
    name = _text(name, "name", _("Name the delegation."), errors)
    if not bodies:
        errors["bodies"] = _("Choose at least one body to supervise.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The delegation ends on or after the day it starts.")
    if head is None and not head_name.strip():
        errors["head_name"] = _("Name the head of the delegation.")
    _raise(errors)
    delegation = Delegation.objects.create(
        programme=programme,
        name=name,
        head=head,
        head_name=head_name.strip(),
        member_names=member_names.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    delegation.bodies.set(bodies)
    if members:
        delegation.members.set(members)
    audit(actor, programme, CHANGE, _("Delegation added: %(name)s") % {"name": name})
    return delegation


@transaction.atomic
def set_delegation_state(*, delegation: Delegation, state: str, actor: User | None = None) -> None:
    require(actor, "participation.change_supervisionprogramme", delegation.programme)
    if state not in DelegationState.values:
        raise ValidationError({"state": _("Choose a state.")})
    delegation.state = state
    delegation.save(update_fields=["state"])
    audit(
        actor,
        delegation.programme,
        CHANGE,
        _("Delegation %(name)s: %(state)s")
        % {
            "name": delegation.name,
            "state": delegation.get_state_display(),
        },
    )


@transaction.atomic
def add_finding(
    *,
    programme: SupervisionProgramme,
    body: Organization | None,
    text: str,
    found_on: dt.date | None,
    delegation: Delegation | None = None,
    actor: User | None = None,
) -> Finding:
    require(actor, "participation.change_supervisionprogramme", programme)
    errors: dict[str, str] = {}
    text = _text(text, "text", _("Write what was found."), errors)
    if body is None:
        errors["body"] = _("Choose the body.")
    if found_on is None:
        errors["found_on"] = _("Write the date as dd/mm/yyyy.")
    elif found_on > today():
        errors["found_on"] = _("The date cannot be in the future.")
    if delegation is not None and delegation.programme_id != programme.pk:
        errors["delegation"] = _("Choose a delegation of this programme.")
    _raise(errors)
    assert body is not None and found_on is not None
    finding = Finding.objects.create(
        programme=programme,
        delegation=delegation,
        body=body,
        text=text,
        found_on=found_on,
        created_by=actor,
    )
    audit(actor, programme, CHANGE, _("Finding recorded at %(body)s") % {"body": body.name})
    return finding


# Recommendations ----------------------------------------------------------------------------


@transaction.atomic
def add_recommendation(
    *,
    programme: SupervisionProgramme,
    addressed_to: Organization | None,
    text: str,
    sent_on: dt.date | None = None,
    due_on: dt.date | None = None,
    finding: Finding | None = None,
    actor: User | None = None,
) -> Recommendation:
    """A recommendation sent to a body; it must respond by `due_on`, by default the
    programme's number of days after `sent_on` (decision 0027: not confirmed, so data)."""
    require(actor, "participation.change_supervisionprogramme", programme)
    errors: dict[str, str] = {}
    text = _text(text, "text", _("Write the recommendation."), errors)
    if addressed_to is None:
        errors["addressed_to"] = _("Choose the body the recommendation is addressed to.")
    sent_on = sent_on or today()
    if sent_on > today():
        errors["sent_on"] = _("The date cannot be in the future.")
    if due_on is None:
        due_on = sent_on + dt.timedelta(days=programme.response_days)
    elif due_on < sent_on:
        errors["due_on"] = _("The response is due on or after the day it is sent.")
    if finding is not None and finding.programme_id != programme.pk:
        errors["finding"] = _("Choose a finding of this programme.")
    _raise(errors)
    assert addressed_to is not None
    rec = Recommendation.objects.create(
        programme=programme,
        finding=finding,
        addressed_to=addressed_to,
        text=text,
        sent_on=sent_on,
        due_on=due_on,
        created_by=actor,
    )
    audit(actor, rec, ADDITION)
    reminders.schedule_recommendation(rec)
    return rec


@transaction.atomic
def record_response(
    *,
    recommendation: Recommendation,
    text: str,
    responded_on: dt.date | None,
    file: UploadedFile | None = None,
    actor: User | None = None,
) -> RecommendationResponse:
    """The addressed body's response (or one received by letter, recorded by the Front)."""
    require(actor, "participation.respond_recommendation", recommendation)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    errors: dict[str, str] = {}
    if rec.state not in OPEN_RECOMMENDATION_STATES:
        errors["text"] = _("This recommendation is closed: no more responses.")
    text = _text(text, "text", _("Write the response."), errors)
    if responded_on is None:
        errors["responded_on"] = _("Write the date as dd/mm/yyyy.")
    elif responded_on > today():
        errors["responded_on"] = _("The date cannot be in the future.")
    elif responded_on < rec.sent_on:
        errors["responded_on"] = _("The response comes on or after the recommendation.")
    _raise(errors)
    assert responded_on is not None
    response = RecommendationResponse(
        recommendation=rec, text=text, responded_on=responded_on, recorded_by=actor
    )
    _attach(response, "file", file, "file")
    response.save()
    if rec.state == RecommendationState.SENT:
        rec.state = RecommendationState.ANSWERED
        rec.save(update_fields=["state"])
    recommendation.state = rec.state
    audit(
        actor, rec, CHANGE, _("Response recorded (%(day)s)") % {"day": f"{responded_on:%d/%m/%Y}"}
    )
    return response


@transaction.atomic
def close_recommendation(
    *, recommendation: Recommendation, outcome: str, note: str = "", actor: User | None = None
) -> Recommendation:
    """The Front's assessment once the body has answered: done, or not accepted."""
    require(actor, "participation.close_recommendation", recommendation)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    errors: dict[str, str] = {}
    if outcome not in (RecommendationState.DONE, RecommendationState.NOT_ACCEPTED):
        errors["outcome"] = _("Choose done or not accepted.")
    elif rec.state != RecommendationState.ANSWERED:
        errors["outcome"] = _("Only an answered recommendation can be closed.")
    _raise(errors)
    rec.state = outcome
    rec.closed_on = today()
    rec.closing_note = note.strip()
    rec.save(update_fields=["state", "closed_on", "closing_note"])
    audit(actor, rec, CHANGE, str(rec.get_state_display()))
    return rec


# Critiques ----------------------------------------------------------------------------------


def _check_consultation(
    consultation: Any, drafting_body: Organization | None, actor: Any, errors: dict[str, str]
) -> None:
    """A critique's consultation is the drafting body's consultation on the same draft, one
    the actor may read (access_consultations)."""
    if consultation is None:
        return
    if not HAS_CONSULTATION:
        errors["consultation"] = _("Consultations are not available.")
    elif drafting_body is not None and consultation.body_id != drafting_body.pk:
        errors["consultation"] = _("Choose a consultation of the drafting body.")
    elif actor is not None and not access_consultations.may_see(actor, consultation):
        # The platform itself (actor None: seeds, imports) is not a reader to check.
        errors["consultation"] = _("Choose a consultation you may read.")


@transaction.atomic
def create_critique(
    *,
    organizer: Organization,
    draft_title: str,
    drafting_body: Organization | None,
    form: str,
    received_on: dt.date | None,
    reply_days: int | None = None,
    consultation: Any = None,
    actor: User | None = None,
) -> Critique:
    require(actor, "participation.add_critique", organizer)
    errors: dict[str, str] = {}
    _front(organizer, errors, "organizer")
    draft_title = _text(draft_title, "draft_title", _("Write the draft's title."), errors)
    if drafting_body is None:
        errors["drafting_body"] = _("Choose the drafting body.")
    if form not in CritiqueForm.values:
        errors["form"] = _("Choose the form of critique.")
    if received_on is None:
        errors["received_on"] = _("Write the date as dd/mm/yyyy.")
    elif received_on > today():
        errors["received_on"] = _("The date cannot be in the future.")
    _days(reply_days, "reply_days", errors)
    _check_consultation(consultation, drafting_body, actor, errors)
    _raise(errors)
    assert received_on is not None
    critique = Critique(
        organizer=organizer,
        draft_title=draft_title,
        drafting_body=drafting_body,
        form=form,
        received_on=received_on,
        created_by=actor,
    )
    if reply_days is not None:
        critique.reply_days = reply_days
    if HAS_CONSULTATION and consultation is not None:
        critique.consultation = consultation
    critique.save()
    audit(actor, critique, ADDITION)
    return critique


@transaction.atomic
def link_consultation(
    *, critique: Critique, consultation: Any, actor: User | None = None
) -> Critique:
    """Link the drafting body's consultation on the same draft (or, with None, unlink it)."""
    require(actor, "participation.change_critique", critique)
    errors: dict[str, str] = {}
    if not HAS_CONSULTATION:
        errors["consultation"] = _("Consultations are not available.")
    _check_consultation(consultation, critique.drafting_body, actor, errors)
    _raise(errors)
    critique.consultation = consultation
    critique.save(update_fields=["consultation"])
    if consultation is None:
        audit(actor, critique, CHANGE, _("Consultation unlinked"))
    else:
        audit(
            actor,
            critique,
            CHANGE,
            _("Consultation linked: %(title)s") % {"title": consultation.title},
        )
    return critique


@transaction.atomic
def send_critique(
    *,
    critique: Critique,
    number: str,
    sent_on: dt.date | None,
    file: UploadedFile | None = None,
    reply_due_on: dt.date | None = None,
    actor: User | None = None,
) -> Critique:
    """The critique document sent to the drafter; the reply is due `reply_days` later."""
    require(actor, "participation.change_critique", critique)
    c = Critique.objects.select_for_update().get(pk=critique.pk)
    errors: dict[str, str] = {}
    if c.state == CritiqueState.REPLIED:
        errors["number"] = _("The drafter has replied: the critique can no longer change.")
    number = _text(number, "number", _("Write the document's number."), errors)
    if sent_on is None:
        errors["sent_on"] = _("Write the date as dd/mm/yyyy.")
    elif sent_on > today():
        errors["sent_on"] = _("The date cannot be in the future.")
    elif sent_on < c.received_on:
        errors["sent_on"] = _("The critique is sent on or after the draft is received.")
    if reply_due_on is not None and sent_on is not None and reply_due_on < sent_on:
        errors["reply_due_on"] = _("The reply is due on or after the day the critique is sent.")
    if file is None and not c.document_file:
        errors["file"] = _("Attach the critique document.")
    _raise(errors)
    assert sent_on is not None
    _attach(c, "document_file", file, "file")
    c.document_number = number
    c.document_date = sent_on
    c.reply_due_on = reply_due_on or sent_on + dt.timedelta(days=c.reply_days)
    c.state = CritiqueState.SENT
    c.save()
    audit(actor, c, CHANGE, _("Critique document sent: %(n)s") % {"n": number})
    reminders.schedule_critique(c)
    return c


@transaction.atomic
def record_critique_reply(
    *,
    critique: Critique,
    text: str,
    replied_on: dt.date | None,
    file: UploadedFile | None = None,
    actor: User | None = None,
) -> Critique:
    require(actor, "participation.reply_critique", critique)
    c = Critique.objects.select_for_update().get(pk=critique.pk)
    errors: dict[str, str] = {}
    if c.state != CritiqueState.SENT:
        errors["text"] = _("A reply is recorded once the critique has been sent, and only once.")
    text = _text(text, "text", _("Write the drafter's reply."), errors)
    if replied_on is None:
        errors["replied_on"] = _("Write the date as dd/mm/yyyy.")
    elif replied_on > today():
        errors["replied_on"] = _("The date cannot be in the future.")
    elif c.document_date and replied_on < c.document_date:
        errors["replied_on"] = _("The reply comes on or after the critique.")
    _raise(errors)
    _attach(c, "reply_file", file, "file")
    c.reply_text = text
    c.reply_on = replied_on
    c.state = CritiqueState.REPLIED
    c.save()
    audit(actor, c, CHANGE, _("The drafter's reply recorded"))
    return c


# Boards -------------------------------------------------------------------------------------


@transaction.atomic
def create_board(
    *,
    commune_body: Organization,
    kind: str,
    name: str,
    members: str,
    term_from: dt.date | None,
    term_to: dt.date | None,
    project: str = "",
    actor: User | None = None,
) -> InspectionBoard:
    require(actor, "participation.add_inspectionboard", commune_body)
    errors: dict[str, str] = {}
    _front(commune_body, errors, "commune_body")
    if kind not in BoardKind.values:
        errors["kind"] = _("Choose the kind of board.")
    name = _text(name, "name", _("Name the board."), errors)
    if not [m for m in members.splitlines() if m.strip()]:
        errors["members"] = _("List the members, one per line.")
    if kind == BoardKind.INVESTMENT and not project.strip():
        errors["project"] = _("Name the investment project the board supervises.")
    if term_from is None:
        errors["term_from"] = _("Write the date as dd/mm/yyyy.")
    if term_to is None:
        errors["term_to"] = _("Write the date as dd/mm/yyyy.")
    elif term_from is not None and term_to < term_from:
        errors["term_to"] = _("The term ends on or after the day it starts.")
    _raise(errors)
    assert term_from is not None and term_to is not None
    board = InspectionBoard.objects.create(
        commune_body=commune_body,
        kind=kind,
        name=name,
        project=project.strip(),
        members=members.strip(),
        term_from=term_from,
        term_to=term_to,
        created_by=actor,
    )
    audit(actor, board, ADDITION)
    return board


@transaction.atomic
def add_board_report(
    *,
    board: InspectionBoard,
    period_from: dt.date | None,
    period_to: dt.date | None,
    text: str,
    findings_count: int = 0,
    file: UploadedFile | None = None,
    actor: User | None = None,
) -> BoardReport:
    require(actor, "participation.change_inspectionboard", board)
    errors: dict[str, str] = {}
    text = _text(text, "text", _("Write the report."), errors)
    if period_from is None:
        errors["period_from"] = _("Write the date as dd/mm/yyyy.")
    if period_to is None:
        errors["period_to"] = _("Write the date as dd/mm/yyyy.")
    elif period_from is not None and period_to < period_from:
        errors["period_to"] = _("The period ends on or after the day it starts.")
    if findings_count < 0:
        errors["findings_count"] = _("Zero or more.")
    _raise(errors)
    assert period_from is not None and period_to is not None
    report = BoardReport(
        board=board,
        period_from=period_from,
        period_to=period_to,
        text=text,
        findings_count=findings_count,
        created_by=actor,
    )
    _attach(report, "file", file, "file")
    report.save()
    audit(actor, board, CHANGE, _("Report added"))
    return report
