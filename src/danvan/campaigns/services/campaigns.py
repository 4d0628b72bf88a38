"""Campaigns: set up by the organizer's officers (bodies, targets), launched, reported on by
the participating bodies, closed, evaluated — and an excellent evaluation proposed for an
award through the emulation app's own services.

Money and goods in kind are never reported here: they are counted from the funds' ledgers
(receipts tagged with the campaign), so nothing is counted twice. A result is never changed:
a correction is another row with the opposite quantity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.emulation import access as emulation_access
from danvan.emulation.models import AwardKind, Movement, Proposal, RecipientKind
from danvan.emulation.services.proposals import RecipientInput, create_proposal
from danvan.lib.audit import audit
from danvan.lib.dates import today
from danvan.lib.numbers import format_vn_number, parse_vn_number
from danvan.lib.text import fold
from danvan.lib.uploads import DOCUMENTS, check_uploads
from danvan.org.models import Organization

from .. import access
from ..models import (
    LEDGER_MEASURES,
    Campaign,
    CampaignBody,
    CampaignKind,
    CampaignStatus,
    Evaluation,
    Measure,
    Rating,
    Result,
    Target,
)
from ..selectors.campaigns import rollup
from ._common import require

A = access.Action
# A quantity above this is refused as a typing error (the column holds 16 digits).
MAX_QUANTITY = Decimal("1000000000000000")
MAX_BODIES = 5000


def _quantity(raw: object, field: str, *, zero: bool, whole: bool) -> Decimal:
    """A number as typed ("1.500", "12,5"): at most two decimals (none for money), not
    negative — and more than 0 unless `zero`."""
    try:
        value = parse_vn_number(raw)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({field: _("Enter a number, e.g. 1.500 or 12,5.")})
    if value < 0 or (value == 0 and not zero):
        raise ValidationError(
            {field: _("Enter 0 or more.") if zero else _("Enter a number more than 0.")}
        )
    if whole and value != value.to_integral_value():
        raise ValidationError({field: _("Amounts are in whole đồng, without decimals.")})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Use at most two decimals.")})
    if value >= MAX_QUANTITY:
        raise ValidationError({field: _("This number is too large: check the figure.")})
    return value.quantize(Decimal("0.01"))


# ---- the campaign -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CampaignSpec:
    name: str
    kind: str
    organizer: Organization
    starts_on: dt.date
    ends_on: dt.date | None = None
    description: str = ""
    criteria: str = ""
    movement: Movement | None = None


def _check_spec(actor: User | None, spec: CampaignSpec) -> None:
    if actor is not None:
        require(
            access.keeps(actor, spec.organizer),
            _("Only the organizing body's officers and leaders run its campaigns."),
        )
    errors: dict[str, str] = {}
    if not spec.name.strip():
        errors["name"] = _("Give the campaign a name.")
    if spec.kind not in CampaignKind.values:
        errors["kind"] = _("Choose the kind of campaign.")
    if spec.ends_on is not None and spec.ends_on < spec.starts_on:
        errors["ends_on"] = _("The campaign cannot end before it starts.")
    movement = spec.movement
    if (
        movement is not None
        and actor is not None
        and not emulation_access.may(actor, movement, emulation_access.Action.VIEW)
    ):
        errors["movement"] = _("You cannot see this emulation movement.")
    if errors:
        raise ValidationError(errors)


def _fill(campaign: Campaign, spec: CampaignSpec) -> None:
    campaign.name = spec.name.strip()[:300]
    campaign.kind = spec.kind
    campaign.organizer = spec.organizer
    campaign.province_id = spec.organizer.province_id
    campaign.starts_on, campaign.ends_on = spec.starts_on, spec.ends_on
    campaign.description, campaign.criteria = spec.description.strip(), spec.criteria.strip()
    campaign.movement = spec.movement
    campaign.search_text = fold(f"{campaign.name} {campaign.description}")


@transaction.atomic
def create_campaign(*, actor: User | None, spec: CampaignSpec) -> Campaign:
    """A draft campaign of the organizer (a body the actor keeps)."""
    _check_spec(actor, spec)
    campaign = Campaign(created_by=actor)
    _fill(campaign, spec)
    campaign.save()
    audit(actor, campaign, ADDITION, _("Campaign created."))
    return campaign


@transaction.atomic
def update_campaign(*, actor: User | None, campaign: Campaign, spec: CampaignSpec) -> Campaign:
    if actor is not None:
        require(access.may_campaign(actor, campaign, A.MANAGE))
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign is no longer changed."))
    if spec.organizer.pk != campaign.organizer_id and campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(
            {"organizer": _("The organizer is changed only while the campaign is a draft.")}
        )
    _check_spec(actor, spec)
    _fill(campaign, spec)
    campaign.save()
    audit(actor, campaign, CHANGE, _("Campaign changed."))
    return campaign


def _require_manage(actor: User | None, campaign: Campaign) -> None:
    if actor is not None:
        require(access.may_campaign(actor, campaign, A.MANAGE))


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def set_bodies(
    *, actor: User | None, campaign: Campaign, bodies: Sequence[Organization]
) -> list[CampaignBody]:
    """The participating bodies: those added join, those left out leave with their targets —
    except a body that has reported results, which stays."""
    _require_manage(actor, campaign)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign is no longer changed."))
    wanted = {b.pk: b for b in bodies}
    if len(wanted) > MAX_BODIES:
        raise ValidationError({"bodies": _("Too many bodies for one campaign.")})
    current = {b.organization_id: b for b in campaign.bodies.all()}
    leaving = set(current) - set(wanted)
    reported = set(
        Result.objects.filter(campaign=campaign, organization_id__in=leaving).values_list(
            "organization_id", flat=True
        )
    )
    if reported:
        names = ", ".join(
            Organization.objects.filter(pk__in=reported)
            .order_by("name")
            .values_list("name", flat=True)
        )
        raise ValidationError(
            {
                "bodies": _("These bodies have reported results and stay: %(names)s.")
                % {"names": names}
            }
        )
    CampaignBody.objects.filter(campaign=campaign, organization_id__in=leaving).delete()
    Target.objects.filter(campaign=campaign, organization_id__in=leaving).delete()
    CampaignBody.objects.bulk_create(
        [
            CampaignBody(campaign=campaign, organization=o)
            for pk, o in wanted.items()
            if pk not in current
        ]
    )
    if hasattr(campaign, "_bodies_cache"):
        del campaign._bodies_cache
    audit(
        actor,
        campaign,
        CHANGE,
        f"bodies: +{sorted(set(wanted) - set(current))} -{sorted(leaving)}",
    )
    return list(campaign.bodies.select_related("organization"))


@transaction.atomic
def set_targets(
    *, actor: User | None, campaign: Campaign, targets: Mapping[tuple[int, str], object]
) -> list[Target]:
    """Targets per participating body and measure, as typed ("1.500", "12,5"); an empty
    value removes the target. Every value is checked first: one wrong, none saved (the error
    is under the field named `t_<body>_<measure>`)."""
    _require_manage(actor, campaign)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign is no longer changed."))
    taking_part = set(campaign.bodies.values_list("organization_id", flat=True))
    errors: dict[str, list[str]] = {}
    keep: dict[tuple[int, str], Decimal] = {}
    drop: list[tuple[int, str]] = []
    for (org_id, measure), raw in targets.items():
        name = f"t_{org_id}_{measure}"
        if org_id not in taking_part:
            errors.setdefault(name, []).append(_("This body does not take part."))
            continue
        if measure not in Measure.values:
            errors.setdefault(name, []).append(_("Unknown measure."))
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            drop.append((org_id, measure))
            continue
        try:
            keep[(org_id, measure)] = _quantity(
                raw, name, zero=True, whole=measure in LEDGER_MEASURES
            )
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                errors.setdefault(field, []).extend(texts)
    if errors:
        raise ValidationError(errors)
    for org_id, measure in drop:
        Target.objects.filter(campaign=campaign, organization_id=org_id, measure=measure).delete()
    for (org_id, measure), quantity in keep.items():
        Target.objects.update_or_create(
            campaign=campaign,
            organization_id=org_id,
            measure=measure,
            defaults={"quantity": quantity},
        )
    audit(
        actor,
        campaign,
        CHANGE,
        _("Targets: %(set)d set, %(cleared)d cleared.") % {"set": len(keep), "cleared": len(drop)},
    )
    return list(Target.objects.filter(campaign=campaign).order_by("organization_id", "measure"))


def _move(actor: User | None, campaign: Campaign, before: str, after: str, what: str) -> Campaign:
    _require_manage(actor, campaign)
    locked = _locked(campaign)
    if locked.status != before:
        raise ValidationError(
            _("This cannot be done while the campaign is “%(status)s”.")
            % {"status": CampaignStatus(locked.status).label}
        )
    locked.status = campaign.status = after
    locked.save(update_fields=["status"])
    audit(actor, locked, CHANGE, what)
    return campaign


@transaction.atomic
def launch(*, actor: User | None, campaign: Campaign) -> Campaign:
    """Draft → under way: the participating bodies see it and report their results."""
    if not campaign.bodies.exists():
        raise ValidationError(_("Add the participating bodies before launching the campaign."))
    return _move(actor, campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN, "launched")


@transaction.atomic
def close(*, actor: User | None, campaign: Campaign) -> Campaign:
    """Under way → closed: no more results; the organizer evaluates the bodies."""
    return _move(actor, campaign, CampaignStatus.OPEN, CampaignStatus.CLOSED, "closed")


@transaction.atomic
def publish(*, actor: User | None, campaign: Campaign, published: bool) -> Campaign:
    """Show the campaign on the public disclosure pages, or take it off."""
    _require_manage(actor, campaign)
    if published and campaign.status == CampaignStatus.DRAFT:
        raise ValidationError(_("Launch the campaign before publishing it."))
    campaign.published_at = timezone.now() if published else None
    campaign.save(update_fields=["published_at"])
    audit(actor, campaign, CHANGE, _("Published.") if published else _("No longer published."))
    return campaign


# ---- results ------------------------------------------------------------------------------


def _reporters(campaign: Campaign) -> set[int]:
    return set(campaign.bodies.values_list("organization_id", flat=True)) | {campaign.organizer_id}


@transaction.atomic
def report_result(
    *,
    actor: User | None,
    campaign: Campaign,
    organization: Organization,
    measure: str,
    quantity: object,
    achieved_on: dt.date,
    note: str = "",
    evidence: UploadedFile | None = None,
    idempotency_key: str = "",
) -> Result:
    """What a body achieved (land, labour days, houses, km of road, households helped), by
    its own officers or the organizer's; sent twice with one key, recorded once."""
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Results are reported only while the campaign is under way."))
    if organization.pk not in _reporters(campaign):
        raise ValidationError({"organization": _("This body does not take part in the campaign.")})
    if actor is not None:
        require(
            access.may_campaign(actor, campaign, A.REPORT, body=organization),
            _("Only the body's own officers or the organizer's report its results."),
        )
    key = idempotency_key.strip()[:64]
    if key and (done := Result.objects.filter(campaign=campaign, idempotency_key=key).first()):
        return done
    errors: dict[str, str] = {}
    if measure in LEDGER_MEASURES:
        errors["measure"] = _(
            "Money and goods in kind are counted from the funds' ledgers: record them as a "
            "receipt of the fund, marked with this campaign."
        )
    elif measure not in Measure.values:
        errors["measure"] = _("Choose what the result counts.")
    if achieved_on > today():
        errors["achieved_on"] = _("The date cannot be in the future.")
    elif achieved_on < campaign.starts_on:
        errors["achieved_on"] = _("The date is before the campaign started (%(day)s).") % {
            "day": campaign.starts_on.strftime("%d/%m/%Y")
        }
    try:
        value = _quantity(quantity, "quantity", zero=False, whole=False)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    result = Result(
        campaign=campaign,
        organization=organization,
        measure=measure,
        quantity=value,
        achieved_on=achieved_on,
        note=note.strip(),
        reported_by=actor,
        idempotency_key=key,
    )
    if evidence is not None:
        checked = check_uploads([evidence], field="evidence", accepted=DOCUMENTS, max_files=1)
        result.evidence = checked[0].upload
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        # The same key sent at the same moment: the other request recorded it.
        done = (
            Result.objects.filter(campaign=campaign, idempotency_key=key).first() if key else None
        )
        if done is None:
            raise
        return done
    audit(
        actor,
        campaign,
        CHANGE,
        f"result {result.pk}: {organization.pk} {measure} {format_vn_number(value)}",
    )
    return result


