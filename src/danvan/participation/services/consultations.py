"""Consultations on drafts, written: created, the draft uploaded and split into its parts,
the parts edited, opened and closed; comments sent (once per form key), hidden with a
reason, answered; the synthesis published. Citizens without an account verify their
e-mail address with a one-time code (only its keyed hash is kept)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import contacts, crypto
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date, today
from danvan.lib.uploads import DOCX, check_uploads
from danvan.org.models import Organization

from .. import access_consultations as access
from .. import splitting
from ..models import (
    AnswerOutcome,
    Comment,
    CommentAnswer,
    CommentAuthor,
    CommentState,
    Consultation,
    ConsultationState,
    ContactCheck,
    DraftPart,
    PartKind,
    Stance,
)
from ..models.consultations import PART_DEPTH

# The shortest comment period, in days from the opening day to the closing day. Luật Ban
# hành VBQPPL 64/2025/QH15 sets a minimum per kind of document; 20 days is the figure
# found second-hand and NOT CONFIRMED against the text (decision 0026). Data, not code:
# settings.CONSULTATION_MIN_DAYS overrides it.
DEFAULT_MIN_DAYS = 20
TEXT_MOST = 5000
CODE_LENGTH = 6
CODE_MINUTES = 30
CODE_ATTEMPTS = 5
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def min_days() -> int:
    return int(getattr(settings, "CONSULTATION_MIN_DAYS", DEFAULT_MIN_DAYS))


def is_accepting(consultation: Consultation, on: dt.date | None = None) -> bool:
    """Whether comments are taken today: open, and within its dates."""
    day = on or today()
    return (
        consultation.state == ConsultationState.OPEN
        and consultation.opens_on <= day <= consultation.closes_on
    )


def _check_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The end comes after the start.")})
    if (closes_on - opens_on).days < min_days():
        raise ValidationError(
            {
                "closes_on": _(
                    "A draft stays open for comments at least %(n)s days: until %(day)s or later."
                )
                % {"n": min_days(), "day": format_vn_date(opens_on + dt.timedelta(days=min_days()))}
            }
        )


# --- The consultation and its draft -------------------------------------------------------


@transaction.atomic
def create_consultation(
    *,
    body: Organization,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    summary: str = "",
    document_kind: str = "",
    document_number: str = "",
    citizens_may_comment: bool = True,
    organizations_may_comment: bool = True,
    draft: UploadedFile | None = None,
    actor: User | None = None,
) -> Consultation:
    require(actor, "participation.add_consultation", body)
    if not title.strip():
        raise ValidationError({"title": _("Give the draft's title.")})
    if not (citizens_may_comment or organizations_may_comment):
        raise ValidationError(
            {"citizens_may_comment": _("Let citizens, organizations or both comment.")}
        )
    _check_dates(opens_on, closes_on)
    consultation = Consultation.objects.create(
        body=body,
        title=title.strip()[:300],
        summary=summary.strip(),
        document_kind=document_kind.strip()[:100],
        document_number=document_number.strip()[:60],
        opens_on=opens_on,
        closes_on=closes_on,
        citizens_may_comment=citizens_may_comment,
        organizations_may_comment=organizations_may_comment,
        created_by=actor,
    )
    audit(actor, consultation, ADDITION, _("Consultation created."))
    if draft is not None:
        upload_draft(consultation=consultation, upload=draft, actor=actor)
    return consultation


@transaction.atomic
def update_consultation(
    *,
    consultation: Consultation,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    summary: str = "",
    document_kind: str = "",
    document_number: str = "",
    citizens_may_comment: bool = True,
    organizations_may_comment: bool = True,
    actor: User | None = None,
) -> Consultation:
    """Everything may change while the consultation is being prepared; once open, only its
    end may move later (the period promised to the people is never shortened)."""
    require(actor, "participation.change_consultation", consultation)
    c = consultation
    if c.state == ConsultationState.OPEN:
        unchanged = (
            title.strip() == c.title
            and opens_on == c.opens_on
            and summary.strip() == c.summary
            and document_kind.strip() == c.document_kind
            and document_number.strip() == c.document_number
            and citizens_may_comment == c.citizens_may_comment
            and organizations_may_comment == c.organizations_may_comment
        )
        if not unchanged:
            raise ValidationError(_("Once open, only the end date may change."))
        if closes_on < c.closes_on:
            raise ValidationError(
                {
                    "closes_on": _("The period can be extended, not shortened: %(day)s or later.")
                    % {"day": format_vn_date(c.closes_on)}
                }
            )
        c.closes_on = closes_on
        c.save(update_fields=["closes_on"])
        audit(actor, c, CHANGE, _("Open until %(day)s.") % {"day": format_vn_date(closes_on)})
        return c
    _editable(c)
    if not title.strip():
        raise ValidationError({"title": _("Give the draft's title.")})
    if not (citizens_may_comment or organizations_may_comment):
        raise ValidationError(
            {"citizens_may_comment": _("Let citizens, organizations or both comment.")}
        )
    _check_dates(opens_on, closes_on)
    c.title = title.strip()[:300]
    c.summary = summary.strip()
    c.document_kind = document_kind.strip()[:100]
    c.document_number = document_number.strip()[:60]
    c.opens_on, c.closes_on = opens_on, closes_on
    c.citizens_may_comment = citizens_may_comment
    c.organizations_may_comment = organizations_may_comment
    c.save()
    audit(actor, c, CHANGE, _("Consultation changed."))
    return c


def _editable(consultation: Consultation) -> None:
    if consultation.state != ConsultationState.DRAFT:
        raise ValidationError(_("The draft can be changed only before it is opened for comments."))


@transaction.atomic
def upload_draft(
    *, consultation: Consultation, upload: UploadedFile, actor: User | None = None
) -> int:
    """The draft's .docx kept and split into parts, replacing the parts there were; returns
    how many parts were found."""
    require(actor, "participation.change_consultation", consultation)
    _editable(consultation)
    (checked,) = check_uploads([upload], field="file", accepted=(DOCX,), max_files=1)
    data = b"".join(checked.upload.chunks())
    try:
        found = splitting.split_docx(data)
    except Exception:  # python-docx: a package that passed the checks but is not a document
        raise ValidationError(
            {"file": _("This Word file cannot be read: save it again as .docx and send it.")}
        ) from None
    consultation.parts.all().delete()
    made: list[DraftPart] = []
    for position, spec in enumerate(found.parts, 1):
        made.append(
            DraftPart.objects.create(
                consultation=consultation,
                kind=spec.kind,
                number=spec.number[:20],
                heading=spec.heading[:500],
                text=spec.text,
                position=position,
            )
        )
    if found.preamble and not consultation.summary:
        consultation.summary = found.preamble[:5000]
    checked.upload.seek(0)
    consultation.file.save("draft.docx", checked.upload, save=False)
    consultation.file_name = checked.upload.name[:200] if checked.upload.name else "draft.docx"
    consultation.file_sha256 = checked.sha256
    consultation.save()
    relink(consultation)
    audit(
        actor,
        consultation,
        CHANGE,
        _("Draft uploaded: %(n)s parts found.") % {"n": len(made)},
    )
    return len(made)


def relink(consultation: Consultation) -> None:
    """Each part's parent (the nearest part above it that sits higher) and article, from
    the parts' order and kinds."""
    parts = list(consultation.parts.order_by("position"))
    stack: list[DraftPart] = []
    for part in parts:
        depth = PART_DEPTH[PartKind(part.kind)]
        while stack and PART_DEPTH[PartKind(stack[-1].kind)] >= depth:
            stack.pop()
        part.parent = stack[-1] if stack else None
        article = next((p for p in reversed(stack) if p.kind == PartKind.ARTICLE), None)
        part.article = part if part.kind == PartKind.ARTICLE else article
        stack.append(part)
    DraftPart.objects.bulk_update(parts, ["parent", "article"])


