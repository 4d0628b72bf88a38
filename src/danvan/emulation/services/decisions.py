"""Award decisions: issued by the granting body's leaders from a submitted proposal (which is
then approved) or directly. The number is unique per body and year; the recipients' rows
carry what the honor roll and the figures read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.text import fold
from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

from ..models import (
    AuthorityLevel,
    AwardDecision,
    AwardKind,
    DecisionRecipient,
    Proposal,
    ProposalAction,
    ProposalState,
    RecipientKind,
)
from ..models.awards import LEVEL_RANK
from ._common import parse_amount, require, save_audited
from .proposals import RecipientInput, _event, _recipients, _require_state, _save

# State documents "123/QĐ-UBND", Party documents "123-QĐ/TU": a number, then the symbol.
NUMBER = re.compile(r"^\d{1,6}(/|-)[^\s/]+(/[^\s/]+)?$")

LAW_GROUNDS = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
)
_HEAD = {
    OrganizationKind.PEOPLES_COMMITTEE: "CHỦ TỊCH",
    OrganizationKind.MASS_MOBILIZATION_COMMISSION: "TRƯỞNG",
    OrganizationKind.MASS_MOBILIZATION_BOARD: "TRƯỞNG",
    OrganizationKind.PROPAGANDA_BOARD: "TRƯỞNG",
}


@dataclass(frozen=True)
class DecisionRecipientInput(RecipientInput):
    reward_amount: object = None


def default_decider_title(authority: Organization) -> str:
    """ "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "TRƯỞNG BAN …"; other bodies "THỦ TRƯỞNG …"
    (editable on the form)."""
    head = _HEAD.get(OrganizationKind(authority.kind), "THỦ TRƯỞNG")
    return f"{head} {authority.name}".upper()


def default_place(authority: Organization) -> str:
    """The place name of Nghị định 30/2020: the administrative unit where the body sits."""
    unit = authority.current_unit or authority.unit
    return unit.short_name if unit is not None else "Hà Nội"


def default_grounds(proposal: Proposal | None) -> str:
    lines = list(LAW_GROUNDS)
    if proposal is not None:
        reference = f" tại Tờ trình số {proposal.reference}" if proposal.reference else ""
        lines.append(f"Xét đề nghị của {proposal.proposer.name}{reference}.")
    return "\n".join(lines)


def _competent(kind: AwardKind, authority: Organization) -> bool:
    """The body may grant the kind at all (its level and kind), whoever proposed."""
    level = {
        OrganizationLevel.COMMUNE: AuthorityLevel.COMMUNE,
        OrganizationLevel.PROVINCE: AuthorityLevel.PROVINCE,
        OrganizationLevel.CENTRAL: AuthorityLevel.CENTRAL,
    }.get(OrganizationLevel(authority.level))
    if level is None:
        return False
    rank, wanted = LEVEL_RANK[level], LEVEL_RANK[AuthorityLevel(kind.authority_level)]
    if rank != wanted and not (kind.or_above and rank > wanted):
        return False
    return not kind.authority_kinds or authority.kind in kind.authority_kinds


def _public_text(row: DecisionRecipient, decision: AwardDecision) -> str:
    """What the public honor roll shows and searches: for a person who did not agree to be
    named, neither the name nor the achievements (free text that may well name them)."""
    shown = f"{row.name} {row.achievements}" if row.shows_name_publicly else ""
    return fold(
        f"{shown} {row.unit_name} {decision.award_kind.name} "
        f"{decision.number} {decision.authority.name}"
    )


@transaction.atomic
def issue_decision(
    *,
    actor: User,
    authority: Organization | None = None,
    award_kind: AwardKind | None = None,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str,
    signing_capacity: str = "",
    subject: str = "",
    decider_title: str = "",
    grounds: str = "",
    place_name: str = "",
    distribution: str = "",
    recipients: Sequence[DecisionRecipientInput] | None = None,
    proposal: Proposal | None = None,
) -> AwardDecision:
    """Record a signed decision. From a proposal: the proposal's body and award, its
    recipients unless others are given (e.g. with reward amounts), and the proposal becomes
    approved. Directly: the body must be able to grant the award."""
    if proposal is not None:
        authority, award_kind = proposal.authority, proposal.award_kind
    if authority is None or award_kind is None:
        raise ValidationError(_("Give the signing body and the award."))
    decision = AwardDecision(
        authority=authority,
        award_kind=award_kind,
        proposal=proposal,
        number=number.strip(),
        signed_on=signed_on,
        year=signed_on.year,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        signing_capacity=signing_capacity.strip(),
        subject=subject.strip() or f"Về việc tặng {award_kind.name}",
        decider_title=decider_title.strip() or default_decider_title(authority),
        grounds=grounds.strip() or default_grounds(proposal),
        place_name=place_name.strip() or default_place(authority),
        distribution=distribution.strip() or "Như Điều 3;\nLưu: VT.",
        province_id=authority.province_id,
        issued_by=actor,
    )
    require(actor, "emulation.issue_awarddecision", decision)
    if proposal is not None:
        require(actor, "emulation.decide_proposal", proposal)
        _require_state(proposal, {ProposalState.SUBMITTED})
    errors: dict[str, list[str]] = {}
    if not NUMBER.match(decision.number):
        errors.setdefault("number", []).append(
            _("Write the number and symbol as on the document, e.g. 123/QĐ-UBND.")
        )
    if signed_on > today():
        errors.setdefault("signed_on", []).append(_("The decision cannot be dated in the future."))
    if not decision.signer_name or not decision.signer_title:
        errors.setdefault("signer_name", []).append(_("Give the signer's name and title."))
    if not award_kind.active:
        errors.setdefault("award_kind", []).append(_("This award is no longer granted."))
    elif proposal is None and not _competent(award_kind, authority):
        errors.setdefault("authority", []).append(
            _("%(body)s does not grant “%(award)s”.")
            % {"body": authority.name, "award": award_kind.name}
        )
    if AwardDecision.objects.filter(
        authority=authority, year=decision.year, number=decision.number
    ).exists():
        errors.setdefault("number", []).append(
            _("%(body)s already has a decision numbered %(number)s in %(year)s.")
            % {"body": authority.name, "number": decision.number, "year": decision.year}
        )
    given = list(recipients) if recipients is not None else None
    if given is None and proposal is not None:
        given = [
            DecisionRecipientInput(
                kind=r.kind,
                name=r.name,
                organization=r.organization,
                position=r.position,
                unit_name=r.unit_name,
                achievements=r.achievements,
                public_consent=r.public_consent,
            )
            for r in proposal.recipients.select_related("organization")
        ]
    amounts: list[object] = [getattr(r, "reward_amount", None) for r in given or []]
    try:
        rows = _recipients(award_kind, given or [])
    except ValidationError as error:
        errors.update(error.message_dict)
        rows = []
    parsed = []
    for i, raw in enumerate(amounts, start=1):
        try:
            value = parse_amount(raw)
        except ValueError:
            value = None
            errors.setdefault("recipients", []).append(
                _("Recipient %(i)d: the reward is not an amount.") % {"i": i}
            )
        if value is not None and value < 0:
            errors.setdefault("recipients", []).append(
                _("Recipient %(i)d: the reward cannot be negative.") % {"i": i}
            )
        parsed.append(value)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            save_audited(decision, actor)
    except IntegrityError:
        raise ValidationError(
            {"number": _("This number is already used by the body this year.")}
        ) from None
    fallback_province = proposal.proposer.province_id if proposal else authority.province_id
    made = []
    for row, amount in zip(rows, parsed, strict=True):
        made.append(
            DecisionRecipient(
                decision=decision,
                kind=row.kind,
                organization=row.organization,
                name=row.name,
                position=row.position,
                unit_name=row.unit_name,
                achievements=row.achievements,
                public_consent=row.public_consent,
                reward_amount=amount,
                order=row.order,
                award_kind=award_kind,
                signed_on=signed_on,
                year=decision.year,
                province_id=(row.organization.province_id if row.organization else None)
                or fallback_province,
            )
        )
    for r in made:
        r.search_text = _public_text(r, decision)
    DecisionRecipient.objects.bulk_create(made)
    if proposal is not None:
        proposal.state = ProposalState.APPROVED
        proposal.decided_at = timezone.now()
        _save(proposal, actor)
        _event(
            proposal,
            ProposalAction.APPROVED,
            ProposalState.SUBMITTED,
            actor,
            _("Decision %(number)s of %(date)s")
            % {"number": decision.number, "date": signed_on.strftime("%d/%m/%Y")},
        )
    return decision


__all__ = [
    "DecisionRecipientInput",
    "RecipientKind",
    "default_decider_title",
    "default_grounds",
    "default_place",
    "issue_decision",
]