@transaction.atomic
def correct_result(*, actor: User | None, result: Result, reason: str) -> Result:
    """Cancel a result by a row with the opposite quantity (once; a correction is not
    corrected again: report the right figure as a new result)."""
    campaign = result.campaign
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Results are corrected only while the campaign is under way."))
    if actor is not None:
        require(
            access.may_campaign(actor, campaign, A.REPORT, body=result.organization),
            _("Only the body's own officers or the organizer's correct its results."),
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result is corrected.")})
    if result.corrects_id is not None or result.quantity < 0:
        raise ValidationError(_("A correction is not corrected: report the right figure."))
    Result.objects.select_for_update().filter(pk=result.pk).first()
    if Result.objects.filter(corrects=result).exists():
        raise ValidationError(_("This result has already been corrected."))
    correction = Result.objects.create(
        campaign=campaign,
        organization=result.organization,
        measure=result.measure,
        quantity=-result.quantity,
        achieved_on=result.achieved_on,
        note=reason.strip(),
        corrects=result,
        reported_by=actor,
    )
    audit(
        actor,
        campaign,
        CHANGE,
        _("Result %(result)d corrected by %(correction)d.")
        % {"result": result.pk, "correction": correction.pk},
    )
    return correction


# ---- evaluation and awards ----------------------------------------------------------------


@transaction.atomic
def evaluate(
    *,
    actor: User | None,
    campaign: Campaign,
    organization: Organization,
    rating: str,
    remark: str = "",
) -> Evaluation:
    """The organizer's evaluation of a participating body once the campaign is closed, with
    the share of its targets met as the roll-up shows it today."""
    _require_manage(actor, campaign)
    if campaign.status != CampaignStatus.CLOSED:
        raise ValidationError(_("The bodies are evaluated once the campaign is closed."))
    if not campaign.bodies.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This body does not take part in the campaign.")})
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose the rating.")})
    existing = Evaluation.objects.filter(campaign=campaign, organization=organization).first()
    if existing is not None and existing.proposal_id is not None and rating != existing.rating:
        raise ValidationError(
            {"rating": _("This body has been proposed for an award: its rating stays.")}
        )
    row = rollup(campaign).row_of(organization.pk)
    percent = row.average_percent if row is not None else None
    evaluation, _made = Evaluation.objects.update_or_create(
        campaign=campaign,
        organization=organization,
        defaults={
            "rating": rating,
            "remark": remark.strip(),
            "achieved_percent": percent,
            "evaluated_by": actor,
        },
    )
    audit(
        actor,
        campaign,
        CHANGE,
        _("Body %(body)d evaluated: %(rating)s (%(percent)s%%).")
        % {"body": organization.pk, "rating": Rating(rating).label, "percent": percent},
    )
    return evaluation


def default_summary(evaluation: Evaluation) -> str:
    campaign = evaluation.campaign
    text = _("%(body)s excellently completed the campaign “%(campaign)s”") % {
        "body": evaluation.organization.name,
        "campaign": campaign.name,
    }
    if evaluation.achieved_percent is not None:
        text += _(", meeting %(percent)s%% of its targets") % {
            "percent": format_vn_number(evaluation.achieved_percent)
        }
    return text + "."


@transaction.atomic
def propose_for_award(
    *,
    actor: User,
    evaluation: Evaluation,
    award_kind: AwardKind,
    authority: Organization,
    summary: str = "",
) -> Proposal:
    """A draft award proposal of the organizer for an excellently rated body, made by the
    emulation app's services (its rules, its checks); linked to the evaluation."""
    campaign = evaluation.campaign
    require(access.may_campaign(actor, campaign, A.MANAGE))
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.rating != Rating.EXCELLENT:
        raise ValidationError(_("Only an excellently rated body is proposed for an award."))
    if evaluation.proposal_id is not None:
        raise ValidationError(_("This body has already been proposed for an award."))
    text = summary.strip() or default_summary(evaluation)
    body = evaluation.organization
    year = (campaign.ends_on or today()).year
    proposal = create_proposal(
        actor=actor,
        proposer=campaign.organizer,
        award_kind=award_kind,
        authority=authority,
        year=min(year, today().year),
        summary=text,
        recipients=[
            RecipientInput(
                kind=RecipientKind.COLLECTIVE,
                name=body.name,
                organization=body,
                achievements=(evaluation.remark or text),
            )
        ],
        movement=campaign.movement,
    )
    evaluation.proposal = proposal
    evaluation.save(update_fields=["proposal"])
    audit(
        actor,
        campaign,
        CHANGE,
        _("Evaluation %(evaluation)d proposed for an award (proposal %(proposal)d).")
        % {"evaluation": evaluation.pk, "proposal": proposal.pk},
    )
    return proposal


__all__ = [
    "CampaignSpec",
    "close",
    "correct_result",
    "create_campaign",
    "default_summary",
    "evaluate",
    "launch",
    "propose_for_award",
    "publish",
    "report_result",
    "set_bodies",
    "set_targets",
    "update_campaign",
]
