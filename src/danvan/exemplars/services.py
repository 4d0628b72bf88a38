"""Writes for "Dân vận khéo" models: register, build, evaluate, recognize, replicate, review.

Each step checks the permission and the state it starts from, writes in one transaction, and
is audited (the model's history keeps who changed what, before and after; each step is a row
with who entered it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.uploads import DOCUMENTS, IMAGES, CheckedFile, check_uploads
from danvan.org.models import AdminUnit, Organization

from .access import EVALUATOR_ROLES, OWNER_ROLES, RECOGNIZER_ROLES, acts_above
from .models import (
    Criterion,
    Evaluation,
    EvidenceFile,
    EvidenceKind,
    Exemplar,
    ExemplarKind,
    ExemplarResult,
    ExemplarState,
    Inquiry,
    Metric,
    Recognition,
    RecognitionLevel,
    Replication,
    Review,
    ReviewOutcome,
    SubField,
)
from .models.exemplars import LEVEL_RANK


def _require(user: User, perm: str, obj: Model | None = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this for this model."))


def _require_state(exemplar: Exemplar, allowed: set[str]) -> None:
    if exemplar.state not in allowed:
        raise ValidationError(
            _("This cannot be done while the model is “%(state)s”.")
            % {"state": ExemplarState(exemplar.state).label}
        )


def _save(exemplar: Exemplar, actor: User) -> None:
    exemplar._history_user = actor  # type: ignore[attr-defined]
    exemplar.refresh_search_texts()
    exemplar.save()


def _results(exemplar: Exemplar, results: Mapping[str, object]) -> None:
    errors = []
    rows = []
    for metric, raw in results.items():
        if metric not in Metric.values:
            errors.append(_("“%(metric)s” is not a known measure.") % {"metric": metric})
            continue
        try:
            value = (
                Decimal(str(raw).replace(".", "").replace(",", "."))
                if isinstance(raw, str)
                else Decimal(str(raw))
            )
        except InvalidOperation:
            errors.append(
                _("%(metric)s: “%(value)s” is not a number.")
                % {"metric": Metric(metric).label, "value": raw}
            )
            continue
        if value < 0:
            errors.append(_("%(metric)s cannot be negative.") % {"metric": Metric(metric).label})
            continue
        rows.append(ExemplarResult(exemplar=exemplar, metric=metric, value=value))
    if errors:
        raise ValidationError({"results": errors})
    ExemplarResult.objects.filter(exemplar=exemplar, metric__in=[r.metric for r in rows]).delete()
    ExemplarResult.objects.bulk_create(rows)


def _check_details(exemplar: Exemplar, subfields: list[SubField]) -> None:
    """What a registration and an edit must satisfy, every message under its field."""
    errors: dict[str, list[str]] = {}
    if exemplar.kind not in ExemplarKind.values:
        errors.setdefault("kind", []).append(_("Choose collective or individual."))
    if not exemplar.name:
        errors.setdefault("name", []).append(_("Give the model a name."))
    if not exemplar.holder_name:
        errors.setdefault("holder_name", []).append(
            _("Name the collective or the person the model belongs to.")
        )
    if len(exemplar.description) < 20:
        errors.setdefault("description", []).append(
            _("Describe the model in at least 20 characters.")
        )
    if not 2000 <= exemplar.year <= today().year + 1:
        errors.setdefault("year", []).append(_("Give the year the model is registered for."))
    start, end = exemplar.period_start, exemplar.period_end
    if start and end and end < start:
        errors.setdefault("period_end", []).append(_("The period ends before it starts."))
    if any(s.field != exemplar.field for s in subfields):
        errors.setdefault("subfields", []).append(_("Each sub-field must belong to the field."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    name: str,
    holder_name: str,
    field: str,
    year: int,
    description: str,
    subfields: Iterable[SubField] = (),
    unit: AdminUnit | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    public_consent: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
    results: Mapping[str, object] | None = None,
) -> Exemplar:
    """Registration at the start of a year (đăng ký xây dựng) by the body that will build it."""
    exemplar = Exemplar(
        kind=kind,
        name=name.strip(),
        holder_name=holder_name.strip(),
        field=field,
        organization=organization,
        unit=unit or organization.current_unit,
        year=year,
        period_start=period_start,
        period_end=period_end,
        description=description.strip(),
        public_consent=public_consent and kind == ExemplarKind.INDIVIDUAL,
        latitude=latitude,
        longitude=longitude,
        registered_on=today(),
        registered_by=actor,
    )
    _require(actor, "exemplars.change_exemplar", exemplar)
    chosen = list(subfields)
    _check_details(exemplar, chosen)
    place = exemplar.unit
    exemplar.province_id = organization.province_id or (place.province_id if place else None)
    _save(exemplar, actor)
    exemplar.subfields.set(chosen)
    if results:
        _results(exemplar, results)
    return exemplar


@transaction.atomic
def start_building(*, actor: User, exemplar: Exemplar) -> Exemplar:
    _require(actor, "exemplars.change_exemplar", exemplar)
    _require_state(exemplar, {ExemplarState.REGISTERED})
    exemplar.state = ExemplarState.BUILDING
    _save(exemplar, actor)
    return exemplar


# Once evaluated, what was evaluated and counted stays: the kind and the year.
_SETTLED = {ExemplarState.EVALUATED, ExemplarState.RECOGNIZED, ExemplarState.NOT_RECOGNIZED}


@transaction.atomic
def update(
    *,
    actor: User,
    exemplar: Exemplar,
    kind: str,
    name: str,
    holder_name: str,
    field: str,
    year: int,
    description: str,
    subfields: Iterable[SubField] = (),
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    public_consent: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
    results: Mapping[str, object] | None = None,
) -> Exemplar:
    """Correct or complete a model's details and results (audited: before and after). The
    results given replace the recorded ones; a measure left empty is removed."""
    _require(actor, "exemplars.change_exemplar", exemplar)
    if exemplar.state in _SETTLED and (kind != exemplar.kind or year != exemplar.year):
        raise ValidationError(
            {"kind": _("The kind and the year cannot change once the model has been evaluated.")}
        )
    exemplar.kind, exemplar.name, exemplar.holder_name = kind, name.strip(), holder_name.strip()
    exemplar.field, exemplar.year, exemplar.description = field, year, description.strip()
    exemplar.period_start, exemplar.period_end = period_start, period_end
    exemplar.public_consent = public_consent and kind == ExemplarKind.INDIVIDUAL
    exemplar.latitude, exemplar.longitude = latitude, longitude
    chosen = list(subfields)
    _check_details(exemplar, chosen)
    if results is not None:
        ExemplarResult.objects.filter(exemplar=exemplar).exclude(metric__in=list(results)).delete()
        _results(exemplar, results)
    _save(exemplar, actor)
    exemplar.subfields.set(chosen)
    return exemplar


@transaction.atomic
def record_results(*, actor: User, exemplar: Exemplar, results: Mapping[str, object]) -> None:
    _require(actor, "exemplars.change_exemplar", exemplar)
    _results(exemplar, results)
    _save(exemplar, actor)  # the history shows when results changed


def _acting_body(actor: User, exemplar: Exemplar, by: Organization, roles: frozenset[str]) -> None:
    """`by` must be a body the actor acts for, above the registering body."""
    if not acts_above(actor, exemplar.organization, roles, body_id=by.pk):
        raise PermissionDenied(_("You do not act for a body above the one that registered it."))


@transaction.atomic
def evaluate(
    *,
    actor: User,
    exemplar: Exemplar,
    by: Organization,
    scores: Mapping[str, object],
    comment: str = "",
) -> Evaluation:
    """Thẩm định against the criteria in force: each score between 0 and its maximum; the
    model passes with at least the criteria's pass share of the total."""
    _require(actor, "exemplars.evaluate_exemplar", exemplar)
    _acting_body(actor, exemplar, by, EVALUATOR_ROLES)
    _require_state(
        exemplar, {ExemplarState.BUILDING, ExemplarState.EVALUATED, ExemplarState.RECOGNIZED}
    )
    criteria = list(Criterion.objects.filter(active=True))
    errors: list[str] = []
    given: dict[str, str] = {}
    total = Decimal(0)
    for criterion in criteria:
        raw = scores.get(criterion.code)
        try:
            value = Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            errors.append(_("Give a score for “%(name)s”.") % {"name": criterion.name})
            continue
        if not 0 <= value <= criterion.max_score:
            errors.append(
                _("The score for “%(name)s” must be between 0 and %(max)d.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
            continue
        given[criterion.code] = str(value)
        total += value
    if errors:
        raise ValidationError({"scores": errors})
    highest = sum(c.max_score for c in criteria)
    share = max((c.pass_share for c in criteria), default=50)
    passed = bool(highest) and total * 100 >= highest * share
    evaluation = Evaluation.objects.create(
        exemplar=exemplar,
        organization=by,
        evaluated_by=actor,
        scores=given,
        total=total,
        passed=passed,
        comment=comment.strip(),
        evaluated_on=today(),
    )
    if exemplar.state != ExemplarState.RECOGNIZED:
        exemplar.state = ExemplarState.EVALUATED if passed else ExemplarState.NOT_RECOGNIZED
        _save(exemplar, actor)
    return evaluation


_LEVEL_OF_BODY = {
    "commune": RecognitionLevel.COMMUNE,
    "province": RecognitionLevel.PROVINCE,
    "central": RecognitionLevel.CENTRAL,
}


@transaction.atomic
def recognize(
    *,
    actor: User,
    exemplar: Exemplar,
    by: Organization,
    decision_number: str,
    decision_date: dt.date,
) -> Recognition:
    """Công nhận by a decision of `by`, at `by`'s level; a passed evaluation must come first,
    and a model is recognized at each level once, going up."""
    _require(actor, "exemplars.recognize_exemplar", exemplar)
    _acting_body(actor, exemplar, by, RECOGNIZER_ROLES)
    level = _LEVEL_OF_BODY.get(by.level)
    if level is None:
        raise ValidationError({"by": _("Only commune, provincial and central bodies recognize.")})
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Give the number of the decision.")})
    if decision_date > today():
        raise ValidationError({"decision_date": _("The decision cannot be dated in the future.")})
    latest = exemplar.evaluations.order_by("-evaluated_on", "-id").first()
    if latest is None or not latest.passed:
        raise ValidationError(_("The model must pass an evaluation before it is recognized."))
    if (
        exemplar.recognition_level
        and LEVEL_RANK[level] <= LEVEL_RANK[RecognitionLevel(exemplar.recognition_level)]
    ):
        raise ValidationError(
            _("The model is already recognized at %(level)s.")
            % {"level": RecognitionLevel(exemplar.recognition_level).label}
        )
    recognition = Recognition.objects.create(
        exemplar=exemplar,
        level=level,
        organization=by,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        recognized_by=actor,
    )
    exemplar.state = ExemplarState.RECOGNIZED
    exemplar.recognition_level = level
    exemplar.recognized_on = min(filter(None, [exemplar.recognized_on, decision_date]))
    if level == RecognitionLevel.PROVINCE:
        exemplar.province_level_on = decision_date
    elif level == RecognitionLevel.CENTRAL:
        exemplar.central_level_on = decision_date
    _save(exemplar, actor)
    return recognition


@transaction.atomic
def record_replication(
    *,
    actor: User,
    exemplar: Exemplar,
    organization: Organization,
    adopted_on: dt.date,
    note: str = "",
) -> Replication:
    """Nhân rộng: recorded by the adopting body's staff (who know they adopted it)."""
    if not scopes.covers(actor, organization, OWNER_ROLES):
        raise PermissionDenied(_("You do not act for the adopting body."))
    _require_state(exemplar, {ExemplarState.RECOGNIZED})
    if organization.pk in (exemplar.organization_id, exemplar.organization.current_id):
        raise ValidationError({"organization": _("A body does not replicate its own model.")})
    if exemplar.replications.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This body already adopted the model.")})
    replication = Replication.objects.create(
        exemplar=exemplar,
        organization=organization,
        adopted_on=adopted_on,
        note=note.strip(),
        recorded_by=actor,
    )
    if exemplar.first_replicated_on is None or adopted_on < exemplar.first_replicated_on:
        exemplar.first_replicated_on = adopted_on
        _save(exemplar, actor)
    return replication


@transaction.atomic
def review(
    *, actor: User, exemplar: Exemplar, outcome: str, reviewed_on: dt.date, note: str = ""
) -> Review:
    """A periodic review by the registering body (or over it)."""
    _require(actor, "exemplars.change_exemplar", exemplar)
    _require_state(exemplar, {ExemplarState.RECOGNIZED})
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    return Review.objects.create(
        exemplar=exemplar,
        outcome=outcome,
        reviewed_on=reviewed_on,
        note=note.strip(),
        reviewed_by=actor,
    )


# Evidence: photos and documents ---------------------------------------------------------------

PHOTO_MEGABYTES = 5


def check_evidence(kind: str, files: Sequence[UploadedFile]) -> list[CheckedFile]:
    """Photos are JPG, PNG or WEBP up to 5 MB; documents PDF, JPG, PNG or DOCX up to 10 MB;
    at most 10 at once."""
    if kind == EvidenceKind.PHOTO:
        return check_uploads(
            files, field="uploads", accepted=IMAGES, max_files=10, max_megabytes=PHOTO_MEGABYTES
        )
    return check_uploads(files, field="uploads", accepted=DOCUMENTS, max_files=10)


@transaction.atomic
def add_evidence(
    *,
    actor: User,
    exemplar: Exemplar,
    kind: str,
    files: Sequence[CheckedFile],
    caption: str = "",
    public: bool = False,
) -> list[EvidenceFile]:
    """Photos and documents of the model, by its body's staff. Only photos can be public, and
    not of a person who did not agree to be shown."""
    _require(actor, "exemplars.change_exemplar", exemplar)
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose photo or document.")})
    if not files:
        raise ValidationError({"uploads": _("Choose at least one file.")})
    if public and kind != EvidenceKind.PHOTO:
        raise ValidationError({"public": _("Only photos are shown in the public showcase.")})
    if public and not exemplar.shows_holder_publicly:
        raise ValidationError(
            {
                "public": _(
                    "The person has not agreed to be shown publicly: keep the photos internal."
                )
            }
        )
    made = []
    for f in files:
        evidence = EvidenceFile(
            exemplar=exemplar,
            kind=kind,
            original_name=(f.upload.name or "")[:200],
            content_type=f.content_type,
            size=f.upload.size or 0,
            sha256=f.sha256,
            caption=caption.strip()[:300],
            public=public,
            uploaded_by=actor,
        )
        evidence._history_user = actor  # type: ignore[attr-defined]
        evidence.file.save("upload", f.upload, save=False)
        evidence.save()
        made.append(evidence)
    return made


@transaction.atomic
def remove_evidence(*, actor: User, evidence: EvidenceFile) -> None:
    """The row goes (its history keeps who removed what); the stored file goes once the
    removal is committed, so a rolled-back removal loses nothing."""
    _require(actor, "exemplars.change_exemplar", evidence.exemplar)
    storage, name = evidence.file.storage, evidence.file.name or ""
    evidence._history_user = actor  # type: ignore[attr-defined]
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Questions about replicating ------------------------------------------------------------------


@transaction.atomic
def ask(*, actor: User, exemplar: Exemplar, asking_body: Organization, question: str) -> Inquiry:
    """An officer of another body asks the registering body how the model works."""
    if not scopes.covers(actor, asking_body, OWNER_ROLES):
        raise PermissionDenied(_("You do not act for this body."))
    _require_state(exemplar, {ExemplarState.RECOGNIZED})
    if asking_body.pk in (exemplar.organization_id, exemplar.organization.current_id):
        raise ValidationError({"asking_body": _("A body does not ask about its own model.")})
    text = question.strip()
    if len(text) < 10:
        raise ValidationError({"question": _("Write your question in at least 10 characters.")})
    inquiry = Inquiry(exemplar=exemplar, asked_by=actor, asking_body=asking_body, question=text)
    inquiry._history_user = actor  # type: ignore[attr-defined]
    inquiry.save()
    return inquiry


@transaction.atomic
def answer(*, actor: User, inquiry: Inquiry, text: str) -> Inquiry:
    """The registering body's staff answer (and may correct their answer later)."""
    _require(actor, "exemplars.change_exemplar", inquiry.exemplar)
    if len(text.strip()) < 2:
        raise ValidationError({"answer": _("Write the answer.")})
    inquiry.answer, inquiry.answered_by = text.strip(), actor
    inquiry.answered_at = timezone.now()
    inquiry._history_user = actor  # type: ignore[attr-defined]
    inquiry.save()
    return inquiry
