"""Writes for movements (launch, criteria, close) and the yearly registrations of bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.text import fold
from danvan.org.models import Organization

from ..access import within
from ..models import (
    AwardCategory,
    AwardKind,
    Movement,
    MovementCriterion,
    MovementStatus,
    Registration,
    Score,
)
from ._common import parse_score, require, save_audited


@dataclass(frozen=True)
class CriterionInput:
    name: str
    max_score: object


def _save(movement: Movement, actor: User) -> None:
    movement.search_text = fold(f"{movement.name} {movement.description}")
    save_audited(movement, actor)


def _check_movement(movement: Movement) -> None:
    errors: dict[str, list[str]] = {}
    if not movement.name:
        errors.setdefault("name", []).append(_("Give the movement a name."))
    if len(movement.description) < 20:
        errors.setdefault("description", []).append(
            _("Describe the movement in at least 20 characters.")
        )
    if movement.end_date and movement.end_date < movement.start_date:
        errors.setdefault("end_date", []).append(_("The period ends before it starts."))
    if errors:
        raise ValidationError(errors)


def _set_criteria(movement: Movement, criteria: Sequence[CriterionInput], actor: User) -> None:
    errors: list[str] = []
    rows: list[MovementCriterion] = []
    seen: set[str] = set()
    for position, c in enumerate(criteria, start=1):
        name = c.name.strip()
        if not name:
            continue
        try:
            top = parse_score(c.max_score)
        except ValueError:
            top = None
        if top is None or top <= 0 or top >= 10_000:
            errors.append(
                _("“%(name)s”: the highest score must be a number above 0.") % {"name": name}
            )
            continue
        if fold(name) in seen:
            errors.append(_("“%(name)s” is listed twice.") % {"name": name})
            continue
        seen.add(fold(name))
        rows.append(
            MovementCriterion(movement=movement, name=name, max_score=top, position=position)
        )
    if errors:
        raise ValidationError({"criteria": errors})
    if Score.objects.filter(criterion__movement=movement).exists():
        raise ValidationError(
            {"criteria": _("Scoring has started: the criteria can no longer be changed.")}
        )
    MovementCriterion.objects.filter(movement=movement).delete()
    for row in rows:
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()


@transaction.atomic
def create_movement(
    *,
    actor: User,
    organization: Organization,
    name: str,
    start_date: dt.date,
    description: str,
    end_date: dt.date | None = None,
    criteria: Sequence[CriterionInput] = (),
) -> Movement:
    """A movement in draft, with its criteria; launched later by `launch_movement`."""
    movement = Movement(
        organization=organization,
        province_id=organization.province_id,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        description=description.strip(),
        created_by=actor,
    )
    require(actor, "emulation.change_movement", movement)
    _check_movement(movement)
    _save(movement, actor)
    _set_criteria(movement, criteria, actor)
    return movement


@transaction.atomic
def update_movement(
    *,
    actor: User,
    movement: Movement,
    name: str,
    start_date: dt.date,
    description: str,
    end_date: dt.date | None = None,
    criteria: Sequence[CriterionInput] | None = None,
) -> Movement:
    require(actor, "emulation.change_movement", movement)
    if movement.status == MovementStatus.CLOSED:
        raise ValidationError(_("A closed movement cannot be changed."))
    movement.name, movement.description = name.strip(), description.strip()
    movement.start_date, movement.end_date = start_date, end_date
    _check_movement(movement)
    _save(movement, actor)
    if criteria is not None:
        _set_criteria(movement, criteria, actor)
    return movement


@transaction.atomic
def launch_movement(*, actor: User, movement: Movement) -> Movement:
    """Phát động: the movement becomes visible to the bodies of the launcher's territory."""
    require(actor, "emulation.change_movement", movement)
    if movement.status != MovementStatus.DRAFT:
        raise ValidationError(_("Only a draft movement can be launched."))
    if not movement.criteria.exists():
        raise ValidationError(_("Give the movement at least one criterion before launching it."))
    movement.status = MovementStatus.LAUNCHED
    movement.launched_on = today()
    _save(movement, actor)
    return movement


@transaction.atomic
def close_movement(*, actor: User, movement: Movement) -> Movement:
    require(actor, "emulation.change_movement", movement)
    if movement.status != MovementStatus.LAUNCHED:
        raise ValidationError(_("Only a launched movement can be closed."))
    movement.status = MovementStatus.CLOSED
    _save(movement, actor)
    return movement


def _check_registration(registration: Registration) -> None:
    movement = registration.movement
    errors: dict[str, list[str]] = {}
    if movement.status != MovementStatus.LAUNCHED:
        errors.setdefault("movement", []).append(
            _("Bodies register only for a launched movement that is not closed.")
        )
    if not movement.runs_in(registration.year):
        errors.setdefault("year", []).append(
            _("The movement does not run in %(year)s.") % {"year": registration.year}
        )
    if len(registration.commitments) < 10:
        errors.setdefault("commitments", []).append(
            _("Write the commitments and targets (at least 10 characters).")
        )
    title = registration.target_title
    if title is not None and (title.category != AwardCategory.TITLE or not title.active):
        errors.setdefault("target_title", []).append(
            _("Choose an emulation title (danh hiệu thi đua).")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register(
    *,
    actor: User,
    movement: Movement,
    organization: Organization,
    year: int,
    commitments: str,
    target_title: AwardKind | None = None,
) -> Registration:
    """Đăng ký thi đua by the body's staff: once per body, movement and year."""
    registration = Registration(
        movement=movement,
        organization=organization,
        year=year,
        commitments=commitments.strip(),
        target_title=target_title,
        registered_on=today(),
        registered_by=actor,
    )
    require(actor, "emulation.change_registration", registration)
    if not within(movement.organization, organization):
        raise ValidationError(
            {"organization": _("The movement is open to the bodies of its launcher's territory.")}
        )
    _check_registration(registration)
    if Registration.objects.filter(
        movement=movement, organization=organization, year=year
    ).exists():
        raise ValidationError(
            {
                "year": _("This body has already registered for the movement in %(year)s.")
                % {"year": year}
            }
        )
    try:
        with transaction.atomic():
            save_audited(registration, actor)
    except IntegrityError:  # a registration saved by someone else at the same moment
        raise ValidationError(
            {
                "year": _("This body has already registered for the movement in %(year)s.")
                % {"year": year}
            }
        ) from None
    return registration


@transaction.atomic
def update_registration(
    *,
    actor: User,
    registration: Registration,
    commitments: str,
    target_title: AwardKind | None = None,
) -> Registration:
    require(actor, "emulation.change_registration", registration)
    registration.commitments = commitments.strip()
    registration.target_title = target_title
    _check_registration(registration)
    save_audited(registration, actor)
    return registration