def _part_fields(kind: str, number: str, heading: str, text: str) -> dict[str, Any]:
    if kind not in PartKind.values:
        raise ValidationError({"kind": _("Choose a kind of part.")})
    if not (number.strip() or heading.strip() or text.strip()):
        raise ValidationError({"text": _("Give the part's number, heading or text.")})
    return {
        "kind": kind,
        "number": number.strip()[:20],
        "heading": heading.strip()[:500],
        "text": text.strip(),
    }


@transaction.atomic
def update_part(
    *, part: DraftPart, kind: str, number: str, heading: str, text: str, actor: User | None = None
) -> DraftPart:
    consultation = part.consultation
    require(actor, "participation.change_consultation", consultation)
    _editable(consultation)
    for name, value in _part_fields(kind, number, heading, text).items():
        setattr(part, name, value)
    part.save()
    relink(consultation)
    audit(actor, consultation, CHANGE, _("%(part)s edited.") % {"part": part.label})
    return part


@transaction.atomic
def add_part(
    *,
    consultation: Consultation,
    after: DraftPart | None,
    kind: str,
    number: str,
    heading: str = "",
    text: str = "",
    actor: User | None = None,
) -> DraftPart:
    """A new part after `after` (at the end when None)."""
    require(actor, "participation.change_consultation", consultation)
    _editable(consultation)
    fields = _part_fields(kind, number, heading, text)
    if after is not None and after.consultation_id != consultation.pk:
        raise ValidationError({"after": _("Choose a part of this draft.")})
    last = consultation.parts.aggregate(m=Max("position"))["m"] or 0
    if after is None:
        position = last + 1
    else:
        position = after.position + 1
        # Shifted from the end, so that no two parts share a position on the way.
        for moved in consultation.parts.filter(position__gte=position).order_by("-position"):
            moved.position += 1
            moved.save(update_fields=["position"])
    part = DraftPart.objects.create(consultation=consultation, position=position, **fields)
    relink(consultation)
    audit(actor, consultation, CHANGE, _("%(part)s added.") % {"part": part.label})
    return part


