"""Scoring within a cluster or bloc: open the sheet, enter self-assessed and assessed scores
per criterion (each between 0 and the criterion's highest score), close it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.org.models import EmulationCluster, Organization

from ..models import ClusterScoring, Movement, MovementStatus, Score, ScoringStatus
from ._common import parse_score, plain, require, save_audited


@transaction.atomic
def open_scoring(*, actor: User, movement: Movement, cluster: EmulationCluster) -> ClusterScoring:
    """The sheet of `cluster` for `movement`, in the cluster's year; opened by the staff over
    the cluster's organizing body."""
    scoring = ClusterScoring(movement=movement, cluster=cluster, year=cluster.year, opened_by=actor)
    require(actor, "emulation.assess_clusterscoring", scoring)
    if movement.status == MovementStatus.DRAFT:
        raise ValidationError({"movement": _("The movement has not been launched yet.")})
    if not movement.runs_in(cluster.year):
        raise ValidationError(
            {
                "cluster": _("The movement does not run in the cluster's year (%(year)s).")
                % {"year": cluster.year}
            }
        )
    if not movement.criteria.exists():
        raise ValidationError({"movement": _("The movement has no criteria to score.")})
    if ClusterScoring.objects.filter(movement=movement, cluster=cluster).exists():
        raise ValidationError({"cluster": _("This cluster's scoring is already open.")})
    save_audited(scoring, actor)
    return scoring


def _values(scoring: ClusterScoring, raw: Mapping[int, object]) -> dict[int, Decimal | None]:
    """The scores given, per criterion id, checked against each criterion's highest score."""
    criteria = {c.pk: c for c in scoring.movement.criteria.all()}
    errors: list[str] = []
    values: dict[int, Decimal | None] = {}
    for criterion_id, given in raw.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.append(_("A score is given for a criterion of another movement."))
            continue
        try:
            value = parse_score(given)
        except ValueError:
            errors.append(
                _("“%(name)s”: “%(value)s” is not a number.")
                % {"name": criterion.name, "value": given}
            )
            continue
        if value is not None and not 0 <= value <= criterion.max_score:
            errors.append(
                _("The score for “%(name)s” must be between 0 and %(max)s.")
                % {"name": criterion.name, "max": plain(criterion.max_score)}
            )
            continue
        if value is not None and value != value.quantize(Decimal("0.01")):
            errors.append(_("“%(name)s”: at most two decimals.") % {"name": criterion.name})
            continue
        values[criterion.pk] = value
    if errors:
        raise ValidationError({"scores": errors})
    return values


def _check_open(scoring: ClusterScoring, member: Organization) -> None:
    if scoring.status != ScoringStatus.OPEN:
        raise ValidationError(_("The scoring is closed: scores can no longer be changed."))
    if not scoring.cluster.members.filter(pk=member.pk).exists():
        raise ValidationError({"member": _("This body is not a member of the cluster.")})


def _store(
    scoring: ClusterScoring,
    member: Organization,
    values: Mapping[int, Decimal | None],
    column: str,
    actor: User,
) -> None:
    existing = {s.criterion_id: s for s in Score.objects.filter(scoring=scoring, member=member)}
    for criterion_id, value in values.items():
        score = existing.get(criterion_id) or Score(
            scoring=scoring, member=member, criterion_id=criterion_id
        )
        if getattr(score, column) == value and score.pk:
            continue
        setattr(score, column, value)
        score.updated_by = actor
        save_audited(score, actor)


@transaction.atomic
def enter_self_scores(
    *, actor: User, scoring: ClusterScoring, member: Organization, scores: Mapping[int, object]
) -> None:
    """Tự chấm: by the member body's own staff (or the assessors)."""
    require(actor, "emulation.self_assess", (scoring, member))
    _check_open(scoring, member)
    _store(scoring, member, _values(scoring, scores), "self_score", actor)


@transaction.atomic
def enter_assessed_scores(
    *, actor: User, scoring: ClusterScoring, member: Organization, scores: Mapping[int, object]
) -> None:
    """Cụm chấm: by the officers and leaders over the cluster's organizing body."""
    require(actor, "emulation.assess_clusterscoring", scoring)
    _check_open(scoring, member)
    _store(scoring, member, _values(scoring, scores), "assessed_score", actor)


@transaction.atomic
def close_scoring(*, actor: User, scoring: ClusterScoring) -> ClusterScoring:
    """The organizer's leaders close the sheet once every member has an assessed score for
    every criterion; the result table is then final."""
    require(actor, "emulation.close_clusterscoring", scoring)
    if scoring.status != ScoringStatus.OPEN:
        raise ValidationError(_("The scoring is already closed."))
    criteria = scoring.movement.criteria.count()
    done = {
        row["member_id"]
        for row in Score.objects.filter(scoring=scoring, assessed_score__isnull=False)
        .order_by()
        .values("member_id")
        .annotate(n=Count("criterion_id"))
        if row["n"] == criteria
    }
    missing = [m.name for m in scoring.cluster.members.order_by("name") if m.pk not in done]
    if missing:
        raise ValidationError(
            _("Assessed scores are missing for: %(names)s.") % {"names": "; ".join(missing)}
        )
    scoring.status = ScoringStatus.CLOSED
    scoring.closed_by = actor
    scoring.closed_at = timezone.now()
    save_audited(scoring, actor)
    return scoring
