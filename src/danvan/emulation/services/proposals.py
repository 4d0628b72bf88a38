"""Award proposals: draft → submitted → (returned → resubmitted) → approved / rejected.

The proposing body's staff draft, attach the dossier and submit; the granting body's staff
return it for more documents, its leaders reject it or issue the decision (`decisions.
issue_decision`, which approves it). Each step is a `ProposalEvent` with who, when and the
note, and the proposal's history keeps every version.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.exemplars.models import Exemplar
from danvan.lib.dates import today
from danvan.lib.text import fold
from danvan.lib.uploads import DOCUMENTS, check_uploads
from danvan.org.models import Organization

from ..access import within
from ..models import (
    AwardKind,
    DocumentType,
    Movement,
    Proposal,
    ProposalAction,
    ProposalDocument,
    ProposalEvent,
    ProposalRecipient,
    ProposalState,
    RecipientKind,
)
from ..selectors import competent_authorities
from ._common import require, save_audited

EDITABLE = {ProposalState.DRAFT, ProposalState.RETURNED}
# The dossier cannot be sent without these (the submission and the report of achievements;
# the council's minutes are asked for by most granting bodies but not required here).
REQUIRED_DOCUMENTS = (DocumentType.SUBMISSION, DocumentType.ACHIEVEMENT_REPORT)
MAX_RECIPIENTS = 500


@dataclass(frozen=True)
class RecipientInput:
    """A collective (a body in the platform, or a free-text name) or a person: only what the
    decision needs (name, position, unit) and whether their name may be published."""

    kind: str
    name: str = ""
    organization: Organization | None = None
    position: str = ""
    unit_name: str = ""
    achievements: str = ""
    public_consent: bool = False


def _event(proposal: Proposal, action: str, before: str, actor: User, note: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        action=action,
        from_state=before,
        to_state=proposal.state,
        actor=actor,
        note=note.strip(),
    )


def _save(proposal: Proposal, actor: User) -> None:
    names = " ".join(r.name for r in proposal.recipients.all()) if proposal.pk else ""
    proposal.search_text = fold(
        f"{proposal.reference} {proposal.summary} {proposal.proposer.name} {names}"
    )
    save_audited(proposal, actor)


def _require_state(proposal: Proposal, allowed: Container[str]) -> None:
    if proposal.state not in allowed:
        raise ValidationError(
            _("This cannot be done while the proposal is “%(state)s”.")
            % {"state": ProposalState(proposal.state).label}
        )


def _recipients(kind: AwardKind, rows: Sequence[RecipientInput]) -> list[ProposalRecipient]:
    errors: list[str] = []
    made: list[ProposalRecipient] = []
    if not rows:
        errors.append(_("Propose at least one collective or individual."))
    if len(rows) > MAX_RECIPIENTS:
        errors.append(_("At most %(n)d recipients per proposal.") % {"n": MAX_RECIPIENTS})
    for i, row in enumerate(rows, start=1):
        if row.kind not in RecipientKind.values:
            errors.append(_("Recipient %(i)d: choose collective or individual.") % {"i": i})
            continue
        if not kind.accepts(row.kind):
            errors.append(
                _("Recipient %(i)d: “%(award)s” is not given to %(kind)s.")
                % {"i": i, "award": kind.name, "kind": RecipientKind(row.kind).label.lower()}
            )
            continue
        name = row.name.strip() or (row.organization.name if row.organization else "")
        if not name:
            errors.append(_("Recipient %(i)d: give the name.") % {"i": i})
            continue
        if row.kind == RecipientKind.INDIVIDUAL and not row.unit_name.strip():
            errors.append(_("Recipient %(i)d: give the person's unit.") % {"i": i})
            continue
        individual = row.kind == RecipientKind.INDIVIDUAL
        made.append(
            ProposalRecipient(
                kind=row.kind,
                organization=None if individual else row.organization,
                name=name[:255],
                position=row.position.strip()[:150] if individual else "",
                unit_name=row.unit_name.strip()[:255],
                achievements=row.achievements.strip(),
                public_consent=individual and row.public_consent,
                order=i,
            )
        )
    if errors:
        raise ValidationError({"recipients": errors})
    return made


def _check(
    proposal: Proposal, actor: User, recipients: Sequence[RecipientInput]
) -> list[ProposalRecipient]:
    errors: dict[str, list[str]] = {}
    kind = proposal.award_kind
    if not kind.active:
        errors.setdefault("award_kind", []).append(_("This award is no longer granted."))
    elif (
        not competent_authorities(kind, proposal.proposer).filter(pk=proposal.authority_id).exists()
    ):
        errors.setdefault("authority", []).append(
            _("%(body)s is not competent to grant “%(award)s” to this proposer.")
            % {"body": proposal.authority.name, "award": kind.name}
        )
    if len(proposal.summary) < 20:
        errors.setdefault("summary", []).append(
            _("Summarize the achievements in at least 20 characters.")
        )
    if not 2000 <= proposal.year <= today().year:
        errors.setdefault("year", []).append(_("Give the year of the achievements."))
    movement = proposal.movement
    if movement is not None and not within(movement.organization, proposal.proposer):
        errors.setdefault("movement", []).append(
            _("The proposing body does not take part in this movement.")
        )
    exemplar = proposal.exemplar
    if exemplar is not None and not actor.has_perm("exemplars.view_exemplar", exemplar):
        errors.setdefault("exemplar", []).append(_("You cannot see this model."))
    try:
        made = _recipients(kind, recipients)
    except ValidationError as error:
        errors.update(error.message_dict)
        made = []
    if errors:
        raise ValidationError(errors)
    return made


def _write_recipients(proposal: Proposal, rows: list[ProposalRecipient]) -> None:
    proposal.recipients.all().delete()
    for row in rows:
        row.proposal = proposal
    ProposalRecipient.objects.bulk_create(rows)


@transaction.atomic
def create_proposal(
    *,
    actor: User,
    proposer: Organization,
    award_kind: AwardKind,
    authority: Organization,
    year: int,
    summary: str,
    recipients: Sequence[RecipientInput],
    reference: str = "",
    movement: Movement | None = None,
    exemplar: Exemplar | None = None,
) -> Proposal:
    """A draft proposal of `proposer` to `authority`, which must be competent for the award."""
    proposal = Proposal(
        proposer=proposer,
        authority=authority,
        award_kind=award_kind,
        year=year,
        summary=summary.strip(),
        reference=reference.strip(),
        movement=movement,
        exemplar=exemplar,
        province_id=proposer.province_id,
        created_by=actor,
    )
    require(actor, "emulation.change_proposal", proposal)
    rows = _check(proposal, actor, recipients)
    _save(proposal, actor)
    _write_recipients(proposal, rows)
    _save(proposal, actor)  # the search text holds the recipients' names
    _event(proposal, ProposalAction.CREATED, "", actor)
    return proposal


@transaction.atomic
def update_proposal(
    *,
    actor: User,
    proposal: Proposal,
    award_kind: AwardKind,
    authority: Organization,
    year: int,
    summary: str,
    recipients: Sequence[RecipientInput],
    reference: str = "",
    movement: Movement | None = None,
    exemplar: Exemplar | None = None,
) -> Proposal:
    """Edit a draft, or a proposal returned for more documents."""
    require(actor, "emulation.change_proposal", proposal)
    _require_state(proposal, EDITABLE)
    proposal.award_kind, proposal.authority, proposal.year = award_kind, authority, year
    proposal.summary, proposal.reference = summary.strip(), reference.strip()
    proposal.movement, proposal.exemplar = movement, exemplar
    rows = _check(proposal, actor, recipients)
    _write_recipients(proposal, rows)
    _save(proposal, actor)
    return proposal


@transaction.atomic
def attach_documents(
    *, actor: User, proposal: Proposal, doc_type: str, files: list[UploadedFile]
) -> list[ProposalDocument]:
    """Documents of the dossier: PDF, DOCX, JPG or PNG checked by their content (`lib.uploads`),
    at most 5 files of 10 MB each."""
    require(actor, "emulation.change_proposal", proposal)
    _require_state(proposal, EDITABLE)
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": _("Choose the type of document.")})
    if not files:
        raise ValidationError({"files": _("Choose a file to attach.")})
    checked = check_uploads(files, field="files", accepted=DOCUMENTS, max_files=5)
    made = []
    for f in checked:
        document = ProposalDocument(
            proposal=proposal,
            doc_type=doc_type,
            original_name=(f.upload.name or "")[:200],
            content_type=f.content_type,
            size=f.upload.size or 0,
            sha256=f.sha256,
            uploaded_by=actor,
        )
        document.file.save("upload", f.upload, save=False)
        document.save()
        made.append(document)
    return made


@transaction.atomic
def remove_document(*, actor: User, document: ProposalDocument) -> None:
    proposal = document.proposal
    require(actor, "emulation.change_proposal", proposal)
    _require_state(proposal, EDITABLE)
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def submit(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """Send the dossier to the granting body; a returned proposal is resubmitted."""
    require(actor, "emulation.change_proposal", proposal)
    _require_state(proposal, EDITABLE)
    present = set(proposal.documents.values_list("doc_type", flat=True))
    missing = [DocumentType(t).label for t in REQUIRED_DOCUMENTS if t not in present]
    if missing:
        raise ValidationError(
            _("Attach the documents the dossier needs: %(docs)s.")
            % {"docs": ", ".join(str(m) for m in missing)}
        )
    if not proposal.recipients.exists():
        raise ValidationError(_("Propose at least one collective or individual."))
    if (
        not competent_authorities(proposal.award_kind, proposal.proposer)
        .filter(pk=proposal.authority_id)
        .exists()
    ):
        raise ValidationError(
            {"authority": _("The granting body is no longer competent: choose another.")}
        )
    before = proposal.state
    proposal.state = ProposalState.SUBMITTED
    proposal.submitted_at = timezone.now()
    _save(proposal, actor)
    action = (
        ProposalAction.RESUBMITTED if before == ProposalState.RETURNED else ProposalAction.SUBMITTED
    )
    _event(proposal, action, before, actor, note)
    return proposal


def _need_note(note: str) -> None:
    if len(note.strip()) < 5:
        raise ValidationError({"note": _("Say why, for the proposing body.")})


@transaction.atomic
def return_proposal(*, actor: User, proposal: Proposal, note: str) -> Proposal:
    """Trả lại: the granting body's staff ask for more or corrected documents."""
    require(actor, "emulation.return_proposal", proposal)
    _require_state(proposal, {ProposalState.SUBMITTED})
    _need_note(note)
    proposal.state = ProposalState.RETURNED
    _save(proposal, actor)
    _event(proposal, ProposalAction.RETURNED, ProposalState.SUBMITTED, actor, note)
    return proposal


@transaction.atomic
def reject(*, actor: User, proposal: Proposal, note: str) -> Proposal:
    """Không khen thưởng: the granting body's leaders refuse, with the reason."""
    require(actor, "emulation.decide_proposal", proposal)
    _require_state(proposal, {ProposalState.SUBMITTED})
    _need_note(note)
    proposal.state = ProposalState.REJECTED
    proposal.decided_at = timezone.now()
    _save(proposal, actor)
    _event(proposal, ProposalAction.REJECTED, ProposalState.SUBMITTED, actor, note)
    return proposal