@transaction.atomic
def delete_part(*, part: DraftPart, actor: User | None = None) -> None:
    consultation = part.consultation
    require(actor, "participation.change_consultation", consultation)
    _editable(consultation)
    label = part.label
    part.delete()
    relink(consultation)
    audit(actor, consultation, CHANGE, _("%(part)s deleted.") % {"part": label})


@transaction.atomic
def open_consultation(*, consultation: Consultation, actor: User | None = None) -> Consultation:
    require(actor, "participation.change_consultation", consultation)
    if consultation.state != ConsultationState.DRAFT:
        raise ValidationError(_("Only a consultation being prepared can be opened."))
    if consultation.closes_on < today():
        raise ValidationError({"closes_on": _("Its end date has passed: change the dates first.")})
    _check_dates(consultation.opens_on, consultation.closes_on)
    consultation.state = ConsultationState.OPEN
    consultation.opened_at = timezone.now()
    consultation.save(update_fields=["state", "opened_at"])
    audit(actor, consultation, CHANGE, _("Opened for comments."))
    return consultation


@transaction.atomic
def close_consultation(*, consultation: Consultation, actor: User | None = None) -> Consultation:
    """Closed once its last day has passed: the period the people were promised is kept."""
    require(actor, "participation.change_consultation", consultation)
    if consultation.state != ConsultationState.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    if today() <= consultation.closes_on:
        raise ValidationError(
            _("It is open for comments until %(day)s: it can be closed after that day.")
            % {"day": format_vn_date(consultation.closes_on)}
        )
    consultation.state = ConsultationState.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["state", "closed_at"])
    audit(actor, consultation, CHANGE, _("Closed for comments."))
    return consultation


def close_ended_consultations(*, now: dt.datetime | None = None) -> int:
    """Every open consultation whose last day (`closes_on`) is before today in Hà Nội's time
    closed, each through `close_consultation` as the platform (actor None), in its own
    transaction; returns how many. The last day itself stays open. The synthesis is never
    published here: the drafting body answers every comment first. Run by the hourly worker;
    a second run, or two at once, closes nothing more."""
    day = timezone.localtime(now or timezone.now(), VN_TZ).date()
    if day > today():
        day = today()  # `close_consultation` judges by the real day: never ahead of it
    closed = 0
    ended = Consultation.objects.filter(state=ConsultationState.OPEN, closes_on__lt=day)
    for pk in ended.order_by("closes_on", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            consultation = (
                Consultation.objects.select_for_update()
                .filter(pk=pk, state=ConsultationState.OPEN, closes_on__lt=day)
                .first()
            )
            if consultation is None:  # closed meanwhile, by hand or by another run
                continue
            close_consultation(consultation=consultation, actor=None)
            closed += 1
    return closed


@transaction.atomic
def publish_synthesis(*, consultation: Consultation, actor: User | None = None) -> Consultation:
    """Published only after closing, and only when every published comment is answered:
    a synthesis with comments left unanswered is refused (decision 0026)."""
    require(actor, "participation.change_consultation", consultation)
    if consultation.state != ConsultationState.CLOSED:
        raise ValidationError(_("The synthesis is published after the consultation closes."))
    unanswered = consultation.comments.filter(
        state=CommentState.PUBLISHED, answer__isnull=True
    ).count()
    if unanswered:
        raise ValidationError(
            _("%(n)s comments have no answer yet: answer every comment before publishing.")
            % {"n": unanswered}
        )
    consultation.state = ConsultationState.PUBLISHED
    consultation.published_at = timezone.now()
    consultation.published_by = actor
    consultation.save(update_fields=["state", "published_at", "published_by"])
    audit(actor, consultation, CHANGE, _("Synthesis published."))
    return consultation


# --- E-mail verification ------------------------------------------------------------------


def _code_hash(check_index: str, code: str) -> str:
    key = f"participation.contact:{settings.SECRET_KEY}".encode()
    digits = "".join(ch for ch in code if ch.isdigit())
    return hmac.new(key, f"{check_index}:{digits}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def send_code(*, consultation: Consultation, email: str) -> ContactCheck:
    """A one-time code sent to `email` (after the transaction), good for 30 minutes."""
    email = email.strip()
    if not contacts.is_email(email) or len(email) > 254:
        raise ValidationError({"email": _("Write an e-mail address, e.g. ten@example.vn.")})
    if not is_accepting(consultation):
        raise ValidationError(_("This draft is not open for comments."))
    if not consultation.citizens_may_comment:
        raise ValidationError(_("Only organizations comment on this draft."))
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
    index = crypto.blind_index(email, kind="email")
    check = ContactCheck.objects.create(
        consultation=consultation,
        contact_enc=crypto.encrypt(email),
        contact_index=index,
        code_hash=_code_hash(index, code),
    )
    subject = _("Your code to comment on a draft")
    message = _(
        "Your code is %(code)s. Type it on the page of the draft “%(title)s” within %(m)s "
        "minutes. If you did not ask for it, ignore this e-mail."
    ) % {"code": code, "title": consultation.title, "m": CODE_MINUTES}
    transaction.on_commit(lambda: send_mail(subject, message, None, [email]))
    return check


def verify_code(*, check: ContactCheck, code: str) -> ContactCheck:
    """The check marked verified, or an error on "code"; a wrong code counts as an attempt
    (five at most), kept even though the error follows."""
    with transaction.atomic():
        locked = ContactCheck.objects.select_for_update().get(pk=check.pk)
        if locked.verified_at is not None:
            return locked
        late = timezone.now() - locked.sent_at > dt.timedelta(minutes=CODE_MINUTES)
        if late or locked.attempts >= CODE_ATTEMPTS:
            error = _("This code has expired: ask for a new one.")
        elif not hmac.compare_digest(locked.code_hash, _code_hash(locked.contact_index, code)):
            locked.attempts += 1
            locked.save(update_fields=["attempts"])
            error = _("This code is not right: check it and type it again.")
        else:
            locked.verified_at = timezone.now()
            locked.save(update_fields=["verified_at"])
            return locked
    raise ValidationError({"code": error})


# --- Comments ------------------------------------------------------------------------------


def submit_comment(
    *,
    consultation: Consultation,
    part: DraftPart | None,
    stance: str,
    proposed_wording: str = "",
    reasons: str = "",
    display_name: str,
    key: str,
    user: User | None = None,
    organization: Organization | None = None,
    check: ContactCheck | None = None,
) -> Comment:
    """One comment; the same form key sent twice gives back the first comment."""
    key = key.strip()[:64]
    if not key:
        raise ValidationError(_("The form has expired: open the page again."))
    found = consultation.comments.filter(key=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return _submit(
                consultation=consultation,
                part=part,
                stance=stance,
                proposed_wording=proposed_wording,
                reasons=reasons,
                display_name=display_name,
                key=key,
                user=user,
                organization=organization,
                check=check,
            )
    except IntegrityError:  # the same key sent twice at once: the first one is kept
        found = consultation.comments.filter(key=key).first()
        if found is None:
            raise
        return found


def _submit(
    *,
    consultation: Consultation,
    part: DraftPart | None,
    stance: str,
    proposed_wording: str,
    reasons: str,
    display_name: str,
    key: str,
    user: User | None,
    organization: Organization | None,
    check: ContactCheck | None,
) -> Comment:
    if not is_accepting(consultation):
        raise ValidationError(_("This draft is not open for comments."))
    errors: dict[str, str] = {}
    if part is not None and part.consultation_id != consultation.pk:
        raise ValidationError(_("This part is not in the draft."))
    if stance not in Stance.values:
        errors["stance"] = _("Choose whether you agree, disagree or have another opinion.")
    wording, why = proposed_wording.strip(), reasons.strip()
    if stance in (Stance.DISAGREE, Stance.OTHER) and not (wording or why):
        errors["reasons"] = _("Say why, or propose a wording.")
    if len(wording) > TEXT_MOST:
        errors["proposed_wording"] = _("At most %(n)s characters.") % {"n": TEXT_MOST}
    if len(why) > TEXT_MOST:
        errors["reasons"] = _("At most %(n)s characters.") % {"n": TEXT_MOST}
    name = " ".join(display_name.split())
    if organization is None and not name:
        errors["display_name"] = _("Give the name to show with your comment.")
    if len(name) > 120:
        errors["display_name"] = _("At most %(n)s characters.") % {"n": 120}
    if errors:
        raise ValidationError(errors)
    comment = Comment(
        consultation=consultation,
        part=part,
        stance=stance,
        proposed_wording=wording,
        reasons=why,
        key=key,
    )
    if organization is not None:
        if (
            user is None
            or not access.comment_bodies_for(user, consultation).filter(pk=organization.pk).exists()
        ):
            raise ValidationError({"organization": _("You do not comment for this body.")})
        comment.author_kind = CommentAuthor.ORGANIZATION
        comment.organization = organization
        comment.user = user
        comment.display_name = (name or organization.name)[:120]
    elif not consultation.citizens_may_comment:
        raise ValidationError(_("Only organizations comment on this draft."))
    elif user is not None and user.is_authenticated:
        comment.author_kind = CommentAuthor.ACCOUNT
        comment.user = user
        comment.display_name = name
    elif (
        check is not None
        and check.consultation_id == consultation.pk
        and check.verified_at is not None
    ):
        comment.author_kind = CommentAuthor.CONTACT
        comment.contact_enc = check.contact_enc
        comment.contact_index = check.contact_index
        comment.display_name = name
    else:
        raise ValidationError(_("Sign in, or verify your e-mail address, to comment."))
    comment.save()
    return comment


@transaction.atomic
def hide_comment(*, comment: Comment, reason: str, actor: User | None = None) -> Comment:
    require(actor, "participation.moderate_consultation_comment", comment)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden: its author reads it.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most %(n)s characters.") % {"n": 500}})
    comment.state = CommentState.HIDDEN
    comment.hidden_reason = reason
    comment.hidden_by = actor
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["state", "hidden_reason", "hidden_by", "hidden_at"])
    audit(actor, comment, CHANGE, _("Comment hidden: %(reason)s") % {"reason": reason})
    return comment


@transaction.atomic
def show_comment(*, comment: Comment, actor: User | None = None) -> Comment:
    require(actor, "participation.moderate_consultation_comment", comment)
    comment.state = CommentState.PUBLISHED
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.hidden_at = None
    comment.save(update_fields=["state", "hidden_reason", "hidden_by", "hidden_at"])
    audit(actor, comment, CHANGE, _("Comment shown again."))
    return comment


@transaction.atomic
def answer_comment(
    *, comment: Comment, outcome: str, text: str, actor: User | None = None
) -> CommentAnswer:
    """The drafting body's answer (given or changed until the synthesis is published)."""
    require(actor, "participation.answer_consultation_comment", comment)
    if comment.consultation.state == ConsultationState.PUBLISHED:
        raise ValidationError(_("The synthesis is published: its answers no longer change."))
    errors: dict[str, str] = {}
    if outcome not in AnswerOutcome.values:
        errors["outcome"] = _("Choose accepted, partly accepted or explained.")
    text = text.strip()
    if not text:
        errors["text"] = _("Write what is accepted, or why not.")
    elif len(text) > TEXT_MOST:
        errors["text"] = _("At most %(n)s characters.") % {"n": TEXT_MOST}
    if errors:
        raise ValidationError(errors)
    answer, created = CommentAnswer.objects.update_or_create(
        comment=comment,
        defaults={
            "outcome": outcome,
            "text": text,
            "answered_by": actor,
            "answered_at": timezone.now(),
        },
    )
    audit(
        actor,
        comment,
        CHANGE,
        (_("Answered: %(o)s") if created else _("Answer changed: %(o)s"))
        % {"o": answer.get_outcome_display()},
    )
    return answer
